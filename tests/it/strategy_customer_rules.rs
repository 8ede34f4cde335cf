//! The strategy and customer alignment rules: one fixture pair per rule
//! (`tests/fixtures/rules/<rule>/{fires,quiet}`), plus fixtures for the edges of each
//! rule's documented semantics.

use serde_json::Value;

use crate::support::{Expect, check_json, diagnostics, fixture, rule_fixture};

/// The only diagnostic of a report.
fn only(report: &Value) -> &Value {
    let diags = diagnostics(report);
    assert_eq!(diags.len(), 1, "exactly one diagnostic: {report:#}");
    &diags[0]
}

/// Asserts the finding's message names `element` (in backquotes) and the plateau, and
/// that it has a help text.
fn assert_explained(d: &Value, element: &str, plateau: &str) {
    let message = d["message"].as_str().expect("message");
    assert!(
        message.contains(&format!("`{element}`")),
        "message names `{element}`: {message}"
    );
    assert!(
        message.contains(&format!("`{plateau}`")),
        "message names `{plateau}`: {message}"
    );
    let help = d["help"].as_str().expect("help");
    assert!(!help.trim().is_empty(), "help is present: {d:#}");
}

/// Checks `tests/fixtures/rules/<dir>` with extra arguments, returning the exit code and
/// the report.
fn check_rule_dir(dir: &str, extra: &[&str]) -> (i32, Value) {
    check_json(&fixture(&format!("rules/{dir}")), extra)
}

// ---- Strategy alignment ----

#[test]
fn objective_unrealized() {
    let report = rule_fixture(
        "objective-unrealized",
        &[Expect {
            rule: "objective-unrealized",
            severity: "error",
            file: "tom.yaml",
            line: 14,
            column: 9,
            element: "reduce-paperwork",
            plateau: Some("target"),
        }],
    );
    let d = only(&report);
    assert_explained(d, "reduce-paperwork", "target");
    assert!(
        d["help"].as_str().unwrap().contains("`reduce-paperwork`"),
        "help names the objective: {d:#}"
    );
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["coverage"]["objectives_realized"]["covered"], 1);
    assert_eq!(report["coverage"]["objectives_realized"]["total"], 2);
}

#[test]
fn objective_unrealized_reports_the_unrealized_child_not_the_parent() {
    // `reduce-paperwork` has two children; only `digital-signature` is realized.
    let (code, report) = check_rule_dir("objective-unrealized/partial", &[]);
    assert_eq!(code, 1, "an error exits 1");
    let d = only(&report);
    assert_eq!(d["rule"], "objective-unrealized");
    assert_eq!(d["element"], "electronic-id");
    assert_eq!(d["plateau"], "target");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some("tom.yaml"), Some(23))
    );
    assert_eq!(d["column"], 9);
    // The parent is not realized either (not all of its children are), and the
    // coverage figure says so, but it is not reported a second time.
    assert_eq!(report["coverage"]["objectives_realized"]["covered"], 2);
    assert_eq!(report["coverage"]["objectives_realized"]["total"], 4);
}

#[test]
fn capability_unaligned() {
    let report = rule_fixture(
        "capability-unaligned",
        &[Expect {
            rule: "capability-unaligned",
            severity: "warning",
            file: "model/capabilities.yaml",
            line: 7,
            column: 9,
            element: "statements",
            plateau: Some("target"),
        }],
    );
    let d = only(&report);
    assert_explained(d, "statements", "target");
    assert!(
        !d["message"].as_str().unwrap().contains("sub-capabilit"),
        "a leaf has no sub-capabilities to mention: {d:#}"
    );
    assert_eq!(report["summary"]["warnings"], 1);
}

#[test]
fn capability_unaligned_reports_an_unaligned_branch_once_at_its_top() {
    // `banking` is aligned through `onboarding`; its other child `back-office` and the
    // two children of that one are aligned to nothing.
    let (code, report) = check_rule_dir("capability-unaligned/branch", &[]);
    assert_eq!(code, 0, "a warning exits 0");
    let d = only(&report);
    assert_eq!(d["rule"], "capability-unaligned");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["element"], "back-office");
    assert_eq!(d["plateau"], "target");
    assert_eq!(d["file"], "model/capabilities.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(13), Some(9))
    );
    assert_explained(d, "back-office", "target");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("nor do its 2 sub-capabilities"),
        "the finding covers the sub-capabilities: {d:#}"
    );
}

