//! The customer-experience fields of the format: journeys whose stages change between
//! plateaus, insights, measured values of KPIs, and the new fields of personas,
//! touchpoints, processes and initiatives.

use crate::support::{check_json, manifest_at, places, project, tomc};

/// A journey as it is and as it will be, with the evidence behind it.
const MODEL: &str = "\
personas:
  - { id: home, name: Home customer, type: b2c, gains: [Faster fixes], jobs: [Work from home] }
kpis:
  - id: fcr
    name: First-contact resolution
    direction: increase
    voice: customer
    persona: home
    value: { current: 60, target: 80 }
    actuals:
      - { date: 2026-09-30, value: 70, note: \"after the new IVR, week 1\" }
      - { date: 2026-06-30, value: 66 }
touchpoints:
  - { id: call, name: Call us, channel: phone, phase: during, until: wave-1 }
  - { id: app, name: App, channel: mobile, phase: during }
insights:
  - { id: ins-wait, name: Long waits, voice: customer, severity: high, date: 2026-02-01, about: [call], personas: [home] }
processes:
  - { id: triage, name: Triage, automation: { current: manual, target: automated } }
  - { id: triage-call, name: Triage a call, parent: triage }
journeys:
  - id: fix
    name: Get a fault fixed
    persona: home
    stages:
      current:
        - { id: report, name: Report, touchpoints: [call], emotion: very-negative, insights: [ins-wait], moment_that_matters: true }
        - { id: visit, name: Engineer visit, emotion: neutral }
      target:
        - { id: report, name: Report in the app, touchpoints: [app], emotion: positive }
        - { id: visit, name: Engineer visit, emotion: neutral }
initiatives:
  - { id: app-fix, name: App fault reporting, lands_in: target, effort: 2, addresses: [ins-wait], kpis: [fcr], start: 2026-02-01, end: 2026-12-01, must_do: regulatory, risk: low }
";

/// The YAML of `key`'s block in a manifest, up to the next top-level key.
fn block<'a>(manifest: &'a str, key: &str) -> &'a str {
    let start = manifest
        .find(&format!("\n{key}:"))
        .unwrap_or_else(|| panic!("no `{key}` in\n{manifest}"))
        + 1;
    let rest = &manifest[start..];
    let end = rest
        .match_indices('\n')
        .find(|(i, _)| rest[i + 1..].starts_with(|c: char| c.is_ascii_lowercase()))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

#[test]
fn staged_stages_give_each_plateau_its_own_journey() {
    let dir = project(&[("model/m.yaml", MODEL)]);
    let (_, report) = check_json(dir.path(), &[]);
    let structural: Vec<_> = places(&report)
        .into_iter()
        .filter(|(rule, ..)| {
            [
                "schema",
                "unknown-reference",
                "absent-reference",
                "duplicate-id",
            ]
            .contains(&rule.as_str())
        })
        .collect();
    assert!(structural.is_empty(), "{report:#}");

    let current = manifest_at(dir.path(), "current");
    let journeys = block(&current, "journeys");
    assert!(journeys.contains("name: Report\n"), "{journeys}");
    assert!(journeys.contains("emotion: very-negative"), "{journeys}");
    assert!(journeys.contains("moment_that_matters: true"), "{journeys}");
    assert!(journeys.contains("insights:\n    - ins-wait"), "{journeys}");
    assert!(!journeys.contains("Report in the app"), "{journeys}");
    // A stage's insights are links like its touchpoints: the insight knows the journey.
    assert!(
        block(&current, "insights").contains("journeys:\n  - fix"),
        "{current}"
    );

    // wave-1 inherits the stages of `current`; `target` has its own.
    assert_eq!(
        block(&manifest_at(dir.path(), "wave-1"), "journeys"),
        journeys
    );
    let target = manifest_at(dir.path(), "target");
    let journeys = block(&target, "journeys");
    assert!(journeys.contains("name: Report in the app"), "{journeys}");
    assert!(journeys.contains("- app"), "{journeys}");
    assert!(!journeys.contains("very-negative"), "{journeys}");

    // The new fields reach the manifest; actuals come out in date order.
    let kpis = block(&target, "kpis");
    assert!(
        kpis.contains(
            "actuals:\n  - date: \"2026-06-30\"\n    value: 66\n  - date: \"2026-09-30\"\n    value: 70\n    note: after the new IVR, week 1"
        ),
        "{kpis}"
    );
    assert!(kpis.contains("persona: home"), "{kpis}");
    let processes = block(&target, "processes");
    assert!(processes.contains("automation: automated"), "{processes}");
    assert!(
        block(&current, "processes").contains("automation: manual"),
        "{current}"
    );
    let initiatives = block(&target, "initiatives");
    for line in [
        "effort: 2",
        "must_do: regulatory",
        "risk: low",
        "start: \"2026-02-01\"",
    ] {
        assert!(initiatives.contains(line), "{line}: {initiatives}");
    }
}

