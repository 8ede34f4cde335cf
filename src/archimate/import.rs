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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use roxmltree::{Document, Node};

use crate::archimate::mapping::{Direction, Link, NAMESPACE, kind_of_type, links};
use crate::emit::tree::{Tree, to_yaml};
use crate::source::SourceFile;
use crate::spec::{Field, FieldType, Kind, Targets, all_fields, field_spec, is_valid_id};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The largest exchange file read (the same as the largest spec file).
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

/// What an import took and left out, with counts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// The model's name.
    pub model: String,
    /// Plateaus made.
    pub plateaus: usize,
    /// Elements taken: (ArchiMate type, tomc kind) → count.
    pub elements: BTreeMap<(String, &'static str), usize>,
    /// Elements left out: (ArchiMate type, reason) → count.
    pub skipped_elements: BTreeMap<(String, String), usize>,
    /// Relationships taken: (ArchiMate type, `kind.field` they became) → count.
    pub relationships: BTreeMap<(String, String), usize>,
    /// Relationships left out: (`Type Source → Target`, reason) → count.
    pub skipped_relationships: BTreeMap<(String, String), usize>,
    /// Other things the user should know, one line each.
    pub notes: Vec<String>,
}

impl Report {
    /// Elements taken.
    pub fn imported(&self) -> usize {
        self.elements.values().sum()
    }

    /// Elements left out.
    pub fn skipped(&self) -> usize {
        self.skipped_elements.values().sum()
    }

    /// The report for people: counts per type, then what was left out and why.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let rels: usize = self.relationships.values().sum();
        let skipped_rels: usize = self.skipped_relationships.values().sum();
        let _ = writeln!(
            out,
            "{}: {} elements imported, {} skipped; {rels} relationships imported, {skipped_rels} skipped; {} plateaus",
            self.model,
            self.imported(),
            self.skipped(),
            self.plateaus
        );
        let section = |out: &mut String, title: &str, rows: Vec<(String, usize)>| {
            if rows.is_empty() {
                return;
            }
            let _ = writeln!(out, "\n{title}:");
            let width = rows
                .iter()
                .map(|(l, _)| l.chars().count())
                .max()
                .unwrap_or(0);
            for (label, n) in rows {
                let _ = writeln!(out, "  {label:<width$}  {n:>5}");
            }
        };
        section(
            &mut out,
            "Elements imported (ArchiMate type → tomc kind)",
            self.elements
                .iter()
                .map(|((t, k), n)| (format!("{t} → {k}"), *n))
                .collect(),
        );
        section(
            &mut out,
            "Elements skipped",
            self.skipped_elements
                .iter()
                .map(|((t, why), n)| (format!("{t}: {why}"), *n))
                .collect(),
        );
        section(
            &mut out,
            "Relationships imported (ArchiMate type → tomc field)",
            self.relationships
                .iter()
                .map(|((t, f), n)| (format!("{t} → {f}"), *n))
                .collect(),
        );
        section(
            &mut out,
            "Relationships skipped",
            self.skipped_relationships
                .iter()
                .map(|((r, why), n)| (format!("{r}: {why}"), *n))
                .collect(),
        );
        if !self.notes.is_empty() {
            let _ = writeln!(out, "\nNotes:");
            for note in &self.notes {
                let _ = writeln!(out, "  - {note}");
            }
        }
        out
    }
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

/// An element of the file, as read.
struct Source<'a> {
    identifier: &'a str,
    archimate_type: &'a str,
    name: String,
    documentation: Option<String>,
    properties: Vec<(String, String)>,
}

/// A relationship of the file, as read.
struct Relation<'a> {
    archimate_type: &'a str,
    source: &'a str,
    target: &'a str,
    name: Option<String>,
    plateaus: Option<String>,
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
    /// A journey's stages, with touchpoints as tomc ids.
    stages: Option<Vec<Stage>>,
    /// Left out of the project (a journey without persona).
    left_out: bool,
}

struct Stage {
    id: String,
    name: String,
    touchpoints: Vec<String>,
    pain_points: Vec<String>,
    emotion: Option<String>,
}

