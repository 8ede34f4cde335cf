//! The plateau manifest: the canonical, fully resolved model at one plateau.
//!
//! Every element that exists there, every staged value resolved, every inverse link
//! written out (an objective's `realized_by`, a capability's `processes`, …), defaults
//! made explicit, no spans. Kinds come in the format's order, elements by id, fields in
//! the format's order, references sorted: the same model gives the same bytes whatever
//! its file names, file order or key order, so `git diff` of two manifests reads like a
//! review.

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::analysis::plateau::Projection;
use crate::analysis::tracking::{Tracking, tracking};
use crate::model::{Actual, ElementIdx, Model, PlateauIdx, Stage, Value};
use crate::spec::{Field, Kind, ValueEnum, all_fields};

use super::output::{Render, Sink, serialised};
use super::tree::{Tree, to_json, to_yaml};

/// A format of the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestFormat {
    /// YAML, one value per line, after a comment that says how it was written.
    Yaml,
    /// JSON.
    Json,
}

impl ManifestFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ManifestFormat::Yaml => "yaml",
            ManifestFormat::Json => "json",
        }
    }
}

/// The plateaus a manifest output covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plateaus {
    /// One plateau.
    One(PlateauIdx),
    /// Every plateau, in order.
    All,
}

/// The manifests of a model: a file `<plateau>.yaml` or `<plateau>.json` per plateau.
#[derive(Debug, Clone, Copy)]
pub struct ManifestOutput {
    /// YAML or JSON.
    pub format: ManifestFormat,
    /// Which plateaus.
    pub plateaus: Plateaus,
    /// The command that writes the manifests again, named in the YAML header
    /// (`tomc manifest`).
    pub command: &'static str,
}

impl Render for ManifestOutput {
    type Input = Model;

    fn render<S: Sink>(&self, model: &Model, sink: &S) -> Result<(), S::Error> {
        let plateaus = match self.plateaus {
            Plateaus::One(p) => p.0..p.0 + 1,
            Plateaus::All => 0..model.plateaus.len(),
        };
        for p in plateaus.map(PlateauIdx) {
            let plateau = &model.plateaus[p.0];
            let at = model.at(p);
            let text = match self.format {
                ManifestFormat::Yaml => to_yaml(
                    &manifest(&at),
                    &format!(
                        "Manifest of {} at plateau `{}` ({}), written by tomc from the spec.\nDo not edit: change the spec and run `{}` again.",
                        model.name, plateau.id, plateau.name, self.command
                    ),
                ),
                ManifestFormat::Json => to_json(&manifest(&at)),
            };
            let path = format!("{}.{}", plateau.id, self.format.extension());
            sink.put(serialised(path, text)?)?;
        }
        Ok(())
    }
}

/// The name under which an element lists the elements of `from` that name it in `field`.
pub fn inverse_name(from: Kind, field: Field) -> &'static str {
    match field {
        Field::Parent => "children",
        Field::Delivers => "delivered_by",
        Field::Owner => "owns",
        Field::Realizes => "realized_by",
        Field::Provides => "provided_by",
        Field::DependsOn => "dependents",
        _ => from.key(),
    }
}

/// The manifest of the model at the plateau of `at`, ready to serialise.
pub fn manifest<'a, 'm>(at: &'a Projection<'m>) -> Manifest<'a, 'm> {
    Manifest { at }
}

/// The manifest of a model at one plateau. It is serialised element by element: the
/// manifest of a large model is never held whole as a tree beside its text.
#[derive(Clone, Copy)]
pub struct Manifest<'a, 'm> {
    at: &'a Projection<'m>,
}

impl Serialize for Manifest<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let model = self.at.model();
        let plateau = &model.plateaus[self.at.plateau().0];
        let mut plateau_entries = vec![
            ("id".to_owned(), Tree::str(&plateau.id)),
            ("name".to_owned(), Tree::str(&plateau.name)),
        ];
        if let Some(date) = &plateau.date {
            plateau_entries.push(("date".to_owned(), Tree::str(date)));
        }
        let mut map = serializer.serialize_map(Some(3 + Kind::ALL.len()))?;
        map.serialize_entry("tom", &Tree::Int(1))?;
        map.serialize_entry("project", &Tree::str(&model.name))?;
        map.serialize_entry("plateau", &Tree::Map(plateau_entries))?;
        for &kind in Kind::ALL {
            map.serialize_entry(kind.key(), &OfKind { at: self.at, kind })?;
        }
        map.end()
    }
}

