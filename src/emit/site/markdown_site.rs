//! The site as Markdown pages with Mermaid diagrams, for teams that publish with GitHub,
//! GitLab, MkDocs or mdBook. The pages read the same data as the HTML templates
//! ([`super::context`]); links point at `.md` pages.

use serde_json::Value as Json;

use crate::compile::Compiled;
use crate::emit::catalogue;
use crate::emit::document::{Block, Document, Inline, Line, Table, code, text, to_markdown};
use crate::emit::output::Render;
use crate::spec::Kind;

use super::context;
use super::{Sink, SiteFile, machine_outputs};

/// Diagrams with more nodes than this are left out (Mermaid renders them poorly); the
/// tables beside them carry the same content.
const MAX_NODES: usize = 250;

/// The site as Markdown pages with Mermaid diagrams.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownSite;

impl Render for MarkdownSite {
    type Input = Compiled;

    fn render<S: Sink>(&self, compiled: &Compiled, sink: &S) -> Result<(), S::Error> {
        write(compiled, sink)
    }
}

/// Every page of the Markdown site, and the machine outputs, each handed to `sink` as
/// soon as it is written.
fn write<S: Sink>(compiled: &Compiled, sink: &S) -> Result<(), S::Error> {
    let model = &compiled.model;
    let page = |path: String, doc: Document| {
        sink.put(SiteFile {
            path,
            bytes: (to_markdown(&doc) + "\n").into_bytes(),
        })
    };
    page("README.md".into(), overview(compiled))?;
    if !model.plateaus.is_empty() {
        page("strategy.md".into(), strategy(&context::strategy(model)))?;
        page("kpis.md".into(), kpis(compiled, &context::kpis(model)))?;
        page("roadmap.md".into(), roadmap(compiled))?;
    }
    page(
        "capabilities.md".into(),
        capabilities(compiled, &context::heatmap(model)),
    )?;
    page("journeys.md".into(), journeys(&context::journeys(model)))?;
    // The rule reference is Markdown already: the same text as docs/rules.md.
    sink.put(SiteFile {
        path: "rules.md".into(),
        bytes: catalogue::markdown().into_bytes(),
    })?;
    let views = context::views(model);
    let by_element = context::findings_by_element(compiled);
    for (idx, e) in model.iter() {
        if !model.plateaus.is_empty() && e.kind == Kind::Journeys {
            page(
                md_url(&context::journey_url(&e.id)),
                journey(&context::journey(&views, idx)),
            )?;
        }
        page(
            md_url(&context::element_url(&e.id)),
            element(&context::element(compiled, &views, &by_element, idx)),
        )?;
    }
    machine_outputs(compiled, sink)
}

/// `elements/x.html` → `elements/x.md`.
fn md_url(url: &str) -> String {
    url.strip_suffix(".html")
        .map_or_else(|| url.to_owned(), |u| format!("{u}.md"))
}

fn s<'a>(v: &'a Json, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

fn list(v: &Json) -> &[Json] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// A link to an element from a page `up` folders below the root.
fn link(e: &Json, up: usize) -> Inline {
    Inline::Link {
        text: s(e, "name").to_owned(),
        href: format!("{}{}", "../".repeat(up), md_url(s(e, "url"))),
    }
}

fn links(items: &[Json], up: usize) -> Line {
    let mut line = Vec::new();
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            line.push(Inline::Text(", ".into()));
        }
        line.push(link(e, up));
    }
    if line.is_empty() {
        line.push(Inline::Text("—".into()));
    }
    line
}

/// Markdown written by the user, as plain paragraphs: its markup, raw HTML included,
/// shows as text.
fn user_markdown(md: &str) -> Vec<Block> {
    md.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block::Para(text(p)))
        .collect()
}

