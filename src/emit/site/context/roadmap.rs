//! The roadmap: the initiatives on a timeline, the plateaus in order with the
//! initiatives landing in each and their subtotals, and the prioritisation matrix. What
//! they change is on the gap report page (`gaps.html`).

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::gaps::{GapReport, RankedInitiative};
use crate::emit::gap_report::{dependency_depth, money};
use crate::model::{Model, PlateauIdx};
use crate::spec::ValueEnum;

use super::timeline::{Matrix, Timeline, matrix, timeline};
use super::{ElementLink, PlateauEntry, element_link, element_links};

/// The roadmap's data (`roadmap.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Roadmap {
    /// The initiatives on a timeline.
    pub timeline: Timeline,
    /// The plateaus, in order, each with the initiatives landing in it.
    pub plateaus: Vec<Stop>,
    /// What each plateau's initiatives cost and return, and the running totals.
    pub subtotals: Vec<Subtotal>,
    /// The prioritisation matrix, when at least two initiatives have the numbers.
    pub matrix: Option<Matrix>,
}

/// A plateau's initiatives added up.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Subtotal {
    /// The plateau.
    #[serde(flatten)]
    pub plateau: PlateauEntry,
    /// How many initiatives land in it.
    pub initiatives: usize,
    /// Their cost, written for reading.
    pub cost: String,
    /// Their benefit.
    pub benefit: String,
    /// Benefit less cost.
    pub net: String,
    /// Whether the net is below zero.
    pub net_negative: bool,
    /// The cost of every initiative landing by this plateau.
    pub running_cost: String,
    /// Their benefit.
    pub running_benefit: String,
}

/// A plateau of the roadmap.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Stop {
    /// The plateau.
    #[serde(flatten)]
    pub plateau: PlateauEntry,
    /// The initiatives landing in it, in the order they can start: after those they
    /// depend on, then by id.
    pub initiatives: Vec<Landing>,
}

/// An initiative landing in a plateau.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Landing {
    /// The initiative.
    pub initiative: ElementLink,
    /// Its rank on the roadmap, from 1: must-dos first, then by benefit against cost,
    /// then by value against effort; none for an initiative that is neither a must-do
    /// nor sized.
    pub rank: Option<usize>,
    /// Why it must be done whatever its value (`regulatory`, `contractual`, `safety`),
    /// if it must.
    pub must_do: Option<&'static str>,
    /// Its cost, written for reading (`1,200,000`), if it is set.
    pub cost: Option<String>,
    /// Its benefit, written for reading, if it is set.
    pub benefit: Option<String>,
    /// Its benefit divided by its cost, with two decimals, if it has both.
    pub ratio: Option<String>,
    /// Its customer and business value added up, divided by its effort, with two
    /// decimals, if it has effort and a value.
    pub value_per_effort: Option<String>,
    /// The initiatives it depends on.
    pub depends_on: Vec<ElementLink>,
    /// How many gaps it delivers.
    pub gaps: usize,
}

/// The roadmap: plateaus in order with the initiatives landing in each.
pub fn roadmap(model: &Model, report: &GapReport<'_>) -> Roadmap {
    let plateaus = model
        .plateaus
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // In the order they can start: after what they depend on, then by id.
            let mut landing: Vec<&RankedInitiative> = report
                .initiatives
                .iter()
                .filter(|r| r.lands_in == Some(PlateauIdx(i)))
                .collect();
            landing.sort_by_key(|r| {
                (
                    dependency_depth(model, r.initiative),
                    &model.element(r.initiative).id,
                )
            });
            Stop {
                plateau: PlateauEntry::of(p),
                initiatives: landing.into_iter().map(|r| landing_of(model, r)).collect(),
            }
        })
        .collect();
    let mut running = (0.0, 0.0);
    let subtotals = model
        .plateaus
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, p)| {
            let landing = report
                .initiatives
                .iter()
                .filter(|r| r.lands_in == Some(PlateauIdx(i)));
            let (n, cost, benefit) = landing.fold((0, 0.0, 0.0), |(n, c, b), r| {
                (
                    n + 1,
                    c + r.cost.unwrap_or(0.0),
                    b + r.benefit.unwrap_or(0.0),
                )
            });
            running = (running.0 + cost, running.1 + benefit);
            Subtotal {
                plateau: PlateauEntry::of(p),
                initiatives: n,
                cost: money(cost),
                benefit: money(benefit),
                net: money(benefit - cost),
                net_negative: benefit < cost,
                running_cost: money(running.0),
                running_benefit: money(running.1),
            }
        })
        .collect();
    Roadmap {
        timeline: timeline(model, &report.initiatives),
        plateaus,
        subtotals,
        matrix: matrix(model, &report.initiatives),
    }
}

fn landing_of(model: &Model, r: &RankedInitiative) -> Landing {
    Landing {
        initiative: element_link(model, r.initiative),
        rank: r.rank,
        cost: r.cost.map(money),
        benefit: r.benefit.map(money),
        must_do: r.must_do.map(ValueEnum::word),
        ratio: r.ratio.map(|x| format!("{x:.2}")),
        value_per_effort: r.value_per_effort.map(|x| format!("{x:.2}")),
        depends_on: element_links(model, r.depends_on.iter().copied()),
        gaps: r.gaps_delivered,
    }
}
