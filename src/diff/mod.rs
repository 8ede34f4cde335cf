//! The semantic difference between two versions of a spec: per plateau, the elements
//! added, removed and changed field by field; the project settings changed; the rule
//! findings introduced and fixed; the coverage figures before and after; the gaps opened
//! and closed. Values are compared as resolved (references by id, lists as sets), so
//! moving an element to another file or reordering keys is no change.
//!
//! Each part serialises as `tomc diff --format json` writes it.
//!
//! The comparison reads what the compiler and the emitters produce (manifest fields,
//! finding locations); [`report`] renders it for review. Nothing in [`crate::emit`]
//! depends on it.

pub mod report;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::analysis::coverage::Ratio;
use crate::analysis::gaps::{Change, GapReport};
use crate::analysis::impact::reachability_from;
use crate::compile::Compiled;
use crate::diag::Severity;
pub use crate::emit::compare::FieldChange;
use crate::emit::compare::compare;
use crate::emit::findings::location;
use crate::emit::manifest::own_fields;
use crate::emit::tree::Tree;
use crate::model::{ElementIdx, Model, PlateauIdx};
use crate::rules::registry::lookup;
use crate::spec::Kind;

/// One version of the spec, checked.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    /// How the user named it (`git:HEAD~1`, `old/`, `working tree`).
    pub label: &'a str,
    /// The project, read and checked.
    pub compiled: &'a Compiled,
}

/// An element as a line of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementRef {
    /// Its id.
    pub id: String,
    /// Its kind (in the newer version when it is in both).
    #[serde(serialize_with = "kind_key")]
    pub kind: Kind,
    /// Its name.
    pub name: String,
}

/// An element present in both versions at a plateau, with the fields that differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElementChange {
    /// The element.
    #[serde(flatten)]
    pub element: ElementRef,
    /// The fields that differ, in format order.
    pub fields: Vec<FieldChange>,
}

/// What changed at one plateau.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlateauDiff {
    /// The plateau id.
    pub id: String,
    /// Its name in the newer version.
    pub name: String,
    /// Elements present after, not before.
    pub added: Vec<ElementRef>,
    /// Elements present before, not after.
    pub removed: Vec<ElementRef>,
    /// Elements present in both whose fields differ.
    pub changed: Vec<ElementChange>,
}

impl PlateauDiff {
    /// How many elements differ.
    pub fn count(&self) -> usize {
        self.added.len() + self.removed.len() + self.changed.len()
    }
}

/// A rule finding of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule id.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Message.
    pub message: String,
    /// The element it is about.
    pub element: Option<String>,
    /// The plateau of a per-plateau finding.
    pub plateau: Option<String>,
    /// File, relative to the project.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
}

/// A coverage figure before and after (`None` where the alignment rules did not run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CoverageMove {
    /// JSON key of the figure.
    #[serde(rename = "figure")]
    pub key: &'static str,
    /// Short name (`objective coverage`).
    #[serde(skip)]
    pub name: &'static str,
    /// Before.
    pub before: Option<Ratio>,
    /// After.
    pub after: Option<Ratio>,
}

impl CoverageMove {
    /// Whether the figure moved (both versions checked, different figures).
    pub fn moved(&self) -> bool {
        matches!((self.before, self.after), (Some(a), Some(b)) if a != b)
    }
}

/// A baseline→target gap that needs an initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapEntry {
    /// The element.
    #[serde(flatten)]
    pub element: ElementRef,
    /// `added`, `removed` or `maturity`.
    pub change: &'static str,
    /// The initiatives that deliver it, by id.
    pub delivered_by: Vec<String>,
}

/// What an element the change adds, removes or changes reaches: the journeys, personas
/// and objectives that depend on it (`tomc impact`'s walk, at every plateau where it
/// differs, in the version where it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImpactEntry {
    /// The element (as in the newer version, unless it was removed).
    #[serde(flatten)]
    pub element: ElementRef,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The journeys it reaches, by id.
    pub journeys: Vec<String>,
    /// The personas it reaches, by id.
    pub personas: Vec<String>,
    /// The objectives it reaches, by id.
    pub objectives: Vec<String>,
}

impl ImpactEntry {
    /// Whether it reaches any journey, persona or objective.
    pub fn reaches_any(&self) -> bool {
        !(self.journeys.is_empty() && self.personas.is_empty() && self.objectives.is_empty())
    }
}

/// One side's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideState {
    /// How the user named it.
    pub label: String,
    /// Structural errors: when any, the alignment rules did not run on this side.
    pub structural_errors: usize,
}

