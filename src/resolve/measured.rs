//! The measured values of KPIs: the rows of measurements files join the `actuals`
//! written on each KPI, and no KPI keeps two values for one day.

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::load::MeasurementRow;
use crate::model::{Actual, Element, FieldValue, Staged, Value};
use crate::source::Span;
use crate::spec::{Field, Kind, RuleId, Targets};

use super::fields::Context;

/// What the `kpi` column of a measurements file may name.
const KPIS: Targets = Targets::Kinds(&[Kind::Kpis]);

/// Adds each row of `rows` to the actuals of the KPI it names, reporting rows that name
/// no KPI, then reports (and drops) every second value of a KPI for one day.
pub(super) fn attach(
    ctx: &Context<'_>,
    rows: &[MeasurementRow],
    elements: &mut [Arc<Element>],
    diags: &mut Vec<Diagnostic>,
) {
    // The rows of each element, by its place in `elements`.
    let mut by_element: Vec<(usize, Actual)> = Vec::new();
    for row in rows {
        match ctx.index.get(row.kpi.as_str()) {
            Some(&(idx, Kind::Kpis)) => by_element.push((idx.0, actual(row))),
            Some(&(_, kind)) => {
                diags.push(ctx.wrong_kind(&row.kpi, row.kpi_span, "kpi", KPIS, kind));
            }
            None if ctx.unread.covers(&row.kpi) => {}
            None => diags.push(ctx.unknown_reference(&row.kpi, row.kpi_span, KPIS)),
        }
    }
    // Rows are added in file order after the values written on the KPI; the sort below
    // is stable, so the first of two values for one day is the one written first.
    by_element.sort_by_key(|(idx, _)| *idx);
    let mut rows = by_element.into_iter().peekable();
    for (idx, element) in elements.iter_mut().enumerate() {
        let mut added = Vec::new();
        while let Some((_, actual)) = rows.next_if(|(i, _)| *i == idx) {
            added.push(actual);
        }
        // An element shared with the resolve cache is copied only when it changes.
        if !added.is_empty() {
            add_actuals(Arc::make_mut(element), added);
        }
        if element.kind == Kind::Kpis && has_repeated_day(element) {
            one_value_per_day(Arc::make_mut(element), diags);
        }
    }
}

/// The actual a row gives; it is written from its `kpi` cell to its `value` cell.
fn actual(row: &MeasurementRow) -> Actual {
    Actual {
        date: row.date.clone(),
        value: row.value,
        note: row.note.clone(),
        span: Span::new(
            row.kpi_span.file,
            row.kpi_span.start(),
            row.value_span.end(),
        ),
    }
}

/// Adds `added` to the actuals of `element`, which gains the field when it has none.
fn add_actuals(element: &mut Element, added: Vec<Actual>) {
    if let Some(FieldValue {
        value: Staged::Fixed(Value::Actuals(actuals)),
        ..
    }) = element
        .fields
        .iter_mut()
        .find(|f| f.field == Field::Actuals)
    {
        actuals.extend(added);
        actuals.sort_by(|a, b| a.date.cmp(&b.date));
        return;
    }
    let span = added[0].span;
    let mut actuals = added;
    actuals.sort_by(|a, b| a.date.cmp(&b.date));
    element.fields.push(FieldValue {
        field: Field::Actuals,
        value: Staged::Fixed(Value::Actuals(actuals)),
        span,
    });
    super::element::sort_fields(element);
}

/// Whether two actuals of `element` (sorted by date) fall on one day.
fn has_repeated_day(element: &Element) -> bool {
    matches!(
        element.field(Field::Actuals),
        Some(FieldValue { value: Staged::Fixed(Value::Actuals(actuals)), .. })
            if actuals.windows(2).any(|w| w[0].date == w[1].date)
    )
}

/// Keeps the first value of each day among the actuals of `element`, reporting the
/// others where they are written.
fn one_value_per_day(element: &mut Element, diags: &mut Vec<Diagnostic>) {
    let Some(FieldValue {
        value: Staged::Fixed(Value::Actuals(actuals)),
        ..
    }) = element
        .fields
        .iter_mut()
        .find(|f| f.field == Field::Actuals)
    else {
        return;
    };
    let mut kept: Vec<Actual> = Vec::with_capacity(actuals.len());
    for actual in actuals.drain(..) {
        match kept.last() {
            Some(first) if first.date == actual.date => diags.push(
                Diagnostic::error(
                    RuleId::Schema,
                    actual.span,
                    format!(
                        "KPI `{}` has a second value for {}",
                        element.id, actual.date
                    ),
                )
                .label("a second value for the same day")
                .related(first.span, "the first value for that day")
                .help("keep one value per day: delete or correct one of the two")
                .element(&element.id),
            ),
            _ => kept.push(actual),
        }
    }
    *actuals = kept;
}
