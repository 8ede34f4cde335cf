//! Structural rules: the spec cannot be read as a model. Reported while reading, except `absent-reference`.

pub mod absent_reference;
pub mod duplicate_id;
pub mod hierarchy_cycle;
pub mod include_outside_project;
pub mod invalid_id;
pub mod schema;
pub mod unknown_plateau;
pub mod unknown_reference;
pub mod wrong_reference_kind;
pub mod yaml_syntax;
