//! Which way each reference field's dependency runs: the table `tomc impact`, the
//! impact section of `tomc diff` and the site's "what depends on this" follow.
//!
//! A reference is written on one element (the holder) and names another (the target).
//! Either the holder depends on the target (a process on the systems it uses: retire the
//! system and the process is affected) or the target depends on the holder (a capability
//! on the processes that realize it: change the process and the capability is affected).

use std::sync::OnceLock;

use super::{Field, Kind};

/// Which end of a reference depends on the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dependent {
    /// The element that writes the reference depends on the element it names.
    Holder,
    /// The element named depends on the element that writes the reference.
    Target,
}

/// One reference field and the way its dependency runs.
#[derive(Debug, Clone, Copy)]
pub struct Dependency {
    /// The kind that writes the field.
    pub kind: Kind,
    /// The field; `stages` for the touchpoints and insights of a journey's stages.
    pub field: Field,
    /// For `stages`, which of its references: touchpoints or insights.
    pub target: Option<Kind>,
    /// Which end depends on the other.
    pub dependent: Dependent,
    /// Why, in a few words, for docs/spec-format.md.
    pub reads: &'static str,
}

const fn holder(kind: Kind, field: Field, reads: &'static str) -> Dependency {
    Dependency {
        kind,
        field,
        target: None,
        dependent: Dependent::Holder,
        reads,
    }
}

const fn target(kind: Kind, field: Field, reads: &'static str) -> Dependency {
    Dependency {
        kind,
        field,
        target: None,
        dependent: Dependent::Target,
        reads,
    }
}

use Field as F;
use Kind as K;

/// Every reference field of the format, with the way its dependency runs. `owner` is
/// listed once for every kind (`Kind` is ignored for it).
pub const DEPENDENCIES: &[Dependency] = &[
    holder(
        K::Drivers,
        F::Owner,
        "an element depends on the org unit or role that owns it",
    ),
    target(
        K::Drivers,
        F::Objectives,
        "an objective depends on the drivers that motivate it",
    ),
    target(
        K::Objectives,
        F::Parent,
        "an objective depends on the objectives that contribute to it",
    ),
    target(
        K::Objectives,
        F::Kpis,
        "a KPI depends on the objective it measures",
    ),
    holder(
        K::Kpis,
        F::Persona,
        "a KPI depends on the persona it is measured for",
    ),
    target(
        K::Journeys,
        F::Persona,
        "a persona depends on the journeys it takes",
    ),
    Dependency {
        kind: K::Journeys,
        field: F::Stages,
        target: Some(K::Touchpoints),
        dependent: Dependent::Holder,
        reads: "a journey depends on the touchpoints its stages meet",
    },
    Dependency {
        kind: K::Journeys,
        field: F::Stages,
        target: Some(K::Insights),
        dependent: Dependent::Target,
        reads: "an insight depends on the journey whose stage it speaks of",
    },
    target(
        K::Journeys,
        F::Kpis,
        "a KPI depends on the journey it measures",
    ),
    holder(
        K::Touchpoints,
        F::OperatedBy,
        "a touchpoint depends on the supplier that runs it",
    ),
    holder(
        K::Touchpoints,
        F::Capabilities,
        "a touchpoint depends on the capabilities that support it",
    ),
    holder(
        K::Touchpoints,
        F::Processes,
        "a touchpoint depends on the processes behind it",
    ),
    target(
        K::Touchpoints,
        F::Kpis,
        "a KPI depends on the touchpoint it measures",
    ),
    holder(
        K::Insights,
        F::Personas,
        "an insight depends on the personas it is about",
    ),
    holder(
        K::Insights,
        F::About,
        "an insight depends on what it is about",
    ),
    target(
        K::Capabilities,
        F::Parent,
        "a capability depends on the capabilities it is made of",
    ),
    target(
        K::Capabilities,
        F::Realizes,
        "an objective depends on the capabilities that realize it",
    ),
    holder(
        K::Capabilities,
        F::Suppliers,
        "a capability depends on its suppliers",
    ),
    target(K::Processes, F::Parent, "a process depends on its steps"),
    target(
        K::Processes,
        F::Capabilities,
        "a capability depends on the processes that realize it",
    ),
    holder(
        K::Processes,
        F::Roles,
        "a process depends on the roles that perform it",
    ),
    holder(
        K::Processes,
        F::Systems,
        "a process depends on the systems it uses",
    ),
    holder(
        K::Processes,
        F::Information,
        "a process depends on the information it uses",
    ),
    holder(
        K::Processes,
        F::Locations,
        "a process depends on where it is performed",
    ),
    target(
        K::Processes,
        F::Kpis,
        "a KPI depends on the process it measures",
    ),
    holder(
        K::Processes,
        F::OperatedBy,
        "a process depends on the supplier that runs it",
    ),
    target(
        K::OrgUnits,
        F::Parent,
        "an org unit depends on the units that belong to it",
    ),
    holder(
        K::Roles,
        F::OrgUnit,
        "a role depends on the org unit it sits in",
    ),
    holder(K::Systems, F::Supplier, "a system depends on its supplier"),
    holder(
        K::Information,
        F::Systems,
        "information depends on the systems that hold it",
    ),
    target(
        K::Suppliers,
        F::Provides,
        "a capability depends on the suppliers that provide it",
    ),
    target(
        K::Initiatives,
        F::Delivers,
        "what an initiative delivers depends on it",
    ),
    target(
        K::Initiatives,
        F::Objectives,
        "an objective depends on the initiatives that serve it",
    ),
    holder(
        K::Initiatives,
        F::DependsOn,
        "an initiative depends on the initiatives that must land first",
    ),
    target(
        K::Initiatives,
        F::Kpis,
        "a KPI depends on the initiatives that move it",
    ),
    target(
        K::Initiatives,
        F::Addresses,
        "an insight depends on the initiatives that act on it",
    ),
];

