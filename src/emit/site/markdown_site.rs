//! The site as Markdown pages with Mermaid diagrams, for teams that publish with GitHub,
//! GitLab, MkDocs or mdBook. The pages are those of [`PAGES`] with a Markdown file, and a
//! page per element and per journey; they read the same data as the HTML templates
//! ([`super::context`]), and their links point at `.md` pages.

use crate::compile::Compiled;
use crate::emit::catalogue;
use crate::emit::document::{Block, Document, Inline, Line, Table, code, text, to_markdown};
use crate::emit::output::Render;
use crate::spec::Kind;

use super::context::element::{ElementPage, FieldRow, Shown};
use super::context::heatmap::{Heatmap, HeatmapItem};
use super::context::journeys::{Capped, Journey, Journeys, StageColumn};
use super::context::kpis::Kpis;
use super::context::overview::Overview;
use super::context::roadmap::{Landing, Roadmap};
use super::context::strategy::Strategy;
use super::context::summary::Summary;
use super::context::timeline::Timeline;
use super::context::{self, ElementLink};
use super::markdown::plain_summary;
use super::pages::{PAGES, Page, PageKind, has_journey_maps};
use super::{Sink, SiteFile, machine_outputs};

/// Diagrams with more nodes than this are left out (Mermaid renders them poorly); the
/// tables beside them carry the same content.
const MAX_NODES: usize = 250;

/// The site as Markdown pages with Mermaid diagrams.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownSite;

impl Render for MarkdownSite {
    type Input = Compiled;

    /// Every page of the Markdown site, and the machine outputs, each handed to `sink` as
    /// soon as it is written.
    fn render<S: Sink>(&self, compiled: &Compiled, sink: &S) -> Result<(), S::Error> {
        let model = &compiled.model;
        let shared = context::Shared::new(model);
        for page in PAGES {
            let Some(file) = page.markdown else {
                continue;
            };
            if !page.is_drawn(model) {
                continue;
            }
            let doc = match page.kind {
                PageKind::Overview => {
                    overview(compiled, &context::overview::overview(compiled, &shared))
                }
                PageKind::Strategy => strategy(page, &context::strategy::strategy(model)),
                PageKind::Heatmap => {
                    capabilities(page, compiled, &context::heatmap::heatmap(model))
                }
                PageKind::Journeys => journeys(page, &context::journeys::journeys(model)),
                PageKind::Kpis => {
                    kpis(page, compiled, &context::kpis::kpis(model, shared.report()))
                }
                PageKind::Roadmap => {
                    roadmap(page, &context::roadmap::roadmap(model, shared.report()))
                }
                PageKind::Rules => {
                    // The rule reference is Markdown already: the same text as docs/rules.md.
                    sink.put(SiteFile {
                        path: file.into(),
                        bytes: catalogue::markdown().into_bytes(),
                    })?;
                    continue;
                }
                // The Markdown site lists no elements and searches nothing; its gap
                // report is gaps.md, beside the other outputs.
                PageKind::Elements | PageKind::Search | PageKind::Gaps => continue,
                // Personas and the omnichannel matrix.
                PageKind::Personas => {
                    personas(page, &context::personas::personas(model, shared.views()))
                }
                PageKind::Channels => channels(page, &context::channels::channels(shared.views())),
                PageKind::Insights => {
                    insights(page, &context::insights::insights(model, shared.views()))
                }
            };
            sink.put(markdown_file(file.into(), &doc))?;
        }
        element_pages(compiled, &shared, sink)?;
        machine_outputs(compiled, &shared, sink)
    }
}

/// A page per element, and per journey in a model with a plateau.
fn element_pages<S: Sink>(
    compiled: &Compiled,
    shared: &context::Shared<'_>,
    sink: &S,
) -> Result<(), S::Error> {
    let model = &compiled.model;
    let views = shared.views();
    let by_element = context::findings_by_element(compiled);
    for (idx, e) in model.iter() {
        if has_journey_maps(model) && e.kind == Kind::Journeys {
            sink.put(markdown_file(
                md_url(&context::journey_url(&e.id)),
                &journey(&context::journeys::journey(views, idx)),
            ))?;
        }
        sink.put(markdown_file(
            md_url(&context::element_url(&e.id)),
            &element(&context::element::element(
                compiled,
                views,
                shared.reach(),
                &by_element,
                idx,
            )),
        ))?;
    }
    Ok(())
}

/// The file at `path` holding `doc` as Markdown.
fn markdown_file(path: String, doc: &Document) -> SiteFile {
    SiteFile {
        path,
        bytes: (to_markdown(doc) + "\n").into_bytes(),
    }
}

