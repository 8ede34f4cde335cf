//! `kpi-without-target`: a KPI that does not say where it should be in the target.

use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// A KPI has no better direction, or no value set for the target.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every KPI has:
    ///
    /// - a `direction` (`increase` or `decrease`: which way is better);
    /// - a `value` in that plateau;
    /// - a value written for a later plateau than the KPI's first one. A value written
    ///   once for every plateau (`value: 42`), or only for the baseline (`value:
    ///   { current: 42 }`), carries today's figure into the target unchanged: the KPI
    ///   has no target.
    ///
    /// A KPI that only starts in the checked plateau (`from:` it) has no earlier value to
    /// repeat, so a single value is its target. All the causes of one KPI are reported
    /// in one finding.
    ///
    /// ## Why it matters
    ///
    /// A KPI is how the organisation knows whether the target state is better than
    /// today. Without a direction, no one can say whether a move is good news; without a
    /// target value, the KPI measures but does not steer, and the scorecard cannot show
    /// whether the plan closes the gap.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// kpis:
    ///   - id: nps
    ///     name: Net Promoter Score
    ///     unit: score
    ///     value: { current: 12 }              # no direction, no target value
    /// ```
    ///
    /// ## Fix
    ///
    /// Add the direction and the value the target should reach:
    ///
    /// ```yaml
    ///     direction: increase
    ///     value: { current: 12, target: 35 }
    /// ```
    pub const RULE = KpiWithoutTarget, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    let p = at.plateau();
    let target = ctx.target_id();
    for (idx, kpi) in at.of_kind(Kind::Kpis) {
        let first = kpi.from.max(ctx.model.baseline());
        let mut causes = Vec::new();
        let mut span = kpi.id_span;
        if at.value(idx, Field::Direction).is_none() {
            causes.push("no `direction`".to_owned());
        }
        match kpi.field(Field::Value) {
            Some(value) if value.value.at(p).is_some() => {
                let written = value.written_for(p).unwrap_or(first);
                if p > first && written <= first {
                    if causes.is_empty() {
                        span = value.span_at(p);
                    }
                    causes.push(format!(
                        "its value in `{target}` repeats `{}`",
                        ctx.plateau_id(first)
                    ));
                }
            }
            _ => causes.push(format!("no value in `{target}`")),
        }
        if causes.is_empty() {
            continue;
        }
        out.push(out
            .at(
                span,
                format!("KPI `{}` has no target: {}", kpi.id, causes.join(", and ")),
            )
            .label("no target")
            .element(&kpi.id)
            .help(format!(
                "give the better `direction` (increase or decrease) and the value to reach, e.g. `value: {{ {}: ..., {target}: ... }}`",
                ctx.plateau_id(first)
            )));
    }
}
