//! The element page written in plain Rust: the same bytes as the built-in
//! `element.html` inside the built-in `base.html`, without the template engine.
//!
//! A site has a page per element, so on a large model these pages are most of the
//! build, and most of their cost was turning each page's data into tera's values and
//! interpreting the template. The built-in templates stay the reference: a test renders
//! every element page of several models both ways and compares the bytes, and a project
//! that overrides either template has its pages rendered by tera as before.
//!
//! The frame around the content (the head, the navigation, the footer) is the same on
//! every element page but for the title: it is rendered once, by tera, from `base.html`.

use std::fmt::Write as _;

use crate::emit::document::push_escaped_html as esc;

use super::context::element::{Dependents, ElementPage, LinkGroup, Measured, Shown};
use super::context::{ElementLink, Finding};

/// Marks where the title goes in the frame rendered by tera.
const TITLE: &str = "\u{1}tomc-title\u{1}";
/// Marks where the page's content goes in the frame rendered by tera.
const CONTENT: &str = "\u{1}tomc-content\u{1}";

/// A template that puts [`CONTENT`] in `base.html`'s content block; rendered with
/// [`TITLE`] as the title, it gives the frame of a page.
pub(super) const FRAME_TEMPLATE: (&str, &str) = (
    "tomc-frame.html",
    "{% extends \"base.html\" %}{% block content %}\u{1}tomc-content\u{1}{% endblock content %}",
);

/// The title given to tera when the frame is rendered.
pub(super) const FRAME_TITLE: &str = TITLE;

/// The page around an element's content: what comes before the title, between the
/// title and the content, and after the content.
#[derive(Debug)]
pub(super) struct PageFrame {
    head: String,
    middle: String,
    tail: String,
    /// The path to the site root the frame was rendered for.
    root: String,
}

impl PageFrame {
    /// The frame in `rendered`, the output of [`FRAME_TEMPLATE`]; none unless the title
    /// and the content each appear once, in that order.
    pub(super) fn split(rendered: &str, root: &str) -> Option<Self> {
        let once = |text: &str, marker: &str| text.matches(marker).count() == 1;
        if !once(rendered, TITLE) || !once(rendered, CONTENT) {
            return None;
        }
        let (head, rest) = rendered.split_once(TITLE)?;
        let (middle, tail) = rest.split_once(CONTENT)?;
        Some(Self {
            head: head.to_owned(),
            middle: middle.to_owned(),
            tail: tail.to_owned(),
            root: root.to_owned(),
        })
    }

    /// Whether the frame is the one of a page `root` away from the site root.
    pub(super) fn fits(&self, root: &str) -> bool {
        self.root == root
    }

    /// The page titled `title` around `page`'s content.
    pub(super) fn element_page(&self, title: &str, page: &ElementPage) -> String {
        let mut out = String::with_capacity(self.head.len() + self.tail.len() + 8192);
        out.push_str(&self.head);
        esc(&mut out, title);
        out.push_str(&self.middle);
        content(&mut out, &self.root, page);
        out.push_str(&self.tail);
        out
    }
}

/// Tera prints an `{% if %}` branch for a text that is there and not empty.
fn given(text: Option<&String>) -> Option<&str> {
    text.map(String::as_str).filter(|t| !t.is_empty())
}

