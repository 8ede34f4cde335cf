//! Integration tests: they run the real `tomc` binary and read its output.

#![allow(clippy::unwrap_used, missing_docs)]

mod bad_input;
mod examples;
mod human;
mod project;
mod schema;
mod settings;
mod structural;
mod support;
