//! The diff for review: a one-line verdict, then findings, coverage, gaps and a
//! collapsible section per plateau; Markdown for a pull-request comment (kept under
//! [`MARKDOWN_LIMIT`] characters) and JSON with the same content in full.

use serde::Serialize;

use crate::analysis::coverage::Ratio;
use crate::diag::Severity;
use crate::emit::document::{
    Block, Document, Inline, Line, Table, code, code_list, plural, text, to_markdown,
};
use crate::emit::output::{Render, Sink, serialised};
use crate::emit::tree::to_json;

use super::{
    CoverageMove, ElementRef, FieldChange, Finding, GapEntry, ImpactEntry, PlateauDiff, SideState,
    SpecDiff,
};

/// The most characters the Markdown may have (GitHub comments hold 65,536).
pub const MARKDOWN_LIMIT: usize = 60_000;

/// The diff in one format, as one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffOutput {
    /// `diff.md`: Markdown for a pull-request comment, at most [`MARKDOWN_LIMIT`]
    /// characters.
    Markdown,
    /// `diff.json`: every row.
    Json,
}

impl Render for DiffOutput {
    type Input = SpecDiff;

    fn render<S: Sink>(&self, d: &SpecDiff, sink: &S) -> Result<(), S::Error> {
        let (path, text) = match self {
            DiffOutput::Markdown => ("diff.md", Ok(diff_markdown(d))),
            DiffOutput::Json => ("diff.json", to_json(&diff_tree(d))),
        };
        sink.put(serialised(path.to_owned(), text)?)
    }
}

/// The one-line verdict: what changed, in the words a reviewer scans for.
pub fn verdict(d: &SpecDiff) -> String {
    let mut parts: Vec<String> = elements_changed(d).into_iter().collect();
    for p in &d.plateaus_added {
        parts.push(format!("plateau {p} added"));
    }
    for p in &d.plateaus_removed {
        parts.push(format!("plateau {p} removed"));
    }
    if !d.settings.is_empty() {
        let n = d.settings.len();
        parts.push(format!("{n} project setting{} changed", plural(n)));
    }
    findings_moved(d, &mut parts);
    for c in d.coverage.iter().filter(|c| c.moved()) {
        parts.push(format!(
            "{} {} → {}",
            c.name,
            percent(c.before),
            percent(c.after)
        ));
    }
    for (n, moved) in [
        (d.gaps_opened.len(), "opened"),
        (d.gaps_closed.len(), "closed"),
    ] {
        if n > 0 {
            parts.push(format!("{n} gap{} {moved}", plural(n)));
        }
    }
    let mut verdict = if parts.is_empty() {
        "No change to the operating model".to_owned()
    } else {
        let mut s = parts.join(", ");
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + &s[1..];
        }
        s
    };
    for (which, side) in [("old", &d.old), ("new", &d.new)] {
        if side.structural_errors > 0 {
            let n = side.structural_errors;
            verdict.push_str(&format!(
                "; the {which} version (`{}`) has {n} structural error{}: alignment findings and coverage are compared once it reads cleanly",
                side.label,
                plural(n)
            ));
        }
    }
    verdict
}

/// How many elements changed, the target (the last plateau) first: it is what the change
/// is for.
fn elements_changed(d: &SpecDiff) -> Option<String> {
    let mut plateaus = d.plateaus.iter().rev().filter(|p| p.count() > 0);
    let first = plateaus.next()?;
    let n = first.count();
    let mut s = format!("{n} element{} changed in {}", plural(n), first.id);
    let others: Vec<String> = plateaus
        .map(|p| format!("{} in {}", p.count(), p.id))
        .collect();
    if !others.is_empty() {
        s.push_str(&format!(" ({})", others.join(", ")));
    }
    Some(s)
}

