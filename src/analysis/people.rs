//! People impact: the headcount of every org unit and role at two plateaus, and the
//! total the organisation moves from and to.
//!
//! Roles are the jobs people do, so the total is the sum over roles when any role has a
//! headcount; a model that counts only org units totals its top-level units instead
//! (a unit's headcount includes its children's, so adding every unit would count people
//! twice).

use crate::model::{ElementIdx, Model, PlateauIdx, Value};
use crate::spec::{Field, Kind};

/// One org unit's or role's headcount at the two plateaus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headcount {
    /// The org unit or role.
    pub element: ElementIdx,
    /// Its headcount at the earlier plateau (none where it is absent or not counted).
    pub before: Option<i64>,
    /// Its headcount at the later plateau.
    pub after: Option<i64>,
    /// For a role, its org unit at the later plateau (else the earlier one).
    pub org_unit: Option<ElementIdx>,
}

impl Headcount {
    /// The change, absent counting as 0.
    pub fn change(&self) -> i64 {
        self.after.unwrap_or(0) - self.before.unwrap_or(0)
    }
}

/// The headcount of an organisation at two plateaus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeopleImpact {
    /// Org units with a headcount at either plateau, by id.
    pub units: Vec<Headcount>,
    /// Roles with a headcount at either plateau, by id.
    pub roles: Vec<Headcount>,
    /// The total at the earlier plateau (see the module documentation).
    pub before: i64,
    /// The total at the later plateau.
    pub after: i64,
}

impl PeopleImpact {
    /// The headcount of every org unit and role from plateau `from` to `to`.
    pub fn new(model: &Model, from: PlateauIdx, to: PlateauIdx) -> Self {
        let count = |idx: ElementIdx, p: PlateauIdx| {
            let e = model.element(idx);
            match e.exists_in(p).then(|| e.value_at(Field::Headcount, p)) {
                Some(Some(Value::Integer(n))) => Some(*n),
                _ => None,
            }
        };
        let unit_of = |idx: ElementIdx| {
            let e = model.element(idx);
            [to, from]
                .into_iter()
                .find_map(|p| e.value_at(Field::OrgUnit, p))
                .and_then(|v| v.refs().first().map(|r| r.target))
        };
        let counted = |kind: Kind| -> Vec<Headcount> {
            model
                .iter()
                .filter(|(_, e)| e.kind == kind)
                .map(|(idx, _)| Headcount {
                    element: idx,
                    before: count(idx, from),
                    after: count(idx, to),
                    org_unit: (kind == Kind::Roles).then(|| unit_of(idx)).flatten(),
                })
                .filter(|h| h.before.is_some() || h.after.is_some())
                .collect()
        };
        let units = counted(Kind::OrgUnits);
        let roles = counted(Kind::Roles);
        let top_level = |h: &&Headcount| {
            model
                .element(h.element)
                .value_at(Field::Parent, to)
                .is_none_or(|v| v.refs().is_empty())
        };
        let total = |which: &dyn Fn(&Headcount) -> Option<i64>| -> i64 {
            if roles.is_empty() {
                units.iter().filter(top_level).filter_map(which).sum()
            } else {
                roles.iter().filter_map(which).sum()
            }
        };
        let before = total(&|h| h.before);
        let after = total(&|h| h.after);
        Self {
            units,
            roles,
            before,
            after,
        }
    }

    /// The change of the total.
    pub fn change(&self) -> i64 {
        self.after - self.before
    }

    /// Whether the model counts anyone at all.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty() && self.roles.is_empty()
    }
}
