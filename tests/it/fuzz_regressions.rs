//! Replays the fuzzing corpora of every target and every crash reproducer through the
//! targets' own code (`fuzz/src/harness.rs` and `fuzz/src/grammar.rs`, included as they
//! are): whatever once crashed tomc, or reached new code under the fuzzer, must go
//! through load, check, manifests, gaps, diff and import without a panic, and give
//! well-formed output.

use std::path::Path;

use arbitrary::{Arbitrary, Unstructured};

#[path = "../../fuzz/src/harness.rs"]
#[allow(dead_code, clippy::all)]
mod harness;

#[path = "../../fuzz/src/grammar.rs"]
#[allow(dead_code, clippy::all, missing_docs)]
mod grammar;

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

/// The inputs of a structure-aware target, decoded as libFuzzer hands them over.
fn decoded<T: for<'a> Arbitrary<'a>>(dir: &str) -> Vec<(std::path::PathBuf, T)> {
    files(&root().join(dir))
        .into_iter()
        .filter_map(|path| {
            let data = std::fs::read(&path).unwrap();
            let value = T::arbitrary_take_rest(Unstructured::new(&data)).ok()?;
            Some((path, value))
        })
        .collect()
}

#[test]
fn the_structure_aware_corpora_go_through_every_output() {
    let specs = decoded::<grammar::Spec>("fuzz/corpus/check_yaml");
    assert!(specs.len() >= 30, "{} inputs", specs.len());
    for (path, spec) in specs {
        eprintln!("{}", path.display());
        let (project, files) = spec.render();
        let _ = harness::check(&project, &files);
    }
    let pairs = decoded::<(grammar::Spec, grammar::Spec)>("fuzz/corpus/diff_specs");
    assert!(pairs.len() >= 30, "{} inputs", pairs.len());
    for (path, (old, new)) in pairs {
        eprintln!("{}", path.display());
        harness::check_pair(old.render(), new.render());
    }
}

#[test]
fn the_import_corpus_imports_into_models_without_structural_errors() {
    let mut seen = 0;
    for dir in ["fuzz/corpus/import_archimate", "tests/fixtures/fuzz/import"] {
        for path in files(&root().join(dir)) {
            let data = std::fs::read(&path).unwrap();
            let Ok(text) = std::str::from_utf8(&data) else {
                continue;
            };
            eprintln!("{}", path.display());
            harness::check_import(text);
            seen += 1;
        }
    }
    assert!(seen >= 3, "{seen} inputs");
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
