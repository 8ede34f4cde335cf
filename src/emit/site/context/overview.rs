//! The overview: the model's size, coverage, findings and waivers.

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::coverage::Coverage;
use crate::compile::Compiled;
use crate::diag::{Diagnostic, Severity};
use crate::emit::gap_report::kind_title;
use crate::spec::Kind;

use super::{Finding, element_url, finding};

/// How many findings of each severity the overview lists.
pub const OVERVIEW_FINDINGS: usize = 500;

/// The overview's data (`index.html`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Overview {
    /// The executive summary; none while the model has structural errors or no
    /// plateau.
    pub summary: Option<super::summary::Summary>,
    /// How many elements of each kind the model has, every kind in the format's order.
    pub counts: Vec<KindCount>,
    /// How many elements the model has.
    pub total: usize,
    /// The coverage figures; none while the model has structural errors.
    pub coverage: Option<CoverageFigures>,
    /// The findings by severity.
    pub findings: FindingsBySeverity,
    /// Every waiver with the number of findings it silenced.
    pub waivers: Vec<WaiverEntry>,
}

/// How many elements of one kind the model has.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KindCount {
    /// The kind's title (`Capabilities`).
    pub kind: String,
    /// The kind's key in model files (`capabilities`), the anchor of its list on the
    /// elements page.
    pub key: &'static str,
    /// How many.
    pub count: usize,
}

/// The coverage figures at one plateau.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CoverageFigures {
    /// The plateau's id.
    pub plateau: String,
    /// The figures, in the order `tomc check` prints them.
    pub figures: Vec<Figure>,
}

/// One coverage figure.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Figure {
    /// What is counted (`objectives realized by a capability`).
    pub label: &'static str,
    /// How many are covered.
    pub covered: usize,
    /// How many there are.
    pub total: usize,
    /// The percentage covered, rounded down; none when there are none to cover.
    pub percent: Option<usize>,
}

/// The findings of each severity.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingsBySeverity {
    /// The errors.
    pub error: FindingGroup,
    /// The warnings.
    pub warning: FindingGroup,
    /// The infos.
    pub info: FindingGroup,
}

/// The findings of one severity: the first 500 of them, and how many there are.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingGroup {
    /// How many findings there are (`findings.json` has every one).
    pub total: usize,
    /// The findings listed, at most 500.
    pub shown: Vec<Finding>,
}

/// A waiver of the model.
#[derive(Debug, Serialize, JsonSchema)]
pub struct WaiverEntry {
    /// The rule it waives.
    pub rule: String,
    /// The id of the element that carries it.
    pub element: String,
    /// That element's page, from the site root.
    pub element_url: String,
    /// Why the rule does not apply there.
    pub reason: String,
    /// How many findings it silenced.
    pub silenced: usize,
}

/// The overview page.
pub fn overview(compiled: &Compiled, shared: &super::Shared<'_>) -> Overview {
    let model = &compiled.model;
    let counts = Kind::ALL
        .iter()
        .map(|&k| KindCount {
            kind: kind_title(k),
            key: k.key(),
            count: model.elements.iter().filter(|e| e.kind == k).count(),
        })
        .collect();
    Overview {
        summary: super::summary::summary(compiled, shared),
        counts,
        total: model.elements.len(),
        coverage: compiled.coverage.as_ref().map(coverage),
        findings: FindingsBySeverity {
            error: findings(compiled, Severity::Error),
            warning: findings(compiled, Severity::Warning),
            info: findings(compiled, Severity::Info),
        },
        waivers: waivers(compiled),
    }
}

fn coverage(c: &Coverage) -> CoverageFigures {
    CoverageFigures {
        plateau: c.plateau.clone(),
        figures: c
            .figures()
            .iter()
            .map(|&(label, r)| Figure {
                label,
                covered: r.covered,
                total: r.total,
                percent: r.percent(),
            })
            .collect(),
    }
}

/// The findings of severity `s`: a long list stops at [`OVERVIEW_FINDINGS`];
/// findings.json has them all.
fn findings(compiled: &Compiled, s: Severity) -> FindingGroup {
    let all: Vec<&Diagnostic> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.severity == s)
        .collect();
    FindingGroup {
        total: all.len(),
        shown: all
            .iter()
            .take(OVERVIEW_FINDINGS)
            .map(|d| finding(compiled, d))
            .collect(),
    }
}

fn waivers(compiled: &Compiled) -> Vec<WaiverEntry> {
    let model = &compiled.model;
    compiled
        .waivers
        .iter()
        .filter_map(|w| {
            let e = model.element(w.element);
            let waiver = e.waivers.get(w.index)?;
            Some(WaiverEntry {
                rule: waiver.rule.clone(),
                element: e.id.clone(),
                element_url: element_url(&e.id),
                reason: waiver.reason.clone(),
                silenced: w.silenced,
            })
        })
        .collect()
}
