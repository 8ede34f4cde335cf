//! The gap report as JSON: typed records, borrowed from the model, in the order the
//! report's readers see them. Values of the model's fields stay model-shaped ([`Tree`]).

use serde::Serialize;

use crate::analysis::gaps::{
    Change, GapReport, KpiMove, RankedInitiative, ReportedGap, StepGap, Uplift,
};
use crate::analysis::tracking::tracking;
use crate::emit::tree::Tree;
use crate::model::{ElementIdx, Model, PlateauIdx};
use crate::spec::{Direction, MustDo};
use crate::spec::{Field, Kind};

use super::{Counts, by_kind, change_word, counts, field_changes, field_value, round2};

/// The gap report as JSON: the two plateaus, the totals, the gaps per kind, the gaps
/// no initiative delivers, capability maturity, KPI moves and the ranked roadmap.
#[derive(Debug, Serialize)]
pub struct GapsJson<'m> {
    tomc: &'static str,
    project: &'m str,
    from: PlateauJson<'m>,
    to: PlateauJson<'m>,
    summary: Counts,
    kinds: Vec<KindJson<'m>>,
    undelivered: Vec<UndeliveredJson<'m>>,
    maturity: Vec<MaturityJson<'m>>,
    kpis: Vec<KpiJson<'m>>,
    initiatives: Vec<InitiativeJson<'m>>,
}

#[derive(Debug, Serialize)]
struct PlateauJson<'m> {
    id: &'m str,
    name: &'m str,
    date: Option<&'m str>,
}

/// The gaps of one kind, by how the element differs.
#[derive(Debug, Serialize)]
struct KindJson<'m> {
    kind: &'static str,
    added: Vec<GapJson<'m>>,
    removed: Vec<GapJson<'m>>,
    changed: Vec<GapJson<'m>>,
}

#[derive(Debug, Serialize)]
struct GapJson<'m> {
    id: &'m str,
    name: &'m str,
    /// Only for a changed element.
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<FieldJson>>,
    needs_initiative: bool,
    delivered_by: Vec<&'m str>,
}

#[derive(Debug, Serialize)]
struct FieldJson {
    field: String,
    from: Tree,
    to: Tree,
}

#[derive(Debug, Serialize)]
struct UndeliveredJson<'m> {
    id: &'m str,
    kind: &'static str,
    change: &'static str,
    from: &'m str,
    to: &'m str,
}

#[derive(Debug, Serialize)]
struct MaturityJson<'m> {
    capability: &'m str,
    name: &'m str,
    from: Option<i64>,
    to: Option<i64>,
    uplift: i64,
}

#[derive(Debug, Serialize)]
struct KpiJson<'m> {
    kpi: &'m str,
    name: &'m str,
    unit: Tree,
    voice: Tree,
    direction: Option<Direction>,
    from: Option<f64>,
    to: Option<f64>,
    delta: Option<f64>,
    trend: &'static str,
    /// The latest actual, `{date, value}`, when the KPI has actuals.
    latest: Option<LatestJson<'m>>,
    /// The plan on the day of the latest actual.
    plan: Option<f64>,
    /// `on-track`, `at-risk`, `off-track` or `no plan`; `null` without actuals.
    status: Option<&'static str>,
    /// The initiatives that move it between the two plateaus.
    moved_by: Vec<&'m str>,
}

#[derive(Debug, Serialize)]
struct LatestJson<'m> {
    date: &'m str,
    value: f64,
}

#[derive(Debug, Serialize)]
struct InitiativeJson<'m> {
    rank: Option<usize>,
    id: &'m str,
    name: &'m str,
    lands_in: Option<&'m str>,
    cost: Option<f64>,
    benefit: Option<f64>,
    benefit_cost_ratio: Option<f64>,
    must_do: Option<MustDo>,
    value_per_effort: Option<f64>,
    depends_on: Vec<&'m str>,
    gaps_delivered: usize,
}

