//! Benchmarks of every stage of the pipeline on generated models of 1k, 10k and 100k
//! elements: `cargo bench` (or `cargo bench -- SIZE` to filter). The whole-process
//! timings are in `scripts/bench-process.sh`; the figures in docs/performance.md.

#![allow(missing_docs)]

use std::sync::OnceLock;

use divan::Bencher;
use tomc::analysis::gaps::GapReport;
use tomc::compile::{Compiled, Options, compile_loaded};
use tomc::emit::gap_report::gaps_tree;
use tomc::emit::manifest::manifest;
use tomc::emit::output::files;
use tomc::emit::site::{HtmlSite, SiteOptions, Templates};
use tomc::emit::tree::{to_json, to_yaml};
use tomc::load::{Loaded, load_memory};
use tomc::resolve::resolve;
use tomc::spec::Levels;
use tomc_gen::{Spec, generate};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// The allocator of the `tomc` binary, so that the stages cost what they cost there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// A project as bytes: `tom.yaml` and the model files with their names.
type ProjectBytes = (Vec<u8>, Vec<(String, Vec<u8>)>);

/// A generated project as bytes, made once per size.
fn project(n: usize) -> &'static ProjectBytes {
    static CACHE: OnceLock<[OnceLock<ProjectBytes>; 3]> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let slot = SIZES.iter().position(|&s| s == n).unwrap_or(0);
    cache[slot].get_or_init(|| {
        let p = generate(&Spec {
            elements: n,
            seed: 1,
        });
        let files = p
            .files
            .into_iter()
            .map(|(name, text)| (name, text.into_bytes()))
            .collect();
        (p.tom_yaml.into_bytes(), files)
    })
}

fn loaded(n: usize) -> Loaded {
    let (tom, files) = project(n);
    load_memory(tom, files)
}

fn compiled(n: usize) -> Compiled {
    compile_loaded(loaded(n), Levels::new(), &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Parsing only: the same files through the same YAML parser into nothing, the floor
/// the checker is measured against.
#[divan::bench(args = SIZES, sample_count = 5)]
fn parse_only(b: Bencher, n: usize) {
    let (_, files) = project(n);
    b.bench(|| {
        for (_, text) in files {
            let text = std::str::from_utf8(text).unwrap_or_default();
            let _: serde::de::IgnoredAny =
                serde_saphyr::from_str(text).unwrap_or(serde::de::IgnoredAny);
        }
    });
}

/// Parsing only, the files spread over every core as `tomc check` spreads them: the
/// floor for the whole check on this machine.
#[divan::bench(args = SIZES, sample_count = 5)]
fn parse_only_all_cores(b: Bencher, n: usize) {
    let (_, files) = project(n);
    b.bench(|| {
        tomc::parallel::map(files, 1, |(_, text)| {
            let text = std::str::from_utf8(text).unwrap_or_default();
            let _: serde::de::IgnoredAny =
                serde_saphyr::from_str(text).unwrap_or(serde::de::IgnoredAny);
        })
    });
}

/// The parser's events alone, every event read and dropped: the floor of any front end
/// built on this parser, since tomc builds its tree from the same events.
fn events(text: &[u8]) -> usize {
    let text = std::str::from_utf8(text).unwrap_or_default();
    serde_saphyr::granit_parser::Parser::new_from_str(text)
        .take_while(Result::is_ok)
        .count()
}

/// [`events`] of every file on one core.
#[divan::bench(args = SIZES, sample_count = 5)]
fn events_only(b: Bencher, n: usize) {
    let (_, files) = project(n);
    b.bench(|| files.iter().map(|(_, text)| events(text)).sum::<usize>());
}

/// [`events`] of every file on every core, as `tomc check` spreads its files: the
/// yardstick of the whole check on this machine.
#[divan::bench(args = SIZES, sample_count = 5)]
fn events_all_cores(b: Bencher, n: usize) {
    let (_, files) = project(n);
    b.bench(|| tomc::parallel::map(files, 1, |(_, text)| events(text)));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn load(b: Bencher, n: usize) {
    let (tom, files) = project(n);
    b.bench(|| load_memory(tom, files));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn resolve_model(b: Bencher, n: usize) {
    b.with_inputs(|| loaded(n)).bench_refs(|l| resolve(l));
}

/// Resolve and every rule on a project already loaded: what `tomc check` does between
/// [`load`] and printing.
#[divan::bench(args = SIZES, sample_count = 5)]
fn check(b: Bencher, n: usize) {
    b.with_inputs(|| loaded(n))
        .bench_values(|l| compile_loaded(l, Levels::new(), &Options::default()));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn manifest_target(b: Bencher, n: usize) {
    let c = compiled(n);
    b.bench(|| to_yaml(&manifest(&c.model.at(c.model.target())), ""));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn gaps(b: Bencher, n: usize) {
    let c = compiled(n);
    b.bench(|| {
        let report = GapReport::new(&c.model, c.model.baseline(), c.model.target());
        to_json(&gaps_tree(&report))
    });
}

/// Every page of the site, in memory (writing the files is left out).
#[divan::bench(args = SIZES, sample_count = 3)]
fn site(b: Bencher, n: usize) {
    let c = compiled(n);
    let templates = Templates::load(&[]).unwrap_or_else(|e| panic!("{e}"));
    let site = HtmlSite::new(templates, SiteOptions::default());
    b.bench(|| files(&site, &c));
}
