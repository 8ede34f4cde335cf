//! `tomc manifest`: write the canonical model at one plateau, or at every plateau.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{ManifestArgs, ManifestFormat};
use crate::compile::{Options, compile};
use crate::emit::manifest::manifest;
use crate::emit::tree::{to_json, to_yaml};
use crate::model::PlateauIdx;

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
    let plateaus: Vec<PlateauIdx> = if args.all {
        (0..model.plateaus.len()).map(PlateauIdx).collect()
    } else {
        vec![compiled.plateau.unwrap_or(model.target())]
    };
    let mut documents = Vec::new();
    for p in plateaus {
        let tree = manifest(model, p);
        let plateau = &model.plateaus[p.0];
        let text = match args.format {
            ManifestFormat::Yaml => to_yaml(
                &tree,
                &format!(
                    "Manifest of {} at plateau `{}` ({}), written by tomc from the spec.\nDo not edit: change the spec and run `tomc manifest` again.",
                    model.name, plateau.id, plateau.name
                ),
            ),
            ManifestFormat::Json => to_json(&tree),
        };
        match text {
            Ok(text) => documents.push((plateau.id.clone(), text)),
            Err(e) => return fail(e),
        }
    }

    match &args.out {
        Some(dir) => {
            for (id, text) in &documents {
                let path = dir.join(format!("{id}.{}", args.format.extension()));
                if let Err(source) = write_atomic(&path, text) {
                    return fail(WriteError { path, source });
                }
            }
            ExitCode::from(OK)
        }
        None => {
            let text: String = documents.into_iter().map(|(_, text)| text).collect();
            print_or_write(None, &text)
        }
    }
}
