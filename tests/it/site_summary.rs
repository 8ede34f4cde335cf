//! The executive summary at the top of the home page: its figures agree with the gap
//! report, and what needs attention is listed with where it is explained.

use serde_json::Value;

use crate::site::{build, read, stderr};
use crate::support::{project, root, tomc};

/// The summary section of a built `index.html`.
fn summary_of(html: &str) -> &str {
    let from = html.find("<section class=\"summary\"").expect("a summary");
    let to = html[from..].find("id=\"about-h\"").map_or_else(
        || {
            html[from..]
                .find("id=\"plateaus-h\"")
                .expect("plateaus after")
                + from
        },
        |at| at + from,
    );
    &html[from..to]
}

#[test]
fn northwind_summary_agrees_with_the_gap_report() {
    let northwind = root().join("examples/northwind-bank");
    let gaps = tomc(&["gaps", northwind.to_str().unwrap(), "--format", "json"]);
    let gaps: Value = serde_json::from_slice(&gaps.stdout).expect("gaps JSON");
    let counts = &gaps["summary"];
    let grouped = |n: f64| {
        let digits = format!("{n:.0}");
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let (cost, benefit) = (
        counts["cost"].as_f64().unwrap(),
        counts["benefit"].as_f64().unwrap(),
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let built = build(&northwind, &out, &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let html = read(&out.join("index.html"));
    let summary = summary_of(&html);
    assert!(
        summary.contains(&format!(
            "<span class=\"big\">{}</span> cost",
            grouped(cost)
        )),
        "{summary}"
    );
    assert!(
        summary.contains(&format!(
            "<span class=\"big\">{}</span> benefit",
            grouped(benefit)
        )),
        "{summary}"
    );
    assert!(
        summary.contains(&format!(
            "<span class=\"big change-up\">+{}</span> net",
            grouped(benefit - cost)
        )),
        "{summary}"
    );
    // Customer KPIs with their status in words; values with thousands separators.
    assert!(
        summary.contains("<span class=\"status status-at-risk\">at risk</span>"),
        "{summary}"
    );
    assert!(summary.contains("<td class=\"n\">4,320</td>"), "{summary}");
    // Systems introduced and retired, named and linked.
    assert!(
        summary.contains("retired: <a href=\"elements/"),
        "{summary}"
    );
    // Northwind delivers every change: nothing about gaps needs attention.
    assert!(!summary.contains("need an initiative"), "{summary}");
    // Health and coverage stay, below the summary.
    let health = html.find("id=\"health-h\"").unwrap();
    assert!(health > html.find("class=\"summary\"").unwrap());
    // Every link of the summary opens a page of the site.
    for href in summary
        .split("href=\"")
        .skip(1)
        .map(|h| &h[..h.find('"').unwrap()])
    {
        let file = href.split('#').next().unwrap();
        assert!(out.join(file).is_file(), "{href} is not a page of the site");
    }
}

const ATTENTION: &str = "capabilities:
  - { id: cap-a, name: Onboarding, maturity: { current: 1, target: 3 } }
systems:
  - { id: old-core, name: Old core, until: current }
  - { id: new-core, name: \"New <core>\", from: wave-1 }
initiatives:
  - { id: move, name: Move to the new core, lands_in: wave-1, delivers: [new-core, old-core], cost: 1500000, benefit: 1000000 }
kpis:
  - id: nps
    name: Net promoter score
    voice: customer
    direction: increase
    value: { current: 10, target: 40 }
    actuals:
      - { date: 2026-01-01, value: 10 }
      - { date: 2030-01-01, value: 5 }
insights:
  - { id: wait, name: Customers wait, voice: customer, severity: high }
";

#[test]
fn what_needs_attention_is_listed_with_where_it_is_explained() {
    let tom = "tom: 1\nname: Test\nplateaus:\n  - { id: current, name: Current, date: 2026-01-01 }\n  - { id: wave-1, name: Wave 1, date: 2027-01-01 }\n  - { id: target, name: Target, date: 2028-01-01 }\n";
    let dir = project(&[("model/m.yaml", ATTENTION)]);
    crate::support::write(dir.path(), "tom.yaml", tom);
    let out = dir.path().join("site");
    let built = build(dir.path(), &out, &[]);
    assert!(
        built.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&built)
    );
    let html = read(&out.join("index.html"));
    let summary = summary_of(&html);
    // The capability's rise is a change no initiative delivers.
    assert!(summary.contains("<span class=\"flag flag-error\">error</span> <a href=\"gaps.html\">1 change needs an initiative and has none</a>"), "{summary}");
    assert!(
        summary.contains("<a href=\"kpis.html\">1 KPI is off track</a>"),
        "{summary}"
    );
    assert!(summary.contains("<span class=\"flag flag-warning\">warning</span> <a href=\"insights.html\">1 severe insight is addressed by no initiative</a>"), "{summary}");
    // Money and its net, below zero here.
    assert!(
        summary.contains("<span class=\"big change-down\">-500,000</span> net"),
        "{summary}"
    );
    // A name from the spec is escaped.
    assert!(summary.contains("New &lt;core&gt;"), "{summary}");
    assert!(!summary.contains("New <core>"), "{summary}");
    assert!(
        summary.contains("introduced: <a href=\"elements/new-core.html\">"),
        "{summary}"
    );
    assert!(
        summary.contains("retired: <a href=\"elements/old-core.html\">Old core</a>"),
        "{summary}"
    );
}

#[test]
fn a_waived_insight_needs_no_attention() {
    let waived = ATTENTION.replace(
        "severity: high }",
        "severity: high, waivers: [{ rule: insight-unaddressed, reason: Out of scope for this programme }] }",
    );
    let dir = project(&[("model/m.yaml", &waived)]);
    let out = dir.path().join("site");
    let built = build(dir.path(), &out, &[]);
    assert!(
        built.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&built)
    );
    let html = read(&out.join("index.html"));
    let summary = summary_of(&html);
    assert!(!summary.contains("severe insight"), "{summary}");
    // The rest still needs attention, and the waiver is listed with its reason.
    assert!(summary.contains("1 KPI is off track"), "{summary}");
    assert!(
        html.contains("Out of scope for this programme"),
        "the waiver is shown"
    );
}

#[test]
fn the_scorecard_shows_the_latest_actual_its_status_and_a_sparkline() {
    let kpis = "kpis:
  - id: calls
    name: Calls a month
    voice: customer
    direction: decrease
    value: { current: 12000, target: 4000 }
    actuals:
      - { date: 2026-01-31, value: 12000 }
      - { date: 2026-02-28, value: 11000 }
      - { date: 2026-03-31, value: 11800.5 }
  - id: quiet
    name: Not yet measured
    voice: customer
    direction: increase
    value: { current: 1, target: 2 }
";
    let tom = "tom: 1\nname: Test\nplateaus:\n  - { id: current, name: Current, date: 2026-01-31 }\n  - { id: target, name: Target, date: 2027-01-31 }\n";
    let dir = project(&[("model/k.yaml", kpis)]);
    crate::support::write(dir.path(), "tom.yaml", tom);
    let out = dir.path().join("site");
    let built = build(dir.path(), &out, &[]);
    assert!(
        built.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&built)
    );
    let html = read(&out.join("kpis.html"));
    // Plan values and the latest actual with thousands separators, right-aligned.
    assert!(
        html.contains("<td class=\"n\">12,000</td><td class=\"n\">4,000</td>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<td class=\"n\">11,800.5<br><small class=\"muted nowrap\">2026-03-31</small></td>"
        ),
        "{html}"
    );
    // Behind a plan that falls from 12,000 by 8,000 a year: off track, in words.
    assert!(
        html.contains("<span class=\"status status-off-track\">off track</span>"),
        "{html}"
    );
    // The sparkline: first point at the top-left (the highest value), with its words.
    assert!(html.contains("points=\"0.0,1.0 40.0,19.0 80.0,"), "{html}");
    assert!(
        html.contains(
            "aria-label=\"3 measurements from 12,000 on 2026-01-31 to 11,800.5 on 2026-03-31\""
        ),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"status status-not-measured\">not measured</span>"),
        "{html}"
    );
}
