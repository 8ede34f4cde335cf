//! Human output: each diagnostic rendered by miette with its snippet, then a summary.

use std::fmt::{self, Write as _};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use crate::compile::Compiled;
use crate::diag::escape::{push_visible, visible, visible_lines};
use crate::diag::{Diagnostic, Severity, Summary};
use crate::source::{Sources, Span};

/// How to draw.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Width to wrap at.
    pub width: usize,
}

/// The longest line shown whole; a longer line is shown as windows around its labels,
/// so that a minified file does not fill the terminal (or overflow the renderer).
const LONG_LINE: usize = 120;
/// Characters of a long line shown before a label.
const WINDOW_BEFORE: usize = 40;
/// Characters of a long line shown from a label's start.
const WINDOW_AFTER: usize = 80;
/// The mark between the windows of a long line.
const ELLIPSIS: char = '…';

/// A diagnostic bound to its source text, in the shape miette renders.
struct Report {
    rule: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: Option<Snippet>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

/// A place to underline, and its text.
struct Mark {
    span: Span,
    label: Option<String>,
    primary: bool,
}

impl Report {
    fn new(sources: &Sources, d: &Diagnostic) -> Self {
        let mut marks = Vec::new();
        let mut related = Vec::new();
        if let Some(span) = d.span {
            marks.push(Mark {
                span,
                label: d.label.clone(),
                primary: true,
            });
        }
        for label in &d.related {
            if Some(label.span.file) == d.span.map(|s| s.file) {
                marks.push(Mark {
                    span: label.span,
                    label: Some(label.message.clone()),
                    primary: false,
                });
            } else {
                let mark = Mark {
                    span: label.span,
                    label: Some(label.message.clone()),
                    primary: true,
                };
                let (source, labels) = Snippet::new(sources, &[mark]);
                related.push(Report {
                    rule: d.rule.as_str(),
                    severity: Severity::Info,
                    message: visible_lines(&label.message).into_owned(),
                    help: None,
                    source: Some(source),
                    labels,
                    related: Vec::new(),
                });
            }
        }
        let (source, labels) = if marks.is_empty() {
            (None, Vec::new())
        } else {
            let (source, labels) = Snippet::new(sources, &marks);
            (Some(source), labels)
        };
        Report {
            rule: d.rule.as_str(),
            severity: d.severity,
            message: visible_lines(&d.message).into_owned(),
            help: d.help.as_deref().map(|h| visible_lines(h).into_owned()),
            source,
            labels,
            related,
        }
    }
}

/// The lines of one file that a report shows, rewritten for the terminal: lines end
/// with `\n` whatever the file uses, control and invisible characters are escaped
/// visibly, and long lines are cut to windows around the labels. Line numbers and the
/// column in the header are those of the file, counted as for every other output.
struct Snippet {
    name: String,
    /// The shown lines, each ending with `\n`.
    text: String,
    /// Offset in `text` of each shown line.
    starts: Vec<usize>,
    /// 0-based line in the file of each shown line.
    lines: Vec<usize>,
    /// Offset in `text` of each label's start, with its 0-based column in the file.
    columns: Vec<(usize, usize)>,
}

/// A label placed on a line: columns in characters, the end exclusive.
struct Placed {
    line: usize,
    start: usize,
    end: usize,
}

impl Snippet {
    /// The snippet of `marks` (all in one file) and their labels in it.
    fn new(sources: &Sources, marks: &[Mark]) -> (Snippet, Vec<LabeledSpan>) {
        let file = sources.get(marks[0].span.file);
        let text = file.text.as_str();
        let placed: Vec<Placed> = marks
            .iter()
            .map(|m| {
                let start = m.span.start().min(text.len());
                let at = file.line_col(start);
                let line = at.line - 1;
                let (_, line_end) = file.line_bounds(line).unwrap_or((start, start));
                // A label that runs over several lines is drawn on its first.
                let end = m.span.end().clamp(start, line_end.max(start));
                let len = text
                    .get(start..end)
                    .map_or(0, |t| t.chars().take(LONG_LINE + WINDOW_AFTER).count());
                Placed {
                    line,
                    start: at.column - 1,
                    end: at.column - 1 + len,
                }
            })
            .collect();
        // The empty "line" after a final line break is context of nothing.
        let last = file.line_count() - 1;
        let ends_empty = file.line_bounds(last).is_some_and(|(s, e)| s == e);
        let shown: std::collections::BTreeSet<usize> = placed
            .iter()
            .flat_map(|p| p.line.saturating_sub(1)..=p.line + 1)
            .filter(|&l| l < last || l == last && !ends_empty)
            .chain(placed.iter().map(|p| p.line))
            .collect();
        let mut snippet = Snippet {
            name: visible(&file.name).into_owned(),
            text: String::new(),
            starts: Vec::new(),
            lines: Vec::new(),
            columns: Vec::new(),
        };
        let mut offsets = vec![(0, 0); placed.len()];
        for line in shown {
            let (from, to) = file.line_bounds(line).unwrap_or((0, 0));
            let on_line: Vec<(usize, &Placed)> = placed
                .iter()
                .enumerate()
                .filter(|(_, p)| p.line == line)
                .collect();
            snippet.starts.push(snippet.text.len());
            snippet.lines.push(line);
            snippet.push_line(&text[from..to], &on_line, &mut offsets);
            snippet.text.push('\n');
        }
        let labels = marks
            .iter()
            .zip(&offsets)
            .zip(&placed)
            .map(|((m, &(start, end)), p)| {
                snippet.columns.push((start, p.start));
                let span = SourceSpan::new(start.into(), end - start);
                let label = m.label.as_deref().map(|l| visible(l).into_owned());
                if m.primary {
                    LabeledSpan::new_primary_with_span(label, span)
                } else {
                    LabeledSpan::new_with_span(label, span)
                }
            })
            .collect();
        (snippet, labels)
    }

