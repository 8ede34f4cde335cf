//! Coverage figures: how much of the model at a plateau is aligned, as covered/total.
//!
//! The predicates here are the ones the alignment rules use, so a figure below 100%
//! always comes with the findings that name what is missing.

use serde::Serialize;

use crate::analysis::gaps::StepGap;
use crate::analysis::plateau::Projection;
use crate::model::{ElementIdx, Model, Stage, Value};
use crate::spec::{Field, Kind};

/// A count of covered items out of a total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ratio {
    /// Items covered.
    pub covered: usize,
    /// All items.
    pub total: usize,
}

impl Ratio {
    fn count(items: impl IntoIterator<Item = bool>) -> Self {
        let mut r = Self::default();
        for covered in items {
            r.total += 1;
            r.covered += usize::from(covered);
        }
        r
    }

    /// The percentage covered, rounded down; `None` when there is nothing to cover.
    pub fn percent(self) -> Option<usize> {
        (self.total > 0).then(|| self.covered * 100 / self.total)
    }
}

/// The coverage figures at one plateau.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The plateau the figures are for.
    pub plateau: String,
    /// Objectives realized by a capability (or whose child objectives all are).
    pub objectives_realized: Ratio,
    /// Touchpoints supported by a capability.
    pub touchpoints_supported: Ratio,
    /// Journey stages with a touchpoint.
    pub stages_with_touchpoint: Ratio,
    /// Moments that matter (touchpoints and journey stages) with a KPI.
    pub moments_measured: Ratio,
    /// Leaf capabilities realized by a process or a supplier.
    pub leaf_capabilities_realized: Ratio,
    /// Gaps of every step from the baseline to the plateau that need an initiative,
    /// delivered by one landing at the step's end.
    pub gaps_with_initiative: Ratio,
}

impl Coverage {
    /// The figures with their labels, in display order.
    pub fn figures(&self) -> [(&'static str, Ratio); 6] {
        [
            (
                "objectives realized by a capability",
                self.objectives_realized,
            ),
            (
                "touchpoints supported by a capability",
                self.touchpoints_supported,
            ),
            (
                "journey stages with a touchpoint",
                self.stages_with_touchpoint,
            ),
            ("moments that matter with a KPI", self.moments_measured),
            (
                "leaf capabilities realized by a process or supplier",
                self.leaf_capabilities_realized,
            ),
            ("gaps delivered by an initiative", self.gaps_with_initiative),
        ]
    }
}

impl Coverage {
    /// Every figure with its JSON key and a short name for one-line summaries.
    pub fn named(&self) -> [(&'static str, &'static str, Ratio); 6] {
        [
            (
                "objectives_realized",
                "objective coverage",
                self.objectives_realized,
            ),
            (
                "touchpoints_supported",
                "touchpoint coverage",
                self.touchpoints_supported,
            ),
            (
                "stages_with_touchpoint",
                "stage coverage",
                self.stages_with_touchpoint,
            ),
            (
                "moments_measured",
                "moments measured",
                self.moments_measured,
            ),
            (
                "leaf_capabilities_realized",
                "capabilities realized",
                self.leaf_capabilities_realized,
            ),
            (
                "gaps_with_initiative",
                "gap coverage",
                self.gaps_with_initiative,
            ),
        ]
    }
}

/// Computes the coverage figures at the plateau of `at`; `gaps` are those of the steps
/// leading to it.
pub fn coverage(at: &Projection<'_>, gaps: &[StepGap]) -> Coverage {
    let realized = objectives_realized(at);
    let touchpoints: Vec<ElementIdx> = at.of_kind(Kind::Touchpoints).map(|(i, _)| i).collect();
    let stages = at
        .of_kind(Kind::Journeys)
        .flat_map(|(i, _)| journey_stages(at, i))
        .map(|s| stage_has_touchpoint(at, s));
    Coverage {
        plateau: at.plateau_def().id.clone(),
        objectives_realized: Ratio::count(at.of_kind(Kind::Objectives).map(|(i, _)| realized[i.0])),
        touchpoints_supported: Ratio::count(
            touchpoints.iter().map(|&t| touchpoint_supported(at, t)),
        ),
        stages_with_touchpoint: Ratio::count(stages),
        moments_measured: Ratio::count(
            touchpoints
                .iter()
                .filter(|&&t| moment_that_matters(at, t))
                .map(|&t| has_present(at, t, Field::Kpis))
                .chain(
                    at.of_kind(Kind::Journeys)
                        .flat_map(|(i, _)| journey_stages(at, i))
                        .filter(|s| s.moment_that_matters)
                        .map(|s| stage_kpis(at, s).next().is_some()),
                ),
        ),
        leaf_capabilities_realized: Ratio::count(
            at.of_kind(Kind::Capabilities)
                .filter(|(i, _)| is_leaf(at, *i))
                .map(|(i, _)| capability_realized(at, i)),
        ),
        gaps_with_initiative: Ratio::count(
            gaps.iter()
                .filter(|g| g.needs_initiative)
                .map(|g| !g.delivered_by.is_empty()),
        ),
    }
}

/// Whether `field` of an element names, at this plateau, an element that exists there.
pub fn has_present(at: &Projection<'_>, idx: ElementIdx, field: Field) -> bool {
    at.refs(idx, field).iter().any(|r| at.contains(r.target))
}

/// For every element, the initiatives that name it in their `addresses` (never staged:
/// one value holds every plateau), in model order; empty for all but insights.
pub fn addressed_by(model: &Model) -> Vec<Vec<ElementIdx>> {
    let mut by = vec![Vec::new(); model.elements.len()];
    for (idx, initiative) in model.of_kind(Kind::Initiatives) {
        let refs = initiative
            .value_at(Field::Addresses, model.baseline())
            .map_or(&[][..], Value::refs);
        for r in refs {
            if by[r.target.0].last() != Some(&idx) {
                by[r.target.0].push(idx);
            }
        }
    }
    by
}

/// For every element, whether it is an objective realized at this plateau: a capability
/// realizes it, or it has child objectives and all of them are realized.
pub fn objectives_realized(at: &Projection<'_>) -> Vec<bool> {
    let model = at.model();
    let mut realized = vec![false; model.elements.len()];
    // Children before parents: an objective's depth orders the pass. Parent links are
    // acyclic once the structural rules pass; `depth` stops on a cycle all the same.
    let mut order: Vec<(usize, ElementIdx)> = at
        .of_kind(Kind::Objectives)
        .map(|(i, _)| (depth(at, i, Field::Parent), i))
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    for (_, idx) in order {
        let by_capability = at
            .linked(idx, Kind::Capabilities, Field::Realizes)
            .next()
            .is_some();
        let mut children = at.linked(idx, Kind::Objectives, Field::Parent).peekable();
        let by_children = children.peek().is_some() && children.all(|c| realized[c.0]);
        realized[idx.0] = by_capability || by_children;
    }
    realized
}

/// How many `field` links (`parent`) lead up from an element at this plateau.
pub fn depth(at: &Projection<'_>, idx: ElementIdx, field: Field) -> usize {
    let mut depth = 0;
    let mut current = idx;
    while let Some(up) = at.refs(current, field).first() {
        depth += 1;
        current = up.target;
        if current == idx || depth > at.model().elements.len() {
            break;
        }
    }
    depth
}

/// Whether a touchpoint is supported by a capability at this plateau.
pub fn touchpoint_supported(at: &Projection<'_>, idx: ElementIdx) -> bool {
    has_present(at, idx, Field::Capabilities)
}

/// Whether a touchpoint is a moment that matters at this plateau.
pub fn moment_that_matters(at: &Projection<'_>, idx: ElementIdx) -> bool {
    matches!(
        at.value(idx, Field::MomentThatMatters),
        Some(Value::Boolean(true))
    )
}

/// The KPIs that exist at this plateau and that a touchpoint names in `kpis` there: those
/// that measure it.
pub fn touchpoint_kpis<'a>(
    at: &'a Projection<'_>,
    idx: ElementIdx,
) -> impl Iterator<Item = ElementIdx> + 'a {
    at.refs(idx, Field::Kpis)
        .iter()
        .map(|r| r.target)
        .filter(|&k| at.contains(k))
}

