//! The story pages' diagrams: the strategy map drawn as layered boxes, the roadmap as a
//! dated timeline with its prioritisation scatter, and the insights page's traces; each
//! in the HTML site and, as Mermaid or tables, in the Markdown site.

use std::path::{Path, PathBuf};

use crate::site::{build, read, stderr};
use crate::support::project;

/// Builds the site of `project` with `args` into a directory named for them; the model's
/// findings may be errors, the build must not fail.
fn site(project: &Path, args: &[&str]) -> PathBuf {
    let out = project.join(if args.is_empty() { "site" } else { "md" });
    let built = build(project, &out, args);
    assert!(
        built.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&built)
    );
    out
}

const STRATEGY: &str = r#"
drivers:
  - { id: rules, name: New <rules>, objectives: [grow, serve] }
objectives:
  - { id: grow, name: Grow, kpis: [sales] }
  - { id: serve, name: Serve faster, parent: grow }
  - { id: lonely, name: Nobody realizes this }
kpis:
  - { id: sales, name: Sales, value: { current: 1, target: 2 } }
capabilities:
  - { id: selling, name: Selling, realizes: [serve] }
"#;

/// The number in attribute `name` of the first tag after `marker` in `html`.
fn attr(html: &str, marker: &str, name: &str) -> usize {
    let rest = &html[html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"))..];
    let from = rest.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
    rest[from..from + rest[from..].find('"').expect("quote")]
        .parse()
        .expect("a number")
}

#[test]
fn the_strategy_map_draws_parents_above_children_and_marks_the_unrealized() {
    let dir = project(&[("model/m.yaml", STRATEGY)]);
    let out = site(dir.path(), &[]);
    let html = read(&out.join("strategy.html"));
    let svg = &html[html.find("<svg class=\"diagram\"").expect("a diagram")..];
    let svg = &svg[..svg.find("</svg>").expect("closed")];
    // A text alternative, and every box a link to its element.
    assert!(
        svg.contains("<title id=\"map-title\">Strategy map at target</title>"),
        "{svg}"
    );
    assert!(svg.contains("1 driver linked to 3 objectives (1 not realized by any capability), realized by 1 capability."), "{svg}");
    for id in ["rules", "grow", "serve", "lonely", "selling"] {
        assert!(
            svg.contains(&format!(
                "data-id=\"{id}\">\n<a href=\"elements/{id}.html\">"
            )),
            "{id} in {svg}"
        );
    }
    // The KPI is a link inside its objective's box; the name is escaped.
    assert!(
        svg.contains("<a href=\"elements/sales.html\"><title>KPI: Sales</title>"),
        "{svg}"
    );
    assert!(svg.contains("New &lt;rules&gt;"), "{svg}");
    // Drivers above objectives, a parent above its child, capabilities below.
    let y = |id: &str| {
        let node = &svg[svg.find(&format!("data-id=\"{id}\"")).expect("node")..];
        attr(node, "<rect", "y")
    };
    assert!(y("rules") < y("grow"));
    assert!(y("grow") < y("serve"), "parent above child");
    assert!(y("serve") < y("selling"));
    // The objective nothing realizes is marked in words and drawn dashed; the one
    // realized through its child is not.
    assert!(
        svg.contains("class=\"map-node map-objective map-unrealized\" data-id=\"lonely\""),
        "{svg}"
    );
    assert!(svg.contains("✗ not realized"), "{svg}");
    assert!(
        svg.contains("class=\"map-node map-objective\" data-id=\"grow\""),
        "{svg}"
    );
    // Arrows: the driver to both objectives, the parent to its child, the child to its
    // capability.
    assert_eq!(
        svg.matches("class=\"map-edge map-drives\"").count(),
        2,
        "{svg}"
    );
    assert_eq!(
        svg.matches("class=\"map-edge map-parent\"").count(),
        1,
        "{svg}"
    );
    assert_eq!(
        svg.matches("class=\"map-edge map-realizes\"").count(),
        1,
        "{svg}"
    );
    // The table stays, as the map's accessible alternative.
    assert!(html.contains("<h2>The map as a table</h2>"), "{html}");

    // The same map in the Markdown site, as a Mermaid flowchart top to bottom.
    let md = read(&site(dir.path(), &["--format", "markdown"]).join("strategy.md"));
    assert!(md.contains("```mermaid\nflowchart TD\n"), "{md}");
    let lonely = md
        .lines()
        .find(|l| l.contains("[\"Nobody realizes this\"]"))
        .expect("the unrealized objective's node");
    let lonely = lonely.trim().split('[').next().expect("its id");
    assert!(
        md.contains(&format!("  class {lonely} unrealized\n")),
        "{md}"
    );
    let arrows = md.matches(" --> ").count();
    assert_eq!(arrows, 4, "{md}");
}

#[test]
fn the_strategy_map_is_the_same_every_build() {
    let dir = project(&[("model/m.yaml", STRATEGY)]);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let built = build(dir.path(), out, &[]);
        assert!(
            built.status.code().is_some_and(|c| c < 2),
            "{}",
            stderr(&built)
        );
    }
    assert_eq!(
        read(&a.join("strategy.html")),
        read(&b.join("strategy.html"))
    );
}

