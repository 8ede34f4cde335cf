//! The executive summary at the top of the home page: where the organisation is and
//! where it goes (the customer KPIs that move), what it takes and returns (the
//! investment by plateau), who is affected (headcount), what changes (capabilities
//! uplifted, systems introduced and retired) and what needs attention, each pointing to
//! the page that explains it. Everything is read from the gap report and the tracking
//! of KPIs the other pages use.

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::gaps::{Change, GapReport};
use crate::analysis::people::PeopleImpact;
use crate::analysis::tracking::{Status, tracking};
use crate::compile::Compiled;
use crate::emit::gap_report::{money, number};
use crate::model::{ElementIdx, Model, PlateauIdx, Value};
use crate::spec::{Field, Kind, RuleId};
use crate::text::readable;

use super::gaps::{signed, trend};
use super::{ElementLink, PlateauEntry, element_link};

/// At most this many entries in each list of the summary; the page it links to has all.
pub const SUMMARY_ROWS: usize = 6;

/// The executive summary (`page.summary` of `index.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Summary {
    /// Where the story starts: the baseline.
    pub from: PlateauEntry,
    /// Where it ends: the target.
    pub to: PlateauEntry,
    /// The customer KPIs whose value moves from the baseline to the target, largest
    /// share of move first; the KPIs of other voices when no customer KPI moves.
    pub kpis: Vec<KpiLine>,
    /// How many KPIs move, in all.
    pub kpis_moving: usize,
    /// The investment: cost, benefit and net, in all and by plateau.
    pub investment: Investment,
    /// Headcount before and after, and the largest changes by org unit and by role.
    pub people: PeopleSummary,
    /// Capabilities whose maturity rises, largest rise first.
    pub uplifted: Vec<Uplifted>,
    /// How many capabilities rise, in all.
    pub uplifted_count: usize,
    /// Systems the target has and the baseline has not.
    pub systems_added: Vec<ElementLink>,
    /// Systems the baseline has and the target has not.
    pub systems_retired: Vec<ElementLink>,
    /// What needs attention, most serious first; empty when nothing does.
    pub attention: Vec<Attention>,
}

/// A KPI of the summary.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KpiLine {
    /// The KPI.
    pub kpi: ElementLink,
    /// Its unit, if it has one.
    pub unit: Option<String>,
    /// Its value at the baseline, written for reading.
    pub baseline: String,
    /// Its value at the target.
    pub target: String,
    /// Its latest actual, written for reading, if it has any.
    pub latest: Option<String>,
    /// The day the latest actual was measured, `YYYY-MM-DD`.
    pub measured: Option<String>,
    /// How the latest actual stands against the plan: `on-track`, `at-risk`,
    /// `off-track`, `no plan`; `not measured` without actuals.
    pub status: &'static str,
}

/// The investment of the roadmap.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Investment {
    /// Total cost, written for reading (`41,900,000`).
    pub cost: String,
    /// Total benefit.
    pub benefit: String,
    /// Benefit less cost, with its sign.
    pub net: String,
    /// `up` when the benefit exceeds the cost, `down` when it falls short, else `same`.
    pub trend: &'static str,
    /// Each plateau after the baseline with the initiatives landing in it.
    pub by_plateau: Vec<PlateauMoney>,
}

/// The cost and benefit of the initiatives landing in one plateau.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlateauMoney {
    /// The plateau.
    pub plateau: PlateauEntry,
    /// How many initiatives land in it.
    pub initiatives: usize,
    /// Their cost.
    pub cost: String,
    /// Their benefit.
    pub benefit: String,
}

/// Who is affected, in short.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PeopleSummary {
    /// Whether the model counts anyone.
    pub counted: bool,
    /// Headcount at the baseline.
    pub before: String,
    /// Headcount at the target.
    pub after: String,
    /// The change, with its sign.
    pub change: String,
    /// `up`, `down` or `same`.
    pub trend: &'static str,
    /// The org units and roles whose headcount changes most, largest change first.
    pub largest: Vec<PeopleChange>,
}

