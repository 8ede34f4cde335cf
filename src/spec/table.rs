//! The table of the format: every field of every kind, with its type, whether it may
//! be staged and whether it is required, in canonical order.

use super::values::{
    AUTOMATIONS, CHANNELS, DIRECTIONS, DRIVER_CATEGORIES, INSIGHT_SOURCES, INSIGHT_VOICES, LAYERS,
    LIFECYCLES, MUST_DOS, PERSONA_TYPES, PHASES, RATINGS, SOURCINGS, VOICES,
};
use super::{Field, FieldSpec, FieldType, Kind, Targets};

const fn field(field: Field, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        field,
        ty,
        staged: false,
        required: false,
        doc,
    }
}

const fn staged(field: Field, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        field,
        ty,
        staged: true,
        required: false,
        doc,
    }
}

const fn required(field: Field, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        field,
        ty,
        staged: false,
        required: true,
        doc,
    }
}

const fn refs(kinds: &'static [Kind]) -> FieldType {
    FieldType::References(Targets::Kinds(kinds))
}

const fn one(kinds: &'static [Kind]) -> FieldType {
    FieldType::Reference(Targets::Kinds(kinds))
}

use Field as F;
use FieldType as T;
use Kind as K;

/// Fields every element has, besides `id`, `from`, `until`, `waivers` and `properties`.
pub const COMMON_FIELDS: &[FieldSpec] = &[
    required(F::Name, T::Text, "Display name."),
    field(F::Description, T::Markdown, "Description, in Markdown."),
    staged(
        F::Owner,
        one(&[K::OrgUnits, K::Roles]),
        "The org unit or role accountable for the element.",
    ),
    field(F::Tags, T::Strings, "Free-form tags."),
];

const DRIVERS: &[FieldSpec] = &[
    field(
        F::Category,
        T::Enum(DRIVER_CATEGORIES),
        "What kind of force this is.",
    ),
    staged(
        F::Objectives,
        refs(&[K::Objectives]),
        "The objectives this driver motivates.",
    ),
];

const OBJECTIVES: &[FieldSpec] = &[
    field(
        F::Parent,
        one(&[K::Objectives]),
        "The objective this one contributes to.",
    ),
    staged(
        F::Kpis,
        refs(&[K::Kpis]),
        "The KPIs that measure this objective.",
    ),
];

const KPIS: &[FieldSpec] = &[
    field(
        F::Unit,
        T::Text,
        "Unit of measure (`%`, `days`, `score`, ...).",
    ),
    field(F::Direction, T::Enum(DIRECTIONS), "Which way is better."),
    field(F::Voice, T::Enum(VOICES), "Whose voice the KPI speaks for."),
    staged(
        F::Value,
        T::Number { negative: true },
        "The KPI's value in each plateau.",
    ),
    field(
        F::Persona,
        one(&[K::Personas]),
        "The persona (customer segment) the KPI is measured for.",
    ),
    field(F::Source, T::Text, "Where the measured values come from."),
    field(F::Frequency, T::Text, "How often it is measured."),
    field(F::Formula, T::Text, "How it is calculated."),
    field(
        F::Actuals,
        T::Actuals,
        "Measured values: a list of `{ date, value }`.",
    ),
];

const PERSONAS: &[FieldSpec] = &[
    field(
        F::Type,
        T::Enum(PERSONA_TYPES),
        "Consumer, business customer or internal user.",
    ),
    field(F::Segment, T::Text, "The customer segment."),
    field(F::Needs, T::Strings, "What the persona needs."),
    field(F::Pains, T::Strings, "What frustrates the persona today."),
    field(F::Gains, T::Strings, "What the persona hopes to gain."),
    field(
        F::Jobs,
        T::Strings,
        "The jobs the persona is trying to get done.",
    ),
];

const JOURNEYS: &[FieldSpec] = &[
    required(
        F::Persona,
        one(&[K::Personas]),
        "The persona who takes this journey.",
    ),
    staged(F::Stages, T::Stages, "The journey's stages, in order."),
    staged(
        F::Kpis,
        refs(&[K::Kpis]),
        "The KPIs that measure this journey.",
    ),
];

