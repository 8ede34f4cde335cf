//! One file per subcommand: parse arguments, call the library, write, pick the exit code.

pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod export;
pub mod export_sheet;
pub mod gaps;
pub mod impact;
pub mod import;
pub mod import_sheet;
pub mod init;
pub mod lsp;
pub mod man;
pub mod manifest;
pub mod pdf;
pub mod progress;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod templates;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::compile::{Compiled, Options, compile};
use crate::diag::escape::visible_lines;
use crate::emit::findings::human;

/// Exit code: no errors.
pub const OK: u8 = 0;
/// Exit code: errors found.
pub const FINDINGS: u8 = 1;
/// Exit code: the command could not run.
pub const FAILURE: u8 = 2;

/// Prints an error that stopped the command and returns exit code 2.
pub fn fail(err: impl miette::Diagnostic + Send + Sync + 'static) -> ExitCode {
    eprint!("{}", failure_text(&err));
    ExitCode::from(FAILURE)
}

/// The text of an error that stopped a command: tomc's sentence, the causes it does not
/// already quote, and the help. Internal codes stay out: they mean nothing to users.
pub fn failure_text(err: &dyn miette::Diagnostic) -> String {
    use std::fmt::Write as _;
    let message = err.to_string();
    let mut out = format!("error: {}\n", visible_lines(&message));
    let mut cause = err.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !message.contains(&text) {
            let _ = writeln!(out, "  caused by: {}", visible_lines(&text));
        }
        cause = c.source();
    }
    if let Some(help) = err.help() {
        let _ = writeln!(out, "  help: {}", visible_lines(&help.to_string()));
    }
    out
}

/// Writes `content` to `path` atomically: a temporary file beside it, then a rename, so
/// a failure leaves any previous file intact.
pub fn write_atomic(path: &Path, content: &str) -> std::io::Result<()> {
    write_atomic_bytes(path, content.as_bytes())
}

/// [`write_atomic`] for bytes that are not text (a workbook).
pub fn write_atomic_bytes(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |out| out.write_all(content))
}

/// Writes `path` atomically with what `write` streams into it: a temporary file beside
/// it (`.{name}.tomc-{pid}.tmp`), written through a buffer, flushed and then renamed over
/// `path`. On any failure the temporary file is removed and a previous file stays intact,
/// so an output too large to hold in memory is still never seen half written.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tomc-{}.tmp", std::process::id()));
    fill(&tmp, write)
        .and_then(|()| std::fs::rename(&tmp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}

/// Creates the file at `path` and streams `write` into it through a buffer, which is
/// flushed; the file is closed on return, whatever happened.
fn fill(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(STREAM_BUFFER, File::create(path)?);
    if let Err(e) = write(&mut out) {
        // Dropped without the flush a `BufWriter` tries on drop: the file is removed.
        drop(out.into_parts());
        return Err(e);
    }
    out.into_inner()
        .map_err(std::io::IntoInnerError::into_error)
        .map(drop)
}

/// The buffer between a streamed output and its file or stdout: large enough that the
/// system calls cost nothing next to the writing.
pub const STREAM_BUFFER: usize = 64 * 1024;

/// How many files one thread writes at a time.
const FILES_PER_TASK: usize = 64;

/// Writes `files` (paths relative to `root`, `/`-separated, with their bytes) under
/// `root`: the directories first, then the files on every core, since creating files is
/// most of the cost of a large site. The first failure in file order is returned with
/// its path.
pub fn write_files(
    root: &Path,
    files: &[(&str, &[u8])],
) -> Result<(), (std::path::PathBuf, std::io::Error)> {
    let dirs: std::collections::BTreeSet<&Path> = files
        .iter()
        .filter_map(|(rel, _)| Path::new(rel).parent())
        .collect();
    for dir in dirs {
        let dir = root.join(dir);
        std::fs::create_dir_all(&dir).map_err(|e| (dir, e))?;
    }
    let written = crate::parallel::map(files, FILES_PER_TASK, |(rel, bytes)| {
        let path = root.join(rel);
        std::fs::write(&path, bytes).map_err(|e| (path, e))
    });
    written.into_iter().collect()
}

/// An I/O failure on a path, for [`fail`].
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write `{path}`: {source}")]
#[diagnostic(
    code(tomc::io),
    help("check that the directory exists and that you may write to it")
)]
pub struct WriteError {
    /// The path.
    pub path: std::path::PathBuf,
    /// Why.
    pub source: std::io::Error,
}

/// Compiles the project at `path` for an output that needs the whole model: a model
/// with structural errors has no canonical form, so it is refused with the errors and
/// the news that `what` was not written (exit code 1); a project that cannot be
/// compiled gives exit code 2. Errors are printed with `progress` cleared.
pub fn compile_readable(
    path: &Path,
    options: &Options,
    what: &str,
    progress: &progress::Progress,
) -> Result<Compiled, ExitCode> {
    let compiled = compile(path, options).map_err(|e| progress.suspend(|| fail(e)))?;
    if compiled.is_readable() {
        return Ok(compiled);
    }
    let structural: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_structural_error())
        .collect();
    let style = human::Style {
        color: false,
        width: 100,
    };
    progress.suspend(|| {
        for d in &structural {
            eprint!("{}", human::render_one(&compiled.sources, d, style));
        }
        eprintln!(
            "no {what} written: fix the {} structural error(s) above first",
            structural.len()
        );
    });
    Err(ExitCode::from(FINDINGS))
}

/// Writes `text` to `out` atomically, or prints it on stdout; exit code 0, or 2 when it
/// cannot be written.
pub fn print_or_write(out: Option<&Path>, text: &str) -> ExitCode {
    match out {
        Some(path) => match write_atomic(path, text) {
            Ok(()) => ExitCode::from(OK),
            Err(source) => fail(WriteError {
                path: path.to_owned(),
                source,
            }),
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(FAILURE);
            }
            ExitCode::from(OK)
        }
    }
}
