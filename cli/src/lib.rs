//! Tools over the generated DUIS runtime, used by the `duis` binary (and so
//! by `cargo xtask`): validating messages, round-trip comparison.

pub mod differential;
pub mod reports;
pub mod validate;
