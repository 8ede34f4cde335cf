//! `tomc templates export`: the site's built-in templates, written into a directory for a
//! project to edit and override.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{TemplatesAction, TemplatesArgs, TemplatesExportArgs};
use crate::emit::site::BUILTIN;

use super::{OK, WriteError, fail};

/// Runs `tomc templates`.
pub fn run(args: &TemplatesArgs) -> ExitCode {
    match &args.action {
        TemplatesAction::Export(args) => export(args),
    }
}

/// Export would replace a file and `--force` was not given.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`{}` already exists{}: nothing was written", path.display(), others(*more))]
#[diagnostic(
    code(tomc::templates),
    help(
        "pass --force to replace the templates in `{dir}` with the built-in ones, or export into another directory"
    )
)]
pub struct Exists {
    /// The first template that exists.
    pub path: PathBuf,
    /// How many more exist.
    pub more: usize,
    /// The directory exported into.
    pub dir: String,
}

/// ` (and 2 more of the templates)` after the file named.
fn others(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => " (and 1 more of the templates)".into(),
        n => format!(" (and {n} more of the templates)"),
    }
}

/// Writes every built-in template into `args.dir`: none when one exists there already,
/// unless `--force`.
fn export(args: &TemplatesExportArgs) -> ExitCode {
    let dir = &args.dir;
    if !args.force {
        let existing: Vec<PathBuf> = BUILTIN
            .iter()
            .map(|(name, _)| dir.join(name))
            .filter(|path| std::fs::symlink_metadata(path).is_ok())
            .collect();
        if let Some(first) = existing.first() {
            return fail(Exists {
                path: first.clone(),
                more: existing.len() - 1,
                dir: dir.display().to_string(),
            });
        }
    }
    if let Err(source) = std::fs::create_dir_all(dir) {
        return fail(WriteError {
            path: dir.clone(),
            source,
        });
    }
    for (name, text) in BUILTIN {
        let path = dir.join(name);
        if let Err(source) = write_new(&path, text, args.force) {
            return fail(WriteError { path, source });
        }
    }
    println!(
        "Wrote the {} built-in templates into `{}`:",
        BUILTIN.len(),
        dir.display()
    );
    for (name, _) in BUILTIN {
        println!("  {name}");
    }
    println!(
        "\nNext: edit a template, and delete those you keep as built in (they would not follow\n\
         later versions of tomc). `tomc build` reads templates/ beside tom.yaml, or the\n\
         directory given with --templates:\n  tomc build --templates {}",
        dir.display()
    );
    ExitCode::from(OK)
}

/// Writes `text` to `path` through a temporary file beside it, so that no reader sees
/// half a template; a file already at `path` is replaced only when `replace`.
fn write_new(path: &Path, text: &str, replace: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "template".into(), |n| n.to_string_lossy().into_owned());
    let mut file = tempfile::Builder::new()
        .prefix(&format!(".{name}.tomc-"))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    file.write_all(text.as_bytes())?;
    let persisted = if replace {
        file.persist(path)
    } else {
        file.persist_noclobber(path)
    };
    persisted.map(drop).map_err(|e| e.error)
}
