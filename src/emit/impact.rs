//! The impact report of `tomc impact`: per plateau, what the named elements touch, as
//! text for a terminal, JSON or Markdown.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use crate::analysis::impact::{Direction, Impact};
use crate::diag::escape::visible_lines;
use crate::emit::document::{Block, Document, Inline, Table, code, plural, text, to_markdown};
use crate::model::{ElementIdx, Model, PlateauIdx, Value};
use crate::spec::{Field, Kind};

/// An impact report: the named elements and what they touch at each plateau asked for.
#[derive(Debug)]
pub struct ImpactReport<'m> {
    /// The model.
    pub model: &'m Model,
    /// The elements named, in the order given.
    pub named: Vec<ElementIdx>,
    /// Which way the links were followed.
    pub direction: Direction,
    /// Each plateau asked for, in order, with its result.
    pub plateaus: Vec<(PlateauIdx, Impact)>,
}

impl ImpactReport<'_> {
    fn id(&self, idx: ElementIdx) -> &str {
        &self.model.element(idx).id
    }

    fn named_ids(&self) -> String {
        self.named
            .iter()
            .map(|&i| self.id(i))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn lands_in(&self, idx: ElementIdx) -> Option<&str> {
        match self
            .model
            .element(idx)
            .value_at(Field::LandsIn, PlateauIdx(0))
        {
            Some(Value::Plateau(p)) => Some(&self.model.plateaus[p.0].id),
            _ => None,
        }
    }

    /// "what depends on them" or "what they depend on".
    fn question(&self) -> &'static str {
        match (self.direction, self.named.len()) {
            (Direction::Down, 1) => "what depends on it",
            (Direction::Down, _) => "what depends on them",
            (Direction::Up, 1) => "what it depends on",
            (Direction::Up, _) => "what they depend on",
        }
    }

    /// The report as JSON.
    pub fn to_json(&self) -> String {
        let plateaus: Vec<Json> = self
            .plateaus
            .iter()
            .map(|(p, impact)| {
                let impacted: Vec<Json> = impact
                    .reached
                    .iter()
                    .map(|r| {
                        let e = self.model.element(r.element);
                        json!({
                            "id": e.id,
                            "kind": e.kind.key(),
                            "name": e.name(),
                            "path": r.path.iter().map(|&i| self.id(i)).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                let initiatives: Vec<Json> = impact
                    .initiatives
                    .iter()
                    .map(|d| {
                        let e = self.model.element(d.initiative);
                        json!({
                            "id": e.id,
                            "name": e.name(),
                            "lands_in": self.lands_in(d.initiative),
                            "delivers": d.delivers.iter().map(|&i| self.id(i)).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                json!({
                    "plateau": self.model.plateaus[p.0].id,
                    "present": impact.present,
                    "impacted": impacted,
                    "initiatives": initiatives,
                })
            })
            .collect();
        let doc = json!({
            "elements": self.named.iter().map(|&i| self.id(i)).collect::<Vec<_>>(),
            "direction": match self.direction { Direction::Down => "down", Direction::Up => "up" },
            "plateaus": plateaus,
        });
        let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
        out.push('\n');
        out
    }

    /// The report as text for a terminal: a section per plateau, elements grouped by
    /// kind, each with the path that reaches it.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}: {}", self.named_ids(), self.question());
        for (p, impact) in &self.plateaus {
            let plateau = &self.model.plateaus[p.0];
            out.push('\n');
            if !impact.present {
                let _ = writeln!(
                    out,
                    "at {}: {} not present here; nothing to show",
                    plateau.id,
                    if self.named.len() == 1 {
                        "it is"
                    } else {
                        "none of them is"
                    }
                );
                continue;
            }
            let n = impact.reached.len();
            let _ = writeln!(
                out,
                "at {}: {n} element{}{}",
                plateau.id,
                plural(n),
                summary(self.model, impact)
            );
            for (kind, group) in groups(self.model, impact) {
                let _ = writeln!(out, "  {} ({})", kind.key(), group.len());
                for r in group {
                    let e = self.model.element(r.element);
                    let _ = writeln!(out, "    {}  {}", e.id, e.name());
                    let path: Vec<&str> = r.path.iter().map(|&i| self.id(i)).collect();
                    let _ = writeln!(out, "      via {}", path.join(" → "));
                }
            }
            if !impact.initiatives.is_empty() {
                let _ = writeln!(
                    out,
                    "  initiatives that deliver elements on the way ({})",
                    impact.initiatives.len()
                );
                for d in &impact.initiatives {
                    let e = self.model.element(d.initiative);
                    let lands = self
                        .lands_in(d.initiative)
                        .map(|p| format!(", lands in {p}"))
                        .unwrap_or_default();
                    let delivers: Vec<&str> = d.delivers.iter().map(|&i| self.id(i)).collect();
                    let _ = writeln!(out, "    {}  {}{lands}", e.id, e.name());
                    let _ = writeln!(out, "      delivers {}", delivers.join(", "));
                }
            }
        }
        visible_lines(&out).into_owned()
    }

    /// The report as Markdown: a table per plateau.
    pub fn to_markdown(&self) -> String {
        let mut blocks = Vec::new();
        blocks.push(Block::Para(vec![
            Inline::Code(self.named_ids()),
            Inline::Text(format!(": {}.", self.question())),
        ]));
        for (p, impact) in &self.plateaus {
            let plateau = &self.model.plateaus[p.0];
            blocks.push(Block::Heading(2, text(format!("At {}", plateau.name))));
            if !impact.present {
                blocks.push(Block::Para(text(format!(
                    "Not present at `{}`: nothing to show.",
                    plateau.id
                ))));
                continue;
            }
            let n = impact.reached.len();
            blocks.push(Block::Para(text(format!(
                "{n} element{}{}.",
                plural(n),
                summary(self.model, impact)
            ))));
            if n > 0 {
                let mut table = Table::new(&["kind", "id", "name", "path"], &[]);
                for r in &impact.reached {
                    let e = self.model.element(r.element);
                    let path = r.path.iter().map(|&i| self.id(i)).collect::<Vec<_>>();
                    table.row(vec![
                        text(e.kind.key()),
                        code(e.id.clone()),
                        text(e.name()),
                        text(path.join(" → ")),
                    ]);
                }
                blocks.push(Block::Table(table));
            }
            if !impact.initiatives.is_empty() {
                blocks.push(Block::Para(text(
                    "Initiatives that deliver elements on the way:",
                )));
                let mut table = Table::new(&["id", "name", "lands in", "delivers"], &[]);
                for d in &impact.initiatives {
                    let e = self.model.element(d.initiative);
                    table.row(vec![
                        code(e.id.clone()),
                        text(e.name()),
                        self.lands_in(d.initiative).map(code).unwrap_or_default(),
                        crate::emit::document::code_list(d.delivers.iter().map(|&i| self.id(i))),
                    ]);
                }
                blocks.push(Block::Table(table));
            }
        }
        to_markdown(&Document {
            title: format!("Impact of {}", self.named_ids()),
            blocks,
        })
    }
}

/// The elements reached, a group per kind in canonical order.
fn groups<'i>(
    model: &Model,
    impact: &'i Impact,
) -> Vec<(Kind, Vec<&'i crate::analysis::impact::Reached>)> {
    let mut out: Vec<(Kind, Vec<_>)> = Vec::new();
    for r in &impact.reached {
        let kind = model.element(r.element).kind;
        match out.last_mut() {
            Some((k, group)) if *k == kind => group.push(r),
            _ => out.push((kind, vec![r])),
        }
    }
    out
}

/// `: 3 processes, 2 capabilities` (the count of each kind reached), or nothing.
fn summary(model: &Model, impact: &Impact) -> String {
    let parts: Vec<String> = groups(model, impact)
        .iter()
        .map(|(kind, group)| crate::text::count(group.len(), kind.singular(), kind.plural()))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}
