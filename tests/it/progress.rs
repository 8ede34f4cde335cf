//! The progress of long commands: on a terminal only, after a delay, never with
//! `--quiet`, in a CI log or in a pipe.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::root;

/// Runs `tomc ARGS` on a terminal (`script` gives it one) with the progress shown at
/// once; what the terminal received, with carriage returns as line breaks.
fn on_terminal(args: &str, env: &[(&str, &str)]) -> String {
    let bin = env!("CARGO_BIN_EXE_tomc");
    let mut command = Command::new("script");
    command
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(root())
        .env_remove("CI")
        .env("TERM", "xterm")
        .env("TOMC_PROGRESS_DELAY_MS", "0");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command
        .output()
        .expect("`script` (util-linux / bsdutils) runs tomc on a terminal; .ci/run installs it");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).replace('\r', "\n")
}

fn site_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_build_on_a_terminal_says_what_it_does_and_counts_the_files() {
    let dir = site_dir();
    let out = dir.path().join("site");
    let seen = on_terminal(
        &format!("build examples/northwind-bank -o {}", out.display()),
        &[],
    );
    assert!(
        seen.contains("reading and checking `examples/northwind-bank`"),
        "{seen}"
    );
    assert!(seen.contains("writing the site: "), "{seen}");
    assert!(seen.contains(" files ("), "{seen}");
    // The summary comes after the display is cleared: the last line is tomc's.
    let last = seen.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        last.contains("wrote ") && last.contains(" pages and "),
        "{last:?}"
    );
    assert!(out.join("index.html").is_file());
}

#[test]
fn quiet_a_ci_runner_or_a_dumb_terminal_show_nothing() {
    let dir = site_dir();
    let out = dir.path().join("site");
    let build = format!("build examples/northwind-bank -o {}", out.display());
    for (args, env) in [
        (format!("--quiet {build}"), vec![]),
        (format!("{build} -q"), vec![]),
        (build.clone(), vec![("CI", "true")]),
        (build.clone(), vec![("TERM", "dumb")]),
    ] {
        let seen = on_terminal(&args, &env);
        assert!(
            !seen.contains("reading and checking"),
            "{args} {env:?}: {seen}"
        );
        assert!(!seen.contains("writing the site"), "{args} {env:?}: {seen}");
        assert!(seen.contains("wrote "), "{args} {env:?}: {seen}");
    }
}

#[test]
fn nothing_reaches_a_pipe() {
    let dir = site_dir();
    let site = dir.path().join("site");
    let tomc = |args: &[&str]| -> Output {
        Command::new(env!("CARGO_BIN_EXE_tomc"))
            .args(args)
            .current_dir(root())
            .env_remove("CI")
            .env("TERM", "xterm")
            .env("TOMC_PROGRESS_DELAY_MS", "0")
            .output()
            .unwrap()
    };
    let site = site.to_str().unwrap();
    let manifests = dir.path().join("manifests");
    for args in [
        vec!["build", "examples/northwind-bank", "-o", site],
        vec![
            "diff",
            "examples/northwind-bank",
            "tests/fixtures/manifest/shuffled",
        ],
        vec![
            "manifest",
            "examples/northwind-bank",
            "--all",
            "-o",
            manifests.to_str().unwrap(),
        ],
        vec!["export", "archimate", "examples/northwind-bank"],
    ] {
        let out = tomc(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(!text.contains("reading and checking"), "{args:?}: {text}");
            assert!(
                !text.contains('\u{1b}') && !text.contains('\r'),
                "{args:?}: {text:?}"
            );
        }
    }
    assert!(Path::new(site).join("index.html").is_file());
}
