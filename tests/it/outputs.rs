//! The output formats of `check`: SARIF for code scanning, GitHub workflow commands,
//! and the JSON contract's coverage and waivers.

use std::process::Command;

use serde_json::Value;

use crate::support::{check_json, copy_dir, fixture, tomc};

fn stdout(args: &[&str]) -> String {
    let out = tomc(args);
    String::from_utf8(out.stdout).unwrap()
}

fn outputs() -> String {
    fixture("outputs").to_str().unwrap().to_owned()
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let text = stdout(&["check", &outputs(), "--format", "sarif"]);
    let log: Value = serde_json::from_str(&text).unwrap();
    // The published schema's `language` patterns have a stray `]`, a literal in ECMA-262
    // regexes that the validator's regex engine rejects; escape it, same meaning.
    let text = std::fs::read_to_string(fixture("sarif/sarif-schema-2.1.0.json")).unwrap();
    let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(stray));
    let text = text.replace(stray, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema does catch a wrong log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().unwrap().len(), 1, "one run");
}

#[test]
fn sarif_describes_every_rule_and_locates_every_result() {
    let text = stdout(&["check", &outputs(), "--format", "sarif"]);
    let log: Value = serde_json::from_str(&text).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), tomc::rules::registry::RULES.len());
    for (rule, info) in rules.iter().zip(tomc::rules::registry::RULES) {
        assert_eq!(rule["id"], info.id.as_str());
        assert_eq!(rule["shortDescription"]["text"], info.summary());
        assert!(
            rule["fullDescription"]["text"].as_str().unwrap().len() > 40,
            "{rule}"
        );
        let level = match info.default.as_str() {
            "info" => "note",
            other => other,
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
    }
    let results = run["results"].as_array().unwrap();
    let got: Vec<(&str, &str, &str, u64, u64, u64, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            let region = &loc["region"];
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                loc["artifactLocation"]["uri"].as_str().unwrap(),
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
                region["endLine"].as_u64().unwrap(),
                region["endColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    // Paths are relative to the repository root; the end column is the one after the
    // last character, as SARIF defines it.
    let journeys = "tests/fixtures/outputs/model/customer%20journeys.yaml";
    assert_eq!(
        got,
        vec![
            ("touchpoint-unsupported", "error", journeys, 13, 9, 13, 27),
            (
                "touchpoint-without-process",
                "note",
                journeys,
                13,
                9,
                13,
                27
            ),
            (
                "missing-owner",
                "warning",
                "tests/fixtures/outputs/model/strategy.yaml",
                21,
                9,
                21,
                24
            ),
        ]
    );
    for r in results {
        let index = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
    }
}

#[test]
fn sarif_paths_outside_a_repository_are_relative_to_the_current_directory() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("outputs"), &tmp.path().join("tom"));
    let out = Command::new(env!("CARGO_BIN_EXE_tomc"))
        .args(["check", "tom", "--format", "sarif"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let uri = &log["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "tom/model/strategy.yaml");
}

#[test]
fn github_annotations() {
    let out = tomc(&["check", &outputs(), "--format", "github"]);
    assert_eq!(out.status.code(), Some(1), "an error fails the run");
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_carries_coverage_and_waivers() {
    let (code, report) = check_json(&fixture("outputs"), &[]);
    assert_eq!(code, 1);
    let coverage = &report["coverage"];
    assert_eq!(coverage["plateau"], "target");
    let ratio = |name: &str| {
        (
            coverage[name]["covered"].as_u64().unwrap(),
            coverage[name]["total"].as_u64().unwrap(),
        )
    };
    assert_eq!(ratio("objectives_realized"), (1, 1));
    assert_eq!(ratio("touchpoints_supported"), (0, 1));
    assert_eq!(ratio("stages_with_touchpoint"), (1, 1));
    assert_eq!(ratio("moments_measured"), (0, 0));
    assert_eq!(ratio("leaf_capabilities_realized"), (1, 1));
    assert_eq!(ratio("gaps_with_initiative"), (0, 0));
    assert_eq!(report["waivers"], Value::Array(Vec::new()));
    assert_eq!(report["summary"]["waived"], 0);
}

#[test]
fn structural_errors_leave_coverage_out() {
    let (_, report) = check_json(&fixture("structural/unknown-reference"), &[]);
    assert_eq!(report["coverage"], Value::Null);
    let text = stdout(&[
        "check",
        fixture("structural/unknown-reference").to_str().unwrap(),
    ]);
    assert!(
        text.contains("Alignment rules and coverage not checked"),
        "{text}"
    );
}
