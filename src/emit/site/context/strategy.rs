//! The strategy map: drivers → objectives → capabilities → touchpoints, one row per
//! objective, at the target plateau.

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::coverage::{objectives_realized, touchpoint_supported};
use crate::analysis::plateau::Projection;
use crate::model::{ElementIdx, Model};
use crate::spec::{Field, Kind};

use super::{ElementLink, element_link, element_links};

/// The strategy map's data (`strategy.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Strategy {
    /// The id of the plateau it shows, the target.
    pub plateau: String,
    /// One row per objective, by id.
    pub rows: Vec<StrategyRow>,
    /// The touchpoints no capability supports.
    pub unsupported_touchpoints: Vec<ElementLink>,
    /// The capabilities that realize no objective, support no touchpoint and have no
    /// child capability.
    pub unaligned_capabilities: Vec<ElementLink>,
}

/// An objective, from its drivers to the touchpoints of the capabilities that realize it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StrategyRow {
    /// The objective.
    pub objective: ElementLink,
    /// Its parent objective, if it has one.
    pub parent: Option<ElementLink>,
    /// The drivers that name it.
    pub drivers: Vec<ElementLink>,
    /// The capabilities that realize it.
    pub capabilities: Vec<ElementLink>,
    /// The touchpoints those capabilities support.
    pub touchpoints: Vec<ElementLink>,
    /// Whether it is realized: by a capability, or through its child objectives.
    pub realized: bool,
    /// Whether it is realized through its child objectives only.
    pub through_children: bool,
    /// Its KPIs.
    pub kpis: Vec<ElementLink>,
    /// Whether it has no KPI.
    pub unmeasured: bool,
    /// The objective's name.
    pub name: String,
}

/// The strategy map at the target plateau.
pub fn strategy(model: &Model) -> Strategy {
    let at = model.at(model.target());
    let realized = objectives_realized(&at);
    let rows = at
        .of_kind(Kind::Objectives)
        .map(|(idx, e)| {
            let capabilities: Vec<ElementIdx> = at
                .linked(idx, Kind::Capabilities, Field::Realizes)
                .collect();
            let mut touchpoints: Vec<ElementIdx> = capabilities
                .iter()
                .flat_map(|&c| at.linked(c, Kind::Touchpoints, Field::Capabilities))
                .collect();
            touchpoints.sort_unstable();
            touchpoints.dedup();
            let parent = at.refs(idx, Field::Parent).first().map(|r| r.target);
            let children = at.linked(idx, Kind::Objectives, Field::Parent).count();
            let kpis = at.refs(idx, Field::Kpis);
            StrategyRow {
                objective: element_link(model, idx),
                parent: parent.map(|p| element_link(model, p)),
                drivers: element_links(model, at.linked(idx, Kind::Drivers, Field::Objectives)),
                capabilities: element_links(model, capabilities.iter().copied()),
                touchpoints: element_links(model, touchpoints),
                realized: realized[idx.0],
                through_children: realized[idx.0] && capabilities.is_empty() && children > 0,
                kpis: element_links(model, kpis.iter().map(|r| r.target)),
                unmeasured: kpis.is_empty(),
                name: e.name().to_owned(),
            }
        })
        .collect();
    Strategy {
        plateau: at.plateau_def().id.clone(),
        rows,
        unsupported_touchpoints: element_links(
            model,
            at.of_kind(Kind::Touchpoints)
                .filter(|(t, _)| !touchpoint_supported(&at, *t))
                .map(|(t, _)| t),
        ),
        unaligned_capabilities: element_links(model, unaligned(&at)),
    }
}

/// The capabilities aligned to nothing: no objective, no touchpoint, no child.
fn unaligned<'a>(at: &'a Projection<'_>) -> impl Iterator<Item = ElementIdx> + 'a {
    at.of_kind(Kind::Capabilities)
        .filter(|(c, _)| {
            at.refs(*c, Field::Realizes).is_empty()
                && at
                    .linked(*c, Kind::Touchpoints, Field::Capabilities)
                    .next()
                    .is_none()
                && at
                    .linked(*c, Kind::Capabilities, Field::Parent)
                    .next()
                    .is_none()
        })
        .map(|(c, _)| c)
}
