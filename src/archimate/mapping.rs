//! The mapping between tomc's model and ArchiMate 3.1, shared by the exporter
//! ([`crate::archimate::export`]) and the importer ([`crate::archimate::import`]).
//!
//! Each element kind has one ArchiMate element type, and each reference field one
//! relationship type with a direction. Where the ArchiMate relationship table allows a
//! specific relationship between the two element types (a capability realizes a goal, a
//! role is assigned to a process, an application component serves a process, a work
//! package realizes what it delivers, a plateau triggers the next), that relationship is
//! used; where it allows only an association, the association carries the field's name.
//! docs/archimate.md gives the same table for people.

use crate::spec::{Field, Kind, STAGE_INSIGHTS, Targets, field_spec};

/// The ArchiMate exchange-format namespace (version 3.0 of the namespace, used by the
/// 3.1 schema).
pub const NAMESPACE: &str = "http://www.opengroup.org/xsd/archimate/3.0/";

/// The ArchiMate element type of an element kind.
pub fn element_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Drivers => "Driver",
        Kind::Objectives => "Goal",
        Kind::Kpis => "Outcome",
        Kind::Personas => "Stakeholder",
        // A customer journey is the process as the customer lives it.
        Kind::Journeys => "BusinessProcess",
        Kind::Touchpoints => "BusinessInterface",
        // What was heard or seen, weighed: the motivation element for evidence.
        Kind::Insights => "Assessment",
        Kind::Capabilities => "Capability",
        Kind::Processes => "BusinessProcess",
        Kind::OrgUnits | Kind::Suppliers => "BusinessActor",
        Kind::Roles => "BusinessRole",
        Kind::Systems => "ApplicationComponent",
        Kind::Information => "BusinessObject",
        Kind::Locations => "Location",
        Kind::Initiatives => "WorkPackage",
    }
}

/// The kind an ArchiMate element type becomes on import, when the element carries no
/// `tomc:kind` property. Business actors become org units (a supplier cannot be told
/// from an internal unit by its type); journeys are never guessed.
pub fn kind_of_type(archimate_type: &str) -> Option<Kind> {
    Some(match archimate_type {
        "Driver" => Kind::Drivers,
        "Goal" => Kind::Objectives,
        "Outcome" => Kind::Kpis,
        "Stakeholder" => Kind::Personas,
        "BusinessInterface" => Kind::Touchpoints,
        "Assessment" => Kind::Insights,
        "Capability" => Kind::Capabilities,
        "BusinessProcess" | "BusinessFunction" => Kind::Processes,
        "BusinessActor" => Kind::OrgUnits,
        "BusinessRole" => Kind::Roles,
        "ApplicationComponent" => Kind::Systems,
        "BusinessObject" | "DataObject" => Kind::Information,
        "Location" => Kind::Locations,
        "WorkPackage" => Kind::Initiatives,
        _ => return None,
    })
}

/// Which end of a relationship the element holding the reference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The holder is the source: `process.capabilities` → process realizes capability.
    FromHolder,
    /// The holder is the target: `process.roles` → role is assigned to process.
    ToHolder,
}

/// How one reference field becomes a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The kind holding the field.
    pub kind: Kind,
    /// The field.
    pub field: Field,
    /// The ArchiMate relationship type.
    pub relationship: &'static str,
    /// Which end the holder is.
    pub direction: Direction,
    /// The relationship's name in the exchange file (associations say what they mean).
    pub name: Option<&'static str>,
}

const fn link(
    kind: Kind,
    field: Field,
    relationship: &'static str,
    direction: Direction,
    name: Option<&'static str>,
) -> Link {
    Link {
        kind,
        field,
        relationship,
        direction,
        name,
    }
}

use Direction::{FromHolder, ToHolder};

