//! The journeys: their list, and a page per journey with its stages and the service
//! blueprint behind them.

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::coverage::{journey_stages, moment_that_matters};
use crate::analysis::plateau::Projection;
use crate::emit::site::pages::has_journey_maps;
use crate::model::{ElementIdx, Model, Stage, Value};
use crate::spec::{Emotion, Field, Kind, ValueEnum};

use super::{ElementLink, element_link, element_links, element_url, journey_url, text_field};
use crate::emit::site::markdown::to_safe_html;

/// The list of journeys' data (`journeys.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Journeys {
    /// Every journey, by id.
    pub journeys: Vec<JourneyEntry>,
}

/// A journey in the list.
#[derive(Debug, Serialize, JsonSchema)]
pub struct JourneyEntry {
    /// The journey's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its journey page, from the site root (there is none in a model without plateaus).
    pub url: String,
    /// Its element page, from the site root.
    pub element_url: String,
    /// Its persona, at the last plateau it exists in.
    pub persona: Option<ElementLink>,
    /// How many stages it has at the last plateau it exists in.
    pub stages: usize,
    /// The id of the first plateau it exists in.
    pub from: String,
    /// The id of the last plateau it exists in.
    pub until: String,
    /// The link to its element page.
    pub link: ElementLink,
}

/// The list of journeys.
pub fn journeys(model: &Model) -> Journeys {
    let journeys = model
        .of_kind(Kind::Journeys)
        .map(|(idx, e)| {
            let persona = e
                .value_at(Field::Persona, e.until)
                .and_then(|v| v.refs().first())
                .map(|r| element_link(model, r.target));
            let stages = e
                .fields
                .iter()
                .find(|f| f.field == Field::Stages)
                .and_then(|f| f.value.at(e.until))
                .map_or(0, |v| match v {
                    Value::Stages(s) => s.len(),
                    _ => 0,
                });
            JourneyEntry {
                id: e.id.clone(),
                name: e.name().to_owned(),
                // Without plateaus no journey map is drawn: the entry opens the element.
                url: if has_journey_maps(model) {
                    journey_url(&e.id)
                } else {
                    element_url(&e.id)
                },
                element_url: element_url(&e.id),
                persona,
                stages,
                from: super::plateau_id(model, e.from),
                until: super::plateau_id(model, e.until),
                link: element_link(model, idx),
            }
        })
        .collect();
    Journeys { journeys }
}

/// A journey page's data (`journey.html`), at the last plateau the journey exists in.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Journey {
    /// The journey's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description, rendered as safe HTML (print it with `| safe`).
    pub description: Option<String>,
    /// Its element page, from the site root.
    pub element_url: String,
    /// The id of the plateau the page shows: the last the journey exists in.
    pub plateau: String,
    /// Its persona.
    pub persona: Option<ElementLink>,
    /// Its KPIs.
    pub kpis: Vec<ElementLink>,
    /// Its stages, in order, each with its lanes of the service blueprint.
    pub stages: Vec<StageColumn>,
}

/// A stage of a journey and the service blueprint under it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StageColumn {
    /// The stage's id, unique within its journey.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The customer's emotion: `very-positive`, `positive`, `neutral`, `negative` or
    /// `very-negative`, if it is set.
    pub emotion: Option<&'static str>,
    /// The pain points felt in it.
    pub pain_points: Vec<String>,
    /// The touchpoints met in it.
    pub touchpoints: Vec<TouchpointLink>,
    /// The processes of its touchpoints in the frontstage layer.
    pub frontstage: Vec<ElementLink>,
    /// The processes of its touchpoints in the backstage layer.
    pub backstage: Vec<ElementLink>,
    /// The processes of its touchpoints in the support layer.
    pub support: Vec<ElementLink>,
    /// The processes of its touchpoints with no layer set.
    pub unlayered: Vec<ElementLink>,
    /// The systems those processes use.
    pub systems: Vec<ElementLink>,
}

/// A touchpoint of a journey stage.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TouchpointLink {
    /// The link to the touchpoint.
    #[serde(flatten)]
    pub link: ElementLink,
    /// Its channel, if it is set.
    pub channel: Option<&'static str>,
    /// Whether it is a moment that matters.
    pub moment: bool,
}

/// One journey page: stages, touchpoints, pain points, emotion and KPIs, and below it
/// the service blueprint, at the last plateau the journey exists in.
pub fn journey(views: &[Projection<'_>], idx: ElementIdx) -> Journey {
    let at = &views[views[0].model().element(idx).until.0];
    let model = at.model();
    let e = model.element(idx);
    Journey {
        id: e.id.clone(),
        name: e.name().to_owned(),
        description: text_field(e, Field::Description, e.until).map(|d| to_safe_html(&d)),
        element_url: element_url(&e.id),
        plateau: at.plateau_def().id.clone(),
        persona: at
            .refs(idx, Field::Persona)
            .first()
            .map(|r| element_link(model, r.target)),
        kpis: element_links(model, at.refs(idx, Field::Kpis).iter().map(|r| r.target)),
        stages: journey_stages(at, idx)
            .iter()
            .map(|s| stage(at, s))
            .collect(),
    }
}

/// Stage `s` and its blueprint at plateau `at`.
fn stage(at: &Projection<'_>, s: &Stage) -> StageColumn {
    let model = at.model();
    let tps: Vec<ElementIdx> = s
        .touchpoints
        .iter()
        .map(|r| r.target)
        .filter(|&t| at.contains(t))
        .collect();
    let all_procs = sorted(
        tps.iter()
            .flat_map(|&t| at.refs(t, Field::Processes).iter().map(|r| r.target))
            .filter(|&p| at.contains(p)),
    );
    let systems = sorted(
        all_procs
            .iter()
            .flat_map(|&p| at.refs(p, Field::Systems).iter().map(|r| r.target))
            .filter(|&s| at.contains(s)),
    );
    StageColumn {
        id: s.id.clone(),
        name: s.name.clone(),
        emotion: s.emotion.map(Emotion::word),
        pain_points: s.pain_points.clone(),
        touchpoints: tps
            .iter()
            .map(|&t| TouchpointLink {
                link: element_link(model, t),
                channel: match at.value(t, Field::Channel) {
                    Some(Value::Enum(c)) => Some(*c),
                    _ => None,
                },
                moment: moment_that_matters(at, t),
            })
            .collect(),
        frontstage: lane(at, &tps, "frontstage"),
        backstage: lane(at, &tps, "backstage"),
        support: lane(at, &tps, "support"),
        unlayered: element_links(
            model,
            all_procs
                .iter()
                .copied()
                .filter(|&p| at.value(p, Field::Layer).is_none()),
        ),
        systems: element_links(model, systems),
    }
}

/// The processes of touchpoints `tps` in `layer`.
fn lane(at: &Projection<'_>, tps: &[ElementIdx], layer: &str) -> Vec<ElementLink> {
    let procs = sorted(
        tps.iter()
            .flat_map(|&t| at.refs(t, Field::Processes).iter().map(|r| r.target))
            .filter(|&p| at.contains(p))
            .filter(|&p| match at.value(p, Field::Layer) {
                Some(Value::Enum(l)) => *l == layer,
                _ => false,
            }),
    );
    element_links(at.model(), procs)
}

/// `elements` sorted, each once.
fn sorted(elements: impl Iterator<Item = ElementIdx>) -> Vec<ElementIdx> {
    let mut all: Vec<ElementIdx> = elements.collect();
    all.sort_unstable();
    all.dedup();
    all
}
