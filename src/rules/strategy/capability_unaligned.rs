//! `capability-unaligned`: a capability that serves neither an objective nor a customer.

use crate::analysis::coverage::{depth, has_present};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// A capability realizes no objective and supports no touchpoint.
    ///
    /// ## What it checks
    ///
    /// At the target plateau (or the one given by `--plateau`), a capability is aligned
    /// when it realizes an objective (`realizes`), when a touchpoint names it in its
    /// `capabilities`, or when one of its descendants (`parent`) is aligned. A capability
    /// that is not aligned is reported at the top of its unaligned branch only: its
    /// sub-capabilities are covered by the same finding.
    ///
    /// ## Why it matters
    ///
    /// Every capability costs money to run and to improve. One that neither serves the
    /// strategy nor supports a customer touchpoint is either missing its links in the
    /// model, or it is a candidate for simplification, outsourcing or retirement. The
    /// check keeps the capability map honest: everything on it is there for a reason.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: print-statements                # realizes nothing, supports nothing
    ///     name: Print paper statements
    /// ```
    ///
    /// ## Fix
    ///
    /// Link the capability to the objective it serves (`realizes: [...]`) or name it in
    /// the `capabilities` of the touchpoints it supports. If it serves neither, end it
    /// (`until:` the last plateau that needs it) with an initiative that retires it, or
    /// waive the rule with the reason it is kept (a regulatory duty, say).
    pub const RULE = CapabilityUnaligned, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let at = &ctx.at;
    let mut aligned = vec![false; ctx.model.elements.len()];
    // Deepest first, so a parent sees its children's answer.
    let mut order: Vec<_> = at
        .of_kind(Kind::Capabilities)
        .map(|(i, _)| (depth(at, i, Field::Parent), i))
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    for &(_, idx) in &order {
        aligned[idx.0] = has_present(at, idx, Field::Realizes)
            || at
                .linked(idx, Kind::Touchpoints, Field::Capabilities)
                .next()
                .is_some()
            || at
                .linked(idx, Kind::Capabilities, Field::Parent)
                .any(|c| aligned[c.0]);
    }
    for (idx, capability) in at.of_kind(Kind::Capabilities) {
        let parent_aligned = at
            .refs(idx, Field::Parent)
            .first()
            .is_none_or(|p| !at.contains(p.target) || aligned[p.target.0]);
        if aligned[idx.0] || !parent_aligned {
            continue;
        }
        let children = at.linked(idx, Kind::Capabilities, Field::Parent).count();
        let nor = match children {
            0 => String::new(),
            1 => ", nor does its sub-capability".to_owned(),
            n => format!(", nor do its {n} sub-capabilities"),
        };
        out.push(out
            .on(
                capability,
                format!(
                    "capability `{}` realizes no objective and supports no touchpoint in `{}`{nor}",
                    capability.id,
                    ctx.target_id()
                ),
            )
            .label("aligned to nothing")
            .help("add the objectives it serves to `realizes`, or name it in the `capabilities` of the touchpoints it supports; if it serves neither, plan its retirement"));
    }
}
