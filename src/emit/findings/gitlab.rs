//! GitLab Code Quality output: a JSON array of issues in the Code Climate format, which
//! GitLab shows in the merge-request widget and beside the changed lines of the diff.

use serde::Serialize;

use super::location;
use crate::compile::Compiled;
use crate::diag::{Diagnostic, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// GitLab's severities: errors block a merge in most pipelines, so they are major.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// A fingerprint that stays the same while the finding does (rule, file, element,
/// plateau and message; not the line, so that edits above it do not make it new):
/// 64-bit FNV-1a, in hex. GitLab compares fingerprints between the source and target
/// branches to tell new findings from fixed ones.
fn fingerprint(d: &Diagnostic, path: &str, nth: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [
        d.rule.as_str(),
        path,
        d.element.as_deref().unwrap_or(""),
        d.plateau.as_deref().unwrap_or(""),
        &d.message,
    ];
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    // The same finding twice in one file (rare) still gets two fingerprints.
    hash ^= nth as u64;
    format!("{hash:016x}")
}

/// Renders the findings as a Code Quality report; `prefix` turns project-relative file
/// names into repository-relative ones. Findings without a place are reported at
/// `tom.yaml`, line 1.
pub fn render(compiled: &Compiled, prefix: &str) -> Result<String, crate::emit::tree::EmitError> {
    let mut seen = std::collections::HashMap::new();
    let issues: Vec<Issue<'_>> = compiled
        .diagnostics
        .iter()
        .map(|d| {
            let (file, line) = location(&compiled.sources, d)
                .map_or_else(|| ("tom.yaml".to_owned(), 1), |l| (l.file, l.start.line));
            let path = format!("{prefix}{file}");
            let mut description = d.message.clone();
            if let Some(help) = &d.help {
                description.push_str(" (help: ");
                description.push_str(help);
                description.push(')');
            }
            let base = fingerprint(d, &path, 0);
            let nth = seen.entry(base).and_modify(|n| *n += 1).or_insert(0);
            Issue {
                description,
                check_name: d.rule.as_str(),
                fingerprint: fingerprint(d, &path, *nth),
                severity: severity(d.severity),
                location: Location {
                    path,
                    lines: Lines { begin: line },
                },
            }
        })
        .collect();
    crate::emit::tree::pretty_json(&issues)
}
