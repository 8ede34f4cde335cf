//! Bad input of every kind: a clear diagnostic or error, the right exit code, no panic.

use std::path::Path;

use crate::support::{TOM, check_json, diagnostics, places, project, tomc, write};

fn single(dir: &Path) -> (String, String, u64, u64, String) {
    let (code, report) = check_json(dir, &[]);
    assert_eq!(code, 1, "{report:#}");
    let d = diagnostics(&report);
    assert_eq!(d.len(), 1, "{report:#}");
    let (rule, file, line, col) = places(&report).remove(0);
    (
        rule,
        file,
        line,
        col,
        d[0]["message"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn empty_model_file() {
    let dir = project(&[("model/empty.yaml", "")]);
    let (rule, file, line, col, message) = single(dir.path());
    assert_eq!(
        (rule.as_str(), file.as_str(), line, col),
        ("schema", "model/empty.yaml", 1, 1)
    );
    assert!(message.contains("is empty"));
}

#[test]
fn empty_project_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tom.yaml", "");
    let (rule, file, ..) = single(dir.path());
    assert_eq!((rule.as_str(), file.as_str()), ("schema", "tom.yaml"));
}

#[test]
fn list_or_scalar_instead_of_mapping() {
    let dir = project(&[
        ("model/list.yaml", "- id: a\n  name: A\n"),
        ("model/scalar.yaml", "just some text\n"),
    ]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let got: Vec<_> = places(&report).into_iter().collect();
    assert_eq!(
        got,
        vec![
            ("schema".into(), "model/list.yaml".into(), 1, 1),
            ("schema".into(), "model/scalar.yaml".into(), 1, 1)
        ]
    );
    assert!(
        diagnostics(&report)[0]["message"]
            .as_str()
            .unwrap()
            .contains("found a list")
    );
}

#[test]
fn invalid_utf8() {
    let dir = project(&[]);
    write(
        dir.path(),
        "model/latin1.yaml",
        b"capabilities:\n  - id: caf\xe9\n",
    );
    let (rule, file, line, col, message) = single(dir.path());
    assert_eq!(
        (rule.as_str(), file.as_str(), line, col),
        ("yaml-syntax", "model/latin1.yaml", 2, 12)
    );
    assert!(message.contains("not valid UTF-8"), "{message}");
}

#[test]
fn tab_indentation() {
    let dir = project(&[("model/tabs.yaml", "capabilities:\n\t- id: a\n\t  name: A\n")]);
    let (rule, _, line, col, message) = single(dir.path());
    assert_eq!((rule.as_str(), line), ("yaml-syntax", 2));
    assert!(col >= 1);
    assert!(message.contains("tab"), "{message}");
}

#[test]
fn duplicate_keys() {
    let dir = project(&[(
        "model/dup.yaml",
        "capabilities:\n  - id: a\n    name: A\n    name: B\n",
    )]);
    let (rule, _, line, col, message) = single(dir.path());
    assert_eq!((rule.as_str(), line, col), ("yaml-syntax", 4, 5));
    assert_eq!(message, "duplicate key `name` in the same mapping");
}

#[test]
fn format_version_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tom.yaml", TOM.replace("tom: 1", "tom: 2"));
    let (rule, file, line, col, message) = single(dir.path());
    assert_eq!(
        (rule.as_str(), file.as_str(), line, col),
        ("schema", "tom.yaml", 1, 6)
    );
    assert!(message.contains("version `2`"), "{message}");
}

#[test]
fn billion_laughs_is_refused() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='j' {
        bomb.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
        prev = c;
    }
    let dir = project(&[("model/bomb.yaml", &bomb)]);
    let (rule, file, ..) = single(dir.path());
    assert_eq!(
        (rule.as_str(), file.as_str()),
        ("yaml-syntax", "model/bomb.yaml")
    );
}

#[test]
fn ten_thousand_deep_nesting() {
    let flow = format!(
        "capabilities: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let mut block = String::from("capabilities:\n");
    for depth in 0..10_000 {
        block.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth + 1)));
    }
    let dir = project(&[("model/flow.yaml", &flow), ("model/block.yaml", &block)]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let rules: Vec<_> = places(&report).into_iter().map(|p| (p.0, p.1)).collect();
    assert_eq!(
        rules,
        vec![
            ("yaml-syntax".into(), "model/block.yaml".into()),
            ("yaml-syntax".into(), "model/flow.yaml".into())
        ]
    );
    for d in diagnostics(&report) {
        assert!(
            d["message"].as_str().unwrap().contains("nests deeper"),
            "{d}"
        );
    }
}