/// The KPIs that measure a journey stage at this plateau: those of the stage's touchpoints
/// that exist there, in the order the stage names them, each once.
pub fn stage_kpis<'a>(
    at: &'a Projection<'_>,
    stage: &'a Stage,
) -> impl Iterator<Item = ElementIdx> + 'a {
    let mut seen = Vec::new();
    stage
        .touchpoints
        .iter()
        .filter(|r| at.contains(r.target))
        .flat_map(|r| touchpoint_kpis(at, r.target))
        .filter(move |&k| {
            let first = !seen.contains(&k);
            seen.push(k);
            first
        })
}

/// The stages of a journey in force at this plateau (the list may be written per plateau).
pub fn journey_stages<'m>(at: &Projection<'m>, idx: ElementIdx) -> &'m [Stage] {
    match at.value(idx, Field::Stages) {
        Some(Value::Stages(stages)) => stages,
        _ => &[],
    }
}

/// Whether a journey stage meets a touchpoint that exists at this plateau.
pub fn stage_has_touchpoint(at: &Projection<'_>, stage: &Stage) -> bool {
    stage.touchpoints.iter().any(|r| at.contains(r.target))
}

/// Whether a capability has no child capability at this plateau.
pub fn is_leaf(at: &Projection<'_>, idx: ElementIdx) -> bool {
    at.linked(idx, Kind::Capabilities, Field::Parent)
        .next()
        .is_none()
}

/// Whether a capability is realized at this plateau: a process names it, or a supplier
/// provides it (from either side of the link).
pub fn capability_realized(at: &Projection<'_>, idx: ElementIdx) -> bool {
    at.linked(idx, Kind::Processes, Field::Capabilities)
        .next()
        .is_some()
        || at
            .linked(idx, Kind::Suppliers, Field::Provides)
            .next()
            .is_some()
        || has_present(at, idx, Field::Suppliers)
}
