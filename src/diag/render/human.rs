//! Human output: each diagnostic rendered by miette with its snippet, then a summary.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use crate::compile::Compiled;
use crate::diag::{Diagnostic, Severity, Summary};
use crate::source::{Sources, Span, window};

/// How to draw.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Width to wrap at.
    pub width: usize,
}

/// A diagnostic bound to its source text, in the shape miette renders.
struct Report {
    rule: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: Option<Indexed>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    fn new(sources: &Sources, d: &Diagnostic) -> Self {
        let source = d.span.map(|s| named(sources, s));
        let mut labels: Vec<LabeledSpan> = Vec::new();
        if let Some(span) = d.span {
            labels.push(LabeledSpan::new_primary_with_span(
                d.label.clone(),
                source_span(span),
            ));
        }
        let mut related = Vec::new();
        for label in &d.related {
            if Some(label.span.file) == d.span.map(|s| s.file) {
                labels.push(LabeledSpan::new_with_span(
                    Some(label.message.clone()),
                    source_span(label.span),
                ));
            } else {
                related.push(Report {
                    rule: d.rule,
                    severity: Severity::Info,
                    message: label.message.clone(),
                    help: None,
                    source: Some(named(sources, label.span)),
                    labels: vec![LabeledSpan::new_primary_with_span(
                        Some(label.message.clone()),
                        source_span(label.span),
                    )],
                    related: Vec::new(),
                });
            }
        }
        Report {
            rule: d.rule,
            severity: d.severity,
            message: d.message.clone(),
            help: d.help.clone(),
            source,
            labels,
            related,
        }
    }
}

fn named(sources: &Sources, span: Span) -> Indexed {
    let file = sources.get(span.file);
    Indexed {
        name: file.name.clone(),
        text: Arc::clone(&file.text),
        line_starts: file.line_starts(),
    }
}

/// A file's text that hands miette only the lines around a span, found through the line
/// index, so that a snippet costs the size of the snippet, not of the file (miette's own
/// `SourceCode` for text scans from the start of the file for every snippet).
struct Indexed {
    name: String,
    text: Arc<String>,
    line_starts: Arc<Vec<usize>>,
}

impl miette::SourceCode for Indexed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let end = span.offset() + span.len();
        if end > self.text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let (from, to, first_line) = window(
            &self.line_starts,
            self.text.len(),
            (span.offset(), end),
            before,
            after,
        );
        let slice = &self.text.as_bytes()[from..to];
        let local = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = slice.read_span(&local, before, after)?;
        Ok(Box::new(
            miette::MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
                inner.line() + first_line,
                inner.column(),
                inner.line_count(),
            )
            .with_language("yaml"),
        ))
    }
}

fn source_span(span: Span) -> SourceSpan {
    // Point at the first character: the label underlines the value's start, as
    // compilers do, and multi-line values stay readable.
    SourceSpan::new(span.start.into(), (span.end - span.start).max(1))
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
            let _ = writeln!(out, "Coverage at `{}` ({}):", plateau.id, plateau.name);
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
        "project"
    } else {
        &compiled.model.name
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
