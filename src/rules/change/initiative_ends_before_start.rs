//! `initiative-ends-before-start`: an initiative whose `end` comes before its `start`.

use crate::analysis::tracking::day_number;
use crate::model::{Element, FieldValue, PlateauIdx, Value};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// An initiative's `end` is before its `start`.
    ///
    /// ## What it checks
    ///
    /// For every initiative with both a `start` and an `end`, the end is on or after
    /// the start. The finding points at the `end`.
    ///
    /// ## Why it matters
    ///
    /// The dates place the initiative on the roadmap's timeline and say when its work
    /// is done. An end before the start is a slip of the keyboard (a swapped pair, a
    /// wrong year) that no plan can mean: the timeline cannot draw it, and every date
    /// compared with it is wrong.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// initiatives:
    ///   - id: timetable-redesign
    ///     name: Timetable redesign
    ///     lands_in: target
    ///     start: 2027-05-01
    ///     end: 2026-11-30                     # the year before it starts
    /// ```
    ///
    /// ## Fix
    ///
    /// Correct whichever date is wrong, so that the `end` is on or after the `start`.
    pub const RULE = InitiativeEndsBeforeStart, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    // `start` and `end` are never staged: one value holds every plateau.
    fn day(initiative: &Element, field: Field, at: PlateauIdx) -> Option<(&FieldValue, &str, i64)> {
        let f = initiative.field(field)?;
        match f.value.at(at)? {
            Value::Text(text) => day_number(text).map(|d| (f, text.as_str(), d)),
            _ => None,
        }
    }
    for (_, initiative) in model.of_kind(Kind::Initiatives) {
        let (Some((_, start, start_day)), Some((end, ends, end_day))) = (
            day(initiative, Field::Start, model.baseline()),
            day(initiative, Field::End, model.baseline()),
        ) else {
            continue;
        };
        if end_day >= start_day {
            continue;
        }
        out.push(
            out.at(
                end.span,
                format!(
                    "initiative `{}` ends on {ends}, before it starts on {start}",
                    initiative.id
                ),
            )
            .label(format!("before the start, {start}"))
            .element(&initiative.id)
            .help("correct the date that is wrong: the `end` must be on or after the `start`"),
        );
    }
}
