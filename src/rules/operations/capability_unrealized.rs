//! `capability-unrealized`: a leaf capability with nothing that performs it.

use crate::analysis::coverage::{capability_realized, is_leaf};
use crate::rules::{Context, Findings};
use crate::spec::Kind;

crate::declare_rule! {
    /// A leaf capability has no process and no supplier providing it.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every capability with no
    /// sub-capabilities (a leaf of the capability map) is realized: a process names it
    /// in its `capabilities`, a supplier names it in `provides`, or the capability names
    /// a supplier in its own `suppliers`. Parent capabilities are realized through their
    /// children and are not checked.
    ///
    /// ## Why it matters
    ///
    /// A capability is an ability the organisation claims. At the bottom of the map,
    /// that claim must rest on something that does the work: an internal process or an
    /// external provider. A leaf capability with neither is a claim with nothing behind
    /// it; the figure "leaf capabilities realized by a process or supplier" in the check
    /// summary counts it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: collections                     # no process, no supplier
    ///     name: Collections and recoveries
    ///     parent: credit-management
    /// ```
    ///
    /// ## Fix
    ///
    /// Add the process that performs it (`capabilities: [collections]` on the process),
    /// or the supplier that provides it (`provides: [collections]` on the supplier, or
    /// `suppliers: [debt-agency]` on the capability).
    pub const RULE = CapabilityUnrealized, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, capability) in at.of_kind(Kind::Capabilities) {
        if !is_leaf(at, idx) || capability_realized(at, idx) {
            continue;
        }
        out.push(
            out.on(
                capability,
                format!(
                    "capability `{}` has no process and no supplier providing it in `{}`",
                    capability.id,
                    ctx.target_id()
                ),
            )
            .label("realized by nothing")
            .help(format!(
                "add a process with `capabilities: [{0}]`, or a supplier with `provides: [{0}]`",
                capability.id
            )),
        );
    }
}
