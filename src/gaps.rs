//! Gaps: what separates one plateau from another, and the initiatives that deliver it.
//!
//! A gap between plateaus A and B is an element present in B but not in A (added),
//! present in A but not in B (removed), or present in both with a value that differs
//! (changed). An initiative addresses a gap when the element's id is in its `delivers`.

use crate::format::{Field, Kind};
use crate::model::{ElementIdx, Model, PlateauIdx, Value};

/// How an element differs between two plateaus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Present in the later plateau only.
    Added,
    /// Present in the earlier plateau only.
    Removed,
    /// Present in both, with these fields' values different.
    Changed(Vec<Field>),
}

/// One element's gap between two plateaus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The element.
    pub element: ElementIdx,
    /// How it differs.
    pub change: Change,
}

impl Gap {
    /// Whether the gap is one that needs an initiative: an element added or removed, or
    /// a capability whose maturity rises (other changes are bookkeeping of the model).
    pub fn needs_initiative(&self, model: &Model, from: PlateauIdx, to: PlateauIdx) -> bool {
        match &self.change {
            Change::Added | Change::Removed => true,
            Change::Changed(fields) => {
                fields.contains(&Field::Maturity)
                    && maturity_rise(model, self.element, from, to).is_some()
            }
        }
    }
}

/// The maturity before and after, when it rises from `from` to `to`. A maturity written
/// for the first time counts as a rise from 0.
pub fn maturity_rise(
    model: &Model,
    idx: ElementIdx,
    from: PlateauIdx,
    to: PlateauIdx,
) -> Option<(i64, i64)> {
    let e = model.element(idx);
    let level = |p| match e.value_at(Field::Maturity, p) {
        Some(Value::Integer(m)) => Some(*m),
        _ => None,
    };
    let after = level(to)?;
    let before = level(from).unwrap_or(0);
    (after > before).then_some((before, after))
}

/// The gaps between plateaus `from` and `to`, sorted by element id.
pub fn between(model: &Model, from: PlateauIdx, to: PlateauIdx) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for (idx, e) in model.iter() {
        let change = match (e.exists_in(from), e.exists_in(to)) {
            (false, true) => Change::Added,
            (true, false) => Change::Removed,
            (false, false) => continue,
            (true, true) => {
                let changed: Vec<Field> = e
                    .fields
                    .iter()
                    .filter(|f| !same(f.value.at(from), f.value.at(to)))
                    .map(|f| f.field)
                    .collect();
                if changed.is_empty() {
                    continue;
                }
                Change::Changed(changed)
            }
        };
        gaps.push(Gap {
            element: idx,
            change,
        });
    }
    gaps
}

/// Whether two values mean the same: references compare by the element they name, not
/// by where they are written.
pub fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(Value::Ref(x)), Some(Value::Ref(y))) => x.target == y.target,
        (Some(Value::Refs(xs)), Some(Value::Refs(ys))) => {
            let mut xs: Vec<_> = xs.iter().map(|r| r.target).collect();
            let mut ys: Vec<_> = ys.iter().map(|r| r.target).collect();
            xs.sort_unstable();
            xs.dedup();
            ys.sort_unstable();
            ys.dedup();
            xs == ys
        }
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// For every element, the initiatives whose `delivers` names it.
#[derive(Debug, Clone, Default)]
pub struct Deliveries {
    by_element: Vec<Vec<ElementIdx>>,
}

impl Deliveries {
    /// Reads every initiative's `delivers`.
    pub fn of(model: &Model) -> Self {
        let mut by_element = vec![Vec::new(); model.elements.len()];
        for (idx, e) in model.iter().filter(|(_, e)| e.kind == Kind::Initiatives) {
            let Some(delivers) = e.field(Field::Delivers) else {
                continue;
            };
            // `delivers` is never staged: its one value holds every plateau.
            if let Some(value) = delivers.value.at(model.baseline()) {
                for r in value.refs() {
                    let list: &mut Vec<ElementIdx> = &mut by_element[r.target.0];
                    if !list.contains(&idx) {
                        list.push(idx);
                    }
                }
            }
        }
        Self { by_element }
    }

    /// The initiatives that deliver an element, sorted by id.
    pub fn of_element(&self, idx: ElementIdx) -> &[ElementIdx] {
        self.by_element.get(idx.0).map_or(&[], Vec::as_slice)
    }
}
