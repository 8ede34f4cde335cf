//! The gap report: what separates two plateaus, which initiatives deliver each gap, which
//! gaps none delivers, the capability uplift, the KPI moves and the roadmap ranked by
//! benefit against cost. JSON carries the numbers; Markdown and HTML the tables.

mod json;

use serde::Serialize;

use crate::analysis::gaps::{Change, GapReport, ReportedGap, StepGap};
use crate::model::{ElementIdx, Model, PlateauIdx, Value};
use crate::spec::Field;

use super::document::{Block, Document, Inline, Line, Table, code, plural, text};
use super::manifest::value_tree;
use super::tree::Tree;

pub use json::{GapsJson, gaps_tree};

/// The report as a document, for Markdown or HTML.
pub fn gaps_document(report: &GapReport<'_>) -> Document {
    let model = report.model;
    let (from, to) = (&model.plateaus[report.from.0], &model.plateaus[report.to.0]);
    let counts = counts(report);
    let mut blocks = vec![Block::Para(vec![
        Inline::Text("From ".into()),
        Inline::Strong(from.name.clone()),
        Inline::Text(" (".into()),
        Inline::Code(from.id.clone()),
        Inline::Text(format!("{}) to ", date_suffix(from.date.as_deref()))),
        Inline::Strong(to.name.clone()),
        Inline::Text(" (".into()),
        Inline::Code(to.id.clone()),
        Inline::Text(format!(
            "{}): {} added, {} removed, {} changed. Step by step, {} gap{} need{} an initiative: {} delivered, {} not. \
             {} initiative{} land{} on the way, costing {} for a benefit of {}.",
            date_suffix(to.date.as_deref()),
            counts.added,
            counts.removed,
            counts.changed,
            counts.needing,
            plural(counts.needing),
            if counts.needing == 1 { "s" } else { "" },
            counts.needing - counts.undelivered,
            counts.undelivered,
            report.initiatives.len(),
            plural(report.initiatives.len()),
            if report.initiatives.len() == 1 {
                "s"
            } else {
                ""
            },
            money(counts.cost),
            money(counts.benefit),
        )),
    ])];

    blocks.push(Block::Heading(2, text("Gaps no initiative delivers")));
    let undelivered: Vec<&StepGap> = report.undelivered().collect();
    if undelivered.is_empty() {
        blocks.push(Block::Para(text(
            "None: every element added, removed or uplifted is delivered by an initiative \
             landing in the plateau where the change appears.",
        )));
    } else {
        let mut table = Table::new(&["element", "kind", "name", "step", "change"], &[]);
        for g in undelivered {
            let e = model.element(g.gap.element);
            table.row(vec![
                code(&e.id),
                text(e.kind.singular()),
                text(e.name()),
                vec![
                    Inline::Code(model.plateaus[g.from.0].id.clone()),
                    Inline::Text(" → ".into()),
                    Inline::Code(model.plateaus[g.to.0].id.clone()),
                ],
                change_summary(model, g),
            ]);
        }
        blocks.push(Block::Para(text(
            "Each of these needs an initiative that lands at the end of the step and names it \
             in `delivers` (rule gap-without-initiative).",
        )));
        blocks.push(Block::Table(table));
    }

    blocks.push(Block::Heading(2, text("Capability maturity")));
    let mut table = Table::new(
        &[
            "capability",
            "name",
            from.id.as_str(),
            to.id.as_str(),
            "uplift",
        ],
        &[from.id.as_str(), to.id.as_str(), "uplift"],
    );
    for u in &report.maturity {
        let e = model.element(u.capability);
        table.row(vec![
            code(&e.id),
            text(e.name()),
            text(u.before.map_or("—".into(), |m| m.to_string())),
            text(u.after.map_or("—".into(), |m| m.to_string())),
            text(signed(u.uplift() as f64)),
        ]);
    }
    blocks.push(table_or(
        table,
        "No capability has a maturity at either plateau.",
    ));

    blocks.push(Block::Heading(2, text("KPI moves")));
    let mut table = Table::new(
        &[
            "KPI",
            "name",
            "voice",
            from.id.as_str(),
            to.id.as_str(),
            "better when",
            "move",
        ],
        &[from.id.as_str(), to.id.as_str()],
    );
    for k in &report.kpis {
        let e = model.element(k.kpi);
        let unit = match model.element(k.kpi).value_at(Field::Unit, report.to) {
            Some(Value::Text(u)) => format!(" {u}"),
            _ => String::new(),
        };
        let value = |v: Option<f64>| v.map_or("—".into(), |n| format!("{}{unit}", number(n)));
        table.row(vec![
            code(&e.id),
            text(e.name()),
            text(match e.value_at(Field::Voice, report.to) {
                Some(Value::Enum(v)) => v,
                _ => "—",
            }),
            text(value(k.before)),
            text(value(k.after)),
            text(match k.direction {
                Some("increase") => "higher",
                Some(_) => "lower",
                None => "—",
            }),
            text(k.trend.as_str()),
        ]);
    }
    blocks.push(table_or(table, "No KPI has a value at either plateau."));

    blocks.push(Block::Heading(2, text("Roadmap")));
    if report.initiatives.is_empty() {
        blocks.push(Block::Para(text(
            "No initiative lands between these plateaus.",
        )));
    }
    for p in (report.from.0 + 1..=report.to.0).map(PlateauIdx) {
        // In the order they can start: after what they depend on, then by id.
        let mut landing: Vec<_> = report
            .initiatives
            .iter()
            .filter(|r| r.lands_in == Some(p))
            .collect();
        landing.sort_by_key(|r| {
            (
                dependency_depth(model, r.initiative),
                &model.element(r.initiative).id,
            )
        });
        if landing.is_empty() {
            continue;
        }
        let plateau = &model.plateaus[p.0];
        blocks.push(Block::Heading(
            3,
            vec![
                Inline::Text(plateau.name.clone()),
                Inline::Text(" (".into()),
                Inline::Code(plateau.id.clone()),
                Inline::Text(format!("{})", date_suffix(plateau.date.as_deref()))),
            ],
        ));
        let mut table = Table::new(
            &[
                "initiative",
                "name",
                "depends on",
                "cost",
                "benefit",
                "gaps delivered",
            ],
            &["cost", "benefit", "gaps delivered"],
        );
        for r in landing {
            let e = model.element(r.initiative);
            table.row(vec![
                code(&e.id),
                text(e.name()),
                id_list(model, &r.depends_on),
                text(r.cost.map_or("—".into(), money)),
                text(r.benefit.map_or("—".into(), money)),
                text(r.gaps_delivered.to_string()),
            ]);
        }
        blocks.push(Block::Table(table));
    }
    if !report.initiatives.is_empty() {
        blocks.push(Block::Heading(3, text("Ranked by benefit against cost")));
        let mut table = Table::new(
            &[
                "rank",
                "initiative",
                "name",
                "lands in",
                "benefit/cost",
                "benefit",
                "cost",
                "depends on",
            ],
            &["rank", "benefit/cost", "benefit", "cost"],
        );
        for r in &report.initiatives {
            let e = model.element(r.initiative);
            table.row(vec![
                text(r.rank.map_or("—".into(), |n| n.to_string())),
                code(&e.id),
                text(e.name()),
                r.lands_in
                    .map_or(text("—"), |p| code(&model.plateaus[p.0].id)),
                text(r.ratio.map_or("—".into(), |x| format!("{:.2}", round2(x)))),
                text(r.benefit.map_or("—".into(), money)),
                text(r.cost.map_or("—".into(), money)),
                id_list(model, &r.depends_on),
            ]);
        }
        blocks.push(Block::Table(table));
    }

    blocks.push(Block::Heading(2, text("Changes by kind")));
    let mut any = false;
    for (kind, gaps) in by_kind(report) {
        any = true;
        blocks.push(Block::Heading(3, text(kind_title(kind))));
        let mut table = Table::new(
            &["element", "name", "change", "from", "to", "delivered by"],
            &[],
        );
        for g in gaps {
            let e = model.element(g.gap.element);
            let delivered = if !g.delivered_by.is_empty() {
                id_list(model, &g.delivered_by)
            } else if g.needs_initiative {
                vec![Inline::Strong("none".into())]
            } else {
                text("—")
            };
            match &g.gap.change {
                Change::Changed(fields) => {
                    for &f in fields {
                        let (before, after) =
                            field_values(model, g.gap.element, f, report.from, report.to);
                        table.row(vec![
                            code(&e.id),
                            text(e.name()),
                            code(f.key()),
                            code(before.compact()),
                            code(after.compact()),
                            delivered.clone(),
                        ]);
                    }
                }
                change => table.row(vec![
                    code(&e.id),
                    text(e.name()),
                    text(change_word(change)),
                    text(""),
                    text(""),
                    delivered,
                ]),
            }
        }
        blocks.push(Block::Table(table));
    }
    if !any {
        blocks.push(Block::Para(text("The two plateaus hold the same model.")));
    }

    Document {
        title: format!("Gaps: {}, {} → {}", model.name, from.id, to.id),
        blocks,
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

fn change_summary(model: &Model, g: &StepGap) -> Line {
    match &g.gap.change {
        Change::Changed(_) => {
            let (before, after) = field_values(model, g.gap.element, Field::Maturity, g.from, g.to);
            vec![
                Inline::Text("maturity ".into()),
                Inline::Code(format!("{} → {}", before.compact(), after.compact())),
            ]
        }
        change => text(change_word(change)),
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

fn id_list(model: &Model, ids: &[ElementIdx]) -> Line {
    if ids.is_empty() {
        return text("—");
    }
    let mut line = Vec::new();
    for (i, &idx) in ids.iter().enumerate() {
        if i > 0 {
            line.push(Inline::Text(", ".into()));
        }
        line.push(Inline::Code(model.element(idx).id.clone()));
    }
    line
}

fn table_or(table: Table, empty: &str) -> Block {
    if table.rows.is_empty() {
        Block::Para(text(empty))
    } else {
        Block::Table(table)
    }
}

fn date_suffix(date: Option<&str>) -> String {
    date.map_or_else(String::new, |d| format!(", {d}"))
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
