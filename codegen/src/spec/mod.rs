//! The tabular spec in `spec/`: the DUIS versions and their schema files,
//! and (see the other modules) the service request matrix, response codes,
//! validation rules and modifications. The loader knows nothing of XSD or
//! Rust: it reads tables and reports problems with their location.

pub mod versions;

pub use versions::{SchemaFile, VersionSpec, Versions};
