//! The conformance suite (see issue: conformance).
