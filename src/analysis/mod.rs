//! Analyses of the resolved model that rules, emitters and commands share: the model at
//! one plateau ([`plateau`]), what changes between plateaus and who delivers it
//! ([`gaps`]), who is affected ([`people`]), what depends on what ([`impact`]), how much
//! of the model is linked up ([`coverage`]), and whether each KPI is on track
//! ([`tracking`]).

pub mod coverage;
pub mod gaps;
pub mod impact;
pub mod people;
pub mod plateau;
pub mod tracking;
