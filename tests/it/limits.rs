//! Limits: every way a spec can be too much is a clear error, never exhausted memory, a
//! hang or a half-written output.

use std::path::Path;
use std::process::Command;

use tomc::compile::{Options, compile_loaded};
use tomc::limits::Limits;
use tomc::load::{LoadError, load_with};
use tomc::spec::Levels;

use crate::bad_input::tomc_unprivileged;
use crate::support::{check_json, diagnostics, project, root, tomc, write};

/// A file of `len` bytes that takes no disk space (and is never read by tomc).
fn sparse(path: &Path, len: u64) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

#[test]
fn a_file_over_the_size_limit_is_reported_without_being_read() {
    let dir = project(&[("model/a.yaml", "capabilities:\n  - { id: a, name: A }\n")]);
    sparse(&dir.path().join("model/huge.yaml"), 300 * 1024 * 1024);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["rule"], "yaml-syntax");
    assert_eq!(d["file"], "model/huge.yaml");
    assert_eq!(d["message"], "the file is larger than tomc reads (256 MiB)");
    assert!(d["help"].as_str().unwrap().contains("split the model"));
}

#[test]
fn a_spec_over_the_total_size_limit_is_refused() {
    let dir = project(&[]);
    for i in 0..5 {
        sparse(
            &dir.path().join(format!("model/part-{i}.yaml")),
            250 * 1024 * 1024,
        );
    }
    let out = tomc(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the spec's files add up to 1250 MiB; tomc reads at most 1 GiB"),
        "{err}"
    );
}

