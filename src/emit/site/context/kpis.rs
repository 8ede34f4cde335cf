//! The KPI scorecard, grouped by voice.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::gaps::{GapReport, Trend};
use crate::analysis::tracking::{actuals, tracking};
use crate::model::{Actual, Element, ElementIdx, Model, PlateauIdx, Value};
use crate::spec::{Field, Kind};
use crate::text::{float, readable};

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
    /// Its value at every plateau, in order, as written for reading (`1,200`, `0.5`);
    /// none where it has no value or does not exist.
    pub values: Vec<Option<String>>,
    /// How the target compares with the baseline: `better`, `worse`, `unchanged` or
    /// `unknown`.
    pub trend: &'static str,
    /// The latest actual, written for reading, if it has been measured.
    pub latest: Option<String>,
    /// The day of the latest actual, `YYYY-MM-DD`.
    pub measured: Option<String>,
    /// How the latest actual stands against the plan: `on-track`, `at-risk`,
    /// `off-track`, `no plan`; `not measured` without actuals.
    pub status: &'static str,
    /// The actuals as a small line chart, if there are two or more.
    pub sparkline: Option<Sparkline>,
}

/// A KPI's actuals drawn as a line: points in a box of [`SPARK_WIDTH`] by
/// [`SPARK_HEIGHT`], higher values higher.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Sparkline {
    /// The points of an SVG `polyline` (`0,18 40,9.5 80,2`).
    pub points: String,
    /// The last point's x, to mark it.
    pub last_x: String,
    /// The last point's y.
    pub last_y: String,
    /// What it shows, in words (`4 measurements from 41 on 2026-03-31 to 47 on
    /// 2026-10-31`), for readers who do not see it.
    pub text: String,
}

/// The width of a sparkline.
pub const SPARK_WIDTH: f64 = 80.0;
/// The height of a sparkline.
pub const SPARK_HEIGHT: f64 = 20.0;
/// At most this many actuals are drawn, the latest.
pub const SPARK_POINTS: usize = 60;

/// The KPI scorecard, grouped by voice.
pub fn kpis(model: &Model, report: &GapReport<'_>) -> Kpis {
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
    let tracked = tracking(model, e);
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
                    Some(Some(Value::Number(n))) => Some(readable(*n)),
                    _ => None,
                },
            )
            .collect(),
        trend: trend.map_or("unknown", Trend::as_str),
        latest: tracked.map(|t| readable(t.latest.value)),
        measured: tracked.map(|t| t.latest.date.clone()),
        status: tracked.map_or("not measured", |t| t.status.as_str()),
        sparkline: sparkline(actuals(e)),
    }
}

/// The last [`SPARK_POINTS`] actuals as a sparkline, evenly spaced; none for fewer than
/// two.
fn sparkline(all: &[Actual]) -> Option<Sparkline> {
    let shown = &all[all.len().saturating_sub(SPARK_POINTS)..];
    let (first, last) = (shown.first()?, shown.last()?);
    if shown.len() < 2 {
        return None;
    }
    let (lo, hi) = shown
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), a| {
            (lo.min(a.value), hi.max(a.value))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let steps = float(i64::try_from(shown.len() - 1).unwrap_or(1));
    let point = |i: usize, v: f64| {
        let x = SPARK_WIDTH * float(i64::try_from(i).unwrap_or(0)) / steps;
        // One pixel of margin, so the line is not cut at the top or bottom.
        let y = 1.0 + (SPARK_HEIGHT - 2.0) * (hi - v) / span;
        (format!("{x:.1}"), format!("{y:.1}"))
    };
    let points: Vec<String> = shown
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let (x, y) = point(i, a.value);
            format!("{x},{y}")
        })
        .collect();
    let (last_x, last_y) = point(shown.len() - 1, last.value);
    Some(Sparkline {
        points: points.join(" "),
        last_x,
        last_y,
        text: format!(
            "{} measurements from {} on {} to {} on {}",
            shown.len(),
            readable(first.value),
            first.date,
            readable(last.value),
            last.date
        ),
    })
}
