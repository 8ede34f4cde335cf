//! `moment-measured-inside-out`: a moment that matters measured only from the inside.

use crate::analysis::coverage::{journey_stages, moment_that_matters, stage_kpis, touchpoint_kpis};
use crate::model::{ElementIdx, Value};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind, Voice};

crate::declare_rule! {
    /// A moment that matters is measured, but by no KPI in the customer's voice.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), a moment that matters
    /// that is measured has at least one KPI with `voice: customer` among the KPIs that
    /// measure it. A touchpoint with `moment_that_matters: true` is measured by the KPIs
    /// in its `kpis`; a journey stage with `moment_that_matters: true` by the KPIs of
    /// its touchpoints. A KPI without a `voice` does not count as the customer's. A
    /// moment with no KPI at all is left to `moment-unmeasured`. The finding is about
    /// the touchpoint, or about the journey at the stage's `id`.
    ///
    /// ## Why it matters
    ///
    /// A moment that matters is judged by the customer. Measuring it only by handling
    /// time, cost or throughput says how the organisation is doing, not how the moment
    /// went for the person in it: a fraud call closed in three minutes can still leave
    /// the customer frightened and unsure of their money. Outside-in design needs at
    /// least one measure the customer would recognise.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// kpis:
    ///   - id: fraud-call-handling-time
    ///     name: Fraud call handling time
    ///     voice: process                      # the only KPI of the moment
    ///
    /// touchpoints:
    ///   - id: fraud-call
    ///     name: Fraud alert call
    ///     moment_that_matters: true
    ///     kpis: [fraud-call-handling-time]
    /// ```
    ///
    /// ## Fix
    ///
    /// Add a KPI with `voice: customer` that tells how the moment goes for the customer
    /// (satisfaction after the call, effort, completion) and name it in the `kpis` of
    /// the touchpoint. If a KPI already measures the moment that way, set its `voice:
    /// customer`.
    pub const RULE = MomentMeasuredInsideOut, checked by check;
}

/// Whether a KPI speaks in the customer's voice.
fn customer_voice(ctx: &Context<'_>, kpi: ElementIdx) -> bool {
    ctx.at
        .value(kpi, Field::Voice)
        .and_then(Value::word::<Voice>)
        == Some(Voice::Customer)
}

/// The KPIs, named in backquotes by id, when there are some and none is in the customer's
/// voice.
fn inside_out(ctx: &Context<'_>, kpis: impl Iterator<Item = ElementIdx>) -> Option<String> {
    // Elements are sorted by id: the message does not depend on the order lists are written.
    let mut kpis: Vec<ElementIdx> = kpis.collect();
    kpis.sort_unstable();
    kpis.dedup();
    if kpis.is_empty() || kpis.iter().any(|&k| customer_voice(ctx, k)) {
        return None;
    }
    let names: Vec<String> = kpis
        .iter()
        .map(|&k| format!("`{}`", ctx.model.element(k).id))
        .collect();
    Some(names.join(", "))
}

const HELP: &str = "add a KPI with `voice: customer` that tells how the moment goes for the customer, or set `voice: customer` on a KPI that already measures it that way";

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, touchpoint) in at.of_kind(Kind::Touchpoints) {
        if !moment_that_matters(at, idx) {
            continue;
        }
        let Some(kpis) = inside_out(ctx, touchpoint_kpis(at, idx)) else {
            continue;
        };
        out.push(
            out.on(
                touchpoint,
                format!(
                    "touchpoint `{}` is a moment that matters, but none of its KPIs in `{}` is in the customer's voice: {kpis}",
                    touchpoint.id,
                    ctx.target_id()
                ),
            )
            .label("no KPI in the customer's voice")
            .help(HELP),
        );
    }
    for (idx, journey) in at.of_kind(Kind::Journeys) {
        for stage in journey_stages(at, idx) {
            if !stage.moment_that_matters {
                continue;
            }
            let Some(kpis) = inside_out(ctx, stage_kpis(at, stage)) else {
                continue;
            };
            out.push(
                out.at(
                    stage.id_span,
                    format!(
                        "stage `{}` of journey `{}` is a moment that matters, but none of the KPIs of its touchpoints in `{}` is in the customer's voice: {kpis}",
                        stage.id,
                        journey.id,
                        ctx.target_id()
                    ),
                )
                .label("no KPI in the customer's voice")
                .element(&journey.id)
                .help(HELP),
            );
        }
    }
}
