//! Human output: each diagnostic rendered by miette with its snippet, then a summary.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::compile::Compiled;
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

/// A diagnostic bound to its source text, in the shape miette renders.
struct Report {
    rule: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: Option<NamedSource<Arc<String>>>,
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

fn named(sources: &Sources, span: Span) -> NamedSource<Arc<String>> {
    let file = sources.get(span.file);
    NamedSource::new(file.name.clone(), Arc::clone(&file.text)).with_language("yaml")
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
    let mut out = String::new();
    for d in &compiled.diagnostics {
        out.push_str(&render_one(&compiled.sources, d, style));
        out.push('\n');
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
