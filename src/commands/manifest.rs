//! `tomc manifest`: write the canonical model at one plateau, or at every plateau.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{self, ManifestArgs};
use crate::compile::{Options, compile};
use crate::emit::manifest::{ManifestFormat, ManifestOutput, Plateaus};
use crate::emit::output::{Memory, Render, text};

use super::{OK, WriteError, fail, print_or_write, require_readable, write_atomic};

/// Runs `tomc manifest`.
pub fn run(args: &ManifestArgs) -> ExitCode {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let options = Options {
        plateau: args.plateau.clone(),
        rules: Vec::new(),
    };
    let compiled = match compile(&path, &options) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    // A model that cannot be read whole has no canonical form: say why, write nothing.
    if let Err(code) = require_readable(&compiled, "manifest") {
        return code;
    }

    let model = &compiled.model;
    let output = ManifestOutput {
        format: match args.format {
            cli::ManifestFormat::Yaml => ManifestFormat::Yaml,
            cli::ManifestFormat::Json => ManifestFormat::Json,
        },
        plateaus: if args.all {
            Plateaus::All
        } else {
            Plateaus::One(compiled.plateau.unwrap_or(model.target()))
        },
        command: "tomc manifest",
    };
    let Some(dir) = &args.out else {
        // One plateau on stdout (`--all` needs a directory).
        return match text(&output, model) {
            Ok(text) => print_or_write(None, &text),
            Err(e) => fail(e),
        };
    };
    // Every manifest is rendered before any is written: a failure writes nothing.
    let memory = Memory::default();
    if let Err(e) = output.render(model, &memory) {
        return fail(e);
    }
    for file in memory.into_files() {
        let path = dir.join(&file.path);
        // The renderer wrote text: the bytes are UTF-8.
        if let Err(source) = write_atomic(&path, &String::from_utf8_lossy(&file.bytes)) {
            return fail(WriteError { path, source });
        }
    }
    ExitCode::from(OK)
}
