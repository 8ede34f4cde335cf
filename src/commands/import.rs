//! `tomc import`: a model from another tool into a new project, written whole or not
//! at all.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::archimate::import::{MAX_BYTES, decode, import, too_large};
use crate::cli::{ImportArgs, ImportFormat};
use crate::diag::escape::visible_lines;

use super::progress::Progress;
use super::{FAILURE, OK, WriteError, fail};

/// Runs `tomc import`.
pub fn run(args: &ImportArgs) -> ExitCode {
    let args = match &args.format {
        ImportFormat::Archimate(args) => args,
        ImportFormat::Sheet(args) => return super::import_sheet::run(args),
    };
    let file_name = args.file.display().to_string();
    let progress = Progress::start(format!("importing `{file_name}`"));
    // Only an ordinary file is read, and never more than the limit.
    let bytes = match crate::load::read_bounded(&args.file, MAX_BYTES as u64) {
        Ok(bytes) => bytes,
        Err(crate::load::ReadError::TooLarge { .. }) => {
            return progress.fail(too_large(&file_name));
        }
        Err(e) => return progress.fail(e),
    };
    let text = match decode(&file_name, bytes) {
        Ok(text) => text,
        Err(e) => return progress.fail(e),
    };
    let imported = match import(&text, &file_name) {
        Ok(imported) => imported,
        Err(e) => return progress.fail(e),
    };
    progress.finish();
    let out = args.out.clone().unwrap_or_else(|| default_dir(&args.file));
    if let Err(e) = write_project(&out, &imported.tom_yaml, &imported.files) {
        return e;
    }
    eprint!("{}", visible_lines(&imported.report.render()));
    eprintln!(
        "\nwrote `{}` ({} model files); next: tomc check {}",
        out.display(),
        imported.files.len(),
        out.display()
    );
    ExitCode::from(OK)
}

/// `model.xml` → `./model`.
fn default_dir(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from(stem)
}

/// Writes the project into a new directory beside `out`, then renames it into place:
/// `out` must not exist or be empty, and a failure leaves nothing half written.
fn write_project(out: &Path, tom_yaml: &str, files: &[(String, String)]) -> Result<(), ExitCode> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| fail(WriteError { path, source })
    };
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                eprintln!(
                    "error: `{}` is not empty; choose a new directory with -o, tomc import never writes over files",
                    out.display()
                );
                return Err(ExitCode::from(FAILURE));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(_) if out.is_file() => {
            eprintln!(
                "error: `{}` is a file; choose a directory with -o",
                out.display()
            );
            return Err(ExitCode::from(FAILURE));
        }
        Err(e) => return Err(io(out)(e)),
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".tomc-import-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let mut listed: Vec<(&str, &[u8])> = vec![("tom.yaml", tom_yaml.as_bytes())];
    listed.extend(
        files
            .iter()
            .map(|(rel, text)| (rel.as_str(), text.as_bytes())),
    );
    super::write_files(staging.path(), &listed)
        .map_err(|(path, source)| fail(WriteError { path, source }))?;
    // An empty directory in the way is replaced; rename does not replace it everywhere.
    if out.is_dir() {
        std::fs::remove_dir(out).map_err(io(out))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, out).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        io(out)(e)
    })?;
    Ok(())
}
