//! `tomc export`: the model in another tool's format.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::archimate::export::ExchangeFile;
use crate::cli::{ExportArgs, ExportFormat};
use crate::compile::{Options, compile};
use crate::emit::output::text;

use super::{fail, print_or_write, require_readable};

/// Runs `tomc export`.
pub fn run(args: &ExportArgs) -> ExitCode {
    match &args.format {
        ExportFormat::Archimate(args) => {
            let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
            let compiled = match compile(&path, &Options::default()) {
                Ok(c) => c,
                Err(e) => return fail(e),
            };
            // A model with holes would export as a file with dangling relationships.
            if let Err(code) = require_readable(&compiled, "exchange file") {
                return code;
            }
            match text(&ExchangeFile, &compiled.model) {
                Ok(xml) => print_or_write(args.out.as_deref(), &xml),
                Err(e) => fail(e),
            }
        }
    }
}
