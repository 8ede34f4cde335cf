//! Loading a project from disk: find `tom.yaml`, expand `include` and `measurements`,
//! read and parse files.
//!
//! Files are read in sorted path order so that no result depends on directory order.

use crate::spec::RuleId;
mod bounded;
mod measurements;

use bounded::file_kind;
pub use bounded::{ReadError, read_bounded};
pub use measurements::{MeasurementRow, read_rows};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobMatcher};

use crate::diag::{Diagnostic, Severity};
use crate::limits::{Limits, bytes};
use crate::parallel;
use crate::raw::{Node, Value, parse};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::spec::DEFAULT_INCLUDE;

/// The name of the project file.
pub const PROJECT_FILE: &str = "tom.yaml";

/// The key of `tom.yaml` that lists the globs of measurements files.
pub const MEASUREMENTS_KEY: &str = "measurements";

/// The default `measurements` glob: every `.csv` file under `measurements/`.
pub const DEFAULT_MEASUREMENTS: &str = "measurements/**/*.csv";

/// Why a project could not be loaded at all (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    /// The path does not exist.
    #[error("`{0}` does not exist")]
    #[diagnostic(
        code(tomc::no_such_path),
        help("pass a project directory or its tom.yaml file")
    )]
    NoSuchPath(PathBuf),
    /// The directory holds no `tom.yaml`.
    #[error("no tom.yaml in `{0}`")]
    #[diagnostic(
        code(tomc::no_project),
        help("run tomc in a project directory, pass its path, or create one with `tomc init`")
    )]
    NoProject(PathBuf),
    /// A symbolic link leads back to itself.
    #[error("`{0}` is a symbolic link that leads back to itself")]
    #[diagnostic(
        code(tomc::link_loop),
        help("remove the link or point it at a real file")
    )]
    LinkLoop(PathBuf),
    /// The `include` (or `measurements`) globs match more files than tomc reads.
    #[error("the {key} globs match {count} files; tomc reads at most {max}")]
    #[diagnostic(
        code(tomc::too_many_files),
        help("narrow the `{key}` globs in tom.yaml, or merge small files")
    )]
    TooManyFiles {
        /// The key of tom.yaml whose globs match them: `include` or `measurements`.
        key: &'static str,
        /// Files matched.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The spec is larger than tomc reads.
    #[error("the spec's files add up to {total}; tomc reads at most {max}")]
    #[diagnostic(
        code(tomc::too_large),
        help(
            "check that `include` and `measurements` do not match other files (exports, logs) by mistake"
        )
    )]
    TooLarge {
        /// The size of every file matched.
        total: String,
        /// The limit.
        max: String,
    },
    /// A file or directory could not be read, or a file not read whole: not an ordinary
    /// file, or too large.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Read(#[from] ReadError),
}

/// A file or directory that could not be read.
fn io_error(path: &Path, source: std::io::Error) -> LoadError {
    ReadError::Io {
        path: path.to_owned(),
        source,
    }
    .into()
}

/// A project read from disk: its files, parsed, and the problems found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The project directory.
    pub dir: PathBuf,
    /// Every file read, `tom.yaml` first.
    pub sources: Sources,
    /// The parsed `tom.yaml` (`None` if it did not parse).
    pub project: Option<Node>,
    /// The parsed model files, in path order (files that did not parse are left out).
    /// Shared with the [`ParseCache`] that kept them, when one did.
    pub files: Vec<(FileId, Arc<Node>)>,
    /// The rows of the measurements files that read cleanly: files in path order, rows
    /// in file order.
    pub measurements: Vec<MeasurementRow>,
    /// Every measurements file in `sources`, read or not: they declare no element.
    pub measurement_files: Vec<FileId>,
    /// Problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// The limits applied.
    pub limits: Limits,
    /// The error to report if the model turns out to define no element.
    pub if_empty: Option<Diagnostic>,
    /// Texts read instead of the files on disk.
    overlay: Overlay,
}

