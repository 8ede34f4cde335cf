//! The spec format, version 1, as data: every element kind, every field, its type,
//! whether it may be staged and which kinds a reference may name.
//!
//! This table is the single source of truth for the resolver (what to accept), the JSON
//! Schema (what editors offer) and the outputs (which order fields appear in).

pub mod dependencies;
pub mod rules;
mod table;
pub mod values;

use std::fmt;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

pub use rules::{Family, Level, Levels, RuleId, Scope, Severity};
pub use values::{
    AUTOMATIONS, Automation, CHANNELS, Channel, DIRECTIONS, DRIVER_CATEGORIES, Direction,
    DriverCategory, EMOTIONS, Emotion, INSIGHT_SOURCES, INSIGHT_VOICES, InsightSource,
    InsightVoice, LAYERS, LIFECYCLES, Layer, Lifecycle, MUST_DOS, MustDo, PERSONA_TYPES, PHASES,
    PersonaType, Phase, RATINGS, Rating, SOURCINGS, Sourcing, VOICES, ValueEnum, Voice,
};

/// The version of the spec format this build reads (`tom: 1`).
pub const FORMAT_VERSION: i64 = 1;

/// The pattern every element id must match.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9._-]*$";

/// The longest id accepted, in characters. Ids become file names of the site and of
/// exports; 100 characters leave room for the directory and the extension within the
/// 255 bytes most file systems allow in a name.
pub const MAX_ID_LEN: usize = 100;

/// Whether `id` matches [`ID_PATTERN`] and is at most [`MAX_ID_LEN`] characters long.
pub fn is_valid_id(id: &str) -> bool {
    id.len() <= MAX_ID_LEN && has_id_alphabet(id)
}

/// Whether `id` matches [`ID_PATTERN`], whatever its length.
pub fn has_id_alphabet(id: &str) -> bool {
    // The alphabet is ASCII, so bytes will do: any byte of a wider character fails.
    let bytes = id.as_bytes();
    bytes
        .first()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.iter().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

macro_rules! kinds {
    ($($variant:ident => $key:literal, $singular:literal, $doc:literal;)*) => {
        /// An element kind: a top-level key of a model file.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind { $(#[doc = $doc] $variant,)* }

        impl Kind {
            /// Every kind, in the canonical order used by all outputs.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The YAML key of this kind (`capabilities`).
            pub fn key(self) -> &'static str {
                match self { $(Kind::$variant => $key,)* }
            }

            /// The singular noun used in messages (`capability`).
            pub fn singular(self) -> &'static str {
                match self { $(Kind::$variant => $singular,)* }
            }

            /// One line on what elements of this kind represent.
            pub fn doc(self) -> &'static str {
                match self { $(Kind::$variant => $doc,)* }
            }

            /// The kind whose YAML key is `key`.
            pub fn from_key(key: &str) -> Option<Kind> {
                match key { $($key => Some(Kind::$variant),)* _ => None }
            }
        }
    };
}

kinds! {
    Drivers => "drivers", "driver", "A force that makes the organisation change: customer, market, regulation, technology, cost, workforce.";
    Objectives => "objectives", "objective", "A strategic objective the operating model must deliver.";
    Kpis => "kpis", "KPI", "A measure of success, with a unit, a better direction, a voice and staged values.";
    Personas => "personas", "persona", "A customer segment described by its needs and pains.";
    Journeys => "journeys", "journey", "A persona's end-to-end journey, in stages that meet touchpoints.";
    Touchpoints => "touchpoints", "touchpoint", "Where a customer meets the organisation, on a channel.";
    Insights => "insights", "insight", "Evidence: what customers, employees or partners said, or what data showed.";
    Capabilities => "capabilities", "capability", "What the organisation is able to do, with a maturity and a sourcing.";
    Processes => "processes", "process", "How work is done, using roles, systems, information and locations.";
    OrgUnits => "org_units", "org unit", "A unit of the organisation chart.";
    Roles => "roles", "role", "A role people play, in an org unit.";
    Systems => "systems", "system", "An application or platform, with its lifecycle.";
    Information => "information", "information object", "A business information object, held in systems.";
    Suppliers => "suppliers", "supplier", "An external party that provides capabilities.";
    Locations => "locations", "location", "A place where work happens.";
    Initiatives => "initiatives", "initiative", "A change initiative that moves the model from one plateau to the next.";
}