/// Reads the exchange file `text` (named `file` in errors) into a project.
pub fn import(text: &str, file: &str) -> Result<Imported, ImportError> {
    let at = |doc: &Document<'_>, pos: usize, message: String, help: &str| {
        let p = doc.text_pos_at(pos);
        ImportError {
            file: file.to_owned(),
            line: p.row,
            column: p.col,
            message,
            help: help.to_owned(),
        }
    };
    if text.len() > MAX_BYTES {
        return Err(too_large(file));
    }
    let doc = Document::parse(text).map_err(|e| {
        // Entities are how XML bombs and external reads happen: no DTD is read at all.
        if matches!(e, roxmltree::Error::DtdDetected)
            && let Some(at) = text.find("<!DOCTYPE")
        {
            return error_at(
                file,
                text,
                at,
                "the file declares a DTD (`<!DOCTYPE`), which tomc does not read",
                "remove the DOCTYPE declaration: exchange files need none",
            );
        }
        let p = e.pos();
        ImportError {
            file: file.to_owned(),
            line: p.row,
            column: p.col,
            message: format!("not well-formed XML: {e}"),
            help: "check that the file is a complete exchange file, saved as UTF-8 (documents with a DTD are refused)".to_owned(),
        }
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "model" || root.tag_name().namespace() != Some(NAMESPACE) {
        return Err(at(
            &doc,
            root.range().start,
            format!(
                "the root element is `{}`, not an ArchiMate exchange `model`",
                root.tag_name().name()
            ),
            &format!(
                "an exchange file starts with <model xmlns=\"{NAMESPACE}\">; export one from your ArchiMate tool (Archi: File → Export → Model to Open Exchange File)"
            ),
        ));
    }
    let definitions: HashMap<&str, String> = children(root, "propertyDefinitions")
        .flat_map(|defs| children(defs, "propertyDefinition"))
        .filter_map(|d| Some((d.attribute("identifier")?, text_of(d, "name")?)))
        .collect();

    let mut sources = Vec::new();
    for node in children(root, "elements").flat_map(|e| children(e, "element")) {
        let Some(identifier) = node.attribute("identifier") else {
            return Err(at(
                &doc,
                node.range().start,
                "an element has no `identifier`".into(),
                "every element needs an identifier attribute; re-export the file from its tool",
            ));
        };
        let Some(archimate_type) = node.attribute((XSI, "type")) else {
            return Err(at(
                &doc,
                node.range().start,
                format!("element `{identifier}` has no `xsi:type`"),
                "every element names its ArchiMate type, e.g. xsi:type=\"Capability\"",
            ));
        };
        sources.push(Source {
            identifier,
            archimate_type,
            name: text_of(node, "name").unwrap_or_default(),
            documentation: long_text_of(node, "documentation"),
            properties: properties(node, &definitions),
        });
    }
    let mut relations = Vec::new();
    for node in children(root, "relationships").flat_map(|e| children(e, "relationship")) {
        let (Some(archimate_type), Some(source), Some(target)) = (
            node.attribute((XSI, "type")),
            node.attribute("source"),
            node.attribute("target"),
        ) else {
            return Err(at(
                &doc,
                node.range().start,
                "a relationship lacks `xsi:type`, `source` or `target`".into(),
                "every relationship names its type and both ends; re-export the file from its tool",
            ));
        };
        let props = properties(node, &definitions);
        relations.push(Relation {
            archimate_type,
            source,
            target,
            name: text_of(node, "name"),
            plateaus: props
                .into_iter()
                .find(|(k, _)| k == "plateaus")
                .map(|(_, v)| v),
        });
    }

    let mut importer = Importer::default();
    importer.report.model = text_of(root, "name").unwrap_or_else(|| "Imported model".into());
    importer.plateaus(&sources, &relations);
    importer.elements(&sources);
    importer.relationships(&sources, &relations);
    importer.make_valid();
    let description = long_text_of(root, "documentation");
    importer.write(file, description)
}

/// The child elements of `node` named `name` (in any namespace).
fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The text of the first child named `name`, trimmed; `None` when blank or missing.
fn text_of(node: Node<'_, '_>, name: &'static str) -> Option<String> {
    long_text_of(node, name).map(|t| t.trim().to_owned())
}

/// The text of the first child named `name` as written (documentation keeps its line
/// breaks); `None` when blank or missing.
fn long_text_of(node: Node<'_, '_>, name: &'static str) -> Option<String> {
    let text: String = children(node, name)
        .next()?
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    (!text.trim().is_empty()).then_some(text)
}

/// An element's properties by definition name, in the order written.
fn properties(node: Node<'_, '_>, definitions: &HashMap<&str, String>) -> Vec<(String, String)> {
    children(node, "properties")
        .flat_map(|p| children(p, "property"))
        .filter_map(|p| {
            let name = definitions.get(p.attribute("propertyDefinitionRef")?)?;
            Some((name.clone(), text_of(p, "value").unwrap_or_default()))
        })
        .collect()
}

/// The prefix of imported ids of a kind.
fn prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::Drivers => "drv",
        Kind::Objectives => "obj",
        Kind::Kpis => "kpi",
        Kind::Personas => "per",
        Kind::Journeys => "jrn",
        Kind::Touchpoints => "tp",
        Kind::Capabilities => "cap",
        Kind::Processes => "proc",
        Kind::OrgUnits => "ou",
        Kind::Roles => "role",
        Kind::Systems => "sys",
        Kind::Information => "info",
        Kind::Suppliers => "sup",
        Kind::Locations => "loc",
        Kind::Initiatives => "ini",
    }
}

