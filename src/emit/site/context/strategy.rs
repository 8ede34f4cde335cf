//! The strategy map: drivers → objectives → capabilities → touchpoints, at the target
//! plateau, drawn as a layered diagram and listed as a table (one row per objective).

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::coverage::{depth, objectives_realized, touchpoint_supported};
use crate::analysis::plateau::Projection;
use crate::model::{ElementIdx, Model};
use crate::spec::{Field, Kind};

use super::diagram::{Band, NODE_WIDTH, layered, wrap};
use super::{ElementLink, element_link, element_links};

/// The strategy map's data (`strategy.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Strategy {
    /// The id of the plateau it shows, the target.
    pub plateau: String,
    /// The map drawn as a diagram.
    pub map: StrategyMap,
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

/// The strategy map as a diagram: drivers above the objectives they name, parent
/// objectives above their children, capabilities under the objectives they realize.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StrategyMap {
    /// The diagram's width, in pixels.
    pub width: usize,
    /// Its height.
    pub height: usize,
    /// The bands, top to bottom: drivers, objectives, capabilities.
    pub bands: Vec<MapBand>,
    /// The boxes.
    pub nodes: Vec<MapNode>,
    /// The arrows, each from the upper box to the lower.
    pub edges: Vec<MapEdge>,
    /// The diagram in words, for its text alternative.
    pub summary: String,
    /// What the diagram leaves out of a model too large to draw whole, if anything.
    pub omitted: Option<String>,
}

/// A band of the strategy map.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MapBand {
    /// Its label.
    pub label: String,
    /// The baseline of the label.
    pub y: usize,
}

/// A box of the strategy map: an element, a link to its page.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MapNode {
    /// The element.
    pub link: ElementLink,
    /// The box's left edge.
    pub x: usize,
    /// Its top edge.
    pub y: usize,
    /// Its width.
    pub width: usize,
    /// Its height.
    pub height: usize,
    /// The element's name, wrapped to the box.
    pub lines: Vec<MapText>,
    /// The KPIs that measure an objective, each a link.
    pub kpis: Vec<MapLink>,
    /// How many more KPIs it has than the box shows.
    pub more_kpis: Option<MapText>,
    /// A warning written in the box: an objective not realized, or not measured.
    pub flag: Option<MapText>,
    /// Whether it is an objective nothing realizes (drawn with a dashed red border).
    pub unrealized: bool,
}

/// A line of text in a box.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MapText {
    /// The text.
    pub text: String,
    /// Its baseline.
    pub y: usize,
}

/// A link written in a box.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MapLink {
    /// The element it links to.
    pub link: ElementLink,
    /// The text, cut to the box.
    pub text: String,
    /// Its baseline.
    pub y: usize,
}

/// An arrow of the strategy map.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MapEdge {
    /// What it means: `drives`, `parent` or `realizes`.
    pub kind: &'static str,
    /// The id of the element in the upper box.
    pub from: String,
    /// The id of the element in the lower box.
    pub to: String,
    /// The SVG path, from the bottom of the upper box to the top of the lower one.
    pub path: String,
    /// The arrowhead's points, on the top of the lower box.
    pub head: String,
}

/// The most drivers, objectives and capabilities the map draws; the table lists all.
const MAP_DRIVERS: usize = 30;
const MAP_OBJECTIVES: usize = 40;
const MAP_CAPABILITIES: usize = 60;
/// The most KPIs written in an objective's box.
const MAP_KPIS: usize = 3;
/// Characters on a line of a box.
const LINE_CHARS: usize = 19;
/// The height of a line of text in a box, and the padding above the first.
const LINE_HEIGHT: usize = 15;
const PADDING: usize = 8;

