//! The printable summary: the main content of a few pages of a built HTML site joined
//! into one document, which `tomc build --pdf` prints. The pages are the site's own
//! output, so their content is already escaped; links are taken out, since a printed
//! page cannot follow them and their targets would name a temporary directory.

use super::pages::PAGES;
use crate::emit::document::escape_html as escape;

/// The pages of the printed summary, by navigation id, in print order; those a site
/// does not have are left out.
pub const SUMMARY_PAGES: &[&str] = &["index", "strategy", "roadmap", "gaps"];

/// The titles and files of [`SUMMARY_PAGES`] that the site has, in order.
pub fn summary_files() -> Vec<(&'static str, &'static str)> {
    SUMMARY_PAGES
        .iter()
        .filter_map(|id| PAGES.iter().find(|p| p.id == *id))
        .map(|p| (p.title, p.file))
        .collect()
}

/// One document holding the `<main>` of each page in `pages` (`(title, html)`), each
/// starting on a new sheet, styled by the site's stylesheet and without script or
/// links. A page whose `<main>` cannot be found (a template override that dropped it)
/// is printed whole from its `<body>`; one without that either is left out.
pub fn summary_document(project: &str, pages: &[(String, String)]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'\">\n",
    );
    out.push_str(&format!(
        "<title>{} · summary</title>\n<link rel=\"stylesheet\" href=\"assets/tomc.css\">\n</head>\n<body class=\"print-summary\">\n",
        escape(project)
    ));
    for (title, html) in pages {
        let Some(body) =
            inner(html, "<main", "</main>").or_else(|| inner(html, "<body", "</body>"))
        else {
            continue;
        };
        out.push_str(&format!(
            "<main class=\"print-part\" aria-label=\"{}\">\n",
            escape(title)
        ));
        out.push_str(&unlinked(body));
        out.push_str("\n</main>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// What lies between the end of the first tag opened by `open` and the last `close`.
fn inner<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)?;
    let start = start + html[start..].find('>')? + 1;
    let end = html.rfind(close)?;
    (start <= end).then(|| &html[start..end])
}

/// `html` with every `href` turned into a `data-href`: anchors stay (as placeholders,
/// with their text) but lead nowhere. Attribute values in the site are quoted and
/// escaped, so ` href="` only ever starts an attribute.
fn unlinked(html: &str) -> String {
    html.replace(" href=\"", " data-href=\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(main: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><script src=\"x.js\"></script></head><body><nav><a href=\"a.html\">A</a></nav><main id=\"main\">{main}</main><script src=\"assets/tomc.js\"></script></body></html>"
        )
    }

    #[test]
    fn each_page_keeps_its_main_without_links_or_script() {
        let doc = summary_document(
            "Acme <Co>",
            &[
                (
                    "Overview".into(),
                    page("<h1>One</h1><a href=\"x.html\">x</a>"),
                ),
                (
                    "Roadmap".into(),
                    page("<svg><a href=\"y.html\"><text>y</text></a></svg>"),
                ),
            ],
        );
        assert!(
            doc.contains("<title>Acme &lt;Co&gt; · summary</title>"),
            "{doc}"
        );
        assert_eq!(
            doc.matches("<main class=\"print-part\"").count(),
            2,
            "{doc}"
        );
        assert!(
            doc.contains("<h1>One</h1><a data-href=\"x.html\">x</a>"),
            "{doc}"
        );
        assert!(doc.contains("<a data-href=\"y.html\">"), "{doc}");
        assert!(!doc.contains(" href=\"x.html"), "{doc}");
        assert!(!doc.contains("<script"), "{doc}");
        assert!(!doc.contains("<nav>"), "{doc}");
    }

    #[test]
    fn a_page_without_main_prints_its_body_and_one_without_either_is_left_out() {
        let doc = summary_document(
            "p",
            &[
                (
                    "A".into(),
                    "<html><body><p>body only</p></body></html>".into(),
                ),
                ("B".into(), "plain text".into()),
            ],
        );
        assert!(doc.contains("<p>body only</p>"), "{doc}");
        assert_eq!(doc.matches("print-part").count(), 1, "{doc}");
    }

    #[test]
    fn the_summary_starts_with_the_overview() {
        assert_eq!(summary_files().first().map(|p| p.1), Some("index.html"));
    }
}
