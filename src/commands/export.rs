//! `tomc export`: the model in another tool's format.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::archimate::export::ExchangeFile;
use crate::cli::{ExportArgs, ExportFormat};
use crate::compile::Options;
use crate::emit::output::text;

use super::{compile_readable, fail, print_or_write};

/// Runs `tomc export`.
pub fn run(args: &ExportArgs) -> ExitCode {
    match &args.format {
        ExportFormat::Sheet(args) => super::export_sheet::run(args),
        ExportFormat::Archimate(args) => {
            let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
            // A model with holes would export as a file with dangling relationships.
            let compiled = match compile_readable(&path, &Options::default(), "exchange file") {
                Ok(c) => c,
                Err(code) => return code,
            };
            match text(&ExchangeFile, &compiled.model) {
                Ok(xml) => print_or_write(args.out.as_deref(), &xml),
                Err(e) => fail(e),
            }
        }
    }
}
