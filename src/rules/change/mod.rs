//! Change: gaps delivered by initiatives, initiatives ordered and aimed at objectives.

pub mod gap_without_initiative;
pub mod initiative_order;
pub mod initiative_without_objective;
pub mod maturity_regression;
