//! Reading an element's fields against the format table: types, staged values, references.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::diag::{Diagnostic, suggestion};
use crate::model::{ElementIdx, Plateau, PlateauIdx, Ref, Staged, Step, Value, Waiver};
use crate::raw::{Node, Value as Raw};
use crate::source::{Sources, Span};
use crate::spec::RuleId;
use crate::spec::{FieldSpec, FieldType, Kind, STAGE_KEYS, Targets, is_valid_id, iso_date};

use super::find_plateau;
use super::recover::Unread;

/// What field resolution needs to know about the rest of the model.
pub(crate) struct Context<'a> {
    pub sources: &'a Sources,
    /// `None` when the plateaus could not be read: plateau checks are skipped.
    pub plateaus: Option<&'a [Plateau]>,
    pub index: &'a FxHashMap<&'a str, (ElementIdx, Kind)>,
    pub ids_by_kind: &'a FxHashMap<Kind, Vec<&'a str>>,
    /// What files that could not be read most likely declare.
    pub unread: &'a Unread,
}

impl Context<'_> {
    /// The `wrong-reference-kind` error for `id`, an element of `kind`, named by `key`
    /// at `span`, which names only elements of `targets`.
    pub(super) fn wrong_kind(
        &self,
        id: &str,
        span: Span,
        key: &str,
        targets: Targets,
        kind: Kind,
    ) -> Diagnostic {
        let wanted = match targets {
            Targets::Kinds(kinds) => kinds
                .iter()
                .map(|k| k.key())
                .collect::<Vec<_>>()
                .join(" or "),
            Targets::Any => "elements".into(),
        };
        let help = match targets {
            Targets::Kinds(kinds) => {
                let ids = kinds
                    .iter()
                    .flat_map(|k| self.ids_by_kind.get(k).into_iter().flatten().copied());
                suggestion(id, ids)
                    .unwrap_or_else(|| format!("name one of the model's {wanted} here"))
            }
            Targets::Any => String::new(),
        };
        Diagnostic::error(
            RuleId::WrongReferenceKind,
            span,
            format!(
                "`{id}` is {}, but `{key}` names only {wanted}",
                article(kind.singular())
            ),
        )
        .label(article(kind.singular()))
        .help(help)
    }

    /// The `unknown-reference` error for `id` at `span`, with the id most like it among
    /// elements of `targets` as help.
    pub(super) fn unknown_reference(&self, id: &str, span: Span, targets: Targets) -> Diagnostic {
        let (noun, help) = match targets {
            Targets::Kinds(kinds) => {
                let noun = kinds
                    .iter()
                    .map(|k| k.singular())
                    .collect::<Vec<_>>()
                    .join(" or ");
                let ids = kinds
                    .iter()
                    .flat_map(|k| self.ids_by_kind.get(k).into_iter().flatten().copied());
                let help = suggestion(id, ids)
                    .or_else(|| {
                        suggestion(id, self.index.keys().copied().filter(|k| is_valid_id(k)))
                            .map(|s| format!("{s} (note: it is not a {noun})"))
                    })
                    .unwrap_or_else(|| {
                        format!("define {} `{id}`, or name an existing one", article(&noun))
                    });
                (noun, help)
            }
            Targets::Any => {
                let help = suggestion(id, self.index.keys().copied().filter(|k| is_valid_id(k)))
                    .unwrap_or_else(|| {
                        format!("define an element `{id}`, or name an existing one")
                    });
                ("element".to_owned(), help)
            }
        };
        Diagnostic::error(
            RuleId::UnknownReference,
            span,
            format!("{noun} `{id}` does not exist"),
        )
        .label("unknown id")
        .help(help)
    }
}

/// The text of a scalar as the user wrote it: strings as they are, numbers and booleans
/// as their source text (`name: 2027` is the name "2027"). `None` for other values.
pub(crate) fn scalar_text(sources: &Sources, node: &Node) -> Option<String> {
    scalar_str(sources, node).map(str::to_owned)
}