impl Kind {
    /// The plural noun used in counts (`capabilities`, `org units`, `KPIs`).
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Kpis => "KPIs",
            Kind::OrgUnits => "org units",
            Kind::Information => "information objects",
            _ => self.key(),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

macro_rules! fields {
    ($($variant:ident => $key:literal,)*) => {
        /// A field of an element, other than `id`, `from`, `until`, `waivers` and `properties`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field { $(#[doc = concat!("`", $key, "`")] $variant,)* }

        impl Field {
            /// The YAML key of this field.
            pub fn key(self) -> &'static str {
                match self { $(Field::$variant => $key,)* }
            }
        }
    };
}

fields! {
    Name => "name",
    Description => "description",
    Owner => "owner",
    Tags => "tags",
    Category => "category",
    Objectives => "objectives",
    Parent => "parent",
    Kpis => "kpis",
    Unit => "unit",
    Direction => "direction",
    Voice => "voice",
    Value => "value",
    Segment => "segment",
    Needs => "needs",
    Pains => "pains",
    Persona => "persona",
    Stages => "stages",
    Channel => "channel",
    MomentThatMatters => "moment_that_matters",
    Capabilities => "capabilities",
    Processes => "processes",
    Realizes => "realizes",
    Maturity => "maturity",
    Sourcing => "sourcing",
    Suppliers => "suppliers",
    Layer => "layer",
    Roles => "roles",
    Systems => "systems",
    Information => "information",
    Locations => "locations",
    Headcount => "headcount",
    OrgUnit => "org_unit",
    Lifecycle => "lifecycle",
    Supplier => "supplier",
    Provides => "provides",
    Sla => "sla",
    Type => "type",
    Delivers => "delivers",
    LandsIn => "lands_in",
    DependsOn => "depends_on",
    Cost => "cost",
    Benefit => "benefit",
    Gains => "gains",
    Jobs => "jobs",
    Phase => "phase",
    OperatedBy => "operated_by",
    Automation => "automation",
    Source => "source",
    Frequency => "frequency",
    Formula => "formula",
    Actuals => "actuals",
    Date => "date",
    Sample => "sample",
    Quote => "quote",
    Severity => "severity",
    Personas => "personas",
    About => "about",
    Addresses => "addresses",
    CustomerValue => "customer_value",
    BusinessValue => "business_value",
    Effort => "effort",
    Risk => "risk",
    MustDo => "must_do",
    Start => "start",
    End => "end",
}

