//! The rule catalogue as data: every rule's id with its family, default level and scope,
//! the levels a rule may be set to, and the one parser of `RULE=LEVEL` settings that
//! `--rule` and `rules:` in `tom.yaml` share.
//!
//! The documentation and check of each rule live in [`crate::rules`]; what is here is what
//! every layer may know about a rule without depending on the checks.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the run.
    Error,
    /// Worth fixing; fails the run only under `--deny-warnings`.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// The word used in outputs.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A level a rule may be set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    Info,
    /// Do not report.
    Off,
}

impl Level {
    /// Every level, by its word.
    pub const ALL: &'static [(&'static str, Level)] = &[
        ("error", Level::Error),
        ("warning", Level::Warning),
        ("info", Level::Info),
        ("off", Level::Off),
    ];

    /// The words of every level, as written in `rules:` and `--rule`.
    pub fn words() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|(w, _)| *w)
    }

    /// The level named `word`.
    pub fn parse(word: &str) -> Option<Level> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, l)| *l)
    }

    /// The word for this level.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
            Level::Off => "off",
        }
    }

    /// The severity findings get at this level; `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

impl From<Severity> for Level {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Info => Level::Info,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Rule levels set by configuration, by rule.
pub type Levels = BTreeMap<RuleId, Level>;

/// Where a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The spec as written.
    Spec,
    /// Every plateau's projection (or the one given by `--plateau`).
    Each,
    /// The target plateau's projection (or the one given by `--plateau`).
    Target,
    /// The gaps of every step from the first plateau to the target (or the one given by
    /// `--plateau`).
    BaselineToTarget,
}

impl Scope {
    /// How the scope reads in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Spec => "spec",
            Scope::Each => "each plateau",
            Scope::Target => "target",
            Scope::BaselineToTarget => "baseline→target",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The family a rule belongs to, as in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// The spec cannot be read as a model.
    Structural,
    /// Drivers, objectives, KPIs and the capabilities that realize them.
    Strategy,
    /// Personas, journeys and touchpoints.
    Customer,
    /// Capabilities, processes, systems and the people behind them.
    Operations,
    /// Plateaus, gaps and initiatives.
    Change,
    /// Waivers and project settings.
    Configuration,
}

impl Family {
    /// Every family, in catalogue order.
    pub const ALL: &'static [Family] = &[
        Family::Structural,
        Family::Strategy,
        Family::Customer,
        Family::Operations,
        Family::Change,
        Family::Configuration,
    ];

    /// The family's heading.
    pub fn title(self) -> &'static str {
        match self {
            Family::Structural => "Structural",
            Family::Strategy => "Strategy alignment",
            Family::Customer => "Customer alignment",
            Family::Operations => "Operations",
            Family::Change => "Change",
            Family::Configuration => "Configuration",
        }
    }
}

macro_rules! rule_ids {
    ($($variant:ident => $id:literal, $family:ident, $default:ident, $scope:ident, $doc:literal;)*) => {
        /// A rule of the catalogue, by its id. Ids are kebab-case names of the problem,
        /// never reused, stable across releases; the order is the catalogue's.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId { $(#[doc = $doc] $variant,)* }

        impl RuleId {
            /// Every rule, by family in catalogue order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The id as written (`orphan-element`).
            pub const fn as_str(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)* }
            }

            /// The rule written `id`.
            pub fn from_id(id: &str) -> Option<RuleId> {
                match id { $($id => Some(RuleId::$variant),)* _ => None }
            }

            /// The rule's family.
            pub const fn family(self) -> Family {
                match self { $(RuleId::$variant => Family::$family,)* }
            }

            /// Its level when configuration says nothing.
            pub const fn default_severity(self) -> Severity {
                match self { $(RuleId::$variant => Severity::$default,)* }
            }

            /// Where it looks.
            pub const fn scope(self) -> Scope {
                match self { $(RuleId::$variant => Scope::$scope,)* }
            }

            /// What it finds, in one sentence.
            pub const fn summary(self) -> &'static str {
                match self { $(RuleId::$variant => $doc,)* }
            }
        }
    };
}

