//! The gap report page (`gaps.html`) and the heat map's gap mode: grouped for people,
//! linked by name, bounded, and showing who is affected.

use crate::site::{build, read, stderr};
use crate::support::{project, root};

/// Builds `files` as a project and returns the page `file` of its site.
fn page_of(files: &[(&str, &str)], file: &str) -> String {
    let dir = project(files);
    let out = dir.path().join("site");
    let built = build(dir.path(), &out, &[]);
    assert!(
        built.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&built)
    );
    read(&out.join(file))
}

/// The text of `html` between `start` and the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    let to = html[from..].find(end).map_or(html.len(), |at| from + at);
    &html[from..to]
}

const PEOPLE: &str = "org_units:
  - { id: ops, name: Operations }
  - { id: back-office, name: Back office, parent: ops, headcount: { current: 200, target: 120 } }
roles:
  - { id: clerk, name: Clerk, org_unit: back-office, headcount: { current: 150, target: 60 } }
  - { id: analyst, name: Data analyst, org_unit: back-office, headcount: { current: 10, target: 40 } }
";

#[test]
fn people_are_counted_by_role_and_by_unit_with_the_net_change() {
    let html = page_of(&[("model/people.yaml", PEOPLE)], "gaps.html");
    let people = between(&html, "id=\"people\"", "id=\"changes\"");
    // The total is the roles' (the unit's own count includes them).
    assert!(
        people.contains("Headcount <strong>160</strong> → <strong>100</strong> (<span class=\"trend-word\">-60</span>)"),
        "{people}"
    );
    assert!(
        people.contains("<a href=\"elements/clerk.html\">Clerk</a>"),
        "{people}"
    );
    assert!(
        people.contains(
            "<td class=\"n\">150</td><td class=\"n\">60</td><td class=\"n change-down\">-90</td>"
        ),
        "{people}"
    );
    assert!(
        people.contains("<td class=\"n change-up\">+30</td>"),
        "{people}"
    );
    assert!(
        people.contains(
            "<td class=\"n\">200</td><td class=\"n\">120</td><td class=\"n change-down\">-80</td>"
        ),
        "{people}"
    );
}

#[test]
fn without_roles_the_top_level_units_are_the_total() {
    let units = "org_units:
  - { id: bank, name: Bank, headcount: { current: 1000, target: 1250 } }
  - { id: branch, name: Branches, parent: bank, headcount: { current: 600, target: 500 } }
";
    let html = page_of(&[("model/units.yaml", units)], "gaps.html");
    assert!(
        html.contains("Headcount <strong>1,000</strong> → <strong>1,250</strong> (<span class=\"trend-word\">+250</span>)"),
        "{html}"
    );
}

#[test]
fn gaps_are_grouped_by_initiative_and_capability_with_names_not_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let built = build(&root().join("examples/northwind-bank"), &out, &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let html = read(&out.join("gaps.html"));
    let by_initiative = between(
        &html,
        "data-view-panel=\"by-initiative\"",
        "data-view-panel=\"by-capability\"",
    );
    let by_capability = between(&html, "data-view-panel=\"by-capability\"", "</main>");
    // An initiative by name, linked, with where it lands and what it costs.
    assert!(
        by_initiative.contains("<a href=\"elements/ini-core-migration.html\">"),
        "{by_initiative}"
    );
    assert!(by_initiative.contains("lands in"), "{by_initiative}");
    assert!(by_initiative.contains("cost 38,000,000"), "{by_initiative}");
    // A capability by name, with its maturity before and after.
    assert!(
        by_capability.contains("<a href=\"elements/cap-digital-onboarding.html\">"),
        "{by_capability}"
    );
    assert!(by_capability.contains("maturity 1 → 4"), "{by_capability}");
    // Names, not backticked ids; detail collapsed per kind.
    assert!(
        !by_initiative.contains("<code>"),
        "ids are not shown as code"
    );
    assert!(
        by_initiative.contains("<details>\n<summary>Systems"),
        "{by_initiative}"
    );
    // Thousands separators in the totals.
    assert!(
        html.contains("<span class=\"big\">103,000,000</span> cost"),
        "{html}"
    );
}

#[test]
fn a_large_group_lists_the_first_rows_and_counts_the_rest() {
    let mut caps = String::from("capabilities:\n");
    let mut ids = Vec::new();
    for i in 0..30 {
        caps.push_str(&format!(
            "  - {{ id: cap-{i:02}, name: Capability {i:02}, from: target }}\n"
        ));
        ids.push(format!("cap-{i:02}"));
    }
    let plan = format!(
        "initiatives:\n  - {{ id: big-bang, name: Big bang, lands_in: target, delivers: [{}] }}\n",
        ids.join(", ")
    );
    let html = page_of(
        &[("model/caps.yaml", &caps), ("model/plan.yaml", &plan)],
        "gaps.html",
    );
    let group = between(
        &html,
        "data-view-panel=\"by-initiative\"",
        "data-view-panel=\"by-capability\"",
    );
    assert!(
        group.contains("Big bang</a> <span class=\"count\">30</span>"),
        "{group}"
    );
    assert_eq!(
        group.matches("<tr><td><a href=\"elements/cap-").count(),
        25,
        "{group}"
    );
    assert!(
        group.contains("and 5 more: see <a href=\"gaps.md\">gaps.md</a>"),
        "{group}"
    );
}

#[test]
fn names_from_the_spec_are_escaped() {
    let plan = "capabilities:\n  - { id: cap-x, name: \"<img src=x onerror=alert(1)>\", from: target }\ninitiatives:\n  - { id: evil, name: \"<script>alert(1)</script>\", lands_in: target, delivers: [cap-x] }\n";
    let html = page_of(&[("model/plan.yaml", plan)], "gaps.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
}

#[test]
fn a_parent_in_gap_mode_shows_its_childrens_mean_uplift() {
    let caps = "capabilities:
  - { id: parent, name: Parent }
  - { id: child-a, name: Child A, parent: parent, maturity: { current: 1, target: 2 } }
  - { id: child-b, name: Child B, parent: parent, maturity: { current: 1, target: 3 }, sourcing: { current: outsourced, target: internal } }
  - { id: rated, name: Rated parent, maturity: { current: 2, target: 2 } }
  - { id: child-c, name: Child C, parent: rated, maturity: { current: 1, target: 5 } }
";
    let html = page_of(&[("model/caps.yaml", caps)], "heatmap.html");
    assert!(
        html.contains("data-id=\"parent\" data-uplift=\"2\" data-uplift-text=\"avg +1.5\""),
        "{html}"
    );
    assert!(
        html.contains("data-id=\"child-b\" data-uplift=\"2\" data-uplift-text=\"+2\""),
        "{html}"
    );
    // Sourcing per plateau, for the overlay; `none` where it is not written.
    assert!(html.contains("data-s-current=\"outsourced\" data-m-wave-1=\"1\" data-s-wave-1=\"outsourced\" data-m-target=\"3\" data-s-target=\"internal\""), "{html}");
    assert!(
        html.contains("data-id=\"child-a\"") && html.contains("data-s-target=\"none\""),
        "{html}"
    );
    // A parent with a level of its own keeps its own uplift.
    assert!(
        html.contains("data-id=\"rated\" data-uplift=\"0\" data-uplift-text=\"0\""),
        "{html}"
    );
}
