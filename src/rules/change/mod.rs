//! Change: gaps delivered by initiatives in step, initiatives ordered, sized, dated in order, on time and aimed
//! at objectives, KPI moves backed by initiatives.

pub mod delivers_unchanged;
pub mod delivery_out_of_step;
pub mod gap_without_initiative;
pub mod initiative_ends_before_start;
pub mod initiative_ends_late;
pub mod initiative_order;
pub mod initiative_unsized;
pub mod initiative_without_objective;
pub mod kpi_move_without_initiative;
pub mod maturity_regression;

use crate::model::{ElementIdx, Ref};
use crate::rules::Context;
use crate::spec::Field;

/// The references in an initiative's `delivers`, each element once (its first mention).
fn delivered<'m>(ctx: &Context<'m>, initiative: ElementIdx) -> Vec<&'m Ref> {
    let refs = ctx
        .model
        .element(initiative)
        .value_at(Field::Delivers, ctx.model.baseline())
        .map_or(&[][..], |v| v.refs());
    let mut seen = std::collections::HashSet::new();
    refs.iter().filter(|r| seen.insert(r.target)).collect()
}
