//! The rule catalogue: every rule id tomc can emit, with its default level.
//!
//! Ids are kebab-case names of the problem, never reused, stable across releases.

use crate::diag::Severity;

/// Where a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The spec as written.
    Spec,
    /// Every plateau's projection.
    Each,
    /// The target plateau's projection (or the one given by `--plateau`).
    Target,
    /// The gaps between the first and last plateau.
    BaselineToTarget,
}

/// A rule of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The rule id.
    pub id: &'static str,
    /// Its level when configuration says nothing.
    pub default: Severity,
    /// Structural rules cannot be lowered below error or waived.
    pub structural: bool,
    /// Where it looks.
    pub scope: Scope,
}

const fn structural(id: &'static str, scope: Scope) -> RuleInfo {
    RuleInfo {
        id,
        default: Severity::Error,
        structural: true,
        scope,
    }
}

const fn rule(id: &'static str, default: Severity, scope: Scope) -> RuleInfo {
    RuleInfo {
        id,
        default,
        structural: false,
        scope,
    }
}

/// A file is not valid YAML.
pub const YAML_SYNTAX: &str = "yaml-syntax";
/// A field is unknown, mistyped or missing.
pub const SCHEMA: &str = "schema";
/// An id does not match the id pattern.
pub const INVALID_ID: &str = "invalid-id";
/// Two elements (or two stages of a journey) share an id.
pub const DUPLICATE_ID: &str = "duplicate-id";
/// A reference names no element.
pub const UNKNOWN_REFERENCE: &str = "unknown-reference";
/// A reference names an element of a kind the field does not accept.
pub const WRONG_REFERENCE_KIND: &str = "wrong-reference-kind";
/// A plateau id names no plateau, or `from` comes after `until`.
pub const UNKNOWN_PLATEAU: &str = "unknown-plateau";
/// `parent` or `depends_on` links form a cycle.
pub const HIERARCHY_CYCLE: &str = "hierarchy-cycle";
/// A reference names an element absent from that plateau.
pub const ABSENT_REFERENCE: &str = "absent-reference";
/// An include glob or matched file lies outside the project directory.
pub const INCLUDE_OUTSIDE_PROJECT: &str = "include-outside-project";
/// An include glob matches no file.
pub const INCLUDE_MATCHES_NOTHING: &str = "include-matches-nothing";

/// Every rule, structural rules first, then by family as in the catalogue.
pub const RULES: &[RuleInfo] = &[
    structural(YAML_SYNTAX, Scope::Spec),
    structural(SCHEMA, Scope::Spec),
    structural(INVALID_ID, Scope::Spec),
    structural(DUPLICATE_ID, Scope::Spec),
    structural(UNKNOWN_REFERENCE, Scope::Spec),
    structural(WRONG_REFERENCE_KIND, Scope::Spec),
    structural(UNKNOWN_PLATEAU, Scope::Spec),
    structural(HIERARCHY_CYCLE, Scope::Spec),
    structural(ABSENT_REFERENCE, Scope::Each),
    structural(INCLUDE_OUTSIDE_PROJECT, Scope::Spec),
    rule("objective-unrealized", Severity::Error, Scope::Target),
    rule("capability-unaligned", Severity::Warning, Scope::Target),
    rule("objective-unmeasured", Severity::Warning, Scope::Target),
    rule("kpi-without-target", Severity::Warning, Scope::Target),
    rule("touchpoint-unsupported", Severity::Error, Scope::Target),
    rule("stage-without-touchpoint", Severity::Warning, Scope::Target),
    rule("persona-without-journey", Severity::Warning, Scope::Target),
    rule("moment-unmeasured", Severity::Warning, Scope::Target),
    rule("touchpoint-without-process", Severity::Info, Scope::Target),
    rule("missing-owner", Severity::Warning, Scope::Target),
    rule("capability-unrealized", Severity::Warning, Scope::Target),
    rule("orphan-element", Severity::Info, Scope::Target),
    rule("retiring-system-in-use", Severity::Warning, Scope::Each),
    rule(
        "gap-without-initiative",
        Severity::Error,
        Scope::BaselineToTarget,
    ),
    rule(
        "initiative-without-objective",
        Severity::Warning,
        Scope::Spec,
    ),
    rule("initiative-order", Severity::Error, Scope::Spec),
    rule("maturity-regression", Severity::Info, Scope::Each),
    rule("unused-waiver", Severity::Warning, Scope::Spec),
    rule(INCLUDE_MATCHES_NOTHING, Severity::Warning, Scope::Spec),
];

/// The rule with this id.
pub fn lookup(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        assert!(
            ids.iter()
                .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(n, ids.len());
    }
}
