//! Diagnostics: what tomc reports about a model, and how it is rendered.

pub mod escape;

use std::fmt;

use serde::Serialize;

use crate::source::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the run.
    Error,
    /// Worth fixing; fails the run only under `--deny-warnings`.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// The word used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location that helps explain a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One finding: a rule, a message, and the place in the user's YAML it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The rule id.
    pub rule: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where (`None` only for findings about the project as a whole).
    pub span: Option<Span>,
    /// Text of the label at `span`.
    pub label: Option<String>,
    /// Other places that matter (the first of two duplicate ids).
    pub related: Vec<Label>,
    /// The id of the element the finding is about.
    pub element: Option<String>,
    /// The plateau, for per-plateau findings.
    pub plateau: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error of `rule` at `span`.
    pub fn error(rule: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Error, Some(span), message)
    }

    /// A finding of `rule` with an explicit severity.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity,
            message: message.into(),
            span,
            label: None,
            related: Vec::new(),
            element: None,
            plateau: None,
            help: None,
        }
    }

    /// Whether this is an error of a structural rule: the spec cannot be read as a model.
    pub fn is_structural_error(&self) -> bool {
        self.severity == Severity::Error
            && crate::rules::registry::lookup(self.rule).is_some_and(|r| r.structural)
    }

    /// Sets the label text at the primary span.
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the element the finding is about.
    #[must_use]
    pub fn element(mut self, id: impl Into<String>) -> Self {
        self.element = Some(id.into());
        self
    }

    /// Sets the plateau of a per-plateau finding.
    #[must_use]
    pub fn plateau(mut self, id: impl Into<String>) -> Self {
        self.plateau = Some(id.into());
        self
    }

    /// Adds a related location.
    #[must_use]
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Findings silenced by waivers.
    pub waived: usize,
}

impl Summary {
    /// Counts the findings in `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut s = Self::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// `did you mean `x`?` for the closest candidate, if any.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|c| format!("did you mean `{c}`?"))
}