const DATED_TOM: &str = "tom: 1\nname: Test\nplateaus:\n  - { id: current, name: Current }\n  - { id: wave-1, name: Wave 1, date: 2027-06-30 }\n  - { id: target, name: Target, date: 2028-12-31 }\n";

const ROADMAP: &str = r#"
initiatives:
  - { id: platform, name: Platform, lands_in: wave-1, start: 2026-01-05, end: 2027-03-31, cost: 4000000, benefit: 1000000 }
  - { id: rules, name: Rules <first>, lands_in: wave-1, must_do: regulatory, start: 2026-06-01, end: 2027-06-01, cost: 1000000, benefit: 500000 }
  - { id: app, name: App, lands_in: target, depends_on: [platform], cost: 2000000, benefit: 9000000 }
  - { id: later, name: Later, lands_in: target, start: 2027-09-01, end: 2028-06-30, cost: 500000, benefit: 3000000 }
"#;

/// The `<g>` of the timeline's bar for initiative `id`.
fn bar<'a>(html: &'a str, id: &str) -> &'a str {
    let from = html
        .find(&format!("data-id=\"{id}\" data-lands-in="))
        .unwrap_or_else(|| panic!("a bar for {id} in {html}"));
    let start = html[..from].rfind("<g ").expect("its group");
    &html[start..from + html[from..].find("</g>").expect("closed")]
}

