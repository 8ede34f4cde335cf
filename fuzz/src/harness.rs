//! The check pipeline every fuzz target runs, and how raw bytes become a project.
//!
//! It depends on tomc and serde_json only, so the main crate's regression test
//! (`tests/it/fuzz_regressions.rs`) includes this very file and replays the committed
//! corpus and crash reproducers through the same code.

use tomc::analysis::gaps::GapReport;
use tomc::compile::{Compiled, Options, compile_loaded};
use tomc::emit::findings::{human, json};
use tomc::emit::gap_report::gaps_tree;
use tomc::emit::manifest::manifest;
use tomc::emit::tree::{EmitError, to_json, to_yaml};
use tomc::load::load_memory;
use tomc::spec::Levels;

/// A valid `tom.yaml` with three plateaus, used when the input is only a model file.
pub const TOM_YAML: &str = "tom: 1\nname: Fuzz\nplateaus:\n  - { id: current, name: Current }\n  - { id: wave-1, name: Wave 1 }\n  - { id: target, name: Target }\n";

/// Raw bytes as a project: `tom.yaml` and the model files.
///
/// The first byte picks the layout (the rest is the payload):
/// - `% 4 == 0 | 1`: the valid [`TOM_YAML`], the payload as `model/a.yaml`;
/// - `% 4 == 2`: the payload split at NUL bytes into `tom.yaml`, `model/a.yaml`,
///   `model/b.yaml` (at most three parts; a payload without NUL is `tom.yaml` alone);
/// - `% 4 == 3`: the valid [`TOM_YAML`], the payload split at the first NUL into
///   `model/a.yaml` and `model/b.yaml`.
///
/// Empty input is the valid `tom.yaml` alone.
pub fn split(data: &[u8]) -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    let Some((&first, rest)) = data.split_first() else {
        return (TOM_YAML.as_bytes().to_vec(), Vec::new());
    };
    let names = ["model/a.yaml", "model/b.yaml"];
    let files = |parts: &mut dyn Iterator<Item = &[u8]>| -> Vec<(String, Vec<u8>)> {
        names
            .iter()
            .zip(parts)
            .map(|(n, p)| ((*n).to_owned(), p.to_vec()))
            .collect()
    };
    match first % 4 {
        2 => {
            let mut parts = rest.splitn(3, |&b| b == 0);
            let tom = parts.next().unwrap_or_default().to_vec();
            (tom, files(&mut parts))
        }
        3 => {
            let mut parts = rest.splitn(2, |&b| b == 0);
            (TOM_YAML.as_bytes().to_vec(), files(&mut parts))
        }
        _ => (
            TOM_YAML.as_bytes().to_vec(),
            vec![("model/a.yaml".to_owned(), rest.to_vec())],
        ),
    }
}

/// Loads and compiles a project, then renders everything a user could ask for:
/// diagnostics as text and JSON, and, when the model is readable (no structural
/// error, at least one plateau), the manifest of every plateau and the gap report.
///
/// Panics when an emitter fails or an output is malformed (JSON that does not parse).
pub fn check(project: &[u8], files: &[(String, Vec<u8>)]) -> Option<Compiled> {
    let loaded = load_memory(project, files);
    let compiled = compile_loaded(loaded, Levels::new(), &Options::default()).ok()?;
    let style = human::Style {
        color: false,
        width: 100,
    };
    let _ = human::render(&compiled, style);
    parses("diagnostics JSON", json::render(&compiled));
    let model = &compiled.model;
    if compiled.is_readable() {
        for p in 0..model.plateaus.len() {
            let at = model.at(tomc::model::PlateauIdx(p));
            emitted("manifest YAML", to_yaml(&manifest(&at), ""));
            parses("manifest JSON", to_json(&manifest(&at)));
        }
        let report = GapReport::new(model, model.baseline(), model.target());
        let tree = gaps_tree(&report);
        parses("gaps JSON", to_json(&tree));
    }
    Some(compiled)
}

