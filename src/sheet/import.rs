//! Rows of a sheet into the model file a mapping owns (`tomc import sheet`).
//!
//! The mapping (`mapping.rs`) names the kind, the model file the import owns, which
//! column is which field and how the sheet's words read as the spec's values. The sheet
//! (`read.rs`) is a CSV file or a sheet of an `.xlsx` workbook, read as rows of cells
//! numbered as the spreadsheet shows them. Each row becomes an element (`rows.rs`), or is
//! refused with its place and the reason; the elements are then merged into the owned
//! file as it stands (`write.rs`): ids and order kept, fields the mapping does not name
//! kept as written, rows gone removed.
//!
//! Nothing here writes a file or prints: [`import`] returns the text of the file and
//! the report, and the command writes and prints them.

mod mapping;
mod read;
mod rows;
mod write;

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::load::{LoadError, ReadError};
use crate::raw::{Node, Value};
use crate::resolve::resolve;
use crate::spec::DEFAULT_INCLUDE;

pub use mapping::MAX_MAPPING_BYTES;
pub use read::MAX_SHEET_BYTES;

/// What to import, as given on the command line.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The sheet: a `.csv` or `.xlsx` file.
    pub sheet: &'a Path,
    /// The mapping (YAML).
    pub mapping: &'a Path,
    /// The project directory or its `tom.yaml`.
    pub project: &'a Path,
    /// Keep the elements whose row is gone.
    pub keep_missing: bool,
}

/// Why the import could not run at all (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SheetError {
    /// The project could not be read.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Load(#[from] LoadError),
    /// The sheet or the mapping could not be read.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Read(#[from] ReadError),
    /// The mapping, the sheet or the project is not one tomc can import with.
    #[error("{message}")]
    #[diagnostic(code(tomc::import_sheet))]
    Refused {
        /// What is wrong, with its place.
        message: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },
}

impl SheetError {
    /// A refusal with a message and, when there is one, a way out.
    pub(crate) fn new(message: impl Into<String>, help: Option<String>) -> Self {
        SheetError::Refused {
            message: message.into(),
            help,
        }
    }
}

/// The model file written by an import, and what happened to each row.
#[derive(Debug)]
pub struct Outcome {
    /// Where the file is, on disk.
    pub path: PathBuf,
    /// The file, relative to the project.
    pub file: String,
    /// Its new text.
    pub text: String,
    /// Whether the text differs from the file on disk (or the file is new).
    pub changed: bool,
    /// Data rows read (blank rows left out).
    pub rows: usize,
    /// Rows taken.
    pub taken: usize,
    /// Elements added.
    pub added: usize,
    /// Elements whose mapped fields changed.
    pub updated: usize,
    /// One line per problem of a refused row, in row and column order.
    pub refused: Vec<String>,
    /// Rows refused.
    pub refused_rows: usize,
    /// One line per element removed (or kept, with `--keep-missing`) because its row is
    /// gone.
    pub missing: Vec<String>,
    /// Elements removed.
    pub removed: usize,
    /// Notes that change nothing of the outcome: staged values kept.
    pub notes: Vec<String>,
}

impl Outcome {
    /// The report for people: every refused row's problems, the elements removed or
    /// kept, the notes, then one line of totals.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for line in self.refused.iter().chain(&self.missing) {
            out.push_str(line);
            out.push('\n');
        }
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        let _ = write!(
            out,
            "imported {} of {} rows into {}: {} added, {} updated",
            self.taken, self.rows, self.file, self.added, self.updated
        );
        if self.refused_rows > 0 {
            let _ = write!(out, ", {} refused", self.refused_rows);
        }
        if self.removed > 0 {
            let _ = write!(out, ", {} removed", self.removed);
        }
        out.push('\n');
        out
    }

    /// Whether every row was taken.
    pub fn all_taken(&self) -> bool {
        self.refused_rows == 0
    }
}

/// Reads the mapping, the project and the sheet, and makes the new text of the file the
/// mapping owns.
pub fn import(request: &Request<'_>) -> Result<Outcome, SheetError> {
    let mapping = mapping::read(request.mapping)?;
    let loaded = crate::load::load(request.project)?;
    let Some(project) = &loaded.project else {
        return Err(SheetError::new(
            "tom.yaml does not read as YAML, so the project cannot take an import",
            Some("run `tomc check` to see where, and fix it first".to_owned()),
        ));
    };
    let owned = owned_file(&loaded, project, &mapping.file)?;
    let (model, _) = resolve(&loaded);
    let table = read::read(request.sheet, &mapping)?;
    let owned_id = owned.as_ref().map(|(id, _)| *id);
    let made = rows::make(
        &mapping,
        &table,
        &model,
        owned_id,
        &loaded,
        request.keep_missing,
    );
    let existing = owned.as_ref().map(|(_, node)| node);
    let path = loaded.dir.join(&mapping.file);
    let header = write::header(request.sheet, request.mapping, &mapping);
    let written = write::merge(&mapping, existing, &made, request.keep_missing, &header)?;
    let before = std::fs::read(&path).ok();
    Ok(Outcome {
        changed: before.as_deref() != Some(written.text.as_bytes()),
        path,
        file: mapping.file.clone(),
        text: written.text,
        rows: made.rows,
        taken: made.taken(),
        added: written.added,
        updated: written.updated,
        refused: made.report_lines(&table),
        refused_rows: made.refused_rows(),
        missing: written.missing,
        removed: written.removed,
        notes: written.notes,
    })
}

