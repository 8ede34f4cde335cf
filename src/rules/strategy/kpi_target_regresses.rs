//! `kpi-target-regresses`: a KPI whose target is worse than its baseline.

use crate::model::{PlateauIdx, Value};
use crate::rules::{Context, Findings};
use crate::spec::Direction;
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// A KPI's target value is worse than its baseline for the KPI's better direction.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), for every KPI with a
    /// `direction` and a `value` there: the target value must not be worse than the
    /// KPI's baseline, its first value in an earlier plateau (in the first plateau, the
    /// one the KPI starts in, or the first one after that with a value written). With
    /// `direction: increase` the target must not be lower; with `direction: decrease` it
    /// must not be higher. A KPI with no value before the checked plateau has no
    /// baseline to compare with.
    ///
    /// ## Why it matters
    ///
    /// A target state is meant to be better than today. A KPI planned to move the wrong
    /// way (complaints from 62 to 90 per month with `direction: decrease`) is almost
    /// always a typo in the value or in the direction, and the scorecard would report
    /// the plan itself as a failure. When a fall really is planned (a cost that rises
    /// while a service is built), say so with a waiver.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// kpis:
    ///   - id: complaints
    ///     name: Complaints per month
    ///     unit: complaints
    ///     direction: decrease
    ///     value: { current: 62, target: 90 }  # the target is worse than today
    /// ```
    ///
    /// ## Fix
    ///
    /// Correct the target value (`value: { current: 62, target: 30 }`) or the direction
    /// if it is the wrong way round. If the move is intended, waive the rule on the KPI
    /// with the reason.
    pub const RULE = KpiTargetRegresses, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    let p = at.plateau();
    let target = ctx.target_id();
    for (idx, kpi) in at.of_kind(Kind::Kpis) {
        let Some(direction) = at
            .value(idx, Field::Direction)
            .and_then(Value::word::<Direction>)
        else {
            continue;
        };
        let Some(field) = kpi.field(Field::Value) else {
            continue;
        };
        let number = |q: PlateauIdx| match field.value.at(q) {
            Some(Value::Number(n)) => Some(*n),
            _ => None,
        };
        // The baseline: the KPI's first value, in its first plateau or the first one
        // after it where a value is written.
        let first = kpi.from.max(ctx.model.baseline());
        let Some((baseline, before)) = (first.0..p.0)
            .map(PlateauIdx)
            .find_map(|q| number(q).map(|n| (q, n)))
        else {
            continue;
        };
        let Some(after) = number(p) else {
            continue;
        };
        if !direction.is_worse(before, after) {
            continue;
        }
        let (before, after) = (crate::text::number(before), crate::text::number(after));
        let baseline = ctx.plateau_id(baseline);
        let better = direction.better();
        out.push(out
            .at(
                field.span_at(p),
                format!(
                    "KPI `{}` has a target of {after} in `{target}`, worse than {before} in `{baseline}`: its direction is `{direction}`",
                    kpi.id
                ),
            )
            .label(format!("{before} → {after}, {better} is better"))
            .element(&kpi.id)
            .help(format!(
                "correct the value in `{target}` or the `direction`; if the move is intended, waive `kpi-target-regresses` on `{}` with the reason",
                kpi.id
            )));
    }
}