/// [`scalar_text`], borrowed: for ids and words that are only looked up.
pub(crate) fn scalar_str<'s>(sources: &'s Sources, node: &'s Node) -> Option<&'s str> {
    match &node.value {
        Raw::Str(s) => Some(s),
        Raw::Int(_) | Raw::Float(_) | Raw::Bool(_) => {
            let text = &sources.get(node.span.file).text;
            text.get(node.span.range())
        }
        _ => None,
    }
}

/// A text value, or a `schema` error naming `key`.
pub(crate) fn text_field(
    sources: &Sources,
    node: &Node,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let text = scalar_text(sources, node);
    if text.is_none() {
        diags.push(type_error(node, key, "a string"));
    }
    text
}

/// A date field `key`, if it is a real day written `YYYY-MM-DD`, or a `schema` error.
pub(crate) fn date_field(
    sources: &Sources,
    node: &Node,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let text = text_field(sources, node, key, diags)?;
    if iso_date(&text).is_some() {
        return Some(text);
    }
    let shape = "write the date as YYYY-MM-DD (ISO 8601), e.g. `2027-06-30`";
    let (message, help) = match text.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => (
            format!("`{text}` is not a day of the calendar"),
            "the month runs from 01 to 12 and the day must exist in that month (29 February only in leap years)",
        ),
        _ => (format!("`{text}` is not a date written YYYY-MM-DD"), shape),
    };
    diags.push(
        Diagnostic::error(RuleId::Schema, node.span, message)
            .label("not a date")
            .help(help),
    );
    None
}

pub(super) fn type_error(node: &Node, key: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(
        RuleId::Schema,
        node.span,
        format!(
            "`{key}` must be {expected}, found {}",
            node.value.type_name()
        ),
    )
    .label(format!("expected {expected}"))
}

/// Reads values for one element, reporting problems against it.
pub(super) struct Reader<'a, 'c> {
    pub(super) ctx: &'a Context<'c>,
    pub(super) diags: &'a mut Vec<Diagnostic>,
    pub(super) element: &'a str,
}