/// Texts that stand in for files on disk, by the file's real path (after following
/// links): the unsaved buffers of an editor.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    /// Shared texts, so that handing the overlay to a load copies no text.
    texts: HashMap<PathBuf, Arc<str>>,
}

impl Overlay {
    /// Reads `text` instead of the file at `path` from now on.
    pub fn set(&mut self, path: &Path, text: String) {
        self.texts.insert(real_path(path), text.into());
    }

    /// Reads the file at `path` from disk again.
    pub fn remove(&mut self, path: &Path) {
        self.texts.remove(&real_path(path));
    }

    /// The text that stands in for the file at `path`, if one does.
    fn text(&self, path: &Path) -> Option<&str> {
        if self.texts.is_empty() {
            return None;
        }
        self.texts.get(&real_path(path)).map(AsRef::as_ref)
    }
}

/// The parse of each model file of one project, kept from one load to the next so that
/// only the files whose text changed are parsed again: what makes the language
/// server's checks incremental.
#[derive(Debug, Default)]
pub struct ParseCache {
    /// By file name (the path relative to the project).
    entries: HashMap<String, Parsed>,
}

/// One file's parse, and what it was parsed from.
#[derive(Debug)]
struct Parsed {
    /// The file's place in the sources: the spans of the tree name it.
    id: FileId,
    /// The file parsed (its text and line index shared with the sources it was read
    /// into).
    source: SourceFile,
    /// The tree, or the error that stopped the parse.
    result: Result<Arc<Node>, Box<Diagnostic>>,
}

impl ParseCache {
    /// The parse kept for `file` as source `id`, if its text is the one parsed.
    fn get(&self, id: FileId, file: &SourceFile) -> Option<&Result<Arc<Node>, Box<Diagnostic>>> {
        self.entries
            .get(&file.name)
            .filter(|p| {
                p.id == id
                    && (Arc::ptr_eq(&p.source.text, &file.text) || *p.source.text == *file.text)
            })
            .map(|p| &p.result)
    }

    /// The file parsed before as `name` from `path`, if `bytes` are its text: read
    /// again unchanged, it keeps its decoded text and line index.
    fn source(&self, name: &str, path: &Path, bytes: &[u8]) -> Option<SourceFile> {
        self.entries
            .get(name)
            .filter(|p| p.source.path == path && p.source.text.as_bytes() == bytes)
            .map(|p| p.source.clone())
    }
}

/// `path` after following links, or as given when it cannot be followed.
pub fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Loaded {
    /// A project with nothing read yet, in `dir`.
    fn empty(dir: PathBuf, limits: Limits) -> Self {
        Loaded {
            dir,
            sources: Sources::default(),
            project: None,
            files: Vec::new(),
            measurements: Vec::new(),
            measurement_files: Vec::new(),
            diagnostics: Vec::new(),
            limits,
            if_empty: None,
            overlay: Overlay::default(),
        }
    }
}

/// Finds the project file for a path given on the command line.
pub fn project_file(path: &Path) -> Result<PathBuf, LoadError> {
    let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::NoSuchPath(path.to_owned()),
        _ => io_error(path, source),
    })?;
    if meta.is_dir() {
        let file = path.join(PROJECT_FILE);
        match std::fs::metadata(&file) {
            Ok(_) => Ok(file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(LoadError::NoProject(path.to_owned()))
            }
            Err(source) => Err(io_error(&file, source)),
        }
    } else {
        Ok(path.to_owned())
    }
}

/// Reads a project: `path` is its directory or its `tom.yaml`.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    load_with(path, &Limits::DEFAULT)
}

/// Reads a project within `limits`.
pub fn load_with(path: &Path, limits: &Limits) -> Result<Loaded, LoadError> {
    load_overlaid(path, limits, Overlay::default(), &mut ParseCache::default())
}