/// The findings introduced by severity, then those fixed.
fn findings_moved(d: &SpecDiff, parts: &mut Vec<String>) {
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let n = d
            .introduced
            .iter()
            .filter(|f| f.severity == severity)
            .count();
        if n > 0 {
            let word = match severity {
                Severity::Info => "info".to_owned(),
                s => format!("{s}{}", plural(n)),
            };
            parts.push(format!("{n} new {word}"));
        }
    }
    if !d.fixed.is_empty() {
        let n = d.fixed.len();
        parts.push(format!("{n} finding{} fixed", plural(n)));
    }
}

fn percent(r: Option<Ratio>) -> String {
    match r {
        None => "not checked".into(),
        Some(r) => r.percent().map_or("n/a".into(), |p| format!("{p}%")),
    }
}

fn ratio_cell(r: Option<Ratio>) -> String {
    match r {
        None => "not checked".into(),
        Some(r) => format!("{}/{} ({})", r.covered, r.total, percent(Some(r))),
    }
}

/// The diff as a document, every row included.
pub fn diff_document(d: &SpecDiff) -> Document {
    let mut blocks = vec![
        Block::Para(vec![Inline::Strong(verdict(d))]),
        Block::Para(vec![
            Inline::Code(d.old.label.clone()),
            Inline::Text(" → ".into()),
            Inline::Code(d.new.label.clone()),
        ]),
    ];
    blocks.extend(marked_section(
        format!(
            "Findings: {} new, {} fixed",
            d.introduced.len(),
            d.fixed.len()
        ),
        &["", "severity", "rule", "element", "message", "where"],
        [("new", &d.introduced), ("fixed", &d.fixed)],
        finding_row,
    ));
    coverage_section(d, &mut blocks);
    blocks.extend(marked_section(
        format!(
            "Gaps from baseline to target: {} opened, {} closed",
            d.gaps_opened.len(),
            d.gaps_closed.len()
        ),
        &["", "element", "kind", "change", "delivered by"],
        [("opened", &d.gaps_opened), ("closed", &d.gaps_closed)],
        gap_row,
    ));
    impact_section(d, &mut blocks);
    settings_section(d, &mut blocks);
    blocks.extend(d.plateaus.iter().filter_map(plateau_section));
    Document {
        title: format!("tomc diff: {}", d.project),
        blocks,
    }
}

/// A section of two lists of rows, each row marked with its list (findings `new` and
/// `fixed`, gaps `opened` and `closed`); nothing when both are empty.
fn marked_section<T>(
    heading: String,
    header: &[&str],
    lists: [(&str, &[T]); 2],
    row: fn(&str, &T) -> Vec<Line>,
) -> Vec<Block> {
    if lists.iter().all(|(_, list)| list.is_empty()) {
        return Vec::new();
    }
    let mut table = Table::new(header, &[]);
    for (mark, list) in lists {
        for item in list {
            table.row(row(mark, item));
        }
    }
    vec![Block::Heading(3, text(heading)), Block::Table(table)]
}

fn coverage_section(d: &SpecDiff, blocks: &mut Vec<Block>) {
    if !d.coverage.iter().any(CoverageMove::moved) {
        return;
    }
    blocks.push(Block::Heading(
        3,
        text(format!("Coverage at {}", d.coverage_plateau)),
    ));
    let mut table = Table::new(&["figure", "before", "after"], &[]);
    for c in &d.coverage {
        let after = ratio_cell(c.after);
        table.row(vec![
            text(c.name),
            text(ratio_cell(c.before)),
            if c.moved() {
                vec![Inline::Strong(after)]
            } else {
                text(after)
            },
        ]);
    }
    blocks.push(Block::Table(table));
}

/// How many ids a cell of the impact table names before it counts the rest.
const IMPACT_CELL_IDS: usize = 5;

