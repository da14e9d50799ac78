//! libxml2 (`xmllint`) as the reference for schema validity.
//!
//! xmllint cannot follow a `schemaLocation` with a space in it (it looks for
//! `MMC%20Schema%20V5.4.xsd`), so it is given a copy of the version's schema
//! folder in which file names have no spaces and the imports say so.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A version's schema set prepared for xmllint.
pub struct Xmllint {
    _dir: tempfile::TempDir,
    entry: PathBuf,
}

/// libxml2's verdict on one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub valid: bool,
    /// What xmllint printed about the file.
    pub messages: Vec<String>,
}

/// Whether xmllint can be run.
pub fn available() -> bool {
    Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Xmllint {
    /// Copies the schema files (the entry first) from `dir` into a temporary
    /// folder, with spaces in file names replaced and imports rewritten.
    pub fn prepare(dir: &Path, files: &[&str]) -> Result<Xmllint, String> {
        let temp =
            tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let renamed = |name: &str| name.replace(' ', "_");
        for name in files {
            let path = dir.join(name);
            let mut text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            for other in files {
                text = text.replace(
                    &format!("schemaLocation=\"{other}\""),
                    &format!("schemaLocation=\"{}\"", renamed(other)),
                );
            }
            std::fs::write(temp.path().join(renamed(name)), text)
                .map_err(|e| format!("cannot write the schema copy: {e}"))?;
        }
        let entry = temp
            .path()
            .join(renamed(files.first().ok_or("no schema files")?));
        Ok(Xmllint { _dir: temp, entry })
    }

    /// The entry schema document of the prepared copy.
    pub fn entry(&self) -> &Path {
        &self.entry
    }

    /// Validates files, many per xmllint run (the schema is compiled once per
    /// run). `--huge` lifts libxml2's 10,000,000-character limit on text nodes,
    /// which a valid firmware image exceeds.
    pub fn validate(&self, files: &[PathBuf]) -> Result<Vec<Verdict>, String> {
        let mut verdicts = Vec::with_capacity(files.len());
        for chunk in files.chunks(400) {
            let output = Command::new("xmllint")
                .args(["--noout", "--huge", "--nonet", "--schema"])
                .arg(&self.entry)
                .args(chunk)
                .output()
                .map_err(|e| format!("cannot run xmllint: {e}"))?;
            let stderr = String::from_utf8_lossy(&output.stderr);
            for file in chunk {
                let name = file.display().to_string();
                let prefix = format!("{name}:");
                let messages: Vec<String> = stderr
                    .lines()
                    .filter(|l| l.starts_with(&prefix) || l.starts_with(&name))
                    .map(str::to_owned)
                    .collect();
                let valid = messages.iter().any(|l| *l == format!("{name} validates"));
                verdicts.push(Verdict { valid, messages });
            }
        }
        Ok(verdicts)
    }
}
