//! The resolved model: typed element handles, resolved references, staged values.
//!
//! Built by [`crate::resolve`] from the raw YAML trees. Everything here has been checked:
//! references point at elements of an accepted kind, staged keys are plateaus, values
//! have their declared types. What failed those checks was reported and left out.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::source::Span;
use crate::spec::Levels;
use crate::spec::{Emotion, Field, Kind, ValueEnum};

/// Position of a plateau in the project's ordered list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlateauIdx(pub usize);

/// Position of an element in [`Model::elements`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ElementIdx(pub usize);

/// A plateau: a state of the operating model.
#[derive(Debug, Clone, PartialEq)]
pub struct Plateau {
    /// The plateau id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Optional date, a real day written `YYYY-MM-DD` (`2027-06-30`).
    pub date: Option<String>,
    /// Where the date is written in `tom.yaml`.
    pub date_span: Option<Span>,
    /// Where the id is written in `tom.yaml`.
    pub span: Span,
}

/// A reference to another element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ref {
    /// The element named.
    pub target: ElementIdx,
    /// Where the reference is written.
    pub span: Span,
}

/// A stage of a journey.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Stage id, unique within its journey.
    pub id: String,
    /// Where the id is written.
    pub id_span: Span,
    /// Display name.
    pub name: String,
    /// Touchpoints met in this stage.
    pub touchpoints: Vec<Ref>,
    /// Pain points felt in this stage.
    pub pain_points: Vec<String>,
    /// The customer's emotion in this stage.
    pub emotion: Option<Emotion>,
    /// Whether the stage is a moment that matters.
    pub moment_that_matters: bool,
    /// The insights behind what is known of this stage.
    pub insights: Vec<Ref>,
}

/// A measured value of a KPI.
#[derive(Debug, Clone, PartialEq)]
pub struct Actual {
    /// The day it was measured, `YYYY-MM-DD`.
    pub date: String,
    /// The value measured.
    pub value: f64,
    /// A note on the measurement.
    pub note: Option<String>,
    /// Where it is written: the entry of `actuals`, or the row of a measurements file.
    pub span: Span,
}

/// A resolved field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string or Markdown text.
    Text(String),
    /// An integer.
    Integer(i64),
    /// A number.
    Number(f64),
    /// A boolean.
    Boolean(bool),
    /// One of the field's words.
    Enum(&'static str),
    /// A list of strings.
    Strings(Vec<String>),
    /// One reference.
    Ref(Ref),
    /// A list of references.
    Refs(Vec<Ref>),
    /// A plateau.
    Plateau(PlateauIdx),
    /// A journey's stages.
    Stages(Vec<Stage>),
    /// A KPI's measured values, by date.
    Actuals(Vec<Actual>),
}

impl Value {
    /// The word of a value enum, typed: `None` for a value of another type. The resolver
    /// only stores words of the field's enum, so `E` is the field's value enum.
    pub fn word<E: ValueEnum>(&self) -> Option<E> {
        match self {
            Value::Enum(word) => E::from_word(word),
            _ => None,
        }
    }

    /// The value as a number: a number, or an integer as one; `None` for other values.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Integer(n) => Some(crate::text::float(*n)),
            _ => None,
        }
    }

    /// The references this value holds (none for non-reference values).
    pub fn refs(&self) -> &[Ref] {
        match self {
            Value::Ref(r) => std::slice::from_ref(r),
            Value::Refs(rs) => rs,
            _ => &[],
        }
    }
}

/// A value that is either the same in every plateau or written per plateau.
#[derive(Debug, Clone, PartialEq)]
pub enum Staged {
    /// The same value in every plateau.
    Fixed(Value),
    /// Values from a plateau on, sorted by plateau; before the first there is no value.
    ByPlateau(Vec<Step>),
}

/// One entry of a value written per plateau.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The plateau the value applies from.
    pub plateau: PlateauIdx,
    /// The value.
    pub value: Value,
    /// Where the entry (`target: 4`) is written: its plateau key.
    pub span: Span,
}

impl Staged {
    /// The value in force at plateau `p`.
    pub fn at(&self, p: PlateauIdx) -> Option<&Value> {
        match self {
            Staged::Fixed(v) => Some(v),
            Staged::ByPlateau(steps) => self.step_at(steps, p).map(|s| &s.value),
        }
    }

    /// Every value written: the one value, or the value of each plateau entry.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        let (one, steps) = match self {
            Staged::Fixed(v) => (Some(v), &[][..]),
            Staged::ByPlateau(steps) => (None, &steps[..]),
        };
        one.into_iter().chain(steps.iter().map(|s| &s.value))
    }

    fn step_at<'s>(&self, steps: &'s [Step], p: PlateauIdx) -> Option<&'s Step> {
        steps.iter().rev().find(|s| s.plateau <= p)
    }
}

