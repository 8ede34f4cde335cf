//! `tomc init`: write a small, valid starter project.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::InitArgs;
use crate::emit::schema::{MODEL_SCHEMA_FILE, PROJECT_SCHEMA_FILE, model_schema, project_schema};
use crate::emit::tree::EmitError;

use super::{FAILURE, OK, WriteError, fail, write_atomic};

/// The starter files, relative to the project directory.
const TEMPLATE: &[(&str, &str)] = &[
    ("tom.yaml", include_str!("../../templates/init/tom.yaml")),
    (
        "model/strategy.yaml",
        include_str!("../../templates/init/model/strategy.yaml"),
    ),
    (
        "model/customers.yaml",
        include_str!("../../templates/init/model/customers.yaml"),
    ),
    (
        "model/operations.yaml",
        include_str!("../../templates/init/model/operations.yaml"),
    ),
    (
        "measurements/time-to-serve.csv",
        include_str!("../../templates/init/measurements/time-to-serve.csv"),
    ),
];

/// The `.gitignore` line that keeps the site `tomc build` writes by default out of git.
const SITE_IGNORE: &str = "/site/";

/// The starter project's files with their contents, schemas included.
/// An error when a schema cannot be serialised.
pub fn files(name: &str) -> Result<Vec<(String, String)>, EmitError> {
    // The name is written inside a double-quoted YAML string.
    let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
    let mut files: Vec<(String, String)> = TEMPLATE
        .iter()
        .map(|(path, text)| ((*path).to_owned(), text.replace("{{name}}", &quoted)))
        .collect();
    files.push((format!("schema/{MODEL_SCHEMA_FILE}"), model_schema()?));
    files.push((format!("schema/{PROJECT_SCHEMA_FILE}"), project_schema()?));
    Ok(files)
}

/// Runs `tomc init`.
pub fn run(args: &InitArgs) -> ExitCode {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let files = match files(&args.name) {
        Ok(files) => files,
        Err(e) => return fail(e),
    };
    let existing: Vec<&str> = files
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| dir.join(p).exists())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "Error: tomc init would overwrite {} in `{}`\n  help: choose an empty directory, e.g. `tomc init my-tom`",
            existing.join(", "),
            dir.display()
        );
        return ExitCode::from(FAILURE);
    }
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Err(source) = write_atomic(&path, text) {
            return fail(WriteError { path, source });
        }
    }
    let gitignore = dir.join(".gitignore");
    let ignore_note = match ignore_site(&gitignore) {
        Ok(note) => note,
        Err(source) => {
            return fail(WriteError {
                path: gitignore,
                source,
            });
        }
    };
    println!("Created a tomc project in `{}`:", dir.display());
    for (rel, _) in &files {
        println!("  {rel}");
    }
    println!("  .gitignore{ignore_note}");
    println!("\nNext: tomc check {}", dir.display());
    ExitCode::from(OK)
}

/// Makes `.gitignore` ignore the site directory: a new file, or the line added to an
/// existing one (a project started inside a repository keeps its own entries). Returns
/// what was done, for the listing.
fn ignore_site(path: &std::path::Path) -> std::io::Result<&'static str> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let entry = format!("# The documentation site `tomc build` writes by default\n{SITE_IGNORE}\n");
    match existing {
        None => write_atomic(path, &entry).map(|()| ""),
        Some(text) if text.lines().any(|l| l.trim() == SITE_IGNORE) => {
            Ok(" (already ignores the site)")
        }
        Some(mut text) => {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&entry);
            write_atomic(path, &text).map(|()| " (site directory added)")
        }
    }
}
