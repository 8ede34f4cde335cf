//! Shared code of the tomc fuzz targets: the check pipeline every target runs and how
//! raw bytes become a project ([`harness`], shared with the main crate's regression
//! test), and the structure-aware spec grammar ([`grammar`]).

pub mod grammar;
mod harness;

pub use harness::*;
