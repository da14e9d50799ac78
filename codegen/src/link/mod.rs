//! Where the tabular spec meets the schema model: the schema facts the spec
//! is cross-checked against ([`facts`]), the schema patches that make draft
//! versions ([`patch`]), and the documentation the spec gives the generated
//! code ([`docs`]). `xtask` wires these between the loaders and the emitter.

pub mod docs;
pub mod facts;
pub mod patch;
