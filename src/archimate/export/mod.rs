//! The model as an Open Group ArchiMate Model Exchange File (schema 3.1).
//!
//! Elements map to ArchiMate elements by kind, references to relationships (see
//! [`crate::archimate`]), plateaus to Plateau elements that trigger each other and
//! aggregate the elements they hold, and the step between two plateaus to a Gap
//! associated with both and with every element that changes. Values that are not links
//! become properties (`maturity`, `lifecycle`, …; a staged value reads
//! `current: 1, wave-1: 3, target: 4`), with `tomc:id` and `tomc:kind` so that an import
//! gives the same ids and kinds back; a journey's stages are one `stages` property of
//! JSON, a list or an object from plateau id to list. A capability-map view nests the
//! capability tree; one view per plateau shows what exists there and how it is linked.
//!
//! The output is deterministic: elements in kind order and by id, relationships by
//! identifier, properties by name.

mod views;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};
use rustc_hash::FxHashMap;

use crate::analysis::gaps::{Change, between};
use crate::archimate::mapping::{
    Direction, NAMESPACE, element_type, in_plateaus, link_of, link_to,
};
use crate::emit::manifest::value_tree;
use crate::emit::output::{OutputError, Render, Sink, SiteFile};
use crate::emit::tree::{EmitError, Tree};
use crate::model::{Element, ElementIdx, Model, PlateauIdx, Staged, Value};
use crate::spec::{Field, Kind};

/// The exchange file of a model, as one output: a model with structural errors would
/// give dangling relationships, so the command refuses one before rendering.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExchangeFile;

/// The name of the one file handed to the sink.
const FILE: &str = "archimate.xml";

impl Render for ExchangeFile {
    type Input = Model;

    fn render<S: Sink>(&self, model: &Model, sink: &S) -> Result<(), S::Error> {
        let document = Document::new(model)?;
        let mut bytes = Vec::new();
        document.write(&mut bytes).map_err(|e| OutputError {
            path: FILE.to_owned(),
            source: EmitError {
                format: "XML",
                message: e.to_string(),
            },
        })?;
        sink.put(SiteFile {
            path: FILE.to_owned(),
            bytes,
        })
    }
}

/// The exchange file of one model, laid out and ready to be written: everything that can
/// fail for the model's sake fails in [`Document::new`], so that [`Document::write`] can
/// stream the file into a writer and fail only for the writer's sake. The document itself
/// is never held whole in memory; a 100,000-element model gives some 700 MB of XML.
pub struct Document<'m> {
    exporter: Exporter<'m>,
}

impl<'m> Document<'m> {
    /// Lays out the exchange file of `model`.
    ///
    /// # Errors
    ///
    /// A value that cannot be serialised as a property.
    pub fn new(model: &'m Model) -> Result<Self, OutputError> {
        let exporter = Exporter::new(model).map_err(|e| OutputError {
            path: FILE.to_owned(),
            source: EmitError {
                format: "XML",
                message: e.to_string(),
            },
        })?;
        Ok(Document { exporter })
    }

    /// Writes the exchange file, as UTF-8 XML, to `out`. Writes are many and small:
    /// give a buffered writer.
    ///
    /// # Errors
    ///
    /// The writer's error.
    pub fn write<W: io::Write>(&self, out: W) -> io::Result<()> {
        let mut w = Writer::new_with_indent(out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("model")
            .with_attributes([
                ("xmlns", NAMESPACE),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://www.opengroup.org/xsd/archimate/3.0/ http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd",
                ),
                ("identifier", "tomc-model"),
            ])
            .write_inner_content(|w| self.exporter.write(w))?;
        Ok(())
    }
}

/// A journey's stages as the `stages` property holds them: the list, or, when they
/// change between plateaus, an object from plateau id to the list from that plateau on.
fn stages_tree(model: &Model, stages: &Staged) -> Tree {
    match stages {
        Staged::Fixed(v) => value_tree(model, v),
        Staged::ByPlateau(steps) => Tree::Map(
            steps
                .iter()
                .map(|s| {
                    let plateau = model.plateaus[s.plateau.0].id.clone();
                    (plateau, value_tree(model, &s.value))
                })
                .collect(),
        ),
    }
}

