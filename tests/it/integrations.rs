//! CI and editor integrations run for real: the GitHub Action's step scripts in bash,
//! the pre-commit hooks' entries, the GitLab CI example's commands, shell completions
//! and the manual pages.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{copy_dir, git, root, tomc};

fn yaml(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The directory holding the tomc binary under test, for PATH.
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_tomc"))
        .parent()
        .unwrap()
        .to_owned()
}

fn path_with_tomc() -> String {
    format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A git repository holding the northwind example under `tom/`, committed, with the
/// target maturity of one capability raised in the working tree.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("examples/northwind-bank"),
        &repo.path().join("tom"),
    );
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "model"]);
    let file = repo.path().join("tom/model/capabilities.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen(
        "realizes: [obj-lower-cost-to-serve]\n    maturity: { current: 3, target: 4 }",
        "realizes: [obj-lower-cost-to-serve]\n    maturity: { current: 3, target: 5 }",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(&file, edited).unwrap();
    repo
}

/// Runs one composite step's script as GitHub runs it (`bash -eo pipefail`), with the
/// step's `env` (expressions replaced by `values`), in `dir`. Returns the exit code,
/// stdout+stderr, and what it wrote to GITHUB_OUTPUT.
fn run_step(
    step: &Value,
    dir: &Path,
    values: &[(&str, &str)],
    temp: &Path,
) -> (i32, String, String) {
    let script = step["run"].as_str().unwrap();
    let output_file = temp.join("github-output");
    std::fs::write(&output_file, "").unwrap();
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path_with_tomc())
        .env("RUNNER_TEMP", temp)
        .env("GITHUB_OUTPUT", &output_file)
        .env("NO_COLOR", "1");
    if let Some(env) = step["env"].as_object() {
        for (k, v) in env {
            let expr = v.as_str().unwrap_or_default();
            let value = values
                .iter()
                .find(|(e, _)| *e == expr)
                .map(|(_, v)| (*v).to_owned())
                .unwrap_or_else(|| panic!("no test value for `{expr}`"));
            cmd.env(k, value);
        }
    }
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&output_file).unwrap();
    (out.status.code().unwrap_or(-1), text, written)
}

#[test]
fn the_github_action_checks_uploads_and_diffs_with_its_own_scripts() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    for input in [
        "path",
        "annotations",
        "sarif",
        "comment",
        "base",
        "deny-warnings",
        "token",
    ] {
        assert!(action["inputs"][input].is_object(), "input `{input}`");
    }
    let steps = action["runs"]["steps"].as_array().unwrap();
    let step = |name: &str| {
        steps
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no step `{name}`"))
    };
    assert!(
        step("Install tomc")["run"]
            .as_str()
            .unwrap()
            .contains("cargo install --locked")
    );
    assert!(
        steps.iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))),
        "the SARIF is uploaded"
    );

    let repo = repository();
    let temp = tempfile::tempdir().unwrap();
    let values = [
        ("${{ inputs.path }}", "tom"),
        ("${{ inputs.annotations }}", "true"),
        ("${{ inputs.deny-warnings }}", "false"),
        (
            "${{ inputs.base || format('origin/{0}', github.base_ref) }}",
            "HEAD",
        ),
    ];
    let (code, out, outputs) = run_step(step("Check the model"), repo.path(), &values, temp.path());
    assert_eq!(code, 0, "{out}");
    assert!(
        outputs.contains("errors=0\nwarnings=0\n") && outputs.contains("rc=0"),
        "{outputs}"
    );
    assert!(
        out.contains("::notice file=tom/model/"),
        "annotations with repository paths: {out}"
    );

    let (code, out, _) = run_step(
        step("Findings for code scanning"),
        repo.path(),
        &values,
        temp.path(),
    );
    assert_eq!(code, 0, "{out}");
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(temp.path().join("tomc.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    let (code, out, _) = run_step(
        step("Diff against the base branch"),
        repo.path(),
        &values,
        temp.path(),
    );
    assert_eq!(code, 0, "{out}");
    let diff = std::fs::read_to_string(temp.path().join("tomc-diff.md")).unwrap();
    assert!(diff.contains("**1 element changed in target**"), "{diff}");

    // The last step fails the job with the check's exit code.
    let fail = step("Fail on errors");
    for (rc, expected) in [("0", 0), ("1", 1), ("", 2)] {
        let (code, _, _) = run_step(
            fail,
            repo.path(),
            &[("${{ steps.check.outputs.rc }}", rc)],
            temp.path(),
        );
        assert_eq!(code, expected, "rc `{rc}`");
    }

    // A model with an error: the step records exit code 1 and the counts, and goes on.
    let broken = repo.path().join("tom/model/broken.yaml");
    std::fs::write(
        &broken,
        "capabilities:\n  - id: cap-x\n    name: X\n    parent: cap-none\n",
    )
    .unwrap();
    let (code, out, outputs) = run_step(step("Check the model"), repo.path(), &values, temp.path());
    assert_eq!(code, 0, "{out}");
    assert!(
        outputs.contains("errors=1\n") && outputs.contains("rc=1"),
        "{outputs}"
    );
    assert!(
        out.contains("::error file=tom/model/broken.yaml,line=4"),
        "{out}"
    );
}

