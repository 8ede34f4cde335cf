//! `objective-unrealized`: an objective no capability realizes.

use crate::analysis::coverage::objectives_realized;
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// An objective is realized by no capability.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every objective must be
    /// realized: a capability names it in `realizes`, or it has child objectives
    /// (`parent`) and every one of them is realized. When an objective has children, the
    /// finding is on the children that are not realized, not repeated on the parent:
    /// realizing them realizes the parent.
    ///
    /// ## Why it matters
    ///
    /// An objective nothing realizes is a promise with no means behind it: no part of
    /// the organisation is able to deliver it. This is the first question a board asks
    /// of an operating model ("what will make this happen?"), and the figure
    /// "objectives realized by a capability" in the check summary counts it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// objectives:
    ///   - id: grow-digital-sales              # no capability realizes it
    ///     name: Grow digital sales to 40% of new accounts
    /// capabilities:
    ///   - id: branch-sales
    ///     name: Branch sales
    ///     realizes: []
    /// ```
    ///
    /// ## Fix
    ///
    /// Add the objective's id to the `realizes` of the capability that delivers it
    /// (`realizes: [grow-digital-sales]`). If no capability does, the model has found a
    /// real gap: add the capability, with the initiative that builds it. If the objective
    /// is no longer pursued, set its `until` to the last plateau where it applies.
    pub const RULE = ObjectiveUnrealized, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    let realized = objectives_realized(at);
    for (idx, objective) in at.of_kind(Kind::Objectives) {
        let has_children = at
            .linked(idx, Kind::Objectives, Field::Parent)
            .next()
            .is_some();
        if realized[idx.0] || has_children {
            continue;
        }
        out.push(out
            .on(
                objective,
                format!(
                    "objective `{}` is realized by no capability in `{}`",
                    objective.id,
                    ctx.target_id()
                ),
            )
            .label("realized by no capability")
            .help(format!(
                "add `{}` to the `realizes` of the capability that delivers it, or add that capability",
                objective.id
            )));
    }
}
