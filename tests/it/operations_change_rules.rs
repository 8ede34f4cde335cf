//! Fixture pairs for the operations rules, the change rules and `unused-waiver`: each
//! `tests/fixtures/rules/<rule>/fires` reports exactly the findings of its rule listed, each
//! `quiet` (a near miss of the rule's documented semantics) reports nothing. Further
//! fixtures beside them cover the semantics a pair cannot show.

use serde_json::{Value, json};

use crate::support::{self, Expect, Finding, check_json, diagnostics, fixture, rule_fixture};

/// Every finding of a report, without severity and help: the rule, its place, the
/// element and the plateau.
fn findings(report: &Value) -> Vec<Finding> {
    support::findings(report)
        .into_iter()
        .map(|f| Finding {
            severity: String::new(),
            help: None,
            ..f
        })
        .collect()
}

/// A finding as [`findings`] lists it.
fn at(
    rule: &str,
    file: &str,
    line: u64,
    column: u64,
    element: &str,
    plateau: Option<&str>,
) -> Finding {
    Finding {
        rule: rule.to_owned(),
        file: file.to_owned(),
        line,
        column,
        element: Some(element.to_owned()),
        plateau: plateau.map(str::to_owned),
        ..Finding::default()
    }
}

/// The messages of every diagnostic.
fn messages(report: &Value) -> Vec<&str> {
    diagnostics(report)
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect()
}

#[test]
fn missing_owner() {
    let report = rule_fixture(
        "missing-owner",
        &[Expect {
            rule: "missing-owner",
            severity: "warning",
            file: "tom.yaml",
            line: 33,
            column: 9,
            element: "account-opening",
            plateau: Some("target"),
        }],
    );
    assert_eq!(
        messages(&report),
        ["process `account-opening` has no owner in `target`"]
    );
    assert_eq!(report["summary"]["warnings"], 1);

    // The quiet fixture's owner is written for the target only: checked at the
    // baseline, the process has no owner there.
    let quiet = fixture("rules/missing-owner/quiet");
    let (code, report) = check_json(&quiet, &["--plateau", "current"]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        [at(
            "missing-owner",
            "tom.yaml",
            33,
            9,
            "account-opening",
            Some("current")
        )]
    );
}

#[test]
fn capability_unrealized() {
    // The parent `onboarding` has no process of its own: parents are not checked.
    let report = rule_fixture(
        "capability-unrealized",
        &[Expect {
            rule: "capability-unrealized",
            severity: "warning",
            file: "tom.yaml",
            line: 35,
            column: 9,
            element: "identity-verification",
            plateau: Some("target"),
        }],
    );
    assert_eq!(
        report["coverage"]["leaf_capabilities_realized"],
        json!({ "covered": 1, "total": 2 })
    );
    let (_, quiet) = check_json(&fixture("rules/capability-unrealized/quiet"), &[]);
    assert_eq!(
        quiet["coverage"]["leaf_capabilities_realized"],
        json!({ "covered": 2, "total": 2 })
    );
}

#[test]
fn orphan_element() {
    let report = rule_fixture(
        "orphan-element",
        &[Expect {
            rule: "orphan-element",
            severity: "info",
            file: "model/operations.yaml",
            line: 10,
            column: 9,
            element: "paper-archive",
            plateau: Some("target"),
        }],
    );
    assert_eq!(
        messages(&report),
        [
            "process `paper-archive` is referenced by nothing and references no capability in `target`"
        ]
    );
}

#[test]
fn orphan_element_counts_references_in_the_target_only() {
    // The process stops naming the system in the target: an orphan there, not before.
    let dir = fixture("rules/orphan-element/used-before-target");
    let (code, report) = check_json(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        [at(
            "orphan-element",
            "tom.yaml",
            40,
            9,
            "fax-server",
            Some("target")
        )]
    );
    let (_, wave) = check_json(&dir, &["--plateau", "wave-1"]);
    assert!(diagnostics(&wave).is_empty(), "{wave:#}");
}

#[test]
fn retiring_system_in_use() {
    // `systems` holds `core-banking` from `current` into `wave-1`, where it is phased
    // out; the finding points at that reference.
    let report = rule_fixture(
        "retiring-system-in-use",
        &[Expect {
            rule: "retiring-system-in-use",
            severity: "warning",
            file: "tom.yaml",
            line: 54,
            column: 26,
            element: "account-opening",
            plateau: Some("wave-1"),
        }],
    );
    assert_eq!(
        messages(&report),
        ["process `account-opening` uses system `core-banking`, which is `phase-out` in `wave-1`"]
    );
}

