//! The gap report as a document, for Markdown or HTML: a summary, then a section for the
//! gaps no initiative delivers, capability maturity, KPI moves, the roadmap and the
//! changes by kind.

use crate::analysis::gaps::{Change, GapReport, RankedInitiative, ReportedGap, StepGap};
use crate::analysis::tracking::tracking;
use crate::emit::document::{Block, Document, Inline, Line, Table, code, code_list, plural, text};
use crate::model::{ElementIdx, Model, Plateau, PlateauIdx, Value};
use crate::spec::Field;
use crate::spec::{Direction, ValueEnum};

use crate::text::{money, number};

use super::{
    Counts, by_kind, change_word, counts, dependency_depth, field_changes, field_value, kind_title,
    round2, signed,
};

/// The report as a document, for Markdown or HTML.
pub fn gaps_document(report: &GapReport<'_>) -> Document {
    let model = report.model;
    let (from, to) = (&model.plateaus[report.from.0], &model.plateaus[report.to.0]);
    let mut blocks = vec![summary(from, to, &counts(report))];
    undelivered(report, &mut blocks);
    maturity(report, &mut blocks);
    kpis(report, &mut blocks);
    roadmap(report, &mut blocks);
    changes(report, &mut blocks);
    Document {
        title: format!("Gaps: {}, {} → {}", model.name, from.id, to.id),
        blocks,
    }
}

/// The opening paragraph: the two plateaus and the totals.
fn summary(from: &Plateau, to: &Plateau, counts: &Counts) -> Block {
    Block::Para(vec![
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
            singular_verb(counts.needing),
            counts.needing - counts.undelivered,
            counts.undelivered,
            counts.initiatives,
            plural(counts.initiatives),
            singular_verb(counts.initiatives),
            money(counts.cost),
            money(counts.benefit),
        )),
    ])
}

fn undelivered(report: &GapReport<'_>, blocks: &mut Vec<Block>) {
    let model = report.model;
    blocks.push(Block::Heading(2, text("Gaps no initiative delivers")));
    let undelivered: Vec<&StepGap> = report.undelivered().collect();
    if undelivered.is_empty() {
        blocks.push(Block::Para(text(
            "None: every element added, removed or uplifted is delivered by an initiative \
             landing in the plateau where the change appears.",
        )));
        return;
    }
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

fn maturity(report: &GapReport<'_>, blocks: &mut Vec<Block>) {
    let model = report.model;
    let (from, to) = plateau_ids(report);
    blocks.push(Block::Heading(2, text("Capability maturity")));
    let mut table = Table::new(
        &["capability", "name", from, to, "uplift"],
        &[from, to, "uplift"],
    );
    for u in &report.maturity {
        let e = model.element(u.capability);
        table.row(vec![
            code(&e.id),
            text(e.name()),
            or_dash(u.before.map(|m| m.to_string())),
            or_dash(u.after.map(|m| m.to_string())),
            text(signed(crate::text::float(u.uplift()))),
        ]);
    }
    blocks.push(table_or(
        table,
        "No capability has a maturity at either plateau.",
    ));
}

fn kpis(report: &GapReport<'_>, blocks: &mut Vec<Block>) {
    let model = report.model;
    let (from, to) = plateau_ids(report);
    blocks.push(Block::Heading(2, text("KPI moves")));
    let mut table = Table::new(
        &[
            "KPI",
            "name",
            "voice",
            from,
            to,
            "better when",
            "move",
            "latest actual",
            "status",
            "moved by",
        ],
        &[from, to, "latest actual"],
    );
    for k in &report.kpis {
        let e = model.element(k.kpi);
        let tracking = tracking(model, e);
        let unit = match e.value_at(Field::Unit, report.to) {
            Some(Value::Text(u)) => format!(" {u}"),
            _ => String::new(),
        };
        let shown = |n: f64| format!("{}{unit}", number(n));
        let value = |v: Option<f64>| or_dash(v.map(shown));
        table.row(vec![
            code(&e.id),
            text(e.name()),
            text(match e.value_at(Field::Voice, report.to) {
                Some(Value::Enum(v)) => v,
                _ => "—",
            }),
            value(k.before),
            value(k.after),
            text(k.direction.map_or("—", Direction::better)),
            text(k.trend.as_str()),
            or_dash(tracking.map(|t| format!("{} ({})", shown(t.latest.value), t.latest.date))),
            text(tracking.map_or("—", |t| t.status.as_str())),
            id_list(model, &k.moved_by),
        ]);
    }
    blocks.push(table_or(table, "No KPI has a value at either plateau."));
}

/// The initiatives landing in each plateau after the first, then all of them ranked.
fn roadmap(report: &GapReport<'_>, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(2, text("Roadmap")));
    if report.initiatives.is_empty() {
        blocks.push(Block::Para(text(
            "No initiative lands between these plateaus.",
        )));
        return;
    }
    for p in (report.from.0 + 1..=report.to.0).map(PlateauIdx) {
        landing(report, p, blocks);
    }
    blocks.push(Block::Heading(
        3,
        text("Ranked: must-dos, then benefit against cost, then value against effort"),
    ));
    blocks.push(Block::Table(ranked(report)));
}

/// The initiatives landing in plateau `p`, in the order they can start: after what they
/// depend on, then by id.
fn landing(report: &GapReport<'_>, p: PlateauIdx, blocks: &mut Vec<Block>) {
    let model = report.model;
    let mut landing: Vec<&RankedInitiative> = report
        .initiatives
        .iter()
        .filter(|r| r.lands_in == Some(p))
        .collect();
    if landing.is_empty() {
        return;
    }
    landing.sort_by_key(|r| {
        (
            dependency_depth(model, r.initiative),
            &model.element(r.initiative).id,
        )
    });
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
            or_dash(r.cost.map(money)),
            or_dash(r.benefit.map(money)),
            text(r.gaps_delivered.to_string()),
        ]);
    }
    blocks.push(Block::Table(table));
}