/// A readable id from a name: lowercase ASCII letters and digits, other runs as `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    // Long names make unwieldy ids; cut at a word boundary.
    let mut cut = out.to_owned();
    if cut.len() > 48 {
        let end = cut[..48].rfind('-').unwrap_or(48);
        cut.truncate(end);
    }
    cut
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

    /// Plateau elements, ordered by their triggering relationships (document order
    /// where the triggers say nothing); one plateau when the file has none.
    fn plateaus(&mut self, sources: &[Source<'_>], relations: &[Relation<'_>]) {
        let plateaus: Vec<&Source<'_>> = sources
            .iter()
            .filter(|s| s.archimate_type == "Plateau")
            .collect();
        if plateaus.is_empty() {
            self.plateaus.push((
                "current".into(),
                "Current state".into(),
                None,
                String::new(),
            ));
            self.taken.insert("current".into());
            self.report.notes.push(
                "the file has no plateaus: the project has one, `current`; add transitions and a target to tom.yaml".into(),
            );
            self.report.plateaus = 1;
            return;
        }
        let index: HashMap<&str, usize> = plateaus
            .iter()
            .enumerate()
            .map(|(i, s)| (s.identifier, i))
            .collect();
        let mut before = vec![BTreeSet::new(); plateaus.len()];
        for r in relations
            .iter()
            .filter(|r| r.archimate_type == "Triggering")
        {
            if let (Some(&a), Some(&b)) = (index.get(r.source), index.get(r.target))
                && a != b
            {
                before[b].insert(a);
            }
        }
        // Kahn's algorithm, lowest document position first; a cycle falls back to
        // document order for what is left.
        let mut placed = vec![false; plateaus.len()];
        let mut order = Vec::new();
        while order.len() < plateaus.len() {
            let next = (0..plateaus.len())
                .find(|&i| !placed[i] && before[i].iter().all(|&b| placed[b]))
                .or_else(|| (0..plateaus.len()).find(|&i| !placed[i]));
            let Some(i) = next else { break };
            placed[i] = true;
            order.push(i);
        }
        for i in order {
            let s = plateaus[i];
            let prop = |name: &str| {
                s.properties
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            };
            let wanted = prop("tomc:id")
                .filter(|id| is_valid_id(id))
                .unwrap_or_else(|| {
                    let slug = slug(&s.name);
                    if slug.is_empty() {
                        "plateau".into()
                    } else {
                        slug
                    }
                });
            let id = self.unique(wanted);
            let name = if s.name.is_empty() {
                id.clone()
            } else {
                s.name.clone()
            };
            self.plateaus
                .push((id, name, prop("date"), s.identifier.to_owned()));
        }
        self.report.plateaus = self.plateaus.len();
    }

    /// Every element with a kind; the rest counted as skipped.
    fn elements(&mut self, sources: &[Source<'_>]) {
        for s in sources {
            let prop = |name: &str| {
                s.properties
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.as_str())
            };
            let kind = prop("tomc:kind")
                .and_then(Kind::from_key)
                .or_else(|| kind_of_type(s.archimate_type));
            let Some(kind) = kind else {
                let why = match s.archimate_type {
                    "Plateau" => continue,
                    "Gap" => "tomc works out gaps from the plateaus",
                    _ => "no tomc kind",
                };
                *self
                    .report
                    .skipped_elements
                    .entry((s.archimate_type.to_owned(), why.to_owned()))
                    .or_default() += 1;
                continue;
            };
            let wanted = prop("tomc:id")
                .filter(|id| is_valid_id(id) && !self.taken.contains(*id))
                .map(str::to_owned)
                .unwrap_or_else(|| {
                    let slug = slug(&s.name);
                    let slug = if slug.is_empty() {
                        "unnamed".into()
                    } else {
                        slug
                    };
                    format!("{}-{slug}", prefix(kind))
                });
            let id = self.unique(wanted);
            let name = if s.name.is_empty() {
                self.report.notes.push(format!(
                    "`{id}` had no name: it is named after its identifier"
                ));
                s.identifier.to_owned()
            } else {
                s.name.clone()
            };
            let mut made = Made {
                kind,
                archimate_type: s.archimate_type.to_owned(),
                id,
                name,
                description: s.documentation.clone(),
                from: None,
                until: None,
                values: BTreeMap::new(),
                refs: BTreeMap::new(),
                waivers: Vec::new(),
                properties: BTreeMap::new(),
                stages: None,
                left_out: false,
            };
            for (key, value) in &s.properties {
                self.property(&mut made, key, value);
            }
            self.by_identifier
                .insert(s.identifier.to_owned(), self.made.len());
            self.made.push(made);
        }
        // Stage touchpoints name tomc ids; keep those of imported touchpoints.
        let touchpoints: BTreeSet<String> = self
            .made
            .iter()
            .filter(|m| m.kind == Kind::Touchpoints)
            .map(|m| m.id.clone())
            .collect();
        for m in &mut self.made {
            for stage in m.stages.iter_mut().flatten() {
                stage.touchpoints.retain(|t| touchpoints.contains(t));
            }
        }
    }

    /// One property: a field where the name is one and the value reads as one,
    /// `from`, `until`, a waiver, or a free-form property.
    fn property(&mut self, made: &mut Made, key: &str, value: &str) {
        match key {
            "tomc:id" | "tomc:kind" => return,
            "from" | "until" => {
                if let Some(p) = self.plateau_index(value) {
                    if key == "from" {
                        made.from = Some(p);
                    } else {
                        made.until = Some(p);
                    }
                    return;
                }
            }
            "stages" if made.kind == Kind::Journeys => {
                if let Some(stages) = stages(value) {
                    made.stages = Some(stages);
                    return;
                }
            }
            _ => {}
        }
        if let Some(rule) = key.strip_prefix("waiver:") {
            made.waivers.push((rule.to_owned(), value.to_owned()));
            return;
        }
        if let Some(spec) = field_spec(made.kind, key)
            && !matches!(spec.field, Field::Name | Field::Description)
        {
            if let Some(tree) = self.value(spec.ty, spec.staged, value) {
                made.values.insert(spec.field, tree);
                return;
            }
            if !matches!(spec.ty, FieldType::Reference(_) | FieldType::References(_)) {
                self.report.notes.push(format!(
                    "`{}`: property `{key}` = `{value}` is not a valid `{key}`; kept under `properties`",
                    made.id
                ));
            }
        }
        made.properties.insert(key.to_owned(), value.to_owned());
    }

    /// A value of type `ty` from its text: plain, or `plateau: value, …` when staged.
    fn value(&self, ty: FieldType, staged: bool, text: &str) -> Option<Tree> {
        if staged && let Some(steps) = self.staged_steps(text) {
            let mut entries = Vec::new();
            for (p, v) in steps {
                entries.push((self.plateaus[p].0.clone(), scalar(ty, v)?));
            }
            return Some(Tree::Map(entries));
        }
        scalar(ty, text).or_else(|| match ty {
            FieldType::Plateau => self.plateau_index(text).map(|_| Tree::str(text)),
            _ => None,
        })
    }

    /// `current: 1, target: 4` → plateau indices with their texts, if every part names
    /// a plateau.
    fn staged_steps<'t>(&self, text: &'t str) -> Option<Vec<(usize, &'t str)>> {
        let mut steps = Vec::new();
        for part in text.split(", ") {
            let (p, v) = part.split_once(": ")?;
            steps.push((self.plateau_index(p.trim())?, v.trim()));
        }
        (!steps.is_empty()).then_some(steps)
    }

    /// Relationships into references on the element that holds the field.
    fn relationships(&mut self, sources: &[Source<'_>], relations: &[Relation<'_>]) {
        let types: HashMap<&str, &str> = sources
            .iter()
            .map(|s| (s.identifier, s.archimate_type))
            .collect();
        let plateau_of: HashMap<&str, usize> = self
            .plateaus
            .iter()
            .enumerate()
            .map(|(i, p)| (p.3.as_str(), i))
            .collect();
        // Plateau memberships, for elements whose life the file does not state.
        let mut members: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for r in relations {
            let label = format!(
                "{} {} → {}",
                r.archimate_type,
                types.get(r.source).copied().unwrap_or("?"),
                types.get(r.target).copied().unwrap_or("?")
            );
            let (source, target) = (
                self.by_identifier.get(r.source).copied(),
                self.by_identifier.get(r.target).copied(),
            );
            let skip = |report: &mut Report, why: &str| {
                *report
                    .skipped_relationships
                    .entry((label.clone(), why.to_owned()))
                    .or_default() += 1;
            };
            let taken = |report: &mut Report, field: String| {
                *report
                    .relationships
                    .entry((r.archimate_type.to_owned(), field))
                    .or_default() += 1;
            };
            let initiative = source.filter(|&s| self.made[s].kind == Kind::Initiatives);
            match (
                r.archimate_type,
                plateau_of.get(r.source),
                plateau_of.get(r.target),
                target,
                initiative,
            ) {
                ("Triggering", Some(_), Some(_), _, _) => {
                    taken(&mut self.report, "the order of the plateaus".into());
                    continue;
                }
                ("Aggregation" | "Composition", Some(&p), None, Some(element), _) => {
                    members.entry(element).or_default().insert(p);
                    taken(&mut self.report, "from/until".into());
                    continue;
                }
                ("Realization", None, Some(&p), _, Some(s)) => {
                    let plateau = Tree::str(&self.plateaus[p].0);
                    self.made[s].values.entry(Field::LandsIn).or_insert(plateau);
                    taken(&mut self.report, "initiatives.lands_in".into());
                    continue;
                }
                (_, None, None, _, _) => {}
                _ => {
                    skip(&mut self.report, "involves a plateau");
                    continue;
                }
            }
            let (Some(source), Some(target)) = (source, target) else {
                skip(&mut self.report, "an end was not imported");
                continue;
            };
            if source == target {
                skip(&mut self.report, "from an element to itself");
                continue;
            }
            match self.field_for(r, source, target) {
                Ok((link, holder, other)) => {
                    let plateaus = r.plateaus.as_deref().and_then(|text| {
                        text.split(", ")
                            .map(|p| self.plateau_index(p.trim()))
                            .collect::<Option<BTreeSet<usize>>>()
                    });
                    let field = if link.field == Field::Owner {
                        format!("*.{}", link.field.key())
                    } else {
                        format!("{}.{}", link.kind.key(), link.field.key())
                    };
                    if link.field == Field::Stages {
                        // The stages came whole from the `stages` property, or there
                        // is no stage to put the touchpoint in.
                        if self.made[holder].stages.is_some() {
                            taken(&mut self.report, field);
                        } else {
                            skip(&mut self.report, "the journey has no stages to place it in");
                        }
                        continue;
                    }
                    let list = self.made[holder].refs.entry(link.field).or_default();
                    if !list.iter().any(|(t, _)| *t == other) {
                        list.push((other, plateaus));
                    }
                    taken(&mut self.report, field);
                }
                Err(why) => skip(&mut self.report, why),
            }
        }
        for (m, ps) in members {
            let made = &mut self.made[m];
            if made.from.is_none() && made.until.is_none() {
                made.from = ps.first().copied();
                made.until = ps.last().copied();
            }
        }
    }

    /// The field a relationship becomes: which element holds it, and the other end.
    fn field_for(
        &self,
        r: &Relation<'_>,
        source: usize,
        target: usize,
    ) -> Result<(Link, usize, usize), &'static str> {
        let mut candidates = Vec::new();
        for link in links() {
            if link.relationship != r.archimate_type {
                continue;
            }
            let (holder, other) = match link.direction {
                Direction::FromHolder => (source, target),
                Direction::ToHolder => (target, source),
            };
            if self.made[holder].kind != link.kind {
                continue;
            }
            let targets = match field_spec(link.kind, link.field.key()).map(|s| s.ty) {
                Some(FieldType::Reference(t) | FieldType::References(t)) => t,
                Some(FieldType::Stages) => Targets::Kinds(&[Kind::Touchpoints]),
                _ => continue,
            };
            if targets.accepts(self.made[other].kind) {
                candidates.push((link, holder, other));
            }
        }
        if let Some(name) = &r.name
            && let Some(c) = candidates
                .iter()
                .find(|(l, _, _)| l.name == Some(name.as_str()))
        {
            return Ok(*c);
        }
        // Among links of the same type between the same kinds, tomc names all but one:
        // an unnamed relationship is that one.
        if candidates.len() > 1 {
            candidates.retain(|(l, _, _)| l.name.is_none());
        }
        // An association says only that two elements are related: it becomes a
        // reference when its name says which (the names tomc writes on export).
        if r.archimate_type == "Association" {
            return Err(if candidates.is_empty() {
                "no tomc field links these kinds this way"
            } else {
                "an association becomes a reference only when named as tomc names it (owns, measured by, …)"
            });
        }
        match candidates.as_slice() {
            [] => Err("no tomc field links these kinds this way"),
            [one] => Ok(*one),
            _ => Err("more than one tomc field could hold it; name the association"),
        }
    }

    /// Narrows what would not read as a valid model: single-valued fields keep their
    /// first value, references hold only where both ends exist, hierarchies and
    /// dependencies keep the links that make no loop, required fields get a value.
    fn make_valid(&mut self) {
        let last = self.plateaus.len() - 1;
        let life: Vec<(usize, usize)> = self
            .made
            .iter()
            .map(|m| {
                let from = m.from.unwrap_or(0);
                (from, m.until.unwrap_or(last).max(from))
            })
            .collect();
        for (i, m) in self.made.iter_mut().enumerate() {
            m.from = Some(life[i].0);
            m.until = Some(life[i].1);
        }
        let mut notes = Vec::new();
        for i in 0..self.made.len() {
            let (from, until) = life[i];
            let holder_kind = self.made[i].kind;
            let id = self.made[i].id.clone();
            for (field, targets) in &mut self.made[i].refs {
                // `delivers` names what an initiative adds or removes: exempt.
                if *field != Field::Delivers {
                    for (t, plateaus) in targets.iter_mut() {
                        let (tf, tu) = life[*t];
                        let holds: BTreeSet<usize> = (from..=until)
                            .filter(|p| plateaus.as_ref().is_none_or(|s| s.contains(p)))
                            .filter(|p| (tf..=tu).contains(p))
                            .collect();
                        let everywhere = holds.len() == until - from + 1;
                        *plateaus = if everywhere { None } else { Some(holds) };
                    }
                    targets.retain(|(_, p)| p.as_ref().is_none_or(|s| !s.is_empty()));
                }
                let single = matches!(
                    field_spec(holder_kind, field.key()).map(|s| s.ty),
                    Some(FieldType::Reference(_))
                );
                if !single {
                    continue;
                }
                // One value per plateau: the first that holds there. A value, once
                // written, holds on to the last plateau, so one that would stop before
                // cannot be written.
                let at = |p: usize| {
                    targets
                        .iter()
                        .filter(|(_, ps)| ps.as_ref().is_none_or(|s| s.contains(&p)))
                        .count()
                };
                let counts: Vec<usize> = (from..=until).map(at).collect();
                if counts.iter().any(|&n| n > 1) {
                    notes.push(format!(
                        "`{id}` has more than one `{}` in a plateau, which takes one: the first is kept",
                        field.key()
                    ));
                }
                let started = counts.iter().position(|&n| n > 0);
                if started.is_some_and(|s| counts[s..].contains(&0)) {
                    notes.push(format!(
                        "`{id}`: `{}` names an element that ends before `{id}` does, which a staged value cannot say: left out",
                        field.key()
                    ));
                    targets.clear();
                }
            }
        }
        self.report.notes.extend(notes);
        self.break_loops(Field::Parent);
        self.break_loops(Field::DependsOn);
        let last_id = self.plateaus[last].0.clone();
        let mut without_landing = 0;
        for m in &mut self.made {
            if m.kind == Kind::Initiatives && !m.values.contains_key(&Field::LandsIn) {
                m.values.insert(Field::LandsIn, Tree::str(&last_id));
                without_landing += 1;
            }
        }
        if without_landing > 0 {
            self.report.notes.push(format!(
                "{without_landing} initiative(s) realize no plateau: `lands_in` is set to `{last_id}`; correct it in model/initiatives.yaml"
            ));
        }
        let orphans: Vec<String> = self
            .made
            .iter()
            .filter(|m| m.kind == Kind::Journeys && !m.refs.contains_key(&Field::Persona))
            .map(|m| m.id.clone())
            .collect();
        if !orphans.is_empty() {
            self.report.notes.push(format!(
                "journey(s) {} have no persona, which a journey needs: they are left out",
                orphans.join(", ")
            ));
            let gone: BTreeSet<usize> = (0..self.made.len())
                .filter(|&i| orphans.contains(&self.made[i].id))
                .collect();
            for m in &mut self.made {
                for targets in m.refs.values_mut() {
                    targets.retain(|(t, _)| !gone.contains(t));
                }
            }
            for &g in &gone {
                self.made[g].left_out = true;
            }
        }
    }

    /// Drops the `field` links (parent, depends_on) that would close a loop, in the order
    /// read.
    fn break_loops(&mut self, field: Field) {
        let n = self.made.len();
        let mut kept: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut dropped = Vec::new();
        for i in 0..n {
            let Some(targets) = self.made[i].refs.get(&field) else {
                continue;
            };
            let mut keep = Vec::new();
            for (t, p) in targets {
                // Would i → t close a loop, i.e. does t already reach i?
                let mut stack = vec![*t];
                let mut seen = BTreeSet::new();
                let mut loops = false;
                while let Some(x) = stack.pop() {
                    if x == i {
                        loops = true;
                        break;
                    }
                    if seen.insert(x) {
                        stack.extend(kept[x].iter().copied());
                    }
                }
                if loops {
                    dropped.push(format!("{} → {}", self.made[i].id, self.made[*t].id));
                } else {
                    kept[i].push(*t);
                    keep.push((*t, p.clone()));
                }
            }
            self.made[i].refs.insert(field, keep);
        }
        if !dropped.is_empty() {
            self.report.notes.push(format!(
                "`{}` links that would make a loop are left out: {}",
                field.key(),
                dropped.join(", ")
            ));
        }
    }

    /// The project files.
    fn write(mut self, file: &str, description: Option<String>) -> Result<Imported, ImportError> {
        let header = format!(
            "Imported by tomc from {file} (ArchiMate Model Exchange File).\nReview it, then run `tomc check`."
        );
        let yaml = |tree: &Tree| {
            to_yaml(tree, &header).map_err(|e| ImportError {
                file: file.to_owned(),
                line: 1,
                column: 1,
                message: e.to_string(),
                help: "report this as a bug in tomc".to_owned(),
            })
        };
        let plateaus: Vec<Tree> = self
            .plateaus
            .iter()
            .map(|(id, name, date, _)| {
                let mut entries = vec![
                    ("id".to_owned(), Tree::str(id)),
                    ("name".to_owned(), Tree::str(name)),
                ];
                if let Some(date) = date {
                    entries.push(("date".to_owned(), Tree::str(date)));
                }
                Tree::Map(entries)
            })
            .collect();
        let mut project = vec![
            ("tom".to_owned(), Tree::Int(1)),
            ("name".to_owned(), Tree::str(&self.report.model)),
        ];
        if let Some(d) = description {
            project.push(("description".to_owned(), Tree::str(d)));
        }
        project.push(("plateaus".to_owned(), Tree::List(plateaus)));
        let tom_yaml = yaml(&Tree::Map(project))?;

        let mut files = Vec::new();
        for &kind in Kind::ALL {
            let mut elements: Vec<&Made> = self
                .made
                .iter()
                .filter(|m| m.kind == kind && !m.left_out)
                .collect();
            if elements.is_empty() {
                continue;
            }
            elements.sort_by(|a, b| a.id.cmp(&b.id));
            let trees: Vec<Tree> = elements.iter().map(|m| self.element_tree(m)).collect();
            let text = yaml(&Tree::Map(vec![(kind.key().to_owned(), Tree::List(trees))]))?;
            files.push((format!("model/{}.yaml", kind.key()), text));
        }
        for m in self.made.iter().filter(|m| !m.left_out) {
            *self
                .report
                .elements
                .entry((m.archimate_type.clone(), m.kind.key()))
                .or_default() += 1;
        }
        Ok(Imported {
            tom_yaml,
            files,
            report: self.report,
        })
    }

    fn element_tree(&self, m: &Made) -> Tree {
        let last = self.plateaus.len() - 1;
        let (from, until) = (m.from.unwrap_or(0), m.until.unwrap_or(last));
        let mut out = vec![
            ("id".to_owned(), Tree::str(&m.id)),
            ("name".to_owned(), Tree::str(&m.name)),
        ];
        if let Some(d) = &m.description {
            out.push(("description".to_owned(), Tree::str(d)));
        }
        if from != 0 {
            out.push(("from".to_owned(), Tree::str(&self.plateaus[from].0)));
        }
        if until != last {
            out.push(("until".to_owned(), Tree::str(&self.plateaus[until].0)));
        }
        for spec in all_fields(m.kind) {
            if let Some(v) = m.values.get(&spec.field) {
                out.push((spec.field.key().to_owned(), v.clone()));
            } else if let Some(targets) = m.refs.get(&spec.field).filter(|t| !t.is_empty()) {
                let single = matches!(spec.ty, FieldType::Reference(_));
                out.push((
                    spec.field.key().to_owned(),
                    self.refs_tree(targets, single, from, until),
                ));
            } else if spec.field == Field::Stages
                && let Some(stages) = &m.stages
            {
                out.push(("stages".to_owned(), stages_tree(stages)));
            }
        }
        if !m.waivers.is_empty() {
            let waivers = m
                .waivers
                .iter()
                .map(|(rule, reason)| {
                    Tree::Map(vec![
                        ("rule".to_owned(), Tree::str(rule)),
                        ("reason".to_owned(), Tree::str(reason)),
                    ])
                })
                .collect();
            out.push(("waivers".to_owned(), Tree::List(waivers)));
        }
        if !m.properties.is_empty() {
            let props = m
                .properties
                .iter()
                .map(|(k, v)| (k.clone(), Tree::str(v)))
                .collect();
            out.push(("properties".to_owned(), Tree::Map(props)));
        }
        Tree::Map(out)
    }

    /// References as written: a plain value or list where they hold at every plateau of
    /// the holder, else a value per plateau where it changes.
    fn refs_tree(&self, targets: &[Target], single: bool, from: usize, until: usize) -> Tree {
        let ids_at = |p: Option<usize>| -> Vec<&str> {
            targets
                .iter()
                .filter(|(_, ps)| match (p, ps) {
                    (_, None) => true,
                    (Some(p), Some(ps)) => ps.contains(&p),
                    (None, Some(_)) => false,
                })
                .map(|(t, _)| self.made[*t].id.as_str())
                .collect()
        };
        // Single values take the first that holds (make_valid noted any other).
        let value = |ids: Vec<&str>| -> Tree {
            if single {
                ids.first().map_or(Tree::Null, |id| Tree::str(*id))
            } else {
                Tree::strings(ids)
            }
        };
        if targets.iter().all(|(_, ps)| ps.is_none()) {
            return value(ids_at(None));
        }
        let mut entries = Vec::new();
        let mut previous: Option<Vec<&str>> = None;
        for p in from..=until {
            let ids = ids_at(Some(p));
            // Before the first plateau with a target the field has no value, as when
            // the staged value starts later.
            if ids.is_empty() && previous.is_none() {
                continue;
            }
            if previous.as_ref() != Some(&ids) {
                previous = Some(ids.clone());
                entries.push((self.plateaus[p].0.clone(), value(ids)));
            }
        }
        Tree::Map(entries)
    }
}

