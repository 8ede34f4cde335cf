//! `kpi-off-track`: a KPI whose latest actual is well behind its plan.

use crate::analysis::tracking::{Status, tracking};
use crate::rules::{Context, Findings};
use crate::spec::Kind;
use crate::text::number;

crate::declare_rule! {
    /// A KPI's latest actual is off track: behind its plan by more than a tenth of its move.
    ///
    /// ## What it checks
    ///
    /// Every KPI with actuals (written in `actuals` or read from measurements files) has
    /// a status: its latest actual against the plan line through its values at the
    /// dated plateaus (see "Plan and status" in the spec format). The rule fires when
    /// the status is `off-track`: behind the plan by more than a tenth of the KPI's
    /// whole move. The finding points at the latest actual and carries the plateau the
    /// actual falls before: the first plateau dated on or after its day, else the last.
    /// With `--plateau`, it is reported only when that is the plateau given.
    ///
    /// ## Why it matters
    ///
    /// A plan is a promise about where a KPI will be on the way to each plateau. An
    /// actual well behind the line says the change is not working as planned, or not
    /// happening yet: the plateau it leads to is at risk, and so are the objectives the
    /// KPI measures. The sooner that is said, the cheaper it is to act.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// kpis:
    ///   - id: time-to-open
    ///     name: Time to open an account
    ///     unit: days
    ///     direction: decrease
    ///     value: { current: 5, target: 1 }    # `target` is dated 2027-12-31
    ///     actuals:
    ///       - { date: 2026-01-01, value: 5 }
    ///       - { date: 2027-01-01, value: 5 }  # the plan is about 3 by then
    /// ```
    ///
    /// ## Fix
    ///
    /// Find what holds the KPI back and act on it: an initiative that names it in
    /// `kpis`, brought forward or resourced. If the plan was wrong, correct the KPI's
    /// `value` at the plateaus, or the plateau's `date`.
    pub const RULE = KpiOffTrack, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for (_, kpi) in ctx.model.of_kind(Kind::Kpis) {
        let Some(t) = tracking(ctx.model, kpi) else {
            continue;
        };
        let (Status::OffTrack, Some(plan)) = (t.status, t.plan) else {
            continue;
        };
        if !ctx.plateaus.contains(&t.plateau) {
            continue;
        }
        let plateau = ctx.plateau_id(t.plateau);
        // Shown to two decimals: the plan between two plateaus is rarely a round number.
        let plan = number((plan * 100.0).round() / 100.0);
        out.push(out
            .at(
                t.latest.span,
                format!(
                    "KPI `{}` is off track on the way to `{plateau}`: its latest actual, {} on {}, is behind the plan of {plan}",
                    kpi.id,
                    number(t.latest.value),
                    t.latest.date
                ),
            )
            .label(format!("off track: the plan is {plan}"))
            .element(&kpi.id)
            .plateau(plateau)
            .help(format!(
                "act on what holds `{}` back (an initiative that names it in `kpis`), or correct its planned `value` if the plan was wrong",
                kpi.id
            )));
    }
}