#[test]
fn objective_unmeasured() {
    let report = rule_fixture(
        "objective-unmeasured",
        &[Expect {
            rule: "objective-unmeasured",
            severity: "warning",
            file: "tom.yaml",
            line: 12,
            column: 9,
            element: "grow-digital-sales",
            plateau: Some("target"),
        }],
    );
    assert_explained(only(&report), "grow-digital-sales", "target");
}

#[test]
fn objective_unmeasured_uses_the_kpis_in_force_in_the_checked_plateau() {
    // In the quiet fixture the parent's `kpis` are written from `wave-1` on: the
    // baseline has none.
    let (code, report) = check_rule_dir("objective-unmeasured/quiet", &["--plateau", "current"]);
    assert_eq!(code, 0, "a warning exits 0");
    let d = only(&report);
    assert_eq!(d["rule"], "objective-unmeasured");
    assert_eq!(d["element"], "grow-digital-sales");
    assert_eq!(d["plateau"], "current");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(12), Some(9))
    );
    assert_explained(d, "grow-digital-sales", "current");

    let (code, report) = check_rule_dir("objective-unmeasured/quiet", &["--plateau", "wave-1"]);
    assert_eq!(code, 0);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
}

#[test]
fn kpi_without_target() {
    // `digital-share` starts in `wave-1` with a single value: the finding points at it.
    let report = rule_fixture(
        "kpi-without-target",
        &[Expect {
            rule: "kpi-without-target",
            severity: "warning",
            file: "tom.yaml",
            line: 29,
            column: 12,
            element: "digital-share",
            plateau: Some("target"),
        }],
    );
    let d = only(&report);
    assert_explained(d, "digital-share", "target");
    assert!(
        d["message"].as_str().unwrap().contains("repeats `wave-1`"),
        "the value repeats the KPI's first plateau: {d:#}"
    );
}

#[test]
fn kpi_without_target_is_quiet_in_the_plateau_a_kpi_starts_in() {
    // Checked at `wave-1`, where `digital-share` starts, its single value is its target.
    let (code, report) = check_rule_dir("kpi-without-target/fires", &["--plateau", "wave-1"]);
    assert_eq!(code, 0);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
}

#[test]
fn kpi_without_target_reports_all_causes_in_one_finding() {
    // `nps` has no direction and a value for the baseline only.
    let (code, report) = check_rule_dir("kpi-without-target/both", &[]);
    assert_eq!(code, 0, "a warning exits 0");
    let d = only(&report);
    assert_eq!(d["rule"], "kpi-without-target");
    assert_eq!(d["element"], "nps");
    assert_eq!(d["plateau"], "target");
    // With no direction, the finding is on the KPI's id.
    assert_eq!(d["file"], "tom.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(24), Some(9))
    );
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("no `direction`"), "{message}");
    assert!(message.contains("repeats `current`"), "{message}");
    assert_explained(d, "nps", "target");
}

#[test]
fn kpi_without_target_reports_a_kpi_with_no_value() {
    let (code, report) = check_rule_dir("kpi-without-target/no-value", &[]);
    assert_eq!(code, 0, "a warning exits 0");
    let d = only(&report);
    assert_eq!(d["rule"], "kpi-without-target");
    assert_eq!(d["element"], "nps");
    assert_eq!(d["plateau"], "target");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(23), Some(9))
    );
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("no value in `target`"), "{message}");
    assert!(
        !message.contains("direction"),
        "the direction is set: {message}"
    );
}

