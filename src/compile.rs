//! The front half of the pipeline as one call: load → resolve → project checks.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::load::{LoadError, load};
use crate::model::{Model, PlateauIdx};
use crate::resolve::{absent_references, resolve};
use crate::source::Sources;

/// A project read, resolved and checked.
#[derive(Debug)]
pub struct Compiled {
    /// The project directory.
    pub dir: std::path::PathBuf,
    /// Every file read.
    pub sources: Sources,
    /// The resolved model.
    pub model: Model,
    /// Every finding, sorted by file, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
}

/// What to check.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Check plateau-sensitive rules at this plateau only (default: every plateau for
    /// per-plateau rules, the target for target rules).
    pub plateau: Option<String>,
}

/// Why compilation could not run.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CompileError {
    /// The project could not be read.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Load(#[from] LoadError),
    /// `--plateau` names no plateau.
    #[error("plateau `{0}` does not exist in this project")]
    #[diagnostic(code(tomc::unknown_plateau))]
    UnknownPlateau(String, #[help] Option<String>),
}

/// Loads, resolves and checks the project at `path`.
pub fn compile(path: &Path, options: &Options) -> Result<Compiled, CompileError> {
    let loaded = load(path)?;
    let (model, mut diagnostics) = resolve(&loaded);
    diagnostics.extend(loaded.diagnostics.iter().cloned());

    let plateaus: Vec<PlateauIdx> = match &options.plateau {
        Some(id) => {
            let Some(p) = model.plateau(id) else {
                let ids = model.plateaus.iter().map(|p| p.id.as_str());
                let help = crate::diag::suggestion(id, ids).or_else(|| {
                    let all: Vec<_> = model.plateaus.iter().map(|p| p.id.as_str()).collect();
                    (!all.is_empty()).then(|| format!("the plateaus are: {}", all.join(", ")))
                });
                return Err(CompileError::UnknownPlateau(id.clone(), help));
            };
            vec![p]
        }
        None => (0..model.plateaus.len()).map(PlateauIdx).collect(),
    };
    diagnostics.extend(absent_references(&model, &plateaus));

    sort(&loaded.sources, &mut diagnostics);
    Ok(Compiled {
        dir: loaded.dir,
        sources: loaded.sources,
        model,
        diagnostics,
    })
}

/// Sorts diagnostics by file name, position and rule; findings without a place last.
pub fn sort(sources: &Sources, diagnostics: &mut [Diagnostic]) {
    // Cached: the key holds the file name, which would be cloned on every comparison.
    diagnostics.sort_by_cached_key(|d| {
        let place = d
            .span
            .map(|s| (sources.get(s.file).name.clone(), s.start, s.end));
        (
            place.is_none(),
            place,
            d.rule,
            d.plateau.clone(),
            d.message.clone(),
        )
    });
}