/// What the identifier of an element in the exchange file starts with, before the tomc
/// id: an XML id must not start with a digit.
const ELEMENT_PREFIX: &str = "id-";

/// The identifier of an element in the exchange file.
pub fn element_ref(id: &str) -> String {
    format!("{ELEMENT_PREFIX}{id}")
}

/// The start of a relationship's identifier: `rel-`, its type in lower case and `-`,
/// then its name with `-` for spaces and a `-`, if it has one.
fn identifier_head(archimate_type: &str, name: Option<&str>) -> String {
    let mut out = String::with_capacity(96);
    out.push_str("rel-");
    out.extend(archimate_type.chars().map(|c| c.to_ascii_lowercase()));
    out.push('-');
    if let Some(name) = name {
        out.extend(name.chars().map(|c| if c == ' ' { '-' } else { c }));
        out.push('-');
    }
    out
}

/// How the texts that `a` and `b` join compare, byte by byte, without joining them.
fn compare_joined(a: &[&[u8]], b: &[&[u8]]) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.iter().copied(), b.iter().copied());
    let (mut x, mut y): (&[u8], &[u8]) = (&[], &[]);
    loop {
        while x.is_empty() {
            match a.next() {
                Some(next) => x = next,
                None => break,
            }
        }
        while y.is_empty() {
            match b.next() {
                Some(next) => y = next,
                None => break,
            }
        }
        if x.is_empty() || y.is_empty() {
            // The shorter text, or either when both are at their end, comes first.
            return y.is_empty().cmp(&x.is_empty());
        }
        let n = x.len().min(y.len());
        match x[..n].cmp(&y[..n]) {
            std::cmp::Ordering::Equal => (x, y) = (&x[n..], &y[n..]),
            other => return other,
        }
    }
}

/// Adds `p` to sorted `plateaus` unless it is there.
fn add_plateau(plateaus: &mut Vec<PlateauIdx>, p: PlateauIdx) {
    if let Err(at) = plateaus.binary_search(&p) {
        plateaus.insert(at, p);
    }
}

/// An ArchiMate element of the file: a model element, a plateau or a gap.
struct Item {
    identifier: String,
    archimate_type: &'static str,
    name: String,
    documentation: Option<String>,
    properties: Vec<(String, String)>,
}

/// One end of a relationship. Its identifier is made only when it is written: a large
/// model has most of a million relationships, and their identifiers, kept, would be
/// the larger part of the export's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum End {
    Element(ElementIdx),
    Plateau(PlateauIdx),
    /// The gap from this plateau to the next.
    Gap(PlateauIdx),
}

/// A relationship, with the plateaus where it holds (sorted, each once: a vector of a
/// few takes a third of the memory of a set).
struct Relationship {
    archimate_type: &'static str,
    source: End,
    target: End,
    name: Option<&'static str>,
    plateaus: Vec<PlateauIdx>,
}

/// What makes two relationships one while they are gathered.
type Identity = (&'static str, Option<&'static str>, End, End);

struct Exporter<'m> {
    model: &'m Model,
    /// The plateaus and gaps. The items of the model's elements are made again as they
    /// are written: kept, they would be most of the export's memory after the
    /// relationships.
    items: Vec<Item>,
    /// In the order of their identifiers, each identifier once.
    relationships: Vec<Relationship>,
    /// The place of each relationship in `relationships` while they are gathered.
    gathered: FxHashMap<Identity, usize>,
    /// Property name → definition identifier.
    definitions: BTreeMap<String, String>,
}

