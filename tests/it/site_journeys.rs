//! The journey pages, the personas page and the omnichannel matrix of the HTML site.

use std::path::Path;

use crate::site::{build, read, stderr};
use crate::support::{TOM, project, root};

/// The section of the journey page `html` for plateau `plateau`.
fn view<'h>(html: &'h str, plateau: &str) -> &'h str {
    let start = html
        .find(&format!(
            "<section class=\"journey-view\" id=\"view-{plateau}\""
        ))
        .unwrap_or_else(|| panic!("no view at {plateau}"));
    let end = html[start..].find("</section>").unwrap();
    &html[start..start + end]
}

fn northwind_site() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let result = build(&root().join("examples/northwind-bank"), out.path(), &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    out
}

#[test]
fn journeys_are_shown_at_every_plateau_they_exist_in() {
    let site = northwind_site();
    let branch = read(&site.path().join("journeys/jrn-branch-banking.html"));
    // As it is today: the page opens at the baseline, where the mainframe still runs.
    assert!(branch.contains("data-plateau=\"current\" aria-pressed=\"true\""));
    assert!(view(&branch, "current").contains("Legacy core banking (mainframe)"));
    assert!(!view(&branch, "target").contains("Legacy core banking (mainframe)"));
    for p in ["current", "wave-1", "target"] {
        assert!(
            view(&branch, p).contains("role=\"img\""),
            "emotion curve at {p}"
        );
    }
    // A journey that starts later opens at its last plateau and has no view before.
    let digital = read(
        &site
            .path()
            .join("journeys/jrn-account-opening-digital.html"),
    );
    assert!(digital.contains("data-plateau=\"target\" aria-pressed=\"true\""));
    assert!(!digital.contains("id=\"view-current\""));
    assert!(!view(&digital, "target").contains("Legacy core banking"));
    assert!(view(&digital, "target").contains("Cloud core banking platform"));
    // Its KPIs with baseline, target, latest actual and a status word.
    assert!(digital.contains("class=\"journey-kpis\""));
    assert!(digital.contains("latest actual"));
    assert!(branch.contains("moment that matters"));
}

#[test]
fn two_plateaus_are_compared_stage_by_stage() {
    let site = northwind_site();
    let branch = read(&site.path().join("journeys/jrn-branch-banking.html"));
    assert!(branch.contains("id=\"compare-before\""));
    let start = branch
        .find("data-before=\"current\" data-after=\"target\"")
        .unwrap();
    let cmp = &branch[start..start + branch[start..].find("</section>").unwrap()];
    // Stages added (learn-the-app), removed (read-statement) and changed (visit-branch).
    assert!(
        cmp.contains("<span class=\"chg chg-added\">added</span>"),
        "{cmp}"
    );
    assert!(cmp.contains("<span class=\"chg chg-removed\">removed</span>"));
    assert!(cmp.contains("<span class=\"chg chg-changed\">changed</span>"));
    assert!(cmp.contains(
        "system Legacy core banking (mainframe) <span class=\"chg chg-removed\">removed</span>"
    ));
}

const MODEL: &str = r#"
personas:
  - { id: p, name: "P <b>bold</b>", type: b2c, needs: ["<script>alert(1)</script>"] }
touchpoints:
  - { id: t0, name: "T <i>0</i>", channel: web }
  - { id: t1, name: T1, channel: web }
  - { id: t2, name: T2, channel: web }
  - { id: t3, name: T3, channel: web }
  - { id: t4, name: T4, channel: web }
  - { id: t5, name: T5, channel: web }
  - { id: t6, name: T6, channel: web }
  - { id: t7, name: T7, channel: web }
  - { id: t8, name: T8, channel: web }
  - { id: t9, name: T9, channel: mobile, from: target }
journeys:
  - id: j
    name: J
    persona: p
    stages:
      current:
        - { id: s1, name: "Stage <one>", touchpoints: [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9], emotion: negative }
        - { id: gone, name: Gone, touchpoints: [t1] }
      target:
        - { id: s1, name: "Stage <one>", touchpoints: [t9], emotion: positive, moment_that_matters: true }
"#;

fn small_site(dir: &Path) -> String {
    let result = build(dir, &dir.join("site"), &[]);
    assert!(
        result.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&result)
    );
    read(&dir.join("site/journeys/j.html"))
}

#[test]
fn journey_pages_escape_cap_and_are_deterministic() {
    let dir = project(&[("tom.yaml", TOM), ("model/m.yaml", MODEL)]);
    let page = small_site(dir.path());
    assert!(page.contains("Stage &lt;one&gt;"));
    assert!(!page.contains("Stage <one>"));
    assert!(!page.contains("<i>0</i>"));
    // Nine touchpoints at current: eight listed, one counted.
    assert!(view(&page, "current").contains("and 1 more"));
    // At wave-1 the current stages hold; at target, t9 exists and s1 is a moment.
    assert!(view(&page, "target").contains("★ moment that matters"));
    let again = small_site(dir.path());
    assert_eq!(page, again, "the same page twice");
}

#[test]
fn personas_and_channels_pages_show_the_model_escaped() {
    let dir = project(&[("tom.yaml", TOM), ("model/m.yaml", MODEL)]);
    let _ = small_site(dir.path());
    let personas = read(&dir.path().join("site/personas.html"));
    assert!(
        personas.contains("P &lt;b&gt;bold&lt;&#x2F;b&gt;")
            || personas.contains("P &lt;b&gt;bold&lt;/b&gt;"),
        "{personas}"
    );
    assert!(personas.contains("&lt;script&gt;alert(1)"));
    assert!(!personas.contains("<script>alert"));
    assert!(
        personas.contains("journeys/j.html"),
        "links the journey page"
    );
    assert!(personas.contains("Moments that matter"));
    let channels = read(&dir.path().join("site/channels.html"));
    // At current only web; at target the mobile touchpoint t9 joins.
    let current = &channels[channels.find("id=\"channels-current\"").unwrap()..];
    let current = &current[..current.find("</section>").unwrap()];
    assert!(current.contains("<th scope=\"col\">web</th>"));
    assert!(!current.contains("<th scope=\"col\">mobile</th>"));
    let target = &channels[channels.find("id=\"channels-target\"").unwrap()..];
    assert!(target.contains("<th scope=\"col\">mobile</th>"));
    assert!(
        current.contains("and 1 more"),
        "nine web touchpoints: eight and one more"
    );
    let md = dir.path().join("md");
    let result = build(dir.path(), &md, &["--format", "markdown"]);
    assert!(
        result.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&result)
    );
    assert!(read(&md.join("personas.md")).contains("Needs"));
    assert!(read(&md.join("channels.md")).contains("At Target (target)"));
    let journey = read(&md.join("journeys/j.md"));
    assert!(journey.contains("At Current (current)") && journey.contains("At Target (target)"));
}
