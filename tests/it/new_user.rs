//! Acceptance: a model written as a new user would, with one instance of each rule's
//! problem, gets each finding exactly once, at the right place, with the right id and
//! severity.
//!
//! The fixture `tests/fixtures/new-user/` is a small insurer (Harbour Mutual) whose
//! problem lines carry a `# <- rule-id` comment; everything else in it is complete.

use serde_json::{Value, json};

use crate::support::{check_json, diagnostics, fixture};

/// `(rule, severity, file, line, column, element, plateau)` of a finding.
type Finding<'a> = (
    &'a str,
    &'a str,
    &'a str,
    u64,
    u64,
    Option<&'a str>,
    Option<&'a str>,
);

/// Every finding of the fixture with default levels, in output order (file, position).
const EXPECTED: &[Finding<'static>] = &[
    (
        "initiative-order",
        "error",
        "model/change.yaml",
        26,
        18,
        Some("digital-sales-programme"),
        None,
    ),
    (
        "initiative-without-objective",
        "warning",
        "model/change.yaml",
        35,
        9,
        Some("paperless-office"),
        None,
    ),
    (
        "persona-without-journey",
        "warning",
        "model/customers.yaml",
        14,
        9,
        Some("small-business-owner"),
        Some("target"),
    ),
    (
        "stage-without-touchpoint",
        "warning",
        "model/customers.yaml",
        32,
        13,
        Some("buy-motor-policy"),
        Some("target"),
    ),
    (
        "moment-unmeasured",
        "warning",
        "model/customers.yaml",
        71,
        9,
        Some("claims-hotline"),
        Some("target"),
    ),
    (
        "touchpoint-unsupported",
        "error",
        "model/customers.yaml",
        78,
        9,
        Some("repair-partner-app"),
        Some("target"),
    ),
    (
        "touchpoint-without-process",
        "info",
        "model/customers.yaml",
        83,
        9,
        Some("settlement-email"),
        Some("target"),
    ),
    (
        "maturity-regression",
        "info",
        "model/operations.yaml",
        17,
        29,
        Some("claims-assessment"),
        Some("wave-1"),
    ),
    (
        "capability-unrealized",
        "warning",
        "model/operations.yaml",
        25,
        9,
        Some("vulnerability-support"),
        Some("target"),
    ),
    (
        "unused-waiver",
        "warning",
        "model/operations.yaml",
        35,
        15,
        Some("online-sales"),
        None,
    ),
    (
        "gap-without-initiative",
        "error",
        "model/operations.yaml",
        37,
        9,
        Some("telematics-pricing"),
        Some("target"),
    ),
    (
        "capability-unaligned",
        "warning",
        "model/operations.yaml",
        47,
        9,
        Some("print-and-post"),
        Some("target"),
    ),
    (
        "retiring-system-in-use",
        "warning",
        "model/operations.yaml",
        63,
        26,
        Some("register-claim"),
        Some("wave-1"),
    ),
    (
        "missing-owner",
        "warning",
        "model/operations.yaml",
        82,
        9,
        Some("settle-claim"),
        Some("target"),
    ),
    (
        "orphan-element",
        "info",
        "model/operations.yaml",
        183,
        9,
        Some("fax-gateway"),
        Some("target"),
    ),
    (
        "objective-unmeasured",
        "warning",
        "model/strategy.yaml",
        32,
        9,
        Some("lower-cost-to-serve"),
        Some("target"),
    ),
    (
        "objective-unrealized",
        "error",
        "model/strategy.yaml",
        34,
        9,
        Some("reduce-fraud-losses"),
        Some("target"),
    ),
    (
        "kpi-without-target",
        "warning",
        "model/strategy.yaml",
        72,
        14,
        Some("quote-conversion"),
        Some("target"),
    ),
    (
        "include-matches-nothing",
        "warning",
        "tom.yaml",
        8,
        27,
        None,
        None,
    ),
];

/// The rules at level `error` by default among the fixture's findings.
const ERROR_RULES: &[&str] = &[
    "initiative-order",
    "touchpoint-unsupported",
    "gap-without-initiative",
    "objective-unrealized",
];

fn findings(report: &Value) -> Vec<Finding<'_>> {
    diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default(),
                d["severity"].as_str().unwrap_or_default(),
                d["file"].as_str().unwrap_or_default(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["element"].as_str(),
                d["plateau"].as_str(),
            )
        })
        .collect()
}

fn summary(report: &Value) -> [u64; 4] {
    let s = &report["summary"];
    ["errors", "warnings", "infos", "waived"].map(|k| s[k].as_u64().unwrap())
}

fn run(extra: &[&str]) -> (i32, Value) {
    check_json(&fixture("new-user"), extra)
}

