//! ArchiMate 3.1: the mapping between tomc's model and ArchiMate ([`mapping`]), the
//! Model Exchange File writer ([`export`]) and reader ([`import`]).

pub mod export;
pub mod import;
pub mod mapping;
