//! `missing-owner`: an element that should have an owner has none.

use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

/// The kinds that need an owner.
const OWNED: &[Kind] = &[
    Kind::Capabilities,
    Kind::Touchpoints,
    Kind::Processes,
    Kind::Kpis,
    Kind::Initiatives,
];

crate::declare_rule! {
    /// A capability, touchpoint, process, KPI or initiative has no owner.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every capability,
    /// touchpoint, process, KPI and initiative has an `owner`: an org unit or a role.
    /// An owner written per plateau must be set in the checked plateau.
    ///
    /// ## Why it matters
    ///
    /// An operating model is about accountability as much as structure. These are the
    /// elements someone must answer for: a capability's maturity, a touchpoint's
    /// experience, a process's performance, a KPI's figure, an initiative's delivery.
    /// Without a named owner, decisions about them have no one to go to.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// processes:
    ///   - id: loan-underwriting               # no owner
    ///     name: Loan underwriting
    ///     capabilities: [credit-decisioning]
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the org unit or role that owns it (`owner: head-of-credit`). Owners may
    /// change between plateaus: `owner: { current: credit-ops, target: lending-tribe }`.
    pub const RULE = MissingOwner, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, element) in at.elements() {
        if !OWNED.contains(&element.kind) || at.value(idx, Field::Owner).is_some() {
            continue;
        }
        out.push(
            out.on(
                element,
                format!(
                    "{} `{}` has no owner in `{}`",
                    element.kind.singular(),
                    element.id,
                    ctx.target_id()
                ),
            )
            .label("no owner")
            .help("name the org unit or role accountable for it: `owner: ...`"),
        );
    }
}
