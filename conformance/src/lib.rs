//! Conformance of the generated DUIS runtime: to the published schemas, by
//! differential testing against libxml2 ([`differential`]), and to the DSP's
//! rules, through scenarios of what the DCC knows ([`scenario`]).

pub mod differential;
pub mod reports;
pub mod scenario;
pub mod suite;