/// The difference between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecDiff {
    /// The project name (newer version).
    pub project: String,
    /// The older version.
    pub old: SideState,
    /// The newer version.
    pub new: SideState,
    /// Project settings that differ (name, description, plateaus, rule levels).
    pub settings: Vec<FieldChange>,
    /// Plateaus in the newer version only.
    pub plateaus_added: Vec<String>,
    /// Plateaus in the older version only.
    pub plateaus_removed: Vec<String>,
    /// Per plateau present in both, in the newer version's order.
    pub plateaus: Vec<PlateauDiff>,
    /// Findings of the newer version that the older did not have.
    pub introduced: Vec<Finding>,
    /// Findings of the older version that the newer does not have.
    pub fixed: Vec<Finding>,
    /// The plateau the coverage figures are for (each version's target).
    pub coverage_plateau: String,
    /// Coverage figures before and after.
    pub coverage: Vec<CoverageMove>,
    /// Gaps that need an initiative, in the newer version only.
    pub gaps_opened: Vec<GapEntry>,
    /// Gaps that need an initiative, in the older version only.
    pub gaps_closed: Vec<GapEntry>,
    /// What each element added, removed or changed reaches, by id.
    pub impact: Vec<ImpactEntry>,
}

impl SpecDiff {
    /// Whether anything differs.
    pub fn has_changes(&self) -> bool {
        !self.settings.is_empty()
            || !self.plateaus_added.is_empty()
            || !self.plateaus_removed.is_empty()
            || self.plateaus.iter().any(|p| p.count() > 0)
            || !self.introduced.is_empty()
            || !self.fixed.is_empty()
            || self.coverage.iter().any(CoverageMove::moved)
            || !self.gaps_opened.is_empty()
            || !self.gaps_closed.is_empty()
    }
}

/// Compares two versions of a spec.
pub fn diff(old: Version<'_>, new: Version<'_>) -> SpecDiff {
    let (om, nm) = (&old.compiled.model, &new.compiled.model);
    let mut plateaus = Vec::new();
    for (np, plateau) in nm.plateaus.iter().enumerate() {
        if let Some(op) = om.plateau(&plateau.id) {
            plateaus.push(plateau_diff(om, op, nm, PlateauIdx(np)));
        }
    }
    let ids = |m: &Model| m.plateaus.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    let (old_ids, new_ids) = (ids(om), ids(nm));
    let coverage_of = |c: &Compiled| {
        c.coverage
            .as_ref()
            .map(crate::analysis::coverage::Coverage::named)
    };
    let (oc, nc) = (coverage_of(old.compiled), coverage_of(new.compiled));
    let names = oc
        .or(nc)
        .map(|figures| figures.map(|(key, name, _)| (key, name)));
    let coverage = names
        .map(|names| {
            names
                .iter()
                .enumerate()
                .map(|(i, &(key, name))| CoverageMove {
                    key,
                    name,
                    before: oc.map(|f| f[i].2),
                    after: nc.map(|f| f[i].2),
                })
                .collect()
        })
        .unwrap_or_default();
    let (introduced, fixed) = findings(old.compiled, new.compiled);
    let (old_gaps, new_gaps) = (gap_entries(om), gap_entries(nm));
    let impact = impact_entries(om, nm, &plateaus);
    let key = |g: &GapEntry| (g.element.id.clone(), g.change);
    let old_keys: BTreeSet<_> = old_gaps.iter().map(key).collect();
    let new_keys: BTreeSet<_> = new_gaps.iter().map(key).collect();
    SpecDiff {
        project: nm.name.clone(),
        old: side(old),
        new: side(new),
        settings: settings(om, nm),
        plateaus_added: new_ids
            .iter()
            .filter(|p| !old_ids.contains(p))
            .cloned()
            .collect(),
        plateaus_removed: old_ids
            .iter()
            .filter(|p| !new_ids.contains(p))
            .cloned()
            .collect(),
        plateaus,
        introduced,
        fixed,
        coverage_plateau: nm.plateaus.last().map(|p| p.id.clone()).unwrap_or_default(),
        coverage,
        gaps_opened: new_gaps
            .iter()
            .filter(|g| !old_keys.contains(&key(g)))
            .cloned()
            .collect(),
        gaps_closed: old_gaps
            .into_iter()
            .filter(|g| !new_keys.contains(&key(g)))
            .collect(),
        impact,
    }
}