    /// Appends one line of the file, cut to windows around its labels when long, and
    /// records where each label starts and ends in the snippet.
    fn push_line(
        &mut self,
        line: &str,
        on_line: &[(usize, &Placed)],
        offsets: &mut [(usize, usize)],
    ) {
        let length = line.chars().count();
        let windows = windows(length, on_line.iter().map(|(_, p)| p.start));
        // Each label ends inside the window it starts in.
        let ends: Vec<usize> = on_line
            .iter()
            .map(|(_, p)| {
                let window_end = windows
                    .iter()
                    .find(|w| w.0 <= p.start && p.start <= w.1)
                    .map_or(p.start, |w| w.1);
                p.end.min(window_end).max(p.start)
            })
            .collect();
        let mut record = |column: usize, at: usize| {
            for ((i, p), &end) in on_line.iter().zip(&ends) {
                if p.start == column {
                    offsets[*i].0 = at;
                }
                if end == column {
                    offsets[*i].1 = at;
                }
            }
        };
        let mut chars = line.chars().enumerate();
        for (n, &(from, to)) in windows.iter().enumerate() {
            if from > 0 || n > 0 {
                self.text.push(ELLIPSIS);
            }
            for (c, ch) in chars.by_ref() {
                if c < from {
                    continue;
                }
                record(c, self.text.len());
                push_visible(&mut self.text, ch);
                if c + 1 >= to {
                    break;
                }
            }
            record(to, self.text.len());
        }
        if windows.last().is_some_and(|w| w.1 < length) {
            self.text.push(ELLIPSIS);
        }
    }
}

/// The ranges of characters (end exclusive) shown of a line of `length` characters with
/// labels starting at `starts`: the whole line when it is short, else a window around
/// each label (overlapping windows merged), or the line's start when it has none.
fn windows(length: usize, starts: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    if length <= LONG_LINE {
        return vec![(0, length)];
    }
    let mut all: Vec<(usize, usize)> = starts
        .map(|s| {
            let s = s.min(length);
            (
                s.saturating_sub(WINDOW_BEFORE),
                (s + WINDOW_AFTER).min(length),
            )
        })
        .collect();
    if all.is_empty() {
        all.push((0, WINDOW_AFTER));
    }
    all.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (from, to) in all {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

impl miette::SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let line_of = |offset: usize| {
            self.starts
                .partition_point(|&s| s <= offset)
                .saturating_sub(1)
        };
        let (first_label, last_label) = (line_of(start), line_of(end.saturating_sub(1).max(start)));
        // Only lines next to each other in the file are context of each other.
        let mut first = first_label;
        while first > 0
            && self.lines[first - 1] + 1 == self.lines[first]
            && self.lines[first_label] - self.lines[first - 1] <= before
        {
            first -= 1;
        }
        let mut last = last_label;
        while last + 1 < self.lines.len()
            && self.lines[last + 1] == self.lines[last] + 1
            && self.lines[last + 1] - self.lines[last_label] <= after
        {
            last += 1;
        }
        let from = self.starts[first];
        let to = self
            .starts
            .get(last + 1)
            .copied()
            .unwrap_or(self.text.len());
        let column = self
            .columns
            .iter()
            .find(|(at, _)| *at == start)
            .map_or(0, |&(_, c)| c);
        Ok(Box::new(
            miette::MietteSpanContents::new_named(
                self.name.clone(),
                &self.text.as_bytes()[from..to],
                SourceSpan::new(from.into(), to - from),
                self.lines[first],
                column,
                last - first + 1,
            )
            .with_language("yaml"),
        ))
    }
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic))
                as Box<dyn Iterator<Item = _>>
        })
    }
}

