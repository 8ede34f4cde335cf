//! `tomc manifest`: write the canonical model at one plateau, or at every plateau.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{self, ManifestArgs};
use crate::compile::Options;
use crate::emit::manifest::{ManifestFormat, ManifestOutput, Plateaus};
use crate::emit::output::{Memory, Render, text};

use super::progress::Progress;
use super::{OK, WriteError, compile_readable, fail, print_or_write, write_atomic};

/// Runs `tomc manifest`.
pub fn run(args: &ManifestArgs) -> ExitCode {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let options = Options {
        plateau: args.plateau.clone(),
        rules: Vec::new(),
    };
    // A model that cannot be read whole has no canonical form: say why, write nothing.
    let progress = Progress::reading(&path);
    let compiled = match compile_readable(&path, &options, "manifest", &progress) {
        Ok(c) => c,
        Err(code) => return code,
    };

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
        progress.stage("writing the manifest");
        let text = text(&output, model);
        progress.finish();
        return match text {
            Ok(text) => print_or_write(None, &text),
            Err(e) => fail(e),
        };
    };
    // Every manifest is rendered before any is written: a failure writes nothing.
    progress.stage("writing the manifests");
    let memory = Memory::default();
    let rendered = output.render(model, &memory);
    progress.finish();
    if let Err(e) = rendered {
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
