//! `tomc manifest`: the canonical model at a plateau, byte-stable.

use std::path::Path;

use serde_json::Value;

use crate::support::{fixture, root, tomc};

const PLATEAUS: [&str; 3] = ["current", "wave-1", "target"];

fn write_all(project: &Path, out: &Path) {
    let result = tomc(&[
        "manifest",
        project.to_str().unwrap(),
        "--all",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn northwind_manifests_match_the_golden_files() {
    let out = tempfile::tempdir().unwrap();
    write_all(&root().join("examples/northwind-bank"), out.path());
    let golden = root().join("tests/golden/manifest/northwind-bank");
    for p in PLATEAUS {
        assert!(
            read(&out.path().join(format!("{p}.yaml"))) == read(&golden.join(format!("{p}.yaml"))),
            "{p}.yaml differs from the golden file; if the change is intended, run \
             `cargo run -- manifest examples/northwind-bank --all -o tests/golden/manifest/northwind-bank`"
        );
    }
    // Printing one plateau gives the same bytes as the file.
    let printed = tomc(&[
        "manifest",
        root().join("examples/northwind-bank").to_str().unwrap(),
        "--plateau",
        "wave-1",
    ]);
    assert_eq!(
        String::from_utf8(printed.stdout).unwrap(),
        read(&golden.join("wave-1.yaml"))
    );
}

#[test]
fn every_plateau_renders_as_a_file_named_for_it() {
    use tomc::emit::manifest::{ManifestFormat, ManifestOutput, Plateaus};
    use tomc::emit::output::{Memory, Render};

    let project = root().join("examples/northwind-bank");
    let compiled = tomc::compile::compile(&project, &Default::default()).unwrap();
    let output = ManifestOutput {
        format: ManifestFormat::Yaml,
        plateaus: Plateaus::All,
        command: "tomc manifest",
    };
    let memory = Memory::default();
    output.render(&compiled.model, &memory).unwrap();
    let golden = root().join("tests/golden/manifest/northwind-bank");
    let mut names = Vec::new();
    for file in memory.into_files() {
        let expected = read(&golden.join(&file.path));
        assert!(file.bytes == expected.into_bytes(), "{}", file.path);
        names.push(file.path);
    }
    assert_eq!(names, ["current.yaml", "target.yaml", "wave-1.yaml"]);
}

#[test]
fn file_names_file_order_and_key_order_do_not_change_a_byte() {
    // `shuffled` is the northwind model split over three other files, kinds and
    // elements in another order, keys and reference lists shuffled.
    let out = tempfile::tempdir().unwrap();
    write_all(&fixture("manifest/shuffled"), out.path());
    let golden = root().join("tests/golden/manifest/northwind-bank");
    for p in PLATEAUS {
        assert!(
            read(&out.path().join(format!("{p}.yaml"))) == read(&golden.join(format!("{p}.yaml"))),
            "{p}: the shuffled model gives other bytes"
        );
    }
}

#[test]
fn manifest_resolves_values_and_writes_inverse_links() {
    let out = tomc(&[
        "manifest",
        root().join("examples/minimal").to_str().unwrap(),
        "--format",
        "json",
        "--plateau",
        "current",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["plateau"]["id"], "current");
    let objective = &doc["objectives"][0];
    assert_eq!(objective["id"], "faster-onboarding");
    assert_eq!(
        objective["realized_by"],
        serde_json::json!(["customer-service", "onboarding"])
    );
    let onboarding = doc["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "onboarding")
        .unwrap();
    assert_eq!(onboarding["maturity"], 1, "the value staged for `current`");
    assert_eq!(onboarding["from"], "current", "defaults are explicit");
    assert_eq!(onboarding["until"], "target");
    assert_eq!(
        onboarding["processes"],
        serde_json::json!(["account-opening"])
    );
    assert_eq!(
        onboarding["delivered_by"],
        serde_json::json!(["digital-onboarding"])
    );
    let welcome = doc["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "welcome-call")
        .unwrap();
    assert_eq!(
        welcome["moment_that_matters"], false,
        "defaults are explicit"
    );
}

#[test]
fn a_spec_with_structural_errors_gets_no_manifest() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = tomc(&[
        "manifest",
        fixture("structural/unknown-reference").to_str().unwrap(),
        "-o",
        out_dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown-reference"), "{err}");
    assert!(err.contains("no manifest written"), "{err}");
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 0);
}

#[test]
fn bad_arguments_exit_2() {
    let minimal = root().join("examples/minimal");
    let minimal = minimal.to_str().unwrap();
    let out = tomc(&["manifest", minimal, "--all"]);
    assert_eq!(out.status.code(), Some(2), "--all needs -o");
    let out = tomc(&["manifest", minimal, "--plateau", "targt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("did you mean `target`?")
    );
}

#[test]
fn an_output_directory_that_is_a_file_exits_2_and_keeps_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("manifest");
    std::fs::write(&blocker, "not a directory").unwrap();
    let out = tomc(&[
        "manifest",
        root().join("examples/minimal").to_str().unwrap(),
        "-o",
        blocker.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("cannot write"), "{err}");
    assert_eq!(read(&blocker), "not a directory");
}
