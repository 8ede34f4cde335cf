//! The journeys: their list, and a page per journey with its stages and the service
//! blueprint behind them at every plateau it exists in, its emotion curves, a
//! comparison of any two of those plateaus and its KPIs.

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::coverage::{journey_stages, moment_that_matters};
use crate::analysis::plateau::Projection;
use crate::analysis::tracking::tracking;
use crate::emit::site::pages::has_journey_maps;
use crate::model::{Element, ElementIdx, Model, PlateauIdx, Stage, Value};
use crate::spec::{Emotion, Field, Kind, ValueEnum};
use crate::text::readable;

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

/// At most this many stages are drawn per plateau; the rest are counted.
pub const STAGE_CAP: usize = 30;
/// At most this many items are listed in a cell; the rest are counted.
pub const CELL_CAP: usize = 8;

/// Some items, at most a cap of them, and how many more there are.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Capped<T> {
    /// The items listed.
    pub items: Vec<T>,
    /// How many more there are, not listed.
    pub more: usize,
}

impl<T> Capped<T> {
    /// The first `cap` of `all`, and the count of the rest.
    pub fn of(mut all: Vec<T>, cap: usize) -> Self {
        let more = all.len().saturating_sub(cap);
        all.truncate(cap);
        Self { items: all, more }
    }
}

/// A journey page's data (`journey.html`): the journey at every plateau it exists in.
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
    /// The id of the plateau the page opens at: the baseline for a journey that exists
    /// there (the journey as it is), else the last plateau it exists in.
    pub plateau: String,
    /// Whether the journey exists at the baseline (a journey as it is today).
    pub as_is: bool,
    /// Its persona, at the plateau the page opens at.
    pub persona: Option<ElementLink>,
    /// Its KPIs, with their baseline, target and latest actual.
    pub kpis: Vec<KpiFigures>,
    /// The journey at each plateau it exists in, in plateau order.
    pub views: Vec<JourneyView>,
    /// Every pair of those plateaus, the earlier before the later, stage by stage.
    pub comparisons: Vec<Comparison>,
}

/// The journey at one plateau.
#[derive(Debug, Serialize, JsonSchema)]
pub struct JourneyView {
    /// The plateau's id.
    pub plateau: String,
    /// Its name.
    pub plateau_name: String,
    /// Whether the page opens at this plateau.
    pub default: bool,
    /// Its stages, in order (at most [`STAGE_CAP`]), each with its lanes of the service
    /// blueprint.
    pub stages: Vec<StageColumn>,
    /// How many stages are not drawn.
    pub more_stages: usize,
    /// The emotion curve over those stages.
    pub curve: Curve,
}

/// The emotion curve of a journey at a plateau: a point per stage with an emotion.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Curve {
    /// The drawing's width.
    pub width: usize,
    /// Its height.
    pub height: usize,
    /// The points of the line, `x,y x,y`, through the stages with an emotion.
    pub line: String,
    /// A point per stage.
    pub points: Vec<CurvePoint>,
    /// The curve in words, for its text alternative.
    pub summary: String,
}

/// A stage on the emotion curve.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CurvePoint {
    /// The stage's number, from 1.
    pub number: usize,
    /// Its x.
    pub x: usize,
    /// Its y, none when the stage has no emotion.
    pub y: Option<usize>,
    /// The stage's name.
    pub name: String,
    /// Its emotion, if set.
    pub emotion: Option<&'static str>,
    /// Whether it is a moment that matters.
    pub moment: bool,
}

/// A KPI of a journey or persona: its plan and its latest actual.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KpiFigures {
    /// The KPI.
    pub kpi: ElementLink,
    /// Its unit, if set.
    pub unit: Option<String>,
    /// Its value at the baseline, as written for reading.
    pub baseline: Option<String>,
    /// Its value at the target.
    pub target: Option<String>,
    /// Its latest actual.
    pub latest: Option<String>,
    /// The day of the latest actual.
    pub latest_date: Option<String>,
    /// How the latest actual stands against the plan: `on-track`, `at-risk`,
    /// `off-track`, `no plan`, or `not measured`.
    pub status: &'static str,
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
    /// Whether the stage, or a touchpoint of it, is a moment that matters.
    pub moment: bool,
    /// The pain points felt in it.
    pub pain_points: Capped<String>,
    /// The touchpoints met in it.
    pub touchpoints: Capped<TouchpointLink>,
    /// The processes of its touchpoints in the frontstage layer.
    pub frontstage: Capped<ElementLink>,
    /// The processes of its touchpoints in the backstage layer.
    pub backstage: Capped<ElementLink>,
    /// The processes of its touchpoints in the support layer.
    pub support: Capped<ElementLink>,
    /// The processes of its touchpoints with no layer set.
    pub unlayered: Capped<ElementLink>,
    /// The systems those processes use.
    pub systems: Capped<ElementLink>,
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