rule_ids! {
    YamlSyntax => "yaml-syntax", Structural, Error, Spec, "A file is not valid YAML.";
    Schema => "schema", Structural, Error, Spec, "A field is unknown, mistyped or missing.";
    InvalidId => "invalid-id", Structural, Error, Spec, "An id does not match the id pattern.";
    DuplicateId => "duplicate-id", Structural, Error, Spec, "Two elements (or two stages of a journey) share an id.";
    UnknownReference => "unknown-reference", Structural, Error, Spec, "A reference names no element.";
    WrongReferenceKind => "wrong-reference-kind", Structural, Error, Spec, "A reference names an element of a kind the field does not accept.";
    UnknownPlateau => "unknown-plateau", Structural, Error, Spec, "A plateau id names no plateau, or `from` comes after `until`.";
    HierarchyCycle => "hierarchy-cycle", Structural, Error, Spec, "`parent` or `depends_on` links form a cycle.";
    AbsentReference => "absent-reference", Structural, Error, Each, "A reference names an element that does not exist at that plateau.";
    IncludeOutsideProject => "include-outside-project", Structural, Error, Spec, "An include glob or matched file lies outside the project directory.";
    ObjectiveUnrealized => "objective-unrealized", Strategy, Error, Target, "No capability realizes an objective.";
    CapabilityUnaligned => "capability-unaligned", Strategy, Warning, Target, "A capability serves no objective.";
    ObjectiveUnmeasured => "objective-unmeasured", Strategy, Warning, Target, "An objective has no KPI.";
    KpiWithoutTarget => "kpi-without-target", Strategy, Warning, Target, "A KPI has no value at the target.";
    KpiTargetRegresses => "kpi-target-regresses", Strategy, Warning, Target, "A KPI's target is worse than its baseline.";
    KpiOffTrack => "kpi-off-track", Strategy, Warning, Each, "A KPI's latest actual is off track against its plan.";
    KpiUnattached => "kpi-unattached", Strategy, Info, Spec, "A KPI that nothing names.";
    TouchpointUnsupported => "touchpoint-unsupported", Customer, Error, Target, "A touchpoint has no capability behind it.";
    StageWithoutTouchpoint => "stage-without-touchpoint", Customer, Warning, Target, "A journey stage meets no touchpoint.";
    PersonaWithoutJourney => "persona-without-journey", Customer, Warning, Target, "A persona takes no journey.";
    MomentUnmeasured => "moment-unmeasured", Customer, Warning, Target, "A moment that matters has no KPI.";
    MomentMeasuredInsideOut => "moment-measured-inside-out", Customer, Warning, Target, "A moment that matters is measured by no KPI in the customer's voice.";
    TouchpointWithoutProcess => "touchpoint-without-process", Customer, Info, Target, "A touchpoint has no process behind it.";
    PainUnresolved => "pain-unresolved", Customer, Warning, Target, "A journey stage still feels negative at the target.";
    InsightUnaddressed => "insight-unaddressed", Customer, Warning, Spec, "A high-severity insight that no initiative addresses.";
    MissingOwner => "missing-owner", Operations, Warning, Target, "An element that needs an owner has none.";
    CapabilityUnrealized => "capability-unrealized", Operations, Warning, Target, "A capability no process realizes.";
    OrphanElement => "orphan-element", Operations, Info, Target, "An element nothing refers to and that refers to nothing.";
    RetiringSystemInUse => "retiring-system-in-use", Operations, Warning, Each, "A process uses a system that is being retired.";
    SourcingWithoutSupplier => "sourcing-without-supplier", Operations, Warning, Each, "A capability sourced from a partner or outsourced has no supplier.";
    GapWithoutInitiative => "gap-without-initiative", Change, Error, BaselineToTarget, "A change between plateaus that no initiative delivers.";
    DeliveryOutOfStep => "delivery-out-of-step", Change, Error, Spec, "An initiative lands in a plateau other than the one its change happens in.";
    DeliversUnchanged => "delivers-unchanged", Change, Warning, Spec, "An initiative delivers an element that never changes.";
    InitiativeWithoutObjective => "initiative-without-objective", Change, Warning, Spec, "An initiative serves no objective.";
    InitiativeOrder => "initiative-order", Change, Error, Spec, "An initiative lands before one it depends on.";
    InitiativeUnsized => "initiative-unsized", Change, Warning, Spec, "An initiative has neither a cost nor an effort.";
    InitiativeEndsBeforeStart => "initiative-ends-before-start", Change, Error, Spec, "An initiative ends before it starts.";
    InitiativeEndsLate => "initiative-ends-late", Change, Warning, Spec, "An initiative ends after the date of the plateau it lands in.";
    MaturityRegression => "maturity-regression", Change, Info, Each, "A capability's maturity goes down from one plateau to the next.";
    KpiMoveWithoutInitiative => "kpi-move-without-initiative", Change, Info, Each, "A KPI's value moves at a plateau where no initiative names it.";
    UnusedWaiver => "unused-waiver", Configuration, Warning, Spec, "A waiver silences nothing.";
    IncludeMatchesNothing => "include-matches-nothing", Configuration, Warning, Spec, "An include glob matches no file.";
}

