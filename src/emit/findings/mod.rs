//! Renderers of a checked model's findings: human (miette), JSON, SARIF and GitHub
//! workflow commands. None of them creates diagnostics.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod sarif;

use crate::source::{LineCol, Sources};

use crate::diag::Diagnostic;

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