/// The elements of one kind in a manifest, each made into a tree as it is serialised.
struct OfKind<'a, 'm> {
    at: &'a Projection<'m>,
    kind: Kind,
}

impl Serialize for OfKind<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let elements = || self.at.of_kind(self.kind);
        let mut seq = serializer.serialize_seq(Some(elements().count()))?;
        for (idx, _) in elements() {
            seq.serialize_element(&element(self.at, idx))?;
        }
        seq.end()
    }
}

fn element(at: &Projection<'_>, idx: ElementIdx) -> Tree {
    let model = at.model();
    let mut out = own_fields(model, idx, at.plateau());
    if let Some(t) = tracking(model, model.element(idx)) {
        // The status follows the actuals it is read from.
        let after = out
            .iter()
            .position(|(k, _)| k == Field::Actuals.key())
            .map_or(out.len(), |i| i + 1);
        out.insert(after, ("tracking".to_owned(), tracking_tree(&t)));
    }

    let mut inverse: BTreeMap<&'static str, Vec<&str>> = BTreeMap::new();
    for link in at.incoming(idx) {
        let from = model.element(link.from);
        let ids = inverse
            .entry(inverse_name(from.kind, link.field))
            .or_default();
        if !ids.contains(&from.id.as_str()) {
            ids.push(&from.id);
        }
    }
    // Inverse links come after the element's own fields, before waivers and properties.
    let tail = out
        .iter()
        .position(|(k, _)| k == "waivers" || k == "properties")
        .unwrap_or(out.len());
    let links = inverse.into_iter().map(|(name, mut ids)| {
        ids.sort_unstable();
        (name.to_owned(), Tree::strings(ids))
    });
    out.splice(tail..tail, links);
    Tree::Map(out)
}

/// An element's own fields at plateau `p` as the manifest writes them: id, name and
/// description, `from` and `until`, the other fields written (defaults explicit),
/// waivers (sorted) and properties. Inverse links are left to the caller.
pub fn own_fields(model: &Model, idx: ElementIdx, p: PlateauIdx) -> Vec<(String, Tree)> {
    let e = model.element(idx);
    let plateau_id = |q: PlateauIdx| Tree::str(&model.plateaus[q.0].id);
    let mut fields = Vec::new();
    for spec in all_fields(e.kind) {
        let tree = match e.value_at(spec.field, p) {
            Some(v) => value_tree(model, v),
            None if spec.field == Field::MomentThatMatters => Tree::Bool(false),
            None => continue,
        };
        fields.push((spec.field.key().to_owned(), tree));
    }
    // `from` and `until` follow the name and description.
    let head = fields
        .iter()
        .take_while(|(k, _)| k == "name" || k == "description")
        .count();
    let mut out = vec![("id".to_owned(), Tree::str(&e.id))];
    out.extend(fields.drain(..head));
    out.push(("from".to_owned(), plateau_id(e.from)));
    out.push(("until".to_owned(), plateau_id(e.until)));
    out.extend(fields);

    if !e.waivers.is_empty() {
        let mut waivers: Vec<_> = e.waivers.iter().collect();
        waivers.sort_by(|a, b| (&a.rule, &a.reason).cmp(&(&b.rule, &b.reason)));
        let waivers = waivers
            .into_iter()
            .map(|w| {
                Tree::Map(vec![
                    ("rule".to_owned(), Tree::str(&w.rule)),
                    ("reason".to_owned(), Tree::str(&w.reason)),
                ])
            })
            .collect();
        out.push(("waivers".to_owned(), Tree::List(waivers)));
    }
    if !e.properties.is_empty() {
        let properties = e
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), Tree::str(v)))
            .collect();
        out.push(("properties".to_owned(), Tree::Map(properties)));
    }
    out
}

