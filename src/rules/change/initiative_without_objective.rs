//! `initiative-without-objective`: an initiative that serves no objective.

use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// An initiative names no objective.
    ///
    /// ## What it checks
    ///
    /// Every initiative names at least one objective in `objectives`, in the spec as
    /// written: an initiative whose `objectives` are written per plateau passes if any
    /// plateau names one.
    ///
    /// ## Why it matters
    ///
    /// Initiatives spend the transformation budget. One that names no objective cannot
    /// be prioritised against the others or justified to the people who fund it, and
    /// the roadmap cannot show which goals it moves. It is the portfolio side of
    /// strategy-to-execution traceability.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// initiatives:
    ///   - id: crm-upgrade                     # no `objectives`
    ///     name: CRM upgrade
    ///     lands_in: wave-1
    ///     delivers: [crm-v2]
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the objectives it contributes to: `objectives: [improve-customer-experience]`.
    /// An initiative that serves none is worth questioning before it is funded.
    pub const RULE = InitiativeWithoutObjective, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for (_, initiative) in ctx.model.of_kind(Kind::Initiatives) {
        let names_one = initiative
            .field(Field::Objectives)
            .is_some_and(|f| f.value.values().any(|v| !v.refs().is_empty()));
        if names_one {
            continue;
        }
        out.push(
            out.on(
                initiative,
                format!("initiative `{}` names no objective", initiative.id),
            )
            .label("no objective")
            .help("name the objectives it contributes to: `objectives: [...]`"),
        );
    }
}