/// Reads a project within `limits`, taking the text of a file from `overlay` where it
/// has one instead of from disk, and the parse of a model file from `cache` where its
/// text is the one parsed before (the cache then holds this load's parses).
pub fn load_overlaid(
    path: &Path,
    limits: &Limits,
    overlay: Overlay,
    cache: &mut ParseCache,
) -> Result<Loaded, LoadError> {
    let file = project_file(path)?;
    let dir = project_dir(&file);
    let root = std::fs::canonicalize(&dir).map_err(|source| io_error(&dir, source))?;

    let mut loaded = Loaded::empty(dir.clone(), *limits);
    loaded.overlay = overlay;
    let name = file
        .file_name()
        .map_or_else(|| PROJECT_FILE.into(), |n| n.to_string_lossy().into_owned());
    let project_id = read_file(&mut loaded, name, file.clone(), FileList::Include, None)?;
    let project = project_id.and_then(|id| parse_into(&mut loaded, id));

    let diagnostics = &mut loaded.diagnostics;
    let (includes, include_key) = globs(project.as_ref(), FileList::Include, diagnostics);
    let (measurements, _) = globs(project.as_ref(), FileList::Measurements, diagnostics);
    let mut models = expand_all(&dir, &root, &includes, diagnostics)?;
    let mut measured = expand_all(&dir, &root, &measurements, diagnostics)?;
    // Each real file is read once, through the first path that reaches it in sorted
    // order: a link to a file already included (or to tom.yaml) adds nothing, and a
    // file that both lists match is a model file.
    let mut seen: HashSet<PathBuf> = HashSet::new();
    seen.insert(std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone()));
    models.retain(|_, found| seen.insert(found.real.clone()));
    measured.retain(|_, found| seen.insert(found.real.clone()));
    loaded.project = project;
    check_matched(&loaded, &[&models, &measured], &file)?;
    let files = models.len();
    let ids = read_matched(&mut loaded, models, FileList::Include, Some(cache))?;
    parse_files(&mut loaded, &ids, cache);
    let first = loaded.sources.iter().count();
    let ids = read_matched(&mut loaded, measured, FileList::Measurements, None)?;
    read_measurements(&mut loaded, first, &ids);
    loaded.if_empty = Some(no_elements(include_key, files));
    Ok(loaded)
}

/// Reads the rows of the measurements files `ids`, in the order given, and records as
/// measurements files every source added from the `first` on, read or not.
fn read_measurements(loaded: &mut Loaded, first: usize, ids: &[FileId]) {
    for &id in ids {
        let (rows, diagnostics) = read_rows(id, &loaded.sources.get(id).text);
        loaded.measurements.extend(rows);
        loaded.diagnostics.extend(diagnostics);
    }
    loaded.measurement_files = loaded
        .sources
        .iter()
        .skip(first)
        .map(|(id, _)| id)
        .collect();
}

/// The directory of the project file `file`: `.` when it has none.
fn project_dir(file: &Path) -> PathBuf {
    let dir = file
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    }
}

/// The files every glob of one list matches, keyed by path relative to the project; a
/// glob written in tom.yaml that matches nothing is a warning.
fn expand_all(
    dir: &Path,
    root: &Path,
    includes: &[Glob],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<BTreeMap<String, Found>, LoadError> {
    let mut matched: BTreeMap<String, Found> = BTreeMap::new();
    for glob in includes {
        // `None`: the glob itself was rejected, which was reported.
        let Some(found) = expand(dir, root, glob, diagnostics)? else {
            continue;
        };
        if let (true, Some(span)) = (found.is_empty(), glob.span) {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::IncludeMatchesNothing,
                    Severity::Warning,
                    Some(span),
                    format!(
                        "{} glob `{}` matches no file",
                        glob.list.key(),
                        glob.pattern
                    ),
                )
                .label("matches nothing")
                .help("check the pattern against your folder layout, or remove it"),
            );
        }
        matched.extend(found);
    }
    Ok(matched)
}

