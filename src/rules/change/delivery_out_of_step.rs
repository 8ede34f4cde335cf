//! `delivery-out-of-step`: an initiative delivers an element in a plateau where it does not change.

use crate::rules::{Context, Findings};
use crate::spec::Kind;

crate::declare_rule! {
    /// An initiative delivers an element that does not change in the plateau it lands in.
    ///
    /// ## What it checks
    ///
    /// A step is a pair of consecutive plateaus. An element *changes* in a step when it
    /// has a gap between the step's two plateaus (see the gaps in the format reference):
    /// it is added, removed, or one of its staged values differs. A change that first
    /// appears at plateau P is delivered by an initiative that lands in P.
    ///
    /// For every initiative and every element in its `delivers`: if the element changes
    /// in some step, it must change in the step that ends at the plateau the initiative
    /// lands in (`lands_in`). Otherwise the initiative is out of step with what it
    /// delivers, and the finding names the plateaus where the element does change. An
    /// initiative landing in the first plateau delivers nothing in step, since no step
    /// ends there. An element that changes in no step at all is `delivers-unchanged`.
    ///
    /// ## Why it matters
    ///
    /// The roadmap says when each change is in place. An initiative that lands in
    /// `target` but delivers a touchpoint already live at `wave-1` claims work that is
    /// either finished before it lands or not planned where it happens: the plateau
    /// `wave-1` shows a change no work delivers, and the cost and benefit of the
    /// initiative are booked in the wrong place. Without this check, setting every
    /// initiative to land in the first plateau would still show every gap delivered.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// touchpoints:
    ///   - id: mobile-app
    ///     name: Mobile app
    ///     from: wave-1                        # changes (is added) in wave-1
    /// initiatives:
    ///   - id: mobile-first
    ///     name: Mobile first
    ///     lands_in: target                    # but the initiative lands in target
    ///     delivers: [mobile-app]
    /// ```
    ///
    /// ## Fix
    ///
    /// Land the initiative in the plateau where the element changes (`lands_in: wave-1`).
    /// If it delivers over several plateaus, split it into phases: one initiative per
    /// landing, each naming the elements that change there.
    pub const RULE = DeliveryOutOfStep, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    for (idx, initiative) in model.of_kind(Kind::Initiatives) {
        let Some(lands) = crate::analysis::gaps::initiative_lands_in(model, idx) else {
            continue;
        };
        let lands_id = ctx.plateau_id(lands);
        for r in super::delivered(ctx, idx) {
            let changes_in = &ctx.changes[r.target.0];
            if changes_in.is_empty() || changes_in.contains(&lands) {
                continue;
            }
            let e = model.element(r.target);
            let plateaus: Vec<String> = changes_in
                .iter()
                .map(|&p| format!("`{}`", ctx.plateau_id(p)))
                .collect();
            out.push(out
                .at(
                    r.span,
                    format!(
                        "initiative `{}` lands in `{lands_id}` and delivers {} `{}`, which does not change there: it changes in {}",
                        initiative.id,
                        e.kind.singular(),
                        e.id,
                        plateaus.join(", ")
                    ),
                )
                .label(format!("changes in {}", plateaus.join(", ")))
                .element(&initiative.id)
                .help(if plateaus.len() == 1 {
                    format!(
                        "land `{}` in {} where `{}` changes, or split it into phases: one initiative per landing, each delivering what changes there",
                        initiative.id, plateaus[0], e.id
                    )
                } else {
                    format!(
                        "split `{}` into phases: one initiative landing in each of {}, each delivering what changes there",
                        initiative.id,
                        plateaus.join(", ")
                    )
                }));
        }
    }
}