/// A journey at two plateaus, stage by stage (stages match by id).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Comparison {
    /// The earlier plateau's id.
    pub before: String,
    /// The later plateau's id.
    pub after: String,
    /// Every stage of either, the later plateau's order first, then those removed.
    pub rows: Vec<StageChange>,
    /// How many stages were added, removed and changed.
    pub added: usize,
    /// How many were removed.
    pub removed: usize,
    /// How many changed.
    pub changed: usize,
}

/// A stage at two plateaus.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StageChange {
    /// The stage's id.
    pub id: String,
    /// `added`, `removed`, `changed` or `unchanged`.
    pub change: &'static str,
    /// The stage before, if it was there.
    pub before: Option<StageSide>,
    /// The stage after, if it is there.
    pub after: Option<StageSide>,
}

/// A stage as one side of a comparison shows it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StageSide {
    /// Its name.
    pub name: String,
    /// Whether its name differs from the other side's.
    pub renamed: bool,
    /// Its emotion, if set.
    pub emotion: Option<&'static str>,
    /// Whether its emotion differs from the other side's.
    pub emotion_changed: bool,
    /// Its touchpoints, each marked `added` (after only), `removed` (before only) or ``.
    pub touchpoints: Capped<Marked>,
    /// Its systems, marked the same way.
    pub systems: Capped<Marked>,
}

/// A name, marked by how it differs from the other side of a comparison.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Marked {
    /// The name.
    pub name: String,
    /// `added`, `removed`, or empty when it is on both sides.
    pub mark: &'static str,
}

