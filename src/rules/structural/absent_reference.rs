//! `absent-reference`: a reference names an element that does not exist in a plateau
//! where the reference holds.

use indexmap::IndexMap;

use crate::model::{ElementIdx, PlateauIdx, Ref};
use crate::rules::{Context, Findings};
use crate::spec::Field;

crate::declare_rule! {
    /// A reference names an element that does not exist in a plateau where it holds.
    ///
    /// ## What it checks
    ///
    /// Elements live from their `from` plateau to their `until` plateau. In every plateau
    /// where an element exists, each of its references must name an element that also
    /// exists there. A reference written per plateau is checked with the value in force
    /// in each plateau. One reference absent from several plateaus is reported once, at
    /// the first of them, naming them all. An initiative's `delivers` is exempt: it names
    /// the elements the initiative adds or removes, which by nature are absent from one
    /// side of the change, and so are its `kpis` and `addresses`, which may start or end
    /// on the way. So is an insight's `about`: evidence about a touchpoint or a journey
    /// stays true after it is retired. `tomc check --plateau P` checks plateau P
    /// only.
    ///
    /// ## Why it matters
    ///
    /// A plateau is a state of the organisation that must make sense on its own: the
    /// day the bank runs the "wave 1" model, the touchpoint cannot be supported by a
    /// capability that will only be built in the target. Such a link makes every view of
    /// that plateau (the manifest, the heat map, the service blueprint) describe an
    /// organisation that cannot exist.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: digital-onboarding
    ///     name: Digital onboarding
    ///     from: target                          # built only in the target
    /// touchpoints:
    ///   - id: mobile-app
    ///     name: Mobile app
    ///     capabilities: [digital-onboarding]    # absent in `current` and `wave-1`
    /// ```
    ///
    /// ## Fix
    ///
    /// Write the reference per plateau so that it names the element only where it
    /// exists (`capabilities: { current: [branch-onboarding], target:
    /// [digital-onboarding] }`), or move the `from`/`until` of one of the two elements so
    /// their lives overlap.
    pub const RULE = AbsentReference, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    // One finding per written reference, with every plateau where it is absent.
    let mut absent: IndexMap<(ElementIdx, Field, Ref), Vec<PlateauIdx>> = IndexMap::new();
    // Each element's life, packed: the targets of 100,000 elements' links are looked
    // up here rather than in the elements themselves, which are far apart in memory.
    let lives: Vec<(PlateauIdx, PlateauIdx)> =
        model.elements.iter().map(|e| (e.from, e.until)).collect();
    let exists = |idx: ElementIdx, p: PlateauIdx| {
        let (from, until) = lives[idx.0];
        from <= p && p <= until
    };
    // Only the links out of each element are needed, not a whole projection.
    for (idx, e) in model.iter() {
        for &p in ctx.plateaus.iter().filter(|&&p| e.exists_in(p)) {
            for (field, r) in e.outgoing_at(p) {
                if !field.is_timeless(e.kind) && !exists(r.target, p) {
                    absent.entry((idx, field, r)).or_default().push(p);
                }
            }
        }
    }
    // Reported by the first plateau where a link is absent, then in the model's order.
    // (A stable sort: the links of one element keep the order they are written in.)
    absent.sort_by(|(a, ..), pa, (b, ..), pb| (pa[0], a).cmp(&(pb[0], b)));
    for ((idx, field, r), plateaus) in absent {
        let element = model.element(idx);
        let target = model.element(r.target);
        let id = |q: PlateauIdx| format!("`{}`", ctx.plateau_id(q));
        let lives = if target.from == target.until {
            format!("it exists only in {}", id(target.from))
        } else {
            format!("it exists from {} to {}", id(target.from), id(target.until))
        };
        let names: Vec<String> = plateaus.iter().map(|&q| id(q)).collect();
        let (noun, list) = match names.as_slice() {
            [one] => ("plateau", one.clone()),
            [init @ .., last] => ("plateaus", format!("{} and {last}", init.join(", "))),
            [] => continue,
        };
        out.push(out
            .at(
                r.span,
                format!(
                    "{} `{}` does not exist in {noun} {list}; {lives}",
                    target.kind.singular(),
                    target.id
                ),
            )
            .label(format!("absent in {list}"))
            .element(&element.id)
            .plateau(ctx.plateau_id(plateaus[0]))
            .help(format!(
                "write `{}` per plateau so it names `{}` only where it exists, or change `from`/`until` of one of the two elements",
                field.key(),
                target.id
            )));
    }
}
