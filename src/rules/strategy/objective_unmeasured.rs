//! `objective-unmeasured`: an objective with no KPI.

use crate::analysis::coverage::has_present;
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// An objective has no KPI.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every objective names at
    /// least one KPI in `kpis`. Parent objectives are checked like the others: a goal
    /// made of sub-goals still needs its own measure of success.
    ///
    /// ## Why it matters
    ///
    /// An objective with no KPI cannot be shown to be met, so it cannot be steered,
    /// funded against or reviewed. KPIs are how the operating model tells whether the
    /// target state delivers what the strategy promised.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// objectives:
    ///   - id: reduce-cost-to-serve            # no `kpis`
    ///     name: Reduce cost to serve
    /// ```
    ///
    /// ## Fix
    ///
    /// Define a KPI with a unit, a better `direction` and values per plateau, and name it
    /// in the objective's `kpis`:
    ///
    /// ```yaml
    /// kpis:
    ///   - id: cost-per-account
    ///     name: Cost to serve per account
    ///     unit: EUR
    ///     direction: decrease
    ///     value: { current: 84, target: 52 }
    /// objectives:
    ///   - id: reduce-cost-to-serve
    ///     name: Reduce cost to serve
    ///     kpis: [cost-per-account]
    /// ```
    pub const RULE = ObjectiveUnmeasured, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, objective) in at.of_kind(Kind::Objectives) {
        if has_present(at, idx, Field::Kpis) {
            continue;
        }
        out.push(
            out.on(
                objective,
                format!(
                    "objective `{}` has no KPI in `{}`",
                    objective.id,
                    ctx.target_id()
                ),
            )
            .label("no KPI")
            .help("name the KPIs that measure it in `kpis`, defining them under `kpis:` if needed"),
        );
    }
}