#[test]
fn retiring_system_in_use_over_two_plateaus_is_one_finding() {
    let dir = fixture("rules/retiring-system-in-use/two-plateaus");
    let (code, report) = check_json(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        [at(
            "retiring-system-in-use",
            "tom.yaml",
            41,
            15,
            "account-opening",
            Some("wave-1")
        )]
    );
    assert_eq!(
        messages(&report),
        [
            "process `account-opening` uses system `core-banking`, which is `phase-out` in `wave-1` and `retired` in `target`"
        ]
    );

    // One plateau checked: only that plateau's use.
    let (_, target) = check_json(&dir, &["--plateau", "target"]);
    assert_eq!(
        findings(&target),
        [at(
            "retiring-system-in-use",
            "tom.yaml",
            41,
            15,
            "account-opening",
            Some("target")
        )]
    );
    assert_eq!(
        messages(&target),
        ["process `account-opening` uses system `core-banking`, which is `retired` in `target`"]
    );
}

#[test]
fn sourcing_without_supplier() {
    // `card-processing` lacks a supplier in two plateaus under one `sourcing` entry: one
    // finding. `identity-verification` becomes `partner` in `target`: its entry there.
    let report = rule_fixture(
        "sourcing-without-supplier",
        &[
            Expect {
                rule: "sourcing-without-supplier",
                severity: "warning",
                file: "tom.yaml",
                line: 37,
                column: 15,
                element: "card-processing",
                plateau: Some("current"),
            },
            Expect {
                rule: "sourcing-without-supplier",
                severity: "warning",
                file: "tom.yaml",
                line: 42,
                column: 36,
                element: "identity-verification",
                plateau: Some("target"),
            },
        ],
    );
    assert_eq!(
        messages(&report),
        [
            "capability `card-processing` is sourced `outsourced` in `current` and `wave-1`, but no supplier is linked to it there",
            "capability `identity-verification` is sourced `partner` in `target`, but no supplier is linked to it there",
        ]
    );

    // In `target` the supplier provides `card-processing`.
    let dir = fixture("rules/sourcing-without-supplier/fires");
    let (_, report) = check_json(&dir, &["--plateau", "target"]);
    assert_eq!(
        findings(&report),
        [at(
            "sourcing-without-supplier",
            "tom.yaml",
            42,
            36,
            "identity-verification",
            Some("target")
        )]
    );
    let (_, report) = check_json(&dir, &["--plateau", "wave-1"]);
    let of_rule: Vec<&str> = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "sourcing-without-supplier")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        of_rule,
        [
            "capability `card-processing` is sourced `outsourced` in `wave-1`, but no supplier is linked to it there"
        ]
    );
}

#[test]
fn gap_without_initiative() {
    // The maturity rise of `onboarding` is delivered in its step; the system added in
    // `wave-1` is not. In the quiet fixture the system comes in `wave-1` and goes in the
    // target, and each step is delivered by an initiative landing at its end.
    let report = rule_fixture(
        "gap-without-initiative",
        &[Expect {
            rule: "gap-without-initiative",
            severity: "error",
            file: "tom.yaml",
            line: 50,
            column: 9,
            element: "interim-scanner",
            plateau: Some("wave-1"),
        }],
    );
    assert_eq!(
        messages(&report),
        [
            "system `interim-scanner` is added between `current` and `wave-1`, but no initiative delivers it"
        ]
    );
    assert_eq!(
        report["coverage"]["gaps_with_initiative"],
        json!({ "covered": 1, "total": 2 })
    );
}

