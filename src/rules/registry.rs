//! The rule catalogue: every rule tomc can emit, in one list. Ids are kebab-case names
//! of the problem, never reused, stable across releases.

use super::{Rule, change, configuration, customer, operations, strategy, structural};

/// A file is not valid YAML.
pub const YAML_SYNTAX: &str = structural::yaml_syntax::RULE.id;
/// A field is unknown, mistyped or missing.
pub const SCHEMA: &str = structural::schema::RULE.id;
/// An id does not match the id pattern.
pub const INVALID_ID: &str = structural::invalid_id::RULE.id;
/// Two elements (or two stages of a journey) share an id.
pub const DUPLICATE_ID: &str = structural::duplicate_id::RULE.id;
/// A reference names no element.
pub const UNKNOWN_REFERENCE: &str = structural::unknown_reference::RULE.id;
/// A reference names an element of a kind the field does not accept.
pub const WRONG_REFERENCE_KIND: &str = structural::wrong_reference_kind::RULE.id;
/// A plateau id names no plateau, or `from` comes after `until`.
pub const UNKNOWN_PLATEAU: &str = structural::unknown_plateau::RULE.id;
/// `parent` or `depends_on` links form a cycle.
pub const HIERARCHY_CYCLE: &str = structural::hierarchy_cycle::RULE.id;
/// An include glob or matched file lies outside the project directory.
pub const INCLUDE_OUTSIDE_PROJECT: &str = structural::include_outside_project::RULE.id;
/// An include glob matches no file.
pub const INCLUDE_MATCHES_NOTHING: &str = configuration::include_matches_nothing::RULE.id;
/// A waiver silences nothing.
pub const UNUSED_WAIVER: &str = configuration::unused_waiver::RULE.id;

/// Every rule, by family in catalogue order.
pub const RULES: &[&Rule] = &[
    &structural::yaml_syntax::RULE,
    &structural::schema::RULE,
    &structural::invalid_id::RULE,
    &structural::duplicate_id::RULE,
    &structural::unknown_reference::RULE,
    &structural::wrong_reference_kind::RULE,
    &structural::unknown_plateau::RULE,
    &structural::hierarchy_cycle::RULE,
    &structural::absent_reference::RULE,
    &structural::include_outside_project::RULE,
    &strategy::objective_unrealized::RULE,
    &strategy::capability_unaligned::RULE,
    &strategy::objective_unmeasured::RULE,
    &strategy::kpi_without_target::RULE,
    &customer::touchpoint_unsupported::RULE,
    &customer::stage_without_touchpoint::RULE,
    &customer::persona_without_journey::RULE,
    &customer::moment_unmeasured::RULE,
    &customer::touchpoint_without_process::RULE,
    &operations::missing_owner::RULE,
    &operations::capability_unrealized::RULE,
    &operations::orphan_element::RULE,
    &operations::retiring_system_in_use::RULE,
    &change::gap_without_initiative::RULE,
    &change::initiative_without_objective::RULE,
    &change::initiative_order::RULE,
    &change::maturity_regression::RULE,
    &configuration::unused_waiver::RULE,
    &configuration::include_matches_nothing::RULE,
];

/// The rule with this id.
pub fn lookup(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}