/// The text of a scalar as a value of type `ty`, if it reads as one.
fn scalar(ty: FieldType, text: &str) -> Option<Tree> {
    match ty {
        FieldType::Text | FieldType::Markdown => Some(Tree::str(text)),
        FieldType::Integer { min, max } => text
            .parse::<i64>()
            .ok()
            .filter(|i| (min..=max).contains(i))
            .map(Tree::Int),
        FieldType::Number { negative } => {
            let n = text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && (negative || *n >= 0.0))?;
            Some(if n.fract() == 0.0 && n.abs() < 1e15 {
                Tree::Int(n as i64)
            } else {
                Tree::Num(n)
            })
        }
        FieldType::Boolean => match text {
            "true" => Some(Tree::Bool(true)),
            "false" => Some(Tree::Bool(false)),
            _ => None,
        },
        FieldType::Enum(words) => words.contains(&text).then(|| Tree::str(text)),
        // A JSON array as tomc writes it, else items separated by commas.
        FieldType::Strings => match serde_json::from_str::<Vec<String>>(text) {
            Ok(items) => Some(Tree::strings(items)),
            Err(_) => Some(Tree::strings(
                text.split(',').map(str::trim).filter(|s| !s.is_empty()),
            )),
        },
        FieldType::Plateau
        | FieldType::Reference(_)
        | FieldType::References(_)
        | FieldType::Stages => None,
    }
}