#[test]
fn evidence_about_a_retired_touchpoint_stays_valid() {
    // `call` ends at wave-1; the insight about it is still true at the target.
    let dir = project(&[("model/m.yaml", MODEL)]);
    let (_, report) = check_json(dir.path(), &[]);
    assert!(
        !places(&report)
            .iter()
            .any(|(rule, ..)| rule == "absent-reference"),
        "{report:#}"
    );
    let target = manifest_at(dir.path(), "target");
    assert!(
        block(&target, "insights").contains("about:\n  - call"),
        "{target}"
    );
}

#[test]
fn each_slip_in_the_new_fields_is_one_error_at_its_place() {
    let model = MODEL
        .replace(
            "      - { date: 2026-06-30, value: 66 }",
            "      - { date: 2026-06-31, value: 66 }\n      - { date: 2026-07-31, value: high }\n      - { value: 71 }",
        )
        .replace(
            "        - { id: visit, name: Engineer visit, emotion: neutral }\n      target:",
            "        - { id: report, name: Again }\n      target:",
        )
        .replace("effort: 2", "effort: 6")
        .replace("channel: phone", "channel: fax");
    let broken_journey =
        "  - id: other\n    name: Other\n    persona: home\n    stages: { id: a, name: A }\n";
    let model = model.replace("initiatives:\n", &format!("{broken_journey}initiatives:\n"));
    let dir = project(&[("model/m.yaml", &model)]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let file = "model/m.yaml".to_owned();
    let at = |rule: &str, line: u64, column: u64| (rule.to_owned(), file.clone(), line, column);
    assert_eq!(
        places(&report),
        [
            at("schema", 12, 17),
            at("schema", 13, 36),
            at("schema", 14, 9),
            at("schema", 16, 41),
            at("duplicate-id", 30, 17),
            at("schema", 37, 13),
            at("schema", 39, 73),
        ],
        "{report:#}"
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`2026-06-31` is not a day of the calendar",
            "`value` must be a number, found a string",
            "this measurement has no `date`",
            "`fax` is not a valid `channel`; expected one of: web, mobile, branch, contact-centre, email, chat, partner, physical, phone, sms, social, video, post, other",
            "stage id `report` is used twice in this journey",
            "`stages` must be a list of stages, found a mapping",
            "`effort` must be from 1 to 5, found 6",
        ]
    );
}

