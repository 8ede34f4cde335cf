//! Markdown descriptions to safe HTML: CommonMark with tables, raw HTML turned into
//! text, and links kept only when they go somewhere harmless (http, https, mailto, or a
//! relative path); a `javascript:` link renders as its text.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Renders a Markdown description as HTML that runs nothing.
pub fn to_safe_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    // Links whose destination is refused are dropped with their end tag; the text stays.
    let mut dropped = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { dest_url, .. }) if !allowed(&dest_url) => {
            dropped.push(true);
            None
        }
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) => {
            // No request may leave the page: an image shows as its text.
            dropped.push(true);
            let _ = (dest_url, title);
            None
        }
        Event::Start(link @ Tag::Link { .. }) => {
            dropped.push(false);
            Some(Event::Start(link))
        }
        Event::End(TagEnd::Link | TagEnd::Image) => match dropped.pop() {
            Some(true) => None,
            _ => Some(event),
        },
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    // The pages allow no inline style: table alignment becomes a class of the site's
    // stylesheet. Text cannot end like these attributes: its `>` is escaped.
    for side in ["left", "center", "right"] {
        out = out.replace(
            &format!(" style=\"text-align: {side}\">"),
            &format!(" class=\"align-{side}\">"),
        );
    }
    out
}

/// Whether a link destination is safe to keep. Browsers drop tabs and newlines from a
/// URL and read `\\` as `/`, so `//host`, `/\\host` and `/\t/host` all leave the site:
/// such a protocol-relative link is not relative and is refused.
fn allowed(dest: &CowStr<'_>) -> bool {
    let d: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    if d.chars()
        .take(2)
        .filter(|c| matches!(c, '/' | '\\'))
        .count()
        == 2
    {
        return false;
    }
    // A scheme is what comes before the first `:` that precedes any `/`, `?` or `#`.
    let scheme_end = d.find(':');
    let path_start = d.find(['/', '\\', '?', '#']);
    match (scheme_end, path_start) {
        (Some(c), Some(p)) if p < c => true,
        (Some(_), _) => {
            d.starts_with("http://") || d.starts_with("https://") || d.starts_with("mailto:")
        }
        (None, _) => true,
    }
}

/// The first paragraph of a description as plain text, for search and summaries.
pub fn plain_summary(markdown: &str, max: usize) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) => break,
            _ => {}
        }
    }
    if out.chars().count() > max {
        out = out.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_becomes_text() {
        let html =
            to_safe_html("Hello <script>alert(1)</script> **world**\n\n<div onclick=x>hi</div>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("<strong>world</strong>"));
        assert!(!html.contains("<div"), "{html}");
    }

    #[test]
    fn unsafe_links_keep_only_their_text() {
        let html = to_safe_html(
            "[click](javascript:alert(1)) [ok](https://example.org) [rel](../a.html) [x]( JavaScript:evil)",
        );
        assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("click"));
        assert!(html.contains("<a href=\"https://example.org\">ok</a>"));
        assert!(html.contains("<a href=\"../a.html\">rel</a>"));
    }

    #[test]
    fn protocol_relative_links_keep_only_their_text() {
        for dest in [
            "//evil.example/x",
            "/\\evil.example/x",
            "\\\\\\\\evil.example",
        ] {
            let html = to_safe_html(&format!("[l]({dest}) [ok](/a.html)"));
            assert!(!html.contains("evil"), "{dest}: {html}");
            assert!(html.contains("<a href=\"/a.html\">ok</a>"), "{html}");
        }
        let html = to_safe_html("[l](<\t//evil.example/x>)");
        assert!(!html.contains("<a href=\"//"), "{html}");
    }

    #[test]
    fn table_alignment_is_a_class_not_a_style() {
        let html = to_safe_html(
            "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\nstyle=\"text-align: left\">",
        );
        assert!(
            !html.contains("<th style") && !html.contains("<td style"),
            "{html}"
        );
        assert!(html.contains("<th class=\"align-left\">a</th>"), "{html}");
        assert!(html.contains("<td class=\"align-right\">3</td>"), "{html}");
        // Text that reads like the attribute stays text.
        assert!(
            html.contains("<p>style=\"text-align: left\"&gt;</p>"),
            "{html}"
        );
    }

    #[test]
    fn images_load_nothing() {
        let html = to_safe_html("![logo](https://example.org/x.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("logo"));
    }

    #[test]
    fn summaries_are_plain() {
        assert_eq!(
            plain_summary("A **bold** move.\n\nMore.", 100),
            "A bold move."
        );
        assert_eq!(plain_summary("abcdef", 4), "abc…");
    }
}