/// A journey's stages from the JSON an export wrote.
fn stages(json: &str) -> Option<Vec<Stage>> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    value
        .as_array()?
        .iter()
        .map(|s| {
            Some(Stage {
                id: s
                    .get("id")?
                    .as_str()
                    .filter(|id| is_valid_id(id))?
                    .to_owned(),
                name: s.get("name")?.as_str()?.to_owned(),
                touchpoints: s.get("touchpoints").map(strings).unwrap_or_default(),
                pain_points: s.get("pain_points").map(strings).unwrap_or_default(),
                emotion: s
                    .get("emotion")
                    .and_then(|e| e.as_str())
                    .filter(|e| crate::spec::EMOTIONS.contains(e))
                    .map(str::to_owned),
            })
        })
        .collect()
}

fn stages_tree(stages: &[Stage]) -> Tree {
    Tree::List(
        stages
            .iter()
            .map(|s| {
                let mut out = vec![
                    ("id".to_owned(), Tree::str(&s.id)),
                    ("name".to_owned(), Tree::str(&s.name)),
                    (
                        "touchpoints".to_owned(),
                        Tree::strings(s.touchpoints.iter().map(String::as_str)),
                    ),
                ];
                if !s.pain_points.is_empty() {
                    out.push((
                        "pain_points".to_owned(),
                        Tree::strings(s.pain_points.iter().map(String::as_str)),
                    ));
                }
                if let Some(e) = &s.emotion {
                    out.push(("emotion".to_owned(), Tree::str(e)));
                }
                Tree::Map(out)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_ids() {
        assert_eq!(slug("Customer's Bank"), "customer-s-bank");
        assert_eq!(slug("  CRM System (2) "), "crm-system-2");
        assert_eq!(slug("Ærø"), "r");
        assert_eq!(slug("***"), "");
        assert!(slug(&"word ".repeat(30)).len() <= 48);
    }

    #[test]
    fn scalars_read_by_type() {
        assert_eq!(
            scalar(FieldType::Integer { min: 0, max: 5 }, "4"),
            Some(Tree::Int(4))
        );
        assert_eq!(scalar(FieldType::Integer { min: 0, max: 5 }, "7"), None);
        assert_eq!(
            scalar(FieldType::Number { negative: true }, "72.5"),
            Some(Tree::Num(72.5))
        );
        assert_eq!(scalar(FieldType::Boolean, "yes"), None);
        assert_eq!(
            scalar(FieldType::Strings, "a, b"),
            Some(Tree::strings(["a", "b"]))
        );
        assert_eq!(
            scalar(FieldType::Strings, r#"["a, b", "c"]"#),
            Some(Tree::strings(["a, b", "c"]))
        );
    }
}