impl FieldValue {
    /// Where the value in force at plateau `p` is written: the entry of a value written
    /// per plateau, or the whole value.
    pub fn span_at(&self, p: PlateauIdx) -> Span {
        match &self.value {
            Staged::ByPlateau(steps) => self.value.step_at(steps, p).map_or(self.span, |s| s.span),
            Staged::Fixed(_) => self.span,
        }
    }

    /// The plateau whose entry gives the value in force at `p`; `None` for a value
    /// written once for every plateau.
    pub fn written_for(&self, p: PlateauIdx) -> Option<PlateauIdx> {
        match &self.value {
            Staged::ByPlateau(steps) => self.value.step_at(steps, p).map(|s| s.plateau),
            Staged::Fixed(_) => None,
        }
    }
}

/// A field as written on an element.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValue {
    /// Which field.
    pub field: Field,
    /// Its value or values.
    pub value: Staged,
    /// Where the value is written.
    pub span: Span,
}

/// A waiver: one rule silenced on one element, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiver {
    /// The rule id.
    pub rule: String,
    /// Where the rule id is written.
    pub rule_span: Span,
    /// Why the rule does not apply here.
    pub reason: String,
}

/// An element of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The element id.
    pub id: String,
    /// The element kind.
    pub kind: Kind,
    /// Where the id is written.
    pub id_span: Span,
    /// First plateau the element exists in.
    pub from: PlateauIdx,
    /// Last plateau the element exists in.
    pub until: PlateauIdx,
    /// Where `from` names its plateau, when it is written.
    pub from_span: Option<Span>,
    /// Where `until` names its plateau, when it is written.
    pub until_span: Option<Span>,
    /// Fields written, in canonical order (`from`, `until`, waivers and properties aside).
    pub fields: Vec<FieldValue>,
    /// Waivers on this element.
    pub waivers: Vec<Waiver>,
    /// Free-form properties.
    pub properties: BTreeMap<String, String>,
}

impl Element {
    /// The display name (empty only where it was missing, which was reported).
    pub fn name(&self) -> &str {
        match self.field(Field::Name).map(|f| &f.value) {
            Some(Staged::Fixed(Value::Text(name))) => name,
            _ => "",
        }
    }

    /// Whether the element exists in plateau `p`.
    pub fn exists_in(&self, p: PlateauIdx) -> bool {
        self.from <= p && p <= self.until
    }

    /// The field as written, if it is.
    pub fn field(&self, field: Field) -> Option<&FieldValue> {
        self.fields.iter().find(|f| f.field == field)
    }

    /// The value of `field` in plateau `p`.
    pub fn value_at(&self, field: Field, p: PlateauIdx) -> Option<&Value> {
        self.field(field).and_then(|f| f.value.at(p))
    }
}

/// A resolved model: the project settings and every element.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The project name.
    pub name: String,
    /// The project description (Markdown).
    pub description: Option<String>,
    /// The plateaus, in order: first the baseline, last the target.
    pub plateaus: Vec<Plateau>,
    /// Rule levels set in `tom.yaml` (`rules:`), validated.
    pub rule_levels: Levels,
    /// Every element, sorted by id (which [`Model::find`] relies on). Shared: the
    /// language server's cache and the models of successive checks hold the same
    /// elements of the files that did not change.
    pub elements: Vec<Arc<Element>>,
}

impl Model {
    /// A model from its parts; `elements` must be sorted by id, with no id twice.
    pub fn new(
        name: String,
        description: Option<String>,
        plateaus: Vec<Plateau>,
        rule_levels: Levels,
        elements: Vec<Arc<Element>>,
    ) -> Self {
        debug_assert!(elements.windows(2).all(|w| w[0].id < w[1].id));
        Self {
            name,
            description,
            plateaus,
            rule_levels,
            elements,
        }
    }

    /// The element with this handle.
    pub fn element(&self, idx: ElementIdx) -> &Element {
        &self.elements[idx.0]
    }

    /// The element with this id.
    pub fn find(&self, id: &str) -> Option<ElementIdx> {
        self.elements
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
            .map(ElementIdx)
    }

    /// The plateau with this id.
    pub fn plateau(&self, id: &str) -> Option<PlateauIdx> {
        self.plateaus
            .iter()
            .position(|p| p.id == id)
            .map(PlateauIdx)
    }

    /// The ids of the plateaus, in order.
    pub fn plateau_ids(&self) -> impl Iterator<Item = &str> {
        self.plateaus.iter().map(|p| p.id.as_str())
    }

    /// The baseline plateau (the first).
    pub fn baseline(&self) -> PlateauIdx {
        PlateauIdx(0)
    }

    /// The target plateau (the last).
    pub fn target(&self) -> PlateauIdx {
        PlateauIdx(self.plateaus.len().saturating_sub(1))
    }

    /// Every element with its handle, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = (ElementIdx, &Element)> {
        self.elements
            .iter()
            .enumerate()
            .map(|(i, e)| (ElementIdx(i), &**e))
    }

    /// The elements of `kind` with their handles, sorted by id.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (ElementIdx, &Element)> {
        self.iter().filter(move |(_, e)| e.kind == kind)
    }
}
