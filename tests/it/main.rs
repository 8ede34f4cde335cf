//! Integration tests: they run the real `tomc` binary and read its output.

#![allow(clippy::unwrap_used, missing_docs)]

mod bad_input;
mod catalogue;
mod examples;
mod human;
mod outputs;
mod project;
mod schema;
mod settings;
mod structural;
mod support;
