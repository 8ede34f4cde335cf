//! `stage-without-touchpoint`: a journey stage where the customer meets nothing.

use crate::analysis::coverage::{journey_stages, stage_has_touchpoint};
use crate::rules::{Context, Findings};
use crate::spec::Kind;

crate::declare_rule! {
    /// A journey stage has no touchpoint.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every stage of every
    /// journey names at least one touchpoint (`touchpoints`) that exists in that plateau.
    /// The finding points at the stage's `id` and is about the journey.
    ///
    /// ## Why it matters
    ///
    /// A journey stage with no touchpoint is a step of the customer's experience where
    /// the organisation is absent: no channel, no capability, no process behind it. It
    /// is either a gap in the model or a real gap in the service, and the service
    /// blueprint of that journey stops there.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// journeys:
    ///   - id: open-account
    ///     name: Open an account
    ///     persona: young-professional
    ///     stages:
    ///       - { id: discover, name: Discover, touchpoints: [website] }
    ///       - { id: verify-identity, name: Verify identity }   # no touchpoints
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the touchpoints where the customer meets the organisation in that stage
    /// (`touchpoints: [mobile-app]`), adding the touchpoint if it is missing from the
    /// model.
    pub const RULE = StageWithoutTouchpoint, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, journey) in at.of_kind(Kind::Journeys) {
        for stage in journey_stages(at, idx) {
            if stage_has_touchpoint(at, stage) {
                continue;
            }
            out.push(
                out.at(
                    stage.id_span,
                    format!(
                        "stage `{}` of journey `{}` has no touchpoint in `{}`",
                        stage.id,
                        journey.id,
                        ctx.target_id()
                    ),
                )
                .label("no touchpoint")
                .element(&journey.id)
                .help(
                    "name the touchpoints the customer meets in this stage: `touchpoints: [...]`",
                ),
            );
        }
    }
}
