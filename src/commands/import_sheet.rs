//! `tomc import sheet`: rows of a spreadsheet into the model file a mapping owns.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::ImportSheetArgs;
use crate::diag::escape::visible_lines;
use crate::sheet::import::{Request, import};

use super::progress::Progress;
use super::{FINDINGS, OK, WriteError, fail};

/// Runs `tomc import sheet`: exit code 0 when every row was taken, 1 when some were
/// refused (the rest is written), 2 when the import could not run.
pub fn run(args: &ImportSheetArgs) -> ExitCode {
    let request = Request {
        sheet: &args.file,
        mapping: &args.map,
        project: args.project.as_deref().unwrap_or(Path::new(".")),
        keep_missing: args.keep_missing,
    };
    let progress = Progress::start(format!("importing `{}`", args.file.display()));
    let outcome = import(&request);
    progress.finish();
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) => return fail(e),
    };
    if outcome.changed
        && let Err(source) = super::write_atomic(&outcome.path, &outcome.text)
    {
        return fail(WriteError {
            path: outcome.path,
            source,
        });
    }
    eprint!("{}", visible_lines(&outcome.report()));
    ExitCode::from(if outcome.all_taken() { OK } else { FINDINGS })
}
