//! The raw layer: files as spanned YAML trees, before any meaning is given to them.

mod events;
pub mod node;
pub mod parse;

pub use node::{Key, Node, Value};