fn sorted_ids(model: &Model, targets: impl Iterator<Item = ElementIdx>) -> Vec<&str> {
    let mut ids: Vec<&str> = targets.map(|t| model.element(t).id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A number as written in outputs: a whole number as an integer (`180`, not `180.0`).
pub fn number_tree(n: f64) -> Tree {
    // Beyond 2^53 not every integer is a float; such numbers keep their float form.
    if let Some(i) = crate::text::exact_integer(n) {
        Tree::Int(i)
    } else {
        Tree::Num(n)
    }
}

/// A resolved value as written in outputs: references as ids, sorted.
pub fn value_tree(model: &Model, value: &Value) -> Tree {
    match value {
        Value::Text(t) => Tree::str(t),
        Value::Integer(i) => Tree::Int(*i),
        Value::Number(n) => number_tree(*n),
        Value::Boolean(b) => Tree::Bool(*b),
        Value::Enum(word) => Tree::str(*word),
        Value::Strings(items) => Tree::strings(items.iter().map(String::as_str)),
        Value::Ref(r) => Tree::str(&model.element(r.target).id),
        Value::Refs(refs) => Tree::strings(sorted_ids(model, refs.iter().map(|r| r.target))),
        Value::Plateau(p) => Tree::str(&model.plateaus[p.0].id),
        Value::Stages(stages) => Tree::List(stages.iter().map(|s| stage_tree(model, s)).collect()),
        Value::Actuals(actuals) => Tree::List(actuals.iter().map(actual_tree).collect()),
    }
}

/// A KPI's latest actual against its plan.
fn tracking_tree(t: &Tracking<'_>) -> Tree {
    Tree::Map(vec![
        ("date".to_owned(), Tree::str(&t.latest.date)),
        ("actual".to_owned(), number_tree(t.latest.value)),
        ("plan".to_owned(), t.plan.map_or(Tree::Null, number_tree)),
        ("status".to_owned(), Tree::str(t.status.as_str())),
    ])
}

fn actual_tree(actual: &Actual) -> Tree {
    let mut out = vec![
        ("date".to_owned(), Tree::str(&actual.date)),
        ("value".to_owned(), number_tree(actual.value)),
    ];
    if let Some(note) = &actual.note {
        out.push(("note".to_owned(), Tree::str(note)));
    }
    Tree::Map(out)
}

fn stage_tree(model: &Model, stage: &Stage) -> Tree {
    let mut out = vec![
        ("id".to_owned(), Tree::str(&stage.id)),
        ("name".to_owned(), Tree::str(&stage.name)),
        (
            "touchpoints".to_owned(),
            Tree::strings(sorted_ids(
                model,
                stage.touchpoints.iter().map(|r| r.target),
            )),
        ),
    ];
    if !stage.pain_points.is_empty() {
        out.push((
            "pain_points".to_owned(),
            Tree::strings(stage.pain_points.iter().map(String::as_str)),
        ));
    }
    if let Some(emotion) = stage.emotion {
        out.push(("emotion".to_owned(), Tree::str(emotion.word())));
    }
    if stage.moment_that_matters {
        out.push(("moment_that_matters".to_owned(), Tree::Bool(true)));
    }
    if !stage.insights.is_empty() {
        out.push((
            "insights".to_owned(),
            Tree::strings(sorted_ids(model, stage.insights.iter().map(|r| r.target))),
        ));
    }
    Tree::Map(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_names_never_shadow_a_field() {
        for &from in Kind::ALL {
            for spec in all_fields(from) {
                let Some(targets) = spec.ty.link_targets() else {
                    continue;
                };
                let name = inverse_name(from, spec.field);
                for &to in Kind::ALL.iter().filter(|&&k| targets.accepts(k)) {
                    assert!(
                        all_fields(to).all(|f| f.field.key() != name)
                            && !["id", "from", "until", "waivers", "properties"].contains(&name),
                        "{from}.{} → {to}.{name} shadows a field",
                        spec.field
                    );
                }
            }
        }
    }
}