const TOUCHPOINTS: &[FieldSpec] = &[
    field(
        F::Channel,
        T::Enum(CHANNELS),
        "The channel of the touchpoint.",
    ),
    field(
        F::Phase,
        T::Enum(PHASES),
        "When it happens for the customer: before, during or after the service.",
    ),
    field(
        F::MomentThatMatters,
        T::Boolean,
        "Whether this is a moment that matters (default false).",
    ),
    staged(
        F::OperatedBy,
        one(&[K::Suppliers]),
        "The supplier that runs the touchpoint, if not the organisation itself.",
    ),
    staged(
        F::Capabilities,
        refs(&[K::Capabilities]),
        "The capabilities that support this touchpoint.",
    ),
    staged(
        F::Processes,
        refs(&[K::Processes]),
        "The processes behind it (its service blueprint).",
    ),
    staged(
        F::Kpis,
        refs(&[K::Kpis]),
        "The KPIs that measure this touchpoint.",
    ),
];

const CAPABILITIES: &[FieldSpec] = &[
    field(
        F::Parent,
        one(&[K::Capabilities]),
        "The capability this one is part of.",
    ),
    staged(
        F::Realizes,
        refs(&[K::Objectives]),
        "The objectives this capability realizes.",
    ),
    staged(
        F::Maturity,
        T::Integer { min: 0, max: 5 },
        "Maturity from 0 to 5.",
    ),
    staged(
        F::Sourcing,
        T::Enum(SOURCINGS),
        "How the capability is sourced.",
    ),
    staged(
        F::Suppliers,
        refs(&[K::Suppliers]),
        "Suppliers involved in this capability.",
    ),
];

const PROCESSES: &[FieldSpec] = &[
    field(
        F::Parent,
        one(&[K::Processes]),
        "The process this one is a step of.",
    ),
    staged(
        F::Capabilities,
        refs(&[K::Capabilities]),
        "The capabilities this process realizes.",
    ),
    field(
        F::Layer,
        T::Enum(LAYERS),
        "Where the process sits in the service blueprint.",
    ),
    staged(F::Roles, refs(&[K::Roles]), "The roles that perform it."),
    staged(F::Systems, refs(&[K::Systems]), "The systems it uses."),
    staged(
        F::Information,
        refs(&[K::Information]),
        "The information it uses.",
    ),
    staged(
        F::Locations,
        refs(&[K::Locations]),
        "Where it is performed.",
    ),
    staged(F::Kpis, refs(&[K::Kpis]), "The KPIs that measure it."),
    staged(
        F::OperatedBy,
        one(&[K::Suppliers]),
        "The supplier that runs the process, if not the organisation itself.",
    ),
    staged(
        F::Automation,
        T::Enum(AUTOMATIONS),
        "How far the process is automated.",
    ),
];

const INSIGHTS: &[FieldSpec] = &[
    required(
        F::Voice,
        T::Enum(INSIGHT_VOICES),
        "Whose experience it speaks of.",
    ),
    field(
        F::Source,
        T::Enum(INSIGHT_SOURCES),
        "How the evidence was gathered.",
    ),
    field(F::Date, T::Date, "When it was gathered, `YYYY-MM-DD`."),
    field(
        F::Sample,
        T::Integer {
            min: 0,
            max: i64::MAX,
        },
        "How many people or cases it rests on.",
    ),
    field(F::Quote, T::Text, "What was said, in the person's words."),
    field(F::Severity, T::Enum(RATINGS), "How much it hurts."),
    field(
        F::Personas,
        refs(&[K::Personas]),
        "The personas it is about.",
    ),
    field(
        F::About,
        refs(&[
            K::Touchpoints,
            K::Journeys,
            K::Processes,
            K::Systems,
            K::Capabilities,
        ]),
        "The touchpoints, journeys, processes, systems or capabilities it is about.",
    ),
];

