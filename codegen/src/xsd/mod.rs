//! The XSD front-end: reads a schema set (an entry schema document and the
//! documents it imports or includes) with roxmltree and resolves it into the
//! [`SchemaSet`] model. It knows nothing of Rust.
//!
//! What the reader does not support is reported as an [`XsdError`] naming the
//! file, line and construct: nothing is dropped silently.

mod load;
pub mod pattern;
mod resolve;

pub use crate::diagnostic::{Located as XsdError, line_column};

use std::path::Path;

use crate::model::SchemaSet;

/// The XML Schema namespace.
pub const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// Reads the schema set whose entry document is `dir/entry`. Imports and
/// includes are resolved relative to `dir`.
pub fn read_schema_set(dir: &Path, entry: &str) -> Result<SchemaSet, XsdError> {
    let sources = load::load_sources(dir, entry)?;
    resolve::resolve(&sources)
}

/// The file names of a schema set: the entry document first, then every
/// document it imports or includes, directly or not.
pub fn schema_files(dir: &Path, entry: &str) -> Result<Vec<String>, XsdError> {
    Ok(load::load_sources(dir, entry)?
        .into_iter()
        .map(|s| s.name)
        .collect())
}

/// Finds the entry document of a schema folder: the one no other document in
/// the folder imports or includes. It is an error if there is not exactly one.
pub fn find_entry(dir: &Path) -> Result<String, XsdError> {
    load::find_entry(dir)
}