/// One journey page: at every plateau the journey exists in, its stages, touchpoints,
/// pain points, emotion curve and the service blueprint behind them; every pair of
/// those plateaus compared; its KPIs.
pub fn journey(views: &[Projection<'_>], idx: ElementIdx) -> Journey {
    let model = views[0].model();
    let e = model.element(idx);
    let plateaus: Vec<&Projection<'_>> =
        views.iter().filter(|v| e.exists_in(v.plateau())).collect();
    let as_is = e.exists_in(PlateauIdx(0));
    let default = if as_is { e.from } else { e.until };
    let at = &views[default.0.min(views.len() - 1)];
    let journey_views: Vec<JourneyView> = plateaus
        .iter()
        .map(|v| journey_view(v, idx, v.plateau() == default))
        .collect();
    let mut comparisons = Vec::new();
    for (i, a) in plateaus.iter().enumerate() {
        for b in &plateaus[i + 1..] {
            comparisons.push(compare(a, b, idx));
        }
    }
    Journey {
        id: e.id.clone(),
        name: e.name().to_owned(),
        description: text_field(e, Field::Description, e.until).map(|d| to_safe_html(&d)),
        element_url: element_url(&e.id),
        plateau: at.plateau_def().id.clone(),
        as_is,
        persona: at
            .refs(idx, Field::Persona)
            .first()
            .map(|r| element_link(model, r.target)),
        kpis: at
            .refs(idx, Field::Kpis)
            .iter()
            .map(|r| kpi_figures(model, r.target))
            .collect(),
        views: journey_views,
        comparisons,
    }
}

/// The KPI `idx`: its baseline and target values and its latest actual.
pub fn kpi_figures(model: &Model, idx: ElementIdx) -> KpiFigures {
    let e = model.element(idx);
    let value = |p: Option<usize>| -> Option<String> {
        let p = PlateauIdx(p?);
        match e.exists_in(p).then(|| e.value_at(Field::Value, p)) {
            Some(Some(v)) => v.number().map(readable),
            _ => None,
        }
    };
    let track = tracking(model, e);
    KpiFigures {
        kpi: element_link(model, idx),
        unit: text_field(e, Field::Unit, e.until),
        baseline: value((!model.plateaus.is_empty()).then_some(0)),
        target: value(model.plateaus.len().checked_sub(1)),
        latest: track.map(|t| readable(t.latest.value)),
        latest_date: track.map(|t| t.latest.date.clone()),
        status: track.map_or("not measured", |t| t.status.as_str()),
    }
}

/// The width of a stage on the emotion curve.
const CURVE_STEP: usize = 110;

/// The journey `idx` at plateau `at`.
fn journey_view(at: &Projection<'_>, idx: ElementIdx, default: bool) -> JourneyView {
    let all = journey_stages(at, idx);
    let stages: Vec<StageColumn> = all.iter().take(STAGE_CAP).map(|s| stage(at, s)).collect();
    let curve = curve(&stages);
    JourneyView {
        plateau: at.plateau_def().id.clone(),
        plateau_name: at.plateau_def().name.clone(),
        default,
        more_stages: all.len().saturating_sub(STAGE_CAP),
        stages,
        curve,
    }
}

/// The emotion curve through `stages`.
fn curve(stages: &[StageColumn]) -> Curve {
    let y_of = |emotion: &str| match emotion {
        "very-positive" => 20,
        "positive" => 50,
        "neutral" => 80,
        "negative" => 110,
        _ => 140,
    };
    let points: Vec<CurvePoint> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| CurvePoint {
            number: i + 1,
            x: 120 + i * CURVE_STEP,
            y: s.emotion.map(y_of),
            name: s.name.clone(),
            emotion: s.emotion,
            moment: s.moment,
        })
        .collect();
    let line = points
        .iter()
        .filter_map(|p| p.y.map(|y| format!("{},{y}", p.x)))
        .collect::<Vec<_>>()
        .join(" ");
    let summary = points
        .iter()
        .map(|p| {
            format!(
                "{}. {}: {}{}",
                p.number,
                p.name,
                p.emotion.unwrap_or("no emotion set"),
                if p.moment {
                    ", a moment that matters"
                } else {
                    ""
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Curve {
        width: 120 + stages.len().max(1) * CURVE_STEP,
        height: 180,
        line,
        points,
        summary,
    }
}

/// Journey `idx` at plateau `a` against plateau `b`, stage by stage.
fn compare(a: &Projection<'_>, b: &Projection<'_>, idx: ElementIdx) -> Comparison {
    let before = journey_stages(a, idx);
    let after = journey_stages(b, idx);
    let mut rows = Vec::new();
    for s in after.iter().take(STAGE_CAP) {
        let old = before.iter().find(|o| o.id == s.id);
        rows.push(change(old.map(|o| (a, o)), Some((b, s))));
    }
    for o in before.iter().take(STAGE_CAP) {
        if !after.iter().any(|s| s.id == o.id) {
            rows.push(change(Some((a, o)), None));
        }
    }
    let count = |w: &str| rows.iter().filter(|r| r.change == w).count();
    Comparison {
        before: a.plateau_def().id.clone(),
        after: b.plateau_def().id.clone(),
        added: count("added"),
        removed: count("removed"),
        changed: count("changed"),
        rows,
    }
}

/// The names of a stage's touchpoints and of its systems.
type Names = (Vec<String>, Vec<String>);

/// The names of the touchpoints and systems of stage `s` at `at`.
fn stage_names(at: &Projection<'_>, s: &Stage) -> Names {
    let model = at.model();
    let (tps, _, systems) = stage_elements(at, s);
    let names = |v: &[ElementIdx]| {
        v.iter()
            .map(|&i| model.element(i).name().to_owned())
            .collect()
    };
    (names(&tps), names(&systems))
}

/// A stage before (if it was there) and after (if it is there).
fn change(
    before: Option<(&Projection<'_>, &Stage)>,
    after: Option<(&Projection<'_>, &Stage)>,
) -> StageChange {
    let names_b = before.map(|(p, s)| stage_names(p, s));
    let names_a = after.map(|(p, s)| stage_names(p, s));
    let side = |own: (&Projection<'_>, &Stage),
                names: &Names,
                other: Option<(&Stage, &Names)>,
                missing: &'static str| {
        let s = own.1;
        let mark = |list: &[String], theirs: Option<&Vec<String>>| {
            let marked = list
                .iter()
                .map(|n| Marked {
                    name: n.clone(),
                    mark: match theirs {
                        Some(t) if !t.contains(n) => missing,
                        _ => "",
                    },
                })
                .collect();
            Capped::of(marked, CELL_CAP)
        };
        StageSide {
            name: s.name.clone(),
            renamed: other.is_some_and(|(o, _)| o.name != s.name),
            emotion: s.emotion.map(Emotion::word),
            emotion_changed: other.is_some_and(|(o, _)| o.emotion != s.emotion),
            touchpoints: mark(&names.0, other.map(|(_, n)| &n.0)),
            systems: mark(&names.1, other.map(|(_, n)| &n.1)),
        }
    };
    let b = before.zip(names_b.as_ref());
    let a = after.zip(names_a.as_ref());
    let before_side = b.map(|(own, n)| side(own, n, a.map(|((_, s), n)| (s, n)), "removed"));
    let after_side = a.map(|(own, n)| side(own, n, b.map(|((_, s), n)| (s, n)), "added"));
    let id = after
        .or(before)
        .map(|(_, s)| s.id.clone())
        .unwrap_or_default();
    let change = match (&before_side, &after_side) {
        (None, _) => "added",
        (_, None) => "removed",
        (Some(_), Some(y)) => {
            let same = !y.renamed
                && !y.emotion_changed
                && names_a == names_b
                && before.map(|(_, s)| &s.pain_points) == after.map(|(_, s)| &s.pain_points);
            if same { "unchanged" } else { "changed" }
        }
    };
    StageChange {
        id,
        change,
        before: before_side,
        after: after_side,
    }
}

/// Stage `s` and its blueprint at plateau `at`.
/// What a stage meets at `at`: its touchpoints (in the stage's order), the processes
/// behind them and the systems those use (each sorted, once).
fn stage_elements(
    at: &Projection<'_>,
    s: &Stage,
) -> (Vec<ElementIdx>, Vec<ElementIdx>, Vec<ElementIdx>) {
    let tps: Vec<ElementIdx> = s
        .touchpoints
        .iter()
        .map(|r| r.target)
        .filter(|&t| at.contains(t))
        .collect();
    let processes = sorted(
        tps.iter()
            .flat_map(|&t| at.refs(t, Field::Processes).iter().map(|r| r.target))
            .filter(|&p| at.contains(p)),
    );
    let systems = sorted(
        processes
            .iter()
            .flat_map(|&p| at.refs(p, Field::Systems).iter().map(|r| r.target))
            .filter(|&y| at.contains(y)),
    );
    (tps, processes, systems)
}

fn stage(at: &Projection<'_>, s: &Stage) -> StageColumn {
    let model = at.model();
    let (tps, all_procs, systems) = stage_elements(at, s);
    let touchpoints: Vec<TouchpointLink> = tps
        .iter()
        .map(|&t| TouchpointLink {
            link: element_link(model, t),
            channel: channel(at, t),
            moment: moment_that_matters(at, t),
        })
        .collect();
    StageColumn {
        id: s.id.clone(),
        name: s.name.clone(),
        emotion: s.emotion.map(Emotion::word),
        moment: s.moment_that_matters || touchpoints.iter().any(|t| t.moment),
        pain_points: Capped::of(s.pain_points.clone(), CELL_CAP),
        touchpoints: Capped::of(touchpoints, CELL_CAP),
        frontstage: lane(at, &tps, "frontstage"),
        backstage: lane(at, &tps, "backstage"),
        support: lane(at, &tps, "support"),
        unlayered: Capped::of(
            element_links(
                model,
                all_procs
                    .iter()
                    .copied()
                    .filter(|&p| at.value(p, Field::Layer).is_none()),
            ),
            CELL_CAP,
        ),
        systems: Capped::of(element_links(model, systems), CELL_CAP),
    }
}

/// The channel of touchpoint `t` at `at`, if it is set.
pub fn channel(at: &Projection<'_>, t: ElementIdx) -> Option<&'static str> {
    match at.value(t, Field::Channel) {
        Some(Value::Enum(c)) => Some(*c),
        _ => None,
    }
}

/// The processes of touchpoints `tps` in `layer`.
fn lane(at: &Projection<'_>, tps: &[ElementIdx], layer: &str) -> Capped<ElementLink> {
    let procs = sorted(
        tps.iter()
            .flat_map(|&t| at.refs(t, Field::Processes).iter().map(|r| r.target))
            .filter(|&p| at.contains(p))
            .filter(|&p| match at.value(p, Field::Layer) {
                Some(Value::Enum(l)) => *l == layer,
                _ => false,
            }),
    );
    Capped::of(element_links(at.model(), procs), CELL_CAP)
}

/// `elements` sorted, each once.
fn sorted(elements: impl Iterator<Item = ElementIdx>) -> Vec<ElementIdx> {
    let mut all: Vec<ElementIdx> = elements.collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Whether `e` is a journey whose persona is `persona` at its last plateau.
pub fn persona_of(e: &Element) -> Option<ElementIdx> {
    e.value_at(Field::Persona, e.until)
        .and_then(|v| v.refs().first())
        .map(|r| r.target)
}
