//! `tomc schema`: print or write the JSON Schemas.

use std::process::ExitCode;

use crate::cli::{SchemaArgs, SchemaKind};
use crate::emit::schema::{MODEL_SCHEMA_FILE, PROJECT_SCHEMA_FILE, model_schema, project_schema};

use super::{OK, WriteError, fail, write_atomic};

/// Runs `tomc schema`.
pub fn run(args: &SchemaArgs) -> ExitCode {
    if let Some(dir) = &args.out_dir {
        for (file, text) in [
            (MODEL_SCHEMA_FILE, model_schema()),
            (PROJECT_SCHEMA_FILE, project_schema()),
        ] {
            let text = match text {
                Ok(text) => text,
                Err(e) => return fail(e),
            };
            let path = dir.join(file);
            if let Err(source) = write_atomic(&path, &text) {
                return fail(WriteError { path, source });
            }
        }
        return ExitCode::from(OK);
    }
    let text = match args.which {
        SchemaKind::Model => model_schema(),
        SchemaKind::Project => project_schema(),
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => return fail(e),
    };
    print!("{text}");
    ExitCode::from(OK)
}
