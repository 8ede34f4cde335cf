//! Rules: the catalogue of diagnostics and, later, the alignment checks.

pub mod registry;
