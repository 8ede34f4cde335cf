//! Resolving one element: its keys, when it lives, and the fields it must have.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, suggestion};
use crate::model::{Element, FieldValue, Plateau, PlateauIdx};
use crate::raw::{Node, Value as Raw};
use crate::source::Span;
use crate::spec::RuleId;
use crate::spec::{Field, Kind, SPECIAL_KEYS, all_fields, field_spec};

use super::Pending;
use super::fields::{Context, Reader};

/// Resolves one element.
pub(crate) fn element(
    ctx: &Context<'_>,
    pending: &Pending,
    node: &Node,
    diags: &mut Vec<Diagnostic>,
) -> Element {
    let kind = pending.kind;
    let last = ctx.plateaus.map_or(0, |p| p.len().saturating_sub(1));
    let mut element = Element {
        id: pending.id.clone(),
        kind,
        id_span: pending.id_span,
        from: PlateauIdx(0),
        until: PlateauIdx(last),
        from_span: None,
        until_span: None,
        fields: Vec::new(),
        waivers: Vec::new(),
        properties: BTreeMap::new(),
    };
    let mut reader = Reader {
        ctx,
        diags,
        element: &pending.id,
    };
    let (from_span, until_span) = read_keys(&mut reader, pending, node, &mut element);
    if element.from > element.until {
        // At least one of the two is written; point at `until` when it is.
        let span = until_span.or(from_span).unwrap_or(pending.id_span);
        let plateaus = ctx.plateaus.unwrap_or_default();
        reader
            .diags
            .push(ends_before_it_begins(pending, &element, plateaus, span));
        // Which of the two is wrong cannot be told: the element is read as living in
        // every plateau, so that the slip is not reported again by every rule that
        // finds it missing somewhere.
        element.from = PlateauIdx(0);
        element.until = PlateauIdx(last);
    }
    element.from_span = from_span;
    element.until_span = until_span;
    missing_required(pending, node, reader.diags);
    sort_fields(&mut element);
    element
}

/// Puts the fields of `element` in canonical order: the order of its kind's table.
pub(super) fn sort_fields(element: &mut Element) {
    let kind = element.kind;
    let order = |f: Field| all_fields(kind).position(|s| s.field == f);
    element.fields.sort_by_key(|f| order(f.field));
}

/// Reads every key written on the element into `element`; returns where `from` and
/// `until` are written, when they name a plateau.
fn read_keys(
    reader: &mut Reader<'_, '_>,
    pending: &Pending,
    node: &Node,
    element: &mut Element,
) -> (Option<Span>, Option<Span>) {
    let kind = pending.kind;
    let mut from_span = None;
    let mut until_span = None;
    for (key, node) in node.as_map().unwrap_or_default() {
        match &*key.name {
            "id" => {}
            "from" | "until" => {
                if let Some(p) = reader.plateau_value(node, &key.name) {
                    if key.name == "from" {
                        element.from = p;
                        from_span = Some(node.span);
                    } else {
                        element.until = p;
                        until_span = Some(node.span);
                    }
                }
            }
            "waivers" => element.waivers = reader.waivers(node),
            "properties" => element.properties = reader.properties(node),
            name => match field_spec(kind, name) {
                Some(spec) => {
                    if let Some(value) = reader.field(spec, node) {
                        element.fields.push(FieldValue {
                            field: spec.field,
                            value,
                            span: node.span,
                        });
                    }
                }
                None => reader
                    .diags
                    .push(unknown_field(kind, name, key.span).element(&pending.id)),
            },
        }
    }
    (from_span, until_span)
}

/// The `unknown-plateau` error for an element whose `until` comes before its `from`,
/// at `span`.
fn ends_before_it_begins(
    pending: &Pending,
    element: &Element,
    plateaus: &[Plateau],
    span: Span,
) -> Diagnostic {
    Diagnostic::error(
        RuleId::UnknownPlateau,
        span,
        format!(
            "{} `{}` ends in `{}` before it begins in `{}`",
            pending.kind.singular(),
            pending.id,
            plateaus[element.until.0].id,
            plateaus[element.from.0].id
        ),
    )
    .label("`until` before `from`")
    .element(&pending.id)
    .help("`from` must not come after `until` in the order of `plateaus` in tom.yaml")
}

/// A `schema` error for each required field the element does not write.
fn missing_required(pending: &Pending, node: &Node, diags: &mut Vec<Diagnostic>) {
    let kind = pending.kind;
    for spec in all_fields(kind).filter(|s| s.required) {
        let written = node
            .as_map()
            .unwrap_or_default()
            .iter()
            .any(|(k, v)| k.name == spec.field.key() && v.value != Raw::Null);
        if !written {
            diags.push(
                Diagnostic::error(
                    RuleId::Schema,
                    pending.id_span,
                    format!(
                        "{} `{}` has no `{}`",
                        kind.singular(),
                        pending.id,
                        spec.field
                    ),
                )
                .label(format!("missing `{}`", spec.field))
                .element(&pending.id)
                .help(format!(
                    "add `{}: ...` ({})",
                    spec.field,
                    spec.doc.trim_end_matches('.').to_lowercase()
                )),
            );
        }
    }
}

fn unknown_field(kind: Kind, name: &str, span: Span) -> Diagnostic {
    let mut candidates: Vec<&str> = all_fields(kind).map(|s| s.field.key()).collect();
    candidates.extend(SPECIAL_KEYS);
    let help = suggestion(name, candidates.iter().copied()).unwrap_or_else(|| {
        let elsewhere: Vec<&str> = Kind::ALL
            .iter()
            .filter(|k| field_spec(**k, name).is_some())
            .map(|k| k.key())
            .collect();
        if elsewhere.is_empty() {
            format!(
                "{} have these fields: {}",
                kind.key(),
                candidates.join(", ")
            )
        } else {
            format!(
                "`{name}` is a field of {}, not of {}",
                elsewhere.join(", "),
                kind.key()
            )
        }
    });
    Diagnostic::error(
        RuleId::Schema,
        span,
        format!("unknown field `{name}` on {}", kind.singular()),
    )
    .label("unknown field")
    .help(help)
}