#[test]
fn the_roadmap_is_a_dated_timeline_with_subtotals_and_a_matrix() {
    let dir = project(&[("model/i.yaml", ROADMAP)]);
    crate::support::write(dir.path(), "tom.yaml", DATED_TOM);
    let out = site(dir.path(), &[]);
    let html = read(&out.join("roadmap.html"));

    // Whole years on the axis, the dated plateaus as milestones.
    for year in ["2026", "2027", "2028", "2029"] {
        assert!(
            html.contains(&format!("\">{year}</text>")),
            "{year}: {html}"
        );
    }
    assert!(html.contains(">◆ Wave 1</text>"), "{html}");
    assert!(html.contains(">◆ Target</text>"), "{html}");
    // Bars in order of landing, then start; their own dates, else their plateaus'.
    let (platform, rules, app, later) = (
        bar(&html, "platform"),
        bar(&html, "rules"),
        bar(&html, "app"),
        bar(&html, "later"),
    );
    assert!(
        platform.contains("Platform: 2026-01-05 → 2027-03-31"),
        "{platform}"
    );
    assert!(app.contains("class=\"tl-bar tl-estimated\""), "{app}");
    assert!(
        app.contains("App: 2027-06-30 → 2028-12-31 (from its plateaus)"),
        "{app}"
    );
    let x = |g: &str| attr(g, "<rect", "x");
    let y = |g: &str| attr(g, "<rect", "y");
    assert!(x(platform) < x(rules) && x(rules) < x(app) && x(app) < x(later));
    assert!(y(platform) < y(rules) && y(rules) < y(app) && y(app) < y(later));
    // The must-do, in words and a mark; the name escaped.
    assert!(rules.contains("class=\"tl-bar tl-must\""), "{rules}");
    assert!(rules.contains("⚑ Rules &lt;first&gt;"), "{rules}");
    assert!(rules.contains("must do (regulatory)"), "{rules}");
    // The dependency arrow, from the platform to the app.
    assert!(
        html.contains("class=\"tl-arrow\" data-from=\"platform\" data-to=\"app\""),
        "{html}"
    );
    assert_eq!(html.matches("class=\"tl-arrow\"").count(), 1);
    // The cumulative lines end at the totals.
    assert!(html.contains(">cost 7,500,000</text>"), "{html}");
    assert!(html.contains(">benefit 13,500,000</text>"), "{html}");

    // Subtotals per plateau, with running totals.
    assert!(html.contains("<tr><th scope=\"row\">Wave 1 <code>wave-1</code></th><td class=\"n\">2</td><td class=\"n\">5,000,000</td><td class=\"n\">1,500,000</td><td class=\"n change-down\">-3,500,000</td><td class=\"n\">5,000,000</td><td class=\"n\">1,500,000</td></tr>"), "{html}");
    assert!(html.contains("<tr><th scope=\"row\">Target <code>target</code></th><td class=\"n\">2</td><td class=\"n\">2,500,000</td><td class=\"n\">12,000,000</td><td class=\"n\">9,500,000</td><td class=\"n\">7,500,000</td><td class=\"n\">13,500,000</td></tr>"), "{html}");

    // The matrix: benefit against cost, cut at the medians (cost 1.5M, benefit 2M).
    assert!(
        html.contains("Prioritisation matrix: benefit → against cost →"),
        "{html}"
    );
    for (name, quadrant) in [
        ("Platform", "Thankless tasks"),
        ("Rules &lt;first&gt;", "Fill-ins"),
        ("App", "Major projects"),
        ("Later", "Quick wins"),
    ] {
        assert!(
            html.contains(&format!("\">{name}</a></td>")) && {
                let row = &html[html.find(&format!("\">{name}</a></td>")).unwrap()..];
                row[..row.find("</tr>").unwrap()].contains(&format!("<td>{quadrant}</td>"))
            },
            "{name} is in {quadrant}: {html}"
        );
    }
    assert_eq!(
        html.matches("<circle class=\"mx-point").count(),
        4,
        "{html}"
    );
    assert_eq!(
        html.matches("<circle class=\"mx-point mx-must\"").count(),
        1,
        "{html}"
    );

    // The Markdown site: a Gantt chart with the must-do critical and the milestones.
    let md = read(&site(dir.path(), &["--format", "markdown"]).join("roadmap.md"));
    assert!(md.contains("```mermaid\ngantt\n"), "{md}");
    assert!(md.contains(" :crit, t1, 2026-06-01, 2027-06-01\n"), "{md}");
    assert!(md.contains("    App :t2, 2027-06-30, 2028-12-31\n"), "{md}");
    assert!(
        md.contains("    Wave 1 :milestone, m0, 2027-06-30, 0d\n"),
        "{md}"
    );
    assert!(
        md.contains("| [Later](elements/later.md) | 500,000 | 3,000,000 | Quick wins |"),
        "{md}"
    );
}

#[test]
fn an_undated_roadmap_runs_over_the_plateaus_in_order() {
    let undated = ROADMAP
        .replace(", start: 2026-01-05, end: 2027-03-31", "")
        .replace(", start: 2026-06-01, end: 2027-06-01", "")
        .replace(", start: 2027-09-01, end: 2028-06-30", "");
    let dir = project(&[("model/i.yaml", &undated)]);
    let out = site(dir.path(), &[]);
    let html = read(&out.join("roadmap.html"));
    // No year on the axis: the plateaus mark it, every one of them.
    assert!(!html.contains("class=\"tl-tick\""), "{html}");
    for name in ["Current", "Wave 1", "Target"] {
        assert!(
            html.contains(&format!(">◆ {name}</text>")),
            "{name}: {html}"
        );
    }
    let (platform, app) = (bar(&html, "platform"), bar(&html, "app"));
    assert!(
        platform.contains("Platform: current → wave-1"),
        "{platform}"
    );
    assert!(
        attr(platform, "<rect", "x") + attr(platform, "<rect", "width") <= attr(app, "<rect", "x")
    );
    // Without dates the Markdown site draws the plateaus and dependencies instead.
    let md = read(&site(dir.path(), &["--format", "markdown"]).join("roadmap.md"));
    assert!(md.contains("```mermaid\nflowchart LR\n"), "{md}");
    assert!(!md.contains("gantt"), "{md}");
}

const INSIGHTS: &str = r#"
personas:
  - { id: sam, name: Sam }
touchpoints:
  - { id: form, name: Paper form }
journeys:
  - id: open
    name: Open an account
    persona: sam
    stages:
      - { id: apply, name: Apply on paper, touchpoints: [form], insights: [abandon] }
kpis:
  - { id: completion, name: Completion, unit: "%", value: { current: 38, target: 80 } }
  - { id: opened, name: Accounts opened, value: { current: 2500, target: 12000 } }
