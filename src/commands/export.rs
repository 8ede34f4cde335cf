//! `tomc export`: the model in another tool's format.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::archimate::export::Document;
use crate::cli::{ExportArgs, ExportFormat};
use crate::compile::Options;

use super::progress::Progress;
use super::{FAILURE, OK, STREAM_BUFFER, WriteError, compile_readable, fail, write_atomic_with};

/// Runs `tomc export`.
pub fn run(args: &ExportArgs) -> ExitCode {
    match &args.format {
        ExportFormat::Sheet(args) => super::export_sheet::run(args),
        ExportFormat::Archimate(args) => {
            let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
            // A model with holes would export as a file with dangling relationships.
            let progress = Progress::reading(&path);
            let compiled =
                match compile_readable(&path, &Options::default(), "exchange file", &progress) {
                    Ok(c) => c,
                    Err(code) => return code,
                };
            let document = match Document::new(&compiled.model) {
                Ok(document) => document,
                Err(e) => return progress.fail(e),
            };
            let Some(path) = args.out.as_deref() else {
                // Stdout may be the terminal the display is drawn on.
                progress.finish();
                return stream(&document);
            };
            progress.stage(format!("writing `{}`", path.display()));
            let written = write_atomic_with(path, |file| document.write(file));
            progress.finish();
            match written {
                Ok(()) => ExitCode::from(OK),
                Err(source) => fail(WriteError {
                    path: path.to_owned(),
                    source,
                }),
            }
        }
    }
}

/// Streams `document` onto stdout, as [`super::print_or_write`] prints a text: the
/// exchange file of a large model is hundreds of megabytes, more than is worth holding
/// whole. Exit code 0, or 2 when it cannot be written (the reader went away).
fn stream(document: &Document<'_>) -> ExitCode {
    let mut stdout = BufWriter::with_capacity(STREAM_BUFFER, std::io::stdout().lock());
    if document
        .write(&mut stdout)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(FAILURE);
    }
    ExitCode::from(OK)
}
