//! `initiative-order`: an initiative lands before one it depends on.

use crate::model::{ElementIdx, PlateauIdx, Value};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// An initiative lands in a plateau earlier than an initiative it depends on.
    ///
    /// ## What it checks
    ///
    /// For every initiative, each initiative named in its `depends_on` lands (`lands_in`)
    /// in the same plateau or an earlier one. The finding points at the dependency.
    ///
    /// ## Why it matters
    ///
    /// A dependency says one piece of change cannot be finished before another. A
    /// roadmap where the dependent lands first cannot be delivered as drawn: either the
    /// dependency is not real, or one of the two dates is wrong, and every plateau after
    /// it is planned on a false assumption.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// initiatives:
    ///   - id: core-banking-migration
    ///     name: Core banking migration
    ///     lands_in: target
    ///   - id: real-time-payments
    ///     name: Real-time payments
    ///     lands_in: wave-1
    ///     depends_on: [core-banking-migration]   # lands in `target`, after `wave-1`
    /// ```
    ///
    /// ## Fix
    ///
    /// Move the dependent initiative to the plateau where its dependency lands, or later
    /// (`lands_in: target`); bring the dependency forward; or, if the dependency is not
    /// real, remove it from `depends_on`.
    pub const RULE = InitiativeOrder, checked by check;
}

fn lands_in(ctx: &Context<'_>, idx: ElementIdx) -> Option<PlateauIdx> {
    crate::analysis::gaps::initiative_lands_in(ctx.model, idx)
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for (idx, initiative) in ctx.model.of_kind(Kind::Initiatives) {
        let Some(lands) = lands_in(ctx, idx) else {
            continue;
        };
        let deps = initiative
            .value_at(Field::DependsOn, ctx.model.baseline())
            .map_or(&[][..], Value::refs);
        for r in deps {
            let Some(dep_lands) = lands_in(ctx, r.target) else {
                continue;
            };
            if dep_lands <= lands {
                continue;
            }
            let dep = ctx.model.element(r.target);
            out.push(out
                .at(
                    r.span,
                    format!(
                        "initiative `{}` lands in `{}`, before `{}` it depends on, which lands in `{}`",
                        initiative.id,
                        ctx.plateau_id(lands),
                        dep.id,
                        ctx.plateau_id(dep_lands)
                    ),
                )
                .label(format!("lands in `{}`", ctx.plateau_id(dep_lands)))
                .element(&initiative.id)
                .help(format!(
                    "land `{}` in `{}` or later, bring `{}` forward, or drop the dependency if it is not real",
                    initiative.id,
                    ctx.plateau_id(dep_lands),
                    dep.id
                )));
        }
    }
}
