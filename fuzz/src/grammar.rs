//! A small grammar of TOM-ish YAML for structure-aware fuzzing.
//!
//! [`Spec`] derives [`Arbitrary`], so libFuzzer mutates a tree of element kinds,
//! elements, fields and values, which [`Spec::render`] writes out as YAML. Most of what
//! it writes is well-formed and names real kinds, fields, plateaus and ids from a small
//! pool, so the input gets past the parser into the resolver and the rules; the odd
//! scalar, junk key, bad id, alias or wrong type keeps the error paths busy too.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use arbitrary::Arbitrary;
use tomc::spec;

/// The fifteen element kinds, with the short prefix of their ids in the pool.
pub const KINDS: [(&str, &str); 15] = [
    ("drivers", "drv"),
    ("objectives", "obj"),
    ("kpis", "kpi"),
    ("personas", "per"),
    ("journeys", "jrn"),
    ("touchpoints", "tp"),
    ("capabilities", "cap"),
    ("processes", "proc"),
    ("org_units", "org"),
    ("roles", "role"),
    ("systems", "sys"),
    ("information", "info"),
    ("suppliers", "sup"),
    ("locations", "loc"),
    ("initiatives", "ini"),
];

const DRV: usize = 0;
const OBJ: usize = 1;
const KPI: usize = 2;
const PER: usize = 3;
const TP: usize = 5;
const CAP: usize = 6;
const PROC: usize = 7;
const ORG: usize = 8;
const ROLE: usize = 9;
const SYS: usize = 10;
const INFO: usize = 11;
const SUP: usize = 12;
const LOC: usize = 13;
const INI: usize = 14;
const ANY: &[usize] = &[
    DRV, OBJ, KPI, PER, 4, TP, CAP, PROC, ORG, ROLE, SYS, INFO, SUP, LOC, INI,
];

/// The plateau ids of `TOM_YAML` (in the harness) and of most generated projects.
const PLATEAUS: [&str; 3] = ["current", "wave-1", "target"];

/// Every rule id (for `rules:` and waivers), and a few that are not.
const RULES: &[&str] = &[
    "yaml-syntax",
    "schema",
    "invalid-id",
    "duplicate-id",
    "unknown-reference",
    "wrong-reference-kind",
    "unknown-plateau",
    "hierarchy-cycle",
    "absent-reference",
    "include-outside-project",
    "objective-unrealized",
    "capability-unaligned",
    "objective-unmeasured",
    "kpi-without-target",
    "kpi-target-regresses",
    "touchpoint-unsupported",
    "stage-without-touchpoint",
    "persona-without-journey",
    "moment-unmeasured",
    "touchpoint-without-process",
    "missing-owner",
    "capability-unrealized",
    "orphan-element",
    "retiring-system-in-use",
    "gap-without-initiative",
    "delivery-out-of-step",
    "delivers-unchanged",
    "initiative-without-objective",
    "initiative-order",
    "maturity-regression",
    "unused-waiver",
    "include-matches-nothing",
    "no-such-rule",
    "orphan-elements",
];

const LEVELS: &[&str] = &["error", "warning", "info", "off", "fatal", "Error"];

/// The type of a field's value, which [`Value::Typed`] follows.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    StrList,
    Ref(&'static [usize]),
    Refs(&'static [usize]),
    Enum(&'static [&'static str]),
    Int(i64, i64),
    Num,
    Bool,
    Plateau,
    Stages,
    Waivers,
    Properties,
}