#[test]
fn kpi_off_track() {
    // `nps` is read from the model, `time-to-open` from a measurements file: each
    // finding points at the latest actual and carries the plateau it falls before.
    let report = rule_fixture(
        "kpi-off-track",
        &[
            Expect {
                rule: "kpi-off-track",
                severity: "warning",
                file: "measurements/2027.csv",
                line: 3,
                column: 1,
                element: "time-to-open",
                plateau: Some("target"),
            },
            Expect {
                rule: "kpi-off-track",
                severity: "warning",
                file: "tom.yaml",
                line: 32,
                column: 9,
                element: "nps",
                plateau: Some("wave-1"),
            },
        ],
    );
    let diags = diagnostics(&report);
    assert_explained(&diags[0], "time-to-open", "target");
    assert_eq!(
        diags[1]["message"],
        "KPI `nps` is off track on the way to `wave-1`: its latest actual, 62 on 2026-07-02, is behind the plan of 69.97"
    );
    let off: Vec<&str> = report["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["status"] == "off-track")
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    assert_eq!(off, ["nps", "time-to-open"], "the status says the same");
}

#[test]
fn kpi_off_track_with_plateau_reports_the_actuals_before_it() {
    let (code, report) = check_rule_dir("kpi-off-track/fires", &["--plateau", "wave-1"]);
    assert_eq!(code, 0, "a warning exits 0");
    let d = only(&report);
    assert_eq!(
        (&d["rule"], &d["element"]),
        (&"kpi-off-track".into(), &"nps".into())
    );
    assert_eq!(d["plateau"], "wave-1");

    let (_, report) = check_rule_dir("kpi-off-track/fires", &["--plateau", "current"]);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
}

#[test]
fn kpi_unattached() {
    // `app-rating` is named by a touchpoint in `target` only: named somewhere is enough.
    let report = rule_fixture(
        "kpi-unattached",
        &[Expect {
            rule: "kpi-unattached",
            severity: "info",
            file: "tom.yaml",
            line: 29,
            column: 9,
            element: "branch-footfall",
            plateau: None,
        }],
    );
    assert_eq!(
        only(&report)["message"],
        "KPI `branch-footfall` is named by no element: it measures nothing of the model"
    );
    assert_eq!(report["summary"]["infos"], 1);
}

// ---- Customer alignment ----

#[test]
fn touchpoint_unsupported() {
    // `branch-counter` has `capabilities: { current: [onboarding], target: [] }`.
    let report = rule_fixture(
        "touchpoint-unsupported",
        &[Expect {
            rule: "touchpoint-unsupported",
            severity: "error",
            file: "tom.yaml",
            line: 47,
            column: 9,
            element: "branch-counter",
            plateau: Some("target"),
        }],
    );
    assert_explained(only(&report), "branch-counter", "target");
    assert_eq!(report["coverage"]["touchpoints_supported"]["covered"], 1);
    assert_eq!(report["coverage"]["touchpoints_supported"]["total"], 2);
}

#[test]
fn touchpoint_unsupported_moves_to_the_plateau_checked() {
    // The quiet fixture sets the capabilities of `branch-counter` only in `target`.
    let (code, report) = check_rule_dir("touchpoint-unsupported/quiet", &["--plateau", "wave-1"]);
    assert_eq!(code, 1, "an error exits 1");
    let d = only(&report);
    assert_eq!(d["rule"], "touchpoint-unsupported");
    assert_eq!(d["element"], "branch-counter");
    assert_eq!(d["plateau"], "wave-1");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(47), Some(9))
    );
    assert_explained(d, "branch-counter", "wave-1");

    // The fires fixture still has its capabilities in `wave-1`.
    let (code, report) = check_rule_dir("touchpoint-unsupported/fires", &["--plateau", "wave-1"]);
    assert_eq!(code, 0);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
}

#[test]
fn stage_without_touchpoint() {
    let report = rule_fixture(
        "stage-without-touchpoint",
        &[Expect {
            rule: "stage-without-touchpoint",
            severity: "warning",
            file: "model/customer.yaml",
            line: 21,
            column: 13,
            element: "close-account",
            plateau: Some("target"),
        }],
    );
    let d = only(&report);
    assert_explained(d, "close-account", "target");
    assert!(
        d["message"].as_str().unwrap().contains("`confirm`"),
        "the message names the stage: {d:#}"
    );
    assert_eq!(report["coverage"]["stages_with_touchpoint"]["covered"], 2);
    assert_eq!(report["coverage"]["stages_with_touchpoint"]["total"], 3);
}

