//! The tabular spec in `spec/`: the DUIS versions and their schema files
//! (`versions.toml`), the Service Request Matrix (`matrix.csv`), the response
//! codes (`response-codes.csv`), the validation rules (`rules.csv`), the
//! additional processing (`processing.csv`), the SEC modifications
//! (`modifications/`) and the schema patches of draft versions (`patches/`).
//!
//! The loader knows nothing of XSD or Rust: it reads tables, checks them
//! against each other, and reports every problem with its file, line and
//! column. Cross-checks against the schemas take plain facts ([`check`]);
//! the per-version view the emitter works from is in [`view`].

pub mod cell;
pub mod check;
pub mod codes;
mod consistency;
pub mod expr;
pub mod matrix;
pub mod modifications;
pub mod patches;
pub mod problems;
pub mod rules;
pub mod table;
pub mod third_party;
pub mod version_set;
pub mod versions;
pub mod view;
pub mod vocabulary;

use std::path::{Path, PathBuf};

pub use versions::{SchemaFile, VersionSpec, Versions};

use crate::diagnostic::Located;
use codes::CodeRow;
use matrix::MatrixRow;
use modifications::Modification;
use patches::Patch;
use problems::{Problems, SpecErrors};
use rules::{ProcessingRow, RuleRow};
use version_set::{KnownVersion, Universe};

/// The whole spec, loaded and checked for consistency.
#[derive(Debug, Clone)]
pub struct Spec {
    pub dir: PathBuf,
    pub versions: Versions,
    /// Published versions and drafts, in order.
    pub universe: Universe,
    pub matrix: Vec<MatrixRow>,
    pub codes: Vec<CodeRow>,
    pub rules: Vec<RuleRow>,
    pub processing: Vec<ProcessingRow>,
    pub modifications: Vec<Modification>,
    pub patches: Vec<Patch>,
}

impl Spec {
    /// Loads every table of `dir` and checks them against each other.
    /// Returns the spec and its warnings, or every error found.
    pub fn load(dir: &Path) -> Result<(Spec, Vec<Located>), SpecErrors> {
        let mut problems = Problems::default();
        let versions = match Versions::load(&dir.join("versions.toml")) {
            Ok(v) => v,
            Err(e) => {
                problems.error(e);
                return Err(problems.into_result().expect_err("has an error"));
            }
        };
        let matrix = matrix::load(&dir.join("matrix.csv"), &mut problems);
        let codes = codes::load(&dir.join("response-codes.csv"), &mut problems);
        let rules = rules::load_rules(&dir.join("rules.csv"), &mut problems);
        let processing = rules::load_processing(&dir.join("processing.csv"), &mut problems);
        let modifications = modifications::load_all(&dir.join("modifications"), &mut problems);
        let patches = patches::load_all(&dir.join("patches"), &mut problems);
        let mut known: Vec<KnownVersion> = versions
            .versions
            .iter()
            .map(|v| KnownVersion {
                id: v.id.clone(),
                base: None,
            })
            .collect();
        for patch in &patches {
            if versions.get(&patch.base.value).is_none() {
                problems.error(patch.base.error(format!(
                    "the draft's base `{}` is not a version of spec/versions.toml",
                    patch.base.value
                )));
            } else if known.iter().any(|k| k.id == patch.draft.value) {
                problems.error(patch.draft.error(format!(
                    "version `{}` is already defined",
                    patch.draft.value
                )));
            } else {
                known.push(KnownVersion {
                    id: patch.draft.value.clone(),
                    base: Some(patch.base.value.clone()),
                });
            }
        }
        let mut spec = Spec {
            dir: dir.to_owned(),
            versions,
            universe: Universe::new(known),
            matrix,
            codes,
            rules,
            processing,
            modifications,
            patches,
        };
        consistency::check(&mut spec, &mut problems);
        let warnings = problems.into_result()?;
        Ok((spec, warnings))
    }

    /// Whether the spec tables have been reviewed against a version's schemas
    /// (a draft follows its base). Disagreements with the schemas of a
    /// reviewed version are errors; with another version, warnings.
    pub fn reviewed(&self, version: &KnownVersion) -> bool {
        let id = version.base.as_deref().unwrap_or(&version.id);
        self.versions.get(id).is_some_and(|v| v.reviewed)
    }

    pub fn modification(&self, id: &str) -> Option<&Modification> {
        self.modifications.iter().find(|m| m.id.value == id)
    }
}
