//! `touchpoint-without-process`: a touchpoint with no process behind it.

use crate::analysis::coverage::has_present;
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// A touchpoint has no process behind it.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every touchpoint names
    /// at least one process in `processes`: the work that happens, frontstage or
    /// backstage, when a customer uses it.
    ///
    /// ## Why it matters
    ///
    /// A service blueprint runs from what the customer sees, through the line of
    /// visibility, to the processes, people and systems that deliver it. A touchpoint
    /// with no process stops the blueprint at the line of visibility: the model says
    /// where the customer is served but not how. It is reported as information, since
    /// early models often map the customer side first.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// touchpoints:
    ///   - id: branch-counter                  # no `processes`
    ///     name: Branch counter
    ///     channel: branch
    ///     capabilities: [cash-services]
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the processes behind the touchpoint (`processes: [cash-withdrawal,
    /// cash-reconciliation]`).
    pub const RULE = TouchpointWithoutProcess, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, touchpoint) in at.of_kind(Kind::Touchpoints) {
        if has_present(at, idx, Field::Processes) {
            continue;
        }
        out.push(
            out.on(
                touchpoint,
                format!(
                    "touchpoint `{}` has no process behind it in `{}`",
                    touchpoint.id,
                    ctx.target_id()
                ),
            )
            .label("no process")
            .help("name the processes that serve customers here: `processes: [...]`"),
        );
    }
}
