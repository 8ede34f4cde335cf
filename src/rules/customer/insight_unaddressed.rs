//! `insight-unaddressed`: evidence of a severe problem that no initiative acts on.

use crate::analysis::coverage::addressed_by;
use crate::model::Value;
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind, Rating};

crate::declare_rule! {
    /// A high-severity insight is addressed by no initiative.
    ///
    /// ## What it checks
    ///
    /// Every insight with `severity: high` is named in the `addresses` of at least one
    /// initiative, in the spec as written: any initiative counts, whatever plateau it
    /// lands in, since every one lands by the last plateau.
    ///
    /// ## Why it matters
    ///
    /// An insight rated high says the evidence shows a problem that hurts: customers
    /// abandoning a form, complaints piling up, an error rate in a process. A plan that
    /// names no initiative acting on it either leaves the problem in the target state
    /// or fixes it without saying so, and the evidence cannot be traced to the change
    /// that answers it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// insights:
    ///   - id: paper-form-abandonment          # severe, and no initiative addresses it
    ///     name: Applicants give up on the paper form
    ///     voice: customer
    ///     severity: high
    ///     about: [branch-counter]
    /// ```
    ///
    /// ## Fix
    ///
    /// Name the insight in the `addresses` of the initiative that acts on it
    /// (`addresses: [paper-form-abandonment]`), or add that initiative. If the evidence
    /// is not as severe as rated, lower its `severity`.
    pub const RULE = InsightUnaddressed, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    let addressed = addressed_by(model);
    for (idx, insight) in model.of_kind(Kind::Insights) {
        let high = insight
            .value_at(Field::Severity, model.baseline())
            .and_then(Value::word::<Rating>)
            == Some(Rating::High);
        if !high || !addressed[idx.0].is_empty() {
            continue;
        }
        out.push(
            out.on(
                insight,
                format!(
                    "insight `{}` has severity `high` but no initiative addresses it",
                    insight.id
                ),
            )
            .label("severe, unaddressed")
            .help(format!(
                "name it in the `addresses` of the initiative that acts on it: `addresses: [{}]`",
                insight.id
            )),
        );
    }
}