impl<'m> Exporter<'m> {
    fn new(model: &'m Model) -> io::Result<Self> {
        let mut ex = Exporter {
            model,
            items: Vec::new(),
            relationships: Vec::new(),
            gathered: FxHashMap::default(),
            definitions: BTreeMap::new(),
        };
        // Every element's item is made once here, so that writing cannot fail for the
        // model's sake, and only its property names are kept.
        let mut names: BTreeSet<String> = BTreeSet::new();
        for &kind in Kind::ALL {
            for (i, e) in model.of_kind(kind) {
                let item = ex.element_item(e)?;
                names.extend(item.properties.into_iter().map(|(name, _)| name));
                ex.links(i, e);
            }
        }
        ex.plateaus();
        ex.sort_relationships();
        let names: BTreeSet<String> = names
            .into_iter()
            .chain(
                ex.items
                    .iter()
                    .flat_map(|i| i.properties.iter().map(|(k, _)| k.clone())),
            )
            .chain(
                ex.relationships
                    .iter()
                    .any(|r| r.plateaus.len() != model.plateaus.len())
                    .then(|| "plateaus".to_owned()),
            )
            .collect();
        ex.definitions = names
            .into_iter()
            .enumerate()
            .map(|(i, name)| (name, format!("propid-{}", i + 1)))
            .collect();
        Ok(ex)
    }

    fn element_item(&self, e: &Element) -> io::Result<Item> {
        let model = self.model;
        let mut properties = vec![
            ("tomc:id".to_owned(), e.id.clone()),
            ("tomc:kind".to_owned(), e.kind.key().to_owned()),
        ];
        if e.from != model.baseline() {
            properties.push(("from".to_owned(), model.plateaus[e.from.0].id.clone()));
        }
        if e.until != model.target() {
            properties.push(("until".to_owned(), model.plateaus[e.until.0].id.clone()));
        }
        let mut documentation = None;
        for f in &e.fields {
            if f.field == Field::Description {
                if let Staged::Fixed(Value::Text(text)) = &f.value {
                    documentation = Some(text.clone());
                }
                continue;
            }
            if f.field == Field::Name {
                continue;
            }
            if f.field == Field::Stages {
                // Stages have no ArchiMate element of their own: they travel as JSON, so
                // that an import gives them back whole.
                let json = serde_json::to_string(&stages_tree(model, &f.value))?;
                properties.push(("stages".to_owned(), json));
                continue;
            }
            if link_of(e.kind, f.field).is_some() {
                continue; // a relationship
            }
            properties.push((f.field.key().to_owned(), self.staged_text(&f.value)?));
        }
        for w in &e.waivers {
            properties.push((format!("waiver:{}", w.rule), w.reason.clone()));
        }
        for (k, v) in &e.properties {
            properties.push((k.clone(), v.clone()));
        }
        Ok(Item {
            identifier: element_ref(&e.id),
            archimate_type: element_type(e.kind),
            name: e.name().to_owned(),
            documentation,
            properties,
        })
    }

    /// A value as a property: plain, or `plateau: value` per plateau written (staged
    /// values are numbers and words, which hold no `, `).
    fn staged_text(&self, staged: &Staged) -> io::Result<String> {
        // Lists (tags, needs, pains) as JSON arrays: their items may hold commas.
        let text = |v: &Value| -> io::Result<String> {
            Ok(match value_tree(self.model, v) {
                list @ crate::emit::tree::Tree::List(_) => serde_json::to_string(&list)?,
                other => other.compact(),
            })
        };
        Ok(match staged {
            Staged::Fixed(v) => text(v)?,
            Staged::ByPlateau(steps) => {
                let parts = steps
                    .iter()
                    .map(|s| {
                        Ok(format!(
                            "{}: {}",
                            self.model.plateaus[s.plateau.0].id,
                            text(&s.value)?
                        ))
                    })
                    .collect::<io::Result<Vec<String>>>()?;
                parts.join(", ")
            }
        })
    }

    fn relate(
        &mut self,
        archimate_type: &'static str,
        source: End,
        target: End,
        name: Option<&'static str>,
        plateau: PlateauIdx,
    ) {
        // The name is part of the identity: two fields may link the same two elements
        // with the same type of relationship (a capability's `suppliers`, a supplier's
        // `provides`).
        let next = self.relationships.len();
        let at = *self
            .gathered
            .entry((archimate_type, name, source, target))
            .or_insert(next);
        if at == next {
            self.relationships.push(Relationship {
                archimate_type,
                source,
                target,
                name,
                plateaus: Vec::new(),
            });
        }
        add_plateau(&mut self.relationships[at].plateaus, plateau);
    }

