//! Emitters: turn a model into files or text. They never create diagnostics.

pub mod archimate;
pub mod catalogue;
pub mod diff;
pub mod document;
pub mod gaps;
pub mod manifest;
pub mod schema;
pub mod site;
pub mod tree;
