//! What an import took and left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What an import took and left out, with counts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// The model's name.
    pub model: String,
    /// Plateaus made.
    pub plateaus: usize,
    /// Elements taken: (ArchiMate type, tomc kind) → count.
    pub elements: BTreeMap<(String, &'static str), usize>,
    /// Elements left out: (ArchiMate type, reason) → count.
    pub skipped_elements: BTreeMap<(String, String), usize>,
    /// Relationships taken: (ArchiMate type, `kind.field` they became) → count.
    pub relationships: BTreeMap<(String, String), usize>,
    /// Relationships left out: (`Type Source → Target`, reason) → count.
    pub skipped_relationships: BTreeMap<(String, String), usize>,
    /// Other things the user should know, one line each.
    pub notes: Vec<String>,
}

impl Report {
    /// Elements taken.
    pub fn imported(&self) -> usize {
        self.elements.values().sum()
    }

    /// Elements left out.
    pub fn skipped(&self) -> usize {
        self.skipped_elements.values().sum()
    }

    /// The report for people: counts per type, then what was left out and why.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let rels: usize = self.relationships.values().sum();
        let skipped_rels: usize = self.skipped_relationships.values().sum();
        let _ = writeln!(
            out,
            "{}: {} elements imported, {} skipped; {rels} relationships imported, {skipped_rels} skipped; {} plateaus",
            self.model,
            self.imported(),
            self.skipped(),
            self.plateaus
        );
        let section = |out: &mut String, title: &str, rows: Vec<(String, usize)>| {
            if rows.is_empty() {
                return;
            }
            let _ = writeln!(out, "\n{title}:");
            let width = rows
                .iter()
                .map(|(l, _)| l.chars().count())
                .max()
                .unwrap_or(0);
            for (label, n) in rows {
                let _ = writeln!(out, "  {label:<width$}  {n:>5}");
            }
        };
        section(
            &mut out,
            "Elements imported (ArchiMate type → tomc kind)",
            self.elements
                .iter()
                .map(|((t, k), n)| (format!("{t} → {k}"), *n))
                .collect(),
        );
        section(
            &mut out,
            "Elements skipped",
            self.skipped_elements
                .iter()
                .map(|((t, why), n)| (format!("{t}: {why}"), *n))
                .collect(),
        );
        section(
            &mut out,
            "Relationships imported (ArchiMate type → tomc field)",
            self.relationships
                .iter()
                .map(|((t, f), n)| (format!("{t} → {f}"), *n))
                .collect(),
        );
        section(
            &mut out,
            "Relationships skipped",
            self.skipped_relationships
                .iter()
                .map(|((r, why), n)| (format!("{r}: {why}"), *n))
                .collect(),
        );
        if !self.notes.is_empty() {
            let _ = writeln!(out, "\nNotes:");
            for note in &self.notes {
                let _ = writeln!(out, "  - {note}");
            }
        }
        out
    }
}

/// Adds one to the count of `key`.
pub(super) fn count<K: Ord>(counts: &mut BTreeMap<K, usize>, key: K) {
    *counts.entry(key).or_default() += 1;
}
