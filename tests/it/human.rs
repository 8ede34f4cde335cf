//! Snapshots of the human rendering.

use crate::support::{fixture, tomc};

fn human(dir: &str) -> String {
    let out = tomc(&["check", fixture(dir).to_str().unwrap(), "--color", "never"]);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn unknown_reference() {
    insta::assert_snapshot!(human("structural/unknown-reference"));
}

#[test]
fn duplicate_id_across_files() {
    insta::assert_snapshot!(human("structural/duplicate-id"));
}

#[test]
fn absent_reference() {
    insta::assert_snapshot!(human("structural/absent-reference"));
}

#[test]
fn yaml_syntax() {
    insta::assert_snapshot!(human("structural/yaml-syntax"));
}
