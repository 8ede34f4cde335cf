//! The committed JSON Schemas are fresh, and the examples validate against them.

use std::path::Path;

use serde_json::Value;

use crate::support::{root, tomc};

fn committed(name: &str) -> String {
    std::fs::read_to_string(root().join("schema").join(name)).unwrap()
}

#[test]
fn committed_schemas_are_fresh() {
    let model = tomc(&["schema"]);
    assert_eq!(model.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(model.stdout).unwrap(),
        committed("model.schema.json"),
        "schema/model.schema.json is stale: run `cargo run -- schema --out-dir schema`"
    );
    let project = tomc(&["schema", "project"]);
    assert_eq!(
        String::from_utf8(project.stdout).unwrap(),
        committed("tom.schema.json"),
        "schema/tom.schema.json is stale: run `cargo run -- schema --out-dir schema`"
    );
}

#[test]
fn schema_out_dir_writes_both() {
    let dir = tempfile::tempdir().unwrap();
    let out = tomc(&["schema", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("model.schema.json")).unwrap(),
        committed("model.schema.json")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("tom.schema.json")).unwrap(),
        committed("tom.schema.json")
    );
}

fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options(&text, options).unwrap()
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&committed(name)).unwrap();
    jsonschema::draft7::new(&schema).unwrap()
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn examples_validate_against_the_committed_schema() {
    let mut files = Vec::new();
    yaml_files(&root().join("examples"), &mut files);
    assert!(files.len() >= 5);
    assert_project_validates(&root().join("examples"));
}

/// Every YAML file of a project validates against the committed schemas.
fn assert_project_validates(dir: &Path) {
    let model = validator("model.schema.json");
    let project = validator("tom.schema.json");
    let mut files = Vec::new();
    yaml_files(dir, &mut files);
    assert!(!files.is_empty());
    for file in files {
        let instance = yaml_as_json(&file);
        let v = if file.file_name().unwrap() == "tom.yaml" {
            &project
        } else {
            &model
        };
        let errors: Vec<String> = v
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn generated_and_imported_projects_validate_against_the_schema() {
    // What an editor with the schema sees in the files tomc writes for users.
    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("generated");
    tomc_gen::generate(&tomc_gen::Spec {
        elements: 600,
        seed: 2,
    })
    .write(&generated)
    .unwrap();
    assert_project_validates(&generated);
    for (file, name) in [
        ("archisurance.xml", "archisurance"),
        ("sample1.xml", "sample"),
    ] {
        let out = dir.path().join(name);
        let xml = crate::support::fixture("archimate").join(file);
        let run = tomc(&[
            "import",
            "archimate",
            xml.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.status.code(), Some(0));
        assert_project_validates(&out);
    }
    let init = dir.path().join("init");
    assert_eq!(
        tomc(&["init", init.to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert_project_validates(&init);
}

#[test]
fn schema_rejects_what_tomc_rejects() {
    let model = validator("model.schema.json");
    let bad = serde_json::json!({ "capabilities": [{ "id": "a", "name": "A", "maturity": 9, "realises": ["x"] }] });
    assert!(!model.is_valid(&bad));
    let staged = serde_json::json!({ "capabilities": [{ "id": "a", "name": "A", "maturity": { "current": 1, "target": 4 } }] });
    assert!(model.is_valid(&staged));
    let project = validator("tom.schema.json");
    assert!(!project.is_valid(
        &serde_json::json!({ "tom": 2, "name": "x", "plateaus": [{ "id": "a", "name": "A" }] })
    ));
}
