//! A small document model for reports (gaps, diff): headings, paragraphs, lists, tables
//! and collapsible sections, written once and rendered as Markdown or as HTML.
//!
//! Text from the spec only ever enters as [`Inline`] runs, which each renderer escapes:
//! a name like `<img onerror=…>` or `a | b` renders as written and breaks nothing.

use std::fmt::Write as _;

/// A run of text within a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Code: ids, field names, values.
    Code(String),
    /// Strong text.
    Strong(String),
    /// A link to a page of the same site (a relative path tomc wrote).
    Link {
        /// The text.
        text: String,
        /// The relative URL.
        href: String,
    },
}

/// A line of inline runs.
pub type Line = Vec<Inline>;

/// Plain text as a line.
pub fn text(s: impl Into<String>) -> Line {
    vec![Inline::Text(s.into())]
}

/// Code as a line.
pub fn code(s: impl Into<String>) -> Line {
    vec![Inline::Code(s.into())]
}

/// Ids as code, separated by commas; an empty line when there are none.
pub fn code_list<'a>(ids: impl IntoIterator<Item = &'a str>) -> Line {
    let mut line = Vec::new();
    for (i, id) in ids.into_iter().enumerate() {
        if i > 0 {
            line.push(Inline::Text(", ".into()));
        }
        line.push(Inline::Code(id.to_owned()));
    }
    line
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading of level 1 to 4.
    Heading(u8, Line),
    /// A paragraph.
    Para(Line),
    /// A bulleted list.
    List(Vec<Line>),
    /// A table; `numeric` columns are right-aligned.
    Table(Table),
    /// A fenced code block (`mermaid` diagrams in Markdown).
    Code {
        /// The language of the fence.
        lang: &'static str,
        /// The code.
        text: String,
    },
    /// A collapsible section (`<details>`), closed unless `open`.
    Details {
        /// The always-visible summary.
        summary: Line,
        /// Whether it starts open.
        open: bool,
        /// The content.
        body: Vec<Block>,
    },
}

/// A table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column headers.
    pub header: Vec<String>,
    /// Which columns hold numbers (right-aligned).
    pub numeric: Vec<bool>,
    /// The rows, one line per cell.
    pub rows: Vec<Vec<Line>>,
    /// Rows left out to keep the document short, said in a last row.
    pub omitted: usize,
}

impl Table {
    /// A table with these headers; columns whose header is in `numeric` are right-aligned.
    pub fn new(header: &[&str], numeric: &[&str]) -> Self {
        Self {
            header: header.iter().map(|&h| h.to_owned()).collect(),
            numeric: header.iter().map(|h| numeric.contains(h)).collect(),
            rows: Vec::new(),
            omitted: 0,
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<Line>) {
        self.rows.push(cells);
    }

    /// Keeps the first `max` rows and counts the rest as omitted.
    pub fn truncate(&mut self, max: usize) {
        if self.rows.len() > max {
            self.omitted += self.rows.len() - max;
            self.rows.truncate(max);
        }
    }
}

/// A document: a title and its blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The title (the page title in HTML; the first heading in Markdown).
    pub title: String,
    /// The content.
    pub blocks: Vec<Block>,
}

impl Document {
    /// Applies `f` to every table, nested ones included.
    pub fn tables_mut(&mut self, f: &mut impl FnMut(&mut Table)) {
        fn walk(blocks: &mut [Block], f: &mut impl FnMut(&mut Table)) {
            for block in blocks {
                match block {
                    Block::Table(t) => f(t),
                    Block::Details { body, .. } => walk(body, f),
                    _ => {}
                }
            }
        }
        walk(&mut self.blocks, f);
    }
}

// ---------------------------------------------------------------------------------------
// Markdown (GitHub-flavoured: tables, `<details>`)