/// Checks the files matched by each list (`include`, then `measurements`) against the
/// limits on their number and, with the project file `file`, their total size, before
/// any is read: a spec too large is refused whole.
fn check_matched(
    loaded: &Loaded,
    lists: &[&BTreeMap<String, Found>; 2],
    file: &Path,
) -> Result<(), LoadError> {
    let limits = loaded.limits;
    for (list, matched) in [FileList::Include, FileList::Measurements]
        .into_iter()
        .zip(lists)
    {
        if matched.len() > limits.max_files {
            return Err(LoadError::TooManyFiles {
                key: list.key(),
                count: matched.len(),
                max: limits.max_files,
            });
        }
    }
    let total: u64 = lists
        .iter()
        .flat_map(|matched| matched.values())
        .map(|found| found.path.as_path())
        .chain(std::iter::once(file))
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    if total > limits.max_total_bytes {
        return Err(too_large(total, &limits));
    }
    Ok(())
}

/// The error for a spec whose files add up to `total` bytes, over the limit.
fn too_large(total: u64, limits: &Limits) -> LoadError {
    LoadError::TooLarge {
        total: bytes(total),
        max: bytes(limits.max_total_bytes),
    }
}

/// Reads the files of `list` matched (checked by [`check_matched`]): the ids of those
/// read.
fn read_matched(
    loaded: &mut Loaded,
    matched: BTreeMap<String, Found>,
    list: FileList,
    before: Option<&ParseCache>,
) -> Result<Vec<FileId>, LoadError> {
    let limits = loaded.limits;
    let mut ids = Vec::with_capacity(matched.len());
    // The sizes on disk may not hold (a file may grow while it is read): the bytes read
    // are counted too.
    let mut read = loaded
        .sources
        .iter()
        .map(|(_, f)| f.text.len() as u64)
        .sum();
    for (rel, found) in matched {
        if let Some(id) = read_file(loaded, rel, found.path, list, before)? {
            read += loaded.sources.get(id).text.len() as u64;
            ids.push(id);
        }
        if read > limits.max_total_bytes {
            return Err(too_large(read, &limits));
        }
    }
    Ok(ids)
}

/// The error for a project that defines no element at all: an `include` that matches
/// no file (a typo, or `.yml` files under a `.yaml` glob) would otherwise check clean.
/// At the `include` key, or at the top of `tom.yaml` when it is not written.
fn no_elements(include_key: Option<Span>, files: usize) -> Diagnostic {
    let (span, what, fix) = match include_key {
        Some(span) => (
            span,
            "`include`".to_owned(),
            "correct the `include` globs to match where the model files are (relative to tom.yaml), or put them where the globs look",
        ),
        None => (
            Span::new(FileId(0), 0, 0),
            format!("the default include, `{DEFAULT_INCLUDE}`,"),
            "put model files (`.yaml` or `.yml`) under `model/` beside tom.yaml, or list where they are with `include:` in tom.yaml",
        ),
    };
    if files == 0 {
        Diagnostic::error(
            RuleId::Schema,
            span,
            format!("no model file found: {what} matches no file, so the model has no element"),
        )
        .label("matches no file")
        .help(fix)
    } else {
        let files = if files == 1 {
            "1 model file, which defines".to_owned()
        } else {
            format!("{files} model files, which define")
        };
        Diagnostic::error(
            RuleId::Schema,
            span,
            format!("the model has no element: {what} matches {files} no element"),
        )
        .label("no element in the files matched")
        .help("define elements in a model file, e.g. `capabilities:` followed by `- { id: payments, name: Payments }`")
    }
}

/// Reports a model that defines no element (the error prepared by [`load`]), unless
/// another error already explains it (a file that does not parse, a format version
/// tomc does not read). The warnings for globs that match nothing are folded into it.
pub fn report_empty_model(loaded: &Loaded, is_empty: bool, diagnostics: &mut Vec<Diagnostic>) {
    let Some(error) = &loaded.if_empty else {
        return;
    };
    if !is_empty || diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    diagnostics.retain(|d| d.rule != RuleId::IncludeMatchesNothing);
    diagnostics.push(error.clone());
}

