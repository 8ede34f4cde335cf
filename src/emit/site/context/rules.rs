//! The rule catalogue, by family, each rule's documentation as HTML.

use schemars::JsonSchema;
use serde::Serialize;

use crate::emit::site::markdown::to_safe_html;
use crate::rules::registry::RULES;
use crate::rules::{Family, Rule};

/// The rule catalogue's data (`rules.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Rules {
    /// The families of rules that have rules, in order.
    pub families: Vec<RuleFamily>,
}

/// The rules of one family.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleFamily {
    /// The family's title.
    pub title: &'static str,
    /// Its rules, in the catalogue's order.
    pub rules: Vec<RuleEntry>,
}

/// A rule and its documentation.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleEntry {
    /// The rule's id, also the anchor of its entry.
    pub id: &'static str,
    /// Its level when the configuration says nothing: `error`, `warning` or `info`.
    pub default: &'static str,
    /// Where it looks.
    pub scope: &'static str,
    /// The problem it names, one line.
    pub summary: &'static str,
    /// Whether it is structural: the spec cannot be read as a model.
    pub structural: bool,
    /// Its documentation below the summary, rendered as safe HTML (print it with
    /// `| safe`).
    pub html: String,
}

/// The rule catalogue.
pub fn rules() -> Rules {
    let families = Family::ALL
        .iter()
        .map(|&f| RuleFamily {
            title: f.title(),
            rules: RULES
                .iter()
                .copied()
                .filter(|r| r.family == f)
                .map(entry)
                .collect(),
        })
        .filter(|f| !f.rules.is_empty())
        .collect();
    Rules { families }
}

fn entry(r: &Rule) -> RuleEntry {
    let doc = r.documentation();
    let body = doc.split_once('\n').map_or("", |(_, rest)| rest);
    RuleEntry {
        id: r.id.as_str(),
        default: r.default.as_str(),
        scope: r.scope.as_str(),
        summary: r.summary(),
        structural: r.structural,
        html: to_safe_html(body),
    }
}
