//! The rule catalogue: every rule tomc can emit, in one list. Ids are kebab-case names
//! of the problem, never reused, stable across releases.

use crate::spec::RuleId;

use super::{Rule, change, configuration, customer, operations, strategy, structural};

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
    &strategy::kpi_target_regresses::RULE,
    &strategy::kpi_off_track::RULE,
    &strategy::kpi_unattached::RULE,
    &customer::touchpoint_unsupported::RULE,
    &customer::stage_without_touchpoint::RULE,
    &customer::persona_without_journey::RULE,
    &customer::moment_unmeasured::RULE,
    &customer::moment_measured_inside_out::RULE,
    &customer::touchpoint_without_process::RULE,
    &customer::pain_unresolved::RULE,
    &customer::insight_unaddressed::RULE,
    &operations::missing_owner::RULE,
    &operations::capability_unrealized::RULE,
    &operations::orphan_element::RULE,
    &operations::retiring_system_in_use::RULE,
    &operations::sourcing_without_supplier::RULE,
    &change::gap_without_initiative::RULE,
    &change::delivery_out_of_step::RULE,
    &change::delivers_unchanged::RULE,
    &change::initiative_without_objective::RULE,
    &change::initiative_order::RULE,
    &change::initiative_unsized::RULE,
    &change::initiative_ends_before_start::RULE,
    &change::initiative_ends_late::RULE,
    &change::maturity_regression::RULE,
    &change::kpi_move_without_initiative::RULE,
    &configuration::unused_waiver::RULE,
    &configuration::include_matches_nothing::RULE,
];

/// The rule written `id`.
pub fn lookup(id: &str) -> Option<&'static Rule> {
    RuleId::from_id(id).map(rule)
}

/// The rule `id`: [`RULES`] lists the rules in the order of [`RuleId::ALL`].
pub fn rule(id: RuleId) -> &'static Rule {
    RULES[id as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Family;

    #[test]
    fn rules_are_listed_in_the_order_of_their_ids() {
        assert_eq!(RULES.len(), RuleId::ALL.len());
        for (rule, id) in RULES.iter().zip(RuleId::ALL) {
            assert_eq!(rule.id, *id);
            assert_eq!(super::rule(*id).id, *id);
        }
    }

    #[test]
    fn every_rule_is_documented_in_four_sections() {
        const SECTIONS: [&str; 4] = ["What it checks", "Why it matters", "Example", "Fix"];
        for rule in RULES {
            let summary = rule.summary();
            assert!(
                !summary.is_empty() && !summary.starts_with('#') && summary.ends_with('.'),
                "{}: the doc comment starts with a one-line summary sentence",
                rule.id
            );
            assert!(summary.len() <= 100, "{}: summary too long", rule.id);
            let doc = rule.documentation();
            let mut last = 0;
            for title in SECTIONS {
                let at = doc
                    .find(&format!("\n## {title}\n"))
                    .unwrap_or_else(|| panic!("{}: no `## {title}` section", rule.id));
                assert!(at > last, "{}: `## {title}` out of order", rule.id);
                last = at;
                let text = rule.section(title).unwrap_or_default();
                assert!(text.len() > 20, "{}: `## {title}` is empty", rule.id);
            }
            let example = rule.section("Example").unwrap_or_default();
            assert!(
                example.contains("```yaml"),
                "{}: the example shows YAML",
                rule.id
            );
        }
    }

    #[test]
    fn rules_with_no_check_are_reported_elsewhere() {
        for rule in RULES {
            let elsewhere = (rule.structural && rule.id != RuleId::AbsentReference)
                || [RuleId::UnusedWaiver, RuleId::IncludeMatchesNothing].contains(&rule.id);
            assert_eq!(rule.check.is_none(), elsewhere, "{}", rule.id);
        }
    }

    #[test]
    fn structural_rules_are_errors_and_come_first() {
        let first_other = RULES.iter().position(|r| !r.structural).unwrap_or(0);
        assert!(RULES[..first_other].iter().all(|r| r.structural
            && r.family == Family::Structural
            && r.default == crate::diag::Severity::Error));
        assert!(RULES[first_other..].iter().all(|r| !r.structural));
    }
}