impl Reader<'_, '_> {
    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d.element(self.element));
    }

    /// A text value, or a `schema` error against this element.
    pub(super) fn text(&mut self, node: &Node, key: &str) -> Option<String> {
        let text = scalar_text(self.ctx.sources, node);
        if text.is_none() {
            self.push(type_error(node, key, "a string"));
        }
        text
    }

    /// A field's value, plain or staged. `None` when nothing usable is written.
    pub(super) fn field(&mut self, spec: &FieldSpec, node: &Node) -> Option<Staged> {
        if node.value == Raw::Null {
            return None;
        }
        let key = spec.field.key();
        match (&node.value, spec.staged) {
            (Raw::Map(entries), true)
                if spec.ty == FieldType::Stages && self.is_one_stage(entries) =>
            {
                self.push(
                    type_error(node, key, "a list of stages").help(
                        "write the stage as an item of a list, `stages: [{ id: apply, name: Apply }]`, or a list per plateau, `stages: { current: [...], target: [...] }`",
                    ),
                );
                None
            }
            (Raw::Map(entries), true) => {
                let mut steps: Vec<Step> = Vec::new();
                for (pkey, pnode) in entries {
                    let plateau = self.plateau_key(&pkey.name, pkey.span);
                    let value = self.value(spec.ty, pnode, key);
                    if let (Some(plateau), Some(value)) = (plateau, value) {
                        steps.push(Step {
                            plateau,
                            value,
                            span: Span::new(
                                pkey.span.file,
                                pkey.span.start(),
                                pnode.span.end().max(pkey.span.end()),
                            ),
                        });
                    }
                }
                steps.sort_by_key(|s| s.plateau);
                (!steps.is_empty()).then_some(Staged::ByPlateau(steps))
            }
            (Raw::Map(_), false) if !matches!(spec.ty, FieldType::Stages) => {
                self.push(
                    Diagnostic::error(
                        RuleId::Schema,
                        node.span,
                        format!("`{key}` cannot be staged"),
                    )
                    .label("one value for all plateaus")
                    .help(format!(
                        "write one value for `{key}`: it is the same in every plateau"
                    )),
                );
                None
            }
            _ => self.value(spec.ty, node, key).map(Staged::Fixed),
        }
    }

    /// Whether a mapping written for `stages` is one stage rather than stages per
    /// plateau: a key of a stage that names no plateau.
    fn is_one_stage(&self, entries: &[(crate::raw::Key, Node)]) -> bool {
        let plateaus = self.ctx.plateaus.unwrap_or_default();
        entries.iter().any(|(k, _)| {
            STAGE_KEYS.contains(&&*k.name) && find_plateau(plateaus, &k.name).is_none()
        })
    }

    /// A plateau named by a staged key; checks are skipped when plateaus are unknown.
    fn plateau_key(&mut self, id: &str, span: Span) -> Option<PlateauIdx> {
        let plateaus = self.ctx.plateaus?;
        let found = find_plateau(plateaus, id);
        if found.is_none() {
            self.push(unknown_plateau(plateaus, id, span));
        }
        found
    }

    pub(super) fn plateau_value(&mut self, node: &Node, key: &str) -> Option<PlateauIdx> {
        let Some(id) = scalar_str(self.ctx.sources, node) else {
            self.push(type_error(node, key, "a plateau id"));
            return None;
        };
        self.plateau_key(id, node.span)
    }

    pub(super) fn value(&mut self, ty: FieldType, node: &Node, key: &str) -> Option<Value> {
        let sources = self.ctx.sources;
        match ty {
            FieldType::Text | FieldType::Markdown => match scalar_text(sources, node) {
                Some(text) => Some(Value::Text(text)),
                None => {
                    self.push(type_error(node, key, "a string"));
                    None
                }
            },
            FieldType::Integer { min, max } => self.integer(node, key, min, max),
            FieldType::Number { negative } => self.number(node, key, negative),
            FieldType::Boolean => match node.value {
                Raw::Bool(b) => Some(Value::Boolean(b)),
                _ => {
                    self.push(
                        type_error(node, key, "`true` or `false`")
                            .help("write `true` or `false` (`yes` and `no` are strings)"),
                    );
                    None
                }
            },
            FieldType::Enum(words) => self.word(node, key, words).map(Value::Enum),
            FieldType::Strings => self.strings(node, key).map(Value::Strings),
            FieldType::Reference(targets) => {
                let Some(id) = scalar_str(sources, node) else {
                    self.push(type_error(node, key, "an element id"));
                    return None;
                };
                self.reference(id, node.span, key, targets).map(Value::Ref)
            }
            FieldType::References(targets) => self.references(node, key, targets),
            FieldType::Plateau => self.plateau_value(node, key).map(Value::Plateau),
            FieldType::Stages => self.stages(node).map(Value::Stages),
            FieldType::Date => {
                let mut found = Vec::new();
                let date = date_field(sources, node, key, &mut found);
                for d in found {
                    self.push(d);
                }
                date.map(Value::Text)
            }
            FieldType::Actuals => self.actuals(node).map(Value::Actuals),
        }
    }

    /// A whole number from `min` to `max`.
    fn integer(&mut self, node: &Node, key: &str, min: i64, max: i64) -> Option<Value> {
        match whole(&node.value) {
            Some(i) if (min..=max).contains(&i) => Some(Value::Integer(i)),
            Some(i) => {
                let range = if max == i64::MAX {
                    format!("{min} or more")
                } else {
                    format!("from {min} to {max}")
                };
                self.push(
                    Diagnostic::error(
                        RuleId::Schema,
                        node.span,
                        format!("`{key}` must be {range}, found {i}"),
                    )
                    .label("out of range")
                    .help(format!("write a whole number {range}")),
                );
                None
            }
            _ => self.wrong_type(
                node,
                key,
                "an integer",
                "write a whole number, without quotes",
            ),
        }
    }

    /// A number, below zero only where `negative` allows it.
    fn number(&mut self, node: &Node, key: &str, negative: bool) -> Option<Value> {
        match node.value {
            Raw::Int(i) if negative || i >= 0 => Some(Value::Number(crate::text::float(i))),
            Raw::Float(f) if f.is_finite() && (negative || f >= 0.0) => Some(Value::Number(f)),
            Raw::Int(i) if i < 0 => self.negative(node, key),
            Raw::Float(f) if f < 0.0 && f.is_finite() => self.negative(node, key),
            _ => self.wrong_type(
                node,
                key,
                "a number",
                "write a number without quotes or units, e.g. `72.5`",
            ),
        }
    }

    /// A list of references to elements of the `targets` kinds; those that resolve.
    fn references(&mut self, node: &Node, key: &str, targets: Targets) -> Option<Value> {
        let sources = self.ctx.sources;
        let Raw::Seq(items) = &node.value else {
            let example = scalar_text(sources, node).unwrap_or_else(|| "an-id".into());
            let help = format!("write a list: `{key}: [{example}]`");
            return self.wrong_type(node, key, "a list of element ids", help);
        };
        let mut refs = Vec::with_capacity(items.len());
        for item in items {
            match scalar_str(sources, item) {
                Some(id) => refs.extend(self.reference(id, item.span, key, targets)),
                None => self.push(type_error(item, key, "a list of element ids")),
            }
        }
        Some(Value::Refs(refs))
    }

    /// A `schema` error for a value of the wrong type, with how to write it; no value.
    pub(super) fn wrong_type<T>(
        &mut self,
        node: &Node,
        key: &str,
        expected: &str,
        help: impl Into<String>,
    ) -> Option<T> {
        self.push(type_error(node, key, expected).help(help));
        None
    }

    /// A negative amount where only zero or more makes sense.
    fn negative(&mut self, node: &Node, key: &str) -> Option<Value> {
        let written = scalar_str(self.ctx.sources, node).unwrap_or_default();
        self.push(
            Diagnostic::error(
                RuleId::Schema,
                node.span,
                format!("`{key}` cannot be negative, found {written}"),
            )
            .label("below zero")
            .help(format!("write `{key}` as an amount of zero or more")),
        );
        None
    }

    pub(super) fn word(
        &mut self,
        node: &Node,
        key: &str,
        words: &'static [&'static str],
    ) -> Option<&'static str> {
        let text = scalar_str(self.ctx.sources, node);
        if let Some(word) = text.and_then(|t| words.iter().find(|w| **w == t)) {
            return Some(word);
        }
        let shown = text.unwrap_or_else(|| node.value.type_name()).to_owned();
        let help = suggestion(&shown, words.iter().copied())
            .unwrap_or_else(|| format!("write one of: {}", words.join(", ")));
        self.push(
            Diagnostic::error(
                RuleId::Schema,
                node.span,
                format!(
                    "`{shown}` is not a valid `{key}`; expected one of: {}",
                    words.join(", ")
                ),
            )
            .label("not a valid value")
            .help(help),
        );
        None
    }

    pub(super) fn strings(&mut self, node: &Node, key: &str) -> Option<Vec<String>> {
        let Raw::Seq(items) = &node.value else {
            self.push(
                type_error(node, key, "a list of strings")
                    .help(format!("write a list: `{key}: [\"...\"]`")),
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match scalar_text(self.ctx.sources, item) {
                Some(s) => out.push(s),
                None => self.push(type_error(item, key, "a list of strings")),
            }
        }
        Some(out)
    }

    /// Resolves one reference, reporting unknown ids and wrong kinds.
    fn reference(&mut self, id: &str, span: Span, key: &str, targets: Targets) -> Option<Ref> {
        match self.ctx.index.get(id) {
            Some(&(target, kind)) if targets.accepts(kind) => Some(Ref { target, span }),
            Some(&(_, kind)) => {
                let d = self.ctx.wrong_kind(id, span, key, targets, kind);
                self.push(d);
                None
            }
            // The element is most likely in a file that could not be read, which was
            // reported: one slip, one error.
            None if self.ctx.unread.covers(id) => None,
            None => {
                let d = self.ctx.unknown_reference(id, span, targets);
                self.push(d);
                None
            }
        }
    }

    pub(super) fn waivers(&mut self, node: &Node) -> Vec<Waiver> {
        let Raw::Seq(items) = &node.value else {
            if node.value != Raw::Null {
                self.push(
                    type_error(node, "waivers", "a list")
                        .help("write `waivers: [{ rule: missing-owner, reason: \"...\" }]`"),
                );
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Some(entries) = item.as_map() else {
                self.push(type_error(item, "waivers", "a list of `{ rule, reason }`"));
                continue;
            };
            let mut rule = None;
            let mut reason = None;
            for (key, value) in entries {
                match &*key.name {
                    "rule" => rule = self.text(value, "rule").map(|r| (r, value.span)),
                    "reason" => reason = self.text(value, "reason"),
                    other => self.push(
                        Diagnostic::error(
                            RuleId::Schema,
                            key.span,
                            format!("unknown field `{other}` on a waiver"),
                        )
                        .label("unknown field")
                        .help(
                            suggestion(other, ["rule", "reason"])
                                .unwrap_or_else(|| "a waiver has `rule` and `reason`".into()),
                        ),
                    ),
                }
            }
            match (rule, reason.filter(|r| !r.trim().is_empty())) {
                (Some((rule, rule_span)), Some(_)) if RuleId::from_id(&rule).is_some_and(RuleId::is_structural) => self.push(
                    Diagnostic::error(RuleId::Schema, rule_span, format!("`{rule}` is a structural rule and cannot be waived"))
                        .label("cannot be waived")
                        .help("structural problems make the model unreadable: fix the problem and remove this waiver"),
                ),
                (Some((rule, rule_span)), Some(reason)) => out.push(Waiver { rule, rule_span, reason }),
                (None, _) => self.push(
                    Diagnostic::error(RuleId::Schema, item.span, "this waiver names no `rule`")
                        .label("missing `rule`")
                        .help("add `rule: <rule id>`; `tomc rules` lists them"),
                ),
                (Some((_, rule_span)), None) => self.push(
                    Diagnostic::error(RuleId::Schema, rule_span, "this waiver gives no `reason`")
                        .label("missing `reason`")
                        .help("add `reason: \"...\"`: every exception is recorded with why it is accepted"),
                ),
            }
        }
        out
    }

    pub(super) fn properties(&mut self, node: &Node) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let Some(entries) = node.as_map() else {
            if node.value != Raw::Null {
                self.push(
                    type_error(node, "properties", "a mapping of names to strings")
                        .help("write `properties: { cost-centre: \"CC-104\" }`"),
                );
            }
            return out;
        };
        for (key, value) in entries {
            match scalar_text(self.ctx.sources, value) {
                Some(text) => {
                    out.insert(key.name.to_string(), text);
                }
                None => self.push(type_error(
                    value,
                    &format!("properties.{}", key.name),
                    "a string",
                )),
            }
        }
        out
    }
}