/// The journeys, personas and objectives the changed elements reach; nothing when they
/// reach none.
fn impact_section(d: &SpecDiff, blocks: &mut Vec<Block>) {
    let rows: Vec<&ImpactEntry> = d.impact.iter().filter(|e| e.reaches_any()).collect();
    if rows.is_empty() {
        return;
    }
    let distinct = |pick: fn(&ImpactEntry) -> &Vec<String>| {
        let all: std::collections::BTreeSet<&String> = rows.iter().flat_map(|e| pick(e)).collect();
        all.len()
    };
    let (journeys, personas, objectives) = (
        distinct(|e| &e.journeys),
        distinct(|e| &e.personas),
        distinct(|e| &e.objectives),
    );
    blocks.push(Block::Heading(
        3,
        text(format!(
            "Impact: the change reaches {}, {} and {}",
            crate::text::count(journeys, "journey", "journeys"),
            crate::text::count(personas, "persona", "personas"),
            crate::text::count(objectives, "objective", "objectives"),
        )),
    ));
    let mut table = Table::new(
        &["element", "change", "journeys", "personas", "objectives"],
        &[],
    );
    for e in rows {
        let mut element = code(&e.element.id);
        if !e.element.name.is_empty() {
            element.push(Inline::Text(format!(" {}", e.element.name)));
        }
        table.row(vec![
            element,
            text(e.change),
            capped_ids(&e.journeys),
            capped_ids(&e.personas),
            capped_ids(&e.objectives),
        ]);
    }
    blocks.push(Block::Table(table));
}

/// The first few ids as code, then how many more.
fn capped_ids(ids: &[String]) -> Line {
    let mut line = code_list(ids.iter().take(IMPACT_CELL_IDS).map(String::as_str));
    if ids.len() > IMPACT_CELL_IDS {
        line.push(Inline::Text(format!(
            " and {} more",
            ids.len() - IMPACT_CELL_IDS
        )));
    }
    line
}

fn settings_section(d: &SpecDiff, blocks: &mut Vec<Block>) {
    if d.settings.is_empty() && d.plateaus_added.is_empty() && d.plateaus_removed.is_empty() {
        return;
    }
    let mut table = Table::new(&["setting", "before", "after"], &[]);
    for c in &d.settings {
        table.row(vec![
            text(&c.field),
            code(c.before.compact()),
            code(c.after.compact()),
        ]);
    }
    blocks.push(Block::Details {
        summary: text(format!("Project settings: {} changed", d.settings.len())),
        open: true,
        body: vec![Block::Table(table)],
    });
}

/// A collapsed section of the elements that differ at one plateau, if any do.
fn plateau_section(p: &PlateauDiff) -> Option<Block> {
    if p.count() == 0 {
        return None;
    }
    let mut table = Table::new(&["element", "kind", "change", "before", "after"], &[]);
    for e in &p.added {
        table.row(element_row(e, vec![Inline::Strong("added".into())], None));
    }
    for e in &p.removed {
        table.row(element_row(e, vec![Inline::Strong("removed".into())], None));
    }
    for c in &p.changed {
        for f in &c.fields {
            table.row(element_row(&c.element, code(&f.field), Some(f)));
        }
    }
    Some(Block::Details {
        summary: vec![
            Inline::Code(p.id.clone()),
            Inline::Text(format!(
                " ({}): {} added, {} removed, {} changed",
                p.name,
                p.added.len(),
                p.removed.len(),
                p.changed.len()
            )),
        ],
        open: false,
        body: vec![Block::Table(table)],
    })
}

fn finding_row(mark: &str, f: &Finding) -> Vec<Line> {
    let place = match (&f.file, f.line, f.column) {
        (Some(file), Some(line), Some(col)) => code(format!("{file}:{line}:{col}")),
        _ => text("—"),
    };
    let mut element = f.element.as_deref().map_or(text("—"), code);
    if let Some(p) = &f.plateau {
        element.push(Inline::Text(format!(" at {p}")));
    }
    vec![
        vec![Inline::Strong(mark.to_owned())],
        text(f.severity.as_str()),
        code(f.rule),
        element,
        message_line(&f.message),
        place,
    ]
}

/// A finding's message, its `quoted` ids as code.
fn message_line(message: &str) -> Line {
    message
        .split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| {
            if i % 2 == 1 {
                Inline::Code(part.to_owned())
            } else {
                Inline::Text(part.to_owned())
            }
        })
        .collect()
}