/// The file the mapping owns, checked to be one the project reads: its id and tree when
/// it exists. A file that `include` does not match would be written and never read, so
/// the import is refused with the glob to add.
fn owned_file(
    loaded: &crate::load::Loaded,
    project: &Node,
    file: &str,
) -> Result<Option<(crate::source::FileId, Node)>, SheetError> {
    inside_project(&loaded.dir, file)?;
    if let Some((id, _)) = loaded.sources.iter().find(|(_, f)| f.name == file) {
        if loaded.measurement_files.contains(&id) {
            return Err(not_included(file));
        }
        let Some((_, node)) = loaded.files.iter().find(|(fid, _)| *fid == id) else {
            return Err(SheetError::new(
                format!("`{file}`, the file the mapping owns, does not read as YAML"),
                Some(format!(
                    "run `tomc check` to see where, and fix `{file}` first: the import keeps what it holds"
                )),
            ));
        };
        return Ok(Some((id, Node::clone(node))));
    }
    if loaded.dir.join(file).exists() || !included(project, file) {
        return Err(not_included(file));
    }
    Ok(None)
}

/// The refusal of a file that the project's `include` globs do not match.
fn not_included(file: &str) -> SheetError {
    SheetError::new(
        format!(
            "`{file}`, the file the mapping owns, is not matched by the `include` globs of tom.yaml, so tomc would not read what the import writes"
        ),
        Some(format!(
            "add `\"{file}\"` (or a glob that matches it) to `include` in tom.yaml, or set `file` in the mapping to a path `include` matches"
        )),
    )
}

/// Whether the `include` globs of `project` (or the default) match `file`.
fn included(project: &Node, file: &str) -> bool {
    let written = project
        .as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.name == "include"));
    let globs: Vec<String> = match written.map(|(_, v)| &v.value) {
        None => vec![DEFAULT_INCLUDE.to_owned()],
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(|n| match &n.value {
                Value::Str(s) => Some(s.to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::Str(s)) => vec![s.to_string()],
        Some(_) => Vec::new(),
    };
    globs.iter().any(|g| {
        globset::GlobBuilder::new(g.trim_start_matches("./"))
            .literal_separator(true)
            .build()
            .is_ok_and(|g| g.compile_matcher().is_match(file))
    })
}

/// Refuses a file the mapping owns whose nearest existing folder, after following
/// links, lies outside the project.
fn inside_project(dir: &Path, file: &str) -> Result<(), SheetError> {
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    let mut at = dir.join(file);
    loop {
        if let Ok(real) = std::fs::canonicalize(&at) {
            if real.starts_with(&root) {
                return Ok(());
            }
            return Err(SheetError::new(
                format!(
                    "`{file}`, the file the mapping owns, leads outside the project through a symbolic link"
                ),
                Some("set `file` in the mapping to a path inside the project".to_owned()),
            ));
        }
        if !at.pop() {
            return Ok(());
        }
    }
}

/// A path written in the mapping as a relative path inside the project, `/`-separated,
/// or `None` when it is absolute or climbs out with `..`.
fn relative_path(text: &str) -> Option<String> {
    let path = Path::new(text);
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_owned()),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The column letters of a 0-based column index: `A`, `Z`, `AA`.
fn column_letters(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Text from a sheet, for a message: control and invisible characters escaped, and at
/// most 80 characters.
fn quoted(text: &str) -> String {
    const MAX: usize = 80;
    let shown = crate::diag::escape::visible(text);
    if shown.chars().count() <= MAX {
        return shown.into_owned();
    }
    let mut cut: String = shown.chars().take(MAX - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn paths() {
        assert_eq!(
            relative_path("model/a.yaml").as_deref(),
            Some("model/a.yaml")
        );
        assert_eq!(
            relative_path("./model/a.yaml").as_deref(),
            Some("model/a.yaml")
        );
        assert_eq!(relative_path("../a.yaml"), None);
        assert_eq!(relative_path("model/../../a.yaml"), None);
        assert_eq!(relative_path("/etc/a.yaml"), None);
        assert_eq!(relative_path("."), None);
    }

    #[test]
    fn long_text_is_cut() {
        let long = "x".repeat(200);
        assert_eq!(quoted(&long).chars().count(), 80);
        assert_eq!(quoted("a\u{1b}b"), "a\\u{1b}b");
    }
}