/// The content block of `element.html`.
fn content(out: &mut String, root: &str, page: &ElementPage) {
    out.push_str("\n<p class=\"crumbs\"><a href=\"");
    out.push_str(root);
    out.push_str("elements.html#");
    esc(out, page.kind_key);
    out.push_str("\">");
    esc(out, &page.kind_title);
    out.push_str("</a></p>\n<h1>");
    esc(out, &page.name);
    out.push_str(" <code class=\"id\">");
    esc(out, &page.id);
    out.push_str("</code></h1>\n<p class=\"lead\"><span class=\"tag\">");
    esc(out, page.kind);
    out.push_str("</span> ");
    esc(out, page.kind_doc);
    out.push_str(" Exists from <code>");
    esc(out, &page.from);
    out.push_str("</code> until <code>");
    esc(out, &page.until);
    out.push_str("</code>.");
    if let Some(url) = given(page.journey_url.as_ref()) {
        out.push_str(" <a href=\"");
        out.push_str(root);
        esc(out, url);
        out.push_str("\">Journey map and service blueprint</a>.");
    }
    out.push_str("</p>\n");
    if let Some(html) = given(page.description.as_ref()) {
        out.push_str("<div class=\"description\">");
        out.push_str(html);
        out.push_str("</div>");
    }
    out.push_str("\n\n");
    findings(out, root, &page.findings);
    out.push_str(
        "\n\n<section aria-labelledby=\"fields-h\">\n<h2 id=\"fields-h\">Fields by plateau</h2>\n",
    );
    fields(out, root, page);
    out.push_str("\n</section>\n\n");
    if let Some(m) = &page.measured {
        measured(out, m);
    }
    out.push_str("\n\n<section aria-labelledby=\"out-h\">\n<h2 id=\"out-h\">Links out</h2>\n");
    links(
        out,
        root,
        &page.links_out,
        "This element names no other element.",
    );
    out.push_str(
        "\n</section>\n\n<section aria-labelledby=\"in-h\">\n<h2 id=\"in-h\">Links in</h2>\n",
    );
    links(out, root, &page.links_in, "No element names this one.");
    out.push_str("\n</section>\n\n");
    if !page.dependents.is_empty() {
        dependents(out, root, &page.dependents);
    }
    out.push_str("\n\n");
    if !page.waivers.is_empty() {
        out.push_str("\n<section aria-labelledby=\"w-h\">\n<h2 id=\"w-h\">Waivers</h2>\n<ul>");
        for w in &page.waivers {
            out.push_str("<li><a href=\"");
            out.push_str(root);
            out.push_str("rules.html#");
            esc(out, &w.rule);
            out.push_str("\"><code>");
            esc(out, &w.rule);
            out.push_str("</code></a>: ");
            esc(out, &w.reason);
            let _ = write!(
                out,
                " <span class=\"muted\">({} finding{} silenced)</span></li>",
                w.silenced,
                if w.silenced == 1 { "" } else { "s" }
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("\n\n");
    if !page.properties.is_empty() {
        out.push_str(
            "\n<section aria-labelledby=\"p-h\">\n<h2 id=\"p-h\">Properties</h2>\n<dl class=\"links\">",
        );
        for p in &page.properties {
            out.push_str("<dt><code>");
            esc(out, &p.key);
            out.push_str("</code></dt><dd>");
            esc(out, &p.value);
            out.push_str("</dd>");
        }
        out.push_str("</dl>\n</section>\n");
    }
    out.push('\n');
}

/// The findings section, when there are findings.
fn findings(out: &mut String, root: &str, findings: &[Finding]) {
    if findings.is_empty() {
        return;
    }
    out.push_str(
        "\n<section class=\"element-findings\" aria-labelledby=\"f-h\">\n<h2 id=\"f-h\">Findings</h2>\n<ul class=\"findings-list\">",
    );
    for f in findings {
        out.push_str("\n<li class=\"sev-");
        esc(out, f.severity);
        out.push_str("\"><span class=\"sev\">");
        esc(out, f.severity);
        out.push_str("</span> <a href=\"");
        out.push_str(root);
        out.push_str("rules.html#");
        esc(out, f.rule);
        out.push_str("\"><code>");
        esc(out, f.rule);
        out.push_str("</code></a>");
        if let Some(plateau) = given(f.plateau.as_ref()) {
            out.push_str(" <span class=\"muted\">at ");
            esc(out, plateau);
            out.push_str("</span>");
        }
        out.push_str(": ");
        out.push_str(&f.message_html);
        if let Some(help) = given(f.help.as_ref()) {
            out.push_str(" <span class=\"help\">");
            esc(out, help);
            out.push_str("</span>");
        }
        if let (Some(file), Some(line), Some(column)) = (given(f.file.as_ref()), f.line, f.column) {
            out.push_str(" <code class=\"muted\">");
            esc(out, file);
            let _ = write!(out, ":{line}:{column}</code>");
        }
        out.push_str("</li>");
    }
    out.push_str("\n</ul>\n</section>\n");
}

/// The table of fields by plateau.
fn fields(out: &mut String, root: &str, page: &ElementPage) {
    if page.fields.is_empty() {
        out.push_str("<p class=\"muted\">No fields besides the name.</p>");
        return;
    }
    out.push_str("\n<table class=\"fields\">\n<thead><tr><th>field</th>");
    for p in &page.plateaus {
        out.push_str("<th>");
        esc(out, p);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>");
    for f in &page.fields {
        out.push_str("\n<tr><th scope=\"row\"><code>");
        esc(out, f.field);
        out.push_str("</code>");
        if f.staged {
            out.push_str(" <span class=\"tag\">staged</span>");
        }
        out.push_str("</th>");
        for v in &f.values {
            out.push_str("<td>");
            match v {
                None => out.push_str("<span class=\"muted\">—</span>"),
                Some(shown) => value(out, root, shown),
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("\n</tbody>\n</table>\n");
}

/// A value of the table of fields.
fn value(out: &mut String, root: &str, shown: &Shown) {
    if let Some(refs) = &shown.refs {
        if refs.is_empty() {
            out.push_str("<span class=\"muted\">none</span>");
        }
        comma_links(out, root, refs);
    } else if let Some(html) = &shown.html {
        out.push_str(html);
    } else if let Some(text) = &shown.text {
        esc(out, text);
    }
}

/// The measured values of a KPI.
fn measured(out: &mut String, m: &Measured) {
    out.push_str(
        "\n<section aria-labelledby=\"m-h\">\n<h2 id=\"m-h\">Measured values</h2>\n<p>Latest: <strong>",
    );
    if let Some(last) = m.actuals.last() {
        esc(out, &last.value);
        out.push_str("</strong> on ");
        esc(out, &last.date);
    } else {
        out.push_str("</strong> on ");
    }
    if let Some(plan) = given(m.plan.as_ref()) {
        out.push_str(", against a plan of ");
        esc(out, plan);
        out.push_str(" that day");
    }
    out.push_str(": <span class=\"status status-");
    esc(out, &m.status.replace(' ', "-"));
    out.push_str("\">");
    esc(out, m.status);
    out.push_str("</span>.</p>\n<table>\n<thead><tr><th>date</th><th class=\"n\">value</th><th>note</th></tr></thead>\n<tbody>");
    for a in &m.actuals {
        out.push_str("\n<tr><td>");
        esc(out, &a.date);
        out.push_str("</td><td class=\"n\">");
        esc(out, &a.value);
        out.push_str("</td><td>");
        if let Some(note) = given(a.note.as_ref()) {
            esc(out, note);
        }
        out.push_str("</td></tr>");
    }
    out.push_str("\n</tbody>\n</table>\n</section>\n");
}

/// Links to elements, separated by commas.
fn comma_links(out: &mut String, root: &str, links: &[ElementLink]) {
    for (i, e) in links.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("<a href=\"");
        out.push_str(root);
        esc(out, &e.url);
        out.push_str("\">");
        esc(out, &e.name);
        out.push_str("</a>");
    }
}

/// What depends on the element, at each plateau it exists in.
fn dependents(out: &mut String, root: &str, dependents: &[Dependents]) {
    out.push_str(
        "\n<section aria-labelledby=\"dep-h\">\n<h2 id=\"dep-h\">What depends on this</h2>\n<dl class=\"links\">",
    );
    for d in dependents {
        out.push_str("<dt><code>");
        esc(out, &d.plateau);
        out.push_str("</code></dt><dd>");
        esc(out, &d.summary);
        for g in &d.reached {
            out.push_str("<br>");
            esc(out, &g.kind);
            let _ = write!(out, " ({}): ", g.count);
            comma_links(out, root, &g.elements);
            if g.more > 0 {
                let _ = write!(out, " and {} more", g.more);
            }
        }
        out.push_str("</dd>");
    }
    out.push_str("\n</dl>\n</section>\n");
}

/// A list of links out of the element or into it, or `none` when there are none.
fn links(out: &mut String, root: &str, groups: &[LinkGroup], none: &str) {
    if groups.is_empty() {
        out.push_str("<p class=\"muted\">");
        out.push_str(none);
        out.push_str("</p>");
        return;
    }
    out.push_str("\n<dl class=\"links\">");
    for l in groups {
        out.push_str("<dt><code>");
        esc(out, l.name);
        out.push_str("</code></dt><dd>");
        for (i, e) in l.elements.iter().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            out.push_str("<a href=\"");
            out.push_str(root);
            esc(out, &e.link.url);
            out.push_str("\">");
            esc(out, &e.link.name);
            out.push_str("</a> <span class=\"muted\">");
            esc(out, e.link.kind);
            if let Some(plateaus) = given(e.plateaus.as_ref()) {
                out.push_str(", in ");
                esc(out, plateaus);
            }
            out.push_str("</span>");
        }
        out.push_str("</dd>");
    }
    out.push_str("\n</dl>\n");
}
