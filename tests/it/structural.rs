//! One fixture per structural diagnostic: rule, file, line, column, element, plateau.

use serde_json::Value;

use crate::support::{check_json, diagnostics, fixture, places, project};

fn only(report: &Value) -> &Value {
    let diags = diagnostics(report);
    assert_eq!(diags.len(), 1, "exactly one diagnostic: {diags:#?}");
    &diags[0]
}

fn assert_at(dir: &str, rule: &str, file: &str, line: u64, column: u64) -> Value {
    let (code, report) = check_json(&fixture(&format!("structural/{dir}")), &[]);
    assert_eq!(code, 1, "errors exit 1");
    let d = only(&report).clone();
    assert_eq!(
        places(&report),
        vec![(rule.to_owned(), file.to_owned(), line, column)]
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(report["summary"]["errors"], 1);
    d
}

#[test]
fn yaml_syntax() {
    let d = assert_at("yaml-syntax", "yaml-syntax", "model/caps.yaml", 4, 7);
    assert!(d["message"].as_str().unwrap().starts_with("invalid YAML"));
}

#[test]
fn schema_unknown_field_with_did_you_mean() {
    let d = assert_at("schema", "schema", "model/caps.yaml", 7, 5);
    assert_eq!(d["element"], "sales");
    assert_eq!(d["help"], "did you mean `realizes`?");
}

#[test]
fn invalid_id() {
    let d = assert_at("invalid-id", "invalid-id", "model/caps.yaml", 2, 9);
    assert_eq!(d["element"], "Digital_Onboarding");
    assert!(d["help"].as_str().unwrap().contains("`digital_onboarding`"));
}

#[test]
fn duplicate_id_points_at_the_second() {
    let d = assert_at("duplicate-id", "duplicate-id", "model/b.yaml", 4, 9);
    assert_eq!(d["element"], "onboarding");
}

#[test]
fn unknown_reference_matches_the_contract() {
    let d = assert_at(
        "unknown-reference",
        "unknown-reference",
        "model/customers.yaml",
        7,
        20,
    );
    assert_eq!(d["message"], "capability `cap-onbording` does not exist");
    assert_eq!(d["end_line"], 7);
    assert_eq!(d["end_column"], 32);
    assert_eq!(d["element"], "tp-mobile-app");
    assert_eq!(d["plateau"], Value::Null);
    assert_eq!(d["help"], "did you mean `cap-onboarding`?");
}

#[test]
fn wrong_reference_kind() {
    let d = assert_at(
        "wrong-reference-kind",
        "wrong-reference-kind",
        "model/model.yaml",
        4,
        16,
    );
    assert_eq!(d["element"], "onboarding");
}

#[test]
fn unknown_plateau_in_staged_key() {
    let d = assert_at(
        "unknown-plateau",
        "unknown-plateau",
        "model/model.yaml",
        4,
        29,
    );
    assert_eq!(d["help"], "did you mean `wave-1`?");
}

#[test]
fn hierarchy_cycle_reported_once() {
    let d = assert_at(
        "hierarchy-cycle",
        "hierarchy-cycle",
        "model/model.yaml",
        7,
        13,
    );
    assert!(
        d["message"].as_str().unwrap().contains("a → c → b → a"),
        "{d}"
    );
}

#[test]
fn absent_reference_in_each_plateau() {
    let (code, report) = check_json(&fixture("structural/absent-reference"), &[]);
    assert_eq!(code, 1);
    let got: Vec<_> = diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["plateau"].as_str().unwrap(),
                d["element"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("absent-reference", 8, 20, "current", "mobile-app")],
        "one finding per reference, at the first plateau where it is absent"
    );
    assert!(
        diagnostics(&report)[0]["message"]
            .as_str()
            .unwrap()
            .contains("does not exist in plateaus `current` and `wave-1`"),
        "{report:#}"
    );
    // --plateau narrows per-plateau checks to one plateau.
    let (_, report) = check_json(
        &fixture("structural/absent-reference"),
        &["--plateau", "wave-1"],
    );
    assert_eq!(diagnostics(&report).len(), 1);
    assert_eq!(diagnostics(&report)[0]["plateau"], "wave-1");
    let (_, report) = check_json(
        &fixture("structural/absent-reference"),
        &["--plateau", "target"],
    );
    assert!(
        diagnostics(&report)
            .iter()
            .all(|d| d["rule"] != "absent-reference"),
        "{report:#}"
    );
}

#[test]
fn include_outside_project() {
    assert_at(
        "include-outside-project",
        "include-outside-project",
        "tom.yaml",
        7,
        11,
    );
}