/// A field: name, type, and whether it may be staged.
type Field = (&'static str, Ty, bool);

const COMMON: &[Field] = &[
    ("description", Ty::Str, false),
    ("owner", Ty::Ref(&[ORG, ROLE]), true),
    ("tags", Ty::StrList, false),
    ("from", Ty::Plateau, false),
    ("until", Ty::Plateau, false),
    ("waivers", Ty::Waivers, false),
    ("properties", Ty::Properties, false),
];

/// The fields of each kind, in [`KINDS`] order.
const FIELDS: [&[Field]; 15] = [
    &[
        ("category", Ty::Enum(spec::DRIVER_CATEGORIES), false),
        ("objectives", Ty::Refs(&[OBJ]), true),
    ],
    &[
        ("parent", Ty::Ref(&[OBJ]), false),
        ("kpis", Ty::Refs(&[KPI]), true),
    ],
    &[
        ("unit", Ty::Str, false),
        ("direction", Ty::Enum(spec::DIRECTIONS), false),
        ("voice", Ty::Enum(spec::VOICES), false),
        ("value", Ty::Num, true),
    ],
    &[
        ("segment", Ty::Str, false),
        ("needs", Ty::StrList, false),
        ("pains", Ty::StrList, false),
    ],
    &[
        ("persona", Ty::Ref(&[PER]), false),
        ("stages", Ty::Stages, false),
        ("kpis", Ty::Refs(&[KPI]), true),
    ],
    &[
        ("channel", Ty::Enum(spec::CHANNELS), false),
        ("moment_that_matters", Ty::Bool, false),
        ("capabilities", Ty::Refs(&[CAP]), true),
        ("processes", Ty::Refs(&[PROC]), true),
        ("kpis", Ty::Refs(&[KPI]), true),
    ],
    &[
        ("parent", Ty::Ref(&[CAP]), false),
        ("realizes", Ty::Refs(&[OBJ]), true),
        ("maturity", Ty::Int(0, 5), true),
        ("sourcing", Ty::Enum(spec::SOURCINGS), true),
        ("suppliers", Ty::Refs(&[SUP]), true),
    ],
    &[
        ("capabilities", Ty::Refs(&[CAP]), true),
        ("layer", Ty::Enum(spec::LAYERS), false),
        ("roles", Ty::Refs(&[ROLE]), true),
        ("systems", Ty::Refs(&[SYS]), true),
        ("information", Ty::Refs(&[INFO]), true),
        ("locations", Ty::Refs(&[LOC]), true),
        ("kpis", Ty::Refs(&[KPI]), true),
    ],
    &[
        ("parent", Ty::Ref(&[ORG]), false),
        ("headcount", Ty::Int(0, 500), true),
    ],
    &[
        ("org_unit", Ty::Ref(&[ORG]), true),
        ("headcount", Ty::Int(0, 50), true),
    ],
    &[
        ("lifecycle", Ty::Enum(spec::LIFECYCLES), true),
        ("supplier", Ty::Ref(&[SUP]), true),
    ],
    &[("systems", Ty::Refs(&[SYS]), true)],
    &[
        ("provides", Ty::Refs(&[CAP]), true),
        ("sla", Ty::Str, false),
    ],
    &[("type", Ty::Str, false)],
    &[
        ("delivers", Ty::Refs(ANY), false),
        ("objectives", Ty::Refs(&[OBJ]), true),
        ("lands_in", Ty::Plateau, false),
        ("depends_on", Ty::Refs(&[INI]), false),
        ("cost", Ty::Num, false),
        ("benefit", Ty::Num, false),
    ],
];

/// Junk keys: misspelt fields, other kinds' fields, YAML oddities.
const JUNK_KEYS: &[&str] = &[
    "capabilites",
    "nmae",
    "Owner",
    "id ",
    "<<",
    "? complex",
    "\"quoted key\"",
    "1",
    "null",
    "stages",
    "value",
    "lands_in",
];

/// Odd scalars, written as they are.
const WORDS: &[&str] = &[
    "true",
    "false",
    "yes",
    "no",
    "on",
    "null",
    "~",
    "\"\"",
    "''",
    "0",
    "-1",
    "1e400",
    "-0.0",
    ".nan",
    ".inf",
    "-.inf",
    "0x1F",
    "0o17",
    "2027-06-30",
    "12:30:00",
    "1_000",
    "'it''s'",
    "\"\\u00e9\\t\\n\"",
    "!!str 5",
    "!!int x",
    "!custom tag",
    "@",
    "`",
    "%",
    "|",
    ">",
    "-",
    "?",
    ":",
    "#",
    "a: b",
    "- x",
    "\"\\x00\"",
    "\"\\uD800\"",
];

/// A plateau id: one of the three, or not.
#[derive(Arbitrary, Debug, Clone)]
pub enum PlateauRef {
    /// `current`, `wave-1` or `target`.
    Known(u8),
    /// Any text.
    Other(String),
}

impl PlateauRef {
    fn render(&self, out: &mut String) {
        match self {
            PlateauRef::Known(n) => out.push_str(PLATEAUS[usize::from(*n) % 3]),
            PlateauRef::Other(s) => quote(s, out),
        }
    }
}

/// An element id.
#[derive(Arbitrary, Debug, Clone)]
pub enum Id {
    /// `<prefix>-<n % 3>` of a kind (index into [`KINDS`]): most references land.
    Pooled(u8, u8),
    /// A journey stage id of the pool (`st-<n % 3>`).
    Stage(u8),
    /// A plateau id used as an element id.
    Plateau(u8),
    /// Any text (mostly invalid ids).
    Other(String),
}

impl Id {
    fn render(&self, out: &mut String) {
        match self {
            Id::Pooled(k, n) => pooled(usize::from(*k) % 15, *n, out),
            Id::Stage(n) => {
                let _ = write!(out, "st-{}", n % 3);
            }
            Id::Plateau(n) => out.push_str(PLATEAUS[usize::from(*n) % 3]),
            Id::Other(s) => quote(s, out),
        }
    }
}

fn pooled(kind: usize, n: u8, out: &mut String) {
    let _ = write!(out, "{}-{}", KINDS[kind].1, n % 3);
}

/// A scalar.
#[derive(Arbitrary, Debug, Clone)]
pub enum Scalar {
    /// An integer.
    Int(i64),
    /// A small integer.
    Small(u8),
    /// A float, in Rust's notation.
    Float(f64),
    /// A string, double-quoted.
    Text(String),
    /// A plain word from a list of odd YAML scalars.
    Word(u8),
    /// A double-quoted string longer than 65,535 characters, so that what follows it
    /// on its line (the rest of a flow-style element) lies past column 65,535.
    Long(u8),
    /// A scalar with a YAML tag: core tags, which tomc accepts, and others it refuses.
    Tagged(u8, Box<Scalar>),
}

/// Tags for [`Scalar::Tagged`].
const TAGS: &[&str] = &[
    "!!str",
    "!!int",
    "!!binary",
    "!!python/object:os.system",
    "!custom",
    "!",
    "!<tag:yaml.org,2002:str>",
];

impl Scalar {
    fn render(&self, out: &mut String) {
        match self {
            Scalar::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Scalar::Small(i) => {
                let _ = write!(out, "{i}");
            }
            Scalar::Float(f) => {
                let _ = write!(out, "{f:?}");
            }
            Scalar::Text(s) => quote(s, out),
            Scalar::Word(w) => out.push_str(WORDS[usize::from(*w) % WORDS.len()]),
            Scalar::Long(n) => {
                let c = ["x", "é", "\\t", "\\e"][usize::from(*n) % 4];
                out.push('"');
                out.push_str(&c.repeat(65_536 + usize::from(*n) * 7));
                out.push('"');
            }
            Scalar::Tagged(t, inner) => {
                out.push_str(TAGS[usize::from(*t) % TAGS.len()]);
                out.push(' ');
                inner.render(out);
            }
        }
    }
}

/// A value.
#[derive(Arbitrary, Debug, Clone)]
pub enum Value {
    /// A value of the field's own type, picked by the seed.
    Typed(u16),
    /// A staged value: a mapping from plateau id to a value of the field's type.
    Staged(Vec<(PlateauRef, u16)>),
    /// A staged value with arbitrary values.
    StagedAny(Vec<(PlateauRef, Value)>),
    /// A reference.
    Ref(Id),
    /// A list of references.
    Refs(Vec<Id>),
    /// A scalar.
    Scalar(Scalar),
    /// A list.
    List(Vec<Value>),
    /// A mapping.
    Map(Vec<(Key, Value)>),
    /// Nothing (`key:` with no value).
    Null,
    /// `&aN value`.
    Anchor(u8, Box<Value>),
    /// `*aN` (only written when the anchor is defined; else `null`).
    Alias(u8),
}

/// A key of a mapping.
#[derive(Arbitrary, Debug, Clone)]
pub enum Key {
    /// A field of any kind.
    Field(u8),
    /// A plateau id.
    Plateau(PlateauRef),
    /// A junk key.
    Junk(u8),
}

impl Key {
    fn render(&self, out: &mut String) {
        match self {
            Key::Field(f) => {
                let all: Vec<&str> = COMMON
                    .iter()
                    .chain(FIELDS.iter().flat_map(|f| f.iter()))
                    .map(|f| f.0)
                    .chain(["id", "name", "rule", "reason", "touchpoints", "emotion"])
                    .collect();
                out.push_str(all[usize::from(*f) % all.len()]);
            }
            Key::Plateau(p) => p.render(out),
            Key::Junk(j) => out.push_str(JUNK_KEYS[usize::from(*j) % JUNK_KEYS.len()]),
        }
    }
}

/// A field of an element.
#[derive(Arbitrary, Debug, Clone)]
pub struct FieldEntry {
    /// Index into the kind's fields followed by the common fields; past the end, a
    /// junk key.
    pub field: u8,
    /// Its value.
    pub value: Value,
}

/// An element.
#[derive(Arbitrary, Debug, Clone)]
pub enum Element {
    /// A mapping with an id, a name and fields.
    Map {
        /// `None`: the id is left out.
        id: Option<Id>,
        /// `None`: the name is left out.
        name: Option<Scalar>,
        /// The other fields.
        fields: Vec<FieldEntry>,
        /// Written in flow style (`{ id: .., name: .. }`) instead of block style.
        flow: bool,
        /// Keep repeated fields (a duplicate-key error) instead of dropping them.
        dup: u8,
    },
    /// Something that is not a mapping.
    Junk(Value),
}

/// A top-level key of a model file.
#[derive(Arbitrary, Debug, Clone)]
pub enum Section {
    /// A kind (index into [`KINDS`]) with its elements.
    Kind(u8, Vec<Element>),
    /// A kind whose value is not a list.
    KindJunk(u8, Value),
    /// An unknown key.
    Junk(Key, Value),
}

/// A model file.
#[derive(Arbitrary, Debug, Clone)]
pub struct File {
    /// Its top-level keys.
    pub sections: Vec<Section>,
    /// Appended at the end: a comment, a second document, a tab, nothing.
    pub tail: u8,
}

/// The plateaus of `tom.yaml`.
#[derive(Arbitrary, Debug, Clone)]
pub enum Plateaus {
    /// `current`, `wave-1`, `target`.
    Standard,
    /// `current`, `target`.
    Two,
    /// The given ids, each with an optional date.
    Custom(Vec<(PlateauRef, Option<Scalar>)>),
    /// `plateaus: []`.
    Empty,
    /// Left out.
    Missing,
    /// Something else.
    Junk(Value),
}

/// `tom.yaml`.
#[derive(Arbitrary, Debug, Clone)]
pub struct Project {
    /// `tom:`: 0 writes `1`, 1 leaves it out, 2 writes `2`, else `"1"`.
    pub tom: u8,
    /// `name:`; `None` leaves it out.
    pub name: Option<Scalar>,
    /// `plateaus:`.
    pub plateaus: Plateaus,
    /// `include:`; `None` leaves it out.
    pub include: Option<Vec<Scalar>>,
    /// `rules:`: (index into the rule ids, index into the levels).
    pub rules: Vec<(u8, u8)>,
    /// Element kinds written in `tom.yaml` itself.
    pub inline: Vec<Section>,
}

/// A whole project: `tom.yaml` and up to two model files.
#[derive(Arbitrary, Debug, Clone)]
pub struct Spec {
    /// `tom.yaml`.
    pub project: Project,
    /// The model files (only the first two are written).
    pub files: Vec<File>,
}

/// Renders with the anchors defined so far, so aliases point at something.
#[derive(Default)]
struct Writer {
    anchors: BTreeSet<u8>,
    /// A small PRNG for [`Value::Typed`].
    state: u64,
    depth: usize,
}

/// Writes `s` as a double-quoted YAML string (JSON escapes are valid YAML escapes).
fn quote(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

impl Writer {
    fn seed(&mut self, seed: u16) {
        self.state = u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    }

    fn next(&mut self, n: usize) -> usize {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        (self.state % n.max(1) as u64) as usize
    }

    /// A value of type `ty` picked by the PRNG.
    fn typed(&mut self, ty: Ty, out: &mut String) {
        match ty {
            Ty::Str => {
                let n = self.next(4);
                out.push_str(["Text", "\"Two words\"", "\"\"", "Markdown *text*"][n]);
            }
            Ty::StrList => {
                let n = self.next(3);
                out.push_str(["[a, b]", "[]", "[\"one\"]"][n]);
            }
            Ty::Ref(kinds) => {
                let k = kinds[self.next(kinds.len())];
                let n = self.next(3) as u8;
                pooled(k, n, out);
            }
            Ty::Refs(kinds) => {
                out.push('[');
                for i in 0..self.next(4) {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let k = kinds[self.next(kinds.len())];
                    let n = self.next(3) as u8;
                    pooled(k, n, out);
                }
                out.push(']');
            }
            Ty::Enum(values) => out.push_str(values[self.next(values.len())]),
            Ty::Int(lo, hi) => {
                let span = (hi - lo + 1) as usize;
                let _ = write!(out, "{}", lo + self.next(span) as i64);
            }
            Ty::Num => {
                let n = self.next(5);
                out.push_str(["0", "1", "2.5", "100", "-3"][n]);
            }
            Ty::Bool => out.push_str(if self.next(2) == 0 { "true" } else { "false" }),
            Ty::Plateau => out.push_str(PLATEAUS[self.next(3)]),
            Ty::Stages => {
                out.push('[');
                for i in 0..self.next(4) {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{{ id: st-{}, name: Stage", self.next(3));
                    if self.next(3) > 0 {
                        out.push_str(", touchpoints: ");
                        self.typed(Ty::Refs(&[TP]), out);
                    }
                    if self.next(2) == 0 {
                        out.push_str(", emotion: ");
                        self.typed(Ty::Enum(&["positive", "neutral", "negative", "happy"]), out);
                    }
                    if self.next(3) == 0 {
                        out.push_str(", pain_points: [\"slow\"]");
                    }
                    out.push_str(" }");
                }
                out.push(']');
            }
            Ty::Waivers => {
                let rule = RULES[self.next(RULES.len())];
                let _ = write!(out, "[{{ rule: {rule}");
                if self.next(4) > 0 {
                    out.push_str(", reason: Because");
                }
                out.push_str(" }]");
            }
            Ty::Properties => {
                let n = self.next(3);
                out.push_str(["{ cost-centre: CC-1 }", "{}", "{ a: 1, b: [x] }"][n]);
            }
        }
    }

    /// A value for a field of type `ty` (`None`: a junk key).
    fn value(&mut self, v: &Value, ty: Option<Ty>, out: &mut String) {
        if self.depth > 8 {
            out.push_str("null");
            return;
        }
        self.depth += 1;
        match v {
            Value::Typed(seed) => {
                self.seed(*seed);
                match ty {
                    Some(ty) => self.typed(ty, out),
                    None => out.push_str("1"),
                }
            }
            Value::Staged(entries) => {
                out.push('{');
                for (i, (p, seed)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    p.render(out);
                    out.push_str(": ");
                    self.seed(*seed);
                    self.typed(ty.unwrap_or(Ty::Str), out);
                }
                out.push('}');
            }
            Value::StagedAny(entries) => {
                out.push('{');
                for (i, (p, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    p.render(out);
                    out.push_str(": ");
                    self.value(v, ty, out);
                }
                out.push('}');
            }
            Value::Ref(id) => id.render(out),
            Value::Refs(ids) => {
                out.push('[');
                for (i, id) in ids.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    id.render(out);
                }
                out.push(']');
            }
            Value::Scalar(s) => s.render(out),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.value(item, ty, out);
                }
                out.push(']');
            }
            Value::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    k.render(out);
                    out.push_str(": ");
                    self.value(v, ty, out);
                }
                out.push('}');
            }
            Value::Null => out.push_str("null"),
            Value::Anchor(n, v) => {
                let _ = write!(out, "&a{} ", n % 8);
                self.value(v, ty, out);
                self.anchors.insert(n % 8);
            }
            Value::Alias(n) => {
                if self.anchors.contains(&(n % 8)) {
                    let _ = write!(out, "*a{}", n % 8);
                } else {
                    out.push_str("null");
                }
            }
        }
        self.depth -= 1;
    }

    fn element(&mut self, kind: usize, e: &Element, out: &mut String) {
        let Element::Map {
            id,
            name,
            fields,
            flow,
            dup,
        } = e
        else {
            if let Element::Junk(v) = e {
                out.push_str("  - ");
                self.value(v, None, out);
                out.push('\n');
            }
            return;
        };
        let own = FIELDS[kind];
        let mut parts: Vec<(String, String)> = Vec::new();
        if let Some(id) = id {
            let mut s = String::new();
            id.render(&mut s);
            parts.push(("id".into(), s));
        }
        if let Some(name) = name {
            let mut s = String::new();
            name.render(&mut s);
            parts.push(("name".into(), s));
        }
        let mut seen = BTreeSet::new();
        for f in fields.iter().take(12) {
            let i = usize::from(f.field);
            let (key, ty) = if i < own.len() {
                (own[i].0.to_owned(), Some(own[i].1))
            } else if i - own.len() < COMMON.len() {
                let c = COMMON[i - own.len()];
                (c.0.to_owned(), Some(c.1))
            } else {
                (JUNK_KEYS[i % JUNK_KEYS.len()].to_owned(), None)
            };
            if !seen.insert(key.clone()) && *dup != 0 {
                continue;
            }
            let mut s = String::new();
            self.value(&f.value, ty, &mut s);
            parts.push((key, s));
        }
        if *flow {
            out.push_str("  - { ");
            for (i, (k, v)) in parts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{k}: {v}");
            }
            out.push_str(" }\n");
        } else if parts.is_empty() {
            out.push_str("  - {}\n");
        } else {
            for (i, (k, v)) in parts.iter().enumerate() {
                let lead = if i == 0 { "  - " } else { "    " };
                let _ = writeln!(out, "{lead}{k}: {v}");
            }
        }
    }

    fn section(&mut self, s: &Section, out: &mut String) {
        match s {
            Section::Kind(k, elements) => {
                let kind = usize::from(*k) % 15;
                let _ = writeln!(out, "{}:", KINDS[kind].0);
                if elements.is_empty() {
                    out.push_str("  []\n");
                }
                for e in elements.iter().take(16) {
                    self.element(kind, e, out);
                }
            }
            Section::KindJunk(k, v) => {
                let _ = write!(out, "{}: ", KINDS[usize::from(*k) % 15].0);
                self.value(v, None, out);
                out.push('\n');
            }
            Section::Junk(k, v) => {
                k.render(out);
                out.push_str(": ");
                self.value(v, None, out);
                out.push('\n');
            }
        }
    }

    fn sections(&mut self, sections: &[Section], out: &mut String) {
        // Repeated top-level keys are a duplicate-key error: keep the first of each
        // kind most of the time.
        let mut seen = BTreeSet::new();
        for s in sections.iter().take(8) {
            if let Section::Kind(k, _) | Section::KindJunk(k, _) = s
                && !seen.insert(k % 15)
            {
                continue;
            }
            self.section(s, out);
        }
    }
}

