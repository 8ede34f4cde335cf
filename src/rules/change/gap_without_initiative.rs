//! `gap-without-initiative`: a change of one step of the plan that nobody delivers.

use crate::analysis::gaps::{Change, maturity_rise};
use crate::rules::{Context, Findings};
use crate::spec::Field;

crate::declare_rule! {
    /// An element is added, removed or uplifted in a step and no initiative landing there delivers it.
    ///
    /// ## What it checks
    ///
    /// A step is a pair of consecutive plateaus (`current` → `wave-1`, `wave-1` →
    /// `target`). For every step from the first plateau to the target (or to the plateau
    /// given by `--plateau`), every change that takes work must be named in the
    /// `delivers` of at least one initiative that lands (`lands_in`) at the end of that
    /// step, where the change first appears:
    ///
    /// - an element that exists in the later plateau but not in the earlier (added);
    /// - an element that exists in the earlier plateau but not in the later (removed);
    /// - a capability whose `maturity` rises (a maturity first written in the later
    ///   plateau counts as a rise from 0).
    ///
    /// There is one finding per element and step. Other changes of value (a new owner, a
    /// system's lifecycle moving on) are consequences of the plan rather than pieces of
    /// work, and are not checked here. An element that appears in one step and goes in
    /// the next is two gaps, each to be delivered.
    ///
    /// ## Why it matters
    ///
    /// The gaps between today and the target are the transformation, and a plan moves
    /// one step at a time. A gap no initiative delivers is a change the roadmap assumes
    /// will happen by itself: unfunded, unowned and unscheduled. A gap delivered only by
    /// an initiative that lands in another plateau is just as unplanned for that step:
    /// the change is in place before (or after) the work that makes it is done. The
    /// figure "gaps delivered by an initiative" in the check summary counts gaps per
    /// step in the same way.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: digital-onboarding              # added in `target`
    ///     name: Digital onboarding
    ///     from: target
    /// initiatives:
    ///   - id: mobile-first
    ///     name: Mobile first
    ///     lands_in: target
    ///     delivers: [mobile-app]              # does not name digital-onboarding
    /// ```
    ///
    /// ## Fix
    ///
    /// Add the element's id to the `delivers` of the initiative that makes the change and
    /// lands at the end of the step (`delivers: [mobile-app, digital-onboarding]`), or
    /// add an initiative for it that lands there. A programme that delivers over several
    /// plateaus is one initiative per landing (its phases).
    pub const RULE = GapWithoutInitiative, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    for step in &ctx.gaps {
        if !step.needs_initiative || !step.delivered_by.is_empty() {
            continue;
        }
        let (from, to) = (step.from, step.to);
        let (before_id, after_id) = (ctx.plateau_id(from), ctx.plateau_id(to));
        let e = model.element(step.gap.element);
        let what = format!("{} `{}`", e.kind.singular(), e.id);
        let (span, message, label) = match &step.gap.change {
            Change::Added => (
                e.id_span,
                format!("{what} is added between `{before_id}` and `{after_id}`"),
                format!("added in `{after_id}`, delivered by no initiative landing there"),
            ),
            Change::Removed => (
                e.id_span,
                format!("{what} is removed between `{before_id}` and `{after_id}`"),
                format!("removed in `{after_id}`, delivered by no initiative landing there"),
            ),
            Change::Changed(_) => {
                let Some((before, after)) = maturity_rise(model, step.gap.element, from, to) else {
                    continue;
                };
                let span = e
                    .field(Field::Maturity)
                    .map_or(e.id_span, |f| f.span_at(to));
                (
                    span,
                    format!(
                        "{what} rises from maturity {before} in `{before_id}` to {after} in `{after_id}`"
                    ),
                    format!("uplift in `{after_id}`, delivered by no initiative landing there"),
                )
            }
        };
        let elsewhere: Vec<String> = ctx
            .deliveries
            .of_element(step.gap.element)
            .iter()
            .map(
                |&i| match crate::analysis::gaps::initiative_lands_in(model, i) {
                    Some(p) => format!("`{}` in `{}`", model.element(i).id, ctx.plateau_id(p)),
                    None => format!("`{}`", model.element(i).id),
                },
            )
            .collect();
        let message = if elsewhere.is_empty() {
            format!("{message}, but no initiative delivers it")
        } else {
            format!(
                "{message}, but no initiative landing in `{after_id}` delivers it (those that do land elsewhere: {})",
                elsewhere.join(", ")
            )
        };
        out.push(out
            .at(span, message)
            .label(label)
            .element(&e.id)
            .plateau(after_id)
            .help(format!(
                "add `{}` to the `delivers` of the initiative that makes this change and lands in `{after_id}`, or add an initiative for it that lands there",
                e.id
            )));
    }
}
