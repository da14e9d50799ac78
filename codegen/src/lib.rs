//! The duis-rs generator: reads DUIS schema sets (`xsd`) into a model
//! (`model`), reads the tabular spec (`spec`), and emits the typed Rust
//! runtime (`emit`). `xtask` wires these together.

pub mod diagnostic;
pub mod emit;
pub mod link;
pub mod model;
pub mod spec;
pub mod xsd;