impl Project {
    /// `tom.yaml` as text.
    pub fn render(&self) -> String {
        let mut w = Writer::default();
        let mut out = String::new();
        match self.tom {
            0 => out.push_str("tom: 1\n"),
            1 => {}
            2 => out.push_str("tom: 2\n"),
            3 => out.push_str("tom: \"1\"\n"),
            _ => out.push_str("tom: 1\n"),
        }
        if let Some(name) = &self.name {
            out.push_str("name: ");
            name.render(&mut out);
            out.push('\n');
        } else if self.tom % 7 != 1 {
            out.push_str("name: Fuzz\n");
        }
        match &self.plateaus {
            Plateaus::Standard => out.push_str(
                "plateaus:\n  - { id: current, name: Current }\n  - { id: wave-1, name: Wave 1, date: 2027-06-30 }\n  - { id: target, name: Target }\n",
            ),
            Plateaus::Two => {
                out.push_str("plateaus:\n  - { id: current, name: Current }\n  - { id: target, name: Target }\n");
            }
            Plateaus::Custom(list) => {
                out.push_str("plateaus:\n");
                if list.is_empty() {
                    out.push_str("  []\n");
                }
                for (p, date) in list.iter().take(6) {
                    out.push_str("  - { id: ");
                    p.render(&mut out);
                    out.push_str(", name: P");
                    if let Some(d) = date {
                        out.push_str(", date: ");
                        d.render(&mut out);
                    }
                    out.push_str(" }\n");
                }
            }
            Plateaus::Empty => out.push_str("plateaus: []\n"),
            Plateaus::Missing => {}
            Plateaus::Junk(v) => {
                out.push_str("plateaus: ");
                w.value(v, None, &mut out);
                out.push('\n');
            }
        }
        if let Some(include) = &self.include {
            out.push_str("include: [");
            for (i, s) in include.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                s.render(&mut out);
            }
            out.push_str("]\n");
        }
        if !self.rules.is_empty() {
            out.push_str("rules:\n");
            let mut seen = BTreeSet::new();
            for (r, l) in &self.rules {
                let rule = RULES[usize::from(*r) % RULES.len()];
                if seen.insert(rule) {
                    let level = LEVELS[usize::from(*l) % LEVELS.len()];
                    let _ = writeln!(out, "  {rule}: {level}");
                }
            }
        }
        w.sections(&self.inline, &mut out);
        out
    }
}