#[test]
fn each_problem_is_found_once_at_its_place() {
    let (code, report) = run(&[]);
    assert_eq!(findings(&report), EXPECTED, "{report:#}");

    // Each of the 19 rules exactly once.
    let mut rules: Vec<&str> = EXPECTED.iter().map(|f| f.0).collect();
    rules.sort_unstable();
    rules.dedup();
    assert_eq!(rules.len(), 19);

    // The fixture marks each problem with `# <- rule-id` on the line the finding points
    // at, and nothing else.
    let dir = fixture("new-user");
    let mut marked = Vec::new();
    for file in [
        "tom.yaml",
        "model/change.yaml",
        "model/customers.yaml",
        "model/operations.yaml",
        "model/strategy.yaml",
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        for (n, line) in text.lines().enumerate() {
            if let Some((_, rule)) = line.split_once("# <- ") {
                marked.push((rule.trim().to_owned(), file, n as u64 + 1));
            }
        }
    }
    let mut found: Vec<(String, &str, u64)> = EXPECTED
        .iter()
        .map(|f| (f.0.to_owned(), f.2, f.3))
        .collect();
    marked.sort();
    found.sort();
    assert_eq!(found, marked, "findings and `# <-` markers agree");

    assert_eq!(summary(&report), [4, 12, 3, 1], "{:#}", report["summary"]);
    assert_eq!(code, 1, "error findings fail the run");

    // The waivers: the used one silences the finding on `regulatory-reporting`; the
    // unused one is listed too (and reported as `unused-waiver` above).
    assert_eq!(
        report["waivers"],
        json!([
            {
                "rule": "missing-owner",
                "element": "online-sales",
                "reason": "Owner to be appointed after the sales reorganisation.",
                "file": "model/operations.yaml",
                "line": 35,
                "silenced": 0
            },
            {
                "rule": "capability-unaligned",
                "element": "regulatory-reporting",
                "reason": "Solvency II reporting is a legal duty; it serves no objective of ours.",
                "file": "model/operations.yaml",
                "line": 54,
                "silenced": 1
            }
        ])
    );
    assert!(
        !diagnostics(&report)
            .iter()
            .any(|d| d["element"] == "regulatory-reporting"),
        "the waived finding is not reported"
    );
}

#[test]
fn rule_levels_and_deny_warnings_apply_to_the_model() {
    // `--rule` changes exactly the two findings it names.
    let (code, report) = run(&[
        "--rule",
        "orphan-element=off",
        "--rule",
        "capability-unaligned=error",
    ]);
    let expected: Vec<Finding<'_>> = EXPECTED
        .iter()
        .filter(|f| f.0 != "orphan-element")
        .map(|&f| match f.0 {
            "capability-unaligned" => (f.0, "error", f.2, f.3, f.4, f.5, f.6),
            _ => f,
        })
        .collect();
    assert_eq!(findings(&report), expected, "{report:#}");
    assert_eq!(summary(&report), [5, 11, 2, 1]);
    assert_eq!(code, 1);

    // With every error rule off, only warnings and infos remain: the run passes...
    let mut off = Vec::new();
    for rule in ERROR_RULES {
        off.push("--rule".to_owned());
        off.push(format!("{rule}=off"));
    }
    let off: Vec<&str> = off.iter().map(String::as_str).collect();
    let (code, report) = run(&off);
    let expected: Vec<Finding<'_>> = EXPECTED
        .iter()
        .filter(|f| !ERROR_RULES.contains(&f.0))
        .copied()
        .collect();
    assert_eq!(findings(&report), expected, "{report:#}");
    assert_eq!(summary(&report), [0, 12, 3, 1]);
    assert_eq!(code, 0, "warnings alone do not fail the run");

    // ... unless warnings are denied; the findings stay the same.
    let mut deny = off.clone();
    deny.push("--deny-warnings");
    let (code, denied) = run(&deny);
    assert_eq!(findings(&denied), expected, "{denied:#}");
    assert_eq!(summary(&denied), [0, 12, 3, 1]);
    assert_eq!(code, 1, "--deny-warnings makes warnings fail the run");

    // Infos alone do not fail the run, even with --deny-warnings: every warning rule
    // lowered to `info` keeps all 15 findings, and the waiver still silences one.
    let mut infos_only = deny.clone();
    let warning_rules: Vec<String> = expected
        .iter()
        .filter(|f| f.1 == "warning")
        .map(|f| format!("{}=info", f.0))
        .collect();
    for rule in &warning_rules {
        infos_only.push("--rule");
        infos_only.push(rule);
    }
    let (code, report) = run(&infos_only);
    let lowered: Vec<Finding<'_>> = expected
        .iter()
        .map(|&(rule, _, file, line, column, element, plateau)| {
            (rule, "info", file, line, column, element, plateau)
        })
        .collect();
    assert_eq!(findings(&report), lowered, "{report:#}");
    assert_eq!(summary(&report), [0, 0, 15, 1]);
    assert_eq!(code, 0, "infos do not fail the run");
}