/// A project whose one KPI has `actuals` written as `actuals`: its findings' places.
fn actuals_findings(actuals: &str) -> Vec<(String, String, u64, u64)> {
    let model = format!("kpis:\n  - id: nps\n    name: NPS\n    actuals:\n{actuals}");
    let dir = project(&[("model/k.yaml", &model)]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{report:#}");
    places(&report)
}

#[test]
fn a_measurement_without_its_value_or_with_an_unknown_key_is_one_error_there() {
    let at = |line| vec![("schema".to_owned(), "model/k.yaml".to_owned(), line, 9)];
    // Line 5 holds the bad entry; the good one after it is read.
    assert_eq!(
        actuals_findings("      - { date: 2026-01-31 }\n      - { date: 2026-02-28, value: 2 }\n"),
        at(5)
    );
    assert_eq!(actuals_findings("      - { value: 3 }\n"), at(5));
    let unknown = actuals_findings("      - { date: 2026-01-31, value: 1, vaule: 2 }\n");
    assert_eq!(
        unknown,
        vec![("schema".to_owned(), "model/k.yaml".to_owned(), 5, 39)]
    );
    assert_eq!(
        actuals_findings("      - { date: 2026-13-01, value: 1 }\n"),
        vec![("schema".to_owned(), "model/k.yaml".to_owned(), 5, 17)]
    );
}

/// The changed fields of `id` in a JSON list of elements with `fields`.
fn changed_fields(elements: &serde_json::Value, id: &str) -> Vec<String> {
    elements
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {elements:#}"))["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_gap_report_compares_journeys_stage_by_stage() {
    let dir = project(&[("model/m.yaml", MODEL)]);
    let out = tomc(&["gaps", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let journeys = report["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "journeys")
        .unwrap_or_else(|| panic!("{report:#}"));
    // `visit` is the same at both plateaus: only `report` differs, field by field.
    assert_eq!(
        changed_fields(&journeys["changed"], "fix"),
        [
            "stages[report].name",
            "stages[report].touchpoints",
            "stages[report].emotion",
            "stages[report].moment_that_matters",
            "stages[report].insights",
        ]
    );
}

#[test]
fn a_diff_of_a_one_stage_edit_reports_that_stage_only() {
    let dir = tempfile::tempdir().unwrap();
    let old = project(&[("model/m.yaml", MODEL)]);
    let edited = MODEL.replace(
        "      target:\n        - { id: report, name: Report in the app, touchpoints: [app], emotion: positive }\n        - { id: visit, name: Engineer visit, emotion: neutral }",
        "      target:\n        - { id: report, name: Report in the app, touchpoints: [app], emotion: positive }\n        - { id: visit, name: Engineer visit, emotion: positive }",
    );
    assert_ne!(edited, MODEL);
    let new = project(&[("model/m.yaml", &edited)]);
    let out = tomc(&[
        "diff",
        old.path().to_str().unwrap(),
        new.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let diff: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    drop(dir);
    let plateaus = diff["plateaus"].as_array().unwrap();
    let changed: Vec<(&str, Vec<String>)> = plateaus
        .iter()
        .flat_map(|p| {
            p["changed"].as_array().unwrap().iter().map(move |e| {
                (
                    p["id"].as_str().unwrap(),
                    changed_fields(&p["changed"], e["id"].as_str().unwrap()),
                )
            })
        })
        .collect();
    assert_eq!(
        changed,
        [("target", vec!["stages[visit].emotion".to_owned()])]
    );
    assert!(
        plateaus
            .iter()
            .all(|p| p["added"].as_array().unwrap().is_empty()
                && p["removed"].as_array().unwrap().is_empty())
    );
}

#[test]
fn an_initiative_may_move_a_kpi_that_starts_where_it_lands() {
    // `chat` is measured from wave-1 on; the initiative exists in every plateau.
    let model = "\
kpis:
  - { id: chat, name: Chat containment, from: wave-1, value: { wave-1: 30, target: 60 } }
  - { id: nps, name: NPS, value: { current: 10, target: 20 } }
initiatives:
  - { id: bot, name: Chat assistant, lands_in: wave-1, kpis: [chat] }
objectives:
  - { id: o, name: O, kpis: [nps], from: target }
";
    let dir = project(&[("model/m.yaml", model)]);
    let (_, report) = check_json(dir.path(), &[]);
    let absent: Vec<_> = places(&report)
        .into_iter()
        .filter(|(rule, ..)| rule == "absent-reference")
        .collect();
    // Only the objective's own reference is checked: `nps` exists wherever it does, so
    // nothing is absent.
    assert!(absent.is_empty(), "{report:#}");
    // An objective naming a KPI outside its plateaus is still an error.
    let late = model.replace(
        "  - { id: o, name: O, kpis: [nps], from: target }",
        "  - { id: o, name: O, kpis: [chat] }",
    );
    let dir = project(&[("model/m.yaml", &late)]);
    let (_, report) = check_json(dir.path(), &[]);
    assert_eq!(
        places(&report)
            .into_iter()
            .filter(|(rule, ..)| rule == "absent-reference")
            .count(),
        1,
        "{report:#}"
    );
}