fn gap_row(mark: &str, g: &GapEntry) -> Vec<Line> {
    let mut delivered = code_list(g.delivered_by.iter().map(String::as_str));
    if delivered.is_empty() {
        delivered.push(Inline::Strong("none".into()));
    }
    vec![
        vec![Inline::Strong(mark.to_owned())],
        code(&g.element.id),
        text(g.element.kind.singular()),
        text(g.change),
        delivered,
    ]
}

fn element_row(e: &ElementRef, change: Line, field: Option<&FieldChange>) -> Vec<Line> {
    let mut element = code(&e.id);
    if !e.name.is_empty() {
        element.push(Inline::Text(format!(" {}", e.name)));
    }
    let (before, after) = field.map_or((text(""), text("")), |f| {
        (code(f.before.compact()), code(f.after.compact()))
    });
    vec![element, text(e.kind.singular()), change, before, after]
}

/// The diff as Markdown for a pull-request comment, at most [`MARKDOWN_LIMIT`]
/// characters: when the whole diff is longer, tables keep their first rows and a note
/// says where the rest is.
pub fn diff_markdown(d: &SpecDiff) -> String {
    let full = diff_document(d);
    let mut out = to_markdown(&full) + "\n";
    for max in [500, 200, 100, 50, 20, 10, 5, 0] {
        if out.chars().count() <= MARKDOWN_LIMIT {
            return out;
        }
        let mut doc = full.clone();
        doc.tables_mut(&mut |t| t.truncate(max));
        doc.blocks.push(Block::Para(vec![
            Inline::Text(format!(
                "This summary keeps the first {max} rows of each table to stay under {MARKDOWN_LIMIT} characters; "
            )),
            Inline::Code("tomc diff --format json".into()),
            Inline::Text(" gives every row.".into()),
        ]));
        out = to_markdown(&doc) + "\n";
    }
    if out.chars().count() > MARKDOWN_LIMIT {
        // Only a verdict of extraordinary length gets here.
        out = out.chars().take(MARKDOWN_LIMIT - 200).collect();
        out.push_str("\n\n… cut to stay under the comment limit; `tomc diff --format json` gives everything.\n");
    }
    out
}

/// The diff as JSON, every row included.
#[derive(Debug, Serialize)]
pub struct DiffJson<'d> {
    tomc: &'static str,
    project: &'d str,
    old: &'d SideState,
    new: &'d SideState,
    changed: bool,
    verdict: String,
    settings: &'d [FieldChange],
    plateaus_added: &'d [String],
    plateaus_removed: &'d [String],
    plateaus: &'d [PlateauDiff],
    findings: FindingsJson<'d>,
    coverage: CoverageJson<'d>,
    gaps: GapsJson<'d>,
    impact: &'d [ImpactEntry],
}

#[derive(Debug, Serialize)]
struct FindingsJson<'d> {
    introduced: &'d [Finding],
    fixed: &'d [Finding],
}

#[derive(Debug, Serialize)]
struct GapsJson<'d> {
    opened: &'d [GapEntry],
    closed: &'d [GapEntry],
}

#[derive(Debug, Serialize)]
struct CoverageJson<'d> {
    plateau: &'d str,
    figures: &'d [CoverageMove],
}

/// The diff as JSON-ready records, every row included.
pub fn diff_tree(d: &SpecDiff) -> DiffJson<'_> {
    DiffJson {
        tomc: env!("CARGO_PKG_VERSION"),
        project: &d.project,
        old: &d.old,
        new: &d.new,
        changed: d.has_changes(),
        verdict: verdict(d),
        settings: &d.settings,
        plateaus_added: &d.plateaus_added,
        plateaus_removed: &d.plateaus_removed,
        plateaus: &d.plateaus,
        findings: FindingsJson {
            introduced: &d.introduced,
            fixed: &d.fixed,
        },
        coverage: CoverageJson {
            plateau: &d.coverage_plateau,
            figures: &d.coverage,
        },
        gaps: GapsJson {
            opened: &d.gaps_opened,
            closed: &d.gaps_closed,
        },
        impact: &d.impact,
    }
}
