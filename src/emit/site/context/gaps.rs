//! The gap report for people (`gaps.html`): what changes from the baseline to the
//! target, grouped by the initiative that delivers it and by the capability it serves,
//! with names and links instead of ids, and who is affected. The data is the gap
//! report's ([`GapReport`]), as `tomc gaps` computes it; only the grouping is the page's.

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::gaps::{Change, GapReport, ReportedGap};
use crate::analysis::people::{Headcount, PeopleImpact};
use crate::emit::gap_report::{change_word, field_changes, kind_title, money};
use crate::model::{ElementIdx, Model};
use crate::spec::{Field, Kind};
use crate::text::float;

use super::{ElementLink, PlateauEntry, element_link, element_links};

/// At most this many gaps are listed in one group; the rest are counted.
pub const GROUP_ROWS: usize = 25;
/// At most this many groups are listed in one view; the rest are counted.
pub const GROUPS: usize = 200;
/// At most this many org units and roles are listed each; the rest are counted.
pub const PEOPLE_ROWS: usize = 100;

/// The gap report page's data (`gaps.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Gaps {
    /// The plateau the report starts from (the baseline).
    pub from: PlateauEntry,
    /// The plateau it ends at (the target).
    pub to: PlateauEntry,
    /// How many elements are added, removed and changed, and how many changes that
    /// need an initiative have none.
    pub totals: Totals,
    /// The two groupings of the gaps: `by-initiative`, the gaps each initiative
    /// delivers in roadmap order, then those no initiative delivers; `by-capability`,
    /// the gaps by the capability they serve, by capability id, then those tied to none.
    pub views: Vec<View>,
    /// Groups left out of each view past [`GROUPS`].
    pub more_groups: usize,
    /// Who is affected: headcount by org unit and by role.
    pub people: People,
}

/// The report's counts.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Totals {
    /// Elements added.
    pub added: String,
    /// Elements removed.
    pub removed: String,
    /// Elements changed.
    pub changed: String,
    /// Changes that need an initiative and have none.
    pub undelivered: String,
    /// The total cost of the initiatives, written for reading.
    pub cost: String,
    /// Their total benefit.
    pub benefit: String,
}

/// One grouping of the gaps.
#[derive(Debug, Serialize, JsonSchema)]
pub struct View {
    /// Its id (`by-initiative`, `by-capability`), also the id of its section.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its groups, at most [`GROUPS`].
    pub groups: Vec<Group>,
}

/// A group of gaps: those of one initiative, or of one capability.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Group {
    /// The initiative or capability; none for the group of gaps without one.
    pub owner: Option<ElementLink>,
    /// The group's heading when it has no owner.
    pub label: String,
    /// A line under the heading: where the initiative lands and what it costs, or the
    /// capability's maturity before and after.
    pub detail: Option<String>,
    /// Whether the group lists changes that need an initiative and have none.
    pub attention: bool,
    /// How many gaps the group holds.
    pub count: usize,
    /// The gaps, by kind.
    pub kinds: Vec<KindGaps>,
}

/// The gaps of one kind within a group.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KindGaps {
    /// The kind's heading (`Capabilities`, `Systems`).
    pub kind: String,
    /// The gaps, at most [`GROUP_ROWS`].
    pub gaps: Vec<GapRow>,
    /// Gaps left out.
    pub more: usize,
}

/// One element's change.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GapRow {
    /// The element.
    pub element: ElementLink,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// For a change, each field's value before and after (`maturity: 1 → 4`).
    pub fields: Vec<String>,
    /// The initiatives that deliver it.
    pub delivered_by: Vec<ElementLink>,
    /// Whether it needs an initiative and has none.
    pub undelivered: bool,
}

/// Headcount at the two plateaus.
#[derive(Debug, Serialize, JsonSchema)]
pub struct People {
    /// Whether the model counts anyone.
    pub counted: bool,
    /// The total before, written for reading.
    pub before: String,
    /// The total after.
    pub after: String,
    /// The change, with its sign (`-123`, `+4`, `0`).
    pub change: String,
    /// Org units with a headcount, by id.
    pub units: Vec<PeopleRow>,
    /// Roles with a headcount, by id.
    pub roles: Vec<PeopleRow>,
    /// Org units and roles left out past [`PEOPLE_ROWS`].
    pub more: usize,
}

/// An org unit's or role's headcount.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PeopleRow {
    /// The org unit or role.
    pub element: ElementLink,
    /// For a role, its org unit.
    pub org_unit: Option<ElementLink>,
    /// Headcount before (`—` where none).
    pub before: String,
    /// Headcount after.
    pub after: String,
    /// The change, with its sign.
    pub change: String,
    /// `up`, `down` or `same`, for styling beside the words.
    pub trend: &'static str,
}