#[test]
fn too_many_files_too_many_nodes_and_too_many_elements() {
    let files: Vec<(String, String)> = (0..5)
        .map(|i| {
            (
                format!("model/f{i}.yaml"),
                format!("capabilities:\n  - {{ id: c{i}, name: C }}\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = project(&refs);
    let limits = Limits {
        max_files: 3,
        ..Limits::DEFAULT
    };
    match load_with(dir.path(), &limits) {
        Err(
            e @ LoadError::TooManyFiles {
                count: 5, max: 3, ..
            },
        ) => {
            assert_eq!(
                e.to_string(),
                "the include globs match 5 files; tomc reads at most 3"
            );
        }
        other => panic!("expected too many files, got {other:?}"),
    }

    let tags: Vec<String> = (0..5000).map(|i| format!("t{i}")).collect();
    let dir = project(&[(
        "model/a.yaml",
        &format!(
            "capabilities:\n  - {{ id: a, name: A, tags: [{}] }}\n",
            tags.join(", ")
        ),
    )]);
    let limits = Limits {
        max_nodes: 1000,
        ..Limits::DEFAULT
    };
    let loaded = load_with(dir.path(), &limits).unwrap();
    let d = &loaded.diagnostics[0];
    assert_eq!(d.rule.as_str(), "yaml-syntax");
    assert!(
        d.message.starts_with("the document is over tomc's limits"),
        "{}",
        d.message
    );

    let elements: String = (0..12)
        .map(|i| format!("  - {{ id: c{i:02}, name: C }}\n"))
        .collect();
    let dir = project(&[("model/a.yaml", &format!("capabilities:\n{elements}"))]);
    let limits = Limits {
        max_elements: 10,
        ..Limits::DEFAULT
    };
    let loaded = load_with(dir.path(), &limits).unwrap();
    let compiled = compile_loaded(loaded, Levels::new(), &Options::default()).unwrap();
    let d = compiled
        .diagnostics
        .iter()
        .find(|d| d.message.contains("elements; tomc reads at most 10"))
        .expect("the element limit is reported");
    assert_eq!(d.rule.as_str(), "schema");
    assert_eq!(
        compiled.model.elements.len(),
        10,
        "the model stops at the limit"
    );
}

#[test]
fn a_symlink_loop_is_walked_once() {
    let dir = project(&[("model/a.yaml", "capabilities:\n  - { id: a, name: A }\n")]);
    std::os::unix::fs::symlink(dir.path().join("model"), dir.path().join("model/again")).unwrap();
    std::os::unix::fs::symlink("loop-b", dir.path().join("model/loop-a.yaml")).unwrap();
    std::os::unix::fs::symlink("loop-a.yaml", dir.path().join("model/loop-b")).unwrap();
    let out = tomc(&["check", dir.path().to_str().unwrap(), "--format", "json"]);
    let code = out.status.code();
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    // A link to a link to itself cannot be read: a clear error naming it, or the loop
    // skipped; never a hang.
    assert!(matches!(code, Some(0 | 2)), "{code:?} {err}");
    if code == Some(2) {
        assert!(
            err.contains("loop-a.yaml") && err.contains("leads back to"),
            "{err}"
        );
    } else {
        assert!(
            text.contains("\"errors\": 0") || text.contains("\"errors\":0"),
            "{text}"
        );
    }
}

#[test]
fn a_file_name_that_is_not_utf8_still_loads() {
    use std::os::unix::ffi::OsStrExt;
    let dir = project(&[]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
    write(dir.path(), "model/.keep", "");
    std::fs::write(
        dir.path().join("model").join(name),
        "capabilities:\n  - { id: a, name: A, parent: nope }\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{report:#}");
    let d = &diagnostics(&report)[0];
    assert_eq!(d["rule"], "unknown-reference");
    assert_eq!(
        d["file"], "model/caf\u{fffd}.yaml",
        "the name is shown, lossily"
    );
}

#[test]
fn a_read_only_output_location_fails_cleanly_and_keeps_the_old_output() {
    use std::os::unix::fs::PermissionsExt;
    let minimal = root().join("examples/minimal");
    let out = tempfile::tempdir().unwrap();
    let parent = out.path().join("public");
    std::fs::create_dir(&parent).unwrap();
    let site = parent.join("site");
    assert_eq!(
        tomc(&[
            "build",
            minimal.to_str().unwrap(),
            "-o",
            site.to_str().unwrap()
        ])
        .status
        .code(),
        Some(0)
    );
    let before = std::fs::read(site.join("index.html")).unwrap();
    let set = |p: &Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    // The unprivileged user may read the project and the site, not write beside it.
    set(out.path(), 0o755);
    for p in [&parent, &site] {
        set(p, 0o755);
    }
    let project = out.path().join("project");
    crate::support::copy_dir(&minimal, &project);
    set(&project, 0o755);
    Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(out.path())
        .status()
        .unwrap();
    set(&parent, 0o555);
    let result = tomc_unprivileged(&[
        "build",
        project.to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
    ]);
    let manifest = tomc_unprivileged(&[
        "manifest",
        project.to_str().unwrap(),
        "--all",
        "-o",
        parent.join("m").to_str().unwrap(),
    ]);
    set(&parent, 0o755);
    let err = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write the site"), "{err}");
    assert_eq!(
        std::fs::read(site.join("index.html")).unwrap(),
        before,
        "the old site is intact"
    );
    assert_eq!(manifest.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&manifest.stderr).contains("cannot write"));
}

#[test]
fn two_builds_into_one_directory_at_once() {
    let northwind = root().join("examples/northwind-bank");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let reference = out.path().join("reference");
    assert_eq!(
        tomc(&[
            "build",
            northwind.to_str().unwrap(),
            "-o",
            reference.to_str().unwrap()
        ])
        .status
        .code(),
        Some(0)
    );
    for round in 0..3 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_tomc"))
                .args([
                    "build",
                    northwind.to_str().unwrap(),
                    "-o",
                    site.to_str().unwrap(),
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let codes = [a.status.code(), b.status.code()];
        assert!(
            codes.contains(&Some(0)),
            "round {round}: one build wins: {codes:?}"
        );
        for o in [&a, &b] {
            if o.status.code() != Some(0) {
                assert_eq!(o.status.code(), Some(2));
                let err = String::from_utf8_lossy(&o.stderr);
                assert!(
                    err.contains("cannot write the site"),
                    "fails cleanly: {err}"
                );
            }
        }
        // The site is whole: the same files as a build on its own.
        let names = |d: &Path| {
            let mut v: Vec<_> = walkdir(d);
            v.sort();
            v
        };
        assert_eq!(names(&site), names(&reference), "round {round}");
        let leftovers: Vec<_> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("tomc-"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

fn walkdir(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(
                walkdir(&path)
                    .into_iter()
                    .map(|p| format!("{}/{p}", path.file_name().unwrap().to_string_lossy())),
            );
        } else {
            out.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    out
}
