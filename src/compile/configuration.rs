//! The one place where configuration meets findings: waivers silence findings on their
//! element, unused waivers are reported, and rule levels from `tom.yaml` and the
//! command line set each finding's final severity (or drop it, for `off`).

use crate::model::Model;
use crate::rules::configuration::unused_waiver::{self, WaiverCheck, WaiverUse};
use crate::spec::{Level, Levels, RuleId};

use crate::diag::Diagnostic;

/// Findings after configuration.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings to report, with their final severity.
    pub diagnostics: Vec<Diagnostic>,
    /// Every waiver of the model, sorted by element id, with its use.
    pub waivers: Vec<WaiverUse>,
    /// Findings silenced by a waiver (of rules not turned off).
    pub waived: usize,
}

/// Applies waivers and levels to `findings`. `levels` holds `tom.yaml`'s `rules:` with
/// the command line's `--rule` laid over it; structural rules keep their level.
pub fn apply(
    model: &Model,
    findings: Vec<Diagnostic>,
    levels: &Levels,
    judged: WaiverCheck,
) -> Outcome {
    let mut waivers: Vec<WaiverUse> = Vec::new();
    let mut first_waiver: Vec<usize> = vec![usize::MAX; model.elements.len()];
    for (idx, e) in model.iter() {
        first_waiver[idx.0] = waivers.len();
        waivers.extend((0..e.waivers.len()).map(|index| WaiverUse {
            element: idx,
            index,
            silenced: 0,
        }));
    }
    let level_of = |rule: RuleId| {
        if rule.is_structural() {
            Level::Error
        } else {
            levels
                .get(&rule)
                .copied()
                .unwrap_or_else(|| Level::from(rule.default_severity()))
        }
    };

    let mut outcome = Outcome::default();
    let mut kept = Vec::with_capacity(findings.len());
    for d in findings {
        let waivable = !d.rule.is_structural();
        let waiver = d
            .element
            .as_deref()
            .filter(|_| waivable)
            .and_then(|id| model.find(id))
            .and_then(|idx| {
                let e = model.element(idx);
                let i = e.waivers.iter().position(|w| w.rule == d.rule.as_str())?;
                Some(first_waiver[idx.0] + i)
            });
        match waiver {
            Some(w) => {
                waivers[w].silenced += 1;
                if level_of(d.rule) != Level::Off {
                    outcome.waived += 1;
                }
            }
            None => kept.push(d),
        }
    }
    kept.extend(unused_waiver::unused(model, &waivers, judged));

    for mut d in kept {
        if let Some(severity) = level_of(d.rule).severity() {
            d.severity = severity;
            outcome.diagnostics.push(d);
        }
    }
    outcome.waivers = waivers;
    outcome
}