/// The impact of every element the plateau diffs name.
fn impact_entries(om: &Model, nm: &Model, plateaus: &[PlateauDiff]) -> Vec<ImpactEntry> {
    // Where each element differs, (newer version?, plateau), with the element as the
    // diff names it, by id.
    type Places<'d> = (Option<&'d ElementRef>, BTreeSet<(bool, PlateauIdx)>);
    let mut places: BTreeMap<&str, Places<'_>> = BTreeMap::new();
    for pd in plateaus {
        let (Some(op), Some(np)) = (om.plateau(&pd.id), nm.plateau(&pd.id)) else {
            continue;
        };
        let changed = pd.changed.iter().map(|c| &c.element);
        for e in pd.added.iter().chain(changed) {
            let entry = places.entry(&e.id).or_default();
            entry.0 = Some(e);
            entry.1.insert((true, np));
        }
        for e in &pd.removed {
            let entry = places.entry(&e.id).or_default();
            entry.0.get_or_insert(e);
            entry.1.insert((false, op));
        }
    }
    if places.is_empty() {
        return Vec::new();
    }
    let sides: BTreeSet<(bool, PlateauIdx)> =
        places.values().flat_map(|(_, at)| at).copied().collect();
    let sides: Vec<(bool, PlateauIdx)> = sides.into_iter().collect();
    // One reachability pass per version and plateau answers every element at once,
    // walking only from the elements that differ there.
    let reach = crate::parallel::map(&sides, 1, |&side| {
        let (new, p) = side;
        let model = if new { nm } else { om };
        let roots = places
            .iter()
            .filter(|(_, (_, at))| at.contains(&side))
            .filter_map(|(id, _)| model.find(id));
        reachability_from(
            &model.at(p),
            &[Kind::Journeys, Kind::Personas, Kind::Objectives],
            roots,
        )
    });
    let reach_at = |side: (bool, PlateauIdx)| sides.binary_search(&side).ok().map(|i| &reach[i]);
    let places: Vec<(&str, Places<'_>)> = places.into_iter().collect();
    let entries = crate::parallel::map(&places, 16, |(id, (element, at))| {
        let mut reached: [BTreeSet<&str>; 3] = Default::default();
        for &side in at {
            let model = if side.0 { nm } else { om };
            let (Some(reach), Some(idx)) = (reach_at(side), model.find(id)) else {
                continue;
            };
            for r in reach.of(idx) {
                let e = model.element(r);
                let slot = match e.kind {
                    Kind::Journeys => 0,
                    Kind::Personas => 1,
                    _ => 2,
                };
                reached[slot].insert(&e.id);
            }
        }
        let change = match (om.find(id), nm.find(id)) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        };
        let [journeys, personas, objectives] =
            reached.map(|set| set.into_iter().map(str::to_owned).collect());
        element.map(|element| ImpactEntry {
            element: element.clone(),
            change,
            journeys,
            personas,
            objectives,
        })
    });
    entries.into_iter().flatten().collect()
}

fn side(v: Version<'_>) -> SideState {
    SideState {
        label: v.label.to_owned(),
        structural_errors: v
            .compiled
            .diagnostics
            .iter()
            .filter(|d| d.is_structural_error())
            .count(),
    }
}

/// A kind as its key (`capabilities`).
fn kind_key<S: Serializer>(kind: &Kind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.key())
}

fn element_ref(model: &Model, idx: ElementIdx) -> ElementRef {
    let e = model.element(idx);
    ElementRef {
        id: e.id.clone(),
        kind: e.kind,
        name: e.name().to_owned(),
    }
}

