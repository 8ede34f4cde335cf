//! The insights page: each piece of evidence traced to where it was found (journey
//! stages and what it is about), the initiatives that act on it, and the KPIs those
//! initiatives move; evidence no initiative acts on is marked.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::coverage::{addressed_by, journey_stages};
use crate::analysis::plateau::Projection;
use crate::model::{ElementIdx, Model, PlateauIdx, Value};
use crate::spec::{Field, InsightSource, Kind, Rating, ValueEnum, Voice};

use super::journeys::{CELL_CAP, Capped, KpiFigures, kpi_figures};
use super::{ElementLink, element_link, journey_url, text_field};

/// The insights page's data (`insights.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Insights {
    /// How many insights the model has.
    pub total: usize,
    /// How many of them an initiative addresses.
    pub addressed: usize,
    /// How many of those no initiative addresses have severity `high`.
    pub unaddressed_high: usize,
    /// An entry per insight: high severity first, then medium, low and unrated; those
    /// no initiative addresses first within each; then by id.
    pub insights: Vec<InsightTrace>,
}

/// An insight, traced from where it was found to the KPIs that should show it fixed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct InsightTrace {
    /// The insight.
    pub insight: ElementLink,
    /// Whose voice it is: `customer`, `employee`, `partner` or `process`.
    pub voice: Option<&'static str>,
    /// Where it comes from (`survey`, `complaint`...), if set.
    pub source: Option<&'static str>,
    /// The day it was gathered, if set.
    pub date: Option<String>,
    /// How many people or cases it rests on, written for reading, if set.
    pub sample: Option<String>,
    /// Its severity: `high`, `medium` or `low`, if set.
    pub severity: Option<&'static str>,
    /// What someone said, if quoted.
    pub quote: Option<String>,
    /// The personas it speaks for.
    pub personas: Capped<ElementLink>,
    /// The journey stages that name it, at any plateau.
    pub stages: Capped<StageRef>,
    /// What it is about: touchpoints, journeys, processes, systems or capabilities.
    pub about: Capped<ElementLink>,
    /// The initiatives that address it, with the plateau each lands in.
    pub initiatives: Capped<Addressing>,
    /// The KPIs those initiatives move, with their values.
    pub kpis: Capped<KpiFigures>,
    /// Whether no initiative addresses it.
    pub unaddressed: bool,
}

/// A journey stage that names an insight.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StageRef {
    /// The journey's name.
    pub journey: String,
    /// The journey's page, from the site root.
    pub url: String,
    /// The stage's name.
    pub stage: String,
}

/// An initiative that addresses an insight.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Addressing {
    /// The initiative.
    pub initiative: ElementLink,
    /// The id of the plateau it lands in, if set.
    pub lands_in: Option<String>,
}

/// The insights page from the model at every plateau (`all`).
pub fn insights(model: &Model, all: &[Projection<'_>]) -> Insights {
    let baseline = model.baseline();
    // Stages naming each insight, at any plateau, once per journey and stage id.
    let mut stages: BTreeMap<ElementIdx, Vec<(ElementIdx, &str, &str)>> = BTreeMap::new();
    for at in all {
        for (journey, _) in at.of_kind(Kind::Journeys) {
            for stage in journey_stages(at, journey) {
                for r in &stage.insights {
                    let list = stages.entry(r.target).or_default();
                    if !list
                        .iter()
                        .any(|(j, id, _)| *j == journey && *id == stage.id)
                    {
                        list.push((journey, &stage.id, &stage.name));
                    }
                }
            }
        }
    }
    let addressing = addressed_by(model);
    let refs = |idx: ElementIdx, field: Field| -> Vec<ElementIdx> {
        model
            .element(idx)
            .value_at(field, baseline)
            .map_or(&[][..], Value::refs)
            .iter()
            .map(|r| r.target)
            .collect()
    };
    let mut insights: Vec<InsightTrace> = model
        .of_kind(Kind::Insights)
        .map(|(idx, e)| {
            let word = |field| e.value_at(field, baseline);
            let by = addressing[idx.0].as_slice();
            let mut kpis: Vec<ElementIdx> = by.iter().flat_map(|&i| refs(i, Field::Kpis)).collect();
            kpis.sort_unstable();
            kpis.dedup();
            let stage_refs = stages
                .get(&idx)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|&(journey, _, stage)| StageRef {
                    journey: model.element(journey).name().to_owned(),
                    url: journey_url(&model.element(journey).id),
                    stage: stage.to_owned(),
                })
                .collect();
            InsightTrace {
                insight: element_link(model, idx),
                voice: word(Field::Voice)
                    .and_then(Value::word::<Voice>)
                    .map(ValueEnum::word),
                source: word(Field::Source)
                    .and_then(Value::word::<InsightSource>)
                    .map(ValueEnum::word),
                date: text_field(e, Field::Date, baseline),
                sample: word(Field::Sample)
                    .and_then(Value::number)
                    .map(crate::text::readable),
                severity: word(Field::Severity)
                    .and_then(Value::word::<Rating>)
                    .map(ValueEnum::word),
                quote: text_field(e, Field::Quote, baseline),
                personas: Capped::of(
                    refs(idx, Field::Personas)
                        .into_iter()
                        .map(|p| element_link(model, p))
                        .collect(),
                    CELL_CAP,
                ),
                stages: Capped::of(stage_refs, CELL_CAP),
                about: Capped::of(
                    refs(idx, Field::About)
                        .into_iter()
                        .map(|a| element_link(model, a))
                        .collect(),
                    CELL_CAP,
                ),
                initiatives: Capped::of(
                    by.iter()
                        .map(|&i| Addressing {
                            initiative: element_link(model, i),
                            lands_in: match model.element(i).value_at(Field::LandsIn, baseline) {
                                Some(Value::Plateau(PlateauIdx(p))) => {
                                    model.plateaus.get(*p).map(|p| p.id.clone())
                                }
                                _ => None,
                            },
                        })
                        .collect(),
                    CELL_CAP,
                ),
                kpis: Capped::of(
                    kpis.into_iter().map(|k| kpi_figures(model, k)).collect(),
                    CELL_CAP,
                ),
                unaddressed: by.is_empty(),
            }
        })
        .collect();
    let order = |t: &InsightTrace| {
        let severity = match t.severity {
            Some("high") => 0,
            Some("medium") => 1,
            Some("low") => 2,
            _ => 3,
        };
        (severity, !t.unaddressed)
    };
    // Model order is by id and the sort is stable.
    insights.sort_by_key(order);
    Insights {
        total: insights.len(),
        addressed: insights.iter().filter(|t| !t.unaddressed).count(),
        unaddressed_high: insights
            .iter()
            .filter(|t| t.unaddressed && t.severity == Some("high"))
            .count(),
        insights,
    }
}
