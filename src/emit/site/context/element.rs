//! A page per element (its fields at every plateau, its links in and out, its findings
//! and waivers), and the list of every element.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::impact::{Reachability, dependents_of};
use crate::analysis::plateau::Projection;
use crate::analysis::tracking::{actuals, tracking};
use crate::compile::Compiled;
use crate::diag::Diagnostic;
use crate::emit::gap_report::kind_title;
use crate::emit::manifest::{inverse_name, value_tree};
use crate::emit::site::markdown::to_safe_html;
use crate::emit::site::pages::has_journey_maps;
use crate::emit::tree::Tree;
use crate::model::{Element, ElementIdx, Model, PlateauIdx, Staged, Value};
use crate::spec::{Field, Kind, all_fields};
use crate::text::{count, number};

use super::{
    ElementLink, Finding, element_link, element_links, finding, journey_url, plateau_ids,
    text_field,
};

/// An element page's data (`element.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ElementPage {
    /// The element's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind, singular (`capability`).
    pub kind: &'static str,
    /// The kind's title (`Capabilities`).
    pub kind_title: String,
    /// The kind's key in model files (`capabilities`), the anchor of its list on the
    /// elements page.
    pub kind_key: &'static str,
    /// What an element of the kind is, one sentence.
    pub kind_doc: &'static str,
    /// Its description at the last plateau it exists in, rendered as safe HTML (print it
    /// with `| safe`).
    pub description: Option<String>,
    /// The id of the first plateau it exists in.
    pub from: String,
    /// The id of the last plateau it exists in.
    pub until: String,
    /// The ids of the plateaus it exists in, in order: the columns of `fields`.
    pub plateaus: Vec<String>,
    /// Its fields as written, the name aside, in the format's order.
    pub fields: Vec<FieldRow>,
    /// The elements it names, by field.
    pub links_out: Vec<LinkGroup>,
    /// The elements that name it, by the name of the link seen from it (`realized_by`).
    pub links_in: Vec<LinkGroup>,
    /// Its findings, in report order.
    pub findings: Vec<Finding>,
    /// Its waivers.
    pub waivers: Vec<ElementWaiver>,
    /// Its properties, by key.
    pub properties: Vec<Property>,
    /// Its journey page, from the site root, when it is a journey.
    pub journey_url: Option<String>,
    /// Its measured values, when it is a KPI with actuals.
    pub measured: Option<Measured>,
    /// What depends on it at each plateau it exists in, as `tomc impact` walks the model.
    pub dependents: Vec<Dependents>,
}

/// What depends on an element at one plateau.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Dependents {
    /// The plateau's id.
    pub plateau: String,
    /// What depends on it directly, by kind: `Directly: 2 processes, 1 information
    /// object.`, or `Nothing depends on it here.`
    pub summary: String,
    /// The objectives, personas and journeys that depend on it, directly or through
    /// others: a group per kind that has any.
    pub reached: Vec<ReachedGroup>,
}

/// The elements of one kind that depend on an element.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReachedGroup {
    /// The kind's title (`Journeys`).
    pub kind: String,
    /// How many there are.
    pub count: usize,
    /// The first of them by id, at most [`REACHED_SHOWN`].
    pub elements: Vec<ElementLink>,
    /// How many more there are than `elements` shows.
    pub more: usize,
}

/// How many elements of each kind an element page links among what depends on it: a
/// team lead's role can reach hundreds of journeys, and every page lists them per
/// plateau.
pub const REACHED_SHOWN: usize = 12;

/// The kinds an element page names among what depends on it, in this order.
pub const DEPENDENTS_SHOWN: [Kind; 3] = [Kind::Objectives, Kind::Personas, Kind::Journeys];

/// A KPI's measured values and where the latest stands against the plan.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Measured {
    /// Every measured value, by date.
    pub actuals: Vec<MeasuredValue>,
    /// The plan on the day of the latest value, written for reading; none without a plan
    /// line.
    pub plan: Option<String>,
    /// `on-track`, `at-risk`, `off-track` or `no plan`.
    pub status: &'static str,
}

/// One measured value of a KPI.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MeasuredValue {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// The value, written for reading.
    pub value: String,
    /// Its note, if it has one.
    pub note: Option<String>,
}

/// A field of an element at every plateau it exists in.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FieldRow {
    /// The field's key (`maturity`).
    pub field: &'static str,
    /// Whether it is staged: written with a value per plateau.
    pub staged: bool,
    /// Its value at each plateau of the page's `plateaus`; none where it has none.
    pub values: Vec<Option<Shown>>,
}

/// A value as a page shows it: exactly one of the three is set.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Shown {
    /// The elements a reference names.
    pub refs: Option<Vec<ElementLink>>,
    /// Markdown text, rendered as safe HTML (print it with `| safe`).
    pub html: Option<String>,
    /// Any other value, as plain text.
    pub text: Option<String>,
}

