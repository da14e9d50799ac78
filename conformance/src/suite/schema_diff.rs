//! What changed between two versions' schemas.
