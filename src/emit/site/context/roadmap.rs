//! The roadmap: plateaus in order with the initiatives landing in each. What they
//! change is on the gap report page (`gaps.html`).

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::gaps::{GapReport, RankedInitiative};
use crate::emit::gap_report::{dependency_depth, money};
use crate::model::{Model, PlateauIdx};
use crate::spec::ValueEnum;

use super::{ElementLink, PlateauEntry, element_link, element_links};

/// The roadmap's data (`roadmap.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Roadmap {
    /// The plateaus, in order, each with the initiatives landing in it.
    pub plateaus: Vec<Stop>,
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
    Roadmap { plateaus }
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