impl RuleId {
    /// Whether the rule is structural: the spec cannot be read as a model. Structural
    /// rules are always errors and cannot be waived.
    pub const fn is_structural(self) -> bool {
        matches!(self.family(), Family::Structural)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Why a `RULE=LEVEL` setting cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingError {
    /// The rule id names no rule; the help suggests the closest id.
    UnknownRule {
        /// How to fix it.
        help: String,
    },
    /// The level is not a level; the help suggests the closest word.
    UnknownLevel {
        /// How to fix it.
        help: String,
    },
    /// A structural rule set to something other than `error`.
    Structural,
}

impl SettingError {
    /// How to fix it.
    pub fn help(&self) -> &str {
        match self {
            SettingError::UnknownRule { help } | SettingError::UnknownLevel { help } => help,
            SettingError::Structural => {
                "structural problems make the model unreadable; they are always errors: fix them instead"
            }
        }
    }
}

/// The rule named `id`, or the error that says so with the closest id.
pub fn rule_named(id: &str) -> Result<RuleId, SettingError> {
    RuleId::from_id(id).ok_or_else(|| SettingError::UnknownRule {
        help: crate::text::suggestion(id, RuleId::ALL.iter().map(|r| r.as_str()))
            .unwrap_or_else(|| "`tomc rules` lists every rule id".into()),
    })
}

/// The setting of `rule` to the level written `word`: the one check behind `--rule` and
/// `rules:` in `tom.yaml`.
pub fn level_for(rule: RuleId, word: &str) -> Result<Level, SettingError> {
    let level = Level::parse(word).ok_or_else(|| SettingError::UnknownLevel {
        help: crate::text::suggestion(word, Level::words())
            .unwrap_or_else(|| "levels are error, warning, info and off".into()),
    })?;
    if rule.is_structural() && level != Level::Error {
        return Err(SettingError::Structural);
    }
    Ok(level)
}

/// A `--rule RULE=LEVEL` argument, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSetting {
    /// The rule.
    pub rule: RuleId,
    /// Its level.
    pub level: Level,
}

impl std::str::FromStr for RuleSetting {
    type Err = String;

    /// Parses `RULE=LEVEL`; the error is one sentence and its fix, for the command line.
    fn from_str(text: &str) -> Result<Self, String> {
        let Some((id, word)) = text.split_once('=') else {
            return Err(
                "expected RULE=LEVEL: write e.g. `--rule capability-unaligned=error`".into(),
            );
        };
        let (id, word) = (id.trim(), word.trim());
        let rule = rule_named(id).map_err(|e| format!("unknown rule `{id}`: {}", e.help()))?;
        let level = level_for(rule, word).map_err(|e| match e {
            SettingError::Structural => {
                format!("structural rules are always errors: {}", e.help())
            }
            _ => format!("unknown level `{word}`: {}", e.help()),
        })?;
        Ok(RuleSetting { rule, level })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        for &rule in RuleId::ALL {
            let id = rule.as_str();
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id} is not kebab-case"
            );
            assert_eq!(RuleId::from_id(id), Some(rule));
        }
    }

    #[test]
    fn settings_parse_once_for_both_places() {
        let ok: RuleSetting = "missing-owner=off".parse().unwrap();
        assert_eq!((ok.rule, ok.level), (RuleId::MissingOwner, Level::Off));
        let err = "missing-ownr=off".parse::<RuleSetting>().unwrap_err();
        assert!(err.contains("did you mean `missing-owner`?"), "{err}");
        let err = "missing-owner=of".parse::<RuleSetting>().unwrap_err();
        assert!(err.contains("did you mean `off`?"), "{err}");
        assert!(
            "missing-owner"
                .parse::<RuleSetting>()
                .unwrap_err()
                .contains("RULE=LEVEL")
        );
        let err = "schema=warning".parse::<RuleSetting>().unwrap_err();
        assert!(err.contains("structural rules are always errors"), "{err}");
        assert_eq!(level_for(RuleId::Schema, "error"), Ok(Level::Error));
    }
}
