//! `initiative-ends-late`: an initiative that ends after the plateau it lands in.

use crate::analysis::gaps::initiative_lands_in;
use crate::analysis::tracking::day_number;
use crate::model::Value;
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// An initiative's `end` is after the date of the plateau it lands in.
    ///
    /// ## What it checks
    ///
    /// For every initiative with an `end` whose landing plateau (`lands_in`) has a
    /// `date`, the end is on or before that date. The finding points at the `end`. An
    /// initiative without an `end`, or landing in a plateau without a date, is not
    /// checked.
    ///
    /// ## Why it matters
    ///
    /// `lands_in` says the initiative's result is in place at that plateau; `end` says
    /// when its work finishes. An end after the plateau's date means the plateau, as
    /// drawn, holds a change that is not finished yet: the roadmap promises a state the
    /// plan does not reach in time, and every initiative that depends on it inherits
    /// the delay.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// # tom.yaml: - { id: wave-1, name: Transition 2027, date: 2027-06-30 }
    /// initiatives:
    ///   - id: digital-onboarding
    ///     name: Digital onboarding
    ///     lands_in: wave-1
    ///     end: 2027-09-30                     # three months after `wave-1`
    /// ```
    ///
    /// ## Fix
    ///
    /// Bring the `end` forward to the plateau's date, land the initiative in a later
    /// plateau (`lands_in: target`), or correct the plateau's `date` if the transition
    /// is later than written.
    pub const RULE = InitiativeEndsLate, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    for (idx, initiative) in model.of_kind(Kind::Initiatives) {
        let Some(lands) = initiative_lands_in(model, idx) else {
            continue;
        };
        let Some(date) = model.plateaus[lands.0].date.as_deref() else {
            continue;
        };
        let Some(end) = initiative.field(Field::End) else {
            continue;
        };
        let Some(Value::Text(ends)) = end.value.at(model.baseline()) else {
            continue;
        };
        let (Some(end_day), Some(plateau_day)) = (day_number(ends), day_number(date)) else {
            continue;
        };
        if end_day <= plateau_day {
            continue;
        }
        let plateau = ctx.plateau_id(lands);
        out.push(out
            .at(
                end.span,
                format!(
                    "initiative `{}` ends on {ends}, after `{plateau}` ({date}), the plateau it lands in",
                    initiative.id
                ),
            )
            .label(format!("after `{plateau}` ({date})"))
            .element(&initiative.id)
            .help(format!(
                "end it by {date}, land it in a later plateau, or correct the `date` of `{plateau}`"
            )));
    }
}