/// An org unit's or role's headcount change.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PeopleChange {
    /// The org unit or role.
    pub element: ElementLink,
    /// Before → after (`420 → 310`).
    pub counts: String,
    /// The change, with its sign.
    pub change: String,
    /// `up`, `down` or `same`.
    pub trend: &'static str,
}

/// A capability whose maturity rises.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Uplifted {
    /// The capability.
    pub capability: ElementLink,
    /// Its maturity at the baseline (`—` where none).
    pub before: String,
    /// Its maturity at the target.
    pub after: String,
}

/// Something that needs attention.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Attention {
    /// `error` or `warning`: how serious it is, shown as a word.
    pub level: &'static str,
    /// What it is (`2 changes need an initiative and have none`).
    pub text: String,
    /// Where it is explained, from the site root.
    pub url: String,
}

/// The summary of `compiled`; none while the model has structural errors or no plateau.
pub fn summary(compiled: &Compiled, shared: &super::Shared<'_>) -> Option<Summary> {
    let model = &compiled.model;
    if !compiled.is_readable() || model.plateaus.is_empty() {
        return None;
    }
    let (from, to) = (model.baseline(), model.target());
    let report = shared.report();
    let (kpis, kpis_moving, off_track) = kpi_lines(model, report);
    let mut uplift: Vec<_> = report.maturity.iter().filter(|u| u.uplift() > 0).collect();
    uplift.sort_by_key(|u| std::cmp::Reverse(u.uplift()));
    let level = |m: Option<i64>| m.map_or_else(|| "—".to_owned(), |m| m.to_string());
    let systems = |want: fn(&Change) -> bool| -> Vec<ElementLink> {
        report
            .gaps
            .iter()
            .filter(|g| model.element(g.gap.element).kind == Kind::Systems && want(&g.gap.change))
            .map(|g| element_link(model, g.gap.element))
            .collect()
    };
    Some(Summary {
        from: PlateauEntry::of(&model.plateaus[from.0]),
        to: PlateauEntry::of(&model.plateaus[to.0]),
        kpis,
        kpis_moving,
        investment: investment(model, report),
        people: people(model, &PeopleImpact::new(model, from, to)),
        uplifted_count: uplift.len(),
        uplifted: uplift
            .iter()
            .take(SUMMARY_ROWS)
            .map(|u| Uplifted {
                capability: element_link(model, u.capability),
                before: level(u.before),
                after: level(u.after),
            })
            .collect(),
        systems_added: systems(|c| matches!(c, Change::Added)),
        systems_retired: systems(|c| matches!(c, Change::Removed)),
        attention: attention(compiled, report, off_track),
    })
}

/// The KPIs that move, the customer's first; how many move; and how many are off track.
fn kpi_lines(model: &Model, report: &GapReport<'_>) -> (Vec<KpiLine>, usize, usize) {
    let voice = |idx: ElementIdx| {
        let e = model.element(idx);
        match e.value_at(Field::Voice, e.until) {
            Some(Value::Enum(v)) => *v,
            _ => "",
        }
    };
    let moving: Vec<_> = report
        .kpis
        .iter()
        .filter(|k| matches!((k.before, k.after), (Some(b), Some(a)) if a != b))
        .collect();
    let customer: Vec<_> = moving
        .iter()
        .filter(|k| voice(k.kpi) == "customer")
        .copied()
        .collect();
    let mut shown = if customer.is_empty() {
        moving.clone()
    } else {
        customer
    };
    // The largest move relative to where it starts first; then by id.
    let share = |k: &&crate::analysis::gaps::KpiMove| {
        let (b, a) = (k.before.unwrap_or(0.0), k.after.unwrap_or(0.0));
        (a - b).abs() / b.abs().max(1e-9)
    };
    shown.sort_by(|x, y| share(y).total_cmp(&share(x)));
    let off_track = model
        .of_kind(Kind::Kpis)
        .filter(|(_, e)| tracking(model, e).is_some_and(|t| t.status == Status::OffTrack))
        .count();
    let lines = shown
        .iter()
        .take(SUMMARY_ROWS)
        .map(|k| {
            let e = model.element(k.kpi);
            let tracked = tracking(model, e);
            KpiLine {
                kpi: element_link(model, k.kpi),
                unit: super::text_field(e, Field::Unit, e.until),
                baseline: k.before.map(readable).unwrap_or_default(),
                target: k.after.map(readable).unwrap_or_default(),
                latest: tracked.map(|t| readable(t.latest.value)),
                measured: tracked.map(|t| t.latest.date.clone()),
                status: tracked.map_or("not measured", |t| t.status.as_str()),
            }
        })
        .collect();
    (lines, moving.len(), off_track)
}

