//! The rule catalogue as users read it: `tomc rules`, `tomc explain`, docs/rules.md.

use serde_json::Value;

use crate::support::{root, tomc};
use tomc::rules::registry::RULES;

fn stdout(args: &[&str]) -> String {
    let out = tomc(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn rules_lists_every_rule_with_its_default_level() {
    let text = stdout(&["rules"]);
    for rule in RULES {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.id.as_str()))
            .unwrap_or_else(|| panic!("{} not listed:\n{text}", rule.id));
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[1], rule.default.as_str(), "{line}");
        assert!(line.ends_with(rule.summary()), "{line}");
    }
    assert!(text.contains("tomc explain RULE"), "{text}");
}

#[test]
fn rules_as_json() {
    let report: Value = serde_json::from_str(&stdout(&["rules", "--format", "json"])).unwrap();
    let rules = report["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    let unsupported = rules
        .iter()
        .find(|r| r["id"] == "touchpoint-unsupported")
        .unwrap();
    assert_eq!(unsupported["default"], "error");
    assert_eq!(unsupported["scope"], "target");
    assert_eq!(unsupported["family"], "customer");
    assert_eq!(unsupported["structural"], false);
    assert!(
        unsupported["documentation"]
            .as_str()
            .unwrap()
            .contains("## Why it matters"),
        "{unsupported}"
    );
}

#[test]
fn explain_prints_the_rule_documentation() {
    let text = stdout(&["explain", "touchpoint-unsupported"]);
    assert!(text.starts_with("# touchpoint-unsupported\n"), "{text}");
    assert!(text.contains("Default level: error"), "{text}");
    for section in ["What it checks", "Why it matters", "Example", "Fix"] {
        assert!(text.contains(&format!("\n## {section}\n")), "{text}");
    }
    assert!(text.contains("```yaml"), "{text}");
    // The doc comment's one-space indent is gone.
    assert!(text.lines().all(|l| !l.starts_with(" ## ")), "{text}");
}

#[test]
fn explain_an_unknown_rule_suggests_the_closest() {
    let out = tomc(&["explain", "touchpoint-unsuported"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`touchpoint-unsuported` is not a rule"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `touchpoint-unsupported`?"),
        "{err}"
    );
}

#[test]
fn docs_rules_md_is_fresh() {
    let generated = stdout(&["rules", "--format", "markdown"]);
    let committed = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    for rule in RULES {
        assert!(
            committed.contains(&format!("\n### {}\n", rule.id)),
            "{} has no section",
            rule.id
        );
    }
}