/// Reads a file of `list` (the project file is read as a model file) into the source
/// set. Invalid UTF-8 is a diagnostic; other failures stop.
fn read_file(
    loaded: &mut Loaded,
    name: String,
    path: PathBuf,
    list: FileList,
    before: Option<&ParseCache>,
) -> Result<Option<FileId>, LoadError> {
    let max = loaded.limits.max_file_bytes;
    let read = match loaded.overlay.text(&path) {
        Some(text) if text.len() as u64 > max => Err(ReadError::TooLarge {
            path: path.clone(),
            max: bytes(max),
        }),
        Some(text) => Ok(text.as_bytes().to_vec()),
        None => read_bounded(&path, max),
    };
    match read {
        Ok(content) => match before.and_then(|c| c.source(&name, &path, &content)) {
            Some(file) => Ok(Some(loaded.sources.add(file))),
            None => Ok(add_file(loaded, name, path, content, list)),
        },
        // A file over the size limit is a finding at the file, like any unreadable model.
        Err(ReadError::TooLarge { .. }) => {
            let id = loaded
                .sources
                .add(SourceFile::new(name, path, String::new()));
            let d = match list {
                FileList::Include => parse::too_large(id, &loaded.limits),
                FileList::Measurements => Diagnostic::error(
                    RuleId::Schema,
                    Span::new(id, 0, 0),
                    format!(
                        "the file is larger than tomc reads ({})",
                        bytes(loaded.limits.max_file_bytes)
                    ),
                )
                .help("split the measurements into several files matched by `measurements`"),
            };
            loaded.diagnostics.push(d);
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Adds a file's bytes to the source set; invalid UTF-8 is a diagnostic (and `None`):
/// `yaml-syntax` for a model file, `schema` for a measurements file.
fn add_file(
    loaded: &mut Loaded,
    name: String,
    path: PathBuf,
    bytes: Vec<u8>,
    list: FileList,
) -> Option<FileId> {
    match parse::decode(bytes) {
        Ok(text) => Some(loaded.sources.add(SourceFile::new(name, path, text))),
        Err((at, lossy)) => {
            let id = loaded.sources.add(SourceFile::new(name, path, lossy));
            let span = loaded.sources.get(id).char_span(id, at);
            let rule = match list {
                FileList::Include => RuleId::YamlSyntax,
                FileList::Measurements => RuleId::Schema,
            };
            let d = Diagnostic::error(rule, span, "the file is not valid UTF-8")
                .label("invalid byte")
                .help("save the file as UTF-8; the marked byte is not UTF-8 (a Latin-1 or Windows-1252 character?)");
            loaded.diagnostics.push(d);
            None
        }
    }
}

/// A project given as bytes instead of read from disk: `tom.yaml`, then files by name,
/// all of them read whatever `include` and `measurements` say: a name ending in `.csv`
/// is a measurements file, any other a model file. For benchmarks and fuzzing.
pub fn load_memory(project: &[u8], files: &[(String, Vec<u8>)]) -> Loaded {
    let mut loaded = Loaded::empty(PathBuf::from("."), Limits::DEFAULT);
    let id = add_file(
        &mut loaded,
        PROJECT_FILE.into(),
        PathBuf::from(PROJECT_FILE),
        project.to_vec(),
        FileList::Include,
    );
    loaded.project = id.and_then(|id| parse_into(&mut loaded, id));
    let (tables, models): (Vec<_>, Vec<_>) =
        files.iter().partition(|(name, _)| name.ends_with(".csv"));
    let add = |loaded: &mut Loaded, list: &[&(String, Vec<u8>)], kind: FileList| {
        list.iter()
            .filter_map(|(name, bytes)| {
                add_file(
                    loaded,
                    name.clone(),
                    PathBuf::from(name),
                    bytes.clone(),
                    kind,
                )
            })
            .collect::<Vec<FileId>>()
    };
    let ids = add(&mut loaded, &models, FileList::Include);
    parse_files(&mut loaded, &ids, &mut ParseCache::default());
    let first = loaded.sources.iter().count();
    let ids = add(&mut loaded, &tables, FileList::Measurements);
    read_measurements(&mut loaded, first, &ids);
    loaded
}

/// Parses the model files `ids` on every core and adds them to `loaded.files` in the
/// order given; a file that does not parse is reported and left out. The largest files
/// are handed out first, so that one big file parsed last does not leave a core idle.
fn parse_files(loaded: &mut Loaded, ids: &[FileId], cache: &mut ParseCache) {
    let sources = &loaded.sources;
    let limits = &loaded.limits;
    let mut by_size: Vec<(usize, FileId)> = ids
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, id)| cache.get(id, sources.get(id)).is_none())
        .collect();
    by_size.sort_by_key(|&(i, id)| (std::cmp::Reverse(sources.get(id).text.len()), i));
    let parsed = parallel::map(&by_size, 1, |&(_, id)| {
        parse::parse(id, sources.get(id), limits).map(Arc::new)
    });
    for ((_, id), result) in by_size.into_iter().zip(parsed) {
        let source = sources.get(id).clone();
        cache
            .entries
            .insert(source.name.clone(), Parsed { id, source, result });
    }
    let names: HashSet<&str> = ids
        .iter()
        .map(|&id| sources.get(id).name.as_str())
        .collect();
    cache
        .entries
        .retain(|name, _| names.contains(name.as_str()));
    for &id in ids {
        match cache.get(id, sources.get(id)) {
            Some(Ok(node)) => loaded.files.push((id, Arc::clone(node))),
            Some(Err(d)) => loaded.diagnostics.push(Diagnostic::clone(d)),
            None => {}
        }
    }
}

fn parse_into(loaded: &mut Loaded, id: FileId) -> Option<Node> {
    match parse::parse(id, loaded.sources.get(id), &loaded.limits) {
        Ok(node) => Some(node),
        Err(d) => {
            loaded.diagnostics.push(*d);
            None
        }
    }
}

/// A key of `tom.yaml` that lists the globs of files to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileList {
    /// `include`: the model files.
    Include,
    /// `measurements`: the measurements files.
    Measurements,
}