fn ranked(report: &GapReport<'_>) -> Table {
    let model = report.model;
    let mut table = Table::new(
        &[
            "rank",
            "initiative",
            "name",
            "lands in",
            "must do",
            "benefit/cost",
            "value/effort",
            "benefit",
            "cost",
            "depends on",
        ],
        &["rank", "benefit/cost", "value/effort", "benefit", "cost"],
    );
    for r in &report.initiatives {
        let e = model.element(r.initiative);
        table.row(vec![
            or_dash(r.rank.map(|n| n.to_string())),
            code(&e.id),
            text(e.name()),
            r.lands_in
                .map_or(text("—"), |p| code(&model.plateaus[p.0].id)),
            text(r.must_do.map_or("—", ValueEnum::word)),
            or_dash(r.ratio.map(|x| format!("{:.2}", round2(x)))),
            or_dash(r.value_per_effort.map(|x| format!("{:.2}", round2(x)))),
            or_dash(r.benefit.map(money)),
            or_dash(r.cost.map(money)),
            id_list(model, &r.depends_on),
        ]);
    }
    table
}

/// A table per kind of the elements that differ, a row per changed field.
fn changes(report: &GapReport<'_>, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(2, text("Changes by kind")));
    let kinds = by_kind(report);
    if kinds.is_empty() {
        blocks.push(Block::Para(text("The two plateaus hold the same model.")));
    }
    for (kind, gaps) in kinds {
        blocks.push(Block::Heading(3, text(kind_title(kind))));
        blocks.push(Block::Table(kind_table(report, &gaps)));
    }
}

fn kind_table(report: &GapReport<'_>, gaps: &[&ReportedGap]) -> Table {
    let model = report.model;
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
        // A row per changed field; an element added or removed is one row.
        let rows: Vec<[Line; 3]> = match &g.gap.change {
            Change::Changed(fields) => fields
                .iter()
                .flat_map(|&f| field_changes(model, g.gap.element, f, report.from, report.to))
                .map(|c| {
                    [
                        code(c.field),
                        code(c.before.compact()),
                        code(c.after.compact()),
                    ]
                })
                .collect(),
            change => vec![[text(change_word(change)), text(""), text("")]],
        };
        for [change, before, after] in rows {
            table.row(vec![
                code(&e.id),
                text(e.name()),
                change,
                before,
                after,
                delivered.clone(),
            ]);
        }
    }
    table
}

/// The ids of the report's two plateaus.
fn plateau_ids<'m>(report: &GapReport<'m>) -> (&'m str, &'m str) {
    let plateaus = &report.model.plateaus;
    (&plateaus[report.from.0].id, &plateaus[report.to.0].id)
}

fn change_summary(model: &Model, g: &StepGap) -> Line {
    match &g.gap.change {
        Change::Changed(_) => {
            let (before, after) = (
                field_value(model, g.gap.element, Field::Maturity, g.from),
                field_value(model, g.gap.element, Field::Maturity, g.to),
            );
            vec![
                Inline::Text("maturity ".into()),
                Inline::Code(format!("{} → {}", before.compact(), after.compact())),
            ]
        }
        change => text(change_word(change)),
    }
}

/// Elements' ids as code, `—` for none.
fn id_list(model: &Model, ids: &[ElementIdx]) -> Line {
    if ids.is_empty() {
        return text("—");
    }
    code_list(ids.iter().map(|&idx| model.element(idx).id.as_str()))
}

/// A value as text, `—` for none.
fn or_dash(value: Option<String>) -> Line {
    text(value.unwrap_or_else(|| "—".into()))
}

/// `s` when `n` is 1: the verb that goes with `n` things.
fn singular_verb(n: usize) -> &'static str {
    if n == 1 { "s" } else { "" }
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