/// The links of one name, out of an element or into it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LinkGroup {
    /// The link's name: the field (`realizes`), or its inverse for links in
    /// (`realized_by`).
    pub name: &'static str,
    /// The elements linked, by id.
    pub elements: Vec<HeldLink>,
}

/// An element linked, and where the link holds.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HeldLink {
    /// The link to the element.
    #[serde(flatten)]
    pub link: ElementLink,
    /// The ids of the plateaus where the link holds, comma-separated; none when it
    /// holds wherever the element exists.
    pub plateaus: Option<String>,
}

/// A waiver on an element.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ElementWaiver {
    /// The rule it waives.
    pub rule: String,
    /// Why the rule does not apply here.
    pub reason: String,
    /// How many findings it silenced.
    pub silenced: usize,
}

/// A free-form property of an element.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Property {
    /// Its key.
    pub key: String,
    /// Its value.
    pub value: String,
}

/// One element's page: fields at every plateau, links in and out, findings, waivers.
pub fn element(
    compiled: &Compiled,
    views: &[Projection<'_>],
    reach: &[Reachability],
    findings: &BTreeMap<&str, Vec<&Diagnostic>>,
    idx: ElementIdx,
) -> ElementPage {
    let model = &compiled.model;
    let e = model.element(idx);
    let present: Vec<PlateauIdx> = (0..model.plateaus.len())
        .map(PlateauIdx)
        .filter(|&p| e.exists_in(p))
        .collect();
    let (links_out, links_in) = links(model, views, idx, &present);
    ElementPage {
        id: e.id.clone(),
        name: e.name().to_owned(),
        kind: e.kind.singular(),
        kind_title: kind_title(e.kind),
        kind_key: e.kind.key(),
        kind_doc: e.kind.doc(),
        description: text_field(e, Field::Description, e.until).map(|d| to_safe_html(&d)),
        from: super::plateau_id(model, e.from),
        until: super::plateau_id(model, e.until),
        plateaus: plateau_ids(model, &present),
        fields: fields(model, e, &present),
        links_out,
        links_in,
        findings: findings
            .get(e.id.as_str())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|d| finding(compiled, d))
            .collect(),
        waivers: waivers(compiled, idx),
        properties: e
            .properties
            .iter()
            .map(|(k, v)| Property {
                key: k.clone(),
                value: v.clone(),
            })
            .collect(),
        // A journey map is drawn at a plateau: none without plateaus.
        journey_url: (e.kind == Kind::Journeys && has_journey_maps(model))
            .then(|| journey_url(&e.id)),
        measured: measured(model, e),
        dependents: present
            .iter()
            .map(|&p| dependents(model, &views[p.0], &reach[p.0], idx))
            .collect(),
    }
}

/// What depends on element `idx` at one plateau.
fn dependents(
    model: &Model,
    at: &Projection<'_>,
    reach: &Reachability,
    idx: ElementIdx,
) -> Dependents {
    let mut direct = Vec::new();
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    dependents_of(at, idx, &mut direct);
    for &d in &direct {
        *counts.entry(model.element(d).kind).or_default() += 1;
    }
    let summary = if counts.is_empty() {
        "Nothing depends on it here.".to_owned()
    } else {
        let kinds: Vec<String> = counts
            .iter()
            .map(|(kind, &n)| count(n, kind.singular(), kind.plural()))
            .collect();
        format!("Directly: {}.", kinds.join(", "))
    };
    let reached = reach.of(idx);
    let reached = DEPENDENTS_SHOWN
        .iter()
        .filter_map(|&kind| {
            let ids: Vec<ElementIdx> = reached
                .iter()
                .copied()
                .filter(|&r| model.element(r).kind == kind)
                .collect();
            (!ids.is_empty()).then(|| ReachedGroup {
                kind: kind_title(kind),
                count: ids.len(),
                more: ids.len().saturating_sub(REACHED_SHOWN),
                elements: element_links(model, ids.into_iter().take(REACHED_SHOWN)),
            })
        })
        .collect();
    Dependents {
        plateau: model.plateaus[at.plateau().0].id.clone(),
        summary,
        reached,
    }
}

/// The measured values of a KPI with actuals, and the status of the latest.
fn measured(model: &Model, e: &Element) -> Option<Measured> {
    let t = tracking(model, e)?;
    Some(Measured {
        actuals: actuals(e)
            .iter()
            .map(|a| MeasuredValue {
                date: a.date.clone(),
                value: number(a.value),
                note: a.note.clone(),
            })
            .collect(),
        plan: t.plan.map(|p| number(round_to(p, 2))),
        status: t.status.as_str(),
    })
}