/// The document as GitHub-flavoured Markdown.
pub fn to_markdown(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_text(&doc.title));
    md_blocks(&mut out, &doc.blocks);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn md_blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading(level, line) => {
                let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                let _ = writeln!(out, "{hashes} {}\n", md_line(line, false));
            }
            Block::Para(line) => {
                let _ = writeln!(out, "{}\n", md_line(line, false));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", md_line(item, false));
                }
                out.push('\n');
            }
            Block::Table(table) => md_table(out, table),
            Block::Code { lang, text } => {
                let text = crate::diag::escape::visible_lines(text.trim_end());
                let _ = writeln!(out, "```{lang}\n{text}\n```\n");
            }
            Block::Details {
                summary,
                open,
                body,
            } => {
                // The summary is HTML; the body, after a blank line, is Markdown again.
                let open = if *open { " open" } else { "" };
                // Mentions are kept quiet here as in Markdown text.
                let _ = writeln!(
                    out,
                    "<details{open}><summary>{}</summary>\n",
                    quiet_mentions(&crate::diag::escape::visible(&html_line(summary)))
                );
                md_blocks(out, body);
                out.push_str("</details>\n\n");
            }
        }
    }
}

fn md_table(out: &mut String, table: &Table) {
    out.push('|');
    for h in &table.header {
        let _ = write!(out, " {} |", md_text(h));
    }
    out.push_str("\n|");
    for &numeric in &table.numeric {
        out.push_str(if numeric { " ---: |" } else { " --- |" });
    }
    out.push('\n');
    for row in &table.rows {
        out.push('|');
        for cell in row {
            let _ = write!(out, " {} |", md_line(cell, true));
        }
        out.push('\n');
    }
    if table.omitted > 0 {
        let _ = writeln!(
            out,
            "| … and {} more row{} |{}",
            table.omitted,
            plural(table.omitted),
            " |".repeat(table.header.len().saturating_sub(1))
        );
    }
    out.push('\n');
}

fn md_line(line: &Line, in_table: bool) -> String {
    let mut out = String::new();
    for run in line {
        match run {
            Inline::Text(t) => out.push_str(&md_text(t)),
            Inline::Strong(t) => {
                let _ = write!(out, "**{}**", md_text(t));
            }
            Inline::Code(c) => out.push_str(&md_code(c, in_table)),
            Inline::Link { text, href } => {
                let _ = write!(
                    out,
                    "[{}]({})",
                    md_text(text),
                    href.replace(' ', "%20").replace(')', "%29")
                );
            }
        }
    }
    out
}

/// Text with every character that Markdown (or inline HTML) would read as markup escaped,
/// and control and invisible characters shown as escapes. `&` and `!` are markup only
/// before an entity name (`&amp;`) or a link (`![`), so `Water & Power` stays as written
/// for readers of the raw text. `@name` is kept from mentioning anyone (a zero-width space
/// follows the `@`), since this Markdown is posted to pull requests.
fn md_text(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut prev = None;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '@' if mentions(prev, next) => out.push_str("@\u{200b}"),
            '\n' | '\r' => out.push(' '),
            '&' if !next.is_some_and(|n| n == '#' || n.is_ascii_alphanumeric()) => out.push(c),
            '!' if next != Some('[') => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' | '&' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => crate::diag::escape::push_visible(&mut out, c),
        }
        prev = Some(c);
    }
    out
}

/// Whether an `@` between `prev` and `next` would mention a user or team on a code host
/// (`@name`, `@org/team`; not the `@` of an e-mail address).
fn mentions(prev: Option<char>, next: Option<char>) -> bool {
    !prev.is_some_and(|p| p.is_alphanumeric() || p == '_')
        && next.is_some_and(|n| n.is_alphanumeric() || n == '-' || n == '_')
}

/// `t` with a zero-width space after each `@` that would mention a user or team on a
/// code host (`@name`, `@org/team`; not the `@` of an e-mail address).
fn quiet_mentions(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut prev = None;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '@' && mentions(prev, chars.peek().copied()) {
            out.push('\u{200b}');
        }
        prev = Some(c);
    }
    out
}

