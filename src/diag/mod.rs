//! Diagnostics: what tomc reports about a model, and how it is rendered.

pub mod escape;

use serde::Serialize;

use crate::source::Span;
use crate::spec::RuleId;

pub use crate::spec::rules::Severity;

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
    pub rule: RuleId,
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
    pub fn error(rule: RuleId, span: Span, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Error, Some(span), message)
    }

    /// A finding of `rule` with an explicit severity.
    pub fn new(
        rule: RuleId,
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
        self.severity == Severity::Error && self.rule.is_structural()
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

pub use crate::text::{did_you_mean, suggestion};
