//! `initiative-unsized`: an initiative with no cost and no effort.

use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// An initiative has neither a `cost` nor an `effort`.
    ///
    /// ## What it checks
    ///
    /// Every initiative has a `cost` (an amount) or an `effort` (a score from 1 to 5),
    /// or both.
    ///
    /// ## Why it matters
    ///
    /// A roadmap is a set of choices, and choices need a price. An initiative with no
    /// cost and no effort cannot be weighed against its benefit or its value: the gap
    /// report ranks it last, without a rank, and the plan cannot say whether the
    /// portfolio fits the budget or the people available. A rough effort score is
    /// enough to start with.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// initiatives:
    ///   - id: crm-upgrade                     # no `cost`, no `effort`
    ///     name: CRM upgrade
    ///     lands_in: wave-1
    ///     delivers: [crm-v2]
    /// ```
    ///
    /// ## Fix
    ///
    /// Size it: `cost: 450000` when the amount is known, or `effort: 3` (from 1, small,
    /// to 5, very large) until it is.
    pub const RULE = InitiativeUnsized, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for (_, initiative) in ctx.model.of_kind(Kind::Initiatives) {
        if initiative.field(Field::Cost).is_some() || initiative.field(Field::Effort).is_some() {
            continue;
        }
        out.push(
            out.on(
                initiative,
                format!(
                    "initiative `{}` has neither a cost nor an effort",
                    initiative.id
                ),
            )
            .label("unsized")
            .help(
                "size it: `cost: ...` when the amount is known, or `effort: 1` to `5` until it is",
            ),
        );
    }
}
