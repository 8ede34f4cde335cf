//! The capability heat map: the capability tree as boxes in boxes, each capability with
//! its maturity at every plateau and its uplift to the target.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Element, ElementIdx, Model, PlateauIdx, Value};
use crate::spec::{Field, Kind, Sourcing, ValueEnum};

use super::element_url;

/// The heat map's data (`heatmap.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Heatmap {
    /// The capability tree, depth first, as a flat list: an item that opens a
    /// capability's box (`open`), later one that closes it (`close`).
    pub items: Vec<HeatmapItem>,
    /// How many capabilities the model has.
    pub count: usize,
}

/// An item of the heat map: a capability's box opens, or the last one opened closes.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum HeatmapItem {
    /// A capability: its box opens, its children's boxes follow.
    Open(CapabilityBox),
    /// The box of the capability last opened closes.
    Close(BoxEnd),
}

/// A capability of the heat map, opening its box.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CapabilityBox {
    /// True: the item opens a capability's box, and has every field but `close`.
    pub open: bool,
    /// The capability's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its page, from the site root.
    pub url: String,
    /// Its maturity at every plateau, in order.
    pub maturity: Vec<Maturity>,
    /// Its maturity at the target: `0`–`5`, `none` or `absent`.
    pub shown: String,
    /// Its maturity at the target less its maturity at the baseline (a level not set
    /// counts as 0); for a capability with no level at either plateau but with children,
    /// the mean of its children's uplift, rounded.
    pub uplift: i64,
    /// The uplift as the gap mode shows it: `+2`, `0`, `-1`, or `avg +1.5` for a parent
    /// whose figure is its children's mean.
    pub uplift_text: String,
    /// Its depth in the tree: 1 for a capability without parent.
    pub depth: usize,
    /// Whether it has no child capability.
    pub leaf: bool,
}

/// The end of a capability's box.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BoxEnd {
    /// True: the item closes the box last opened, and has no other field but `leaf`.
    pub close: bool,
    /// Whether the capability it closes has no child capability.
    pub leaf: bool,
}

/// A capability's maturity and sourcing at one plateau.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Maturity {
    /// The plateau's id.
    pub plateau: String,
    /// The level, `0`–`5`; `none` when it is not set, `absent` when the capability does
    /// not exist at the plateau.
    pub value: String,
    /// How it is sourced: `internal`, `partner`, `outsourced`; `none` when it is not
    /// set, `absent` when the capability does not exist at the plateau.
    pub sourcing: String,
}

/// The capability heat map: the capability tree (by `parent` at the latest plateau each
/// capability exists in) as a flat list of `open`/`close` items, depth first.
pub fn heatmap(model: &Model) -> Heatmap {
    let caps: Vec<(ElementIdx, &Element)> = model.of_kind(Kind::Capabilities).collect();
    let parent_of = |e: &Element| {
        e.value_at(Field::Parent, e.until)
            .and_then(|v| v.refs().first())
            .map(|r| r.target)
            .filter(|&p| model.element(p).kind == Kind::Capabilities)
    };
    let mut children: BTreeMap<Option<ElementIdx>, Vec<ElementIdx>> = BTreeMap::new();
    for &(idx, e) in &caps {
        children.entry(parent_of(e)).or_default().push(idx);
    }
    let uplifts = uplifts(model, &children);
    let mut items = Vec::new();
    let mut seen = vec![false; model.elements.len()];
    // Depth first without recursion; a parent cycle (a structural error) is cut.
    let mut stack: Vec<(ElementIdx, usize, bool)> = children
        .get(&None)
        .map(|r| r.iter().rev().map(|&c| (c, 1, false)).collect())
        .unwrap_or_default();
    while let Some((idx, depth, closing)) = stack.pop() {
        let kids = children.get(&Some(idx)).map_or(&[][..], Vec::as_slice);
        if closing {
            items.push(HeatmapItem::Close(BoxEnd {
                close: true,
                leaf: kids.is_empty(),
            }));
            continue;
        }
        if std::mem::replace(&mut seen[idx.0], true) {
            continue;
        }
        items.push(HeatmapItem::Open(capability(
            model,
            idx,
            depth,
            kids,
            uplifts[idx.0],
        )));
        stack.push((idx, depth, true));
        stack.extend(kids.iter().rev().map(|&c| (c, depth + 1, false)));
    }
    Heatmap {
        items,
        count: caps.len(),
    }
}