    /// Puts the relationships in the order of their identifiers. Two that differ but
    /// whose identifiers read the same (ids joined by `-` can meet that way) are one
    /// relationship: the first gathered, holding the plateaus of both.
    fn sort_relationships(&mut self) {
        self.gathered = FxHashMap::default();
        let all = std::mem::take(&mut self.relationships);
        // The start of each identifier, `rel-TYPE-` and the name, made once for each
        // of the few types and names there are.
        let mut heads: Vec<String> = Vec::new();
        let mut known: FxHashMap<(&'static str, Option<&'static str>), usize> =
            FxHashMap::default();
        let head_of: Vec<usize> = all
            .iter()
            .map(|r| {
                *known.entry((r.archimate_type, r.name)).or_insert_with(|| {
                    heads.push(identifier_head(r.archimate_type, r.name));
                    heads.len() - 1
                })
            })
            .collect();
        let pieces = |i: usize| self.identifier_pieces(&heads[head_of[i]], &all[i]);
        // Places, not relationships, are sorted: less to move, and a stable sort keeps
        // the first gathered first among equal identifiers.
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by(|&a, &b| compare_joined(&pieces(a), &pieces(b)));
        let repeats: Vec<bool> = std::iter::once(false)
            .chain(
                order
                    .windows(2)
                    .map(|w| compare_joined(&pieces(w[0]), &pieces(w[1])).is_eq()),
            )
            .collect();
        let mut all: Vec<Option<Relationship>> = all.into_iter().map(Some).collect();
        let mut sorted: Vec<Relationship> = Vec::with_capacity(all.len());
        for (i, repeat) in order.into_iter().zip(repeats) {
            let Some(r) = all[i].take() else { continue };
            match sorted.last_mut() {
                Some(first) if repeat => {
                    for p in r.plateaus {
                        add_plateau(&mut first.plateaus, p);
                    }
                }
                _ => sorted.push(r),
            }
        }
        self.relationships = sorted;
    }

    /// The identifier of a relationship: `rel-`, its type in lower case, its name with
    /// `-` for spaces and a `-`, the source's identifier, `-` and the target's.
    fn identifier(&self, r: &Relationship) -> String {
        let mut out = identifier_head(r.archimate_type, r.name);
        self.push_end(&mut out, r.source);
        out.push('-');
        self.push_end(&mut out, r.target);
        out
    }