/// The gap report page of `model`, from its baseline to its target.
pub fn gaps(model: &Model, report: &GapReport<'_>) -> Gaps {
    let count = |word: &str| {
        report
            .gaps
            .iter()
            .filter(|g| change_word(&g.gap.change) == word)
            .count()
    };
    let totals = Totals {
        added: grouped(count("added")),
        removed: grouped(count("removed")),
        changed: grouped(count("changed")),
        undelivered: grouped(report.undelivered().count()),
        cost: money(report.initiatives.iter().filter_map(|r| r.cost).sum()),
        benefit: money(report.initiatives.iter().filter_map(|r| r.benefit).sum()),
    };
    let (by_initiative, more_i) = by_initiative(report);
    let (by_capability, more_c) = by_capability(report);
    Gaps {
        from: PlateauEntry::of(&model.plateaus[report.from.0]),
        to: PlateauEntry::of(&model.plateaus[report.to.0]),
        totals,
        views: vec![
            View {
                id: "by-initiative",
                title: "By initiative",
                groups: by_initiative,
            },
            View {
                id: "by-capability",
                title: "By capability",
                groups: by_capability,
            },
        ],
        more_groups: more_i.max(more_c),
        people: people(model, &PeopleImpact::new(model, report.from, report.to)),
    }
}

/// The gaps each initiative delivers, then those that need one and have none, then the
/// other changes (bookkeeping that needs no initiative).
fn by_initiative(report: &GapReport<'_>) -> (Vec<Group>, usize) {
    let model = report.model;
    let mut delivered: Vec<Vec<&ReportedGap>> = vec![Vec::new(); model.elements.len()];
    for g in &report.gaps {
        for &i in &g.delivered_by {
            delivered[i.0].push(g);
        }
    }
    let mut groups: Vec<Group> = report
        .initiatives
        .iter()
        .map(|r| {
            let mut detail = Vec::new();
            if let Some(p) = r.lands_in {
                detail.push(format!("lands in {}", model.plateaus[p.0].name));
            }
            if let Some(cost) = r.cost {
                detail.push(format!("cost {}", money(cost)));
            }
            if let Some(benefit) = r.benefit {
                detail.push(format!("benefit {}", money(benefit)));
            }
            if let Some(must) = r.must_do {
                detail.push(format!("must do: {}", crate::spec::ValueEnum::word(must)));
            }
            group(
                report,
                Some(r.initiative),
                "",
                (!detail.is_empty()).then(|| detail.join(" · ")),
                &delivered[r.initiative.0],
            )
        })
        .filter(|g| g.count > 0)
        .collect();
    let undelivered: Vec<&ReportedGap> = report
        .gaps
        .iter()
        .filter(|g| g.needs_initiative && g.delivered_by.is_empty())
        .collect();
    let other: Vec<&ReportedGap> = report
        .gaps
        .iter()
        .filter(|g| !g.needs_initiative && g.delivered_by.is_empty())
        .collect();
    groups.push(group(
        report,
        None,
        "Needs an initiative, has none",
        None,
        &undelivered,
    ));
    groups.push(group(
        report,
        None,
        "Other changes (no initiative needed)",
        None,
        &other,
    ));
    groups.retain(|g| g.count > 0);
    capped(groups)
}

/// The gaps by the capabilities they serve: a capability's own change, and the changes
/// of the elements that name it (a process or touchpoint in `capabilities`, a supplier
/// in `provides`) or that a process of it uses (its systems, roles, information,
/// locations). A gap serving several capabilities is listed under each.
fn by_capability(report: &GapReport<'_>) -> (Vec<Group>, usize) {
    let model = report.model;
    let (from, to) = (report.from, report.to);
    // The capabilities each element names, at either plateau.
    let named = |idx: ElementIdx| -> Vec<ElementIdx> {
        let e = model.element(idx);
        let mut caps: Vec<ElementIdx> = e
            .fields
            .iter()
            .filter(|f| matches!(f.field, Field::Capabilities | Field::Provides))
            .flat_map(|f| [f.value.at(from), f.value.at(to)])
            .flatten()
            .flat_map(|v| v.refs().iter().map(|r| r.target))
            .filter(|&t| model.element(t).kind == Kind::Capabilities)
            .collect();
        caps.sort_unstable();
        caps.dedup();
        caps
    };
    // What a process uses serves the capabilities the process names.
    let mut served: Vec<Vec<ElementIdx>> = vec![Vec::new(); model.elements.len()];
    for (idx, e) in model.iter().filter(|(_, e)| e.kind == Kind::Processes) {
        let caps = named(idx);
        if caps.is_empty() {
            continue;
        }
        for f in &e.fields {
            for v in [f.value.at(from), f.value.at(to)].into_iter().flatten() {
                for r in v.refs() {
                    served[r.target.0].extend(&caps);
                }
            }
        }
    }
    let mut by_cap: Vec<Vec<&ReportedGap>> = vec![Vec::new(); model.elements.len()];
    let mut none = Vec::new();
    for g in &report.gaps {
        let idx = g.gap.element;
        let mut caps = if model.element(idx).kind == Kind::Capabilities {
            vec![idx]
        } else {
            named(idx)
        };
        caps.extend(&served[idx.0]);
        caps.sort_unstable();
        caps.dedup();
        if caps.is_empty() {
            none.push(g);
        }
        for c in caps {
            by_cap[c.0].push(g);
        }
    }
    let uplift: std::collections::HashMap<ElementIdx, (Option<i64>, Option<i64>)> = report
        .maturity
        .iter()
        .map(|u| (u.capability, (u.before, u.after)))
        .collect();
    let mut groups: Vec<Group> = model
        .iter()
        .filter(|(idx, _)| !by_cap[idx.0].is_empty())
        .map(|(idx, _)| {
            let detail = uplift.get(&idx).map(|(b, a)| {
                let level = |m: &Option<i64>| m.map_or_else(|| "—".to_owned(), |m| m.to_string());
                format!("maturity {} → {}", level(b), level(a))
            });
            group(report, Some(idx), "", detail, &by_cap[idx.0])
        })
        .collect();
    groups.push(group(report, None, "Not tied to a capability", None, &none));
    groups.retain(|g| g.count > 0);
    capped(groups)
}

