//! Rules: the catalogue of diagnostics, one file per rule, grouped by family.
//!
//! A rule is a [`Rule`] constant declared with [`declare_rule!`](crate::declare_rule):
//! its documentation (the doc comment, which `tomc explain` prints), its [`RuleId`]
//! (whose family, default level and scope the spec holds) and its check. Structural
//! rules are reported while the spec is read (see [`crate::resolve`]); their files hold
//! their documentation and, for `absent-reference`, the check. Checks see only the
//! resolved model, do no I/O and never decide the final severity: the compile step
//! applies configuration and waivers after them.

pub mod change;
pub mod configuration;
pub mod customer;
pub mod operations;
pub mod registry;
pub mod strategy;
pub mod structural;

use crate::analysis::gaps::{Deliveries, StepGap};
use crate::analysis::plateau::Projection;
use crate::diag::{Diagnostic, Severity};
use crate::model::{Element, Model, PlateauIdx};
use crate::source::Span;
pub use crate::spec::rules::{Family, RuleId, Scope};

/// A check: reads the model through the context, reports into the findings.
pub type Check = fn(&Context<'_>, &mut Findings);

/// A rule of the catalogue.
#[derive(Debug)]
pub struct Rule {
    /// The rule id: kebab-case, the name of the problem.
    pub id: RuleId,
    /// Its family.
    pub family: Family,
    /// Its level when configuration says nothing.
    pub default: Severity,
    /// Structural rules cannot be lowered below error or waived.
    pub structural: bool,
    /// Where it looks.
    pub scope: Scope,
    /// Its documentation: a one-line summary, then What it checks, Why it matters,
    /// Example and Fix sections, in Markdown.
    pub doc: &'static str,
    /// The check, for rules run on the resolved model; `None` for rules reported while
    /// the spec is read or by the diagnostic sink.
    pub check: Option<Check>,
}

impl Rule {
    /// The documentation with the one-space indent of doc comments removed.
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The text of the documentation section headed `## {title}`, without the heading.
    pub fn section(&self, title: &str) -> Option<String> {
        let doc = self.documentation();
        let heading = format!("## {title}\n");
        let start = doc.find(&heading)? + heading.len();
        let rest = &doc[start..];
        let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
        Some(rest[..end].trim().to_owned())
    }

    /// The one-line summary: the first line of the documentation.
    pub fn summary(&self) -> &'static str {
        self.doc.lines().next().unwrap_or("").trim()
    }
}

/// Declares a rule: the doc comment becomes both the constant's rustdoc and the text of
/// `tomc explain`; the id names the [`RuleId`] whose family, default level and scope the
/// rule takes from the spec's catalogue.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis const $name:ident = $id:ident, checked by $check:ident;
    ) => {
        $crate::declare_rule!(@rule [$($doc)*] $vis $name $id Some($check));
    };
    (
        $(#[doc = $doc:literal])*
        $vis:vis const $name:ident = $id:ident;
    ) => {
        $crate::declare_rule!(@rule [$($doc)*] $vis $name $id None);
    };
    (@rule [$($doc:literal)*] $vis:vis $name:ident $id:ident $check:expr) => {
        $(#[doc = $doc])*
        $vis const $name: $crate::rules::Rule = $crate::rules::Rule {
            id: $crate::spec::RuleId::$id,
            family: $crate::spec::RuleId::$id.family(),
            default: $crate::spec::RuleId::$id.default_severity(),
            structural: $crate::spec::RuleId::$id.is_structural(),
            scope: $crate::spec::RuleId::$id.scope(),
            doc: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}

/// What a check sees: the model, the plateau checked and the gaps leading to it.
#[derive(Debug)]
pub struct Context<'m> {
    /// The whole model.
    pub model: &'m Model,
    /// The model at the checked plateau: the target, or the one given by `--plateau`.
    pub at: Projection<'m>,
    /// The plateaus per-plateau rules look at.
    pub plateaus: Vec<PlateauIdx>,
    /// The gaps of every step from the baseline to the checked plateau.
    pub gaps: Vec<StepGap>,
    /// For every element, the plateaus where it changes, over every step of the model.
    pub changes: Vec<Vec<PlateauIdx>>,
    /// Which initiatives deliver each element.
    pub deliveries: Deliveries,
}

impl<'m> Context<'m> {
    /// The context for checking `model` at `target`; per-plateau rules look at `plateaus`.
    pub fn new(model: &'m Model, target: PlateauIdx, plateaus: Vec<PlateauIdx>) -> Self {
        let (at, (gaps, changes, deliveries)) = crate::parallel::join(
            || model.at(target),
            || {
                let deliveries = Deliveries::of(model);
                let mut gaps = crate::analysis::gaps::steps(
                    model,
                    &deliveries,
                    model.baseline(),
                    model.target(),
                );
                let changes = crate::analysis::gaps::changes_by_element(model, &gaps);
                gaps.retain(|g| g.to <= target);
                (gaps, changes, deliveries)
            },
        );
        Self {
            model,
            at,
            plateaus,
            gaps,
            changes,
            deliveries,
        }
    }

    /// The id of plateau `p`.
    pub fn plateau_id(&self, p: PlateauIdx) -> &'m str {
        &self.model.plateaus[p.0].id
    }

    /// The id of the checked plateau.
    pub fn target_id(&self) -> &'m str {
        self.plateau_id(self.at.plateau())
    }
}

/// The findings of one rule.
#[derive(Debug)]
pub struct Findings {
    rule: &'static Rule,
    found: Vec<Diagnostic>,
}

impl Findings {
    /// A finding of this rule at `span`, to be completed and [`push`](Self::push)ed.
    pub fn at(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.rule.id, self.rule.default, Some(span), message)
    }

    /// A finding about `element`, at its id: where something is missing.
    pub fn on(&self, element: &Element, message: impl Into<String>) -> Diagnostic {
        self.at(element.id_span, message).element(&element.id)
    }

    /// Records a finding.
    pub fn push(&mut self, finding: Diagnostic) {
        self.found.push(finding);
    }
}

/// Runs the checks of the rules `wanted` picks. Findings of target and baseline→target
/// rules carry the checked plateau.
///
/// Rules are independent of each other, so they run on every core; their findings are
/// gathered in catalogue order.
pub fn run(ctx: &Context<'_>, wanted: impl Fn(&Rule) -> bool) -> Vec<Diagnostic> {
    let checks: Vec<(&'static Rule, Check)> = registry::RULES
        .iter()
        .copied()
        .filter(|r| wanted(r))
        .filter_map(|r| Some((r, r.check?)))
        .collect();
    let found = crate::parallel::map(&checks, 1, |&(rule, check)| {
        let mut findings = Findings {
            rule,
            found: Vec::new(),
        };
        check(ctx, &mut findings);
        if matches!(rule.scope, Scope::Target | Scope::BaselineToTarget) {
            for d in &mut findings.found {
                if d.plateau.is_none() {
                    d.plateau = Some(ctx.target_id().to_owned());
                }
            }
        }
        findings.found
    });
    found.into_iter().flatten().collect()
}
