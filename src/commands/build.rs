//! `tomc build`: the documentation site, written so that a failed build leaves the last
//! good site intact.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::progress::{Counter, Progress};
use crate::cli::{BuildArgs, SiteFormat};
use crate::compile::{Compiled, Options, compile};
use crate::emit::findings::human;
use crate::emit::output::Render;
use crate::emit::site::{
    BuildError, HtmlSite, MarkdownSite, OutputError, Overrides, Sink, SiteFile, SiteOptions,
    TemplateError, Templates,
};
use crate::load::project_file;

use super::pdf::{self, PdfError};
use super::{FINDINGS, OK, fail};

/// The file that marks a directory as written by `tomc build`.
pub const MARKER: &str = ".tomc-site";

const MARKER_TEXT: &str = "This directory is written by `tomc build` and replaced whole on every build.\n\
Do not put other files here: they would be removed.\n";

/// Runs `tomc build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    // A summary that cannot be printed is known before anything is written.
    let browser = match pdf_browser(args) {
        Ok(browser) => browser,
        Err(e) => return fail(e),
    };
    let progress = Progress::reading(&path);
    let compiled = match compile(&path, &Options::default()) {
        Ok(c) => c,
        Err(e) => {
            progress.finish();
            return fail(e);
        }
    };
    progress.suspend(|| report(&compiled));
    let summary = compiled.summary();
    if args.strict && summary.errors > 0 {
        progress.finish();
        eprintln!(
            "no site written: --strict and {} error(s); the site in `{}` is unchanged",
            summary.errors,
            args.out.display()
        );
        return ExitCode::from(FINDINGS);
    }
    let overrides =
        match progress.suspend(|| overrides(&compiled, &path, args.templates.as_deref())) {
            Ok(overrides) => overrides,
            Err(code) => return code,
        };
    progress.counting("writing the site", "files", None);
    let counter = progress.counter();
    let written = match args.format {
        SiteFormat::Html => {
            match progress.suspend(|| html_site(&overrides, SiteOptions::default())) {
                Ok(site) => write_site(&args.out, &counter, |dir| {
                    site.render(&compiled, dir)?;
                    match &browser {
                        Some(browser) => dir.print_summary(&compiled.model.name, browser),
                        None => Ok(()),
                    }
                }),
                Err(code) => return code,
            }
        }
        SiteFormat::Markdown => write_site_with(&MarkdownSite, &compiled, &args.out, &counter),
    };
    progress.finish();
    let written = match written {
        Ok(written) => written,
        Err(e) => return fail(e),
    };
    eprintln!(
        "wrote {} pages and {} other files to `{}`",
        written.pages,
        written.others,
        args.out.display()
    );
    ExitCode::from(if summary.errors > 0 { FINDINGS } else { OK })
}

/// The browser `--pdf` prints with, if asked for.
fn pdf_browser(args: &BuildArgs) -> Result<Option<PathBuf>, PdfError> {
    if !args.pdf {
        return Ok(None);
    }
    if matches!(args.format, SiteFormat::Markdown) {
        return Err(PdfError::NotHtml);
    }
    pdf::find_browser().map(Some)
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

/// Writes the site `renderer` makes of `compiled` into `out` (see [`write_site`]).
pub fn write_site_with<R: Render<Input = Compiled>>(
    renderer: &R,
    compiled: &Compiled,
    out: &Path,
    counter: &Counter,
) -> Result<Written, SiteError> {
    write_site(out, counter, |dir| renderer.render(compiled, dir))
}

/// The HTML site, its templates read from `overrides` (later wins).
pub fn html_site(overrides: &[Overrides], options: SiteOptions) -> Result<HtmlSite, ExitCode> {
    let templates = Templates::load(overrides).map_err(fail)?;
    Ok(HtmlSite::new(templates, options))
}

/// The template overrides of a checked project: `templates/` beside tom.yaml, then
/// `extra` (later wins), which must be a directory.
pub fn overrides(
    compiled: &Compiled,
    path: &Path,
    extra: Option<&Path>,
) -> Result<Vec<Overrides>, ExitCode> {
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
    Ok(overrides)
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
    /// A page could not be rendered, or an output for tools could not be serialised.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Build(#[from] BuildError),
    /// The summary could not be printed; the previous site is intact.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Pdf(#[from] PdfError),
}

impl From<TemplateError> for SiteError {
    fn from(e: TemplateError) -> Self {
        Self::Build(e.into())
    }
}

impl From<OutputError> for SiteError {
    fn from(e: OutputError) -> Self {
        Self::Build(e.into())
    }
}

/// How many files a site has: pages (HTML or Markdown) and the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// HTML and Markdown pages.
    pub pages: usize,
    /// Stylesheets, scripts and the outputs for tools.
    pub others: usize,
}

/// A sink that writes each file under a directory as it comes, from any thread: a
/// build's memory does not grow with the size of its site.
#[derive(Debug)]
pub struct Directory {
    root: PathBuf,
    /// The directories made so far, so that each is made once.
    made: Mutex<HashSet<PathBuf>>,
    pages: AtomicUsize,
    others: AtomicUsize,
    /// Ticks once per file written.
    counter: Counter,
}

