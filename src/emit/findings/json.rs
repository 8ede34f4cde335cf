//! The JSON output of `check --format json`: a stable contract for tools.

use serde::Serialize;

use super::location;
use crate::analysis::coverage::Coverage;
use crate::analysis::tracking::tracking;
use crate::compile::Compiled;
use crate::diag::{Diagnostic, Severity, Summary};
use crate::emit::tree::{EmitError, pretty_json};
use crate::model::Model;
use crate::source::Sources;
use crate::spec::Kind;

/// One diagnostic in JSON.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// Rule id.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// What is wrong.
    pub message: &'a str,
    /// File relative to the project, `/`-separated.
    pub file: Option<String>,
    /// 1-based line of the first character.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the first character.
    pub column: Option<usize>,
    /// Line of the last character.
    pub end_line: Option<usize>,
    /// Column of the last character.
    pub end_column: Option<usize>,
    /// Element the finding is about.
    pub element: Option<&'a str>,
    /// Plateau of a per-plateau finding.
    pub plateau: Option<&'a str>,
    /// How to fix it.
    pub help: Option<&'a str>,
}

/// A waiver in JSON.
#[derive(Debug, Serialize)]
pub struct JsonWaiver<'a> {
    /// The rule it silences.
    pub rule: &'a str,
    /// The element that carries it.
    pub element: &'a str,
    /// Why the rule does not apply.
    pub reason: &'a str,
    /// File relative to the project, `/`-separated.
    pub file: &'a str,
    /// Line of the waiver's rule id.
    pub line: usize,
    /// Findings it silenced.
    pub silenced: usize,
}

/// The whole report.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// The tomc version.
    pub tomc: &'static str,
    /// The project name.
    pub project: &'a str,
    /// Every finding, sorted.
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Every waiver, by element id.
    pub waivers: Vec<JsonWaiver<'a>>,
    /// Coverage figures at the checked plateau; `null` when structural errors stopped
    /// the alignment rules.
    pub coverage: Option<&'a Coverage>,
    /// Every KPI with actuals: its latest actual against its plan, in model order.
    pub kpis: Vec<JsonKpi<'a>>,
    /// Counts.
    pub summary: Summary,
}

/// A KPI's latest actual against its plan.
#[derive(Debug, Serialize)]
pub struct JsonKpi<'a> {
    /// The KPI id.
    pub id: &'a str,
    /// The day of its latest actual.
    pub date: &'a str,
    /// The value measured that day.
    pub actual: f64,
    /// The plan that day; `null` without a plan line.
    pub plan: Option<f64>,
    /// `on-track`, `at-risk`, `off-track` or `no plan`.
    pub status: &'static str,
    /// The plateau the latest actual falls before.
    pub plateau: &'a str,
}

/// The KPIs of `model` with actuals, each against its plan.
pub fn kpis(model: &Model) -> Vec<JsonKpi<'_>> {
    model
        .of_kind(Kind::Kpis)
        .filter_map(|(_, kpi)| {
            let t = tracking(model, kpi)?;
            Some(JsonKpi {
                id: &kpi.id,
                date: &t.latest.date,
                actual: t.latest.value,
                plan: t.plan,
                status: t.status.as_str(),
                plateau: &model.plateaus[t.plateau.0].id,
            })
        })
        .collect()
}

/// Builds the JSON form of one diagnostic.
pub fn diagnostic<'a>(sources: &Sources, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let loc = location(sources, d);
    JsonDiagnostic {
        rule: d.rule.as_str(),
        severity: d.severity,
        message: &d.message,
        line: loc.as_ref().map(|l| l.start.line),
        column: loc.as_ref().map(|l| l.start.column),
        end_line: loc.as_ref().map(|l| l.end.line),
        end_column: loc.as_ref().map(|l| l.end.column),
        file: loc.map(|l| l.file),
        element: d.element.as_deref(),
        plateau: d.plateau.as_deref(),
        help: d.help.as_deref(),
    }
}

/// The waivers of a compiled model in JSON form.
pub fn waivers(compiled: &Compiled) -> Vec<JsonWaiver<'_>> {
    compiled
        .waivers
        .iter()
        .map(|used| {
            let element = compiled.model.element(used.element);
            let waiver = &element.waivers[used.index];
            let file = compiled.sources.get(waiver.rule_span.file);
            JsonWaiver {
                rule: &waiver.rule,
                element: &element.id,
                reason: &waiver.reason,
                file: &file.name,
                line: file.line_col(waiver.rule_span.start()).line,
                silenced: used.silenced,
            }
        })
        .collect()
}

/// Renders the report as pretty JSON, with a final newline; an error when it cannot be
/// serialised (never an error object in place of the report).
pub fn render(compiled: &Compiled) -> Result<String, EmitError> {
    let report = JsonReport {
        tomc: env!("CARGO_PKG_VERSION"),
        project: &compiled.model.name,
        diagnostics: compiled
            .diagnostics
            .iter()
            .map(|d| diagnostic(&compiled.sources, d))
            .collect(),
        waivers: waivers(compiled),
        coverage: compiled.coverage.as_ref(),
        kpis: kpis(&compiled.model),
        summary: compiled.summary(),
    };
    pretty_json(&report)
}
