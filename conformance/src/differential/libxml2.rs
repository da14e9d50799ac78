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
            let names: Vec<String> = chunk.iter().map(|f| f.display().to_string()).collect();
            let mut messages: Vec<Vec<String>> = vec![Vec::new(); chunk.len()];
            // A message starts with the file's name; the lines that follow
            // until the next message belong to it (the rest of a value that
            // holds a newline, the source line of a parser error).
            let mut current: Option<usize> = None;
            for line in stderr.lines() {
                let of = |name: &String| {
                    line.strip_prefix(name.as_str())
                        .is_some_and(|rest| rest.starts_with([':', ' ']))
                };
                match names.iter().position(of) {
                    Some(i) => {
                        messages[i].push(line.to_owned());
                        current = Some(i);
                    }
                    None => {
                        if let Some(last) = current.and_then(|i| messages[i].last_mut()) {
                            last.push('\n');
                            last.push_str(line);
                        }
                    }
                }
            }
            for (name, messages) in names.iter().zip(messages) {
                let valid = messages.iter().any(|l| *l == format!("{name} validates"));
                verdicts.push(Verdict { valid, messages });
            }
        }
        Ok(verdicts)
    }
}
