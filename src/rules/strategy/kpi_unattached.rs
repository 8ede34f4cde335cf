//! `kpi-unattached`: a KPI that measures nothing of the model.

use crate::model::Value;
use crate::rules::{Context, Findings};
use crate::spec::Kind;

crate::declare_rule! {
    /// A KPI is named by no element of the model.
    ///
    /// ## What it checks
    ///
    /// Every KPI is named by some reference of another element, in the spec as written
    /// and in any plateau: the `kpis` of an objective, journey, touchpoint, process or
    /// initiative, or any other field that may name a KPI.
    ///
    /// ## Why it matters
    ///
    /// A KPI says how well something works: an objective, a journey, a touchpoint, a
    /// process. One that nothing names measures nothing the model knows of: no
    /// objective is judged by it, no initiative is accountable for it, and the site
    /// shows it alone. It is either a link missing from the model or a measure left over
    /// from an earlier scorecard. It is reported as information, since a model under
    /// construction often lists KPIs before linking them.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// kpis:
    ///   - id: branch-footfall                 # no element names it
    ///     name: Branch footfall
    ///     unit: visits
    ///     value: { current: 12000, target: 8000 }
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the KPI where it measures something: `kpis: [branch-footfall]` on the
    /// objective, journey, touchpoint or process it is about, or on the initiative that
    /// moves it. If nothing needs it, remove it.
    pub const RULE = KpiUnattached, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    let mut named = vec![false; model.elements.len()];
    for (idx, element) in model.iter() {
        for field in &element.fields {
            for r in field.value.values().flat_map(Value::refs) {
                if r.target != idx {
                    named[r.target.0] = true;
                }
            }
        }
    }
    for (idx, kpi) in model.of_kind(Kind::Kpis) {
        if named[idx.0] {
            continue;
        }
        out.push(
            out.on(
                kpi,
                format!("KPI `{}` is named by no element: it measures nothing of the model", kpi.id),
            )
            .label("attached to nothing")
            .help("name it in the `kpis` of the objective, journey, touchpoint or process it measures, or of the initiative that moves it; remove it if nothing needs it"),
        );
    }
}