impl FileList {
    /// The key, as written in `tom.yaml`.
    fn key(self) -> &'static str {
        match self {
            FileList::Include => "include",
            FileList::Measurements => MEASUREMENTS_KEY,
        }
    }

    /// The glob read when the key is not written.
    fn default_glob(self) -> &'static str {
        match self {
            FileList::Include => DEFAULT_INCLUDE,
            FileList::Measurements => DEFAULT_MEASUREMENTS,
        }
    }

    /// A glob for help texts.
    fn example(self) -> &'static str {
        match self {
            FileList::Include => "model/**/*.yaml",
            FileList::Measurements => "measurements/**/*.csv",
        }
    }
}

/// One glob of `include` or `measurements`, with where it is written.
#[derive(Debug)]
struct Glob {
    pattern: String,
    span: Option<Span>,
    list: FileList,
}

/// The globs of `list` in the project file `project` (shape errors reported as
/// `schema`), and where its key is written. When the key is not written, or tom.yaml
/// did not parse, the default glob, without a span: it may match nothing silently.
fn globs(
    project: Option<&Node>,
    list: FileList,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Glob>, Option<Span>) {
    let Some((key, node)) = project
        .and_then(Node::as_map)
        .and_then(|m| m.iter().find(|(k, _)| k.name == list.key()))
    else {
        let default = Glob {
            pattern: list.default_glob().into(),
            span: None,
            list,
        };
        return (vec![default], None);
    };
    (glob_list(node, list, diagnostics), Some(key.span))
}

/// The globs of the value of `list`'s key.
fn glob_list(node: &Node, list: FileList, diagnostics: &mut Vec<Diagnostic>) -> Vec<Glob> {
    let (key, example) = (list.key(), list.example());
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Str(_) => vec![node],
        Value::Null => Vec::new(),
        other => {
            diagnostics.push(
                Diagnostic::error(
                    RuleId::Schema,
                    node.span,
                    format!(
                        "`{key}` must be a list of globs, found {}",
                        other.type_name()
                    ),
                )
                .help(format!("write `{key}: [\"{example}\"]`")),
            );
            return Vec::new();
        }
    };
    let mut globs = Vec::new();
    for item in items {
        match &item.value {
            Value::Str(s) => globs.push(Glob {
                pattern: s.to_string(),
                span: Some(item.span),
                list,
            }),
            other => diagnostics.push(
                Diagnostic::error(
                    RuleId::Schema,
                    item.span,
                    format!(
                        "each glob of `{key}` must be a string, found {}",
                        other.type_name()
                    ),
                )
                .help(format!("quote the glob: `\"{example}\"`")),
            ),
        }
    }
    globs
}