#[test]
fn the_pre_commit_hooks_run_their_entries() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().unwrap();
    assert!(hooks.len() >= 2);
    let repo = repository();
    for hook in hooks {
        assert_eq!(
            hook["language"], "rust",
            "pre-commit builds tomc with cargo"
        );
        assert_eq!(
            hook["pass_filenames"], false,
            "tomc checks the whole project"
        );
        let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
        assert_eq!(entry[0], "tomc");
        let mut args: Vec<&str> = entry[1..].to_vec();
        args.push("tom");
        let out = Command::new(env!("CARGO_BIN_EXE_tomc"))
            .args(&args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            hook["id"],
            String::from_utf8_lossy(&out.stderr)
        );
        // A broken model fails the commit.
        std::fs::write(
            repo.path().join("tom/model/broken.yaml"),
            "capabilities: [1]\n",
        )
        .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_tomc"))
            .args(&args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", hook["id"]);
        std::fs::remove_file(repo.path().join("tom/model/broken.yaml")).unwrap();
    }
}

#[test]
fn the_gitlab_example_writes_a_code_quality_report_and_a_diff() {
    let ci = yaml("examples/gitlab/.gitlab-ci.yml");
    let job = &ci["tomc"];
    let report = job["artifacts"]["reports"]["codequality"].as_str().unwrap();
    let lines: Vec<String> = job["script"]
        .as_array()
        .unwrap()
        .iter()
        .chain(job["after_script"].as_array().unwrap())
        .filter_map(Value::as_str)
        .flat_map(str::lines)
        .map(str::trim)
        .filter(|l| l.starts_with("tomc "))
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    let repo = repository();
    // The example model in `tom/`; a merge request onto `main`.
    std::fs::write(
        repo.path().join("tom/model/broken.yaml"),
        "capabilities:\n  - id: cap-x\n    name: X\n",
    )
    .unwrap();
    for line in &lines {
        let line = line
            .replace("\"$TOM\"", "tom")
            .replace("\"origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME\"", "HEAD");
        let (command, file) = match line.split_once(" > ") {
            Some((c, rest)) => (
                c.to_owned(),
                rest.split_whitespace().next().map(str::to_owned),
            ),
            None => (line.clone(), None),
        };
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_tomc"))
            .args(&args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(file) = file {
            std::fs::write(repo.path().join(file), &out.stdout).unwrap();
        }
    }
    let quality: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join(report)).unwrap()).unwrap();
    let issues = quality.as_array().unwrap();
    let issue = issues
        .iter()
        .find(|i| i["location"]["path"] == "tom/model/broken.yaml")
        .unwrap_or_else(|| panic!("{quality:#}"));
    for key in ["description", "check_name", "fingerprint", "severity"] {
        assert!(issue[key].is_string(), "{key}: {issue}");
    }
    assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 2);
    let fingerprints: std::collections::BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    assert!(
        std::fs::read_to_string(repo.path().join("tomc-diff.md"))
            .unwrap()
            .contains("tomc diff")
    );
}

#[test]
fn completions_for_every_shell_name_every_command() {
    let commands = [
        "check",
        "manifest",
        "gaps",
        "diff",
        "build",
        "serve",
        "templates",
        "export",
        "import",
        "completions",
        "man",
    ];
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef tomc"),
        ("fish", "complete -c tomc"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = tomc(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        for command in commands {
            assert!(script.contains(command), "{shell}: no `{command}`");
        }
    }
    // The bash script is valid bash.
    let out = tomc(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tomc.bash");
    std::fs::write(&file, &out.stdout).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    assert_eq!(tomc(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn manual_pages_for_tomc_and_every_command() {
    let out = tomc(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH tomc 1"), "{page}");
    assert!(page.contains("Check a TOM spec"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let out = tomc(&["man", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    for name in [
        "tomc.1",
        "tomc-check.1",
        "tomc-export-archimate.1",
        "tomc-import-archimate.1",
        "tomc-diff.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{name}");
    }
    // A directory that cannot be made: exit 2, nothing written.
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let out = tomc(&["man", "--out-dir", file.join("man1").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    let check = std::fs::read_to_string(dir.path().join("tomc-check.1")).unwrap();
    assert!(check.contains("deny\\-warnings"), "{check}");
}

#[test]
fn code_quality_fingerprints_survive_lines_moving() {
    let spec = "capabilities:\n  - id: cap-a\n    name: A\n    parent: cap-none\n";
    let fingerprints = |text: &str| {
        let dir = crate::support::project(&[("model/a.yaml", text)]);
        let out = tomc(&["check", dir.path().to_str().unwrap(), "--format", "gitlab"]);
        assert_eq!(out.status.code(), Some(1));
        let issues: Value = serde_json::from_slice(&out.stdout).unwrap();
        let issues = issues.as_array().unwrap().clone();
        let lines: Vec<u64> = issues
            .iter()
            .map(|i| i["location"]["lines"]["begin"].as_u64().unwrap())
            .collect();
        let prints: Vec<String> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_owned())
            .collect();
        (lines, prints)
    };
    let (lines, before) = fingerprints(spec);
    let (moved, after) = fingerprints(&format!("# a comment\n# and another\n{spec}"));
    assert_eq!(lines, vec![4]);
    assert_eq!(moved, vec![6]);
    assert_eq!(before, after);
    let (_, other) = fingerprints(&spec.replace("cap-none", "cap-elsewhere"));
    assert_ne!(before, other, "another finding, another fingerprint");
}
