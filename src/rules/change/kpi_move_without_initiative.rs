//! `kpi-move-without-initiative`: a KPI planned to move where no initiative moves it.

use crate::analysis::gaps::initiative_lands_in;
use crate::model::{Element, ElementIdx, Model, PlateauIdx, Value};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};
use crate::text::number;

crate::declare_rule! {
    /// A KPI's value moves at a plateau, and no initiative landing there names it.
    ///
    /// ## What it checks
    ///
    /// For every plateau but the first (or the one given by `--plateau`), a KPI that
    /// exists in that plateau and the one before, with a `value` in both, and whose
    /// value differs between them, is named in the `kpis` of an initiative that lands
    /// in that plateau (`lands_in`). The finding points at the value entry in force
    /// there. The rule is quiet in a model where no initiative names any KPI in `kpis`,
    /// so that models which do not link initiatives to KPIs are not flooded.
    ///
    /// ## Why it matters
    ///
    /// A KPI's values per plateau are a plan: the onboarding time falls from 5 days to 2
    /// by `wave-1`. Such a move does not happen by itself; some piece of change brings
    /// it. When no initiative landing there claims the KPI, the plan cannot say what
    /// moves it, the roadmap cannot show which KPIs each initiative is accountable for,
    /// and a KPI that misses its target has no owner in the portfolio.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// kpis:
    ///   - id: time-to-open
    ///     name: Time to open an account
    ///     value: { current: 5, wave-1: 2 }    # moves in `wave-1`
    /// initiatives:
    ///   - id: digital-onboarding
    ///     name: Digital onboarding
    ///     lands_in: wave-1
    ///     kpis: [app-rating]                  # does not name time-to-open
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the KPI in the `kpis` of the initiative that moves it and lands in that
    /// plateau (`kpis: [app-rating, time-to-open]`). If the move is not planned, write
    /// the same value for the plateau.
    pub const RULE = KpiMoveWithoutInitiative, checked by check;
}

fn value(kpi: &Element, p: PlateauIdx) -> Option<f64> {
    if !kpi.exists_in(p) {
        return None;
    }
    kpi.value_at(Field::Value, p)?.number()
}

/// For every KPI, the initiatives whose `kpis` name it, with the plateau each lands in.
fn claims(model: &Model) -> Vec<Vec<(ElementIdx, Option<PlateauIdx>)>> {
    let mut claims = vec![Vec::new(); model.elements.len()];
    for (idx, initiative) in model.of_kind(Kind::Initiatives) {
        // An initiative's `kpis` is never staged: its one value holds every plateau.
        let refs = initiative
            .value_at(Field::Kpis, model.baseline())
            .map_or(&[][..], Value::refs);
        let lands = initiative_lands_in(model, idx);
        for r in refs {
            let list: &mut Vec<_> = &mut claims[r.target.0];
            if !list.iter().any(|&(i, _)| i == idx) {
                list.push((idx, lands));
            }
        }
    }
    claims
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    let claims = claims(model);
    if claims.iter().all(Vec::is_empty) {
        return;
    }
    for &p in ctx.plateaus.iter().filter(|p| p.0 > 0) {
        let before = PlateauIdx(p.0 - 1);
        for (idx, kpi) in model.of_kind(Kind::Kpis) {
            let (Some(was), Some(now)) = (value(kpi, before), value(kpi, p)) else {
                continue;
            };
            let claimed = &claims[idx.0];
            if was == now || claimed.iter().any(|&(_, lands)| lands == Some(p)) {
                continue;
            }
            let Some(field) = kpi.field(Field::Value) else {
                continue;
            };
            let (before_id, after_id) = (ctx.plateau_id(before), ctx.plateau_id(p));
            let (was, now) = (number(was), number(now));
            let message = format!(
                "KPI `{}` moves from {was} in `{before_id}` to {now} in `{after_id}`, but no initiative landing in `{after_id}` names it in `kpis`",
                kpi.id
            );
            let elsewhere: Vec<String> = claimed
                .iter()
                .map(|&(i, lands)| match lands {
                    Some(l) => format!("`{}` in `{}`", model.element(i).id, ctx.plateau_id(l)),
                    None => format!("`{}`", model.element(i).id),
                })
                .collect();
            let message = if elsewhere.is_empty() {
                message
            } else {
                format!(
                    "{message} (those that do land elsewhere: {})",
                    elsewhere.join(", ")
                )
            };
            out.push(out
                .at(field.span_at(p), message)
                .label(format!("{was} → {now}"))
                .element(&kpi.id)
                .plateau(after_id)
                .help(format!(
                    "name `{}` in the `kpis` of the initiative that moves it and lands in `{after_id}`, or write the same value if the move is not planned",
                    kpi.id
                )));
        }
    }
}
