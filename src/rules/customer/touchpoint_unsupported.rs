//! `touchpoint-unsupported`: a touchpoint no capability supports.

use crate::analysis::coverage::touchpoint_supported;
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// A touchpoint is supported by no capability.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), every touchpoint names
    /// in its `capabilities` at least one capability that exists in that plateau. The
    /// list may be written per plateau; the value in force in the checked plateau is
    /// the one that counts.
    ///
    /// ## Why it matters
    ///
    /// A touchpoint is a place where customers meet the organisation: the mobile app, a
    /// branch counter, the contact centre. If no capability stands behind it, nobody is
    /// accountable for what happens there, and the model cannot say what it takes to
    /// serve the customer at that moment. This link is what ties the customer view of
    /// the model to the operational one; the check summary counts it as "touchpoints
    /// supported by a capability".
    ///
    /// ## Example
    ///
    /// ```yaml
    /// touchpoints:
    ///   - id: mobile-app                      # no `capabilities`
    ///     name: Mobile banking app
    ///     channel: mobile
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the capabilities that make the touchpoint work:
    ///
    /// ```yaml
    ///     capabilities: [digital-onboarding, payments-execution]
    /// ```
    ///
    /// If the touchpoint is closed in the target, end it with `until:` instead.
    pub const RULE = TouchpointUnsupported, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    for (idx, touchpoint) in at.of_kind(Kind::Touchpoints) {
        if touchpoint_supported(at, idx) {
            continue;
        }
        out.push(
            out.on(
                touchpoint,
                format!(
                    "touchpoint `{}` is supported by no capability in `{}`",
                    touchpoint.id,
                    ctx.target_id()
                ),
            )
            .label("supported by no capability")
            .help(format!(
                "name the capabilities behind it: `{}: [...]`",
                Field::Capabilities.key()
            )),
        );
    }
}
