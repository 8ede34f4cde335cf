//! `retiring-system-in-use`: a process relies on a system being phased out.

use indexmap::IndexMap;

use crate::model::{ElementIdx, PlateauIdx, Ref, Value};
use crate::rules::{Context, Findings};
use crate::spec::{Field, Kind};
use crate::spec::{Lifecycle, ValueEnum};

crate::declare_rule! {
    /// A process uses a system that is being phased out or is retired.
    ///
    /// ## What it checks
    ///
    /// In every plateau (or the one given by `--plateau`), a process's `systems` must
    /// not name a system whose `lifecycle` in that plateau is `phase-out` or `retired`.
    /// A reference that stays on a retiring system over several plateaus is reported
    /// once, at the first of them, naming them all. The finding is about the process.
    ///
    /// ## Why it matters
    ///
    /// Decommissioning a system is only real when the work it supports has moved. A
    /// process still running on a system marked for retirement is either a migration
    /// the plan forgot, a risk to operations on the day the system is switched off, or a
    /// lifecycle written too early. Temporary overlaps happen (a process that migrates
    /// data off the old system, say): waive the rule on that process with the reason.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// systems:
    ///   - id: core-banking-v1
    ///     name: Core banking (mainframe)
    ///     lifecycle: { current: active, target: phase-out }
    /// processes:
    ///   - id: open-current-account
    ///     name: Open a current account
    ///     systems: [core-banking-v1]          # still in use in `target`
    /// ```
    ///
    /// ## Fix
    ///
    /// Move the process to the system that replaces it in the plateaus where the old one
    /// retires: `systems: { current: [core-banking-v1], target: [core-banking-v2] }`.
    /// If the system is not actually retiring then, correct its `lifecycle`.
    pub const RULE = RetiringSystemInUse, checked by check;
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let model = ctx.model;
    let mut uses: IndexMap<(ElementIdx, Ref), Vec<(PlateauIdx, &'static str)>> = IndexMap::new();
    for &p in &ctx.plateaus {
        for (idx, process) in model.iter() {
            if process.kind != Kind::Processes || !process.exists_in(p) {
                continue;
            }
            let systems = process
                .value_at(Field::Systems, p)
                .map_or(&[][..], Value::refs);
            for r in systems {
                let system = model.element(r.target);
                if !system.exists_in(p) {
                    continue;
                }
                if let Some(state) = system
                    .value_at(Field::Lifecycle, p)
                    .and_then(Value::word::<Lifecycle>)
                    .filter(|state| state.is_retiring())
                {
                    uses.entry((idx, *r)).or_default().push((p, state.word()));
                }
            }
        }
    }
    for ((idx, r), states) in uses {
        let process = model.element(idx);
        let system = model.element(r.target);
        let list: Vec<String> = states
            .iter()
            .map(|(p, state)| format!("`{state}` in `{}`", ctx.plateau_id(*p)))
            .collect();
        out.push(out
            .at(
                r.span,
                format!(
                    "process `{}` uses system `{}`, which is {}",
                    process.id,
                    system.id,
                    list.join(" and ")
                ),
            )
            .label("retiring system")
            .element(&process.id)
            .plateau(ctx.plateau_id(states[0].0))
            .help("write `systems` per plateau so the process moves to the replacing system, or correct the system's `lifecycle`"));
    }
}