#[test]
fn gap_without_initiative_added_removed_and_rise() {
    // Every step is looked at: a maturity rising in both steps is two gaps.
    let dir = fixture("rules/gap-without-initiative/three-gaps");
    let (code, report) = check_json(&dir, &[]);
    assert_eq!(code, 1, "gaps are errors");
    assert_eq!(
        findings(&report),
        [
            // Each rise points at the entry of the staged maturity where it appears.
            at(
                "gap-without-initiative",
                "tom.yaml",
                30,
                29,
                "onboarding",
                Some("wave-1")
            ),
            at(
                "gap-without-initiative",
                "tom.yaml",
                30,
                40,
                "onboarding",
                Some("target")
            ),
            at(
                "gap-without-initiative",
                "tom.yaml",
                41,
                9,
                "paper-forms",
                Some("target")
            ),
            at(
                "gap-without-initiative",
                "tom.yaml",
                45,
                9,
                "onboarding-platform",
                Some("target")
            ),
        ]
    );
    let rise = &diagnostics(&report)[1];
    assert_eq!(
        (rise["end_line"].as_u64(), rise["end_column"].as_u64()),
        (Some(30), Some(48))
    );
    assert_eq!(
        messages(&report),
        [
            "capability `onboarding` rises from maturity 1 in `current` to 2 in `wave-1`, but no initiative delivers it",
            "capability `onboarding` rises from maturity 2 in `wave-1` to 3 in `target`, but no initiative delivers it",
            "system `paper-forms` is removed between `wave-1` and `target`, but no initiative delivers it",
            "system `onboarding-platform` is added between `wave-1` and `target`, but no initiative delivers it",
        ]
    );
    assert_eq!(report["summary"]["errors"], 4);
    assert_eq!(
        report["coverage"]["gaps_with_initiative"],
        json!({ "covered": 0, "total": 4 })
    );
}

#[test]
fn gap_without_initiative_first_maturity_rises_from_zero() {
    let dir = fixture("rules/gap-without-initiative/first-maturity");
    let (code, report) = check_json(&dir, &[]);
    assert_eq!(code, 1);
    // Points at the entry where the maturity is first written: `wave-1: 2`.
    assert_eq!(
        findings(&report),
        [at(
            "gap-without-initiative",
            "tom.yaml",
            30,
            17,
            "onboarding",
            Some("wave-1")
        )]
    );
    assert_eq!(
        messages(&report),
        [
            "capability `onboarding` rises from maturity 0 in `current` to 2 in `wave-1`, but no initiative delivers it"
        ]
    );
}

#[test]
fn initiative_without_objective() {
    // The quiet initiative names an objective in `current` only: the spec as written
    // counts.
    let report = rule_fixture(
        "initiative-without-objective",
        &[Expect {
            rule: "initiative-without-objective",
            severity: "warning",
            file: "tom.yaml",
            line: 39,
            column: 9,
            element: "crm-upgrade",
            plateau: None,
        }],
    );
    assert_eq!(
        messages(&report),
        ["initiative `crm-upgrade` names no objective"]
    );
}

#[test]
fn initiative_order() {
    // The finding points at the dependency; in the quiet fixture both land in `target`.
    let report = rule_fixture(
        "initiative-order",
        &[Expect {
            rule: "initiative-order",
            severity: "error",
            file: "tom.yaml",
            line: 48,
            column: 18,
            element: "real-time-payments",
            plateau: None,
        }],
    );
    assert_eq!(
        messages(&report),
        [
            "initiative `real-time-payments` lands in `wave-1`, before `core-migration` it depends on, which lands in `target`"
        ]
    );
}

#[test]
fn initiative_unsized() {
    let report = rule_fixture(
        "initiative-unsized",
        &[Expect {
            rule: "initiative-unsized",
            severity: "warning",
            file: "tom.yaml",
            line: 41,
            column: 9,
            element: "crm-upgrade",
            plateau: None,
        }],
    );
    assert_eq!(
        messages(&report),
        ["initiative `crm-upgrade` has neither a cost nor an effort"]
    );
}

#[test]
fn initiative_ends_late() {
    // Ending on the plateau's day is in time; a plateau without a date is not checked.
    let report = rule_fixture(
        "initiative-ends-late",
        &[Expect {
            rule: "initiative-ends-late",
            severity: "warning",
            file: "tom.yaml",
            line: 48,
            column: 10,
            element: "online-form",
            plateau: None,
        }],
    );
    assert_eq!(
        messages(&report),
        [
            "initiative `online-form` ends on 2027-09-30, after `wave-1` (2027-06-30), the plateau it lands in"
        ]
    );
}

#[test]
fn initiative_ends_before_start() {
    // Starting and ending on one day is fine; an initiative without both dates is not
    // checked.
    let report = rule_fixture(
        "initiative-ends-before-start",
        &[Expect {
            rule: "initiative-ends-before-start",
            severity: "error",
            file: "tom.yaml",
            line: 48,
            column: 10,
            element: "online-form",
            plateau: None,
        }],
    );
    assert_eq!(
        messages(&report),
        ["initiative `online-form` ends on 2026-06-30, before it starts on 2026-09-01"]
    );
}

