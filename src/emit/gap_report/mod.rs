//! The gap report: what separates two plateaus, which initiatives deliver each gap, which
//! gaps none delivers, the capability uplift, the KPI moves and the roadmap ranked by
//! benefit against cost. JSON carries the numbers; Markdown and HTML the tables.

mod document;
mod json;

use std::marker::PhantomData;

use serde::Serialize;

use crate::analysis::gaps::{Change, GapReport, ReportedGap};
use crate::model::{ElementIdx, Model, PlateauIdx};
use crate::spec::Field;

use super::compare::{FieldChange, expand};
use super::document::{to_html, to_markdown};
use super::manifest::value_tree;
use super::output::{Render, Sink, serialised};
use super::tree::{Tree, to_json};

pub use crate::text::{money, number};
pub use document::gaps_document;
pub use json::{GapsJson, gaps_tree};

/// A format of the gap report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapsFormat {
    /// Markdown tables.
    Markdown,
    /// One JSON document, numbers as numbers.
    Json,
    /// One self-contained HTML page.
    Html,
}

/// The gap report in one format, as one file: `gaps.md`, `gaps.json` or `gaps.html`.
#[derive(Debug, Clone, Copy)]
pub struct GapsOutput<'m> {
    format: GapsFormat,
    /// The model the reports it renders are of.
    model: PhantomData<&'m Model>,
}

impl GapsOutput<'_> {
    /// The gap report in `format`.
    pub fn new(format: GapsFormat) -> Self {
        Self {
            format,
            model: PhantomData,
        }
    }
}

impl<'m> Render for GapsOutput<'m> {
    type Input = GapReport<'m>;

    fn render<S: Sink>(&self, report: &GapReport<'m>, sink: &S) -> Result<(), S::Error> {
        let (path, text) = match self.format {
            GapsFormat::Markdown => ("gaps.md", Ok(to_markdown(&gaps_document(report)) + "\n")),
            GapsFormat::Json => ("gaps.json", to_json(&gaps_tree(report))),
            GapsFormat::Html => ("gaps.html", Ok(to_html(&gaps_document(report)))),
        };
        sink.put(serialised(path.to_owned(), text)?)
    }
}

/// The length of the longest `depends_on` chain below an initiative (cycles, reported
/// as structural errors, are cut short).
pub fn dependency_depth(model: &Model, idx: ElementIdx) -> usize {
    fn walk(model: &Model, idx: ElementIdx, seen: &mut Vec<ElementIdx>) -> usize {
        if seen.contains(&idx) {
            return 0;
        }
        seen.push(idx);
        let deps = model
            .element(idx)
            .value_at(Field::DependsOn, model.target());
        let depth = deps
            .map(|v| {
                v.refs()
                    .iter()
                    .map(|r| 1 + walk(model, r.target, seen))
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0);
        seen.pop();
        depth
    }
    walk(model, idx, &mut Vec::new())
}

/// Totals of the report.
#[derive(Debug, Serialize)]
struct Counts {
    added: usize,
    removed: usize,
    changed: usize,
    #[serde(rename = "needing_initiative")]
    needing: usize,
    undelivered: usize,
    initiatives: usize,
    cost: f64,
    benefit: f64,
}

fn counts(report: &GapReport<'_>) -> Counts {
    let count = |want: &str| {
        report
            .gaps
            .iter()
            .filter(|g| change_word(&g.gap.change) == want)
            .count()
    };
    Counts {
        added: count("added"),
        removed: count("removed"),
        changed: count("changed"),
        needing: report.steps.iter().filter(|g| g.needs_initiative).count(),
        undelivered: report.undelivered().count(),
        initiatives: report.initiatives.len(),
        cost: report.initiatives.iter().filter_map(|r| r.cost).sum(),
        benefit: report.initiatives.iter().filter_map(|r| r.benefit).sum(),
    }
}

/// The gaps grouped by kind, in format order (they are sorted so already).
fn by_kind<'r>(report: &'r GapReport<'_>) -> Vec<(crate::spec::Kind, Vec<&'r ReportedGap>)> {
    let mut out: Vec<(crate::spec::Kind, Vec<&ReportedGap>)> = Vec::new();
    for g in &report.gaps {
        let kind = report.model.element(g.gap.element).kind;
        match out.last_mut() {
            Some((k, list)) if *k == kind => list.push(g),
            _ => out.push((kind, vec![g])),
        }
    }
    out
}

/// `added`, `removed` or `changed`.
pub fn change_word(change: &Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed(_) => "changed",
    }
}

/// The changes of a field from plateau `from` to `to`: one for most fields; one per
/// stage added, removed or changed (`stages[apply].emotion`) for a journey's stages.
pub fn field_changes(
    model: &Model,
    idx: ElementIdx,
    field: Field,
    from: PlateauIdx,
    to: PlateauIdx,
) -> Vec<FieldChange> {
    let (before, after) = (
        field_value(model, idx, field, from),
        field_value(model, idx, field, to),
    );
    let mut out = Vec::new();
    expand(field.key(), &before, &after, &mut out);
    out
}

/// A field's value at plateau `p` as outputs write it (`Null` where it has none).
fn field_value(model: &Model, idx: ElementIdx, field: Field, p: PlateauIdx) -> Tree {
    model
        .element(idx)
        .value_at(field, p)
        .map_or(Tree::Null, |v| value_tree(model, v))
}

/// A kind's heading: `Capabilities`, `Org units`, `KPIs`.
pub fn kind_title(kind: crate::spec::Kind) -> String {
    if kind == crate::spec::Kind::Kpis {
        return "KPIs".into();
    }
    let words = kind.key().replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A number with a sign: `+3`, `-1`, `0`.
fn signed(n: f64) -> String {
    if n > 0.0 {
        format!("+{}", number(n))
    } else {
        number(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_numbers_show_a_rise() {
        assert_eq!(signed(3.0), "+3");
        assert_eq!(signed(-2.0), "-2");
        assert_eq!(signed(0.0), "0");
    }
}
