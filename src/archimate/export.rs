//! The model as an Open Group ArchiMate Model Exchange File (schema 3.1).
//!
//! Elements map to ArchiMate elements by kind, references to relationships (see
//! [`crate::archimate`]), plateaus to Plateau elements that trigger each other and
//! aggregate the elements they hold, and the step between two plateaus to a Gap
//! associated with both and with every element that changes. Values that are not links
//! become properties (`maturity`, `lifecycle`, …; a staged value reads
//! `current: 1, wave-1: 3, target: 4`), with `tomc:id` and `tomc:kind` so that an import
//! gives the same ids and kinds back. A capability-map view nests the capability tree;
//! one view per plateau shows what exists there and how it is linked.
//!
//! The output is deterministic: elements in kind order and by id, relationships by
//! identifier, properties by name.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::analysis::gaps::{Change, between};
use crate::archimate::mapping::{Direction, NAMESPACE, element_type, in_plateaus, link_of};
use crate::emit::manifest::value_tree;
use crate::model::{Element, ElementIdx, Model, PlateauIdx, Staged, Value};
use crate::spec::{Field, Kind};

/// The exchange file of `model`, as UTF-8 XML.
pub fn export(model: &Model) -> io::Result<String> {
    let exporter = Exporter::new(model)?;
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
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
        .write_inner_content(|w| exporter.write(w))?;
    let bytes = w.into_inner();
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// The identifier of an element in the exchange file (`id-` and the tomc id: an XML id
/// must not start with a digit).
pub fn element_ref(id: &str) -> String {
    format!("id-{id}")
}

fn plateau_ref(model: &Model, p: PlateauIdx) -> String {
    format!("plateau-{}", model.plateaus[p.0].id)
}

/// Text as XML 1.0 may hold it: control characters other than tab and line breaks, and
/// the two non-characters U+FFFE and U+FFFF, are left out.
fn xml_text(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.chars().any(bad) {
        text.chars().filter(|&c| !bad(c)).collect::<String>().into()
    } else {
        text.into()
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

/// A relationship, with the plateaus where it holds.
struct Relationship {
    archimate_type: &'static str,
    source: String,
    target: String,
    name: Option<&'static str>,
    plateaus: BTreeSet<PlateauIdx>,
}

struct Exporter<'m> {
    model: &'m Model,
    items: Vec<Item>,
    /// By identifier.
    relationships: BTreeMap<String, Relationship>,
    /// Property name → definition identifier.
    definitions: BTreeMap<String, String>,
}

impl<'m> Exporter<'m> {
    fn new(model: &'m Model) -> io::Result<Self> {
        let mut ex = Exporter {
            model,
            items: Vec::new(),
            relationships: BTreeMap::new(),
            definitions: BTreeMap::new(),
        };
        for &kind in Kind::ALL {
            for (_, e) in model.iter().filter(|(_, e)| e.kind == kind) {
                let item = ex.element_item(e)?;
                ex.items.push(item);
                ex.links(e);
            }
        }
        ex.plateaus();
        let names: BTreeSet<String> = ex
            .items
            .iter()
            .flat_map(|i| i.properties.iter().map(|(k, _)| k.clone()))
            .chain(
                ex.relationships
                    .values()
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
                if let Staged::Fixed(v @ Value::Stages(_)) = &f.value {
                    let json = serde_json::to_string(&value_tree(model, v))?;
                    properties.push(("stages".to_owned(), json));
                }
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
        source: String,
        target: String,
        name: Option<&'static str>,
        plateau: PlateauIdx,
    ) {
        // The name is part of the identity: two fields may link the same two elements
        // with the same type of relationship (a capability's `suppliers`, a supplier's
        // `provides`).
        let named = name
            .map(|n| format!("{}-", n.replace(' ', "-")))
            .unwrap_or_default();
        let identifier = format!(
            "rel-{}-{named}{source}-{target}",
            archimate_type.to_ascii_lowercase()
        );
        self.relationships
            .entry(identifier)
            .or_insert_with(|| Relationship {
                archimate_type,
                source,
                target,
                name,
                plateaus: BTreeSet::new(),
            })
            .plateaus
            .insert(plateau);
    }

    /// The relationships of one element's references, at every plateau it exists in.
    fn links(&mut self, e: &Element) {
        let model = self.model;
        for p in (e.from.0..=e.until.0).map(PlateauIdx) {
            for (field, r) in e.outgoing_at(p) {
                let Some(link) = link_of(e.kind, field) else {
                    continue;
                };
                let holder = element_ref(&e.id);
                let other = element_ref(&model.element(r.target).id);
                let (source, target) = match link.direction {
                    Direction::FromHolder => (holder, other),
                    Direction::ToHolder => (other, holder),
                };
                self.relate(link.relationship, source, target, link.name, p);
            }
            if let Some(Value::Plateau(lands)) = e.value_at(Field::LandsIn, p) {
                let target = plateau_ref(model, *lands);
                self.relate("Realization", element_ref(&e.id), target, None, p);
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
                identifier: plateau_ref(model, p),
                archimate_type: "Plateau",
                name: plateau.name.clone(),
                documentation: None,
                properties,
            });
            for (_, e) in model
                .iter()
                .filter(|(_, e)| e.exists_in(p) && in_plateaus(e.kind))
            {
                self.relate(
                    "Aggregation",
                    plateau_ref(model, p),
                    element_ref(&e.id),
                    None,
                    p,
                );
            }
            if i + 1 < model.plateaus.len() {
                let next = PlateauIdx(i + 1);
                self.relate(
                    "Triggering",
                    plateau_ref(model, p),
                    plateau_ref(model, next),
                    None,
                    p,
                );
                self.gap(p, next);
            }
        }
    }

    fn gap(&mut self, from: PlateauIdx, to: PlateauIdx) {
        let model = self.model;
        let gaps = between(model, from, to);
        let (mut added, mut removed, mut changed) = (0, 0, 0);
        let identifier = format!(
            "gap-{}-{}",
            model.plateaus[from.0].id, model.plateaus[to.0].id
        );
        for g in &gaps {
            match g.change {
                Change::Added => added += 1,
                Change::Removed => removed += 1,
                Change::Changed(_) => changed += 1,
            }
            let element = element_ref(&model.element(g.element).id);
            self.relate(
                "Association",
                identifier.clone(),
                element,
                Some("changes"),
                to,
            );
        }
        for p in [from, to] {
            self.relate(
                "Association",
                identifier.clone(),
                plateau_ref(model, p),
                None,
                to,
            );
        }
        self.items.push(Item {
            identifier,
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

    fn write(&self, w: &mut Writer<Vec<u8>>) -> io::Result<()> {
        text_element(w, "name", &self.model.name)?;
        if let Some(d) = &self.model.description {
            text_element(w, "documentation", d)?;
        }
        w.create_element("elements").write_inner_content(|w| {
            for item in &self.items {
                self.write_item(w, item)?;
            }
            Ok(())
        })?;
        if !self.relationships.is_empty() {
            w.create_element("relationships").write_inner_content(|w| {
                for (identifier, r) in &self.relationships {
                    self.write_relationship(w, identifier, r)?;
                }
                Ok(())
            })?;
        }
        self.write_organizations(w)?;
        if !self.definitions.is_empty() {
            w.create_element("propertyDefinitions")
                .write_inner_content(|w| {
                    for (name, identifier) in &self.definitions {
                        w.create_element("propertyDefinition")
                            .with_attributes([
                                ("identifier", identifier.as_str()),
                                ("type", "string"),
                            ])
                            .write_inner_content(|w| text_element(w, "name", name))?;
                    }
                    Ok(())
                })?;
        }
        w.create_element("views").write_inner_content(|w| {
            w.create_element("diagrams").write_inner_content(|w| {
                self.capability_map(w)?;
                for p in (0..self.model.plateaus.len()).map(PlateauIdx) {
                    self.plateau_view(w, p)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
        Ok(())
    }

    fn write_properties(
        &self,
        w: &mut Writer<Vec<u8>>,
        props: &[(String, String)],
    ) -> io::Result<()> {
        if props.is_empty() {
            return Ok(());
        }
        w.create_element("properties").write_inner_content(|w| {
            for (name, value) in props {
                let Some(def) = self.definitions.get(name) else {
                    continue;
                };
                w.create_element("property")
                    .with_attribute(("propertyDefinitionRef", def.as_str()))
                    .write_inner_content(|w| text_element(w, "value", value))?;
            }
            Ok(())
        })?;
        Ok(())
    }

    fn write_item(&self, w: &mut Writer<Vec<u8>>, item: &Item) -> io::Result<()> {
        w.create_element("element")
            .with_attributes([
                ("identifier", item.identifier.as_str()),
                ("xsi:type", item.archimate_type),
            ])
            .write_inner_content(|w| {
                text_element(w, "name", &item.name)?;
                if let Some(d) = &item.documentation {
                    text_element(w, "documentation", d)?;
                }
                self.write_properties(w, &item.properties)
            })?;
        Ok(())
    }

    fn write_relationship(
        &self,
        w: &mut Writer<Vec<u8>>,
        identifier: &str,
        r: &Relationship,
    ) -> io::Result<()> {
        let everywhere = r.plateaus.len() == self.model.plateaus.len();
        let props: Vec<(String, String)> = if everywhere {
            Vec::new()
        } else {
            let ids: Vec<&str> = r
                .plateaus
                .iter()
                .map(|p| self.model.plateaus[p.0].id.as_str())
                .collect();
            vec![("plateaus".to_owned(), ids.join(", "))]
        };
        w.create_element("relationship")
            .with_attributes([
                ("identifier", identifier),
                ("source", r.source.as_str()),
                ("target", r.target.as_str()),
                ("xsi:type", r.archimate_type),
            ])
            .write_inner_content(|w| {
                if let Some(name) = r.name {
                    text_element(w, "name", name)?;
                }
                self.write_properties(w, &props)
            })?;
        Ok(())
    }

    /// Folders as ArchiMate tools show them: one per kind, plateaus and gaps,
    /// relationships, views.
    fn write_organizations(&self, w: &mut Writer<Vec<u8>>) -> io::Result<()> {
        let model = self.model;
        let mut folders: Vec<(String, Vec<String>)> = Vec::new();
        for &kind in Kind::ALL {
            let refs: Vec<String> = model
                .iter()
                .filter(|(_, e)| e.kind == kind)
                .map(|(_, e)| element_ref(&e.id))
                .collect();
            if !refs.is_empty() {
                folders.push((folder(kind), refs));
            }
        }
        let migration: Vec<String> = self
            .items
            .iter()
            .filter(|i| matches!(i.archimate_type, "Plateau" | "Gap"))
            .map(|i| i.identifier.clone())
            .collect();
        if !migration.is_empty() {
            folders.push(("Plateaus and gaps".into(), migration));
        }
        if !self.relationships.is_empty() {
            folders.push((
                "Relationships".into(),
                self.relationships.keys().cloned().collect(),
            ));
        }
        folders.push(("Views".into(), self.view_ids()));
        w.create_element("organizations").write_inner_content(|w| {
            for (label, refs) in &folders {
                w.create_element("item").write_inner_content(|w| {
                    text_element(w, "label", label)?;
                    for r in refs {
                        w.create_element("item")
                            .with_attribute(("identifierRef", r.as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    }

    fn view_ids(&self) -> Vec<String> {
        let mut ids = vec!["view-capability-map".to_owned()];
        ids.extend(
            self.model
                .plateaus
                .iter()
                .map(|p| format!("view-plateau-{}", p.id)),
        );
        ids
    }

    /// The capability tree as nested boxes: L1 holding L2 holding L3.
    fn capability_map(&self, w: &mut Writer<Vec<u8>>) -> io::Result<()> {
        let model = self.model;
        let mut children: BTreeMap<Option<ElementIdx>, Vec<ElementIdx>> = BTreeMap::new();
        for (idx, e) in model.iter().filter(|(_, e)| e.kind == Kind::Capabilities) {
            let parent = match e.field(Field::Parent).map(|f| &f.value) {
                Some(Staged::Fixed(Value::Ref(r))) => Some(r.target),
                _ => None,
            };
            children.entry(parent).or_default().push(idx);
        }
        let view = "view-capability-map";
        let mut boxes = Vec::new();
        let roots = children.get(&None).cloned().unwrap_or_default();
        let (mut x, mut y, mut row_h) = (20, 20, 0);
        for root in roots {
            let b = layout(&children, root, 0);
            if x > 20 && x + b.w > MAP_WIDTH {
                x = 20;
                y += row_h + GAP;
                row_h = 0;
            }
            let (bw, bh) = (b.w, b.h);
            boxes.push(b.place(x, y));
            x += bw + GAP;
            row_h = row_h.max(bh);
        }
        w.create_element("view")
            .with_attributes([("identifier", view), ("xsi:type", "Diagram")])
            .write_inner_content(|w| {
                text_element(w, "name", "Capability map")?;
                text_element(
                    w,
                    "documentation",
                    "Every capability of the model, nested in its parent.",
                )?;
                for b in &boxes {
                    self.write_box(w, view, b)?;
                }
                Ok(())
            })?;
        Ok(())
    }

    fn write_box(&self, w: &mut Writer<Vec<u8>>, view: &str, b: &Placed) -> io::Result<()> {
        let element = element_ref(&self.model.element(b.element).id);
        let node = format!("n-{view}-{element}");
        let (x, y, bw, bh) = (
            b.x.to_string(),
            b.y.to_string(),
            b.w.to_string(),
            b.h.to_string(),
        );
        let el = w.create_element("node").with_attributes([
            ("identifier", node.as_str()),
            ("elementRef", element.as_str()),
            ("xsi:type", "Element"),
            ("x", x.as_str()),
            ("y", y.as_str()),
            ("w", bw.as_str()),
            ("h", bh.as_str()),
        ]);
        if b.children.is_empty() {
            el.write_empty()?;
        } else {
            el.write_inner_content(|w| {
                for c in &b.children {
                    self.write_box(w, view, c)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// One plateau: its elements in bands by kind, and the relationships between them
    /// that hold there.
    fn plateau_view(&self, w: &mut Writer<Vec<u8>>, p: PlateauIdx) -> io::Result<()> {
        let model = self.model;
        let plateau = &model.plateaus[p.0];
        let view = format!("view-plateau-{}", plateau.id);
        let mut nodes: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        let mut order = Vec::new();
        let mut y = 20;
        for &kind in Kind::ALL {
            let mut x = 20;
            let mut any = false;
            for (_, e) in model
                .iter()
                .filter(|(_, e)| e.kind == kind && e.exists_in(p))
            {
                if x + NODE_W > MAP_WIDTH {
                    x = 20;
                    y += NODE_H + GAP;
                }
                let element = element_ref(&e.id);
                nodes.insert(element.clone(), (x, y));
                order.push(element);
                x += NODE_W + GAP;
                any = true;
            }
            if any {
                y += NODE_H + 2 * GAP;
            }
        }
        w.create_element("view")
            .with_attributes([("identifier", view.as_str()), ("xsi:type", "Diagram")])
            .write_inner_content(|w| {
                text_element(w, "name", &format!("Plateau: {}", plateau.name))?;
                for element in &order {
                    let (x, y) = nodes[element];
                    let node = format!("n-{view}-{element}");
                    w.create_element("node")
                        .with_attributes([
                            ("identifier", node.as_str()),
                            ("elementRef", element.as_str()),
                            ("xsi:type", "Element"),
                            ("x", x.to_string().as_str()),
                            ("y", y.to_string().as_str()),
                            ("w", NODE_W.to_string().as_str()),
                            ("h", NODE_H.to_string().as_str()),
                        ])
                        .write_empty()?;
                }
                for (identifier, r) in &self.relationships {
                    let shown = r.plateaus.contains(&p)
                        && nodes.contains_key(&r.source)
                        && nodes.contains_key(&r.target);
                    if !shown {
                        continue;
                    }
                    let source = format!("n-{view}-{}", r.source);
                    let target = format!("n-{view}-{}", r.target);
                    let connection = format!("c-{view}-{identifier}");
                    w.create_element("connection")
                        .with_attributes([
                            ("identifier", connection.as_str()),
                            ("relationshipRef", identifier.as_str()),
                            ("xsi:type", "Relationship"),
                            ("source", source.as_str()),
                            ("target", target.as_str()),
                        ])
                        .write_empty()?;
                }
                Ok(())
            })?;
        Ok(())
    }
}

/// The folder of a kind: `Capabilities`, `Org units`, `KPIs`.
fn folder(kind: Kind) -> String {
    if kind == Kind::Kpis {
        return "KPIs".to_owned();
    }
    let text = kind.key().replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_text(text)))?;
    Ok(())
}

const NODE_W: i64 = 140;
const NODE_H: i64 = 60;
const GAP: i64 = 20;
const HEADER: i64 = 30;
const MAP_WIDTH: i64 = 1600;
/// Children per row inside a capability box.
const COLUMNS: usize = 4;

/// A capability box of the map, sized to hold its children, not yet placed.
struct Sized {
    element: ElementIdx,
    w: i64,
    h: i64,
    /// Children with their offsets inside this box.
    children: Vec<(i64, i64, Sized)>,
}

/// A box at its place in the view (absolute coordinates, as the exchange format has).
struct Placed {
    element: ElementIdx,
    x: i64,
    y: i64,
    w: i64,
    h: i64,
    children: Vec<Placed>,
}

impl Sized {
    fn place(self, x: i64, y: i64) -> Placed {
        Placed {
            element: self.element,
            x,
            y,
            w: self.w,
            h: self.h,
            children: self
                .children
                .into_iter()
                .map(|(dx, dy, c)| c.place(x + dx, y + dy))
                .collect(),
        }
    }
}

/// Sizes the box of `idx` from its children, rows of [`COLUMNS`]. `depth` guards against
/// a parent cycle (reported by the checker; the map then stops descending).
fn layout(
    children: &BTreeMap<Option<ElementIdx>, Vec<ElementIdx>>,
    idx: ElementIdx,
    depth: usize,
) -> Sized {
    let kids = match children.get(&Some(idx)) {
        Some(kids) if depth < 16 => kids.clone(),
        _ => Vec::new(),
    };
    if kids.is_empty() {
        return Sized {
            element: idx,
            w: NODE_W,
            h: NODE_H,
            children: Vec::new(),
        };
    }
    let sized: Vec<Sized> = kids
        .into_iter()
        .map(|k| layout(children, k, depth + 1))
        .collect();
    let mut placed = Vec::with_capacity(sized.len());
    let (mut x, mut y, mut row_h, mut width) = (GAP / 2, HEADER, 0, 0);
    for (i, s) in sized.into_iter().enumerate() {
        if i > 0 && i % COLUMNS == 0 {
            x = GAP / 2;
            y += row_h + GAP / 2;
            row_h = 0;
        }
        let (w, h) = (s.w, s.h);
        placed.push((x, y, s));
        x += w + GAP / 2;
        width = width.max(x);
        row_h = row_h.max(h);
    }
    Sized {
        element: idx,
        w: width.max(NODE_W),
        h: y + row_h + GAP / 2,
        children: placed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_xml_cannot_hold_is_left_out() {
        assert_eq!(xml_text("a\u{1}b\tc\u{FFFF}"), "ab\tc");
        assert!(matches!(xml_text("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn folders_of_kinds() {
        assert_eq!(folder(Kind::OrgUnits), "Org units");
        assert_eq!(folder(Kind::Kpis), "KPIs");
        assert_eq!(folder(Kind::Capabilities), "Capabilities");
    }
}
