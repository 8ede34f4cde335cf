//! `gap-without-initiative`: a change between today and the target nobody delivers.

use crate::diag::Severity;
use crate::format::Field;
use crate::gaps::{Change, maturity_rise};
use crate::rules::{Context, Family, Findings, Scope};

crate::declare_rule! {
    /// An element is added, removed or uplifted by the target and no initiative delivers it.
    ///
    /// ## What it checks
    ///
    /// Between the first plateau (the baseline) and the target (or the plateau given by
    /// `--plateau`), every gap that takes work must be named in the `delivers` of at
    /// least one initiative:
    ///
    /// - an element that exists in the target but not in the baseline (added);
    /// - an element that exists in the baseline but not in the target (removed);
    /// - a capability whose `maturity` rises (a maturity first written after the
    ///   baseline counts as a rise from 0).
    ///
    /// Other changes of value (a new owner, a system's lifecycle moving on) are
    /// consequences of the plan rather than pieces of work, and are not checked. An
    /// element that appears and disappears between the two plateaus is no gap.
    ///
    /// ## Why it matters
    ///
    /// The gaps between today and the target are the transformation. A gap no initiative
    /// delivers is a change the roadmap assumes will happen by itself: unfunded, unowned
    /// and unscheduled. This is the check that ties the target state to the portfolio;
    /// the figure "gaps delivered by an initiative" in the check summary counts it.
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
    /// Add the element's id to the `delivers` of the initiative that makes the change
    /// (`delivers: [mobile-app, digital-onboarding]`), or add an initiative for it with
    /// the plateau it `lands_in`.
    pub const RULE = {
        id: "gap-without-initiative",
        family: Family::Change,
        default: Severity::Error,
        structural: false,
        scope: Scope::BaselineToTarget,
        check: Some(check),
    };
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    let (from, to) = (model.baseline(), ctx.at.plateau());
    let (baseline, target) = (ctx.plateau_id(from), ctx.target_id());
    for gap in &ctx.gaps {
        if !gap.needs_initiative(model, from, to)
            || !ctx.deliveries.of_element(gap.element).is_empty()
        {
            continue;
        }
        let e = model.element(gap.element);
        let what = format!("{} `{}`", e.kind.singular(), e.id);
        let (span, message, label) = match &gap.change {
            Change::Added => (
                e.id_span,
                format!(
                    "{what} is added between `{baseline}` and `{target}` (it exists from `{}`), but no initiative delivers it",
                    ctx.plateau_id(e.from)
                ),
                "added, delivered by no initiative",
            ),
            Change::Removed => (
                e.id_span,
                format!(
                    "{what} is removed between `{baseline}` and `{target}` (its last plateau is `{}`), but no initiative delivers it",
                    ctx.plateau_id(e.until)
                ),
                "removed, delivered by no initiative",
            ),
            Change::Changed(_) => {
                let Some((before, after)) = maturity_rise(model, gap.element, from, to) else {
                    continue;
                };
                let span = e
                    .field(Field::Maturity)
                    .map_or(e.id_span, |f| f.span_at(to));
                (
                    span,
                    format!(
                        "{what} rises from maturity {before} in `{baseline}` to {after} in `{target}`, but no initiative delivers it"
                    ),
                    "uplift delivered by no initiative",
                )
            }
        };
        let d = out
            .at(span, message)
            .label(label)
            .element(&e.id)
            .help(format!(
                "add `{}` to the `delivers` of the initiative that makes this change, or add an initiative for it",
                e.id
            ));
        out.push(d);
    }
}
