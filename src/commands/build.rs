//! `tomc build`: the documentation site, written so that a failed build leaves the last
//! good site intact.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{BuildArgs, SiteFormat};
use crate::compile::{Compiled, Options, compile};
use crate::diag::render::human;
use crate::emit::site::{Overrides, SiteFile, SiteOptions, Templates, build};
use crate::load::project_file;

use super::{FINDINGS, OK, fail};

/// The file that marks a directory as written by `tomc build`.
pub const MARKER: &str = ".tomc-site";

const MARKER_TEXT: &str = "This directory is written by `tomc build` and replaced whole on every build.\n\
Do not put other files here: they would be removed.\n";

/// Runs `tomc build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let compiled = match compile(&path, &Options::default()) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    report(&compiled);
    let summary = compiled.summary();
    if args.strict && summary.errors > 0 {
        eprintln!(
            "no site written: --strict and {} error(s); the site in `{}` is unchanged",
            summary.errors,
            args.out.display()
        );
        return ExitCode::from(FINDINGS);
    }
    let files = match site_files(
        &compiled,
        &path,
        args.templates.as_deref(),
        args.format,
        SiteOptions::default(),
    ) {
        Ok(files) => files,
        Err(code) => return code,
    };
    if let Err(e) = write_site(&args.out, &files) {
        return fail(e);
    }
    let pages = files
        .iter()
        .filter(|f| f.path.ends_with(".html") || f.path.ends_with(".md"))
        .count();
    eprintln!(
        "wrote {pages} pages and {} other files to `{}`",
        files.len() - pages,
        args.out.display()
    );
    ExitCode::from(if summary.errors > 0 { FINDINGS } else { OK })
}

/// How many findings `build` prints; the site lists them all.
const PRINTED_FINDINGS: usize = 50;

/// Prints the first findings and the summary line on standard error.
fn report(compiled: &Compiled) {
    let style = human::Style {
        color: false,
        width: 100,
    };
    eprint!("{}", human::render_first(compiled, style, PRINTED_FINDINGS));
}

/// The site's files for a checked project: templates from `templates/` beside tom.yaml
/// and from `extra` (later wins).
pub fn site_files(
    compiled: &Compiled,
    path: &Path,
    extra: Option<&Path>,
    format: SiteFormat,
    options: SiteOptions,
) -> Result<Vec<SiteFile>, ExitCode> {
    let project_dir = project_file(path)
        .ok()
        .and_then(|f| f.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| compiled.dir.clone());
    let mut overrides = vec![Overrides {
        dir: project_dir.join("templates"),
        within: project_dir.clone(),
    }];
    overrides.extend(extra.map(|dir| Overrides {
        dir: dir.to_owned(),
        within: dir.to_owned(),
    }));
    if let Some(dir) = extra.filter(|d| !d.is_dir()) {
        return Err(fail(super::WriteError {
            path: dir.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such templates directory",
            ),
        }));
    }
    match format {
        SiteFormat::Html => {
            let templates = Templates::load(&overrides).map_err(fail)?;
            build(compiled, &templates, options).map_err(fail)
        }
        SiteFormat::Markdown => Ok(crate::emit::site::markdown_site::build(compiled)),
    }
}

/// Why the site could not be written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SiteError {
    /// The output directory holds files tomc did not write.
    #[error("`{0}` is not empty and was not written by tomc build")]
    #[diagnostic(
        code(tomc::site_dir),
        help(
            "choose another directory with -o, or empty this one; tomc replaces only directories it created (they hold a .tomc-site file)"
        )
    )]
    Foreign(PathBuf),
    /// The output path is a file.
    #[error("`{0}` is a file, not a directory")]
    #[diagnostic(code(tomc::site_dir), help("choose another path with -o"))]
    NotADirectory(PathBuf),
    /// Writing failed; the previous site is intact.
    #[error("cannot write the site to `{path}`: {source}")]
    #[diagnostic(
        code(tomc::io),
        help(
            "check that you may write beside the site directory; the previous site, if any, is unchanged"
        )
    )]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes the site into a new directory beside `out`, then puts it in place of `out`:
/// a failure at any point before leaves the previous site as it was.
pub fn write_site(out: &Path, files: &[SiteFile]) -> Result<(), SiteError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| SiteError::Io { path, source }
    };
    match std::fs::metadata(out) {
        Ok(meta) if !meta.is_dir() => return Err(SiteError::NotADirectory(out.to_owned())),
        Ok(_) => {
            let empty = std::fs::read_dir(out).map_err(io(out))?.next().is_none();
            if !empty && !out.join(MARKER).is_file() {
                return Err(SiteError::Foreign(out.to_owned()));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(out)(e)),
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.tomc-new-"))
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let listed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    super::write_files(staging.path(), &listed)
        .map_err(|(path, source)| SiteError::Io { path, source })?;
    std::fs::write(staging.path().join(MARKER), MARKER_TEXT).map_err(io(out))?;

    // Swap: the old site moves aside, the new one takes its name, the old one goes.
    let staged = staging.keep();
    let old = if out.exists() {
        let aside = tempfile::Builder::new()
            .prefix(&format!(".{name}.tomc-old-"))
            .tempdir_in(&parent)
            .map_err(io(&parent))?
            .keep();
        std::fs::remove_dir(&aside).map_err(io(&aside))?;
        std::fs::rename(out, &aside).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staged);
            io(out)(e)
        })?;
        Some(aside)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&staged, out) {
        // Put the old site back before reporting; if another build took its place in
        // the meantime, that site stands and the old one goes.
        if let Some(old) = &old
            && std::fs::rename(old, out).is_err()
        {
            let _ = std::fs::remove_dir_all(old);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(io(out)(e));
    }
    if let Some(old) = old {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}