/// Each capability's uplift from the baseline to the target, and whether it is its
/// children's mean: its own where it has a level at either plateau; else, for a parent,
/// the mean of its children's (their own or, in turn, their children's mean). Children
/// come before parents by working through the tree in reverse pre-order.
fn uplifts(
    model: &Model,
    children: &BTreeMap<Option<ElementIdx>, Vec<ElementIdx>>,
) -> Vec<(f64, bool)> {
    let mut order = Vec::new();
    let mut seen = vec![false; model.elements.len()];
    let mut stack: Vec<ElementIdx> = children.get(&None).cloned().unwrap_or_default();
    while let Some(idx) = stack.pop() {
        if std::mem::replace(&mut seen[idx.0], true) {
            continue;
        }
        order.push(idx);
        stack.extend(children.get(&Some(idx)).into_iter().flatten());
    }
    let mut out = vec![(0.0, false); model.elements.len()];
    let (from, to) = (model.baseline(), model.target());
    for &idx in order.iter().rev() {
        let e = model.element(idx);
        let (before, after) = (level(e, from), level(e, to));
        let kids = children.get(&Some(idx)).map_or(&[][..], Vec::as_slice);
        out[idx.0] = if before.is_some() || after.is_some() || kids.is_empty() {
            let own = after.unwrap_or(0) - before.unwrap_or(0);
            (crate::text::float(own), false)
        } else {
            let sum: f64 = kids.iter().map(|k| out[k.0].0).sum();
            (
                sum / crate::text::float(i64::try_from(kids.len()).unwrap_or(1)),
                true,
            )
        };
    }
    out
}

/// An uplift as the gap mode writes it: `+2`, `0`, `-1`; a mean with one decimal and
/// `avg` before it.
fn uplift_text((uplift, mean): (f64, bool)) -> String {
    let sign = if uplift > 0.0 { "+" } else { "" };
    if mean {
        let text = format!("{uplift:.1}");
        format!("avg {sign}{}", text.trim_end_matches(".0"))
    } else {
        format!("{sign}{uplift}")
    }
}

/// The maturity level of `e` at `p`, if it exists there and has one.
fn level(e: &Element, p: PlateauIdx) -> Option<i64> {
    match e.exists_in(p).then(|| e.value_at(Field::Maturity, p)) {
        Some(Some(Value::Integer(m))) => Some(*m),
        _ => None,
    }
}

/// The box of capability `idx`, at `depth`, with children `kids`.
fn capability(
    model: &Model,
    idx: ElementIdx,
    depth: usize,
    kids: &[ElementIdx],
    uplift: (f64, bool),
) -> CapabilityBox {
    let e = model.element(idx);
    let maturity: Vec<Maturity> = (0..model.plateaus.len())
        .map(PlateauIdx)
        .map(|p| Maturity {
            plateau: model.plateaus[p.0].id.clone(),
            value: if e.exists_in(p) {
                level(e, p).map_or("none".to_owned(), |m| m.to_string())
            } else {
                "absent".to_owned()
            },
            sourcing: if e.exists_in(p) {
                e.value_at(Field::Sourcing, p)
                    .and_then(Value::word::<Sourcing>)
                    .map_or("none", ValueEnum::word)
                    .to_owned()
            } else {
                "absent".to_owned()
            },
        })
        .collect();
    let shown = maturity
        .last()
        .map_or_else(|| "none".to_owned(), |m| m.value.clone());
    CapabilityBox {
        open: true,
        id: e.id.clone(),
        name: e.name().to_owned(),
        url: element_url(&e.id),
        maturity,
        shown,
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a mean of levels 0 to 5 apart, rounded"
        )]
        uplift: uplift.0.round() as i64,
        uplift_text: uplift_text(uplift),
        depth,
        leaf: kids.is_empty(),
    }
}
