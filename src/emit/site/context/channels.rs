//! The omnichannel matrix: at each plateau, every journey stage against the channels of
//! the touchpoints met in it.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::coverage::journey_stages;
use crate::analysis::plateau::Projection;
use crate::spec::Kind;

use super::journeys::{CELL_CAP, Capped, channel};
use super::{ElementLink, element_link, journey_url};

/// At most this many stage rows are drawn per plateau; the rest are counted.
pub const ROW_CAP: usize = 200;

/// The omnichannel matrix's data (`channels.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Channels {
    /// The matrix at each plateau, in order.
    pub views: Vec<ChannelView>,
}

/// The matrix at one plateau.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChannelView {
    /// The plateau's id.
    pub plateau: String,
    /// Its name.
    pub plateau_name: String,
    /// Whether it is the last plateau, shown first.
    pub default: bool,
    /// The channels of the touchpoints met in a journey stage there, sorted; `no channel`
    /// last when a touchpoint has none.
    pub channels: Vec<String>,
    /// A row per journey stage (at most [`ROW_CAP`]), journey by journey.
    pub rows: Vec<ChannelRow>,
    /// How many stage rows are not drawn.
    pub more_rows: usize,
}

/// A journey stage: its touchpoints in each channel.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChannelRow {
    /// The journey, linking to its journey page.
    pub journey: ElementLink,
    /// Whether this is the journey's first row.
    pub first: bool,
    /// The stage's name.
    pub stage: String,
    /// Its touchpoints in each channel of `channels`, in the same order.
    pub cells: Vec<Capped<ElementLink>>,
}

const NO_CHANNEL: &str = "no channel";

/// The omnichannel matrix at each plateau.
pub fn channels(all: &[Projection<'_>]) -> Channels {
    let last = all.len().saturating_sub(1);
    Channels {
        views: all
            .iter()
            .enumerate()
            .map(|(i, at)| view(at, i == last))
            .collect(),
    }
}

/// The matrix at plateau `at`.
fn view(at: &Projection<'_>, default: bool) -> ChannelView {
    let model = at.model();
    let journeys: Vec<_> = at.of_kind(Kind::Journeys).collect();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut rows = Vec::new();
    let mut total = 0;
    let mut stages = Vec::new();
    for &(j, _) in &journeys {
        for (n, s) in journey_stages(at, j).iter().enumerate() {
            total += 1;
            let tps: Vec<_> = s
                .touchpoints
                .iter()
                .map(|r| r.target)
                .filter(|&t| at.contains(t))
                .collect();
            for &t in &tps {
                used.insert(channel(at, t).unwrap_or(NO_CHANNEL));
            }
            if stages.len() < ROW_CAP {
                stages.push((j, n == 0, s, tps));
            }
        }
    }
    let mut channels: Vec<String> = used
        .iter()
        .filter(|c| **c != NO_CHANNEL)
        .map(|c| (*c).to_owned())
        .collect();
    if used.contains(NO_CHANNEL) {
        channels.push(NO_CHANNEL.to_owned());
    }
    for (j, first, s, tps) in stages {
        let journey = {
            let mut link = element_link(model, j);
            link.url = journey_url(&link.id);
            link
        };
        rows.push(ChannelRow {
            journey,
            first,
            stage: s.name.clone(),
            cells: channels
                .iter()
                .map(|c| {
                    let links = tps
                        .iter()
                        .filter(|&&t| channel(at, t).unwrap_or(NO_CHANNEL) == c)
                        .map(|&t| element_link(model, t))
                        .collect();
                    Capped::of(links, CELL_CAP)
                })
                .collect(),
        });
    }
    ChannelView {
        plateau: at.plateau_def().id.clone(),
        plateau_name: at.plateau_def().name.clone(),
        default,
        channels,
        more_rows: total - rows.len(),
        rows,
    }
}
