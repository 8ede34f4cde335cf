//! Emitters: turn a model into files or text. They never create diagnostics.

pub mod catalogue;
pub mod compare;
pub mod document;
pub mod findings;
pub mod gap_report;
pub mod impact;
pub mod manifest;
pub mod output;
pub mod schema;
pub mod site;
pub mod tree;