/// The literal directory prefix of a glob (`model/` of `model/**/*.yaml`).
fn literal_prefix(pattern: &str) -> PathBuf {
    let mut prefix = PathBuf::new();
    let parts: Vec<&str> = pattern.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        if part.contains(['*', '?', '[', '{']) {
            break;
        }
        prefix.push(part);
    }
    prefix
}

/// A file a glob matches: its path through the project, and its real path.
#[derive(Debug)]
struct Found {
    path: PathBuf,
    real: PathBuf,
}

/// The files a glob matches, keyed by path relative to the project, `/`-separated;
/// `None` when the glob itself is refused (reported when written in tom.yaml).
fn expand(
    dir: &Path,
    root: &Path,
    glob: &Glob,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<BTreeMap<String, Found>>, LoadError> {
    let pattern = glob.pattern.trim_start_matches("./");
    let outside = Path::new(pattern).is_absolute()
        || Path::new(pattern)
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
    if outside {
        if let Some(span) = glob.span {
            diagnostics.push(
                Diagnostic::error(RuleId::IncludeOutsideProject, span, format!("{} glob `{}` reaches outside the project directory", glob.list.key(), glob.pattern))
                    .label("outside the project")
                    .help(format!("{} globs are relative to tom.yaml and may not leave its directory; move the files into the project", glob.list.key())),
            );
        }
        return Ok(None);
    }
    let matcher = match GlobBuilder::new(pattern).literal_separator(true).build() {
        Ok(g) => g.compile_matcher(),
        Err(e) => {
            if let Some(span) = glob.span {
                diagnostics.push(
                    Diagnostic::error(
                        RuleId::Schema,
                        span,
                        format!("`{}` is not a valid glob: {}", glob.pattern, e.kind()),
                    )
                    .help(format!(
                        "use `*` for any name, `**` for any folders, e.g. `{}`",
                        glob.list.example()
                    )),
                );
            }
            return Ok(None);
        }
    };
    let base = dir.join(literal_prefix(pattern));
    if !base.is_dir() {
        return Ok(Some(BTreeMap::new()));
    }
    let walk = GlobWalk {
        dir,
        root,
        glob,
        matcher,
        deep: pattern.contains("**"),
        depth: pattern.split('/').count(),
    };
    walk.files(&base, diagnostics).map(Some)
}

/// One glob's walk through the project directory.
struct GlobWalk<'a> {
    /// The project directory.
    dir: &'a Path,
    /// Its real path: nothing outside it is read.
    root: &'a Path,
    glob: &'a Glob,
    matcher: GlobMatcher,
    /// Whether the glob holds `**`, and so may match at any depth.
    deep: bool,
    /// How many path parts the glob has.
    depth: usize,
}