#[test]
fn kpi_move_without_initiative() {
    // `time-to-open` moves in `wave-1`, where `digital-onboarding` names it, and again in
    // `target`, where nothing does. The move of `cost-to-serve` is waived.
    let report = rule_fixture(
        "kpi-move-without-initiative",
        &[Expect {
            rule: "kpi-move-without-initiative",
            severity: "info",
            file: "tom.yaml",
            line: 22,
            column: 37,
            element: "time-to-open",
            plateau: Some("target"),
        }],
    );
    assert_eq!(
        messages(&report),
        [
            "KPI `time-to-open` moves from 3 in `wave-1` to 1 in `target`, but no initiative landing in `target` names it in `kpis` (those that do land elsewhere: `digital-onboarding` in `wave-1`)"
        ]
    );
    assert_eq!(report["summary"]["waived"], 1);

    // The move into `wave-1` is named by the initiative landing there.
    let dir = fixture("rules/kpi-move-without-initiative/fires");
    let (_, report) = check_json(&dir, &["--plateau", "wave-1"]);
    assert!(
        diagnostics(&report)
            .iter()
            .all(|d| d["rule"] != "kpi-move-without-initiative"),
        "{report:#}"
    );
}

#[test]
fn kpi_move_without_initiative_is_quiet_where_no_initiative_names_a_kpi() {
    let (code, report) = check_json(&fixture("rules/kpi-move-without-initiative/unlinked"), &[]);
    assert_eq!(code, 0);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
}

#[test]
fn maturity_regression() {
    let report = rule_fixture(
        "maturity-regression",
        &[Expect {
            rule: "maturity-regression",
            severity: "info",
            file: "tom.yaml",
            line: 30,
            column: 40,
            element: "onboarding",
            plateau: Some("target"),
        }],
    );
    assert_eq!(
        messages(&report),
        ["capability `onboarding` falls from maturity 4 in `wave-1` to 2 in `target`"]
    );
    assert_eq!(report["summary"]["infos"], 1);
    assert_eq!(report["summary"]["waived"], 0);
    assert_eq!(report["waivers"], json!([]));

    // The quiet fixture waives the same fall: the waiver is listed with its reason.
    let (_, quiet) = check_json(&fixture("rules/maturity-regression/quiet"), &[]);
    assert_eq!(quiet["summary"]["waived"], 1);
    assert_eq!(
        quiet["waivers"],
        json!([{
            "rule": "maturity-regression",
            "element": "onboarding",
            "reason": "Run down before outsourcing to the card scheme in 2028.",
            "file": "tom.yaml",
            "line": 33,
            "silenced": 1,
        }])
    );
}

#[test]
fn maturity_regression_with_plateau_checks_the_step_into_it() {
    let dir = fixture("rules/maturity-regression/plateau");
    let wave = at(
        "maturity-regression",
        "tom.yaml",
        30,
        29,
        "onboarding",
        Some("wave-1"),
    );
    let target = at(
        "maturity-regression",
        "tom.yaml",
        30,
        40,
        "onboarding",
        Some("target"),
    );
    let (_, all) = check_json(&dir, &[]);
    assert_eq!(findings(&all), [wave.clone(), target.clone()]);

    let (code, report) = check_json(&dir, &["--plateau", "wave-1"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report), [wave]);
    assert_eq!(
        messages(&report),
        ["capability `onboarding` falls from maturity 4 in `current` to 3 in `wave-1`"]
    );

    let (_, report) = check_json(&dir, &["--plateau", "target"]);
    assert_eq!(findings(&report), [target]);

    // The baseline has no plateau before it.
    let (_, report) = check_json(&dir, &["--plateau", "current"]);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
}

#[test]
fn unused_waiver() {
    let report = rule_fixture(
        "unused-waiver",
        &[Expect {
            rule: "unused-waiver",
            severity: "warning",
            file: "model/operations.yaml",
            line: 7,
            column: 15,
            element: "onboarding",
            plateau: None,
        }],
    );
    assert_eq!(
        messages(&report),
        [
            "waiver of `missing-owner` silences nothing: the rule does not fire on capability `onboarding`"
        ]
    );
    // An unused waiver is still listed, with nothing silenced.
    assert_eq!(report["summary"]["waived"], 0);
    assert_eq!(
        report["waivers"],
        json!([{
            "rule": "missing-owner",
            "element": "onboarding",
            "reason": "Owner to be appointed in Q3.",
            "file": "model/operations.yaml",
            "line": 7,
            "silenced": 0,
        }])
    );

    let (_, quiet) = check_json(&fixture("rules/unused-waiver/quiet"), &[]);
    assert_eq!(quiet["summary"]["waived"], 1);
    assert_eq!(
        quiet["waivers"],
        json!([{
            "rule": "missing-owner",
            "element": "onboarding",
            "reason": "Owner to be appointed in Q3.",
            "file": "model/operations.yaml",
            "line": 6,
            "silenced": 1,
        }])
    );

    // With one plateau checked, a waiver of a target rule may be used elsewhere: it is
    // not judged.
    let (code, report) = check_json(
        &fixture("rules/unused-waiver/fires"),
        &["--plateau", "wave-1"],
    );
    assert_eq!(code, 0);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
}