    /// [`Exporter::identifier`] as the pieces it joins, `head` being its start
    /// ([`identifier_head`]), for sorting without a copy.
    fn identifier_pieces<'a>(&'a self, head: &'a str, r: &Relationship) -> [&'a [u8]; 10] {
        let (s0, s1, s2) = self.end_parts(r.source);
        let (t0, t1, t2) = self.end_parts(r.target);
        let dash = |second: Option<&str>| if second.is_some() { "-" } else { "" };
        [
            head.as_bytes(),
            s0.as_bytes(),
            s1.as_bytes(),
            dash(s2).as_bytes(),
            s2.unwrap_or_default().as_bytes(),
            b"-",
            t0.as_bytes(),
            t1.as_bytes(),
            dash(t2).as_bytes(),
            t2.unwrap_or_default().as_bytes(),
        ]
    }

    /// The identifier of one end in parts: a prefix, an id and, for a gap, the id of
    /// the plateau it leads to, joined by `-` (an element as [`element_ref`] writes it,
    /// a plateau `plateau-ID`, a gap `gap-FROM-TO`). The one place these identifiers
    /// are spelled.
    fn end_parts(&self, end: End) -> (&'static str, &str, Option<&str>) {
        let model = self.model;
        match end {
            End::Element(i) => (ELEMENT_PREFIX, model.element(i).id.as_str(), None),
            End::Plateau(p) => ("plateau-", model.plateaus[p.0].id.as_str(), None),
            End::Gap(p) => (
                "gap-",
                model.plateaus[p.0].id.as_str(),
                Some(model.plateaus[p.0 + 1].id.as_str()),
            ),
        }
    }

    /// The identifier of one end of a relationship.
    fn end_ref(&self, end: End) -> String {
        let mut out = String::with_capacity(48);
        self.push_end(&mut out, end);
        out
    }

    /// Writes the identifier of one end of a relationship to `out`.
    fn push_end(&self, out: &mut String, end: End) {
        let (prefix, first, second) = self.end_parts(end);
        out.push_str(prefix);
        out.push_str(first);
        if let Some(second) = second {
            out.push('-');
            out.push_str(second);
        }
    }

    /// The relationships of one element's references, at every plateau it exists in.
    fn links(&mut self, i: ElementIdx, e: &Element) {
        let model = self.model;
        for p in (e.from.0..=e.until.0).map(PlateauIdx) {
            for (field, r) in e.outgoing_at(p) {
                let to = model.element(r.target);
                let Some(link) = link_to(e.kind, field, to.kind) else {
                    continue;
                };
                let holder = End::Element(i);
                let other = End::Element(r.target);
                let (source, target) = match link.direction {
                    Direction::FromHolder => (holder, other),
                    Direction::ToHolder => (other, holder),
                };
                self.relate(link.relationship, source, target, link.name, p);
            }
            if let Some(Value::Plateau(lands)) = e.value_at(Field::LandsIn, p) {
                let target = End::Plateau(*lands);
                self.relate("Realization", End::Element(i), target, None, p);
            }
        }
    }

    /// Plateau elements in order, each triggering the next and aggregating what it
    /// holds; a gap between each two, associated with both and with what changes.
    fn plateaus(&mut self) {
        let model = self.model;
        for (i, plateau) in model.plateaus.iter().enumerate() {
            let p = PlateauIdx(i);
            let mut properties = vec![("tomc:id".to_owned(), plateau.id.clone())];
            if let Some(date) = &plateau.date {
                properties.push(("date".to_owned(), date.clone()));
            }
            self.items.push(Item {
                identifier: self.end_ref(End::Plateau(p)),
                archimate_type: "Plateau",
                name: plateau.name.clone(),
                documentation: None,
                properties,
            });
            for (e, _) in model
                .iter()
                .filter(|(_, e)| e.exists_in(p) && in_plateaus(e.kind))
            {
                self.relate("Aggregation", End::Plateau(p), End::Element(e), None, p);
            }
            if i + 1 < model.plateaus.len() {
                let next = PlateauIdx(i + 1);
                self.relate("Triggering", End::Plateau(p), End::Plateau(next), None, p);
                self.gap(p, next);
            }
        }
    }

    fn gap(&mut self, from: PlateauIdx, to: PlateauIdx) {
        let model = self.model;
        let gaps = between(model, from, to);
        let (mut added, mut removed, mut changed) = (0, 0, 0);
        let gap = End::Gap(from);
        for g in &gaps {
            match g.change {
                Change::Added => added += 1,
                Change::Removed => removed += 1,
                Change::Changed(_) => changed += 1,
            }
            let element = End::Element(g.element);
            self.relate("Association", gap, element, Some("changes"), to);
        }
        for p in [from, to] {
            self.relate("Association", gap, End::Plateau(p), None, to);
        }
        self.items.push(Item {
            identifier: self.end_ref(gap),
            archimate_type: "Gap",
            name: format!(
                "{} → {}",
                model.plateaus[from.0].name, model.plateaus[to.0].name
            ),
            documentation: Some(format!(
                "From `{}` to `{}`: {added} elements added, {removed} removed, {changed} changed.",
                model.plateaus[from.0].id, model.plateaus[to.0].id
            )),
            properties: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::compare_joined;

    proptest! {
        #[test]
        fn joined_pieces_compare_as_the_joined_text(
            a in proptest::collection::vec("[a-c-]{0,3}", 0..5),
            b in proptest::collection::vec("[a-c-]{0,3}", 0..5),
        ) {
            let a_pieces: Vec<&[u8]> = a.iter().map(|s| s.as_bytes()).collect();
            let b_pieces: Vec<&[u8]> = b.iter().map(|s| s.as_bytes()).collect();
            prop_assert_eq!(
                compare_joined(&a_pieces, &b_pieces),
                a.concat().cmp(&b.concat())
            );
        }
    }
}
