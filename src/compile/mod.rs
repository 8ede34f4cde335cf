//! The front half of the pipeline as one call: load → resolve → project → check, with
//! configuration applied.

pub mod configuration;

use std::collections::HashSet;
use std::path::Path;

use crate::analysis::coverage::{Coverage, coverage};
use crate::diag::{Diagnostic, Summary, suggestion};
use crate::limits::Limits;
use crate::load::{LoadError, Loaded, Overlay, ParseCache, load_overlaid, load_with};
use crate::model::{Model, PlateauIdx};
use crate::resolve::{ResolveCache, resolve_cached, resolve_freeing};
use crate::rules::configuration::unused_waiver::{WaiverCheck, WaiverUse};
use crate::rules::{self, Context, Rule};
use crate::source::Sources;
use crate::spec::rules::RuleSetting;
use crate::spec::{Level, Levels};

/// A project read, resolved and checked.
#[derive(Debug)]
pub struct Compiled {
    /// The project directory.
    pub dir: std::path::PathBuf,
    /// Every file read.
    pub sources: Sources,
    /// The resolved model.
    pub model: Model,
    /// Every finding after waivers and levels, sorted by file, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Every waiver of the model, with the findings it silenced.
    pub waivers: Vec<WaiverUse>,
    /// Findings silenced by waivers.
    pub waived: usize,
    /// The plateau checked by target rules (`None` when the plateaus could not be read).
    pub plateau: Option<PlateauIdx>,
    /// Coverage figures at that plateau; `None` when structural errors stopped the
    /// alignment rules.
    pub coverage: Option<Coverage>,
}

impl Compiled {
    /// Whether the model reads cleanly: it has plateaus and no structural error. Only
    /// such a model has a canonical form (manifests, gaps, element pages).
    pub fn is_readable(&self) -> bool {
        !self.model.plateaus.is_empty() && !self.has_structural_errors()
    }

    /// Whether any finding is a structural error: the spec cannot be read as a model.
    pub fn has_structural_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_structural_error)
    }

    /// Counts of findings by severity, and of findings waived.
    pub fn summary(&self) -> Summary {
        Summary {
            waived: self.waived,
            ..Summary::of(&self.diagnostics)
        }
    }
}

/// What to check.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Check plateau-sensitive rules at this plateau only (default: every plateau for
    /// per-plateau rules, the target for target rules).
    pub plateau: Option<String>,
    /// Rule levels set on the command line (`--rule`), over those of `tom.yaml`.
    pub rules: Vec<RuleSetting>,
}

