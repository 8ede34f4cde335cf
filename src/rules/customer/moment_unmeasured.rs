//! `moment-unmeasured`: a moment that matters with no KPI.

use crate::analysis::coverage::{has_present, moment_that_matters};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// A touchpoint marked as a moment that matters has no KPI.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every touchpoint with
    /// `moment_that_matters: true` names at least one KPI in `kpis`.
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
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the KPI that tells whether the moment goes well (`kpis:
    /// [fraud-call-resolution-time]`), with its values per plateau. If the touchpoint is
    /// not a moment that matters after all, remove the flag.
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
}