/// The strategy map at the target plateau.
pub fn strategy(model: &Model) -> Strategy {
    let at = model.at(model.target());
    let realized = objectives_realized(&at);
    let map = map(&at, &realized);
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
        map,
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

/// The strategy map drawn: at most [`MAP_OBJECTIVES`] objectives (in model order), the
/// drivers that name them and the capabilities that realize them, each within its cap.
fn map(at: &Projection<'_>, realized: &[bool]) -> StrategyMap {
    let model = at.model();
    let all_objectives = at.of_kind(Kind::Objectives).count();
    let objectives: Vec<ElementIdx> = at
        .of_kind(Kind::Objectives)
        .map(|(i, _)| i)
        .take(MAP_OBJECTIVES)
        .collect();
    let drawn = |set: &[ElementIdx], i: ElementIdx| set.contains(&i);
    let mut drivers: Vec<ElementIdx> = at
        .of_kind(Kind::Drivers)
        .map(|(i, _)| i)
        .filter(|&d| {
            at.refs(d, Field::Objectives)
                .iter()
                .any(|r| drawn(&objectives, r.target))
        })
        .collect();
    let all_drivers = drivers.len();
    drivers.truncate(MAP_DRIVERS);
    let mut capabilities: Vec<ElementIdx> = at
        .of_kind(Kind::Capabilities)
        .map(|(i, _)| i)
        .filter(|&c| {
            at.refs(c, Field::Realizes)
                .iter()
                .any(|r| drawn(&objectives, r.target))
        })
        .collect();
    let all_capabilities = capabilities.len();
    capabilities.truncate(MAP_CAPABILITIES);

    // Nodes are numbered drivers first, then objectives, then capabilities.
    let elements: Vec<ElementIdx> = drivers
        .iter()
        .chain(&objectives)
        .chain(&capabilities)
        .copied()
        .collect();
    let node_of = |e: ElementIdx| elements.iter().position(|&x| x == e);
    let tiers = |set: &[ElementIdx]| {
        let mut tiers: Vec<Vec<usize>> = Vec::new();
        for &e in set {
            let d = depth(at, e, Field::Parent);
            if tiers.len() <= d {
                tiers.resize(d + 1, Vec::new());
            }
            tiers[d].extend(node_of(e));
        }
        tiers
    };
    let bands = [
        Band {
            label: "Drivers".into(),
            tiers: vec![(0..drivers.len()).collect()],
        },
        Band {
            label: "Objectives, with the KPIs that measure them".into(),
            tiers: tiers(&objectives),
        },
        Band {
            label: "Capabilities that realize them".into(),
            tiers: tiers(&capabilities),
        },
    ];
    let mut edges: Vec<(usize, usize, &'static str)> = Vec::new();
    for (n, &e) in elements.iter().enumerate() {
        let (field, kind) = match model.element(e).kind {
            Kind::Drivers => (Field::Objectives, "drives"),
            Kind::Capabilities => (Field::Realizes, "realizes"),
            _ => (Field::Parent, "parent"),
        };
        for r in at.refs(e, field) {
            if let Some(m) = node_of(r.target) {
                edges.push((m.min(n), m.max(n), kind));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();

    let mut nodes: Vec<MapNode> = elements.iter().map(|&e| node(at, e, realized)).collect();
    let heights: Vec<usize> = nodes.iter().map(|n| n.height).collect();
    let pairs: Vec<(usize, usize)> = edges.iter().map(|&(a, b, _)| (a, b)).collect();
    let placed = layered(&bands, &heights, &pairs);
    for (node, corner) in nodes.iter_mut().zip(&placed.corners) {
        let (x, y) = corner.unwrap_or((0, 0));
        node.x = x;
        node.y = y;
        for line in node
            .lines
            .iter_mut()
            .chain(node.more_kpis.iter_mut())
            .chain(node.flag.iter_mut())
        {
            line.y += y;
        }
        for kpi in &mut node.kpis {
            kpi.y += y;
        }
    }
    let edges = edges
        .iter()
        .map(|&(a, b, kind)| {
            let (upper, lower) = if nodes[a].y <= nodes[b].y {
                (a, b)
            } else {
                (b, a)
            };
            let (x1, y1) = (
                nodes[upper].x + NODE_WIDTH / 2,
                nodes[upper].y + nodes[upper].height,
            );
            let (x2, y2) = (nodes[lower].x + NODE_WIDTH / 2, nodes[lower].y);
            let mid = y1.midpoint(y2);
            MapEdge {
                kind,
                from: nodes[upper].link.id.clone(),
                to: nodes[lower].link.id.clone(),
                path: format!("M{x1},{y1} C{x1},{mid} {x2},{mid} {x2},{y2}"),
                head: format!("{},{} {},{} {x2},{y2}", x2 - 4, y2 - 7, x2 + 4, y2 - 7),
            }
        })
        .collect();
    let unrealized = objectives.iter().filter(|o| !realized[o.0]).count();
    let summary = format!(
        "{} linked to {}{}, realized by {}. Arrows run from each driver to the objectives it names, from each objective to its sub-objectives, and from each objective to the capabilities that realize it. The table below lists the same links.",
        crate::text::count(drivers.len(), "driver", "drivers"),
        crate::text::count(objectives.len(), "objective", "objectives"),
        if unrealized > 0 {
            format!(" ({unrealized} not realized by any capability)")
        } else {
            String::new()
        },
        crate::text::count(capabilities.len(), "capability", "capabilities"),
    );
    let mut left_out = Vec::new();
    if all_objectives > objectives.len() {
        left_out.push(format!(
            "{} of {} objectives",
            objectives.len(),
            all_objectives
        ));
    }
    if all_drivers > drivers.len() {
        left_out.push(format!("{} of {} drivers", drivers.len(), all_drivers));
    }
    if all_capabilities > capabilities.len() {
        left_out.push(format!(
            "{} of {} capabilities",
            capabilities.len(),
            all_capabilities
        ));
    }
    let omitted = (!left_out.is_empty()).then(|| {
        format!(
            "The map draws the first {}; the table below lists them all.",
            left_out.join(", ")
        )
    });
    StrategyMap {
        width: placed.width,
        height: placed.height,
        bands: bands
            .iter()
            .zip(placed.labels)
            .map(|(b, y)| MapBand {
                label: b.label.clone(),
                y,
            })
            .collect(),
        nodes,
        edges,
        summary,
        omitted,
    }
}

/// The box of element `e`, at the origin: its name, and an objective's KPIs and flags.
fn node(at: &Projection<'_>, e: ElementIdx, realized: &[bool]) -> MapNode {
    let model = at.model();
    let element = model.element(e);
    let mut y = PADDING;
    let line = |y: &mut usize| {
        *y += LINE_HEIGHT;
        *y - 4
    };
    let lines: Vec<MapText> = wrap(element.name(), LINE_CHARS, 2)
        .into_iter()
        .map(|text| MapText {
            text,
            y: line(&mut y),
        })
        .collect();
    let objective = element.kind == Kind::Objectives;
    let refs = if objective {
        at.refs(e, Field::Kpis)
    } else {
        &[]
    };
    let kpis: Vec<MapLink> = refs
        .iter()
        .take(MAP_KPIS)
        .map(|r| MapLink {
            link: element_link(model, r.target),
            text: format!(
                "◆ {}",
                wrap(model.element(r.target).name(), LINE_CHARS + 1, 1).concat()
            ),
            y: line(&mut y),
        })
        .collect();
    let more_kpis = (refs.len() > MAP_KPIS).then(|| MapText {
        text: format!("and {} more KPIs", refs.len() - MAP_KPIS),
        y: line(&mut y),
    });
    let unrealized = objective && !realized[e.0];
    let flag = if unrealized {
        Some("✗ not realized")
    } else if objective && refs.is_empty() {
        Some("⚠ no KPI")
    } else {
        None
    }
    .map(|text| MapText {
        text: text.into(),
        y: line(&mut y),
    });
    MapNode {
        link: element_link(model, e),
        x: 0,
        y: 0,
        width: NODE_WIDTH,
        height: y + PADDING,
        lines,
        kpis,
        more_kpis,
        flag,
        unrealized,
    }
}
