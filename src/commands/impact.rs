//! `tomc impact`: what depends on elements, or what they depend on, per plateau.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::analysis::impact::{Direction, impact};
use crate::cli::{ImpactArgs, ImpactDirection, ImpactFormat};
use crate::compile::{CompileError, Options};
use crate::emit::impact::ImpactReport;
use crate::model::{Model, PlateauIdx};
use crate::text::suggestion;

use super::progress::Progress;
use super::{compile_readable, fail, print_or_write};

/// Runs `tomc impact`.
pub fn run(args: &ImpactArgs) -> ExitCode {
    let path = args.project.clone().unwrap_or_else(|| PathBuf::from("."));
    let progress = Progress::reading(&path);
    let compiled = match compile_readable(&path, &Options::default(), "impact report", &progress) {
        Ok(c) => c,
        Err(code) => return code,
    };
    progress.finish();
    let model = &compiled.model;
    let mut named = Vec::new();
    for id in &args.ids {
        match model.find(id) {
            Some(idx) if !named.contains(&idx) => named.push(idx),
            Some(_) => {}
            None => return fail(unknown_element(model, id)),
        }
    }
    let plateaus: Vec<PlateauIdx> = match &args.plateau {
        Some(id) => match model.plateau(id) {
            Some(p) => vec![p],
            None => return fail(CompileError::unknown_plateau(model, id)),
        },
        None => (0..model.plateaus.len())
            .map(PlateauIdx)
            .filter(|&p| args.all || named.iter().any(|&i| model.element(i).exists_in(p)))
            .collect(),
    };
    let direction = match args.direction {
        ImpactDirection::Down => Direction::Down,
        ImpactDirection::Up => Direction::Up,
    };
    let report = ImpactReport {
        model,
        plateaus: crate::parallel::map(&plateaus, 1, |&p| {
            (p, impact(&model.at(p), &named, direction))
        }),
        named,
        direction,
    };
    let text = match args.format {
        ImpactFormat::Human => report.to_human(),
        ImpactFormat::Json => report.to_json(),
        ImpactFormat::Md => report.to_markdown(),
    };
    print_or_write(None, &text)
}

/// `id` names no element.
fn unknown_element(model: &Model, id: &str) -> UnknownElement {
    let ids = model.elements.iter().map(|e| e.id.as_str());
    UnknownElement {
        id: id.to_owned(),
        help: suggestion(id, ids)
            .or_else(|| Some("`tomc manifest` lists every element with its id".to_owned())),
    }
}

/// An id on the command line names no element.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("no element has the id `{id}`")]
#[diagnostic(code(tomc::unknown_element))]
struct UnknownElement {
    id: String,
    #[help]
    help: Option<String>,
}