/// Every reference field of the format with its relationship (`owner` is in
/// [`OWNER`]; a journey's stage touchpoints are under [`Field::Stages`], its stage
/// insights in [`STAGE_EVIDENCE`]).
#[rustfmt::skip]
pub const LINKS: &[Link] = &[
    link(Kind::Drivers, Field::Objectives, "Influence", FromHolder, None),
    link(Kind::Objectives, Field::Parent, "Aggregation", ToHolder, None),
    link(Kind::Objectives, Field::Kpis, "Association", FromHolder, Some("measured by")),
    link(Kind::Kpis, Field::Persona, "Association", FromHolder, Some("measured for")),
    link(Kind::Journeys, Field::Persona, "Association", FromHolder, Some("journey of")),
    link(Kind::Journeys, Field::Stages, "Serving", ToHolder, None),
    link(Kind::Journeys, Field::Kpis, "Association", FromHolder, Some("measured by")),
    link(Kind::Touchpoints, Field::Capabilities, "Association", FromHolder, Some("supported by")),
    link(Kind::Touchpoints, Field::Processes, "Association", FromHolder, Some("backed by")),
    link(Kind::Touchpoints, Field::Kpis, "Association", FromHolder, Some("measured by")),
    link(Kind::Touchpoints, Field::OperatedBy, "Association", FromHolder, Some("operated by")),
    link(Kind::Insights, Field::Personas, "Association", FromHolder, Some("heard from")),
    link(Kind::Insights, Field::About, "Association", FromHolder, Some("about")),
    link(Kind::Capabilities, Field::Parent, "Composition", ToHolder, None),
    link(Kind::Capabilities, Field::Realizes, "Realization", FromHolder, None),
    link(Kind::Capabilities, Field::Suppliers, "Realization", ToHolder, None),
    link(Kind::Processes, Field::Capabilities, "Realization", FromHolder, None),
    link(Kind::Processes, Field::Roles, "Assignment", ToHolder, None),
    link(Kind::Processes, Field::Systems, "Serving", ToHolder, None),
    link(Kind::Processes, Field::Information, "Access", FromHolder, None),
    link(Kind::Processes, Field::Locations, "Aggregation", ToHolder, None),
    link(Kind::Processes, Field::Kpis, "Association", FromHolder, Some("measured by")),
    link(Kind::Processes, Field::Parent, "Composition", ToHolder, None),
    link(Kind::Processes, Field::OperatedBy, "Association", FromHolder, Some("operated by")),
    link(Kind::OrgUnits, Field::Parent, "Composition", ToHolder, None),
    link(Kind::Roles, Field::OrgUnit, "Assignment", ToHolder, None),
    link(Kind::Systems, Field::Supplier, "Association", FromHolder, Some("supplied by")),
    link(Kind::Information, Field::Systems, "Association", FromHolder, Some("held in")),
    // Named, to tell it from a capability's `suppliers`: the same relationship between
    // the same two elements, written on the other side.
    link(Kind::Suppliers, Field::Provides, "Realization", FromHolder, Some("provides")),
    link(Kind::Initiatives, Field::Delivers, "Realization", FromHolder, None),
    link(Kind::Initiatives, Field::Objectives, "Association", FromHolder, Some("serves")),
    link(Kind::Initiatives, Field::DependsOn, "Triggering", ToHolder, None),
    link(Kind::Initiatives, Field::Kpis, "Association", FromHolder, Some("moves")),
    link(Kind::Initiatives, Field::Addresses, "Association", FromHolder, Some("addresses")),
];

/// `owner`, on every kind: an association from the owner, named `owns`.
pub const OWNER: Link = link(
    Kind::Drivers,
    Field::Owner,
    "Association",
    ToHolder,
    Some("owns"),
);

/// A journey stage's `insights`: an association from the journey to the Assessment,
/// named `evidence`, at each plateau where a stage cites it: the relationship table has
/// no Serving from an Assessment, so the insights cannot take the touchpoints' Serving.
pub const STAGE_EVIDENCE: Link = link(
    Kind::Journeys,
    Field::Stages,
    "Association",
    FromHolder,
    Some("evidence"),
);

/// Every link: those of [`LINKS`], [`STAGE_EVIDENCE`], then `owner` on each kind.
pub fn links() -> impl Iterator<Item = Link> {
    let owners = Kind::ALL.iter().map(|&kind| Link { kind, ..OWNER });
    LINKS
        .iter()
        .copied()
        .chain(std::iter::once(STAGE_EVIDENCE))
        .chain(owners)
}

/// The relationship of `field` on elements of `kind`, if the field is a reference (for
/// `stages`, that of the stage touchpoints: see [`link_to`]).
pub fn link_of(kind: Kind, field: Field) -> Option<Link> {
    links().find(|l| l.kind == kind && l.field == field)
}

/// The relationship of a reference in `field` on an element of `kind` to an element of
/// kind `to`: [`link_of`], except that a journey stage's insights are
/// [`STAGE_EVIDENCE`].
pub fn link_to(kind: Kind, field: Field, to: Kind) -> Option<Link> {
    if kind == Kind::Journeys && field == Field::Stages && STAGE_INSIGHTS.accepts(to) {
        return Some(STAGE_EVIDENCE);
    }
    link_of(kind, field)
}

/// The kinds the references of `link` may name.
pub fn link_targets(link: Link) -> Option<Targets> {
    if link == STAGE_EVIDENCE {
        return Some(STAGE_INSIGHTS);
    }
    field_spec(link.kind, link.field.key()).and_then(|s| s.ty.link_targets())
}