/// A code span long enough to hold any backticks in `c`; pipes escaped in tables.
fn md_code(c: &str, in_table: bool) -> String {
    let c = c.replace(['\n', '\r'], " ");
    let c = crate::diag::escape::visible(&c).into_owned();
    let longest = c
        .split(|ch| ch != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    let pad = if c.starts_with('`') || c.ends_with('`') || c.is_empty() {
        " "
    } else {
        ""
    };
    let body = if in_table { c.replace('|', "\\|") } else { c };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// `s` when `n` is not 1.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

// ---------------------------------------------------------------------------------------
// HTML: one self-contained page, no scripts, no requests

const STYLE: &str = "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;margin:0;background:#f6f8fa}\
main{max-width:72rem;margin:0 auto;padding:1.5rem 2rem 3rem;background:#fff}\
h1{font-size:1.7rem;margin:.2rem 0 1rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}\
h3{font-size:1.1rem;margin-top:1.5rem}\
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:14px}\
th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}\
th{background:#f6f8fa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
tr.more td{font-style:italic;color:#57606a}\
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;padding:.05rem .3rem;border-radius:4px}\
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}";

/// The document as one self-contained HTML page (inline CSS, no scripts, no requests).
pub fn to_html(doc: &Document) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        escape_html(&doc.title),
        escape_html(&doc.title)
    );
    html_blocks(&mut out, &doc.blocks);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn html_blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading(level, line) => {
                let level = (*level).clamp(1, 6);
                let _ = writeln!(out, "<h{level}>{}</h{level}>", html_line(line));
            }
            Block::Para(line) => {
                let _ = writeln!(out, "<p>{}</p>", html_line(line));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", html_line(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(table) => html_table(out, table),
            Block::Code { lang, text } => {
                let _ = writeln!(
                    out,
                    "<pre><code class=\"language-{lang}\">{}</code></pre>",
                    escape_html(text)
                );
            }
            Block::Details {
                summary,
                open,
                body,
            } => {
                let open = if *open { " open" } else { "" };
                let _ = writeln!(
                    out,
                    "<details{open}>\n<summary>{}</summary>",
                    html_line(summary)
                );
                html_blocks(out, body);
                out.push_str("</details>\n");
            }
        }
    }
}

fn html_table(out: &mut String, table: &Table) {
    out.push_str("<table>\n<thead><tr>");
    for (h, &numeric) in table.header.iter().zip(&table.numeric) {
        let class = if numeric { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape_html(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (cell, &numeric) in row.iter().zip(&table.numeric) {
            let class = if numeric { " class=\"n\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", html_line(cell));
        }
        out.push_str("</tr>\n");
    }
    if table.omitted > 0 {
        let _ = writeln!(
            out,
            "<tr class=\"more\"><td colspan=\"{}\">… and {} more row{}</td></tr>",
            table.header.len(),
            table.omitted,
            plural(table.omitted)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn html_line(line: &Line) -> String {
    let mut out = String::new();
    for run in line {
        match run {
            Inline::Text(t) => out.push_str(&escape_html(t)),
            Inline::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", escape_html(t));
            }
            Inline::Code(c) => {
                let _ = write!(out, "<code>{}</code>", escape_html(c));
            }
            Inline::Link { text, href } => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    escape_html(href),
                    escape_html(text)
                );
            }
        }
    }
    out
}

/// Text with the five HTML-special characters escaped.
pub fn escape_html(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    push_escaped_html(&mut out, t);
    out
}

/// Appends `t` to `out` with the five HTML-special characters escaped, as tera escapes
/// them: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`.
pub fn push_escaped_html(out: &mut String, t: &str) {
    let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    let mut rest = t;
    while let Some(at) = rest.bytes().position(|b| special(&b)) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            title: "T".into(),
            blocks,
        }
    }

    #[test]
    fn markdown_escapes_markup_and_pipes() {
        let mut table = Table::new(&["a", "b"], &["b"]);
        table.row(vec![text("x | <b>*y*</b>"), code("p|q")]);
        let md = to_markdown(&doc(vec![Block::Table(table)]));
        assert!(
            md.contains("| x \\| \\<b\\>\\*y\\*\\</b\\> | `p\\|q` |"),
            "{md}"
        );
        assert!(md.contains("| --- | ---: |"), "{md}");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(md_code("a`b", false), "``a`b``");
        assert_eq!(md_code("`a", false), "`` `a ``");
    }

    #[test]
    fn html_escapes_everything_from_the_spec() {
        let html = to_html(&doc(vec![Block::Para(vec![
            Inline::Text("<script>alert(1)</script>".into()),
            Inline::Code("\"'&".into()),
        ])]));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<code>&quot;&#39;&amp;</code>"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn truncated_tables_say_how_many_rows_are_left_out() {
        let mut table = Table::new(&["a"], &[]);
        for i in 0..5 {
            table.row(vec![text(i.to_string())]);
        }
        table.truncate(2);
        let md = to_markdown(&doc(vec![Block::Table(table)]));
        assert!(md.contains("| … and 3 more rows |"), "{md}");
    }
}
