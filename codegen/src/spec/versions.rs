//! `spec/versions.toml`: the DUIS versions the product supports, with the
//! published schema files of each and their SHA-256.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::diagnostic::Located;

/// The versions file, as read.
#[derive(Debug, Clone)]
pub struct Versions {
    pub path: PathBuf,
    pub versions: Vec<VersionSpec>,
}

/// One supported version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VersionSpec {
    /// The version id, also the folder name under `DUIS_SCHEMA_DIR`.
    pub id: String,
    /// The `schemaVersion` attribute value of the version's messages.
    pub schema_version: String,
    /// The DUIS schema document (it imports the others).
    pub entry: String,
    /// Whether the spec tables have been reviewed against this version's
    /// schemas: their disagreements are then errors, not warnings.
    #[serde(default)]
    pub reviewed: bool,
    /// Every document of the schema set, with its SHA-256.
    pub files: Vec<SchemaFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaFile {
    pub name: String,
    pub sha256: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    version: Vec<VersionSpec>,
}

impl VersionSpec {
    /// The Rust module of the version: `5.4` → `v5_4`.
    pub fn module(&self) -> String {
        module_name(&self.id)
    }
}

/// The Rust module for a version id.
pub fn module_name(id: &str) -> String {
    let mut out = String::from("v");
    for c in id.chars() {
        out.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        });
    }
    out
}

/// Whether a version id is acceptable: a digit, then digits, letters, `.` and `-`.
pub fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// SHA-256 of a file's bytes, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

impl Versions {
    /// Reads and checks `spec/versions.toml`.
    pub fn load(path: &Path) -> Result<Versions, Located> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Located::file(path, format!("cannot read the versions table: {e}")))?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Versions, Located> {
        let file: File = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            Located::at(path, text, offset, e.message().to_owned())
        })?;
        let at = |needle: &str, message: String| {
            let offset = text.find(needle).unwrap_or(0);
            Located::at(path, text, offset, message)
        };
        let mut seen_modules = Vec::new();
        for v in &file.version {
            let id_text = format!("id = \"{}\"", v.id);
            if !valid_id(&v.id) {
                return Err(at(
                    &id_text,
                    format!(
                        "version id `{}` must start with a digit and hold only letters, digits, `.` and `-`",
                        v.id
                    ),
                ));
            }
            if seen_modules.contains(&v.module()) {
                return Err(at(
                    &id_text,
                    format!(
                        "version `{}` is listed twice (or clashes with another id)",
                        v.id
                    ),
                ));
            }
            seen_modules.push(v.module());
            if !v.files.iter().any(|f| f.name == v.entry) {
                return Err(at(
                    &id_text,
                    format!(
                        "the entry schema `{}` of version `{}` is not in its files",
                        v.entry, v.id
                    ),
                ));
            }
            for f in &v.files {
                let valid = f.sha256.len() == 64
                    && f.sha256
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
                if !valid {
                    return Err(at(
                        &f.sha256,
                        format!(
                            "the sha256 of `{}` must be 64 lower-case hex digits",
                            f.name
                        ),
                    ));
                }
            }
        }
        Ok(Versions {
            path: path.to_owned(),
            versions: file.version,
        })
    }

    pub fn get(&self, id: &str) -> Option<&VersionSpec> {
        self.versions.iter().find(|v| v.id == id)
    }

    /// The versions in order, oldest first (by their numeric parts).
    pub fn ordered(&self) -> Vec<&VersionSpec> {
        let mut out: Vec<&VersionSpec> = self.versions.iter().collect();
        out.sort_by(|a, b| version_order(&a.id, &b.id));
        out
    }
}

/// Orders version ids by their numeric parts (`5.10` after `5.9`).
pub fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |id: &str| -> Vec<(u64, String)> {
        id.split(['.', '-'])
            .map(|part| {
                let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
                (digits.parse().unwrap_or(0), part[digits.len()..].to_owned())
            })
            .collect()
    };
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// Checks that a version's schema folder holds its published files.
pub fn verify_files(spec: &VersionSpec, dir: &Path) -> Result<(), Located> {
    for file in &spec.files {
        let path = dir.join(&file.name);
        let bytes = std::fs::read(&path).map_err(|e| {
            Located::file(
                &path,
                format!(
                    "cannot read schema file `{}` of DUIS {}: {e}",
                    file.name, spec.id
                ),
            )
            .with_help("DUIS_SCHEMA_DIR/<version>/ must hold the files spec/versions.toml lists")
        })?;
        let actual = sha256_hex(&bytes);
        if actual != file.sha256 {
            return Err(Located::file(
                &path,
                format!(
                    "`{}` is not the published file of DUIS {}: its SHA-256 is {actual}, spec/versions.toml says {}",
                    file.name, spec.id, file.sha256
                ),
            )
            .with_help("use the published schema files; if this is a new publication, add it with `cargo xtask add-version`"));
        }
    }
    Ok(())
}

/// The text `add-version` appends to `spec/versions.toml` for a version.
pub fn entry_text(spec: &VersionSpec) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n[[version]]");
    let _ = writeln!(out, "id = {}", quote(&spec.id));
    let _ = writeln!(out, "schema-version = {}", quote(&spec.schema_version));
    let _ = writeln!(out, "entry = {}", quote(&spec.entry));
    if !spec.reviewed {
        let _ = writeln!(
            out,
            "# not yet reviewed: `cargo xtask spec check` lists where the tables and the schemas disagree"
        );
    }
    let _ = writeln!(out, "reviewed = {}", spec.reviewed);
    let _ = writeln!(out, "files = [");
    for f in &spec.files {
        let _ = writeln!(
            out,
            "    {{ name = {}, sha256 = {} }},",
            quote(&f.name),
            quote(&f.sha256)
        );
    }
    let _ = writeln!(out, "]");
    out
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[version]]
id = "5.4"
schema-version = "5.4"
entry = "DUIS.xsd"
files = [
    { name = "DUIS.xsd", sha256 = "eab65ac308ac9ca1a6f4e40d734ac6bf8e8b0900bc11e8931349ecfb7a8dfc94" },
]
"#;

    #[test]
    fn reads_versions_and_names_modules() {
        let v = Versions::parse(Path::new("versions.toml"), GOOD).unwrap();
        assert_eq!(v.versions[0].module(), "v5_4");
        assert_eq!(module_name("5.4-secmp0192"), "v5_4_secmp0192");
        assert_eq!(
            Versions::parse(Path::new("x"), &entry_text(&v.versions[0]))
                .unwrap()
                .versions,
            v.versions
        );
    }

    #[test]
    fn errors_name_the_line() {
        let bad = GOOD.replace("schema-version", "schema_version");
        let e = Versions::parse(Path::new("versions.toml"), &bad).unwrap_err();
        assert_eq!((e.line, e.file.to_str()), (4, Some("versions.toml")));
        assert!(e.message.contains("schema_version"), "{}", e.message);
        let bad = GOOD.replace("eab65ac3", "EAB65AC3");
        let e = Versions::parse(Path::new("versions.toml"), &bad).unwrap_err();
        assert_eq!(e.line, 7);
        let twice = format!("{GOOD}{GOOD}");
        assert!(
            Versions::parse(Path::new("v"), &twice)
                .unwrap_err()
                .message
                .contains("twice")
        );
    }

    #[test]
    fn versions_order_numerically() {
        let mut ids = vec!["5.10", "5.4", "5.0", "5.4-secmp0192", "5.3"];
        ids.sort_by(|a, b| version_order(a, b));
        assert_eq!(ids, ["5.0", "5.3", "5.4", "5.4-secmp0192", "5.10"]);
    }
}
