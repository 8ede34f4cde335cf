//! Problems in tom.yaml settings, waivers and properties: each at its place.

use crate::support::{self, Finding, check_json, diagnostics, position, write};

/// Checks a project made of `tom` and one model file; returns its findings.
fn findings(tom: &str, model: &str) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tom.yaml", tom);
    write(dir.path(), "model/m.yaml", model);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{report:#}");
    support::findings(&report)
}

const MODEL: &str = "capabilities:\n  - { id: a, name: A }\n";

#[test]
fn rule_levels_are_checked() {
    let tom = "tom: 1\nname: T\nplateaus: [{ id: now, name: Now }]\nrules:\n  capability-unaligned: error\n  missing-ownr: off\n  orphan-element: loud\n  schema: warning\n";
    let got = findings(tom, MODEL);
    let at = |s: &str| position(tom, s);
    assert_eq!(
        got.iter()
            .map(|f| (f.rule.as_str(), f.line, f.column))
            .collect::<Vec<_>>(),
        vec![
            ("schema", at("missing-ownr").0, at("missing-ownr").1),
            ("schema", at("loud").0, at("loud").1),
            ("schema", at("warning").0, at("warning").1),
        ]
    );
    assert_eq!(
        got[0].help.as_deref().unwrap_or_default(),
        "did you mean `missing-owner`?"
    );
    assert!(
        got[2]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("always errors"),
        "{}",
        got[2].help.as_deref().unwrap_or_default()
    );
}

#[test]
fn plateau_problems() {
    let tom = "tom: 1\nname: T\nplateaus:\n  - { id: now, name: Now }\n  - { id: now, name: Again }\n  - { id: later }\n  - { id: Next, name: Next, when: soon }\n";
    let got = findings(tom, MODEL);
    let rules: Vec<_> = got.iter().map(|f| (f.rule.as_str(), f.line)).collect();
    assert_eq!(
        rules,
        vec![
            ("duplicate-id", 5),
            ("schema", 6),
            ("invalid-id", 7),
            ("schema", 7)
        ],
        "{got:#?}"
    );
    assert_eq!(
        got[3].help.as_deref().unwrap_or_default(),
        "a plateau has `id`, `name` and `date`"
    );
}

#[test]
fn include_must_be_a_list_of_valid_globs() {
    let base = "tom: 1\nname: T\nplateaus: [{ id: now, name: Now }]\n";
    let got = findings(&format!("{base}include: {{ a: b }}\n"), MODEL);
    assert_eq!(
        (got[0].rule.as_str(), got[0].line, got.len()),
        ("schema", 4, 1),
        "{got:#?}"
    );
    let tom = format!("{base}include: [\"model/[a.yaml\", 7]\n");
    let got = findings(&tom, MODEL);
    let found: Vec<_> = got
        .iter()
        .map(|f| (f.rule.as_str(), f.line, f.column))
        .collect();
    assert_eq!(
        found,
        vec![("schema", 4, 11), ("schema", 4, 28)],
        "{got:#?}"
    );
}

#[test]
fn waivers_need_rule_and_reason_and_properties_are_strings() {
    let tom = "tom: 1\nname: T\nplateaus: [{ id: now, name: Now }]\n";
    let model = "capabilities:\n  - id: a\n    name: A\n    waivers:\n      - { rule: missing-owner }\n      - { reason: later }\n      - { rule: missing-owner, reason: ok, until: 2027 }\n    properties: { cost-centre: [1, 2] }\n";
    let got = findings(tom, model);
    let found: Vec<_> = got
        .iter()
        .map(|f| (f.rule.as_str(), f.file.as_str(), f.line, f.column))
        .collect();
    assert_eq!(
        found,
        vec![
            ("schema", "model/m.yaml", 5, 17),
            ("schema", "model/m.yaml", 6, 9),
            ("schema", "model/m.yaml", 7, 44),
            ("schema", "model/m.yaml", 8, 32),
        ],
        "{got:#?}"
    );
}

/// `(rule, severity)` of every finding.
fn levels(report: &serde_json::Value) -> Vec<(String, String)> {
    diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn levels_from_tom_yaml_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&crate::support::fixture("outputs"), dir.path());
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let defaults = [
        ("touchpoint-unsupported", "error"),
        ("touchpoint-without-process", "info"),
        ("missing-owner", "warning"),
    ];
    assert_eq!(levels(&report), pairs(&defaults));

    // tom.yaml raises one rule and turns another off.
    let tom = std::fs::read_to_string(dir.path().join("tom.yaml")).unwrap();
    let tom = format!("{tom}rules:\n  missing-owner: error\n  touchpoint-without-process: off\n");
    write(dir.path(), "tom.yaml", &tom);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        levels(&report),
        pairs(&[
            ("touchpoint-unsupported", "error"),
            ("missing-owner", "error")
        ])
    );
    assert_eq!(report["summary"]["errors"], 2);

    // The command line wins over tom.yaml; with no error left the run passes...
    let args = [
        "--rule",
        "missing-owner=warning",
        "--rule",
        "touchpoint-unsupported=warning",
    ];
    let (code, report) = check_json(dir.path(), &args);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        levels(&report),
        pairs(&[
            ("touchpoint-unsupported", "warning"),
            ("missing-owner", "warning")
        ])
    );
    // ...unless warnings are denied.
    let mut denied = args.to_vec();
    denied.push("--deny-warnings");
    let (code, _) = check_json(dir.path(), &denied);
    assert_eq!(code, 1);
}

#[test]
fn bad_rule_overrides_stop_the_run() {
    let path = crate::support::fixture("outputs");
    let path = path.to_str().unwrap();
    for (arg, says) in [
        ("missing-ownr=off", "did you mean `missing-owner`?"),
        ("missing-owner=of", "did you mean `off`?"),
        ("missing-owner", "RULE=LEVEL"),
        ("schema=warning", "structural rules are always errors"),
    ] {
        let out = crate::support::tomc(&["check", path, "--rule", arg]);
        assert_eq!(out.status.code(), Some(2), "{arg}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{arg}: {err}");
    }
}
