//! The KPI scorecard, grouped by voice.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::gaps::{GapReport, Trend};
use crate::emit::gap_report::number;
use crate::model::{Element, ElementIdx, Model, PlateauIdx, Value};
use crate::spec::{Field, Kind};

use super::{ElementLink, element_link, text_field};

/// The KPI scorecard's data (`kpis.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Kpis {
    /// The KPIs by voice: customer, employee, process, business, then those without.
    pub groups: Vec<VoiceGroup>,
}

/// The KPIs of one voice.
#[derive(Debug, Serialize, JsonSchema)]
pub struct VoiceGroup {
    /// The voice (`customer`), or `no voice`.
    pub voice: String,
    /// Its KPIs, by id.
    pub rows: Vec<KpiRow>,
}

/// A KPI of the scorecard.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KpiRow {
    /// The KPI.
    pub kpi: ElementLink,
    /// Its unit, if it is set.
    pub unit: Option<String>,
    /// Which way is better, `increase` or `decrease`, if it is set.
    pub direction: Option<&'static str>,
    /// Its value at every plateau, in order, as written for reading (`1200`, `0.5`);
    /// none where it has no value or does not exist.
    pub values: Vec<Option<String>>,
    /// How the target compares with the baseline: `better`, `worse`, `unchanged` or
    /// `unknown`.
    pub trend: &'static str,
}

/// The KPI scorecard, grouped by voice.
pub fn kpis(model: &Model) -> Kpis {
    let report = GapReport::new(model, model.baseline(), model.target());
    let trend: BTreeMap<ElementIdx, Trend> = report.kpis.iter().map(|k| (k.kpi, k.trend)).collect();
    let mut groups: BTreeMap<usize, VoiceGroup> = BTreeMap::new();
    let voices = crate::spec::VOICES;
    for (idx, e) in model.of_kind(Kind::Kpis) {
        let voice = match e.value_at(Field::Voice, e.until) {
            Some(Value::Enum(v)) => Some(*v),
            _ => None,
        };
        let order = voice
            .and_then(|v| voices.iter().position(|w| *w == v))
            .unwrap_or(voices.len());
        groups
            .entry(order)
            .or_insert_with(|| VoiceGroup {
                voice: voice.unwrap_or("no voice").to_owned(),
                rows: Vec::new(),
            })
            .rows
            .push(row(model, idx, e, trend.get(&idx).copied()));
    }
    Kpis {
        groups: groups.into_values().collect(),
    }
}

/// The row of KPI `e`.
fn row(model: &Model, idx: ElementIdx, e: &Element, trend: Option<Trend>) -> KpiRow {
    KpiRow {
        kpi: element_link(model, idx),
        unit: text_field(e, Field::Unit, e.until),
        direction: match e.value_at(Field::Direction, e.until) {
            Some(Value::Enum(d)) => Some(*d),
            _ => None,
        },
        values: (0..model.plateaus.len())
            .map(PlateauIdx)
            .map(
                |p| match e.exists_in(p).then(|| e.value_at(Field::Value, p)) {
                    Some(Some(Value::Number(n))) => Some(number(*n)),
                    _ => None,
                },
            )
            .collect(),
        trend: trend.map_or("unknown", Trend::as_str),
    }
}
