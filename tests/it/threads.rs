//! The same model gives the same bytes whatever the number of threads: files are
//! parsed, elements resolved, rules run and pages rendered on every core, and results
//! are gathered in input order.

use std::process::Command;

use tomc_gen::{Spec, generate};

use crate::support::{files, write};

/// `tomc ARGS` with `TOMC_THREADS` set: exit code, stdout and stderr.
fn tomc_with(threads: &str, args: &[&str]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_tomc"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("TOMC_THREADS", threads)
        .output()
        .unwrap();
    (out.status.code(), out.stdout, out.stderr)
}

#[test]
fn one_thread_and_many_give_the_same_findings_and_site() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("model");
    generate(&Spec {
        elements: 3_000,
        seed: 4,
    })
    .write(&project)
    .unwrap();
    // Structural errors in two files, so that resolution reports from several threads.
    write(
        &project,
        "model/zz-broken.yaml",
        "capabilities:\n  - id: cap-x\n    name: X\n    parent: cap-nowhere\n  - id: Bad Id\n    name: Y\n",
    );
    write(
        &project,
        "model/aa-broken.yaml",
        "processes:\n  - id: proc-x\n    name: X\n    capabilities: [cap-x, cap-missing]\n    colour: red\n",
    );
    let path = project.to_str().unwrap();
    let mut seen = Vec::new();
    for threads in ["1", "2", "7"] {
        let json = tomc_with(threads, &["check", path, "--format", "json"]);
        let human = tomc_with(threads, &["check", path]);
        assert_eq!(json.0, Some(1), "{}", String::from_utf8_lossy(&json.2));
        seen.push((json, human));
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]));
    let report: serde_json::Value = serde_json::from_slice(&seen[0].0.1).unwrap();
    assert!(
        report["summary"]["errors"].as_u64().unwrap() >= 4,
        "{report}"
    );

    // A model that reads cleanly, built into a site with one thread and with several.
    std::fs::remove_file(project.join("model/zz-broken.yaml")).unwrap();
    std::fs::remove_file(project.join("model/aa-broken.yaml")).unwrap();
    let mut sites = Vec::new();
    for threads in ["1", "3"] {
        let out = dir.path().join(format!("site-{threads}"));
        let (code, _, stderr) = tomc_with(threads, &["build", path, "-o", out.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{}", String::from_utf8_lossy(&stderr));
        sites.push(files(&out));
    }
    assert!(sites[0].len() > 3_000);
    assert!(sites[0] == sites[1], "the sites differ");
}