fn overview(compiled: &Compiled) -> Document {
    let model = &compiled.model;
    let data = context::overview(compiled);
    let mut blocks = Vec::new();
    if let Some(d) = &model.description {
        blocks.extend(user_markdown(d));
    }
    blocks.push(Block::Para(vec![
        Inline::Link {
            text: "Strategy map".into(),
            href: "strategy.md".into(),
        },
        Inline::Text(" · ".into()),
        Inline::Link {
            text: "Capabilities".into(),
            href: "capabilities.md".into(),
        },
        Inline::Text(" · ".into()),
        Inline::Link {
            text: "Journeys".into(),
            href: "journeys.md".into(),
        },
        Inline::Text(" · ".into()),
        Inline::Link {
            text: "KPIs".into(),
            href: "kpis.md".into(),
        },
        Inline::Text(" · ".into()),
        Inline::Link {
            text: "Roadmap".into(),
            href: "roadmap.md".into(),
        },
        Inline::Text(" · ".into()),
        Inline::Link {
            text: "Rules".into(),
            href: "rules.md".into(),
        },
    ]));
    blocks.push(Block::Heading(2, text("Plateaus")));
    let mut t = Table::new(&["plateau", "name", "date"], &[]);
    for p in &model.plateaus {
        t.row(vec![
            code(&p.id),
            text(&p.name),
            text(p.date.as_deref().unwrap_or("—")),
        ]);
    }
    blocks.push(Block::Table(t));
    let summary = compiled.summary();
    blocks.push(Block::Heading(2, text("Health")));
    blocks.push(Block::Para(text(format!(
        "{} errors, {} warnings, {} infos, {} waived.",
        summary.errors, summary.warnings, summary.infos, summary.waived
    ))));
    if data["coverage"].is_object() {
        let mut t = Table::new(&["figure", "covered", "%"], &["covered", "%"]);
        for f in list(&data["coverage"]["figures"]) {
            t.row(vec![
                text(s(f, "label")),
                text(format!("{}/{}", f["covered"], f["total"])),
                text(
                    f["percent"]
                        .as_u64()
                        .map_or("n/a".into(), |p| format!("{p}%")),
                ),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    blocks.push(Block::Heading(2, text("The model")));
    let mut t = Table::new(&["kind", "elements"], &["elements"]);
    for c in list(&data["counts"]) {
        if c["count"].as_u64().unwrap_or(0) > 0 {
            t.row(vec![text(s(c, "kind")), text(c["count"].to_string())]);
        }
    }
    blocks.push(Block::Table(t));
    blocks.push(Block::Heading(2, text("Findings")));
    let mut t = Table::new(&["severity", "rule", "element", "message", "where"], &[]);
    for sev in ["error", "warning", "info"] {
        for f in list(&data["findings"][sev]["shown"]) {
            let element = if f["element_url"].is_string() {
                vec![Inline::Link {
                    text: s(f, "element").to_owned(),
                    href: md_url(s(f, "element_url")),
                }]
            } else {
                text("—")
            };
            let place = if f["file"].is_string() {
                code(format!("{}:{}:{}", s(f, "file"), f["line"], f["column"]))
            } else {
                text("—")
            };
            t.row(vec![
                text(sev),
                code(s(f, "rule")),
                element,
                text(s(f, "message")),
                place,
            ]);
        }
    }
    blocks.push(if t.rows.is_empty() {
        Block::Para(text("No findings: the model passes every rule."))
    } else {
        Block::Table(t)
    });
    blocks.push(Block::Heading(2, text("Waivers")));
    let mut t = Table::new(&["rule", "element", "reason", "silenced"], &["silenced"]);
    for w in list(&data["waivers"]) {
        t.row(vec![
            code(s(w, "rule")),
            vec![Inline::Link {
                text: s(w, "element").to_owned(),
                href: md_url(s(w, "element_url")),
            }],
            text(s(w, "reason")),
            text(w["silenced"].to_string()),
        ]);
    }
    blocks.push(if t.rows.is_empty() {
        Block::Para(text("No waivers."))
    } else {
        Block::Table(t)
    });
    Document {
        title: model.name.clone(),
        blocks,
    }
}

/// A Mermaid node id for the n-th node, and its quoted label.
fn node(n: usize, label: &str) -> String {
    format!("n{n}[\"{}\"]", mermaid_escape(label, &['\n', '\r']))
}

/// Numbers the nodes of a diagram by element id.
#[derive(Default)]
struct Nodes {
    ids: Vec<String>,
    lines: Vec<String>,
}

impl Nodes {
    fn of(&mut self, e: &Json) -> String {
        let id = s(e, "id");
        if let Some(n) = self.ids.iter().position(|i| i == id) {
            return format!("n{n}");
        }
        self.ids.push(id.to_owned());
        let n = self.ids.len() - 1;
        self.lines.push(format!("  {}", node(n, s(e, "name"))));
        format!("n{n}")
    }
}

fn strategy(data: &Json) -> Document {
    let mut nodes = Nodes::default();
    let mut edges = Vec::new();
    let mut missing = Vec::new();
    let mut t = Table::new(
        &[
            "drivers",
            "objective",
            "capabilities",
            "touchpoints",
            "realized",
        ],
        &[],
    );
    for row in list(&data["rows"]) {
        let o = nodes.of(&row["objective"]);
        if row["realized"] != true {
            missing.push(o.clone());
        }
        for d in list(&row["drivers"]) {
            edges.push(format!("  {} --> {o}", nodes.of(d)));
        }
        for c in list(&row["capabilities"]) {
            edges.push(format!("  {} -- realizes --> {o}", nodes.of(c)));
        }
        t.row(vec![
            links(list(&row["drivers"]), 0),
            vec![link(&row["objective"], 0)],
            links(list(&row["capabilities"]), 0),
            links(list(&row["touchpoints"]), 0),
            text(if row["realized"] == true {
                "yes"
            } else {
                "**no**"
            }),
        ]);
    }
    let mut blocks = vec![Block::Para(text(format!(
        "Drivers → objectives → capabilities → touchpoints at {}. Objectives no capability realizes are red.",
        s(data, "plateau")
    )))];
    if nodes.ids.len() <= MAX_NODES {
        let mut diagram = vec!["flowchart LR".to_owned()];
        diagram.extend(nodes.lines);
        diagram.extend(edges);
        diagram.push("  classDef missing fill:#fdecea,stroke:#b42318,color:#b42318".into());
        if !missing.is_empty() {
            diagram.push(format!("  class {} missing", missing.join(",")));
        }
        blocks.push(Block::Code {
            lang: "mermaid",
            text: diagram.join("\n"),
        });
    }
    blocks.push(Block::Table(t));
    Document {
        title: "Strategy map".into(),
        blocks,
    }
}

fn capabilities(compiled: &Compiled, data: &Json) -> Document {
    let plateaus: Vec<&str> = compiled
        .model
        .plateaus
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let mut header = vec!["capability"];
    header.extend(plateaus.iter().copied());
    header.push("uplift");
    let mut numeric = plateaus.clone();
    numeric.push("uplift");
    let mut t = Table::new(&header, &numeric);
    for item in list(&data["items"]) {
        if item["open"] != true {
            continue;
        }
        let depth = item["depth"].as_u64().unwrap_or(1) as usize;
        let mut name = vec![Inline::Text("· ".repeat(depth.saturating_sub(1)))];
        name.push(link(item, 0));
        let mut row = vec![name];
        for m in list(&item["maturity"]) {
            row.push(text(match s(m, "value") {
                "none" => "—",
                "absent" => "absent",
                v => v,
            }));
        }
        row.push(text(item["uplift"].to_string()));
        t.row(row);
    }
    Document {
        title: "Capabilities".into(),
        blocks: vec![
            Block::Para(text(
                "The capability tree with its maturity (0–5) at every plateau and the uplift from the baseline to the target.",
            )),
            Block::Table(t),
        ],
    }
}

fn journeys(data: &Json) -> Document {
    let mut t = Table::new(&["journey", "persona", "stages"], &["stages"]);
    for j in list(&data["journeys"]) {
        t.row(vec![
            vec![Inline::Link {
                text: s(j, "name").to_owned(),
                href: md_url(s(j, "url")),
            }],
            if j["persona"].is_object() {
                vec![link(&j["persona"], 0)]
            } else {
                text("—")
            },
            text(j["stages"].to_string()),
        ]);
    }
    Document {
        title: "Journeys".into(),
        blocks: vec![Block::Table(t)],
    }
}

fn journey(data: &Json) -> Document {
    let stages = list(&data["stages"]);
    let mut blocks = Vec::new();
    if let Some(persona) = data["persona"].as_object().map(|_| &data["persona"]) {
        blocks.push(Block::Para(vec![
            Inline::Text("As ".into()),
            link(persona, 1),
            Inline::Text(format!(", at {}.", s(data, "plateau"))),
        ]));
    }
    // Mermaid's user journey: one section per stage, a task per touchpoint, scored by
    // the stage's emotion.
    let mut diagram = vec![
        "journey".to_owned(),
        format!("  title {}", mermaid_text(s(data, "name"))),
    ];
    for st in stages {
        let score = match st["emotion"].as_str() {
            Some("positive") => 5,
            Some("negative") => 1,
            _ => 3,
        };
        diagram.push(format!("  section {}", mermaid_text(s(st, "name"))));
        let tps = list(&st["touchpoints"]);
        if tps.is_empty() {
            diagram.push(format!("    no touchpoint: {score}"));
        }
        for t in tps {
            diagram.push(format!("    {}: {score}", mermaid_text(s(t, "name"))));
        }
    }
    if !stages.is_empty() {
        blocks.push(Block::Code {
            lang: "mermaid",
            text: diagram.join("\n"),
        });
    }
    let mut header = vec!["lane"];
    let names: Vec<String> = stages.iter().map(|st| s(st, "name").to_owned()).collect();
    header.extend(names.iter().map(String::as_str));
    let mut t = Table::new(&header, &[]);
    let lanes = [
        ("customer touchpoints", "touchpoints"),
        ("frontstage", "frontstage"),
        ("— line of visibility —", ""),
        ("backstage", "backstage"),
        ("support processes", "support"),
        ("systems", "systems"),
    ];
    for (title, key) in lanes {
        let mut row = vec![vec![Inline::Strong(title.to_owned())]];
        for st in stages {
            row.push(if key.is_empty() {
                text("")
            } else {
                links(list(&st[key]), 1)
            });
        }
        t.row(row);
    }
    let mut pains = vec![vec![Inline::Strong("pain points".into())]];
    let mut emotions = vec![vec![Inline::Strong("emotion".into())]];
    for st in stages {
        let p: Vec<&str> = list(&st["pain_points"])
            .iter()
            .filter_map(Json::as_str)
            .collect();
        pains.push(text(if p.is_empty() {
            "—".to_owned()
        } else {
            p.join("; ")
        }));
        emotions.push(text(st["emotion"].as_str().unwrap_or("—")));
    }
    t.rows.insert(0, emotions);
    t.rows.insert(1, pains);
    blocks.push(Block::Heading(2, text("Stages and service blueprint")));
    blocks.push(Block::Table(t));
    Document {
        title: s(data, "name").to_owned(),
        blocks,
    }
}

/// Text for a Mermaid statement (a journey's title, section and task, a subgraph's
/// label): the statement's separators become spaces, and quotes and angle brackets
/// become Mermaid's entity codes, so no name ends a label or reads as HTML.
fn mermaid_text(t: &str) -> String {
    mermaid_escape(t, &[':', ';', '#', '\n', '\r'])
}

/// `t` with each of `blank` as a space and `"`, `<`, `>` as entity codes.
fn mermaid_escape(t: &str, blank: &[char]) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c if blank.contains(&c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn kpis(compiled: &Compiled, data: &Json) -> Document {
    let plateaus: Vec<&str> = compiled
        .model
        .plateaus
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let mut blocks = Vec::new();
    for g in list(&data["groups"]) {
        blocks.push(Block::Heading(2, text(s(g, "voice"))));
        let mut header = vec!["KPI", "unit", "better when"];
        header.extend(plateaus.iter().copied());
        header.push("target vs today");
        let mut t = Table::new(&header, &plateaus);
        for r in list(&g["rows"]) {
            let mut row = vec![
                vec![link(&r["kpi"], 0)],
                text(r["unit"].as_str().unwrap_or("")),
                text(match r["direction"].as_str() {
                    Some("increase") => "higher",
                    Some("decrease") => "lower",
                    _ => "—",
                }),
            ];
            for v in list(&r["values"]) {
                row.push(text(v.as_str().unwrap_or("—")));
            }
            row.push(text(s(r, "trend")));
            t.row(row);
        }
        blocks.push(Block::Table(t));
    }
    Document {
        title: "KPI scorecard".into(),
        blocks,
    }
}

fn roadmap(compiled: &Compiled) -> Document {
    let data = context::roadmap(&compiled.model);
    let mut blocks = vec![Block::Para(text(
        "The plateaus in order, the initiatives landing in each and what they depend on.",
    ))];
    let mut nodes = Nodes::default();
    let mut diagram = vec!["flowchart LR".to_owned()];
    let mut edges = Vec::new();
    for (k, p) in list(&data["plateaus"]).iter().enumerate() {
        let initiatives = list(&p["initiatives"]);
        let date = p["date"]
            .as_str()
            .map_or(String::new(), |d| format!(", {d}"));
        blocks.push(Block::Heading(
            2,
            text(format!("{} ({}){date}", s(p, "name"), s(p, "id"))),
        ));
        if initiatives.is_empty() {
            blocks.push(Block::Para(text("No initiative lands here.")));
            continue;
        }
        diagram.push(format!(
            "  subgraph p{k}[\"{}\"]",
            mermaid_text(s(p, "name"))
        ));
        let mut t = Table::new(
            &[
                "initiative",
                "depends on",
                "cost",
                "benefit",
                "benefit/cost",
                "gaps delivered",
            ],
            &["cost", "benefit", "benefit/cost", "gaps delivered"],
        );
        for i in initiatives {
            let to = nodes.of(&i["initiative"]);
            diagram.extend(nodes.lines.drain(..).map(|l| format!("  {l}")));
            edges.extend(
                list(&i["depends_on"])
                    .iter()
                    .map(|d| (d.clone(), to.clone())),
            );
            t.row(vec![
                vec![link(&i["initiative"], 0)],
                links(list(&i["depends_on"]), 0),
                text(i["cost"].as_str().unwrap_or("—")),
                text(i["benefit"].as_str().unwrap_or("—")),
                text(i["ratio"].as_str().unwrap_or("—")),
                text(i["gaps"].to_string()),
            ]);
        }
        diagram.push("  end".into());
        blocks.push(Block::Table(t));
    }
    for (dep, to) in &edges {
        let from = nodes.of(dep);
        diagram.append(&mut nodes.lines);
        diagram.push(format!("  {from} --> {to}"));
    }
    if !nodes.ids.is_empty() && nodes.ids.len() <= MAX_NODES {
        blocks.insert(
            1,
            Block::Code {
                lang: "mermaid",
                text: diagram.join("\n"),
            },
        );
    }
    blocks.push(Block::Para(vec![Inline::Link {
        text: "The gap report".into(),
        href: "gaps.md".into(),
    }]));
    Document {
        title: "Roadmap".into(),
        blocks,
    }
}

fn element(data: &Json) -> Document {
    let mut blocks = vec![Block::Para(vec![
        Inline::Strong(s(data, "kind").to_owned()),
        Inline::Text(format!(" {} From ", s(data, "kind_doc"))),
        Inline::Code(s(data, "from").to_owned()),
        Inline::Text(" until ".into()),
        Inline::Code(s(data, "until").to_owned()),
        Inline::Text(".".into()),
    ])];
    blocks.push(Block::Para(vec![
        Inline::Text("id: ".into()),
        Inline::Code(s(data, "id").to_owned()),
    ]));
    let plateaus: Vec<&str> = list(&data["plateaus"])
        .iter()
        .filter_map(Json::as_str)
        .collect();
    let mut header = vec!["field"];
    header.extend(plateaus.iter().copied());
    let mut t = Table::new(&header, &[]);
    for f in list(&data["fields"]) {
        let mut row = vec![code(s(f, "field"))];
        for v in list(&f["values"]) {
            row.push(if v.is_null() {
                text("—")
            } else if v["refs"].is_array() {
                links(list(&v["refs"]), 1)
            } else if let Some(h) = v["html"].as_str() {
                // Descriptions: the text as written, without markup.
                text(crate::emit::site::markdown::plain_summary(
                    &strip_tags(h),
                    400,
                ))
            } else {
                text(s(v, "text"))
            });
        }
        t.row(row);
    }
    blocks.push(Block::Heading(2, text("Fields by plateau")));
    blocks.push(Block::Table(t));
    for (title, key) in [("Links out", "links_out"), ("Links in", "links_in")] {
        let groups = list(&data[key]);
        if groups.is_empty() {
            continue;
        }
        blocks.push(Block::Heading(2, text(title)));
        let mut t = Table::new(&["link", "elements"], &[]);
        for g in groups {
            t.row(vec![code(s(g, "name")), links(list(&g["elements"]), 1)]);
        }
        blocks.push(Block::Table(t));
    }
    let findings = list(&data["findings"]);
    if !findings.is_empty() {
        blocks.push(Block::Heading(2, text("Findings")));
        blocks.push(Block::List(
            findings
                .iter()
                .map(|f| {
                    vec![
                        Inline::Strong(s(f, "severity").to_owned()),
                        Inline::Text(" ".into()),
                        Inline::Code(s(f, "rule").to_owned()),
                        Inline::Text(format!(": {}", s(f, "message"))),
                    ]
                })
                .collect(),
        ));
    }
    let waivers = list(&data["waivers"]);
    if !waivers.is_empty() {
        blocks.push(Block::Heading(2, text("Waivers")));
        blocks.push(Block::List(
            waivers
                .iter()
                .map(|w| {
                    vec![
                        Inline::Code(s(w, "rule").to_owned()),
                        Inline::Text(format!(": {}", s(w, "reason"))),
                    ]
                })
                .collect(),
        ));
    }
    Document {
        title: s(data, "name").to_owned(),
        blocks,
    }
}

/// HTML without its tags (the descriptions were rendered to safe HTML for the site).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
