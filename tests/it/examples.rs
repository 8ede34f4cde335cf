//! The examples pass, and a broken copy reports exactly what was broken.

use std::collections::BTreeSet;
use std::path::Path;

use tomc::compile::{Options, compile};

use crate::support::{check_json, copy_dir, diagnostics, places, position, root, tomc};

#[test]
fn minimal_passes_with_zero_findings() {
    let (code, report) = check_json(&root().join("examples/minimal"), &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(diagnostics(&report).is_empty(), "{report:#}");
}

#[test]
fn northwind_reports_only_what_its_readme_explains() {
    let (code, report) = check_json(&root().join("examples/northwind-bank"), &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        places(&report),
        vec![(
            "maturity-regression".to_owned(),
            "model/capabilities.yaml".to_owned(),
            128,
            29
        )],
        "{report:#}"
    );
    assert_eq!(diagnostics(&report)[0]["severity"], "info");
    assert_eq!(diagnostics(&report)[0]["element"], "cap-cash-services");
    assert_eq!(diagnostics(&report)[0]["plateau"], "wave-1");
    let waivers = report["waivers"].as_array().unwrap();
    assert_eq!(waivers.len(), 1);
    assert_eq!(waivers[0]["rule"], "retiring-system-in-use");
    assert_eq!(waivers[0]["element"], "proc-account-migration");
    assert_eq!(waivers[0]["file"], "model/operations.yaml");
    assert_eq!(waivers[0]["silenced"], 1);
    assert_eq!(report["summary"]["waived"], 1);
    for (name, ratio) in report["coverage"].as_object().unwrap() {
        if name != "plateau" {
            assert_eq!(ratio["covered"], ratio["total"], "{name}");
        }
    }
    let readme = std::fs::read_to_string(root().join("examples/northwind-bank/README.md")).unwrap();
    for explained in [
        "maturity-regression",
        "cap-cash-services",
        "retiring-system-in-use",
    ] {
        assert!(readme.contains(explained), "README explains {explained}");
    }
}

#[test]
fn northwind_uses_all_kinds_and_has_150_elements() {
    let compiled = compile(&root().join("examples/northwind-bank"), &Options::default()).unwrap();
    assert!(
        compiled.model.elements.len() >= 150,
        "{}",
        compiled.model.elements.len()
    );
    let kinds: BTreeSet<_> = compiled.model.elements.iter().map(|e| e.kind).collect();
    assert_eq!(kinds.len(), tomc::spec::Kind::ALL.len());
    assert_eq!(compiled.model.plateaus.len(), 3);
    assert!(
        compiled.sources.iter().count() >= 5,
        "spread over several files"
    );
}

#[test]
fn human_summary_shows_coverage() {
    let out = tomc(&[
        "check",
        root().join("examples/northwind-bank").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let coverage = lines
        .iter()
        .position(|l| *l == "Coverage at `target` (Target state 2028):")
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(
        lines.len(),
        coverage + 8,
        "coverage, six figures, summary: {text}"
    );
    for figure in &lines[coverage + 1..coverage + 7] {
        assert!(figure.ends_with("100%"), "{text}");
    }
    assert_eq!(
        lines[coverage + 7],
        "Northwind Bank: 239 elements, 3 plateaus, 11 files: 0 errors, 0 warnings, 1 info, 1 waived"
    );
}

/// Replaces the first `from` in `file` with `to`; returns the position of `to`.
fn edit(dir: &Path, file: &str, from: &str, to: &str, marker: &str) -> (u64, u64) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} contains {from}");
    let text = text.replacen(from, to, 1);
    std::fs::write(&path, &text).unwrap();
    position(&text, marker)
}

#[test]
fn broken_copy_reports_exactly_three_errors_in_json_and_human_form() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("northwind");
    copy_dir(&root().join("examples/northwind-bank"), &dir);

    // A misspelled reference: the first reference to a capability from a touchpoint.
    let customers = std::fs::read_to_string(dir.join("model/customers.yaml")).unwrap();
    let start = customers
        .find("capabilities: [")
        .expect("a touchpoint lists capabilities")
        + "capabilities: [".len();
    let first_ref: String = customers[start..]
        .chars()
        .take_while(|c| *c != ',' && *c != ']')
        .collect();
    let typo = format!("{first_ref}x");
    let reference = edit(
        &dir,
        "model/customers.yaml",
        &format!("capabilities: [{first_ref}"),
        &format!("capabilities: [{typo}"),
        &typo,
    );

    // A duplicate id: a new process that reuses the id of the first capability.
    let caps = std::fs::read_to_string(dir.join("model/capabilities.yaml")).unwrap();
    let id_at = caps.find("- id: ").unwrap() + "- id: ".len();
    let capability: String = caps[id_at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let ops = std::fs::read_to_string(dir.join("model/operations.yaml")).unwrap();
    let ops = format!(
        "{}
  - id: {capability}
    name: Duplicate
",
        ops.trim_end()
    );
    std::fs::write(dir.join("model/operations.yaml"), &ops).unwrap();
    let dup_line = ops.lines().count() as u64 - 1;

    // A staged key that is not a plateau.
    let staged = edit(
        &dir,
        "model/capabilities.yaml",
        "target: ",
        "targte: ",
        "targte: ",
    );

    let (code, report) = check_json(&dir, &[]);
    assert_eq!(code, 1);
    let mut got: Vec<_> = crate::support::places(&report);
    got.sort();
    let mut want = vec![
        (
            "unknown-reference".to_owned(),
            "model/customers.yaml".to_owned(),
            reference.0,
            reference.1,
        ),
        (
            "duplicate-id".to_owned(),
            "model/operations.yaml".to_owned(),
            dup_line,
            9,
        ),
        (
            "unknown-plateau".to_owned(),
            "model/capabilities.yaml".to_owned(),
            staged.0,
            staged.1,
        ),
    ];
    want.sort();
    assert_eq!(got, want, "{report:#}");
    let help = diagnostics(&report)
        .iter()
        .find(|d| d["rule"] == "unknown-reference")
        .unwrap()["help"]
        .clone();
    assert_eq!(help, format!("did you mean `{first_ref}`?"));

    let out = tomc(&["check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let human = String::from_utf8(out.stdout).unwrap();
    for (rule, file, line, col) in &want {
        assert!(human.contains(&format!("{rule}\n")), "{rule} in {human}");
        assert!(
            human.contains(&format!("[{file}:{line}:{col}]")),
            "{file}:{line}:{col} in {human}"
        );
    }
    assert!(
        human.trim_end().ends_with("3 errors, 0 warnings, 0 infos"),
        "{human}"
    );
}