const ORG_UNITS: &[FieldSpec] = &[
    field(
        F::Parent,
        one(&[K::OrgUnits]),
        "The org unit this one belongs to.",
    ),
    staged(
        F::Headcount,
        T::Integer {
            min: 0,
            max: i64::MAX,
        },
        "Number of people.",
    ),
];

const ROLES: &[FieldSpec] = &[
    staged(
        F::OrgUnit,
        one(&[K::OrgUnits]),
        "The org unit the role sits in.",
    ),
    staged(
        F::Headcount,
        T::Integer {
            min: 0,
            max: i64::MAX,
        },
        "Number of people in the role.",
    ),
];

const SYSTEMS: &[FieldSpec] = &[
    staged(F::Lifecycle, T::Enum(LIFECYCLES), "Lifecycle state."),
    staged(
        F::Supplier,
        one(&[K::Suppliers]),
        "The supplier of the system.",
    ),
];

const INFORMATION: &[FieldSpec] = &[staged(
    F::Systems,
    refs(&[K::Systems]),
    "The systems that hold it.",
)];

const SUPPLIERS: &[FieldSpec] = &[
    staged(
        F::Provides,
        refs(&[K::Capabilities]),
        "The capabilities the supplier provides.",
    ),
    field(F::Sla, T::Text, "The service level agreed."),
];

const LOCATIONS: &[FieldSpec] = &[field(
    F::Type,
    T::Text,
    "What kind of place (branch, office, ...).",
)];

const INITIATIVES: &[FieldSpec] = &[
    field(
        F::Delivers,
        FieldType::References(Targets::Any),
        "The elements the initiative adds, removes or changes.",
    ),
    staged(
        F::Objectives,
        refs(&[K::Objectives]),
        "The objectives the initiative serves.",
    ),
    required(
        F::LandsIn,
        T::Plateau,
        "The plateau in which its results are in place.",
    ),
    field(
        F::DependsOn,
        refs(&[K::Initiatives]),
        "Initiatives that must land first.",
    ),
    field(
        F::Cost,
        T::Number { negative: false },
        "Cost (one currency across the model), zero or more.",
    ),
    field(
        F::Benefit,
        T::Number { negative: false },
        "Benefit (same currency as cost), zero or more.",
    ),
    field(F::Kpis, refs(&[K::Kpis]), "The KPIs the initiative moves."),
    field(
        F::Addresses,
        refs(&[K::Insights]),
        "The insights the initiative acts on.",
    ),
    field(
        F::CustomerValue,
        SCORE,
        "Value to customers, from 1 (little) to 5 (great).",
    ),
    field(
        F::BusinessValue,
        SCORE,
        "Value to the business, from 1 (little) to 5 (great).",
    ),
    field(
        F::Effort,
        SCORE,
        "Effort, from 1 (small) to 5 (very large).",
    ),
    field(F::Risk, T::Enum(RATINGS), "Delivery risk."),
    field(
        F::MustDo,
        T::Enum(MUST_DOS),
        "Why it must be done whatever its value.",
    ),
    field(F::Start, T::Date, "When work starts, `YYYY-MM-DD`."),
    field(F::End, T::Date, "When work ends, `YYYY-MM-DD`."),
];

/// A score from 1 to 5.
const SCORE: FieldType = T::Integer { min: 1, max: 5 };

/// The fields of each kind, in canonical order (after the common fields).
pub fn kind_fields(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        K::Drivers => DRIVERS,
        K::Objectives => OBJECTIVES,
        K::Kpis => KPIS,
        K::Personas => PERSONAS,
        K::Journeys => JOURNEYS,
        K::Touchpoints => TOUCHPOINTS,
        K::Insights => INSIGHTS,
        K::Capabilities => CAPABILITIES,
        K::Processes => PROCESSES,
        K::OrgUnits => ORG_UNITS,
        K::Roles => ROLES,
        K::Systems => SYSTEMS,
        K::Information => INFORMATION,
        K::Suppliers => SUPPLIERS,
        K::Locations => LOCATIONS,
        K::Initiatives => INITIATIVES,
    }
}