insights:
  - { id: abandon, name: Applicants give up, voice: customer, source: call-analytics, sample: 1840, severity: high, quote: "I gave <up>", personas: [sam], about: [form] }
  - { id: ignored, name: Nobody acts on this, voice: employee, severity: high }
  - { id: minor, name: A small thing, voice: customer, severity: low }
initiatives:
  - { id: digital, name: Digital opening, lands_in: target, addresses: [abandon], kpis: [completion, opened] }
"#;

#[test]
fn the_insights_page_traces_evidence_to_initiatives_and_kpis() {
    let dir = project(&[("model/m.yaml", INSIGHTS)]);
    let out = site(dir.path(), &[]);
    let html = read(&out.join("insights.html"));
    assert!(
        html.contains("<strong>1</strong> of 3 insights are addressed by an initiative."),
        "{html}"
    );
    assert!(
        html.contains(
            "<span class=\"flag flag-error\">1 severe insight is addressed by none</span>"
        ),
        "{html}"
    );
    // Severe first, and of those the unaddressed first; the low one last.
    let at = |id: &str| {
        html.find(&format!("id=\"insight-{id}\""))
            .unwrap_or_else(|| panic!("{id} in {html}"))
    };
    assert!(at("ignored") < at("abandon") && at("abandon") < at("minor"));
    let row = |id: &str| {
        let from = html[..at(id)].rfind("<tr").expect("row start");
        &html[from..from + html[from..].find("</tr>").expect("row end")]
    };
    let abandon = row("abandon");
    // Where it was found: the stage of the journey, and what it is about.
    assert!(
        abandon.contains(
            "href=\"journeys/open.html\">Apply on paper <small>in Open an account</small></a>"
        ),
        "{abandon}"
    );
    assert!(
        abandon.contains("href=\"elements/form.html\">Paper form <small>touchpoint</small></a>"),
        "{abandon}"
    );
    // Who acts on it, and the KPIs they move with their values, readable.
    assert!(
        abandon.contains("Digital opening <small>lands in target</small>"),
        "{abandon}"
    );
    assert!(
        abandon.contains("Accounts opened <small>2,500 → 12,000</small>"),
        "{abandon}"
    );
    assert!(
        abandon.contains("Completion <small>38 → 80 %</small>"),
        "{abandon}"
    );
    // Its evidence, the quote escaped.
    assert!(abandon.contains("high severity"), "{abandon}");
    assert!(abandon.contains("call-analytics, 1,840 cases"), "{abandon}");
    assert!(abandon.contains("“I gave &lt;up&gt;”"), "{abandon}");
    // The unaddressed ones say so in words, the severe one as an error.
    assert!(
        row("ignored").starts_with("<tr class=\"missing\""),
        "{}",
        row("ignored")
    );
    assert!(
        row("minor").starts_with("<tr class=\"unaddressed\""),
        "{}",
        row("minor")
    );
    assert!(
        row("ignored")
            .contains("<span class=\"flag flag-error\">addressed by no initiative</span>")
    );
    assert!(
        row("minor")
            .contains("<span class=\"flag flag-warning\">addressed by no initiative</span>")
    );

    // The summary sends the reader here for the severe insight no one acts on.
    let index = read(&out.join("index.html"));
    assert!(
        index.contains(
            "<a href=\"insights.html\">1 severe insight is addressed by no initiative</a>"
        ),
        "{index}"
    );

    let md = read(&site(dir.path(), &["--format", "markdown"]).join("insights.md"));
    assert!(
        md.contains("1 of 3 insights addressed by an initiative; 1 severe addressed by none."),
        "{md}"
    );
    assert!(md.contains("| [Nobody acts on this](elements/ignored.md) | high | — | **addressed by no initiative** | — |"), "{md}");
    assert!(
        md.contains(
            "[Apply on paper](journeys/open.md) in Open an account, [Paper form](elements/form.md)"
        ),
        "{md}"
    );
}

#[test]
fn a_long_roadmap_marks_its_axis_every_few_years() {
    let long = ROADMAP.replace("start: 2026-06-01", "start: 1990-06-01");
    let dir = project(&[("model/i.yaml", &long)]);
    crate::support::write(dir.path(), "tom.yaml", DATED_TOM);
    let html = read(&site(dir.path(), &[]).join("roadmap.html"));
    let years: Vec<&str> = html
        .split("class=\"tl-axis\" x=\"")
        .skip(1)
        .filter_map(|t| t.split_once("y=\"12\">").map(|(_, rest)| &rest[..4]))
        .collect();
    assert_eq!(
        years,
        [
            "1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025"
        ],
        "{html}"
    );
}