/// At most [`GROUPS`] groups, and how many were left out.
fn capped(mut groups: Vec<Group>) -> (Vec<Group>, usize) {
    let more = groups.len().saturating_sub(GROUPS);
    groups.truncate(GROUPS);
    (groups, more)
}

/// A group of `gaps` (in report order: by kind, then id), split by kind.
fn group(
    report: &GapReport<'_>,
    owner: Option<ElementIdx>,
    label: &str,
    detail: Option<String>,
    gaps: &[&ReportedGap],
) -> Group {
    let model = report.model;
    let mut kinds: Vec<(Kind, Vec<&ReportedGap>)> = Vec::new();
    for &g in gaps {
        let kind = model.element(g.gap.element).kind;
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(g),
            None => kinds.push((kind, vec![g])),
        }
    }
    kinds.sort_by_key(|(k, _)| Kind::ALL.iter().position(|x| x == k));
    Group {
        owner: owner.map(|o| element_link(model, o)),
        label: label.to_owned(),
        detail,
        attention: gaps
            .iter()
            .any(|g| g.needs_initiative && g.delivered_by.is_empty()),
        count: gaps.len(),
        kinds: kinds
            .into_iter()
            .map(|(kind, list)| KindGaps {
                kind: kind_title(kind),
                more: list.len().saturating_sub(GROUP_ROWS),
                gaps: list
                    .iter()
                    .take(GROUP_ROWS)
                    .map(|g| row(report, g))
                    .collect(),
            })
            .collect(),
    }
}

fn row(report: &GapReport<'_>, g: &ReportedGap) -> GapRow {
    let model = report.model;
    let fields = match &g.gap.change {
        Change::Changed(fields) => fields
            .iter()
            .flat_map(|&f| field_changes(model, g.gap.element, f, report.from, report.to))
            .map(|c| {
                format!(
                    "{}: {} → {}",
                    c.field,
                    c.before.compact(),
                    c.after.compact()
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    GapRow {
        element: element_link(model, g.gap.element),
        change: change_word(&g.gap.change),
        fields,
        delivered_by: element_links(model, g.delivered_by.iter().copied()),
        undelivered: g.needs_initiative && g.delivered_by.is_empty(),
    }
}

fn people(model: &Model, impact: &PeopleImpact) -> People {
    let rows = |list: &[Headcount]| -> Vec<PeopleRow> {
        list.iter()
            .take(PEOPLE_ROWS)
            .map(|h| PeopleRow {
                element: element_link(model, h.element),
                org_unit: h.org_unit.map(|u| element_link(model, u)),
                before: h.before.map_or_else(|| "—".into(), count),
                after: h.after.map_or_else(|| "—".into(), count),
                change: signed(h.change()),
                trend: trend(h.change()),
            })
            .collect()
    };
    People {
        counted: !impact.is_empty(),
        before: count(impact.before),
        after: count(impact.after),
        change: signed(impact.change()),
        units: rows(&impact.units),
        roles: rows(&impact.roles),
        more: impact.units.len().saturating_sub(PEOPLE_ROWS)
            + impact.roles.len().saturating_sub(PEOPLE_ROWS),
    }
}

/// A count with thousands separators.
fn count(n: i64) -> String {
    money(float(n))
}

fn grouped(n: usize) -> String {
    count(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A change with its sign and thousands separators: `+1,200`, `-123`, `0`.
pub fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{}", count(n))
    } else {
        count(n)
    }
}

/// `up`, `down` or `same`.
pub fn trend(n: i64) -> &'static str {
    match n.signum() {
        1 => "up",
        -1 => "down",
        _ => "same",
    }
}