fn plateau_diff(om: &Model, op: PlateauIdx, nm: &Model, np: PlateauIdx) -> PlateauDiff {
    let plateau = &nm.plateaus[np.0];
    let mut out = PlateauDiff {
        id: plateau.id.clone(),
        name: plateau.name.clone(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    for (idx, e) in nm.iter().filter(|(_, e)| e.exists_in(np)) {
        match om.find(&e.id).filter(|&o| om.element(o).exists_in(op)) {
            None => out.added.push(element_ref(nm, idx)),
            // An element both versions share was read from a file whose text did not
            // change and resolved against the same ids and plateaus: it is the same.
            Some(o) if Arc::ptr_eq(&om.elements[o.0], &nm.elements[idx.0]) => {}
            Some(o) => {
                let fields = compare(&canonical(om, o, op), &canonical(nm, idx, np));
                if !fields.is_empty() {
                    out.changed.push(ElementChange {
                        element: element_ref(nm, idx),
                        fields,
                    });
                }
            }
        }
    }
    for (idx, e) in om.iter().filter(|(_, e)| e.exists_in(op)) {
        let present = nm.find(&e.id).is_some_and(|n| nm.element(n).exists_in(np));
        if !present {
            out.removed.push(element_ref(om, idx));
        }
    }
    out
}

/// An element's fields at a plateau as the manifest writes them, with its kind (inverse
/// links aside: they change only when a link written elsewhere does, reported there).
fn canonical(model: &Model, idx: ElementIdx, p: PlateauIdx) -> Vec<(String, Tree)> {
    let kind = model.element(idx).kind;
    let mut out = vec![("kind".to_owned(), Tree::str(kind.key()))];
    out.extend(own_fields(model, idx, p));
    out
}

/// Project settings as comparable fields.
fn settings(om: &Model, nm: &Model) -> Vec<FieldChange> {
    let fields = |m: &Model| {
        let mut out = vec![
            ("name".to_owned(), Tree::str(&m.name)),
            (
                "description".to_owned(),
                m.description.as_deref().map_or(Tree::Null, Tree::str),
            ),
            ("plateaus".to_owned(), Tree::strings(m.plateau_ids())),
        ];
        for p in &m.plateaus {
            out.push((format!("plateau {} name", p.id), Tree::str(&p.name)));
            out.push((
                format!("plateau {} date", p.id),
                p.date.as_deref().map_or(Tree::Null, Tree::str),
            ));
        }
        for (rule, level) in &m.rule_levels {
            out.push((format!("rules: {rule}"), Tree::str(level.as_str())));
        }
        out
    };
    compare(&fields(om), &fields(nm))
}

fn findings_of(c: &Compiled) -> Vec<Finding> {
    c.diagnostics
        .iter()
        .map(|d| {
            let place = location(&c.sources, d);
            Finding {
                rule: d.rule.as_str(),
                severity: d.severity,
                message: d.message.clone(),
                element: d.element.clone(),
                plateau: d.plateau.clone(),
                file: place.as_ref().map(|l| l.file.clone()),
                line: place.as_ref().map(|l| l.start.line),
                column: place.as_ref().map(|l| l.start.column),
            }
        })
        .collect()
}

/// Findings of `new` not in `old`, and of `old` not in `new`, matched by rule,
/// severity, element, plateau and message (not by place: lines move).
fn findings(old: &Compiled, new: &Compiled) -> (Vec<Finding>, Vec<Finding>) {
    type Key = (
        &'static str,
        Severity,
        Option<String>,
        Option<String>,
        String,
    );
    let key = |f: &Finding| -> Key {
        (
            f.rule,
            f.severity,
            f.element.clone(),
            f.plateau.clone(),
            f.message.clone(),
        )
    };
    // Where a version did not read cleanly its alignment rules did not run: their
    // findings on the other side are neither new nor fixed, so only structural findings
    // are compared.
    let gated = [old, new].iter().any(|c| c.coverage.is_none());
    let of = |c: &Compiled| {
        let mut list = findings_of(c);
        if gated {
            list.retain(|f| lookup(f.rule).is_some_and(|r| r.structural));
        }
        list
    };
    let (old, new) = (of(old), of(new));
    let count = |list: &[Finding]| {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for f in list {
            *counts.entry(key(f)).or_default() += 1;
        }
        counts
    };
    let only = |list: Vec<Finding>, mut other: BTreeMap<Key, usize>| {
        list.into_iter()
            .filter(|f| match other.get_mut(&key(f)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect::<Vec<_>>()
    };
    let (old_counts, new_counts) = (count(&old), count(&new));
    (only(new, old_counts), only(old, new_counts))
}

/// The baseline→target gaps of a model that need an initiative, each with the
/// initiatives that deliver it in step (they land where the change appears).
fn gap_entries(model: &Model) -> Vec<GapEntry> {
    if model.plateaus.is_empty() {
        return Vec::new();
    }
    let report = GapReport::new(model, model.baseline(), model.target());
    let mut entries: Vec<(ElementIdx, GapEntry)> = report
        .gaps
        .into_iter()
        .filter(|g| g.needs_initiative)
        .map(|g| {
            let entry = GapEntry {
                element: element_ref(model, g.gap.element),
                change: match g.gap.change {
                    Change::Added => "added",
                    Change::Removed => "removed",
                    Change::Changed(_) => "maturity",
                },
                delivered_by: g
                    .delivered_by
                    .iter()
                    .map(|&i| model.element(i).id.clone())
                    .collect(),
            };
            (g.gap.element, entry)
        })
        .collect();
    // The report groups gaps by kind; entries go by element id, as before.
    entries.sort_by_key(|(idx, _)| *idx);
    entries.into_iter().map(|(_, e)| e).collect()
}
