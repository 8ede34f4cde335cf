//! The gap report: what separates two plateaus, which initiatives deliver each gap, which
//! gaps none delivers, the capability uplift, the KPI moves and the roadmap ranked by
//! benefit against cost. JSON carries the numbers; Markdown and HTML the tables.

mod document;
mod json;

use serde::Serialize;

use crate::analysis::gaps::{Change, GapReport, ReportedGap};
use crate::model::{ElementIdx, Model, PlateauIdx};
use crate::spec::Field;

use super::manifest::value_tree;
use super::tree::Tree;

pub use document::gaps_document;
pub use json::{GapsJson, gaps_tree};

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

/// A field's value at both plateaus (`Null` where it has none).
fn field_values(
    model: &Model,
    idx: ElementIdx,
    field: Field,
    from: PlateauIdx,
    to: PlateauIdx,
) -> (Tree, Tree) {
    (
        field_value(model, idx, field, from),
        field_value(model, idx, field, to),
    )
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

/// A number as people write it: no `.0` on whole numbers.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A number with a sign: `+3`, `-1`, `0`.
fn signed(n: f64) -> String {
    if n > 0.0 {
        format!("+{}", number(n))
    } else {
        number(n)
    }
}

/// An amount with thousands separators: `38,000,000`.
pub fn money(n: f64) -> String {
    let whole = number(n.trunc());
    let (sign, digits) = whole
        .strip_prefix('-')
        .map_or(("", whole.as_str()), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let cents = (n.fract().abs() * 100.0).round();
    if cents > 0.0 {
        format!("{sign}{grouped}.{cents:02}")
    } else {
        format!("{sign}{grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(38_000_000.0), "38,000,000");
        assert_eq!(money(950.0), "950");
        assert_eq!(money(-1234.5), "-1,234.50");
        assert_eq!(money(0.0), "0");
    }

    #[test]
    fn numbers_lose_a_trailing_zero() {
        assert_eq!(number(45.0), "45");
        assert_eq!(number(4.5), "4.5");
        assert_eq!(signed(3.0), "+3");
        assert_eq!(signed(-2.0), "-2");
    }
}
