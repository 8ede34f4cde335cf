//! `moment-unmeasured`: a moment that matters with no KPI.

use crate::analysis::coverage::{has_present, journey_stages, moment_that_matters, stage_kpis};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// A touchpoint or journey stage marked as a moment that matters has no KPI.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`):
    ///
    /// - every touchpoint with `moment_that_matters: true` names at least one KPI in
    ///   `kpis`;
    /// - every journey stage with `moment_that_matters: true` meets at least one
    ///   touchpoint that names a KPI in `kpis`. The stages in force at that plateau are
    ///   the ones checked; the finding points at the stage's `id` and is about the
    ///   journey.
    ///
    /// ## Why it matters
    ///
    /// Moments that matter are the few interactions that make or break the customer
    /// relationship: a declined payment, a bereavement call, the first day of a new
    /// account. Marking one says the organisation will manage it closely; without a KPI
    /// nobody can see whether it goes well, and the claim is empty.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// touchpoints:
    ///   - id: fraud-call                      # a moment that matters, no KPI
    ///     name: Fraud alert call
    ///     channel: contact-centre
    ///     moment_that_matters: true
    ///     capabilities: [fraud-management]
    ///
    /// journeys:
    ///   - id: report-fraud
    ///     name: Report a fraudulent payment
    ///     persona: young-professional
    ///     stages:
    ///       - id: get-money-back             # a moment that matters; `fraud-call`
    ///         name: Get the money back       # names no KPI
    ///         touchpoints: [fraud-call]
    ///         moment_that_matters: true
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the KPI that tells whether the moment goes well (`kpis:
    /// [fraud-call-resolution-time]`) on the touchpoint, or on a touchpoint of the
    /// stage, with its values per plateau. If it is not a moment that matters after all,
    /// remove the flag.
    pub const RULE = MomentUnmeasured, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, touchpoint) in at.of_kind(Kind::Touchpoints) {
        if !moment_that_matters(at, idx) || has_present(at, idx, Field::Kpis) {
            continue;
        }
        out.push(
            out.on(
                touchpoint,
                format!(
                    "touchpoint `{}` is a moment that matters but has no KPI in `{}`",
                    touchpoint.id,
                    ctx.target_id()
                ),
            )
            .label("moment that matters, unmeasured")
            .help("name the KPI that tells whether this moment goes well: `kpis: [...]`"),
        );
    }
    for (idx, journey) in at.of_kind(Kind::Journeys) {
        for stage in journey_stages(at, idx) {
            if !stage.moment_that_matters || stage_kpis(at, stage).next().is_some() {
                continue;
            }
            out.push(
                out.at(
                    stage.id_span,
                    format!(
                        "stage `{}` of journey `{}` is a moment that matters but none of its touchpoints has a KPI in `{}`",
                        stage.id,
                        journey.id,
                        ctx.target_id()
                    ),
                )
                .label("moment that matters, unmeasured")
                .element(&journey.id)
                .help("name the KPI that tells whether this moment goes well on a touchpoint of the stage: `kpis: [...]`"),
            );
        }
    }
}
