//! Conformance of the generated DUIS runtime: to the published schemas, by
//! differential testing against libxml2 ([`differential`]).

pub mod differential;