impl File {
    /// The model file as text.
    pub fn render(&self) -> String {
        let mut w = Writer::default();
        let mut out = String::new();
        w.sections(&self.sections, &mut out);
        match self.tail {
            1 => out.push_str("# a comment\n"),
            2 => out.push_str("---\nmore: 1\n"),
            3 => out.push_str("\tbad: tab\n"),
            4 => out.push_str("drivers: []\n"),
            _ => {}
        }
        out
    }
}

impl Spec {
    /// `tom.yaml` and the model files (`model/a.yaml`, `model/b.yaml`) as bytes.
    pub fn render(&self) -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
        let files = self
            .files
            .iter()
            .take(2)
            .zip(["model/a.yaml", "model/b.yaml"])
            .map(|(f, name)| (name.to_owned(), f.render().into_bytes()))
            .collect();
        (self.project.render().into_bytes(), files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A flow-style element with a long name puts its other fields past column 65,535,
    /// where a renderer that formats columns with a width argument would panic.
    #[test]
    fn the_grammar_writes_lines_longer_than_65535_characters() {
        let file = File {
            sections: vec![Section::Kind(
                6,
                vec![Element::Map {
                    id: None,
                    name: Some(Scalar::Long(1)),
                    fields: vec![FieldEntry {
                        field: 0,
                        value: Value::Ref(Id::Pooled(6, 0)),
                    }],
                    flow: true,
                    dup: 0,
                }],
            )],
            tail: 0,
        };
        let text = file.render();
        let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(longest > 65_535, "{longest}");
    }
}
