//! `tomc gaps`: the gap report between two plateaus.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::analysis::gaps::GapReport;
use crate::cli::{self, GapsArgs};
use crate::compile::{CompileError, Options};
use crate::emit::gap_report::{GapsFormat, GapsOutput};
use crate::emit::output::text;
use crate::model::{Model, PlateauIdx};

use super::progress::Progress;
use super::{compile_readable, fail, print_or_write};

/// Runs `tomc gaps`.
pub fn run(args: &GapsArgs) -> ExitCode {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let progress = Progress::reading(&path);
    let compiled = match compile_readable(&path, &Options::default(), "gap report", &progress) {
        Ok(c) => c,
        Err(code) => return code,
    };
    progress.finish();
    let model = &compiled.model;
    let from = match plateau(model, args.from.as_deref(), model.baseline()) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let to = match plateau(model, args.to.as_deref(), model.target()) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if from > to {
        return fail(OrderError {
            from: model.plateaus[from.0].id.clone(),
            to: model.plateaus[to.0].id.clone(),
        });
    }
    let report = GapReport::new(model, from, to);
    let format = match args.format {
        cli::GapsFormat::Md => GapsFormat::Markdown,
        cli::GapsFormat::Json => GapsFormat::Json,
        cli::GapsFormat::Html => GapsFormat::Html,
    };
    match text(&GapsOutput::new(format), &report) {
        Ok(text) => print_or_write(args.out.as_deref(), &text),
        Err(e) => fail(e),
    }
}

/// The plateau named on the command line, or `default`.
fn plateau(
    model: &Model,
    id: Option<&str>,
    default: PlateauIdx,
) -> Result<PlateauIdx, CompileError> {
    let Some(id) = id else {
        return Ok(default);
    };
    model
        .plateau(id)
        .ok_or_else(|| CompileError::unknown_plateau(model, id))
}

/// `--from` comes after `--to`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("--from {from} comes after --to {to}")]
#[diagnostic(
    code(tomc::plateau_order),
    help("gaps run forward in time: swap the two plateaus")
)]
struct OrderError {
    from: String,
    to: String,
}