/// A whole number: an integer, or a float without a fraction (`4.0`), as JSON Schema
/// counts integers.
pub(crate) fn whole(value: &Raw) -> Option<i64> {
    match *value {
        Raw::Int(i) => Some(i),
        Raw::Float(f) => crate::text::exact_integer(f),
        _ => None,
    }
}

/// `noun` with its indefinite article, chosen by the sound of its first word: `an org
/// unit`, `a KPI`, `an SLA`, `a capability`.
fn article(noun: &str) -> String {
    let word = noun.split(' ').next().unwrap_or_default();
    let spelled = word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase());
    let an = if spelled {
        // An initialism is read letter by letter: F is "eff", K is "kay".
        word.starts_with(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X'])
    } else {
        word.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U'])
    };
    format!("{} {noun}", if an { "an" } else { "a" })
}

/// The `unknown-plateau` diagnostic for `id` at `span`.
pub(crate) fn unknown_plateau(plateaus: &[Plateau], id: &str, span: Span) -> Diagnostic {
    let ids: Vec<&str> = plateaus.iter().map(|p| p.id.as_str()).collect();
    let help = suggestion(id, ids.iter().copied())
        .unwrap_or_else(|| format!("the plateaus declared in tom.yaml are: {}", ids.join(", ")));
    Diagnostic::error(
        RuleId::UnknownPlateau,
        span,
        format!("plateau `{id}` does not exist"),
    )
    .label("unknown plateau")
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::article;

    #[test]
    fn articles_follow_the_sound() {
        assert_eq!(article("KPI"), "a KPI");
        assert_eq!(article("org unit or role"), "an org unit or role");
        assert_eq!(article("capability"), "a capability");
        assert_eq!(article("information object"), "an information object");
        assert_eq!(article("SLA"), "an SLA");
    }
}
