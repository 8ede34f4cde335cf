//! Plans that make no sense: initiatives out of step with what they deliver, initiatives
//! that deliver what never changes, gaps counted step by step, KPI targets that go the
//! wrong way.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::{
    Expect, check_json, copy_dir, diagnostics, fixture, project, root, rule_fixture, tomc,
};

/// The messages of every finding of `rule`.
fn messages_of(report: &Value, rule: &str) -> Vec<String> {
    diagnostics(report)
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect()
}

/// A copy of Northwind with `edit` applied to the text of every model file.
fn northwind_edited(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/northwind-bank"), tmp.path());
    for entry in std::fs::read_dir(tmp.path().join("model")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(&text)).unwrap();
    }
    tmp
}

/// Runs `tomc gaps PATH --format json`.
fn gaps_json(path: &Path) -> Value {
    let out = tomc(&["gaps", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap()
}

#[test]
fn delivery_out_of_step() {
    // The app is live in `wave-1`; its initiative lands in `target`. Nothing lands in
    // `wave-1` to deliver it, so the step has an undelivered gap too.
    let report = rule_fixture(
        "delivery-out-of-step",
        &[
            Expect {
                rule: "gap-without-initiative",
                severity: "error",
                file: "tom.yaml",
                line: 47,
                column: 9,
                element: "mobile-app",
                plateau: Some("wave-1"),
            },
            Expect {
                rule: "delivery-out-of-step",
                severity: "error",
                file: "tom.yaml",
                line: 75,
                column: 16,
                element: "mobile-first",
                plateau: None,
            },
        ],
    );
    assert_eq!(
        messages_of(&report, "delivery-out-of-step"),
        [
            "initiative `mobile-first` lands in `target` and delivers touchpoint `mobile-app`, which does not change there: it changes in `wave-1`"
        ]
    );
    assert_eq!(
        messages_of(&report, "gap-without-initiative"),
        [
            "touchpoint `mobile-app` is added between `current` and `wave-1`, but no initiative landing in `wave-1` delivers it (those that do land elsewhere: `mobile-first` in `target`)"
        ]
    );
    let help = diagnostics(&report)[1]["help"].as_str().unwrap();
    assert!(
        help.contains("land `mobile-first` in `wave-1`") && help.contains("phases"),
        "{help}"
    );
    assert_eq!(
        report["coverage"]["gaps_with_initiative"],
        json!({ "covered": 0, "total": 1 })
    );
}

#[test]
fn delivery_out_of_step_names_every_plateau_where_the_element_changes() {
    // `onboarding` rises in `wave-1` and again in `target`; an initiative landing in the
    // first plateau delivers neither rise.
    let dir = project(&[(
        "model/m.yaml",
        "capabilities:\n  - id: onboarding\n    name: Onboarding\n    maturity: { current: 1, wave-1: 2, target: 3 }\n\
         initiatives:\n  - id: big-bang\n    name: Big bang\n    lands_in: current\n    delivers: [onboarding, onboarding]\n",
    )]);
    let (code, report) = check_json(
        dir.path(),
        &[
            "--rule",
            "initiative-without-objective=off",
            "--rule",
            "missing-owner=off",
            "--rule",
            "capability-unaligned=off",
            "--rule",
            "capability-unrealized=off",
        ],
    );
    assert_eq!(code, 1);
    // One finding per initiative and element, however often it is named.
    assert_eq!(
        messages_of(&report, "delivery-out-of-step"),
        [
            "initiative `big-bang` lands in `current` and delivers capability `onboarding`, which does not change there: it changes in `wave-1`, `target`"
        ]
    );
    let d = diagnostics(&report)
        .iter()
        .find(|d| d["rule"] == "delivery-out-of-step")
        .unwrap();
    assert_eq!(
        d["help"],
        "split `big-bang` into phases: one initiative landing in each of `wave-1`, `target`, each delivering what changes there"
    );
    // Both rises are gaps of their own step, delivered by nothing landing there.
    let plateaus: Vec<&Value> = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "gap-without-initiative")
        .map(|d| &d["plateau"])
        .collect();
    assert_eq!(plateaus, [&json!("wave-1"), &json!("target")]);
}

#[test]
fn delivers_unchanged() {
    rule_fixture(
        "delivers-unchanged",
        &[Expect {
            rule: "delivers-unchanged",
            severity: "warning",
            file: "tom.yaml",
            line: 68,
            column: 16,
            element: "onboarding-uplift",
            plateau: None,
        }],
    );
}

#[test]
fn kpi_target_regresses() {
    // 62 → 90 days with `direction: decrease`; the quiet fixture dips on the way but its
    // target is better than today.
    let report = rule_fixture(
        "kpi-target-regresses",
        &[Expect {
            rule: "kpi-target-regresses",
            severity: "warning",
            file: "tom.yaml",
            line: 21,
            column: 39,
            element: "time-to-open",
            plateau: Some("target"),
        }],
    );
    assert_eq!(
        messages_of(&report, "kpi-target-regresses"),
        [
            "KPI `time-to-open` has a target of 90 in `target`, worse than 62 in `current`: its direction is `decrease`"
        ]
    );
}

#[test]
fn kpi_target_regresses_with_direction_increase_and_a_late_start() {
    // `share` falls with `direction: increase`; `late` starts in `wave-1`, which is its
    // baseline; `written` has its first value in `wave-1`; `new` starts in the target
    // and has nothing to compare with.
    let kpi = |id: &str, extra: &str| {
        format!("  - id: {id}\n    name: {id}\n    unit: \"%\"\n    direction: increase\n{extra}")
    };
    let text = format!(
        "kpis:\n{}{}{}{}{}",
        kpi("share", "    value: { current: 40, target: 35 }\n"),
        kpi(
            "late",
            "    from: wave-1\n    value: { wave-1: 50, target: 45 }\n"
        ),
        kpi("written", "    value: { wave-1: 60, target: 55 }\n"),
        kpi("new", "    from: target\n    value: 10\n"),
        kpi("fine", "    value: { current: 40, target: 41 }\n"),
    );
    let dir = project(&[("model/kpis.yaml", &text)]);
    let (_, report) = check_json(dir.path(), &[]);
    assert_eq!(
        messages_of(&report, "kpi-target-regresses"),
        [
            "KPI `share` has a target of 35 in `target`, worse than 40 in `current`: its direction is `increase`",
            "KPI `late` has a target of 45 in `target`, worse than 50 in `wave-1`: its direction is `increase`",
            "KPI `written` has a target of 55 in `target`, worse than 60 in `wave-1`: its direction is `increase`",
        ]
    );
}

#[test]
fn every_initiative_landing_in_the_first_plateau_delivers_no_gap() {
    // Before steps counted, this still gave "gaps delivered by an initiative 100%".
    let dir = northwind_edited(|text| {
        text.replace("lands_in: wave-1", "lands_in: current")
            .replace("lands_in: target", "lands_in: current")
    });
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let gaps = &report["coverage"]["gaps_with_initiative"];
    assert_eq!(gaps["covered"], 0, "{gaps}");
    assert!(gaps["total"].as_u64().unwrap() > 60, "{gaps}");
    assert_eq!(
        messages_of(&report, "gap-without-initiative").len() as u64,
        gaps["total"].as_u64().unwrap(),
        "one finding per element and step"
    );
    // Every initiative is out of step with everything it delivers.
    let out_of_step = messages_of(&report, "delivery-out-of-step");
    assert!(out_of_step.len() > 60, "{out_of_step:#?}");
    assert!(out_of_step.iter().all(|m| m.contains("lands in `current`")));
    let human = tomc(&["check", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8(human.stdout).unwrap();
    assert!(
        stdout.contains(&format!("0/{}    0%", gaps["total"])),
        "{stdout}"
    );
}

#[test]
fn a_target_initiative_delivering_a_touchpoint_live_at_wave_1_is_out_of_step() {
    // The chat assistant is live from `wave-1`; move its initiative to `target`.
    let dir = northwind_edited(|text| {
        text.replace(
            "    depends_on: [ini-crm-replacement]\n    cost: 4100000",
            "    depends_on: [ini-crm-replacement]\n    cost: 4100000\n    # moved",
        )
        .replace(
            "    objectives: [obj-self-service, obj-lower-cost-to-serve]\n    lands_in: wave-1\n    depends_on: [ini-crm-replacement]",
            "    objectives: [obj-self-service, obj-lower-cost-to-serve]\n    lands_in: target\n    depends_on: [ini-crm-replacement]",
        )
    });
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let messages = messages_of(&report, "delivery-out-of-step");
    assert!(
        messages.contains(&"initiative `ini-conversational-service` lands in `target` and delivers touchpoint `tp-chat-assistant`, which does not change there: it changes in `wave-1`".to_owned()),
        "{messages:#?}"
    );
    assert!(
        messages_of(&report, "gap-without-initiative")
            .iter()
            .any(|m| m.starts_with(
                "touchpoint `tp-chat-assistant` is added between `current` and `wave-1`"
            )),
        "{report:#}"
    );
}

#[test]
fn checking_at_a_plateau_looks_at_the_steps_up_to_it() {
    let dir = fixture("rules/gap-without-initiative/three-gaps");
    let (_, report) = check_json(&dir, &["--plateau", "wave-1"]);
    assert_eq!(
        messages_of(&report, "gap-without-initiative"),
        [
            "capability `onboarding` rises from maturity 1 in `current` to 2 in `wave-1`, but no initiative delivers it"
        ]
    );
    assert_eq!(
        report["coverage"]["gaps_with_initiative"],
        json!({ "covered": 0, "total": 1 })
    );
}

#[test]
fn the_gap_report_and_roadmap_count_gaps_in_step() {
    // Out of step: the report lists the step's gap as undelivered, and the initiative
    // delivers no gap of its steps.
    let report = gaps_json(&fixture("rules/delivery-out-of-step/fires"));
    assert_eq!(
        report["undelivered"],
        json!([{ "id": "mobile-app", "kind": "touchpoints", "change": "added", "from": "current", "to": "wave-1" }])
    );
    assert_eq!(report["summary"]["needing_initiative"], 1);
    assert_eq!(report["summary"]["undelivered"], 1);
    assert_eq!(report["initiatives"][0]["gaps_delivered"], 0);
    let out = tomc(&[
        "gaps",
        fixture("rules/delivery-out-of-step/fires")
            .to_str()
            .unwrap(),
    ]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("| `mobile-app` | touchpoint | Mobile app | `current` → `wave-1` | added |"),
        "{md}"
    );

    // In step: delivered, and counted for the initiative.
    let report = gaps_json(&fixture("rules/delivery-out-of-step/quiet"));
    assert_eq!(report["undelivered"], json!([]));
    assert_eq!(report["initiatives"][0]["gaps_delivered"], 1);

    // An element that comes in one step and goes in the next is a gap in each.
    let report = gaps_json(&fixture("rules/gap-without-initiative/quiet"));
    assert_eq!(report["summary"]["needing_initiative"], 3);
    assert_eq!(report["summary"]["undelivered"], 0);
}

#[test]
fn a_diff_credits_a_gap_only_to_initiatives_landing_where_it_appears() {
    // Old: the app exists from the start. New: it goes live in `wave-1`, and the
    // initiative that names it lands in `target`: the opened gap is delivered by none.
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    copy_dir(&fixture("rules/delivery-out-of-step/fires"), &old);
    copy_dir(&fixture("rules/delivery-out-of-step/fires"), &new);
    let tom = old.join("tom.yaml");
    let text = std::fs::read_to_string(&tom).unwrap();
    let edited = text.replacen(
        "    from: wave-1                # changes (is added) in wave-1\n",
        "",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(&tom, edited).unwrap();

    let out = tomc(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        diff["gaps"]["opened"],
        json!([{ "id": "mobile-app", "name": "Mobile app", "kind": "touchpoints", "change": "added", "delivered_by": [] }]),
        "{diff:#}"
    );
}