#[test]
fn fifty_megabyte_file_loads() {
    let mut text = String::with_capacity(52 * 1024 * 1024);
    text.push_str("capabilities:\n");
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "  - id: cap-{i:07}\n    name: Capability number {i} of the large model\n    description: A capability written to make the file large enough for the test.\n    maturity: {{ current: 2, target: 2 }}\n    tags: [generated, large]\n"
        ));
        i += 1;
    }
    let dir = project(&[("model/large.yaml", &text)]);
    // A capability list only: the rules that want objectives, owners and processes are
    // turned off, so the report stays small and every finding would be a real problem.
    let off = [
        "capability-unaligned=off",
        "capability-unrealized=off",
        "missing-owner=off",
    ];
    let mut args = Vec::new();
    for rule in off {
        args.extend(["--rule", rule]);
    }
    let (code, report) = check_json(dir.path(), &args);
    assert_eq!(code, 0, "{:#}", report["summary"]);
    assert!(diagnostics(&report).is_empty());
    assert!(i > 100_000);
}

#[test]
fn missing_project_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = tomc(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no tom.yaml"), "{err}");
    assert!(err.contains("tomc init"), "{err}");
    let out = tomc(&["check", "/no/such/path"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn unknown_plateau_option_exits_2() {
    let dir = project(&[]);
    let out = tomc(&["check", dir.path().to_str().unwrap(), "--plateau", "wave1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `wave-1`?"));
}

/// Runs tomc as an unprivileged user when the tests run as root, for whom permission
/// bits do not apply.
pub fn tomc_unprivileged(args: &[&str]) -> std::process::Output {
    use std::os::unix::fs::PermissionsExt;
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    if !is_root {
        return tomc(args);
    }
    // The checkout may sit where the unprivileged user cannot reach: run a copy of the
    // binary from a directory it can. The copy is made by `cp`, not by this process: a
    // file this process held open for writing would be inherited by every child another
    // test thread forks meanwhile, and exec of the copy would then fail with "text file
    // busy" (setpriv's exit 126) until those children exec in turn.
    let bin_dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = bin_dir.path().join("tomc");
    let copied = std::process::Command::new("cp")
        .arg(env!("CARGO_BIN_EXE_tomc"))
        .arg(&bin)
        .status()
        .expect("cp runs");
    assert!(copied.success(), "cp copies the binary");
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("tomc runs")
}

#[test]
fn unreadable_directory_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[("model/a.yaml", "capabilities:\n  - { id: a, name: A }\n")]);
    let set = |p: &Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set(dir.path(), 0o755);
    set(&dir.path().join("tom.yaml"), 0o644);
    set(&dir.path().join("model"), 0o000);
    let out = tomc_unprivileged(&["check", dir.path().to_str().unwrap()]);
    set(&dir.path().join("model"), 0o755);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot read") && err.contains("model"),
        "{err}"
    );
    assert!(err.contains("Permission denied"), "{err}");
}

#[test]
fn two_documents_in_one_file() {
    let dir = project(&[(
        "model/two.yaml",
        "capabilities:\n  - { id: a, name: A }\n---\ncapabilities:\n  - { id: b, name: B }\n",
    )]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let d = diagnostics(&report);
    assert_eq!(d.len(), 1, "{report:#}");
    assert_eq!(d[0]["rule"], "yaml-syntax");
    assert!(
        d[0]["help"].as_str().unwrap().contains("one YAML document"),
        "{report:#}"
    );
}