#[test]
fn stage_without_touchpoint_checks_a_journey_where_it_exists() {
    // In the quiet fixture `close-account` ends in `wave-1`: checked there, its stage
    // `confirm` is reported.
    let (code, report) = check_rule_dir("stage-without-touchpoint/quiet", &["--plateau", "wave-1"]);
    assert_eq!(code, 0, "a warning exits 0");
    let d = only(&report);
    assert_eq!(d["rule"], "stage-without-touchpoint");
    assert_eq!(d["element"], "close-account");
    assert_eq!(d["plateau"], "wave-1");
    assert_eq!(d["file"], "model/customer.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(23), Some(13))
    );
}

#[test]
fn persona_without_journey() {
    // The only journey of `business-owner` ends in `wave-1`.
    let report = rule_fixture(
        "persona-without-journey",
        &[Expect {
            rule: "persona-without-journey",
            severity: "warning",
            file: "tom.yaml",
            line: 28,
            column: 9,
            element: "business-owner",
            plateau: Some("target"),
        }],
    );
    assert_explained(only(&report), "business-owner", "target");

    // Where the journey still exists, the persona has it.
    let (code, report) = check_rule_dir("persona-without-journey/fires", &["--plateau", "wave-1"]);
    assert_eq!(code, 0);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
}

#[test]
fn moment_unmeasured() {
    let report = rule_fixture(
        "moment-unmeasured",
        &[Expect {
            rule: "moment-unmeasured",
            severity: "warning",
            file: "tom.yaml",
            line: 55,
            column: 9,
            element: "welcome-call",
            plateau: Some("target"),
        }],
    );
    assert_explained(only(&report), "welcome-call", "target");
    assert_eq!(report["coverage"]["moments_measured"]["covered"], 1);
    assert_eq!(report["coverage"]["moments_measured"]["total"], 2);

    // The quiet fixture measures `welcome-call` from `wave-1` on, not in the baseline.
    let (_, report) = check_rule_dir("moment-unmeasured/quiet", &["--plateau", "current"]);
    let d = only(&report);
    assert_eq!(d["rule"], "moment-unmeasured");
    assert_eq!(d["element"], "welcome-call");
    assert_eq!(d["plateau"], "current");
}

#[test]
fn touchpoint_without_process() {
    let report = rule_fixture(
        "touchpoint-without-process",
        &[Expect {
            rule: "touchpoint-without-process",
            severity: "info",
            file: "tom.yaml",
            line: 49,
            column: 9,
            element: "welcome-call",
            plateau: Some("target"),
        }],
    );
    assert_explained(only(&report), "welcome-call", "target");
    assert_eq!(report["summary"]["infos"], 1);

    // The quiet fixture names the process in `target` only.
    let (code, report) =
        check_rule_dir("touchpoint-without-process/quiet", &["--plateau", "wave-1"]);
    assert_eq!(code, 0, "an info exits 0");
    let d = only(&report);
    assert_eq!(d["rule"], "touchpoint-without-process");
    assert_eq!(d["severity"], "info");
    assert_eq!(d["element"], "welcome-call");
    assert_eq!(d["plateau"], "wave-1");
}

#[test]
fn moment_unmeasured_on_a_stage() {
    // `welcome` becomes a moment that matters in `target`; its touchpoint names no KPI.
    let dir = "moment-unmeasured/stage";
    let (code, report) = check_rule_dir(dir, &[]);
    assert_eq!(code, 0, "a warning exits 0");
    let d = only(&report);
    assert_eq!(d["rule"], "moment-unmeasured");
    assert_eq!(d["element"], "open-account");
    assert_eq!(d["plateau"], "target");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(56), Some(17))
    );
    assert_explained(d, "welcome", "target");
    assert_eq!(
        d["message"],
        "stage `welcome` of journey `open-account` is a moment that matters but none of its touchpoints has a KPI in `target`"
    );
    // One touchpoint and two stages are moments; the stage `apply` and the touchpoint
    // are measured.
    assert_eq!(report["coverage"]["moments_measured"]["covered"], 2);
    assert_eq!(report["coverage"]["moments_measured"]["total"], 3);

    // Before `target`, the stages in force are not moments that matter.
    let (_, report) = check_rule_dir(dir, &["--plateau", "wave-1"]);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
    assert_eq!(report["coverage"]["moments_measured"]["total"], 1);
}

