//! Reading input safely: only ordinary files, never more than the limits, directory
//! links judged before they are walked, each real file read once, and no project that
//! silently holds nothing.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{TOM, check_json, diagnostics, git, position, project, write};

/// What a run left: its exit code and standard error, with lines unwrapped (runs of
/// white space and the wrap marks of the terminal report made one space).
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn unwrap_lines(text: &str) -> String {
    text.split_whitespace()
        .filter(|word| *word != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `tomc` in `dir` with at most 1 GiB of memory, killed if it has not finished
/// after a minute: a regression that reads without end or blocks on a FIFO fails this
/// test instead of hanging it or exhausting the machine. Output goes to files, so a
/// full pipe cannot stall the run.
fn bounded_run(dir: &Path, args: &[&str]) -> Run {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_tomc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tomc {args:?} did not finish: it reads without end or blocks");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: unwrap_lines(&std::fs::read_to_string(out.path()).unwrap()),
        stderr: unwrap_lines(&std::fs::read_to_string(err.path()).unwrap()),
    }
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Asserts that a run refused `name` as not an ordinary file, with one message.
fn refused(run: &Run, name: &str, what: &str) {
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let expected =
        format!("{name}` is not a regular file ({what}); tomc reads only ordinary files");
    assert_eq!(run.stderr.matches(&expected).count(), 1, "{}", run.stderr);
}

/// How many errors a report holds.
fn errors(report: &Value) -> usize {
    diagnostics(report)
        .iter()
        .filter(|d| d["severity"] == "error")
        .count()
}

const ELEMENT: &str = "capabilities:\n  - { id: payments, name: Payments }\n";

#[test]
fn a_project_file_linked_to_a_device_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    symlink("/dev/zero", &dir.path().join("tom.yaml"));
    let run = bounded_run(dir.path(), &["check", "."]);
    refused(&run, "tom.yaml", "a device");
}

#[test]
fn a_fifo_is_refused_without_blocking_as_project_file_or_model_file() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("tom.yaml"));
    let run = bounded_run(dir.path(), &["check", "."]);
    refused(&run, "tom.yaml", "a FIFO");

    // A model file the glob names is refused too, not skipped in silence.
    let dir = project(&[("model/a.yaml", ELEMENT)]);
    mkfifo(&dir.path().join("model/b.yaml"));
    let run = bounded_run(dir.path(), &["check", "."]);
    refused(&run, "model/b.yaml", "a FIFO");
    // ... and so is a link to one, wherever the FIFO is.
    let elsewhere = tempfile::tempdir().unwrap();
    let fifo = elsewhere.path().join("fifo");
    mkfifo(&fifo);
    let dir = project(&[("model/a.yaml", ELEMENT)]);
    symlink(&fifo, &dir.path().join("model/b.yaml"));
    let run = bounded_run(dir.path(), &["check", "."]);
    refused(&run, "model/b.yaml", "a FIFO");
}

#[test]
fn a_template_that_is_a_fifo_is_refused_without_blocking() {
    let dir = project(&[("model/a.yaml", ELEMENT)]);
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    mkfifo(&dir.path().join("templates/index.html"));
    let run = bounded_run(dir.path(), &["build", ".", "-o", "site"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("index.html") && run.stderr.contains("not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn import_reads_only_an_ordinary_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = bounded_run(dir.path(), &["import", "archimate", "/dev/zero"]);
    refused(&run, "/dev/zero", "a device");
    mkfifo(&dir.path().join("model.xml"));
    let run = bounded_run(dir.path(), &["import", "archimate", "model.xml"]);
    refused(&run, "model.xml", "a FIFO");
    let run = bounded_run(dir.path(), &["import", "archimate", "."]);
    refused(&run, ".", "a directory");
    assert!(!dir.path().join("model").exists(), "nothing is written");
}

#[test]
fn diff_refuses_a_fifo_in_a_directory_and_in_a_git_revision() {
    let old = project(&[("model/a.yaml", ELEMENT)]);
    let new = tempfile::tempdir().unwrap();
    mkfifo(&new.path().join("tom.yaml"));
    let (old_path, new_path) = (old.path().to_str().unwrap(), new.path().to_str().unwrap());
    let run = bounded_run(old.path(), &["diff", old_path, new_path]);
    refused(&run, "tom.yaml", "a FIFO");
    assert!(
        run.stderr.contains("cannot read the new version"),
        "{}",
        run.stderr
    );

    // A revision can carry a link to a FIFO into CI.
    let outside = tempfile::tempdir().unwrap();
    let fifo = outside.path().join("fifo");
    mkfifo(&fifo);
    let repo = project(&[("model/a.yaml", ELEMENT)]);
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "model"]);
    std::fs::remove_file(repo.path().join("tom.yaml")).unwrap();
    symlink(&fifo, &repo.path().join("tom.yaml"));
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "link"]);
    let run = bounded_run(repo.path(), &["diff", "git:HEAD~1", "git:HEAD"]);
    refused(&run, "tom.yaml", "a FIFO");
}

#[test]
fn the_read_stops_at_the_limit_whatever_the_size_on_disk_says() {
    // Files in /proc say they hold 0 bytes, and hold more.
    let status = Path::new("/proc/self/status");
    assert_eq!(std::fs::metadata(status).unwrap().len(), 0);
    match tomc::load::read_bounded(status, 16) {
        Err(e @ tomc::load::ReadError::TooLarge { .. }) => assert_eq!(
            e.to_string(),
            "`/proc/self/status` is larger than tomc reads (16 bytes)"
        ),
        other => panic!("expected too large, got {other:?}"),
    }
    let text = tomc::load::read_bounded(status, 1 << 20).unwrap();
    assert!(String::from_utf8(text).unwrap().contains("Name:"));
}