/// `x` rounded to `places` decimals, for reading.
fn round_to(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

/// The fields of `e` at the plateaus `present`, the name aside.
fn fields(model: &Model, e: &Element, present: &[PlateauIdx]) -> Vec<FieldRow> {
    all_fields(e.kind)
        // Measured values are not per plateau: they have a section of their own.
        .filter(|spec| !matches!(spec.field, Field::Name | Field::Actuals))
        .filter_map(|spec| {
            let fv = e.field(spec.field)?;
            Some(FieldRow {
                field: spec.field.key(),
                staged: matches!(fv.value, Staged::ByPlateau(_)),
                values: present
                    .iter()
                    .map(|&p| fv.value.at(p).map(|v| shown(model, v)))
                    .collect(),
            })
        })
        .collect()
}

/// Display form of a value: references as links, Markdown text as HTML, or plain text.
fn shown(model: &Model, v: &Value) -> Shown {
    let (refs, html, text) = match v {
        Value::Ref(r) => (Some(vec![element_link(model, r.target)]), None, None),
        Value::Refs(rs) => {
            let mut ids: Vec<ElementIdx> = rs.iter().map(|r| r.target).collect();
            ids.sort_unstable();
            ids.dedup();
            (Some(element_links(model, ids)), None, None)
        }
        Value::Text(t) => (None, Some(to_safe_html(t)), None),
        Value::Stages(stages) => (
            None,
            None,
            Some(format!(
                "{} stage{}",
                stages.len(),
                if stages.len() == 1 { "" } else { "s" }
            )),
        ),
        other => (None, None, Some(Tree::compact(&value_tree(model, other)))),
    };
    Shown { refs, html, text }
}

/// Links out of element `idx` and into it, each with the plateaus where it holds.
fn links(
    model: &Model,
    views: &[Projection<'_>],
    idx: ElementIdx,
    present: &[PlateauIdx],
) -> (Vec<LinkGroup>, Vec<LinkGroup>) {
    // Keyed by (name, id) for the order of the page; the index rides along so that no
    // link is looked up by id again.
    let mut out_links: LinkMap<'_> = BTreeMap::new();
    let mut in_links: LinkMap<'_> = BTreeMap::new();
    for &p in present {
        let at = &views[p.0];
        let plateau = model.plateaus[p.0].id.as_str();
        for (field, r) in at.outgoing(idx) {
            let target = model.element(r.target);
            out_links
                .entry((field.key(), target.id.as_str()))
                .or_insert_with(|| (r.target, Vec::new()))
                .1
                .push(plateau);
        }
        for link in at.incoming(idx) {
            let from = model.element(link.from);
            in_links
                .entry((inverse_name(from.kind, link.field), from.id.as_str()))
                .or_insert_with(|| (link.from, Vec::new()))
                .1
                .push(plateau);
        }
    }
    (
        link_groups(model, out_links, present.len()),
        link_groups(model, in_links, present.len()),
    )
}

/// Links by `(name, id)`, each with the element and the plateaus where it holds.
type LinkMap<'m> = BTreeMap<(&'static str, &'m str), (ElementIdx, Vec<&'m str>)>;

/// Links by name, `(name, id)` → plateaus; a link that holds in all `present` plateaus
/// has none.
fn link_groups(model: &Model, map: LinkMap<'_>, present: usize) -> Vec<LinkGroup> {
    let mut grouped: BTreeMap<&'static str, Vec<HeldLink>> = BTreeMap::new();
    for ((name, _), (target, plateaus)) in map {
        grouped.entry(name).or_default().push(HeldLink {
            link: element_link(model, target),
            plateaus: (plateaus.len() != present).then(|| plateaus.join(", ")),
        });
    }
    grouped
        .into_iter()
        .map(|(name, elements)| LinkGroup { name, elements })
        .collect()
}

fn waivers(compiled: &Compiled, idx: ElementIdx) -> Vec<ElementWaiver> {
    let e = compiled.model.element(idx);
    compiled
        .waivers
        .iter()
        .filter(|w| w.element == idx)
        .filter_map(|w| {
            let waiver = e.waivers.get(w.index)?;
            Some(ElementWaiver {
                rule: waiver.rule.clone(),
                reason: waiver.reason.clone(),
                silenced: w.silenced,
            })
        })
        .collect()
}

/// The list of elements' data (`elements.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Elements {
    /// The kinds that have elements, in the format's order.
    pub kinds: Vec<KindList>,
}

/// The elements of one kind.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KindList {
    /// The kind's title (`Capabilities`).
    pub kind: String,
    /// The kind's key in model files (`capabilities`), the anchor of its list.
    pub key: &'static str,
    /// Its elements, by id.
    pub elements: Vec<ElementLink>,
}

/// The list of every element, by kind.
pub fn elements(model: &Model) -> Elements {
    let kinds = Kind::ALL
        .iter()
        .map(|&k| KindList {
            kind: kind_title(k),
            key: k.key(),
            elements: element_links(model, model.of_kind(k).map(|(i, _)| i)),
        })
        .filter(|k| !k.elements.is_empty())
        .collect();
    Elements { kinds }
}