/// The text an emitter returned; panics with its error when it failed.
fn emitted(what: &str, result: Result<String, EmitError>) -> String {
    result.unwrap_or_else(|e| panic!("{what} was not written: {e}"))
}

/// The JSON an emitter returned; panics when it failed or the text does not parse.
fn parses(what: &str, result: Result<String, EmitError>) {
    let text = emitted(what, result);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
        panic!("{what} does not parse: {e}\n{text}");
    }
}

/// Diffs two compiled versions and renders the diff; checks the Markdown stays under
/// the comment limit and that a version diffed with itself has no change.
pub fn check_diff(old: &Compiled, new: &Compiled) {
    use tomc::diff::report::{MARKDOWN_LIMIT, diff_markdown, diff_tree};
    use tomc::diff::{Version, diff};
    let d = diff(
        Version {
            label: "old",
            compiled: old,
        },
        Version {
            label: "new",
            compiled: new,
        },
    );
    let md = diff_markdown(&d);
    let chars = md.chars().count();
    assert!(
        chars <= MARKDOWN_LIMIT,
        "diff Markdown is {chars} characters, over the limit of {MARKDOWN_LIMIT}"
    );
    parses("diff JSON", to_json(&diff_tree(&d)));
    let same = diff(
        Version {
            label: "old",
            compiled: old,
        },
        Version {
            label: "old again",
            compiled: old,
        },
    );
    assert!(
        !same.has_changes(),
        "a version diffed with itself has changes:\n{}",
        diff_markdown(&same)
    );
}

/// Two projects (as [`split`] gives them), compiled and diffed both ways with
/// [`check_diff`]; nothing more when either does not compile.
pub fn check_pair(old: (Vec<u8>, Vec<(String, Vec<u8>)>), new: (Vec<u8>, Vec<(String, Vec<u8>)>)) {
    let Some(old) = check(&old.0, &old.1) else {
        return;
    };
    let Some(new) = check(&new.0, &new.1) else {
        return;
    };
    check_diff(&old, &new);
    check_diff(&new, &old);
}

/// The inverse of [`split`] for projects whose files hold no NUL byte: the bytes that
/// [`split`] turns back into this `tom.yaml` and these model files (at most two, named
/// as [`split`] names them). Crash reproducers of the structure-aware targets are kept
/// in this form, so that replaying them needs no grammar.
pub fn join(project: &[u8], files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = vec![2];
    out.extend_from_slice(project);
    for (_, bytes) in files.iter().take(2) {
        out.push(0);
        out.extend_from_slice(bytes);
    }
    out
}

/// Imports `text` as an ArchiMate exchange file; when it imports, the project must load
/// and resolve without a structural error, and its export must import again.
///
/// Panics when the import breaks its promise.
pub fn check_import(text: &str) {
    let Ok(imported) = tomc::archimate::import::import(text, "fuzz.xml") else {
        return;
    };
    let files: Vec<(String, Vec<u8>)> = imported
        .files
        .iter()
        .map(|(name, text)| (name.clone(), text.clone().into_bytes()))
        .collect();
    let loaded = load_memory(imported.tom_yaml.as_bytes(), &files);
    let Ok(compiled) = compile_loaded(loaded, Levels::new(), &Options::default()) else {
        panic!("the imported project does not compile");
    };
    let structural: Vec<String> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_structural_error())
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect();
    assert!(
        structural.is_empty(),
        "the imported project has structural errors: {structural:#?}\n{}\n{:#?}",
        imported.tom_yaml,
        imported.files
    );
    let xml = tomc::emit::output::text(&tomc::archimate::export::ExchangeFile, &compiled.model)
        .expect("export writes to memory");
    if let Err(e) = tomc::archimate::import::import(&xml, "export.xml") {
        panic!("the export does not import: {e}\n{xml}");
    }
}