/// The element types ArchiMate's plateaus aggregate: the core and strategy elements
/// (motivation elements and work packages stay outside plateaus).
pub fn in_plateaus(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Drivers
            | Kind::Objectives
            | Kind::Kpis
            | Kind::Personas
            | Kind::Insights
            | Kind::Initiatives
    )
}

/// The relationships of the ArchiMate 3.1 relationship table (Appendix B) between the
/// element types tomc writes, as far as tomc uses them: `(source, relationship, target)`.
/// Associations are allowed between any two elements and are not listed.
pub const ALLOWED: &[(&str, &str, &str)] = &[
    ("Driver", "Influence", "Goal"),
    ("Goal", "Aggregation", "Goal"),
    ("BusinessInterface", "Serving", "BusinessProcess"),
    ("Capability", "Composition", "Capability"),
    ("BusinessProcess", "Composition", "BusinessProcess"),
    ("Capability", "Realization", "Goal"),
    ("BusinessActor", "Realization", "Capability"),
    ("BusinessProcess", "Realization", "Capability"),
    ("BusinessRole", "Assignment", "BusinessProcess"),
    ("ApplicationComponent", "Serving", "BusinessProcess"),
    ("BusinessProcess", "Access", "BusinessObject"),
    ("Location", "Aggregation", "BusinessProcess"),
    ("BusinessActor", "Composition", "BusinessActor"),
    ("BusinessActor", "Assignment", "BusinessRole"),
    ("WorkPackage", "Triggering", "WorkPackage"),
    ("Plateau", "Triggering", "Plateau"),
    ("WorkPackage", "Realization", "Plateau"),
];

/// Whether the relationship table allows `relationship` from `source` to `target`:
/// associations always; a work package realizes any element it delivers; a plateau
/// aggregates core and strategy elements; the rest as [`ALLOWED`] lists.
pub fn allowed(source: &str, relationship: &str, target: &str) -> bool {
    match (source, relationship) {
        (_, "Association") => true,
        ("WorkPackage", "Realization") => true,
        ("Plateau", "Aggregation") => !matches!(
            target,
            "Driver" | "Goal" | "Outcome" | "Stakeholder" | "Assessment" | "WorkPackage"
        ),
        _ => ALLOWED.contains(&(source, relationship, target)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::all_fields;

    #[test]
    fn every_reference_field_has_a_relationship_the_table_allows() {
        for &kind in Kind::ALL {
            for spec in all_fields(kind) {
                let Some(targets) = spec.ty.link_targets() else {
                    continue;
                };
                let link = link_of(kind, spec.field)
                    .unwrap_or_else(|| panic!("{kind}.{} has no relationship", spec.field));
                for &to in Kind::ALL.iter().filter(|&&k| targets.accepts(k)) {
                    let (source, target) = match link.direction {
                        Direction::FromHolder => (element_type(kind), element_type(to)),
                        Direction::ToHolder => (element_type(to), element_type(kind)),
                    };
                    // A work package realizes whatever it delivers.
                    assert!(
                        allowed(source, link.relationship, target),
                        "{kind}.{}: {source} {} {target} is not in the table",
                        spec.field,
                        link.relationship
                    );
                }
            }
        }
    }

    #[test]
    fn stage_insights_are_an_association_and_stage_touchpoints_serve() {
        let insight = link_to(Kind::Journeys, Field::Stages, Kind::Insights);
        assert_eq!(insight, Some(STAGE_EVIDENCE));
        let touchpoint = link_to(Kind::Journeys, Field::Stages, Kind::Touchpoints);
        assert_eq!(touchpoint.map(|l| l.relationship), Some("Serving"));
        for link in links() {
            let targets = link_targets(link).expect("every link names elements");
            for &to in Kind::ALL.iter().filter(|&&k| targets.accepts(k)) {
                let (source, target) = match link.direction {
                    Direction::FromHolder => (element_type(link.kind), element_type(to)),
                    Direction::ToHolder => (element_type(to), element_type(link.kind)),
                };
                assert!(
                    allowed(source, link.relationship, target),
                    "{}.{}: {source} {} {target} is not in the table",
                    link.kind,
                    link.field,
                    link.relationship
                );
            }
        }
    }

    #[test]
    fn imported_types_map_back_to_the_kinds_they_were_exported_from() {
        for &kind in Kind::ALL {
            let back = kind_of_type(element_type(kind));
            match kind {
                Kind::Journeys => assert_eq!(back, Some(Kind::Processes)),
                Kind::Suppliers => assert_eq!(back, Some(Kind::OrgUnits)),
                _ => assert_eq!(back, Some(kind)),
            }
        }
    }
}