#[test]
fn include_outside_project_through_a_symlink() {
    let outside = tempfile::tempdir().unwrap();
    crate::support::write(
        outside.path(),
        "secret.yaml",
        "capabilities:\n  - { id: s, name: S }\n",
    );
    let dir = project(&[("model/a.yaml", "capabilities:\n  - { id: a, name: A }\n")]);
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        dir.path().join("model/link.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("model/linked-dir")).unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let rules: Vec<_> = places(&report).into_iter().map(|p| p.0).collect();
    assert_eq!(
        rules,
        vec!["include-outside-project", "include-outside-project"],
        "{report:#}"
    );
    let messages: Vec<_> = diagnostics(&report)
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("model/link.yaml")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("`model/linked-dir` is a link to")),
        "{messages:?}"
    );
}

#[test]
fn unknown_plateau_for_from_until_and_lands_in() {
    let dir = project(&[(
        "model/m.yaml",
        "capabilities:\n  - id: a\n    name: A\n    from: target\n    until: current\n  - id: b\n    name: B\n    from: wave-9\ninitiatives:\n  - id: i\n    name: I\n    lands_in: later\n",
    )]);
    let (_, report) = check_json(dir.path(), &[]);
    let got: Vec<_> = places(&report)
        .into_iter()
        .map(|(r, _, l, c)| (r, l, c))
        .collect();
    assert_eq!(
        got,
        vec![
            ("unknown-plateau".into(), 5, 12),
            ("unknown-plateau".into(), 8, 11),
            ("unknown-plateau".into(), 12, 15)
        ]
    );
}

#[test]
fn depends_on_cycle() {
    let dir = project(&[(
        "model/m.yaml",
        "initiatives:\n  - { id: a, name: A, lands_in: target, depends_on: [b] }\n  - { id: b, name: B, lands_in: target, depends_on: [a] }\n",
    )]);
    let (_, report) = check_json(dir.path(), &[]);
    let d = &diagnostics(&report);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["rule"], "hierarchy-cycle");
    assert!(d[0]["message"].as_str().unwrap().contains("a → b → a"));
}

#[test]
fn duplicate_stage_id_and_missing_required_fields() {
    let dir = project(&[(
        "model/m.yaml",
        "personas:\n  - { id: p, name: P }\njourneys:\n  - id: j\n    name: J\n    persona: p\n    stages:\n      - { id: s, name: S }\n      - { id: s, name: T }\n  - id: k\n    name: K\ninitiatives:\n  - { id: i, name: I }\n",
    )]);
    let (_, report) = check_json(dir.path(), &[]);
    let got: Vec<_> = places(&report)
        .into_iter()
        .map(|(r, _, l, c)| (r, l, c))
        .collect();
    assert_eq!(
        got,
        vec![
            ("duplicate-id".into(), 9, 15),
            ("schema".into(), 10, 9),
            ("schema".into(), 13, 11)
        ],
        "{report:#}"
    );
}

#[test]
fn keeps_going_after_errors_in_every_file() {
    let dir = project(&[
        (
            "model/a.yaml",
            "capabilities:\n  - id: a\n    name: A\n    maturity: 9\n    realizes: nope\n",
        ),
        (
            "model/b.yaml",
            "processes:\n  - id: p\n    name: P\n    layer: middle\n    capabilities: [a, zz]\n",
        ),
        (
            "model/c.yaml",
            "touchpoints:\n  - id: t\n    name: T\n    moment_that_matters: yes\n",
        ),
    ]);
    let (_, report) = check_json(dir.path(), &[]);
    let got: Vec<_> = places(&report)
        .into_iter()
        .map(|(r, f, l, _)| (r, f, l))
        .collect();
    assert_eq!(
        got,
        vec![
            ("schema".into(), "model/a.yaml".into(), 4),
            ("schema".into(), "model/a.yaml".into(), 5),
            ("schema".into(), "model/b.yaml".into(), 4),
            ("unknown-reference".into(), "model/b.yaml".into(), 5),
            ("schema".into(), "model/c.yaml".into(), 4),
        ]
    );
}

#[test]
fn wrong_kind_in_owner_and_staged_reference_lists() {
    let dir = project(&[(
        "model/m.yaml",
        "org_units:\n  - { id: ops, name: Ops }\ncapabilities:\n  - id: c\n    name: C\n    owner: { current: ops, target: c }\n",
    )]);
    let (_, report) = check_json(dir.path(), &[]);
    assert_eq!(
        places(&report),
        vec![("wrong-reference-kind".into(), "model/m.yaml".into(), 6, 36)]
    );
}