#[test]
fn a_directory_link_out_of_the_project_is_reported_and_never_walked() {
    // Outside: a link that leads nowhere, which a walk into the folder would trip on.
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "shared.yaml", ELEMENT);
    symlink("/nonexistent/tomc", &outside.path().join("broken.yaml"));
    let dir = project(&[("model/a.yaml", ELEMENT)]);
    symlink(outside.path(), &dir.path().join("model/shared"));
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["rule"], "include-outside-project");
    let real = std::fs::canonicalize(outside.path()).unwrap();
    assert_eq!(
        found[0]["message"],
        format!(
            "`model/shared` is a link to `{}`, outside the project directory",
            real.display()
        )
    );
    assert_eq!(found[0]["file"], "tom.yaml");
}

#[test]
fn a_link_to_a_system_tree_finishes_at_once() {
    for target in ["/sys", "/usr", "/proc"] {
        if !Path::new(target).is_dir() {
            continue;
        }
        let dir = project(&[("model/a.yaml", ELEMENT)]);
        symlink(target, &dir.path().join("model/x"));
        let run = bounded_run(dir.path(), &["check", "."]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        let expected = format!("`model/x` is a link to `{target}`, outside the project");
        assert_eq!(run.stdout.matches(&expected).count(), 1, "{}", run.stdout);
        assert!(run.stdout.contains("1 error,"), "{}", run.stdout);
    }
}

#[test]
fn a_glob_that_cannot_reach_below_a_link_ignores_it() {
    // `model/*.yaml` matches nothing inside `model/x`, so the link is nothing to it.
    let dir = project(&[("model/a.yaml", ELEMENT)]);
    std::fs::write(
        dir.path().join("tom.yaml"),
        format!("{TOM}include: [\"model/*.yaml\"]\n"),
    )
    .unwrap();
    symlink("/sys", &dir.path().join("model/x"));
    let run = bounded_run(dir.path(), &["check", ".", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!((run.code, errors(&report)), (Some(0), 0), "{report:#}");
}

/// The exit code of a check, and its `duplicate-id` findings.
fn duplicates_and_files(dir: &Path) -> (i32, Vec<Value>) {
    let (code, report) = check_json(dir, &[]);
    let dups = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "duplicate-id")
        .cloned()
        .collect();
    (code, dups)
}

#[test]
fn a_link_loop_inside_the_project_reads_each_file_once() {
    let dir = project(&[
        ("model/a.yaml", ELEMENT),
        (
            "model/sub/b.yaml",
            "capabilities:\n  - { id: cards, name: Cards }\n",
        ),
    ]);
    // Back to the project root: tom.yaml and every model file again, through the link.
    symlink("..", &dir.path().join("model/loop"));
    // A second way to one folder, and a second name for one file.
    symlink("sub", &dir.path().join("model/again"));
    symlink("a.yaml", &dir.path().join("model/z.yaml"));
    let (code, dups) = duplicates_and_files(dir.path());
    assert_eq!((code, dups), (0, Vec::new()));
    // The files read are each real file once, by the first path in sorted order.
    let out = crate::support::tomc(&["check", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 elements, 3 plateaus, 3 files"), "{text}");
}

#[test]
fn yml_files_are_read_by_the_default_include() {
    let dir = project(&[
        (
            "model/a.yaml",
            "capabilities:\n  - { id: payments, name: Payments, parent: core }\n",
        ),
        (
            "model/b.yml",
            "capabilities:\n  - { id: core, name: Core }\n",
        ),
    ]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!((code, errors(&report)), (0, 0), "{report:#}");
}

/// The one finding of a check that must fail with exactly one `schema` error in
/// tom.yaml.
fn the_one_schema_error(dir: &Path) -> Value {
    let (code, report) = check_json(dir, &[]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = found[0].clone();
    assert_eq!(
        (&d["rule"], &d["severity"], &d["file"]),
        (&"schema".into(), &"error".into(), &"tom.yaml".into())
    );
    d
}

#[test]
fn an_include_that_matches_no_file_is_one_error_at_include() {
    let tom = format!("{TOM}include: [\"modle/**/*.yaml\"]\n");
    let dir = project(&[("model/a.yaml", ELEMENT)]);
    std::fs::write(dir.path().join("tom.yaml"), &tom).unwrap();
    let d = the_one_schema_error(dir.path());
    assert_eq!(
        d["message"],
        "no model file found: `include` matches no file, so the model has no element"
    );
    let (line, column) = position(&tom, "include:");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(column))
    );
    let help = d["help"].as_str().unwrap();
    assert!(help.starts_with("correct the `include` globs"), "{help}");
}

#[test]
fn a_project_with_no_element_is_an_error() {
    // No include and no model folder: at the top of tom.yaml.
    let dir = project(&[]);
    let d = the_one_schema_error(dir.path());
    assert_eq!(
        d["message"],
        "no model file found: the default include, `model/**/*.{yaml,yml}`, matches no file, so the model has no element"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
    let help = d["help"].as_str().unwrap();
    assert!(
        help.starts_with("put model files (`.yaml` or `.yml`) under `model/`"),
        "{help}"
    );

    // Files that define no element.
    let dir = project(&[("model/a.yaml", "capabilities: []\n")]);
    let d = the_one_schema_error(dir.path());
    assert_eq!(
        d["message"],
        "the model has no element: the default include, `model/**/*.{yaml,yml}`, matches 1 model file, which defines no element"
    );

    // A file that does not parse already explains the empty model: one error only.
    let dir = project(&[("model/a.yaml", "capabilities: [\n")]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let rules: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["yaml-syntax"]);
}