impl GlobWalk<'_> {
    /// The files under `base` that the glob matches.
    fn files(
        &self,
        base: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<BTreeMap<String, Found>, LoadError> {
        let mut found = BTreeMap::new();
        // Directories already entered, by real path: a link back into the project (a
        // loop, or a second way to the same folder) is not walked again.
        let mut entered: HashSet<PathBuf> = HashSet::new();
        if let Ok(real) = std::fs::canonicalize(base) {
            entered.insert(real);
        }
        let mut refused: Vec<Diagnostic> = Vec::new();
        // Every directory is judged before it is entered: one reached through a link
        // that leads outside the project is reported and never walked.
        let walker = walkdir::WalkDir::new(base)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| self.enters(entry, &mut entered, &mut refused));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                // A symlink loop is skipped: every file in it is reachable another way.
                Err(e) if e.loop_ancestor().is_some() => continue,
                Err(e) => return Err(walk_error(e, base)),
            };
            if let Some((rel_name, file)) = self.file(&entry, diagnostics)? {
                found.insert(rel_name, file);
            }
        }
        diagnostics.extend(refused);
        Ok(found)
    }

    /// Whether the walk enters `entry`: anything but a directory outside the project
    /// (reported into `refused` when the glob could reach into it) or one already
    /// entered.
    fn enters(
        &self,
        entry: &walkdir::DirEntry,
        entered: &mut HashSet<PathBuf>,
        refused: &mut Vec<Diagnostic>,
    ) -> bool {
        if entry.depth() == 0 || !entry.file_type().is_dir() {
            return true;
        }
        let Ok(real) = std::fs::canonicalize(entry.path()) else {
            return true;
        };
        if !real.starts_with(self.root) {
            // A glob without `**` cannot match below its own depth: a link deeper than
            // that is nothing to the glob.
            let rel = relative_name(entry.path(), self.dir);
            if self.deep || rel.split('/').count() < self.depth {
                refused.push(outside_link(self.glob, &rel, &real, "reaches"));
            }
            return false;
        }
        entered.insert(real)
    }

    /// The file at `entry` with its name relative to the project, if the glob matches
    /// it and it lies inside the project (a link outside is reported).
    fn file(
        &self,
        entry: &walkdir::DirEntry,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Option<(String, Found)>, LoadError> {
        if entry.file_type().is_dir() {
            return Ok(None);
        }
        let rel_name = relative_name(entry.path(), self.dir);
        if !self.matcher.is_match(&rel_name) {
            return Ok(None);
        }
        // A device, FIFO or socket that the glob names is refused, not skipped: reading
        // it would never end, and skipping it would hide the elements meant to be there.
        if !entry.file_type().is_file() {
            return Err(ReadError::NotRegular {
                path: entry.path().to_owned(),
                what: file_kind(&entry.file_type()),
            }
            .into());
        }
        let real =
            std::fs::canonicalize(entry.path()).map_err(|source| io_error(entry.path(), source))?;
        if !real.starts_with(self.root) {
            diagnostics.push(outside_link(self.glob, &rel_name, &real, "matches"));
            return Ok(None);
        }
        let path = entry.path().to_owned();
        Ok(Some((rel_name, Found { path, real })))
    }
}

/// The error that stops a walk: a link that leads back to itself, or a directory that
/// cannot be read.
fn walk_error(e: walkdir::Error, base: &Path) -> LoadError {
    let path = e.path().map_or_else(|| base.to_owned(), Path::to_path_buf);
    let source = e
        .into_io_error()
        .unwrap_or_else(|| std::io::Error::other("walk failed"));
    // ELOOP: a link that leads back to itself.
    if source.raw_os_error() == Some(40) {
        return LoadError::LinkLoop(path);
    }
    io_error(&path, source)
}

/// A path under the project directory as a `/`-separated name relative to it.
fn relative_name(path: &Path, dir: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `include-outside-project` for a link that leads outside: a file the glob matches, or
/// a directory the glob would search (`reaches`).
fn outside_link(glob: &Glob, rel_name: &str, real: &Path, how: &str) -> Diagnostic {
    let span = glob.span.unwrap_or(Span::new(FileId(0), 0, 0));
    Diagnostic::error(
        RuleId::IncludeOutsideProject,
        span,
        format!(
            "`{rel_name}` is a link to `{}`, outside the project directory",
            real.display()
        ),
    )
    .label(format!("{how} `{rel_name}`"))
    .help("copy the files into the project instead of linking to them, or narrow the glob")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix() {
        assert_eq!(literal_prefix("model/**/*.yaml"), PathBuf::from("model"));
        assert_eq!(literal_prefix("*.yaml"), PathBuf::new());
        assert_eq!(literal_prefix("a/b/c.yaml"), PathBuf::from("a/b"));
    }
}