/// The report as JSON-ready records.
pub fn gaps_tree<'m>(report: &GapReport<'m>) -> GapsJson<'m> {
    let model = report.model;
    GapsJson {
        tomc: env!("CARGO_PKG_VERSION"),
        project: &model.name,
        from: plateau(model, report.from),
        to: plateau(model, report.to),
        summary: counts(report),
        kinds: by_kind(report)
            .into_iter()
            .map(|(kind, gaps)| kind_json(report, kind, &gaps))
            .collect(),
        undelivered: report
            .undelivered()
            .map(|g| undelivered(model, g))
            .collect(),
        maturity: report.maturity.iter().map(|u| maturity(model, u)).collect(),
        kpis: report.kpis.iter().map(|k| kpi(report, k)).collect(),
        initiatives: report
            .initiatives
            .iter()
            .map(|r| initiative(model, r))
            .collect(),
    }
}

fn plateau(model: &Model, p: PlateauIdx) -> PlateauJson<'_> {
    let plateau = &model.plateaus[p.0];
    PlateauJson {
        id: &plateau.id,
        name: &plateau.name,
        date: plateau.date.as_deref(),
    }
}

fn kind_json<'m>(report: &GapReport<'m>, kind: Kind, gaps: &[&ReportedGap]) -> KindJson<'m> {
    let mut out = KindJson {
        kind: kind.key(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    for g in gaps {
        let list = match g.gap.change {
            Change::Added => &mut out.added,
            Change::Removed => &mut out.removed,
            Change::Changed(_) => &mut out.changed,
        };
        list.push(gap(report, g));
    }
    out
}

fn gap<'m>(report: &GapReport<'m>, g: &ReportedGap) -> GapJson<'m> {
    let model = report.model;
    let e = model.element(g.gap.element);
    let fields = match &g.gap.change {
        Change::Changed(fields) => Some(
            fields
                .iter()
                .flat_map(|&f| field_changes(model, g.gap.element, f, report.from, report.to))
                .map(|c| FieldJson {
                    field: c.field,
                    from: c.before,
                    to: c.after,
                })
                .collect(),
        ),
        Change::Added | Change::Removed => None,
    };
    GapJson {
        id: &e.id,
        name: e.name(),
        fields,
        needs_initiative: g.needs_initiative,
        delivered_by: ids(model, &g.delivered_by),
    }
}

fn undelivered<'m>(model: &'m Model, g: &StepGap) -> UndeliveredJson<'m> {
    let e = model.element(g.gap.element);
    UndeliveredJson {
        id: &e.id,
        kind: e.kind.key(),
        change: change_word(&g.gap.change),
        from: &model.plateaus[g.from.0].id,
        to: &model.plateaus[g.to.0].id,
    }
}

fn maturity<'m>(model: &'m Model, u: &Uplift) -> MaturityJson<'m> {
    let e = model.element(u.capability);
    MaturityJson {
        capability: &e.id,
        name: e.name(),
        from: u.before,
        to: u.after,
        uplift: u.uplift(),
    }
}

fn kpi<'m>(report: &GapReport<'m>, k: &KpiMove) -> KpiJson<'m> {
    let model = report.model;
    let e = model.element(k.kpi);
    let tracking = tracking(model, e);
    KpiJson {
        kpi: &e.id,
        name: e.name(),
        unit: field_value(model, k.kpi, Field::Unit, report.to),
        voice: field_value(model, k.kpi, Field::Voice, report.to),
        direction: k.direction,
        from: k.before,
        to: k.after,
        delta: k.before.zip(k.after).map(|(b, a)| a - b),
        trend: k.trend.as_str(),
        latest: tracking.map(|t| LatestJson {
            date: &t.latest.date,
            value: t.latest.value,
        }),
        plan: tracking.and_then(|t| t.plan),
        status: tracking.map(|t| t.status.as_str()),
        moved_by: ids(model, &k.moved_by),
    }
}

fn initiative<'m>(model: &'m Model, r: &RankedInitiative) -> InitiativeJson<'m> {
    let e = model.element(r.initiative);
    InitiativeJson {
        rank: r.rank,
        id: &e.id,
        name: e.name(),
        lands_in: r.lands_in.map(|p| model.plateaus[p.0].id.as_str()),
        cost: r.cost,
        benefit: r.benefit,
        benefit_cost_ratio: r.ratio.map(round2),
        must_do: r.must_do,
        value_per_effort: r.value_per_effort.map(round2),
        depends_on: ids(model, &r.depends_on),
        gaps_delivered: r.gaps_delivered,
    }
}

fn ids<'m>(model: &'m Model, list: &[ElementIdx]) -> Vec<&'m str> {
    list.iter().map(|&i| model.element(i).id.as_str()).collect()
}
