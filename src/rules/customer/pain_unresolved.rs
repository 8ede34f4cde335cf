//! `pain-unresolved`: a journey stage that still hurts in the target state.

use crate::analysis::coverage::journey_stages;
use crate::rules::{Context, Findings};
use crate::spec::{Emotion, Kind};

crate::declare_rule! {
    /// A journey stage is still negative for the customer at the target.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), no stage of a journey
    /// has the `emotion` `negative` or `very-negative`. When `stages` is written per
    /// plateau, the stages in force at that plateau are the ones checked. One finding
    /// is reported per stage, pointing at the stage's `id`, about the journey.
    ///
    /// ## Why it matters
    ///
    /// A journey map shows where customers suffer. A target state that keeps a stage
    /// negative means the transformation leaves that pain where it is: either the plan
    /// has no answer to it, or the answer is planned but the journey was never redrawn
    /// as it will be, so the model cannot show the customer what changes for them.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// journeys:
    ///   - id: open-account
    ///     name: Open an account
    ///     persona: young-professional
    ///     stages:
    ///       - id: apply                       # still very negative in the target
    ///         name: Apply in a branch
    ///         touchpoints: [branch-counter]
    ///         emotion: very-negative
    /// ```
    ///
    /// ## Fix
    ///
    /// Write the journey as it will be: stage `stages` per plateau (`stages: { current:
    /// [...], target: [...] }`) with the emotion the target state gives the stage, and
    /// plan the change that gets it there. If the pain is accepted, waive the rule on
    /// the journey with the reason.
    pub const RULE = PainUnresolved, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, journey) in at.of_kind(Kind::Journeys) {
        for stage in journey_stages(at, idx) {
            let Some(emotion @ (Emotion::Negative | Emotion::VeryNegative)) = stage.emotion else {
                continue;
            };
            out.push(
                out.at(
                    stage.id_span,
                    format!(
                        "stage `{}` of journey `{}` is still `{emotion}` for the customer in `{}`",
                        stage.id,
                        journey.id,
                        ctx.target_id()
                    ),
                )
                .label(format!("still {emotion}"))
                .element(&journey.id)
                .help("write the stage as the target state leaves it (stage `stages` per plateau) and plan the change that lifts it, or waive the rule on the journey with the reason"),
            );
        }
    }
}
