//! Replays the fuzzing corpus and every crash reproducer through the fuzz targets'
//! own pipeline (`fuzz/src/harness.rs`, included as is): whatever once crashed tomc, or
//! reached new code under the fuzzer, must go through load, check, manifests, gaps and
//! diff without a panic, and give well-formed output.

use std::path::Path;

#[path = "../../fuzz/src/harness.rs"]
#[allow(dead_code, clippy::all)]
mod harness;

use crate::support::root;

/// Every file of a directory, sorted by name; none when the directory does not exist
/// (git keeps no empty directory, and there may be no reproducer yet).
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    let mut out: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn the_check_corpus_and_reproducers_go_through_every_output() {
    let mut seen = 0;
    for dir in ["fuzz/corpus/check_bytes", "tests/fixtures/fuzz/check"] {
        for path in files(&root().join(dir)) {
            let data = std::fs::read(&path).unwrap();
            let (project, model) = harness::split(&data);
            // A panic here names the input through the test's output.
            eprintln!("{}", path.display());
            let _ = harness::check(&project, &model);
            seen += 1;
        }
    }
    assert!(seen >= 30, "the corpus holds {seen} inputs");
}

#[test]
fn the_diff_reproducers_diff_both_ways() {
    let dir = root().join("tests/fixtures/fuzz/diff");
    let mut seen = 0;
    for case in files(&dir.join("old")) {
        let name = case.file_name().unwrap();
        let old = std::fs::read(&case).unwrap();
        let new = std::fs::read(dir.join("new").join(name)).unwrap();
        eprintln!("{}", case.display());
        let (p, f) = harness::split(&old);
        let old = harness::check(&p, &f).expect("the old side compiles");
        let (p, f) = harness::split(&new);
        let new = harness::check(&p, &f).expect("the new side compiles");
        harness::check_diff(&old, &new);
        harness::check_diff(&new, &old);
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn join_is_the_inverse_of_split() {
    let project = b"tom: 1\nname: X\n".to_vec();
    let files = vec![
        ("model/a.yaml".to_owned(), b"capabilities: []\n".to_vec()),
        ("model/b.yaml".to_owned(), b"kpis: []\n".to_vec()),
    ];
    assert_eq!(
        harness::split(&harness::join(&project, &files)),
        (project, files)
    );
}
