//! `delivers-unchanged`: an initiative delivers an element that never changes.

use crate::rules::{Context, Findings};
use crate::spec::Kind;

crate::declare_rule! {
    /// An initiative delivers an element that is the same in every plateau.
    ///
    /// ## What it checks
    ///
    /// A step is a pair of consecutive plateaus. An element *changes* in a step when it
    /// has a gap between the step's two plateaus (see the gaps in the format reference):
    /// it is added, removed, or one of its staged values differs.
    ///
    /// For every initiative and every element in its `delivers`, the element must change
    /// in at least one step: exist only from or until some plateau (`from`, `until`), or
    /// hold a staged value that differs from one plateau to the next. One finding per
    /// initiative and element, at the reference in `delivers`.
    ///
    /// ## Why it matters
    ///
    /// `delivers` says what an initiative changes. An element that is the same in every
    /// plateau is not changed by anything, so either the change is missing from the
    /// model (the initiative really does build or retire it, but no plateau shows that)
    /// or the reference is wrong. Either way the roadmap and the gap report credit the
    /// initiative with work that the model does not show.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// systems:
    ///   - id: core-banking                    # no from, no until, nothing staged
    ///     name: Core banking
    ///     lifecycle: active
    /// initiatives:
    ///   - id: core-migration
    ///     name: Core banking migration
    ///     lands_in: target
    ///     delivers: [core-banking]
    /// ```
    ///
    /// ## Fix
    ///
    /// Model the change the initiative makes, in the plateau it lands in (`lifecycle:
    /// { current: active, target: phasing-out }`, or `from: target` for something new),
    /// or remove the element from `delivers`.
    pub const RULE = DeliversUnchanged, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    for (idx, initiative) in model.of_kind(Kind::Initiatives) {
        for r in super::delivered(ctx, idx) {
            if !ctx.changes[r.target.0].is_empty() {
                continue;
            }
            let e = model.element(r.target);
            out.push(out
                .at(
                    r.span,
                    format!(
                        "initiative `{}` delivers {} `{}`, which changes in no step: it is the same in every plateau where it exists",
                        initiative.id,
                        e.kind.singular(),
                        e.id
                    ),
                )
                .label("changes in no step")
                .element(&initiative.id)
                .help(format!(
                    "stage the change `{}` makes to `{}` in the plateau where it lands (`from`, `until` or a value per plateau), or remove `{}` from `delivers`",
                    initiative.id, e.id, e.id
                )));
        }
    }
}