impl Directory {
    fn new(root: &Path, counter: Counter) -> Self {
        Self {
            root: root.to_owned(),
            made: Mutex::default(),
            pages: AtomicUsize::new(0),
            others: AtomicUsize::new(0),
            counter,
        }
    }

    /// Prints the summary of the HTML site written so far to `summary.pdf` beside it.
    fn print_summary(&self, project: &str, browser: &Path) -> Result<(), SiteError> {
        pdf::print_summary(&self.root, project, browser)?;
        self.others.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn written(&self) -> Written {
        Written {
            pages: self.pages.load(Ordering::Relaxed),
            others: self.others.load(Ordering::Relaxed),
        }
    }
}

impl Sink for Directory {
    type Error = SiteError;

    fn put(&self, file: SiteFile) -> Result<(), SiteError> {
        let path = self.root.join(&file.path);
        if let Some(dir) = path.parent() {
            let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
            if !made.contains(dir) {
                std::fs::create_dir_all(dir).map_err(|source| SiteError::Io {
                    path: dir.to_owned(),
                    source,
                })?;
                made.insert(dir.to_owned());
            }
        }
        std::fs::write(&path, &file.bytes).map_err(|source| SiteError::Io {
            path: path.clone(),
            source,
        })?;
        let page = file.path.ends_with(".html") || file.path.ends_with(".md");
        let count = if page { &self.pages } else { &self.others };
        count.fetch_add(1, Ordering::Relaxed);
        self.counter.tick();
        Ok(())
    }
}

/// Writes the site into a new directory beside `out` (`fill` hands it every file, each
/// written as it comes), then puts it in place of `out`: a failure at any point before
/// leaves the previous site as it was. Where the platform can exchange two directories
/// in one step, `out` always exists; elsewhere the old site moves aside and the new one
/// takes its name. Temporary directories that an interrupted build left beside `out`
/// are removed first.
pub fn write_site(
    out: &Path,
    counter: &Counter,
    fill: impl FnOnce(&Directory) -> Result<(), SiteError>,
) -> Result<Written, SiteError> {
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
    remove_stale(&parent, &name);
    let staging = tempfile::Builder::new()
        .prefix(&temp_prefix(&name, "new"))
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    // Marked first, so that whatever stops this build leaves a directory tomc knows.
    std::fs::write(staging.path().join(MARKER), MARKER_TEXT).map_err(io(out))?;
    let dir = Directory::new(staging.path(), counter.clone());
    fill(&dir)?;
    let written = dir.written();

    let staged = staging.keep();
    if out.exists() && exchange(&staged, out).is_ok() {
        // The old site now has the staging directory's name.
        let _ = std::fs::remove_dir_all(&staged);
        return Ok(written);
    }
    // Swap: the old site moves aside, the new one takes its name, the old one goes.
    let old = if out.exists() {
        let aside = tempfile::Builder::new()
            .prefix(&temp_prefix(&name, "old"))
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
    Ok(written)
}

/// The start of the name of a temporary directory beside the site `name`: `new` for a
/// site being written, `old` for one being replaced. It holds the id of the process
/// that made it, so a later build can tell whether that process still runs.
fn temp_prefix(name: &str, which: &str) -> String {
    format!(".{name}.tomc-{which}-{}-", std::process::id())
}

/// Removes the temporary directories beside the site `name` that a build which no
/// longer runs left behind (interrupted, say). Only directories tomc made go: their
/// name is [`temp_prefix`]'s, they hold the [`MARKER`] file, and the process named in
/// the name is gone. Anything else, a live build's directory included, stays.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&format!(".{name}.tomc-")))
        else {
            continue;
        };
        let Some(pid) = rest
            .strip_prefix("new-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|r| r.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let ours = entry.file_type().is_ok_and(|t| t.is_dir())
            && std::fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file());
        if ours && !running(pid) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Whether process `pid` may still run (when it cannot be told, it may).
fn running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Exchanges two directories in one step, where the platform can.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::commands::failure_text;
    use crate::emit::site::serialised;
    use crate::emit::tree::{EmitError, pretty_json};

    /// JSON cannot have a map keyed by pairs: serialising one always fails.
    fn unserialisable() -> Result<String, EmitError> {
        pretty_json(&BTreeMap::from([((1, 2), 3)]))
    }

    #[test]
    fn a_serialisation_failure_is_an_error_naming_the_file() {
        let err = serialised("gaps.json".into(), unserialisable())
            .expect_err("a map keyed by pairs is not JSON");
        assert_eq!(err.path, "gaps.json");
        assert_eq!(err.source.format, "JSON");
        let text = failure_text(&SiteError::from(err));
        assert!(
            text.starts_with(
                "error: cannot write `gaps.json`: cannot write the document as JSON: "
            ),
            "{text}"
        );
        assert!(text.contains("please report this"), "{text}");
        assert!(!text.contains("template"), "{text}");
    }
}