/// A miette handler drawn in `style`.
pub fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        // Ids hold hyphens: wrap only at spaces and never inside a word.
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// Renders one diagnostic.
pub fn render_one(sources: &Sources, d: &Diagnostic, style: Style) -> String {
    let report = Report::new(sources, d);
    let mut out = String::new();
    if handler(style).render_report(&mut out, &report).is_err() {
        out = format!("{}: {} [{}]\n", d.severity, d.message, d.rule);
    }
    out
}

/// Renders every diagnostic, the coverage figures, then the one-line summary.
pub fn render(compiled: &Compiled, style: Style) -> String {
    render_first(compiled, style, usize::MAX)
}

/// Renders the first `max` diagnostics (saying how many more there are), the coverage
/// figures, then the one-line summary.
pub fn render_first(compiled: &Compiled, style: Style, max: usize) -> String {
    let mut out = String::new();
    for d in compiled.diagnostics.iter().take(max) {
        out.push_str(&render_one(&compiled.sources, d, style));
        out.push('\n');
    }
    let more = compiled.diagnostics.len().saturating_sub(max);
    if more > 0 {
        let _ = writeln!(
            out,
            "… and {more} more finding{}: `tomc check` lists them all\n",
            if more == 1 { "" } else { "s" }
        );
    }
    match (&compiled.coverage, compiled.plateau) {
        (Some(coverage), Some(p)) => {
            let plateau = &compiled.model.plateaus[p.0];
            let _ = writeln!(
                out,
                "Coverage at `{}` ({}):",
                visible(&plateau.id),
                visible(&plateau.name)
            );
            let width = coverage
                .figures()
                .iter()
                .map(|(l, _)| l.len())
                .max()
                .unwrap_or(0);
            for (label, ratio) in coverage.figures() {
                let figure = format!("{}/{}", ratio.covered, ratio.total);
                let percent = ratio
                    .percent()
                    .map_or_else(|| "—".to_owned(), |p| format!("{p}%"));
                let _ = writeln!(out, "  {label:width$}  {figure:>9}  {percent:>4}");
            }
        }
        // No coverage means structural errors kept the alignment rules from running.
        _ => {
            out.push_str(
                "Alignment rules and coverage not checked: fix the structural errors above first.\n",
            );
        }
    }
    let files = compiled.sources.iter().count();
    let name = if compiled.model.name.is_empty() {
        "project".into()
    } else {
        visible(&compiled.model.name)
    };
    let _ = writeln!(
        out,
        "{name}: {} elements, {} plateaus, {} {}: {}",
        compiled.model.elements.len(),
        compiled.model.plateaus.len(),
        files,
        if files == 1 { "file" } else { "files" },
        counts(&compiled.summary()),
    );
    out
}

/// `3 errors, 1 warning, 0 infos`, and `, 2 waived` when findings were waived.
pub fn counts(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut text = format!(
        "{}, {}, {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info")
    );
    if summary.waived > 0 {
        let _ = write!(text, ", {} waived", summary.waived);
    }
    text
}
