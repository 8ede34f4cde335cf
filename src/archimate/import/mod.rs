//! An ArchiMate Model Exchange File into a tomc project.
//!
//! Elements become elements of the kind their type maps to ([`crate::archimate`]), or of
//! the kind named by a `tomc:kind` property (files written by `tomc export archimate`);
//! relationships become references on the element that holds the field; plateaus become
//! the project's plateaus, in the order their triggering relationships give;
//! documentation becomes `description` and properties become fields (where the name is
//! a field of the kind and the value reads as one) or `properties`. Ids are readable
//! slugs of the names (`cap-customer-data-access`), or the `tomc:id` an export wrote.
//!
//! Nothing is dropped silently: every element type and relationship left out is
//! counted in the [`Report`] with the reason. The result reads as a model with no
//! structural error: references that would name an element absent from a plateau are
//! narrowed to the plateaus where both exist, hierarchies and dependencies that would
//! loop keep only the links that do not, and required fields get a value with a note.

mod elements;
mod plateaus;
mod read;
mod relationships;
mod report;
mod valid;
mod write;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::emit::tree::Tree;
use crate::source::SourceFile;
use crate::spec::{Field, Kind};

pub use elements::slug;
pub use report::Report;

/// The largest exchange file read (the same as the largest spec file).
#[allow(
    clippy::cast_possible_truncation,
    reason = "256 MiB fits the address space of every target tomc builds for"
)]
pub const MAX_BYTES: usize = crate::limits::Limits::DEFAULT.max_file_bytes as usize;

/// A project made from an exchange file.
#[derive(Debug)]
pub struct Imported {
    /// The text of `tom.yaml`.
    pub tom_yaml: String,
    /// Model files by path relative to the project (`model/capabilities.yaml`).
    pub files: Vec<(String, String)>,
    /// What was taken and what was left out.
    pub report: Report,
}

/// Why a file could not be imported: where, what, and how to fix it.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{file}:{line}:{column}: {message}")]
#[diagnostic(code(tomc::import), help("{help}"))]
pub struct ImportError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// An error at byte `offset` of `text`, its column counted in characters as in every
/// tomc message.
fn error_at(file: &str, text: &str, offset: usize, message: &str, help: &str) -> ImportError {
    let source = SourceFile::new(file.to_owned(), file.into(), text.to_owned());
    let at = source.line_col(offset);
    ImportError {
        file: file.to_owned(),
        line: u32::try_from(at.line).unwrap_or(u32::MAX),
        column: u32::try_from(at.column).unwrap_or(u32::MAX),
        message: message.to_owned(),
        help: help.to_owned(),
    }
}

/// The error for a file over [`MAX_BYTES`], reported before it is read.
pub fn too_large(file: &str) -> ImportError {
    ImportError {
        file: file.to_owned(),
        line: 1,
        column: 1,
        message: format!(
            "the file is larger than tomc reads ({})",
            crate::limits::bytes(MAX_BYTES as u64)
        ),
        help: "export a smaller part of the model".to_owned(),
    }
}

/// The text of an exchange file: UTF-8 only, or an error at the first bad byte.
pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, ImportError> {
    crate::raw::parse::decode(bytes).map_err(|(at, lossy)| {
        error_at(
            file,
            &lossy,
            at,
            "the file is not valid UTF-8",
            "save the exchange file as UTF-8",
        )
    })
}

/// A reference to be written: the target's id and the plateaus where it holds (`None`:
/// wherever the holder exists).
type Target = (usize, Option<BTreeSet<usize>>);

/// An element being made.
struct Made {
    kind: Kind,
    archimate_type: String,
    id: String,
    name: String,
    description: Option<String>,
    from: Option<usize>,
    until: Option<usize>,
    /// Values that are not references, by field.
    values: BTreeMap<Field, Tree>,
    /// References by field, in the order read.
    refs: BTreeMap<Field, Vec<Target>>,
    waivers: Vec<(String, String)>,
    properties: BTreeMap<String, String>,
    /// A journey's stages, with touchpoints and insights as tomc ids.
    stages: Option<Stages>,
    /// Left out of the project (a journey without persona).
    left_out: bool,
}

/// A journey's stages as the `stages` property gives them.
enum Stages {
    /// The same stages at every plateau.
    Fixed(Vec<Stage>),
    /// Stages per plateau, by plateau index, in plateau order.
    ByPlateau(Vec<(usize, Vec<Stage>)>),
}

impl Stages {
    /// Every stage, of every plateau.
    fn each_mut(&mut self) -> impl Iterator<Item = &mut Stage> {
        let lists: Vec<&mut Vec<Stage>> = match self {
            Stages::Fixed(list) => vec![list],
            Stages::ByPlateau(steps) => steps.iter_mut().map(|(_, list)| list).collect(),
        };
        lists.into_iter().flatten()
    }
}

struct Stage {
    id: String,
    name: String,
    touchpoints: Vec<String>,
    pain_points: Vec<String>,
    emotion: Option<String>,
    moment_that_matters: bool,
    insights: Vec<String>,
}

/// Reads the exchange file `text` (named `file` in errors) into a project.
pub fn import(text: &str, file: &str) -> Result<Imported, ImportError> {
    if text.len() > MAX_BYTES {
        return Err(too_large(file));
    }
    let doc = read::parse(text, file)?;
    let exchange = read::exchange(&doc, file)?;
    let mut importer = Importer::default();
    importer.report.model = exchange.name.unwrap_or_else(|| "Imported model".into());
    importer.plateaus(&exchange.sources, &exchange.relations);
    importer.elements(&exchange.sources);
    importer.relationships(&exchange.sources, &exchange.relations);
    importer.make_valid();
    importer.write(file, exchange.documentation)
}

#[derive(Default)]
struct Importer {
    report: Report,
    /// Plateaus in order: id, name, date, XML identifier.
    plateaus: Vec<(String, String, Option<String>, String)>,
    made: Vec<Made>,
    /// XML identifier → index in `made`.
    by_identifier: HashMap<String, usize>,
    /// ids taken.
    taken: BTreeSet<String>,
}

impl Importer {
    fn unique(&mut self, wanted: String) -> String {
        let mut id = wanted.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        id
    }

    fn plateau_index(&self, id: &str) -> Option<usize> {
        self.plateaus.iter().position(|p| p.0 == id)
    }
}
