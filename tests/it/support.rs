//! Helpers to run the binary and read its JSON output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture directory under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// Runs `tomc` with `args`.
pub fn tomc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tomc"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("tomc runs")
}

/// Runs `tomc check PATH --format json`, returning the exit code and the parsed report.
pub fn check_json(path: &Path, extra: &[&str]) -> (i32, Value) {
    let path = path.to_str().expect("utf-8 path");
    let mut args = vec!["check", path, "--format", "json"];
    args.extend(extra);
    let out = tomc(&args);
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}):\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().expect("exit code"), report)
}

/// The diagnostics of a report.
pub fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics array")
}

/// The diagnostics of structural rules (the spec cannot be read as a model).
pub fn structural(diagnostics: &[tomc::diag::Diagnostic]) -> Vec<&tomc::diag::Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.rule.is_structural())
        .collect()
}

/// One finding of `tomc check --format json`, as tests compare it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Finding {
    pub rule: String,
    pub severity: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub element: Option<String>,
    pub plateau: Option<String>,
    pub help: Option<String>,
}

/// Every finding of a JSON report, in report order.
pub fn findings(report: &Value) -> Vec<Finding> {
    let text = |d: &Value, key: &str| d[key].as_str().map(str::to_owned);
    diagnostics(report)
        .iter()
        .map(|d| Finding {
            rule: text(d, "rule").unwrap_or_default(),
            severity: text(d, "severity").unwrap_or_default(),
            file: text(d, "file").unwrap_or_default(),
            line: d["line"].as_u64().unwrap_or_default(),
            column: d["column"].as_u64().unwrap_or_default(),
            element: text(d, "element"),
            plateau: text(d, "plateau"),
            help: text(d, "help"),
        })
        .collect()
}

/// `(rule, file, line, column)` of every diagnostic.
pub fn places(report: &Value) -> Vec<(String, String, u64, u64)> {
    findings(report)
        .into_iter()
        .map(|f| (f.rule, f.file, f.line, f.column))
        .collect()
}

/// The YAML manifest of the project at `dir` at `plateau`; it must be written.
pub fn manifest_at(dir: &Path, plateau: &str) -> String {
    let out = tomc(&["manifest", dir.to_str().unwrap(), "--plateau", plateau]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A temporary project: `tom.yaml` with three plateaus plus the given files.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "tom.yaml", TOM);
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    dir
}

/// The project file used by [`project`].
pub const TOM: &str = "tom: 1\nname: Test\nplateaus:\n  - { id: current, name: Current }\n  - { id: wave-1, name: Wave 1 }\n  - { id: target, name: Target }\n";

/// Writes a file, creating its directory.
pub fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// 1-based line and character column of the first occurrence of `needle` in `text`.
pub fn position(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u64, col as u64)
}

/// A finding a rule fixture must report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expect<'a> {
    /// Rule id.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: &'a str,
    /// File relative to the fixture project.
    pub file: &'a str,
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// The element the finding is about.
    pub element: &'a str,
    /// The plateau, for per-plateau, target and baseline→target rules.
    pub plateau: Option<&'a str>,
}

/// Checks the fixture pair of a rule: `tests/fixtures/rules/<dir>/fires` reports exactly
/// `expected` (every finding of every rule, in output order) and
/// `tests/fixtures/rules/<dir>/quiet` reports nothing at all. Returns the `fires` report.
pub fn rule_fixture(dir: &str, expected: &[Expect<'_>]) -> Value {
    let (code, report) = check_json(&fixture(&format!("rules/{dir}/fires")), &[]);
    let got: Vec<Expect<'_>> = diagnostics(&report)
        .iter()
        .map(|d| Expect {
            rule: d["rule"].as_str().unwrap_or_default(),
            severity: d["severity"].as_str().unwrap_or_default(),
            file: d["file"].as_str().unwrap_or_default(),
            line: d["line"].as_u64().unwrap_or_default(),
            column: d["column"].as_u64().unwrap_or_default(),
            element: d["element"].as_str().unwrap_or_default(),
            plateau: d["plateau"].as_str(),
        })
        .collect();
    assert_eq!(got, expected, "{dir}/fires: {report:#}");
    let errors = expected.iter().any(|e| e.severity == "error");
    assert_eq!(code, i32::from(errors), "{dir}/fires exit code");

    let (code, quiet) = check_json(&fixture(&format!("rules/{dir}/quiet")), &[]);
    assert!(diagnostics(&quiet).is_empty(), "{dir}/quiet: {quiet:#}");
    assert_eq!(code, 0, "{dir}/quiet exit code");
    report
}

/// Every file of a directory, by relative path, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        let rel = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        out.insert(rel, std::fs::read(&entry).unwrap());
    }
    out
}

/// Every file under a directory, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Runs git in `dir` as a fixed user, without signing; panics when it fails. Its stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=tomc", "-c", "user.email=tomc@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
