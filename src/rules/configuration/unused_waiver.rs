//! `unused-waiver`: a waiver that silences nothing.

use crate::diag::{Diagnostic, suggestion};
use crate::model::ElementIdx;
use crate::model::Model;
use crate::rules::Scope;
use crate::spec::RuleId;

crate::declare_rule! {
    /// A waiver silences nothing: its rule does not fire on the element, or is no rule.
    ///
    /// ## What it checks
    ///
    /// Every entry of an element's `waivers` names a rule id of the catalogue, and that
    /// rule reports a finding on that element which the waiver silences. A rule turned
    /// `off` in `rules:` still counts as firing, so turning a rule off does not make its
    /// waivers unused. When `tomc check --plateau P` checks one plateau, only waivers of
    /// rules that look at the spec as a whole are judged, since the others may fire in
    /// another plateau; when the spec has structural errors, the alignment rules do not
    /// run and only waivers naming unknown rules are reported. Structural rules cannot be
    /// waived at all (that is a `schema` error). A waiver of this rule itself is never
    /// used: fix or remove the waiver it would excuse.
    ///
    /// ## Why it matters
    ///
    /// A waiver is a recorded exception with its reason, reviewed like any other part
    /// of the model. Once the problem it excused is fixed, a waiver that stays behind
    /// would silently excuse the same problem if it came back, and it makes the list of
    /// accepted exceptions in reports longer than the truth. A waiver naming a
    /// misspelled rule excuses nothing while looking as if it does.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: payments
    ///     name: Payments
    ///     owner: head-of-payments             # has an owner: missing-owner cannot fire
    ///     waivers:
    ///       - { rule: missing-owner, reason: "owner to be appointed in Q3" }
    /// ```
    ///
    /// ## Fix
    ///
    /// Remove the waiver, or correct the rule id it names (the finding suggests the
    /// closest one). `tomc rules` lists every rule id.
    pub const RULE = UnusedWaiver;
}

/// How far the run can tell whether a waiver is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverCheck {
    /// Every rule ran over every plateau it looks at.
    All,
    /// Only rules over the spec as a whole ran completely (`--plateau`).
    SpecRulesOnly,
    /// The alignment rules did not run (structural errors).
    UnknownRulesOnly,
}

/// One waiver and how many findings it silenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiverUse {
    /// The element that carries it.
    pub element: ElementIdx,
    /// Its position in the element's `waivers`.
    pub index: usize,
    /// Findings it silenced.
    pub silenced: usize,
}

/// Reports the waivers that silenced nothing, as far as `judged` allows telling.
pub fn unused(model: &Model, uses: &[WaiverUse], judged: WaiverCheck) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for used in uses.iter().filter(|u| u.silenced == 0) {
        let element = model.element(used.element);
        let waiver = &element.waivers[used.index];
        let finding = match RuleId::from_id(&waiver.rule) {
            None => Diagnostic::new(
                RULE.id,
                RULE.default,
                Some(waiver.rule_span),
                format!("waiver names `{}`, which is not a rule", waiver.rule),
            )
            .label("unknown rule")
            .help(
                suggestion(&waiver.rule, RuleId::ALL.iter().map(|r| r.as_str()))
                    .unwrap_or_else(|| "`tomc rules` lists every rule id".into()),
            ),
            Some(rule) => {
                let judge = match judged {
                    WaiverCheck::All => true,
                    WaiverCheck::SpecRulesOnly => rule.scope() == Scope::Spec,
                    WaiverCheck::UnknownRulesOnly => false,
                };
                if !judge {
                    continue;
                }
                Diagnostic::new(
                    RULE.id,
                    RULE.default,
                    Some(waiver.rule_span),
                    format!(
                        "waiver of `{}` silences nothing: the rule does not fire on {} `{}`",
                        rule,
                        element.kind.singular(),
                        element.id
                    ),
                )
                .label("silences nothing")
                .help("remove the waiver: the problem it excused is no longer there")
            }
        };
        out.push(finding.element(&element.id));
    }
    out
}