impl Field {
    /// Whether a reference of this field, on an element of `kind`, may name an element
    /// outside the plateaus where it exists. An initiative is a plan across plateaus:
    /// what it `delivers` may be gone after it lands, and the KPIs it moves (`kpis`) and
    /// the insights it acts on (`addresses`) may start or end on the way. An insight's
    /// evidence `about` a touchpoint stays true once the touchpoint is retired.
    pub fn is_timeless(self, kind: Kind) -> bool {
        match kind {
            Kind::Initiatives => matches!(self, Field::Delivers | Field::Kpis | Field::Addresses),
            Kind::Insights => self == Field::About,
            _ => false,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Which kinds a reference may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// Any element kind (an initiative's `delivers`).
    Any,
    /// Only these kinds.
    Kinds(&'static [Kind]),
}

impl Targets {
    /// Whether a reference may name an element of `kind`.
    pub fn accepts(self, kind: Kind) -> bool {
        match self {
            Targets::Any => true,
            Targets::Kinds(kinds) => kinds.contains(&kind),
        }
    }

    /// The accepted kinds, for messages (`org_units or roles`).
    pub fn describe(self) -> String {
        match self {
            Targets::Any => "any element kind".to_owned(),
            Targets::Kinds(kinds) => {
                let keys: Vec<_> = kinds.iter().map(|k| format!("`{}`", k.key())).collect();
                keys.join(" or ")
            }
        }
    }
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldType {
    /// A string (numbers and booleans written plain are read as their text).
    Text,
    /// Markdown text.
    Markdown,
    /// An integer in a range.
    Integer {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// A finite number.
    Number {
        /// Whether values below zero are accepted (a KPI's, but not an amount of money).
        negative: bool,
    },
    /// `true` or `false`.
    Boolean,
    /// One of a fixed set of words.
    Enum(&'static [&'static str]),
    /// A list of strings.
    Strings,
    /// One element id.
    Reference(Targets),
    /// A list of element ids.
    References(Targets),
    /// A plateau id.
    Plateau,
    /// A journey's stages.
    Stages,
    /// A real day, written `YYYY-MM-DD`.
    Date,
    /// A KPI's measured values: a list of `{ date, value }`.
    Actuals,
}

impl FieldType {
    /// The kinds a value of this type links to: a reference's targets, and the
    /// touchpoints that a journey's stages meet; `None` for a type that links nothing.
    pub fn link_targets(self) -> Option<Targets> {
        match self {
            FieldType::Reference(t) | FieldType::References(t) => Some(t),
            FieldType::Stages => Some(STAGE_TOUCHPOINTS),
            _ => None,
        }
    }
}

/// The kinds a journey stage's `touchpoints` may name.
pub const STAGE_TOUCHPOINTS: Targets = Targets::Kinds(&[Kind::Touchpoints]);

/// One field of a kind.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Which field.
    pub field: Field,
    /// Its value type.
    pub ty: FieldType,
    /// Whether it may be written per plateau.
    pub staged: bool,
    /// Whether every element of the kind must have it.
    pub required: bool,
    /// One line for the reference docs and the schema.
    pub doc: &'static str,
}

pub use table::{COMMON_FIELDS, kind_fields};

/// Every field of `kind`, common fields first, in canonical order.
pub fn all_fields(kind: Kind) -> impl Iterator<Item = &'static FieldSpec> {
    COMMON_FIELDS.iter().chain(kind_fields(kind))
}

/// The spec of `kind`'s field written as `key`.
pub fn field_spec(kind: Kind, key: &str) -> Option<&'static FieldSpec> {
    all_fields(kind).find(|f| f.field.key() == key)
}

/// Keys handled outside the field table, on every element.
pub const SPECIAL_KEYS: &[&str] = &["id", "from", "until", "waivers", "properties"];

/// The keys of a stage of a journey.
pub const STAGE_KEYS: &[&str] = &[
    "id",
    "name",
    "touchpoints",
    "pain_points",
    "emotion",
    "moment_that_matters",
    "insights",
];

/// The kinds a journey stage's `insights` may name.
pub const STAGE_INSIGHTS: Targets = Targets::Kinds(&[Kind::Insights]);

/// The keys of the mappings nested in fields and settings: a plateau's `date`, a
/// measured value's `date`, `value` and `note`, a waiver's `rule` and `reason`.
pub const NESTED_KEYS: &[&str] = &["date", "value", "note", "rule", "reason"];

/// `name` as a key the format defines (a kind, a field, a setting, a nested key), or
/// `None` for any other text. Model files repeat a few dozen keys hundreds of thousands
/// of times; a tree that points at the format's own copy of each allocates nothing for
/// them.
pub fn known_key(name: &str) -> Option<&'static str> {
    static KEYS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let kinds = Kind::ALL.iter().map(|kind| kind.key());
        let fields = Kind::ALL
            .iter()
            .flat_map(|&kind| all_fields(kind).map(|f| f.field.key()));
        let others = [SPECIAL_KEYS, STAGE_KEYS, PROJECT_KEYS, NESTED_KEYS];
        kinds
            .chain(fields)
            .chain(others.into_iter().flatten().copied())
            .collect()
    })
    .get(name)
    .copied()
}

/// The project settings keys of `tom.yaml`.
pub const PROJECT_KEYS: &[&str] = &[
    "tom",
    "name",
    "description",
    "plateaus",
    "include",
    "measurements",
    "rules",
];

/// The pattern of a plateau `date`: `YYYY-MM-DD` (and a real day, see [`iso_date`]).
pub const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// `(year, month, day)` of a date written `YYYY-MM-DD` (ISO 8601), if it is a real day
/// of the Gregorian calendar: `2028-02-29` is, `2027-02-29` and `2026-13-45` are not.
pub fn iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape {
        return None;
    }
    let year: u32 = text[..4].parse().ok()?;
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..].parse().ok()?;
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((year, month, day))
}

/// The default `include` glob: every `.yaml` and `.yml` file under `model/`.
pub const DEFAULT_INCLUDE: &str = "model/**/*.{yaml,yml}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("cap-1.a_b"));
        assert!(is_valid_id("0"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("Cap"));
        assert!(!is_valid_id("a b"));
        assert!(is_valid_id(&"a".repeat(MAX_ID_LEN)));
        assert!(!is_valid_id(&"a".repeat(MAX_ID_LEN + 1)));
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date("2026-09-30"), Some((2026, 9, 30)));
        assert!(iso_date("2028-02-29").is_some());
        assert!(iso_date("2000-02-29").is_some());
        for bad in [
            "2027-02-29",
            "1900-02-29",
            "2026-13-45",
            "2026-04-31",
            "2026-00-10",
            "2026-01-00",
            "30/09/2026",
            "Sept 2026",
            "2026-9-30",
            "2026-09-30T00:00",
            "+026-09-30",
            "",
        ] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn field_keys_are_unique_per_kind() {
        for &kind in Kind::ALL {
            let mut keys: Vec<_> = all_fields(kind).map(|f| f.field.key()).collect();
            keys.extend(SPECIAL_KEYS);
            let n = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(n, keys.len(), "{kind}");
        }
    }
}