#[test]
fn unused_waiver_of_an_unknown_rule_suggests_one() {
    let (code, report) = check_json(&fixture("rules/unused-waiver/unknown-rule"), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        [at(
            "unused-waiver",
            "model/operations.yaml",
            7,
            15,
            "onboarding",
            None
        )]
    );
    let d = &diagnostics(&report)[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["message"],
        "waiver names `mising-owner`, which is not a rule"
    );
    assert_eq!(d["help"], "did you mean `missing-owner`?");
    assert_eq!(report["waivers"][0]["rule"], "mising-owner");
    assert_eq!(report["waivers"][0]["silenced"], 0);
}

#[test]
fn unused_waiver_of_a_structural_rule_is_a_schema_error() {
    let (code, report) = check_json(&fixture("rules/unused-waiver/structural"), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [at(
            "schema",
            "model/operations.yaml",
            7,
            15,
            "onboarding",
            None
        )]
    );
    let d = &diagnostics(&report)[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["message"],
        "`duplicate-id` is a structural rule and cannot be waived"
    );
}

#[test]
fn unused_waiver_with_plateau_judges_spec_rules_only() {
    let dir = fixture("rules/unused-waiver/plateau");
    let spec_waiver = at(
        "unused-waiver",
        "model/operations.yaml",
        33,
        15,
        "archive-scanning",
        None,
    );
    let waiver = |report: &Value, element: &str| -> Value {
        report["waivers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["element"] == element)
            .cloned()
            .unwrap()
    };

    // Every plateau checked: the orphan waiver silences the system's finding in the
    // target; the waiver of a spec rule on an initiative that names an objective is
    // unused.
    let (code, all) = check_json(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(findings(&all), std::slice::from_ref(&spec_waiver));
    assert_eq!(
        messages(&all),
        [
            "waiver of `initiative-without-objective` silences nothing: the rule does not fire on initiative `archive-scanning`"
        ]
    );
    assert_eq!(all["summary"]["waived"], 1);
    assert_eq!(
        waiver(&all, "paper-archive"),
        json!({
            "rule": "orphan-element",
            "element": "paper-archive",
            "reason": "Kept read-only for the regulator's audit trail.",
            "file": "model/operations.yaml",
            "line": 18,
            "silenced": 1,
        })
    );

    // `--plateau wave-1`: the system is in use there, so the orphan waiver silences
    // nothing, but `orphan-element` looks at the target and is not judged. The spec
    // rule's waiver still is.
    let (code, wave) = check_json(&dir, &["--plateau", "wave-1"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&wave), [spec_waiver]);
    assert_eq!(wave["summary"]["waived"], 0);
    assert_eq!(waiver(&wave, "paper-archive")["silenced"], 0);
    assert_eq!(wave["waivers"].as_array().unwrap().len(), 2);
}

#[test]
fn unused_waiver_of_itself_is_never_used() {
    let (code, report) = check_json(&fixture("rules/unused-waiver/self"), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        [
            at(
                "unused-waiver",
                "model/operations.yaml",
                7,
                15,
                "onboarding",
                None
            ),
            at(
                "unused-waiver",
                "model/operations.yaml",
                9,
                15,
                "onboarding",
                None
            ),
        ]
    );
    assert_eq!(report["summary"]["warnings"], 2);
}

#[test]
fn unused_waiver_of_a_rule_turned_off_is_used() {
    // `missing-owner: off` in tom.yaml: the rule still counts as firing, so its waiver
    // is used; the finding it silences would not have been reported, so it is not
    // counted as waived.
    let (code, report) = check_json(&fixture("rules/unused-waiver/rule-off"), &[]);
    assert_eq!(code, 0);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
    assert_eq!(report["waivers"][0]["rule"], "missing-owner");
    assert_eq!(report["waivers"][0]["silenced"], 1);
    assert_eq!(report["summary"]["waived"], 0);
}
