//! `orphan-element`: an operational element connected to nothing.

use crate::rules::{Context, Findings};
use crate::spec::Kind;

/// The kinds that must be connected to the rest of the model.
const CHECKED: &[Kind] = &[
    Kind::Processes,
    Kind::Systems,
    Kind::Information,
    Kind::Suppliers,
    Kind::Locations,
    Kind::Roles,
];

crate::declare_rule! {
    /// A process, system, information object, supplier, location or role is connected to nothing.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), each process, system,
    /// information object, supplier, location and role is either referenced by another
    /// element that exists there (in any field: a process's `systems`, an element's
    /// `owner`, an initiative's `delivers`, …) or itself references a capability.
    ///
    /// ## Why it matters
    ///
    /// Inventories imported into a model (application lists, role catalogues, site
    /// lists) often carry entries nothing uses. An orphan does not contribute to any
    /// capability, so it cannot be traced to the strategy: it is either a link missing
    /// from the model or a candidate for decommissioning. It is reported as information,
    /// since a model under construction has many.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// systems:
    ///   - id: legacy-fax-server               # used by no process
    ///     name: Legacy fax server
    ///     lifecycle: active
    /// ```
    ///
    /// ## Fix
    ///
    /// Connect it where it is used (`systems: [legacy-fax-server]` on the process that
    /// uses it, `capabilities: [...]` on a process), or end it with `until:` and an
    /// initiative that retires it.
    pub const RULE = OrphanElement, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    let model = ctx.model;
    for (idx, element) in at.elements() {
        if !CHECKED.contains(&element.kind) || !at.incoming(idx).is_empty() {
            continue;
        }
        let to_capability = at.outgoing(idx).any(|(_, r)| {
            at.contains(r.target) && model.element(r.target).kind == Kind::Capabilities
        });
        if to_capability {
            continue;
        }
        out.push(out
            .on(
                element,
                format!(
                    "{} `{}` is referenced by nothing and references no capability in `{}`",
                    element.kind.singular(),
                    element.id,
                    ctx.target_id()
                ),
            )
            .label("connected to nothing")
            .help("reference it where it is used (a process's `systems`, `roles`, `information` or `locations`), or end it with `until:`"));
    }
}
