//! `tomc export sheet`: the model as a workbook or as CSV files.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{ExportSheetArgs, SheetFormat};
use crate::compile::Options;
use crate::sheet::export::{csv_files, sheets, xlsx};

use super::progress::Progress;
use super::{OK, WriteError, compile_readable, fail, write_atomic};

/// Runs `tomc export sheet`.
pub fn run(args: &ExportSheetArgs) -> ExitCode {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let what = match args.format {
        SheetFormat::Xlsx => "workbook",
        SheetFormat::Csv => "CSV files",
    };
    // An unknown `--plateau` stops here (exit code 2), naming the plateaus; a model with
    // structural errors has no canonical form and is refused (exit code 1).
    let options = Options {
        plateau: args.plateau.clone(),
        rules: Vec::new(),
    };
    let progress = Progress::reading(&path);
    let compiled = match compile_readable(&path, &options, what, &progress) {
        Ok(c) => c,
        Err(code) => return code,
    };
    progress.stage(format!("writing the {what}"));
    let model = &compiled.model;
    let plateau = compiled.plateau.unwrap_or(model.target());
    let sheets = sheets(model, plateau);
    // Everything is rendered before anything is written: a failure writes nothing.
    match args.format {
        SheetFormat::Xlsx => {
            let bytes = xlsx(&sheets);
            progress.finish();
            let bytes = match bytes {
                Ok(b) => b,
                Err(e) => return fail(e),
            };
            match super::write_atomic_bytes(&args.out, &bytes) {
                Ok(()) => ExitCode::from(OK),
                Err(source) => fail(WriteError {
                    path: args.out.clone(),
                    source,
                }),
            }
        }
        SheetFormat::Csv => {
            let files = csv_files(&sheets);
            progress.finish();
            let files = match files {
                Ok(f) => f,
                Err(e) => return fail(e),
            };
            if args.out.is_file() {
                return fail(WriteError {
                    path: args.out.clone(),
                    source: std::io::Error::other("it is a file, not a directory"),
                });
            }
            for (name, text) in &files {
                let file = args.out.join(name);
                if let Err(source) = write_atomic(&file, text) {
                    return fail(WriteError { path: file, source });
                }
            }
            ExitCode::from(OK)
        }
    }
}