fn investment(model: &Model, report: &GapReport<'_>) -> Investment {
    let cost: f64 = report.initiatives.iter().filter_map(|r| r.cost).sum();
    let benefit: f64 = report.initiatives.iter().filter_map(|r| r.benefit).sum();
    let net = benefit - cost;
    let by_plateau = (1..model.plateaus.len())
        .map(PlateauIdx)
        .map(|p| {
            let landing: Vec<_> = report
                .initiatives
                .iter()
                .filter(|r| r.lands_in == Some(p))
                .collect();
            PlateauMoney {
                plateau: PlateauEntry::of(&model.plateaus[p.0]),
                initiatives: landing.len(),
                cost: money(landing.iter().filter_map(|r| r.cost).sum()),
                benefit: money(landing.iter().filter_map(|r| r.benefit).sum()),
            }
        })
        .collect();
    Investment {
        cost: money(cost),
        benefit: money(benefit),
        net: if net > 0.0 {
            format!("+{}", money(net))
        } else {
            money(net)
        },
        trend: if net > 0.0 {
            "up"
        } else if net < 0.0 {
            "down"
        } else {
            "same"
        },
        by_plateau,
    }
}

fn people(model: &Model, impact: &PeopleImpact) -> PeopleSummary {
    let mut all: Vec<_> = impact.units.iter().chain(&impact.roles).collect();
    all.sort_by_key(|h| std::cmp::Reverse(h.change().abs()));
    let count = |n: Option<i64>| {
        n.map_or_else(
            || "—".to_owned(),
            |n| signed(n).trim_start_matches('+').to_owned(),
        )
    };
    PeopleSummary {
        counted: !impact.is_empty(),
        before: count(Some(impact.before)),
        after: count(Some(impact.after)),
        change: signed(impact.change()),
        trend: trend(impact.change()),
        largest: all
            .iter()
            .filter(|h| h.change() != 0)
            .take(SUMMARY_ROWS)
            .map(|h| PeopleChange {
                element: element_link(model, h.element),
                counts: format!("{} → {}", count(h.before), count(h.after)),
                change: signed(h.change()),
                trend: trend(h.change()),
            })
            .collect(),
    }
}

/// Errors, changes without an initiative, off-track KPIs and severe insights no
/// initiative addresses (unless waived), each with the page that explains it.
fn attention(compiled: &Compiled, report: &GapReport<'_>, off_track: usize) -> Vec<Attention> {
    let summary = compiled.summary();
    let unaddressed = compiled
        .diagnostics
        .iter()
        .filter(|d| d.rule == RuleId::InsightUnaddressed)
        .count();
    let undelivered = report.undelivered().count();
    let mut out = Vec::new();
    let mut add = |level, n: usize, one: &str, many: &str, url: &str| {
        if n > 0 {
            out.push(Attention {
                level,
                text: if n == 1 {
                    one.to_owned()
                } else {
                    many.replace(
                        '#',
                        &number(crate::text::float(i64::try_from(n).unwrap_or(i64::MAX))),
                    )
                },
                url: url.to_owned(),
            });
        }
    };
    add(
        "error",
        summary.errors,
        "1 error in the model",
        "# errors in the model",
        "index.html#findings",
    );
    add(
        "error",
        undelivered,
        "1 change needs an initiative and has none",
        "# changes need an initiative and have none",
        "gaps.html",
    );
    add(
        "error",
        off_track,
        "1 KPI is off track",
        "# KPIs are off track",
        "kpis.html",
    );
    add(
        "warning",
        unaddressed,
        "1 severe insight is addressed by no initiative",
        "# severe insights are addressed by no initiative",
        "insights.html",
    );
    out
}
