//! Renderers of a checked model's findings: human, JSON, SARIF, GitHub workflow
//! commands and GitLab Code Quality. None of them creates diagnostics.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod sarif;

use crate::compile::Compiled;
use crate::diag::Diagnostic;
use crate::emit::output::{Render, Sink, serialised};
use crate::source::{LineCol, Sources};

/// The findings of `tomc check` in one of its formats.
#[derive(Debug, Clone)]
pub enum Report {
    /// For people at a terminal, with source snippets.
    Human(human::Style),
    /// tomc's own JSON report.
    Json,
    /// SARIF 2.1.0 for code scanning; paths start with `prefix`, the project's directory
    /// from the repository root.
    Sarif {
        /// The project's directory from the repository root, ending in `/` or empty.
        prefix: String,
    },
    /// GitHub workflow commands that annotate a pull request.
    Github {
        /// The project's directory from the repository root, ending in `/` or empty.
        prefix: String,
    },
    /// A GitLab Code Quality report.
    Gitlab {
        /// The project's directory from the repository root, ending in `/` or empty.
        prefix: String,
    },
}

impl Render for Report {
    type Input = Compiled;

    fn render<S: Sink>(&self, compiled: &Compiled, sink: &S) -> Result<(), S::Error> {
        let (path, text) = match self {
            Report::Human(style) => ("findings.txt", Ok(human::render(compiled, *style))),
            Report::Json => ("findings.json", json::render(compiled)),
            Report::Sarif { prefix } => ("findings.sarif", sarif::render(compiled, prefix)),
            Report::Github { prefix } => ("annotations.txt", Ok(github::render(compiled, prefix))),
            Report::Gitlab { prefix } => (
                "gl-code-quality-report.json",
                gitlab::render(compiled, prefix),
            ),
        };
        sink.put(serialised(path.to_owned(), text)?)
    }
}

/// The file and range of a diagnostic, as reported in outputs.
#[derive(Debug, Clone)]
pub struct Location {
    /// Path relative to the project, `/`-separated.
    pub file: String,
    /// First character.
    pub start: LineCol,
    /// Last character (inclusive).
    pub end: LineCol,
}

/// Where a diagnostic points, if anywhere.
pub fn location(sources: &Sources, d: &Diagnostic) -> Option<Location> {
    let span = d.span?;
    let file = sources.get(span.file);
    let (start, end) = file.range(span);
    Some(Location {
        file: file.name.clone(),
        start,
        end,
    })
}
