//! The model generator: valid models of any size, every kind present, deterministic.

use tomc::compile::{Compiled, Options, compile_loaded};
use tomc::diag::Severity;
use tomc::load::load_memory;
use tomc::spec::Levels;
use tomc_gen::{KINDS, Spec, generate};

use crate::support::{check_json, diagnostics};

fn compile(spec: Spec) -> (tomc_gen::Project, Compiled) {
    let project = generate(&spec);
    let files: Vec<(String, Vec<u8>)> = project
        .files
        .iter()
        .map(|(name, text)| (name.clone(), text.clone().into_bytes()))
        .collect();
    let loaded = load_memory(project.tom_yaml.as_bytes(), &files);
    let compiled = compile_loaded(loaded, Levels::new(), &Options::default()).unwrap();
    (project, compiled)
}

#[test]
fn generated_models_have_no_error_at_any_size() {
    for (elements, seed) in [(10, 1), (40, 2), (300, 3), (1_000, 4), (5_000, 5)] {
        let (project, compiled) = compile(Spec { elements, seed });
        let errors: Vec<String> = compiled
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.rule, d.message))
            .collect();
        assert!(
            errors.is_empty(),
            "{elements} elements, seed {seed}: {errors:#?}"
        );
        // Every kind is present, and the counts are those of the resolved model.
        assert_eq!(project.counts.len(), KINDS.len());
        for (kind, n) in &project.counts {
            assert!(*n > 0, "{elements} elements: no {kind}");
        }
        assert_eq!(compiled.model.elements.len(), project.elements());
        if elements >= 40 {
            assert_eq!(project.elements(), elements);
        }
        // A model still being completed: a few findings, not a flood.
        let s = compiled.summary();
        assert!(
            s.warnings + s.infos <= elements / 20 + 3,
            "{elements} elements: {s:?}"
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_another_model() {
    let spec = Spec {
        elements: 2_000,
        seed: 9,
    };
    assert_eq!(generate(&spec), generate(&spec));
    let other = generate(&Spec { seed: 10, ..spec });
    assert_ne!(generate(&spec).files, other.files);
    assert_eq!(generate(&spec).counts, other.counts);
}

#[test]
fn a_generated_model_has_the_shape_of_a_real_one() {
    let (project, compiled) = compile(Spec {
        elements: 5_000,
        seed: 1,
    });
    let count = |kind: &str| {
        project
            .counts
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, n)| *n)
            .unwrap()
    };
    assert!(count("processes") >= 2 * count("capabilities"));
    assert!(count("systems") >= count("capabilities"));
    // Several files per large kind, none over the per-file limit.
    assert!(project.files.len() > KINDS.len());
    for (name, text) in &project.files {
        let entries = text.matches("\n  - id: ").count();
        assert!(entries <= tomc_gen::ELEMENTS_PER_FILE, "{name}: {entries}");
    }
    // Gaps between the plateaus, all delivered; journeys with stages; elements added and
    // retired along the way.
    let coverage = compiled.coverage.as_ref().unwrap();
    let json = serde_json::to_value(coverage).unwrap();
    let gaps = &json["gaps_with_initiative"];
    assert!(gaps["total"].as_u64().unwrap() > 100, "{json}");
    assert_eq!(gaps["covered"], gaps["total"], "{json}");
    assert!(
        json["stages_with_touchpoint"]["total"].as_u64().unwrap() >= 4 * count("journeys") as u64
    );
    let text: String = project.files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(text.contains("from: wave-1") || text.contains("from: target"));
    assert!(text.contains("until: current") || text.contains("until: wave-1"));
}

#[test]
fn a_written_model_checks_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let project = generate(&Spec {
        elements: 500,
        seed: 3,
    });
    project.write(dir.path()).unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        report["project"],
        project
            .tom_yaml
            .lines()
            .find_map(|l| l.strip_prefix("name: "))
            .unwrap()
    );
    assert!(
        diagnostics(&report)
            .iter()
            .all(|d| d["severity"] != "error")
    );
}
