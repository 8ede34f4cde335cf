//! `tomc build --pdf`: the printed summary, driven through a stand-in browser so that
//! what tomc hands the browser and what it does with the answer are checked without
//! one. The browser tests print with the real Chromium.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{root, write};

fn northwind() -> PathBuf {
    root().join("examples/northwind-bank")
}

/// `tomc build PROJECT -o OUT ARGS` with `browser` as `TOMC_CHROMIUM` (unset if `None`)
/// and `path` as `PATH` when given.
fn build_pdf(out: &Path, args: &[&str], browser: Option<&Path>, path: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tomc"));
    cmd.arg("build")
        .arg(northwind())
        .arg("-o")
        .arg(out)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("TOMC_CHROMIUM");
    if let Some(browser) = browser {
        cmd.env("TOMC_CHROMIUM", browser);
    }
    if let Some(path) = path {
        cmd.env("PATH", path);
    }
    cmd.output().expect("tomc runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A stand-in browser: a shell script with `body`, executable.
#[cfg(unix)]
fn script(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("browser.sh");
    write(dir, "browser.sh", format!("#!/bin/sh\n{body}\n"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A browser that "prints" by writing a PDF header, a dated line like Chromium's and the
/// page it was given.
#[cfg(unix)]
const ECHO_BROWSER: &str = r#"for a in "$@"; do
  case "$a" in
    --print-to-pdf=*) out="${a#--print-to-pdf=}" ;;
    file://*) src="${a#file://}" ;;
  esac
done
{ printf '%%PDF-1.4\n<</CreationDate (D:20261203235807+01'"'"'00'"'"')>>\n'; cat "$src"; } > "$out""#;

#[cfg(unix)]
#[test]
fn the_summary_joins_the_story_pages_without_links_or_script() {
    let tmp = tempfile::tempdir().unwrap();
    let browser = script(tmp.path(), ECHO_BROWSER);
    let out = tmp.path().join("site");
    let built = build_pdf(&out, &["--pdf"], Some(&browser), None);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let pdf = String::from_utf8(std::fs::read(out.join("summary.pdf")).unwrap()).unwrap();
    assert!(
        pdf.starts_with("%PDF-1.4\n<</CreationDate (D:19700101000000+00'00')>>"),
        "{pdf}"
    );
    let parts = tomc::emit::site::print::summary_files();
    assert!(parts.len() >= 3, "{parts:?}");
    assert_eq!(
        pdf.matches("<main class=\"print-part\"").count(),
        parts.len()
    );
    let mut at = 0;
    for (title, _) in &parts {
        let found = pdf[at..]
            .find(&format!("aria-label=\"{title}\""))
            .unwrap_or_else(|| panic!("{title} missing or out of order"));
        at += found;
    }
    assert!(pdf.contains("Northwind Bank · summary"));
    assert!(!pdf.contains(" href=\"elements/"), "links are taken out");
    assert!(!pdf.contains("<script"), "no script runs while printing");
    assert!(!pdf.contains("<nav"), "no navigation is printed");
    assert!(
        !out.join(".summary-print.html").exists(),
        "the source is removed"
    );
    assert!(
        stderr(&built).contains("wrote 259 pages and 10 other files"),
        "{}",
        stderr(&built)
    );
}

#[cfg(unix)]
#[test]
fn a_failing_browser_leaves_the_last_good_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let first = build_pdf(&out, &[], None, None);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let index = std::fs::read(out.join("index.html")).unwrap();
    std::fs::write(out.join("index.html"), b"the last good site").unwrap();
    let browser = script(tmp.path(), "echo 'noise' >&2; exit 3");
    let failed = build_pdf(&out, &["--pdf"], Some(&browser), None);
    let err = stderr(&failed);
    assert_eq!(failed.status.code(), Some(2), "{err}");
    assert!(
        err.contains("could not print the summary: it exited with exit status: 3"),
        "{err}"
    );
    assert!(
        !err.contains("noise"),
        "the browser's own output stays out: {err}"
    );
    assert_eq!(
        std::fs::read(out.join("index.html")).unwrap(),
        b"the last good site"
    );
    assert!(!out.join("summary.pdf").exists());
    assert_ne!(index, b"the last good site");
}

#[test]
fn a_browser_named_but_missing_is_reported_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let missing = tmp.path().join("no-such-chromium");
    let built = build_pdf(&out, &["--pdf"], Some(&missing), None);
    let err = stderr(&built);
    assert_eq!(built.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: TOMC_CHROMIUM names `"), "{err}");
    assert!(
        err.contains("no-such-chromium`, which is not a file"),
        "{err}"
    );
    assert!(err.contains("no site was written"), "{err}");
    assert!(!out.exists());
}

#[cfg(target_os = "linux")]
#[test]
fn no_browser_on_path_gets_one_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let built = build_pdf(&out, &["--pdf"], None, Some(tmp.path()));
    let err = stderr(&built);
    assert_eq!(built.status.code(), Some(2), "{err}");
    assert_eq!(
        err.lines().next(),
        Some("error: --pdf prints the summary with Chromium or Chrome, and neither was found")
    );
    assert!(err.contains("apt install chromium"), "{err}");
    assert!(err.contains("TOMC_CHROMIUM"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(!out.exists());
}

#[test]
fn the_markdown_site_has_no_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let built = build_pdf(&out, &["--pdf", "--format", "markdown"], None, None);
    let err = stderr(&built);
    assert_eq!(built.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot be used with --format markdown"),
        "{err}"
    );
    assert!(!out.exists());
}
