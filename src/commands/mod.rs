//! One file per subcommand: parse arguments, call the library, write, pick the exit code.

pub mod check;
pub mod explain;
pub mod init;
pub mod manifest;
pub mod rules;
pub mod schema;

use std::path::Path;
use std::process::ExitCode;

/// Exit code: no errors.
pub const OK: u8 = 0;
/// Exit code: errors found.
pub const FINDINGS: u8 = 1;
/// Exit code: the command could not run.
pub const FAILURE: u8 = 2;

/// Prints an error that stopped the command and returns exit code 2.
pub fn fail(err: impl miette::Diagnostic + Send + Sync + 'static) -> ExitCode {
    eprintln!("{:?}", miette::Report::new(err));
    ExitCode::from(FAILURE)
}

/// Writes `content` to `path` atomically: a temporary file beside it, then a rename, so
/// a failure leaves any previous file intact.
pub fn write_atomic(path: &Path, content: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tomc-{}.tmp", std::process::id()));
    std::fs::write(&tmp, content)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
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
