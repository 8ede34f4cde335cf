//! `maturity-regression`: a capability's maturity falls between plateaus.

use crate::model::{PlateauIdx, Value};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};

crate::declare_rule! {
    /// A capability's maturity falls from one plateau to the next.
    ///
    /// ## What it checks
    ///
    /// For every plateau but the first (or the one given by `--plateau`), a capability
    /// that exists in that plateau and the one before, with a `maturity` in both, must
    /// not have a lower maturity than before. Each fall is reported at the plateau where
    /// it happens, pointing at the maturity entry in force there.
    ///
    /// ## Why it matters
    ///
    /// A transformation plan normally builds capability. A fall in maturity is sometimes
    /// intended (a capability run down before it is outsourced, or the dip of a platform
    /// migration), but often a typo in a staged value. It is reported as information so
    /// that intended falls can be seen, and waived with their reason.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// capabilities:
    ///   - id: fraud-management
    ///     name: Fraud management
    ///     maturity: { current: 3, wave-1: 4, target: 2 }   # falls from 4 to 2
    /// ```
    ///
    /// ## Fix
    ///
    /// Correct the value if it is a mistake. If the fall is intended, say why with a
    /// waiver: `waivers: [{ rule: maturity-regression, reason: "run down before
    /// outsourcing to the card scheme in 2028" }]`.
    pub const RULE = MaturityRegression, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let maturity = |v: Option<&Value>| match v {
        Some(Value::Integer(m)) => Some(*m),
        _ => None,
    };
    for &p in ctx.plateaus.iter().filter(|p| p.0 > 0) {
        let before = PlateauIdx(p.0 - 1);
        for (_, capability) in ctx.model.iter() {
            if capability.kind != Kind::Capabilities
                || !capability.exists_in(before)
                || !capability.exists_in(p)
            {
                continue;
            }
            let Some(field) = capability.field(Field::Maturity) else {
                continue;
            };
            let (Some(was), Some(now)) = (
                maturity(field.value.at(before)),
                maturity(field.value.at(p)),
            ) else {
                continue;
            };
            if now >= was {
                continue;
            }
            out.push(out
                .at(
                    field.span_at(p),
                    format!(
                        "capability `{}` falls from maturity {was} in `{}` to {now} in `{}`",
                        capability.id,
                        ctx.plateau_id(before),
                        ctx.plateau_id(p)
                    ),
                )
                .label(format!("{was} → {now}"))
                .element(&capability.id)
                .plateau(ctx.plateau_id(p))
                .help("correct the staged value, or waive the rule on this capability with the reason for the fall"));
        }
    }
}