/// `elements/x.html` → `elements/x.md`.
fn md_url(url: &str) -> String {
    url.strip_suffix(".html")
        .map_or_else(|| url.to_owned(), |u| format!("{u}.md"))
}

/// A link to the page at `url` (from the site root, `.html`) from a page `up` folders
/// below the root.
fn link_to(name: &str, url: &str, up: usize) -> Inline {
    Inline::Link {
        text: name.to_owned(),
        href: format!("{}{}", "../".repeat(up), md_url(url)),
    }
}

/// A link to an element from a page `up` folders below the root.
fn link(e: &ElementLink, up: usize) -> Inline {
    link_to(&e.name, &e.url, up)
}

/// Links to `items`, comma-separated, or `—` for none.
fn links<'a>(items: impl IntoIterator<Item = &'a ElementLink>, up: usize) -> Line {
    let mut line = Vec::new();
    for (i, e) in items.into_iter().enumerate() {
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

fn overview(compiled: &Compiled, data: &Overview) -> Document {
    let model = &compiled.model;
    let mut blocks = Vec::new();
    if let Some(d) = &model.description {
        blocks.extend(user_markdown(d));
    }
    // The other pages, by their navigation entries.
    let mut nav = Vec::new();
    for page in PAGES
        .iter()
        .filter(|p| p.kind != PageKind::Overview && p.is_drawn(model))
    {
        if let Some(file) = page.markdown {
            if !nav.is_empty() {
                nav.push(Inline::Text(" · ".into()));
            }
            nav.push(Inline::Link {
                text: page.nav.into(),
                href: file.into(),
            });
        }
    }
    blocks.push(Block::Para(nav));
    if let Some(summary) = &data.summary {
        blocks.extend(executive_summary(summary));
    }
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
    if let Some(coverage) = &data.coverage {
        let mut t = Table::new(&["figure", "covered", "%"], &["covered", "%"]);
        for f in &coverage.figures {
            t.row(vec![
                text(f.label),
                text(format!("{}/{}", f.covered, f.total)),
                text(f.percent.map_or("n/a".into(), |p| format!("{p}%"))),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    blocks.push(Block::Heading(2, text("The model")));
    let mut t = Table::new(&["kind", "elements"], &["elements"]);
    for c in data.counts.iter().filter(|c| c.count > 0) {
        t.row(vec![text(&c.kind), text(c.count.to_string())]);
    }
    blocks.push(Block::Table(t));
    blocks.extend(findings_and_waivers(data));
    Document {
        title: model.name.clone(),
        blocks,
    }
}

/// The overview's findings and waivers.
/// The executive summary: KPIs that move, the investment, who is affected, what
/// changes and what needs attention.
fn executive_summary(s: &Summary) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(2, text("Summary"))];
    blocks.push(Block::Para(text(format!(
        "From {} to {}.",
        s.from.name, s.to.name
    ))));
    if !s.kpis.is_empty() {
        blocks.push(Block::Heading(3, text("Where we are going")));
        let mut t = Table::new(
            &["KPI", "today", "target", "latest", "status"],
            &["today", "target", "latest"],
        );
        for k in &s.kpis {
            t.row(vec![
                vec![link(&k.kpi, 0)],
                text(&k.baseline),
                text(&k.target),
                text(k.latest.as_deref().unwrap_or("—")),
                text(k.status.replace('-', " ")),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    blocks.push(Block::Heading(3, text("What it costs and returns")));
    blocks.push(Block::Para(text(format!(
        "Cost {}, benefit {}, net {}.",
        s.investment.cost, s.investment.benefit, s.investment.net
    ))));
    let mut t = Table::new(
        &["lands in", "initiatives", "cost", "benefit"],
        &["initiatives", "cost", "benefit"],
    );
    for p in &s.investment.by_plateau {
        t.row(vec![
            text(&p.plateau.name),
            text(p.initiatives.to_string()),
            text(&p.cost),
            text(&p.benefit),
        ]);
    }
    blocks.push(Block::Table(t));
    if s.people.counted {
        blocks.push(Block::Heading(3, text("Who is affected")));
        blocks.push(Block::Para(text(format!(
            "Headcount {} → {} ({}).",
            s.people.before, s.people.after, s.people.change
        ))));
        let mut t = Table::new(&["org unit or role", "headcount", "change"], &["change"]);
        for p in &s.people.largest {
            t.row(vec![
                vec![link(&p.element, 0)],
                text(&p.counts),
                text(&p.change),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    blocks.push(Block::Heading(3, text("What changes")));
    let mut line = text(format!(
        "{} capabilities rise in maturity. Systems introduced: ",
        s.uplifted_count
    ));
    let none = || text("none");
    line.extend(if s.systems_added.is_empty() {
        none()
    } else {
        links(&s.systems_added, 0)
    });
    line.extend(text(". Retired: "));
    line.extend(if s.systems_retired.is_empty() {
        none()
    } else {
        links(&s.systems_retired, 0)
    });
    line.extend(text("."));
    blocks.push(Block::Para(line));
    blocks.push(Block::Heading(3, text("Needs attention")));
    if s.attention.is_empty() {
        blocks.push(Block::Para(text("Nothing needs attention.")));
    }
    for a in &s.attention {
        blocks.push(Block::Para(vec![
            Inline::Strong(a.level.into()),
            Inline::Text(": ".into()),
            Inline::Text(a.text.clone()),
        ]));
    }
    blocks
}

fn findings_and_waivers(data: &Overview) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(2, text("Findings"))];
    let mut t = Table::new(&["severity", "rule", "element", "message", "where"], &[]);
    let groups = &data.findings;
    for (sev, group) in [
        ("error", &groups.error),
        ("warning", &groups.warning),
        ("info", &groups.info),
    ] {
        for f in &group.shown {
            let element = match (&f.element, &f.element_url) {
                (Some(id), Some(url)) => vec![Inline::Link {
                    text: id.clone(),
                    href: md_url(url),
                }],
                _ => text("—"),
            };
            let place = match (&f.file, f.line, f.column) {
                (Some(file), Some(line), Some(column)) => code(format!("{file}:{line}:{column}")),
                _ => text("—"),
            };
            t.row(vec![
                text(sev),
                code(f.rule),
                element,
                text(&f.message),
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
    for w in &data.waivers {
        t.row(vec![
            code(&w.rule),
            vec![Inline::Link {
                text: w.element.clone(),
                href: md_url(&w.element_url),
            }],
            text(&w.reason),
            text(w.silenced.to_string()),
        ]);
    }
    blocks.push(if t.rows.is_empty() {
        Block::Para(text("No waivers."))
    } else {
        Block::Table(t)
    });
    blocks
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
    fn of(&mut self, e: &ElementLink) -> String {
        if let Some(n) = self.ids.iter().position(|i| *i == e.id) {
            return format!("n{n}");
        }
        self.ids.push(e.id.clone());
        let n = self.ids.len() - 1;
        self.lines.push(format!("  {}", node(n, &e.name)));
        format!("n{n}")
    }
}

fn strategy(page: &Page, data: &Strategy) -> Document {
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
    for row in &data.rows {
        t.row(vec![
            links(&row.drivers, 0),
            vec![link(&row.objective, 0)],
            links(&row.capabilities, 0),
            links(&row.touchpoints, 0),
            if row.realized {
                text("yes")
            } else {
                vec![Inline::Strong("no".into())]
            },
        ]);
    }
    let mut blocks = vec![Block::Para(text(format!(
        "Drivers → objectives → capabilities at {}, parents above children. An objective no capability realizes has a dashed red border.",
        data.plateau
    )))];
    let map = &data.map;
    if !map.nodes.is_empty() {
        let mut nodes = Nodes::default();
        let mut diagram = vec!["flowchart TD".to_owned()];
        let mut edges = Vec::with_capacity(map.edges.len());
        let mut unrealized = Vec::new();
        for n in &map.nodes {
            let id = nodes.of(&n.link);
            if n.unrealized {
                unrealized.push(id);
            }
        }
        for e in &map.edges {
            let at = |id: &str| nodes.ids.iter().position(|i| i == id);
            if let (Some(a), Some(b)) = (at(&e.from), at(&e.to)) {
                edges.push(format!("  n{a} --> n{b}"));
            }
        }
        diagram.extend(nodes.lines);
        diagram.extend(edges);
        diagram.push(
            "  classDef unrealized fill:#fdecea,stroke:#b42318,color:#b42318,stroke-dasharray:6 4"
                .into(),
        );
        if !unrealized.is_empty() {
            diagram.push(format!("  class {} unrealized", unrealized.join(",")));
        }
        blocks.push(Block::Code {
            lang: "mermaid",
            text: diagram.join("\n"),
        });
        if let Some(omitted) = &map.omitted {
            blocks.push(Block::Para(text(omitted)));
        }
    }
    blocks.push(Block::Table(t));
    Document {
        title: page.title.into(),
        blocks,
    }
}

fn capabilities(page: &Page, compiled: &Compiled, data: &Heatmap) -> Document {
    let plateaus: Vec<&str> = compiled.model.plateau_ids().collect();
    let mut header = vec!["capability"];
    header.extend(plateaus.iter().copied());
    header.push("uplift");
    let mut numeric = plateaus.clone();
    numeric.push("uplift");
    let mut t = Table::new(&header, &numeric);
    for item in &data.items {
        let HeatmapItem::Open(c) = item else {
            continue;
        };
        let mut name = vec![Inline::Text("· ".repeat(c.depth.saturating_sub(1)))];
        name.push(link_to(&c.name, &c.url, 0));
        let mut row = vec![name];
        for m in &c.maturity {
            row.push(text(match m.value.as_str() {
                "none" => "—",
                "absent" => "absent",
                v => v,
            }));
        }
        row.push(text(c.uplift.to_string()));
        t.row(row);
    }
    Document {
        // A table, not a heat map: the page has the name of its navigation entry.
        title: page.nav.into(),
        blocks: vec![
            Block::Para(text(
                "The capability tree with its maturity (0–5) at every plateau and the uplift from the baseline to the target.",
            )),
            Block::Table(t),
        ],
    }
}

/// The insights page: a row per insight, from where it was found to the KPIs.
fn insights(page: &Page, data: &context::insights::Insights) -> Document {
    let mut blocks = vec![Block::Para(text(format!(
        "{} of {} addressed by an initiative{}. Severe evidence first, and within each severity what no initiative acts on yet.",
        data.addressed,
        crate::text::count(data.total, "insight", "insights"),
        if data.unaddressed_high > 0 {
            format!("; {} severe addressed by none", data.unaddressed_high)
        } else {
            String::new()
        }
    )))];
    let mut t = Table::new(
        &[
            "insight",
            "severity",
            "found in",
            "addressed by",
            "KPIs they move",
        ],
        &[],
    );
    let more = |line: &mut Line, n: usize| {
        if n > 0 {
            line.push(Inline::Text(format!(" and {n} more")));
        }
    };
    for i in &data.insights {
        let mut found: Line = Vec::new();
        for s in &i.stages.items {
            if !found.is_empty() {
                found.push(Inline::Text(", ".into()));
            }
            found.push(link_to(&s.stage, &s.url, 0));
            found.push(Inline::Text(format!(" in {}", s.journey)));
        }
        more(&mut found, i.stages.more);
        for a in &i.about.items {
            if !found.is_empty() {
                found.push(Inline::Text(", ".into()));
            }
            found.push(link(a, 0));
        }
        more(&mut found, i.about.more);
        if found.is_empty() {
            found.push(Inline::Text("—".into()));
        }
        let mut by = if i.unaddressed {
            vec![Inline::Strong("addressed by no initiative".into())]
        } else {
            links(i.initiatives.items.iter().map(|a| &a.initiative), 0)
        };
        more(&mut by, i.initiatives.more);
        let mut kpis = links(i.kpis.items.iter().map(|k| &k.kpi), 0);
        more(&mut kpis, i.kpis.more);
        t.row(vec![
            vec![link(&i.insight, 0)],
            text(i.severity.unwrap_or("—")),
            found,
            by,
            kpis,
        ]);
    }
    if !data.insights.is_empty() {
        blocks.push(Block::Table(t));
    }
    Document {
        title: page.title.into(),
        blocks,
    }
}

// Personas and the omnichannel matrix.
fn personas(page: &Page, data: &context::personas::Personas) -> Document {
    let mut blocks = Vec::new();
    for p in &data.personas {
        blocks.push(Block::Heading(2, vec![link(&p.persona, 0)]));
        let mut facts = Vec::new();
        if let Some(k) = p.kind {
            facts.push(format!("type {k}"));
        }
        if let Some(s) = &p.segment {
            facts.push(format!("segment {s}"));
        }
        if !facts.is_empty() {
            blocks.push(Block::Para(text(facts.join(", "))));
        }
        for (title, list) in [
            ("Needs", &p.needs),
            ("Pains", &p.pains),
            ("Gains", &p.gains),
            ("Jobs", &p.jobs),
        ] {
            list_section(&mut blocks, title, list.items.iter().map(text));
        }
        list_section(
            &mut blocks,
            "Journeys",
            p.journeys.items.iter().map(|j| vec![link(j, 0)]),
        );
        list_section(
            &mut blocks,
            "Moments that matter",
            p.moments.items.iter().map(|m| {
                vec![
                    Inline::Link {
                        text: m.journey.clone(),
                        href: md_url(&m.url),
                    },
                    Inline::Text(format!(": {}", m.stage)),
                ]
            }),
        );
        list_section(
            &mut blocks,
            "Segment KPIs",
            p.kpis.items.iter().map(|k| {
                vec![
                    link(&k.kpi, 0),
                    Inline::Text(format!(
                        ": baseline {}, target {}, latest {}, {}",
                        k.baseline.as_deref().unwrap_or("—"),
                        k.target.as_deref().unwrap_or("—"),
                        k.latest.as_deref().unwrap_or("—"),
                        k.status
                    )),
                ]
            }),
        );
    }
    Document {
        title: page.title.into(),
        blocks,
    }
}

fn channels(page: &Page, data: &context::channels::Channels) -> Document {
    let mut blocks = Vec::new();
    for v in &data.views {
        blocks.push(Block::Heading(
            2,
            text(format!("At {} ({})", v.plateau_name, v.plateau)),
        ));
        let mut header = vec!["journey", "stage"];
        header.extend(v.channels.iter().map(String::as_str));
        let mut t = Table::new(&header, &[]);
        for r in &v.rows {
            let mut row = vec![
                if r.first {
                    vec![link(&r.journey, 0)]
                } else {
                    text("")
                },
                text(&r.stage),
            ];
            row.extend(r.cells.iter().map(|c| {
                let mut line = links(&c.items, 0);
                if c.more > 0 {
                    line.push(Inline::Text(format!(" and {} more", c.more)));
                }
                line
            }));
            t.row(row);
        }
        blocks.push(Block::Table(t));
        if v.more_rows > 0 {
            blocks.push(Block::Para(text(format!(
                "And {} more stages.",
                v.more_rows
            ))));
        }
    }
    Document {
        title: page.title.into(),
        blocks,
    }
}

fn journeys(page: &Page, data: &Journeys) -> Document {
    let mut t = Table::new(&["journey", "persona", "stages"], &["stages"]);
    for j in &data.journeys {
        t.row(vec![
            vec![Inline::Link {
                text: j.name.clone(),
                href: md_url(&j.url),
            }],
            j.persona
                .as_ref()
                .map_or_else(|| text("—"), |p| vec![link(p, 0)]),
            text(j.stages.to_string()),
        ]);
    }
    Document {
        title: page.title.into(),
        blocks: vec![Block::Table(t)],
    }
}

fn journey(data: &Journey) -> Document {
    let mut blocks = Vec::new();
    if let Some(persona) = &data.persona {
        blocks.push(Block::Para(vec![
            Inline::Text("As ".into()),
            link(persona, 1),
            Inline::Text(".".into()),
        ]));
    }
    if !data.kpis.is_empty() {
        let mut t = Table::new(
            &["KPI", "baseline", "target", "latest actual", "status"],
            &["baseline", "target", "latest actual"],
        );
        for k in &data.kpis {
            t.row(vec![
                vec![link(&k.kpi, 1)],
                text(k.baseline.as_deref().unwrap_or("—")),
                text(k.target.as_deref().unwrap_or("—")),
                text(k.latest.as_deref().unwrap_or("—")),
                text(k.status),
            ]);
        }
        blocks.push(Block::Heading(2, text("KPIs")));
        blocks.push(Block::Table(t));
    }
    // The journey at every plateau it exists in.
    for view in &data.views {
        blocks.push(Block::Heading(
            2,
            text(format!("At {} ({})", view.plateau_name, view.plateau)),
        ));
        if !view.stages.is_empty() {
            blocks.push(Block::Code {
                lang: "mermaid",
                text: journey_diagram(&data.name, &view.stages),
            });
        }
        blocks.push(Block::Heading(3, text("Stages and service blueprint")));
        blocks.push(Block::Table(blueprint(&view.stages)));
        if view.more_stages > 0 {
            blocks.push(Block::Para(text(format!(
                "And {} more stages.",
                view.more_stages
            ))));
        }
    }
    Document {
        title: data.name.clone(),
        blocks,
    }
}

/// Mermaid's user journey: one section per stage, a task per touchpoint, scored by the
/// stage's emotion.
fn journey_diagram(name: &str, stages: &[StageColumn]) -> String {
    let mut diagram = vec![
        "journey".to_owned(),
        format!("  title {}", mermaid_text(name)),
    ];
    for st in stages {
        // Mermaid scores a task from 1 to 5; a stage without an emotion is neutral.
        let score = match st.emotion {
            Some("very-positive") => 5,
            Some("positive") => 4,
            Some("negative") => 2,
            Some("very-negative") => 1,
            _ => 3,
        };
        diagram.push(format!("  section {}", mermaid_text(&st.name)));
        if st.touchpoints.items.is_empty() {
            diagram.push(format!("    no touchpoint: {score}"));
        }
        for t in &st.touchpoints.items {
            diagram.push(format!("    {}: {score}", mermaid_text(&t.link.name)));
        }
    }
    diagram.join("\n")
}

/// A lane of the service blueprint: what it shows of a stage.
type Lane = fn(&StageColumn) -> Line;

/// Links to the items of `cell`, then how many more there are.
fn capped_links(cell: &Capped<ElementLink>) -> Line {
    let mut line = links(&cell.items, 1);
    if cell.more > 0 {
        line.push(Inline::Text(format!(" and {} more", cell.more)));
    }
    line
}

/// The stages as a table: emotion, pain points, then the lanes of the service blueprint.
fn blueprint(stages: &[StageColumn]) -> Table {
    let mut header = vec!["lane"];
    header.extend(stages.iter().map(|st| st.name.as_str()));
    let mut t = Table::new(&header, &[]);
    let mut emotions = vec![vec![Inline::Strong("emotion".into())]];
    let mut pains = vec![vec![Inline::Strong("pain points".into())]];
    for st in stages {
        let moment = if st.moment {
            " (moment that matters)"
        } else {
            ""
        };
        emotions.push(text(format!("{}{moment}", st.emotion.unwrap_or("—"))));
        pains.push(text(if st.pain_points.items.is_empty() {
            "—".to_owned()
        } else {
            st.pain_points.items.join("; ")
        }));
    }
    t.row(emotions);
    t.row(pains);
    let lanes: [(&str, Lane); 6] = [
        ("customer touchpoints", |st| {
            let mut line = links(st.touchpoints.items.iter().map(|t| &t.link), 1);
            if st.touchpoints.more > 0 {
                line.push(Inline::Text(format!(" and {} more", st.touchpoints.more)));
            }
            line
        }),
        ("frontstage", |st| capped_links(&st.frontstage)),
        ("— line of visibility —", |_| text("")),
        ("backstage", |st| capped_links(&st.backstage)),
        ("support processes", |st| capped_links(&st.support)),
        ("systems", |st| capped_links(&st.systems)),
    ];
    for (title, lane) in lanes {
        let mut row = vec![vec![Inline::Strong(title.to_owned())]];
        row.extend(stages.iter().map(lane));
        t.row(row);
    }
    t
}

/// A section headed `title` listing `items`, or nothing when there are none.
fn list_section(blocks: &mut Vec<Block>, title: &str, items: impl Iterator<Item = Vec<Inline>>) {
    let items: Vec<_> = items.collect();
    if !items.is_empty() {
        blocks.push(Block::Heading(2, text(title)));
        blocks.push(Block::List(items));
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

fn kpis(page: &Page, compiled: &Compiled, data: &Kpis) -> Document {
    let plateaus: Vec<&str> = compiled.model.plateau_ids().collect();
    let mut blocks = Vec::new();
    for g in &data.groups {
        blocks.push(Block::Heading(2, text(&g.voice)));
        let mut header = vec!["KPI", "unit", "better when"];
        header.extend(plateaus.iter().copied());
        header.push("target vs today");
        let mut t = Table::new(&header, &plateaus);
        for r in &g.rows {
            let mut row = vec![
                vec![link(&r.kpi, 0)],
                text(r.unit.as_deref().unwrap_or("")),
                text(match r.direction {
                    Some("increase") => "higher",
                    Some("decrease") => "lower",
                    _ => "—",
                }),
            ];
            row.extend(r.values.iter().map(|v| text(v.as_deref().unwrap_or("—"))));
            row.push(text(r.trend));
            t.row(row);
        }
        blocks.push(Block::Table(t));
    }
    Document {
        title: page.title.into(),
        blocks,
    }
}

fn roadmap(page: &Page, data: &Roadmap) -> Document {
    let mut blocks = vec![Block::Para(text(
        "The initiatives on a timeline, what each plateau costs and returns, and the plateaus in order with the initiatives landing in each.",
    ))];
    let timeline = &data.timeline;
    if timeline.dated && !timeline.bars.is_empty() {
        blocks.push(Block::Code {
            lang: "mermaid",
            text: gantt(timeline),
        });
        blocks.push(Block::Para(text(
            "Must-dos are marked critical; a plateau is a milestone.",
        )));
    } else if let Some(flow) = dependency_flow(data) {
        blocks.push(Block::Code {
            lang: "mermaid",
            text: flow,
        });
    }
    if let Some(omitted) = &timeline.omitted {
        blocks.push(Block::Para(text(omitted)));
    }
    if !data.subtotals.is_empty() {
        blocks.push(Block::Heading(2, text("Subtotals by plateau")));
        let columns = [
            "plateau",
            "initiatives",
            "cost",
            "benefit",
            "net",
            "cost to date",
            "benefit to date",
        ];
        let mut t = Table::new(&columns, &columns[1..]);
        for s in &data.subtotals {
            t.row(vec![
                text(format!("{} ({})", s.plateau.name, s.plateau.id)),
                text(s.initiatives.to_string()),
                text(&s.cost),
                text(&s.benefit),
                text(&s.net),
                text(&s.running_cost),
                text(&s.running_benefit),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    if let Some(m) = &data.matrix {
        blocks.push(Block::Heading(2, text("Prioritisation")));
        let (x, y) = if m.basis == "money" {
            ("cost", "benefit")
        } else {
            ("effort", "value")
        };
        blocks.push(Block::Para(text(&m.split)));
        let mut t = Table::new(&["initiative", x, y, "quadrant"], &[x, y]);
        for r in &m.rows {
            t.row(vec![
                vec![link(&r.initiative, 0)],
                text(&r.x),
                text(&r.y),
                text(r.quadrant),
            ]);
        }
        blocks.push(Block::Table(t));
        if let Some(omitted) = &m.omitted {
            blocks.push(Block::Para(text(omitted)));
        }
    }
    for p in &data.plateaus {
        let stop = &p.plateau;
        let date = stop
            .date
            .as_ref()
            .map_or(String::new(), |d| format!(", {d}"));
        blocks.push(Block::Heading(
            2,
            text(format!("{} ({}){date}", stop.name, stop.id)),
        ));
        if p.initiatives.is_empty() {
            blocks.push(Block::Para(text("No initiative lands here.")));
            continue;
        }
        blocks.push(Block::Table(initiatives(&p.initiatives)));
    }
    blocks.push(Block::Para(vec![Inline::Link {
        text: "The gap report".into(),
        href: "gaps.md".into(),
    }]));
    Document {
        title: page.title.into(),
        blocks,
    }
}

/// The timeline as a Mermaid Gantt chart: a section per landing plateau, must-dos
/// critical, dated plateaus as milestones.
fn gantt(timeline: &Timeline) -> String {
    let mut lines = vec![
        "gantt".to_owned(),
        "  dateFormat YYYY-MM-DD".into(),
        "  axisFormat %Y-%m".into(),
    ];
    let mut section: Option<&str> = None;
    for (n, b) in timeline.bars.iter().enumerate() {
        if section != Some(b.lands_in.as_str()) {
            section = Some(&b.lands_in);
            let name = timeline
                .milestones
                .iter()
                .find(|m| m.id == b.lands_in)
                .map_or(b.lands_in.as_str(), |m| m.name.as_str());
            lines.push(format!("  section Landing in {}", mermaid_text(name)));
        }
        let critical = if b.must_do.is_some() { "crit, " } else { "" };
        lines.push(format!(
            "    {} :{critical}t{n}, {}, {}",
            mermaid_text(&b.link.name),
            b.first,
            b.last
        ));
    }
    if !timeline.milestones.is_empty() {
        lines.push("  section Plateaus".into());
        for (n, m) in timeline.milestones.iter().enumerate() {
            if let Some(date) = &m.date {
                lines.push(format!(
                    "    {} :milestone, m{n}, {date}, 0d",
                    mermaid_text(&m.name)
                ));
            }
        }
    }
    lines.join("\n")
}

/// The roadmap of an undated model as a Mermaid flowchart: a box per plateau holding
/// the initiatives landing in it, arrows from what each depends on; none when it would
/// have no box or too many to read.
fn dependency_flow(data: &Roadmap) -> Option<String> {
    let mut nodes = Nodes::default();
    let mut diagram = vec!["flowchart LR".to_owned()];
    let mut edges = Vec::new();
    for (k, p) in data.plateaus.iter().enumerate() {
        if p.initiatives.is_empty() {
            continue;
        }
        diagram.push(format!(
            "  subgraph p{k}[\"{}\"]",
            mermaid_text(&p.plateau.name)
        ));
        for i in &p.initiatives {
            let to = nodes.of(&i.initiative);
            diagram.extend(nodes.lines.drain(..).map(|l| format!("  {l}")));
            edges.extend(i.depends_on.iter().map(|d| (d, to.clone())));
        }
        diagram.push("  end".into());
    }
    for (dep, to) in &edges {
        let from = nodes.of(dep);
        diagram.append(&mut nodes.lines);
        diagram.push(format!("  {from} --> {to}"));
    }
    (!nodes.ids.is_empty() && nodes.ids.len() <= MAX_NODES).then(|| diagram.join("\n"))
}

/// The initiatives landing in a plateau, as a table.
fn initiatives(landing: &[Landing]) -> Table {
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
    for i in landing {
        t.row(vec![
            match i.must_do {
                Some(why) => vec![
                    link(&i.initiative, 0),
                    Inline::Text(format!(" (must do: {why})")),
                ],
                None => vec![link(&i.initiative, 0)],
            },
            links(&i.depends_on, 0),
            text(i.cost.as_deref().unwrap_or("—")),
            text(i.benefit.as_deref().unwrap_or("—")),
            text(i.ratio.as_deref().unwrap_or("—")),
            text(i.gaps.to_string()),
        ]);
    }
    t
}

fn element(data: &ElementPage) -> Document {
    let mut blocks = vec![
        Block::Para(vec![
            Inline::Strong(data.kind.to_owned()),
            Inline::Text(format!(" {} From ", data.kind_doc)),
            Inline::Code(data.from.clone()),
            Inline::Text(" until ".into()),
            Inline::Code(data.until.clone()),
            Inline::Text(".".into()),
        ]),
        Block::Para(vec![
            Inline::Text("id: ".into()),
            Inline::Code(data.id.clone()),
        ]),
        Block::Heading(2, text("Fields by plateau")),
        Block::Table(fields(&data.plateaus, &data.fields)),
    ];
    if let Some(m) = &data.measured {
        blocks.push(Block::Heading(2, text("Measured values")));
        if let Some(latest) = m.actuals.last() {
            let plan = m
                .plan
                .as_ref()
                .map(|p| format!(", against a plan of {p} that day"))
                .unwrap_or_default();
            blocks.push(Block::Para(vec![
                Inline::Text(format!(
                    "Latest: {} on {}{plan}: ",
                    latest.value, latest.date
                )),
                Inline::Strong(m.status.to_owned()),
                Inline::Text(".".into()),
            ]));
        }
        let mut t = Table::new(&["date", "value", "note"], &["value"]);
        for a in &m.actuals {
            t.row(vec![
                text(a.date.clone()),
                text(a.value.clone()),
                text(a.note.clone().unwrap_or_default()),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    for (title, groups) in [("Links out", &data.links_out), ("Links in", &data.links_in)] {
        if groups.is_empty() {
            continue;
        }
        blocks.push(Block::Heading(2, text(title)));
        let mut t = Table::new(&["link", "elements"], &[]);
        for g in groups {
            t.row(vec![
                code(g.name),
                links(g.elements.iter().map(|e| &e.link), 1),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    if !data.dependents.is_empty() {
        blocks.push(Block::Heading(2, text("What depends on this")));
        let mut t = Table::new(&["plateau", "what depends on it"], &[]);
        for d in &data.dependents {
            let mut cell = text(d.summary.clone());
            for g in &d.reached {
                cell.push(Inline::Text(format!("; {} ({}): ", g.kind, g.count)));
                cell.extend(links(&g.elements, 1));
                if g.more > 0 {
                    cell.push(Inline::Text(format!(" and {} more", g.more)));
                }
            }
            t.row(vec![code(d.plateau.clone()), cell]);
        }
        blocks.push(Block::Table(t));
    }
    let findings = data.findings.iter().map(|f| {
        vec![
            Inline::Strong(f.severity.to_owned()),
            Inline::Text(" ".into()),
            Inline::Code(f.rule.to_owned()),
            Inline::Text(format!(": {}", f.message)),
        ]
    });
    list_section(&mut blocks, "Findings", findings);
    let waivers = data.waivers.iter().map(|w| {
        vec![
            Inline::Code(w.rule.clone()),
            Inline::Text(format!(": {}", w.reason)),
        ]
    });
    list_section(&mut blocks, "Waivers", waivers);
    Document {
        title: data.name.clone(),
        blocks,
    }
}

/// An element's fields as a table, a column per plateau it exists in.
fn fields(plateaus: &[String], rows: &[FieldRow]) -> Table {
    let mut header = vec!["field"];
    header.extend(plateaus.iter().map(String::as_str));
    let mut t = Table::new(&header, &[]);
    for f in rows {
        let mut row = vec![code(f.field)];
        row.extend(f.values.iter().map(|v| match v {
            None => text("—"),
            Some(v) => shown(v),
        }));
        t.row(row);
    }
    t
}

/// A value of a field in a Markdown table.
fn shown(v: &Shown) -> Line {
    match (&v.refs, &v.html) {
        (Some(refs), _) => links(refs, 1),
        // Descriptions: the text as written, without markup.
        (None, Some(h)) => text(plain_summary(&strip_tags(h), 400)),
        (None, None) => text(v.text.as_deref().unwrap_or_default()),
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