impl Options {
    /// The rule levels of `--rule`, as they override those of `tom.yaml`.
    fn overrides(&self) -> Levels {
        self.rules.iter().map(|s| (s.rule, s.level)).collect()
    }
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

impl CompileError {
    /// `id` names no plateau of `model`: the error, with the nearest id as help, or else
    /// the list of plateaus.
    pub fn unknown_plateau(model: &Model, id: &str) -> Self {
        let help = suggestion(id, model.plateau_ids()).or_else(|| {
            let all: Vec<_> = model.plateau_ids().collect();
            (!all.is_empty()).then(|| format!("the plateaus are: {}", all.join(", ")))
        });
        CompileError::UnknownPlateau(id.to_owned(), help)
    }
}

/// Loads, resolves and checks the project at `path`.
pub fn compile(path: &Path, options: &Options) -> Result<Compiled, CompileError> {
    let overrides = options.overrides();
    compile_loaded(load_with(path, &Limits::DEFAULT)?, overrides, options)
}

/// What one compile keeps for the next: the parse of each model file and the elements
/// resolved from it. A later compile of the same project, or of another version of it
/// (the other side of a diff), reads again only the files whose text differs.
#[derive(Debug, Default)]
pub struct Reuse {
    /// The parse of each model file, by its name in the project.
    pub parses: ParseCache,
    /// The elements of each file, while its tree and the model's ids stay the same.
    pub resolved: ResolveCache,
}

/// [`compile`], reusing what `reuse` kept of an earlier compile; `reuse` then holds
/// this one's.
pub fn compile_reusing(
    path: &Path,
    options: &Options,
    reuse: &mut Reuse,
) -> Result<Compiled, CompileError> {
    let overrides = options.overrides();
    let loaded = load_overlaid(
        path,
        &Limits::DEFAULT,
        Overlay::default(),
        &mut reuse.parses,
    )?;
    compile_cached(loaded, overrides, options, &mut reuse.resolved)
}

/// Resolves and checks a project already loaded (from disk or from memory).
pub fn compile_loaded(
    mut loaded: Loaded,
    overrides: Levels,
    options: &Options,
) -> Result<Compiled, CompileError> {
    // Without a cache, `loaded` holds the only reference to each raw tree: each is freed
    // as soon as its elements are read, so the trees and the model are not all in
    // memory at once.
    let (model, diagnostics) = resolve_freeing(&mut loaded);
    check(loaded, model, diagnostics, overrides, options)
}

/// Resolves and checks a project already loaded, reusing the elements of the files
/// that `cache` resolved before and that did not change.
pub fn compile_cached(
    loaded: Loaded,
    overrides: Levels,
    options: &Options,
    cache: &mut ResolveCache,
) -> Result<Compiled, CompileError> {
    let (model, diagnostics) = resolve_cached(&loaded, cache);
    check(loaded, model, diagnostics, overrides, options)
}

/// Runs the rules over a resolved model and applies the configuration.
fn check(
    loaded: Loaded,
    model: Model,
    mut diagnostics: Vec<Diagnostic>,
    overrides: Levels,
    options: &Options,
) -> Result<Compiled, CompileError> {
    diagnostics.extend(loaded.diagnostics.iter().cloned());
    crate::load::report_empty_model(&loaded, model.elements.is_empty(), &mut diagnostics);

    let (plateau, each) = match &options.plateau {
        Some(id) => {
            let Some(p) = model.plateau(id) else {
                return Err(CompileError::unknown_plateau(&model, id));
            };
            (Some(p), vec![p])
        }
        None if model.plateaus.is_empty() => (None, Vec::new()),
        None => (
            Some(model.target()),
            (0..model.plateaus.len()).map(PlateauIdx).collect(),
        ),
    };

    let mut levels = model.rule_levels.clone();
    levels.extend(overrides);
    // A rule turned off runs only when a waiver names it, to tell whether the waiver is
    // used; otherwise its findings would be built only to be dropped.
    let waived: HashSet<&str> = model
        .elements
        .iter()
        .flat_map(|e| e.waivers.iter().map(|w| w.rule.as_str()))
        .collect();
    let wanted = |rule: &Rule| {
        levels.get(&rule.id) != Some(&Level::Off) || waived.contains(rule.id.as_str())
    };

    let mut coverage_figures = None;
    if let Some(target) = plateau {
        let ctx = Context::new(&model, target, each);
        diagnostics.extend(rules::run(&ctx, |r| r.structural));
        let structural_errors = diagnostics.iter().any(Diagnostic::is_structural_error);
        // Alignment rules on a model with holes would report the holes again as
        // missing links; they run once the spec reads cleanly.
        if !structural_errors {
            diagnostics.extend(rules::run(&ctx, |r| !r.structural && wanted(r)));
            coverage_figures = Some(coverage(&ctx.at, &ctx.gaps));
        }
    }
    let judged = match (&coverage_figures, &options.plateau) {
        (None, _) => WaiverCheck::UnknownRulesOnly,
        (Some(_), Some(_)) => WaiverCheck::SpecRulesOnly,
        (Some(_), None) => WaiverCheck::All,
    };
    let outcome = configuration::apply(&model, diagnostics, &levels, judged);
    let mut diagnostics = outcome.diagnostics;

    sort(&loaded.sources, &mut diagnostics);
    Ok(Compiled {
        dir: loaded.dir,
        sources: loaded.sources,
        model,
        diagnostics,
        waivers: outcome.waivers,
        waived: outcome.waived,
        plateau,
        coverage: coverage_figures,
    })
}

/// Sorts diagnostics by file name, position and rule; findings without a place last.
pub fn sort(sources: &Sources, diagnostics: &mut [Diagnostic]) {
    // Cached: the key holds the file name, which would be cloned on every comparison.
    diagnostics.sort_by_cached_key(|d| {
        let place = d
            .span
            .map(|s| (sources.get(s.file).name.clone(), s.start(), s.end()));
        (
            place.is_none(),
            place,
            d.rule,
            d.plateau.clone(),
            d.message.clone(),
        )
    });
}