#[test]
fn moment_measured_inside_out() {
    // The stage `apply` is measured through its touchpoint `online-application`, whose
    // KPIs have no voice or the business's.
    let report = rule_fixture(
        "moment-measured-inside-out",
        &[
            Expect {
                rule: "moment-measured-inside-out",
                severity: "warning",
                file: "tom.yaml",
                line: 64,
                column: 13,
                element: "open-account",
                plateau: Some("target"),
            },
            Expect {
                rule: "moment-measured-inside-out",
                severity: "warning",
                file: "tom.yaml",
                line: 74,
                column: 9,
                element: "online-application",
                plateau: Some("target"),
            },
        ],
    );
    let diags = diagnostics(&report);
    assert_explained(&diags[0], "apply", "target");
    assert_eq!(
        diags[1]["message"],
        "touchpoint `online-application` is a moment that matters, but none of its KPIs in `target` is in the customer's voice: `handling-cost`, `time-to-open`"
    );

    // The quiet fixture adds a KPI in the customer's voice from `wave-1` on.
    let (_, report) = check_rule_dir(
        "moment-measured-inside-out/quiet",
        &["--plateau", "current"],
    );
    let found: Vec<(&str, &str)> = diagnostics(&report)
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["element"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("moment-measured-inside-out", "open-account"),
            ("moment-measured-inside-out", "online-application"),
        ]
    );
}

#[test]
fn moment_measured_inside_out_leaves_an_unmeasured_moment_to_moment_unmeasured() {
    // `welcome-call` in the moment-unmeasured fixture has no KPI at all.
    let (_, report) = check_rule_dir("moment-unmeasured/fires", &[]);
    let rules: Vec<&str> = diagnostics(&report)
        .iter()
        .filter(|d| d["element"] == "welcome-call")
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["moment-unmeasured"]);
}

#[test]
fn pain_unresolved() {
    // `open-account` writes its stages per plateau: `wait` is still negative in the
    // list for `target`; `complain` writes one list for every plateau.
    let report = rule_fixture(
        "pain-unresolved",
        &[
            Expect {
                rule: "pain-unresolved",
                severity: "warning",
                file: "tom.yaml",
                line: 54,
                column: 17,
                element: "open-account",
                plateau: Some("target"),
            },
            Expect {
                rule: "pain-unresolved",
                severity: "warning",
                file: "tom.yaml",
                line: 59,
                column: 13,
                element: "complain",
                plateau: Some("target"),
            },
        ],
    );
    let diags = diagnostics(&report);
    assert_explained(&diags[0], "wait", "target");
    assert_eq!(
        diags[1]["message"],
        "stage `raise` of journey `complain` is still `very-negative` for the customer in `target`"
    );
}

#[test]
fn pain_unresolved_reads_the_stages_in_force_at_the_plateau_checked() {
    // In the quiet fixture the baseline's stages, held into `wave-1`, are negative.
    let (code, report) = check_rule_dir("pain-unresolved/quiet", &["--plateau", "wave-1"]);
    assert_eq!(code, 0);
    let found: Vec<(&str, u64, &str)> = diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["element"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["plateau"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("open-account", 50, "wave-1"),
            ("open-account", 51, "wave-1"),
            ("complain", 60, "wave-1"),
        ]
    );
}

#[test]
fn insight_unaddressed() {
    let report = rule_fixture(
        "insight-unaddressed",
        &[Expect {
            rule: "insight-unaddressed",
            severity: "warning",
            file: "tom.yaml",
            line: 41,
            column: 9,
            element: "paper-form-abandonment",
            plateau: None,
        }],
    );
    let d = only(&report);
    assert_eq!(
        d["message"],
        "insight `paper-form-abandonment` has severity `high` but no initiative addresses it"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("addresses: [paper-form-abandonment]"),
        "{d:#}"
    );
}
