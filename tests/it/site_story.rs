//! The story pages' diagrams: the strategy map drawn as layered boxes, the roadmap as a
//! dated timeline with its prioritisation scatter, and the insights page's traces; each
//! in the HTML site and, as Mermaid or tables, in the Markdown site.

use crate::site::{build, read, stderr};
use crate::support::{project, tomc};

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
    let out = dir.path().join("site");
    let built = build(dir.path(), &out, &[]);
    assert!(
        built.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&built)
    );
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
    let md_out = dir.path().join("md");
    let built = tomc(&[
        "build",
        dir.path().to_str().unwrap(),
        "--format",
        "markdown",
        "-o",
        md_out.to_str().unwrap(),
    ]);
    assert!(
        built.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&built)
    );
    let md = read(&md_out.join("strategy.md"));
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