/// Which end of a reference from an element of `kind`, in `field`, to an element of
/// kind `to` depends on the other. A walk over a large model asks this of every link it
/// crosses, so the answer is looked up in a table built once from [`DEPENDENCIES`].
pub fn dependent(kind: Kind, field: Field, to: Kind) -> Dependent {
    static TABLE: OnceLock<Vec<Dependent>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![Dependent::Holder; Kind::ALL.len() * FIELD_SLOTS * 2];
        for &k in Kind::ALL {
            for d in DEPENDENCIES {
                if d.kind != k && d.field != Field::Owner {
                    continue;
                }
                for insight in [false, true] {
                    let applies = match d.target {
                        None => true,
                        Some(t) => (t == Kind::Insights) == insight,
                    };
                    if applies {
                        table[slot(k, d.field, insight)] = d.dependent;
                    }
                }
            }
        }
        table
    });
    table
        .get(slot(kind, field, to == Kind::Insights))
        .copied()
        .unwrap_or(Dependent::Holder)
}

/// Room for every field in [`dependent`]'s table.
const FIELD_SLOTS: usize = 128;

fn slot(kind: Kind, field: Field, insight: bool) -> usize {
    ((kind as usize) * FIELD_SLOTS + field as usize) * 2 + usize::from(insight)
}

/// The table of docs/spec-format.md: a row per reference field.
pub fn markdown_table() -> String {
    let mut out = String::from("| kind | field | dependency |\n|---|---|---|\n");
    for d in DEPENDENCIES {
        let kind = if d.field == Field::Owner {
            "every kind".to_owned()
        } else {
            format!("`{}`", d.kind.key())
        };
        let field = match d.target {
            Some(t) => format!("`{}` ({})", d.field.key(), t.key()),
            None => format!("`{}`", d.field.key()),
        };
        out.push_str(&format!("| {kind} | {field} | {} |\n", d.reads));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::FieldType;

    /// Whether `field` of `kind` holds references (stages included).
    fn is_reference_field(kind: Kind, field: Field) -> bool {
        crate::spec::all_fields(kind)
            .find(|f| f.field == field)
            .is_some_and(|f| {
                matches!(
                    f.ty,
                    FieldType::Reference(_) | FieldType::References(_) | FieldType::Stages
                )
            })
    }

    #[test]
    fn every_reference_field_has_one_direction() {
        for &kind in Kind::ALL {
            for spec in crate::spec::all_fields(kind) {
                if !is_reference_field(kind, spec.field) {
                    continue;
                }
                let listed = DEPENDENCIES
                    .iter()
                    .filter(|d| {
                        d.field == spec.field && (d.kind == kind || (spec.field == Field::Owner))
                    })
                    .count();
                let expected = if spec.field == Field::Stages { 2 } else { 1 };
                assert_eq!(
                    listed,
                    expected,
                    "{}.{} has {listed} directions",
                    kind.key(),
                    spec.field.key()
                );
            }
        }
        // Nothing listed that the format does not have.
        for d in DEPENDENCIES {
            assert!(is_reference_field(d.kind, d.field), "{:?}", d.field);
        }
    }

    #[test]
    fn the_documentation_lists_the_table() {
        let doc = include_str!("../../docs/spec-format.md");
        assert!(
            doc.contains(&markdown_table()),
            "docs/spec-format.md must hold this table:\n{}",
            markdown_table()
        );
    }

    #[test]
    fn the_table_agrees_with_the_list() {
        for &kind in Kind::ALL {
            for spec in crate::spec::all_fields(kind) {
                assert!((spec.field as usize) < FIELD_SLOTS);
                for &to in Kind::ALL {
                    let listed = DEPENDENCIES
                        .iter()
                        .find(|d| {
                            (d.kind == kind || spec.field == Field::Owner)
                                && d.field == spec.field
                                && d.target.is_none_or(|t| t == to)
                        })
                        .map_or(Dependent::Holder, |d| d.dependent);
                    assert_eq!(dependent(kind, spec.field, to), listed);
                }
            }
        }
    }

    #[test]
    fn the_chain_from_a_system_runs_down_to_objectives() {
        use Dependent::{Holder, Target};
        assert_eq!(dependent(K::Processes, F::Systems, K::Systems), Holder);
        assert_eq!(
            dependent(K::Processes, F::Capabilities, K::Capabilities),
            Target
        );
        assert_eq!(dependent(K::Journeys, F::Stages, K::Touchpoints), Holder);
        assert_eq!(dependent(K::Journeys, F::Stages, K::Insights), Target);
        assert_eq!(dependent(K::Systems, F::Owner, K::OrgUnits), Holder);
    }
}
