//! Where each element, plateau and waived rule is named in a project's files: the index
//! that definition, references, hover and rename read.

use std::collections::HashMap;

use crate::model::{ElementIdx, Model, PlateauIdx, Staged, Value};
use crate::source::{FileId, Sources, Span};
use crate::spec::Field;

/// What a name in the files stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Symbol {
    /// An element of the model.
    Element(ElementIdx),
    /// A plateau of `tom.yaml`.
    Plateau(PlateauIdx),
    /// The rule a waiver names (by its place in the element's waivers).
    Waiver(ElementIdx, usize),
}

/// How a name is used where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Where the element or plateau is defined: its `id`.
    Definition,
    /// A reference written on an element, in one of its fields.
    Reference {
        /// The element whose field it is.
        from: ElementIdx,
        /// The field's key (`parent`, `from`, a journey's `stages`, …).
        field: &'static str,
    },
    /// A KPI named by a row of a measurements file.
    Measurement,
    /// A rule id in a waiver: hover only.
    Rule,
}

/// One place a name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Occurrence {
    /// The name's text, quotes left out.
    pub span: Span,
    /// What it names.
    pub symbol: Symbol,
    /// How it is used there.
    pub role: Role,
}

/// Every occurrence of a model's names, sorted by place.
#[derive(Debug, Default)]
pub(super) struct Index {
    /// By file, then start.
    occurrences: Vec<Occurrence>,
    /// Positions in `occurrences` of each symbol's occurrences.
    by_symbol: HashMap<Symbol, Vec<usize>>,
}

impl Index {
    /// The index of `model`, read from `sources`.
    pub(super) fn new(model: &Model, sources: &Sources) -> Self {
        let mut out = Vec::new();
        let mut push = |span: Span, symbol: Symbol, role: Role| {
            out.push(Occurrence {
                span: unquoted(sources, span),
                symbol,
                role,
            });
        };
        for (p, plateau) in model.plateaus.iter().enumerate() {
            push(
                plateau.span,
                Symbol::Plateau(PlateauIdx(p)),
                Role::Definition,
            );
        }
        for (idx, element) in model.iter() {
            push(element.id_span, Symbol::Element(idx), Role::Definition);
            let from = |field| Role::Reference { from: idx, field };
            for (span, field) in [(element.from_span, "from"), (element.until_span, "until")] {
                if let Some(span) = span {
                    let p = if field == "from" {
                        element.from
                    } else {
                        element.until
                    };
                    push(span, Symbol::Plateau(p), from(field));
                }
            }
            for (i, waiver) in element.waivers.iter().enumerate() {
                push(waiver.rule_span, Symbol::Waiver(idx, i), Role::Rule);
            }
            for field in &element.fields {
                let key = field.field.key();
                if let Staged::ByPlateau(steps) = &field.value {
                    for step in steps {
                        push(step.span, Symbol::Plateau(step.plateau), from(key));
                    }
                }
                for value in field.value.values() {
                    let role = from(key);
                    match value {
                        Value::Plateau(p) => push(field.span, Symbol::Plateau(*p), role),
                        Value::Stages(stages) => {
                            for r in stages
                                .iter()
                                .flat_map(|s| s.touchpoints.iter().chain(&s.insights))
                            {
                                push(r.span, Symbol::Element(r.target), role);
                            }
                        }
                        Value::Actuals(actuals) if field.field == Field::Actuals => {
                            for actual in actuals {
                                if let Some(span) = measured_kpi(sources, &element.id, actual.span)
                                {
                                    push(span, Symbol::Element(idx), Role::Measurement);
                                }
                            }
                        }
                        other => {
                            for r in other.refs() {
                                push(r.span, Symbol::Element(r.target), role);
                            }
                        }
                    }
                }
            }
        }
        out.sort_by_key(|o| (o.span.file, o.span.start(), o.span.end()));
        out.dedup();
        let mut by_symbol: HashMap<Symbol, Vec<usize>> = HashMap::new();
        for (i, o) in out.iter().enumerate() {
            by_symbol.entry(o.symbol).or_default().push(i);
        }
        Self {
            occurrences: out,
            by_symbol,
        }
    }

    /// The name written at byte `offset` of `file` (its end included, where a cursor
    /// stands after typing it).
    pub(super) fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let first = self
            .occurrences
            .partition_point(|o| (o.span.file, o.span.end()) < (file, offset));
        self.occurrences[first..]
            .iter()
            .take_while(|o| o.span.file == file && o.span.start() <= offset)
            .find(|o| offset <= o.span.end())
    }

    /// Every place `symbol` is written, by file and start.
    pub(super) fn of(&self, symbol: Symbol) -> impl Iterator<Item = &Occurrence> {
        self.by_symbol
            .get(&symbol)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.occurrences[i])
    }

    /// Every occurrence in `file`, by start.
    pub(super) fn in_file(&self, file: FileId) -> impl Iterator<Item = &Occurrence> {
        let first = self.occurrences.partition_point(|o| o.span.file < file);
        self.occurrences[first..]
            .iter()
            .take_while(move |o| o.span.file == file)
    }
}

/// `span` without the quotes of a quoted scalar.
fn unquoted(sources: &Sources, span: Span) -> Span {
    let text = sources.get(span.file).text.as_bytes();
    let (Some(&first), Some(&last)) =
        (text.get(span.start()), text.get(span.end().wrapping_sub(1)))
    else {
        return span;
    };
    if span.end() - span.start() >= 2 && matches!(first, b'"' | b'\'') && last == first {
        Span::new(span.file, span.start() + 1, span.end() - 1)
    } else {
        span
    }
}

/// Where a measurements row names KPI `id`: its first cell, when it is written as the
/// id itself followed by the next cell (a row's place starts at that cell; an entry of
/// `actuals` in YAML starts elsewhere).
fn measured_kpi(sources: &Sources, id: &str, row: Span) -> Option<Span> {
    let text = sources.get(row.file).text.as_bytes();
    let end = row.start() + id.len();
    let written = text.get(row.start()..end) == Some(id.as_bytes());
    (written && text.get(end) == Some(&b',')).then(|| Span::new(row.file, row.start(), end))
}
