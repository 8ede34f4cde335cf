//! `sourcing-without-supplier`: a capability bought in from nobody.

use indexmap::IndexMap;

use crate::model::{ElementIdx, PlateauIdx, Value};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind, Sourcing};

crate::declare_rule! {
    /// A capability sourced from a partner or outsourced has no supplier linked to it.
    ///
    /// ## What it checks
    ///
    /// In every plateau (or the one given by `--plateau`), a capability whose `sourcing`
    /// is `partner` or `outsourced` there is linked to a supplier that exists there:
    /// named in the capability's `suppliers`, or naming the capability in its
    /// `provides`, as the values stand in that plateau. The plateaus where the same
    /// `sourcing` entry lacks a supplier are reported in one finding, at that entry,
    /// with the first of them as its plateau.
    ///
    /// ## Why it matters
    ///
    /// A capability that is partnered or outsourced depends on someone outside the
    /// organisation. Without the supplier in the model, the contract, its service level
    /// and the risk of losing it cannot be traced to the capabilities, the processes and
    /// the customers that depend on them, and a change of supplier does not show up as a
    /// change of the operating model.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: card-processing
    ///     name: Card processing
    ///     sourcing: outsourced                # no supplier provides it
    /// ```
    ///
    /// ## Fix
    ///
    /// Add the supplier and link it, from either side: `suppliers: [card-scheme-ltd]`
    /// on the capability or `provides: [card-processing]` on the supplier, staged per
    /// plateau when the supplier changes. If the capability is run in-house, correct its
    /// `sourcing`.
    pub const RULE = SourcingWithoutSupplier, checked by check;
}

/// A capability's `sourcing` entry: the capability, and the plateau whose entry is in
/// force (`None` for a value written once for every plateau).
type Entry = (ElementIdx, Option<PlateauIdx>);

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    // By `sourcing` entry: the plateaus without a supplier, with the sourcing there.
    let mut lacking: IndexMap<Entry, Vec<(PlateauIdx, Sourcing)>> = IndexMap::new();
    for &p in &ctx.plateaus {
        let mut provided = vec![false; model.elements.len()];
        for (_, supplier) in model.of_kind(Kind::Suppliers) {
            if !supplier.exists_in(p) {
                continue;
            }
            let provides = supplier
                .value_at(Field::Provides, p)
                .map_or(&[][..], Value::refs);
            for r in provides {
                provided[r.target.0] = true;
            }
        }
        for (idx, capability) in model.of_kind(Kind::Capabilities) {
            if !capability.exists_in(p) || provided[idx.0] {
                continue;
            }
            let Some(field) = capability.field(Field::Sourcing) else {
                continue;
            };
            let Some(sourcing @ (Sourcing::Partner | Sourcing::Outsourced)) =
                field.value.at(p).and_then(Value::word::<Sourcing>)
            else {
                continue;
            };
            let named = capability
                .value_at(Field::Suppliers, p)
                .map_or(&[][..], Value::refs)
                .iter()
                .any(|r| model.element(r.target).exists_in(p));
            if named {
                continue;
            }
            lacking
                .entry((idx, field.written_for(p)))
                .or_default()
                .push((p, sourcing));
        }
    }
    for ((idx, _), plateaus) in lacking {
        let capability = model.element(idx);
        let Some(field) = capability.field(Field::Sourcing) else {
            continue;
        };
        let (first, sourcing) = plateaus[0];
        let ids: Vec<String> = plateaus
            .iter()
            .map(|(p, _)| format!("`{}`", ctx.plateau_id(*p)))
            .collect();
        out.push(out
            .at(
                field.span_at(first),
                format!(
                    "capability `{}` is sourced `{sourcing}` in {}, but no supplier is linked to it there",
                    capability.id,
                    ids.join(" and ")
                ),
            )
            .label(format!("`{sourcing}`, no supplier"))
            .element(&capability.id)
            .plateau(ctx.plateau_id(first))
            .help(format!(
                "link the supplier from either side: `suppliers: [...]` on the capability or `provides: [{}]` on the supplier; if it is run in-house, correct `sourcing`",
                capability.id
            )));
    }
}
