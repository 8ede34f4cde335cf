//! Reading the values with a structure of their own: a journey's stages and a KPI's
//! measured values.

use crate::diag::{Diagnostic, suggestion};
use crate::model::{Actual, Stage, Value};
use crate::raw::{Node, Value as Raw};
use crate::source::Span;
use crate::spec::{
    EMOTIONS, Emotion, FieldType, RuleId, STAGE_INSIGHTS, STAGE_KEYS, STAGE_TOUCHPOINTS, ValueEnum,
    is_valid_id,
};

use super::fields::{Reader, scalar_text, type_error};
use super::invalid_id;

/// The keys of an entry of a KPI's `actuals`.
const ACTUAL_KEYS: &[&str] = &["date", "value", "note"];

impl Reader<'_, '_> {
    pub(super) fn stages(&mut self, node: &Node) -> Option<Vec<Stage>> {
        let Raw::Seq(items) = &node.value else {
            self.push(
                type_error(node, "stages", "a list of stages")
                    .help("write `stages: [{ id: apply, name: Apply }]`"),
            );
            return None;
        };
        let mut stages: Vec<Stage> = Vec::new();
        for item in items {
            if let Some(stage) = self.stage(item, &stages) {
                stages.push(stage);
            }
        }
        Some(stages)
    }

    /// A KPI's `actuals`: a list of `{ date, value }`, each with an optional `note`;
    /// the entries that can be read.
    pub(super) fn actuals(&mut self, node: &Node) -> Option<Vec<Actual>> {
        let Raw::Seq(items) = &node.value else {
            return self.wrong_type(
                node,
                "actuals",
                "a list of measurements",
                "write `actuals: [{ date: 2026-03-31, value: 42 }]`",
            );
        };
        let mut actuals = Vec::with_capacity(items.len());
        for item in items {
            actuals.extend(self.actual(item));
        }
        actuals.sort_by(|a: &Actual, b| a.date.cmp(&b.date));
        Some(actuals)
    }

    /// One entry of `actuals`; `None`, with the error, when its date or value is missing
    /// or wrong.
    fn actual(&mut self, item: &Node) -> Option<Actual> {
        let Some(entries) = item.as_map() else {
            return self.wrong_type(
                item,
                "actuals",
                "a list of mappings",
                "write each measurement as `{ date: 2026-03-31, value: 42 }`",
            );
        };
        let (mut date, mut value, mut note) = (None, None, None);
        let mut ok = true;
        for (key, node) in entries {
            match &*key.name {
                "date" => {
                    date = self.value(FieldType::Date, node, "date");
                    ok &= date.is_some();
                }
                "value" => {
                    value = self.value(FieldType::Number { negative: true }, node, "value");
                    ok &= value.is_some();
                }
                "note" => note = self.text(node, "note"),
                other => {
                    let help = suggestion(other, ACTUAL_KEYS.iter().copied())
                        .unwrap_or_else(|| "a measurement has `date`, `value` and `note`".into());
                    self.push(
                        Diagnostic::error(
                            RuleId::Schema,
                            key.span,
                            format!("unknown field `{other}` on a measurement"),
                        )
                        .label("unknown field")
                        .help(help),
                    );
                }
            }
        }
        match (date, value) {
            (Some(Value::Text(date)), Some(Value::Number(value))) => Some(Actual {
                date,
                value,
                note,
                span: item.span,
            }),
            (date, _) => {
                // A date or value written wrongly has been reported already.
                if ok {
                    let missing = if date.is_none() { "date" } else { "value" };
                    self.push(
                        Diagnostic::error(
                            RuleId::Schema,
                            item.span,
                            format!("this measurement has no `{missing}`"),
                        )
                        .label(format!("missing `{missing}`"))
                        .help("write each measurement as `{ date: 2026-03-31, value: 42 }`"),
                    );
                }
                None
            }
        }
    }

    /// One stage of a journey, after the stages `before` it; `None` when it has no id
    /// or repeats the id of one before it.
    fn stage(&mut self, item: &Node, before: &[Stage]) -> Option<Stage> {
        let Some(entries) = item.as_map() else {
            self.push(
                type_error(item, "stages", "a list of mappings")
                    .help("write each stage as `{ id: apply, name: Apply }`"),
            );
            return None;
        };
        let mut stage = Stage {
            id: String::new(),
            id_span: item.span,
            name: String::new(),
            touchpoints: Vec::new(),
            pain_points: Vec::new(),
            emotion: None,
            moment_that_matters: false,
            insights: Vec::new(),
        };
        let mut has_name = false;
        for (key, value) in entries {
            if value.value == Raw::Null {
                continue;
            }
            has_name |= key.name == "name";
            self.stage_field(&mut stage, &key.name, key.span, value);
        }
        if stage.id.is_empty() {
            self.push(
                Diagnostic::error(RuleId::Schema, item.span, "this journey stage has no `id`")
                    .label("missing `id`")
                    .help("add `id: ...`, unique within the journey"),
            );
            return None;
        }
        if !has_name {
            self.push(
                Diagnostic::error(
                    RuleId::Schema,
                    stage.id_span,
                    format!("journey stage `{}` has no `name`", stage.id),
                )
                .label("missing `name`")
                .help("add `name: ...`"),
            );
        }
        if let Some(first) = before.iter().find(|s| s.id == stage.id) {
            let d = Diagnostic::error(
                RuleId::DuplicateId,
                stage.id_span,
                format!("stage id `{}` is used twice in this journey", stage.id),
            )
            .label("second use")
            .related(first.id_span, "first used here")
            .help("stage ids are unique within a journey: rename one of the two stages");
            self.push(d);
            return None;
        }
        Some(stage)
    }

    /// The field `key` (written at `key_span`) of a stage, read into `stage`.
    fn stage_field(&mut self, stage: &mut Stage, key: &str, key_span: Span, value: &Node) {
        match key {
            "id" => match scalar_text(self.ctx.sources, value) {
                Some(id) => {
                    if !is_valid_id(&id) {
                        self.push(invalid_id(&id, value.span));
                    }
                    stage.id = id;
                    stage.id_span = value.span;
                }
                None => self.push(type_error(value, "id", "a string")),
            },
            "name" => stage.name = self.text(value, "name").unwrap_or_default(),
            "touchpoints" => {
                if let Some(Value::Refs(refs)) = self.value(
                    FieldType::References(STAGE_TOUCHPOINTS),
                    value,
                    "touchpoints",
                ) {
                    stage.touchpoints = refs;
                }
            }
            "pain_points" => {
                stage.pain_points = self.strings(value, "pain_points").unwrap_or_default()
            }
            "emotion" => {
                stage.emotion = self
                    .word(value, "emotion", EMOTIONS)
                    .and_then(Emotion::from_word)
            }
            "moment_that_matters" => {
                if let Some(Value::Boolean(b)) = self.value(FieldType::Boolean, value, key) {
                    stage.moment_that_matters = b;
                }
            }
            "insights" => {
                if let Some(Value::Refs(refs)) =
                    self.value(FieldType::References(STAGE_INSIGHTS), value, key)
                {
                    stage.insights = refs;
                }
            }
            other => {
                let help = suggestion(other, STAGE_KEYS.iter().copied())
                    .unwrap_or_else(|| format!("a stage has: {}", STAGE_KEYS.join(", ")));
                self.push(
                    Diagnostic::error(
                        RuleId::Schema,
                        key_span,
                        format!("unknown field `{other}` on a journey stage"),
                    )
                    .label("unknown field")
                    .help(help),
                );
            }
        }
    }
}
