//! `cargo xtask add-version <id>`.

use std::io::Write as _;
use std::process::ExitCode;

use duis_codegen::spec::versions::{self, SchemaFile, VersionSpec, Versions};
use duis_codegen::xsd;
use miette::{IntoDiagnostic, Result, WrapErr, miette};

use crate::paths;

pub fn run(
    id: &str,
    schema_version: Option<String>,
    spec_dir: &std::path::Path,
) -> Result<ExitCode> {
    if !versions::valid_id(id) {
        return Err(miette!(
            "`{id}` is not a version id: it must start with a digit and hold only letters, digits, `.` and `-`"
        ));
    }
    let path = spec_dir.join("versions.toml");
    let existing = if path.exists() {
        Some(Versions::load(&path)?)
    } else {
        None
    };
    if let Some(existing) = &existing {
        if existing.get(id).is_some() {
            return Err(miette!(
                help = "to replace a version, delete its entry from spec/versions.toml first",
                "version {id} is already in {}",
                path.display()
            ));
        }
        let module = versions::module_name(id);
        if let Some(clash) = existing.versions.iter().find(|v| v.module() == module) {
            return Err(miette!(
                "version id `{id}` clashes with `{}` (both are module `{module}`)",
                clash.id
            ));
        }
    }
    let dir = paths::schema_dir()?.join(id);
    if !dir.is_dir() {
        return Err(miette!(
            help =
                "put the version's published schema files (DUIS, MMC and xmldsig) in that folder",
            "no folder {}",
            dir.display()
        ));
    }
    let entry = xsd::find_entry(&dir)?;
    // Read the whole set: it must resolve before it is added.
    let set = xsd::read_schema_set(&dir, &entry)?;
    let mut files = Vec::new();
    for file in &set.files {
        let bytes = std::fs::read(dir.join(&file.name))
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot read {}", file.name))?;
        files.push(SchemaFile {
            name: file.name.clone(),
            sha256: versions::sha256_hex(&bytes),
        });
    }
    let spec = VersionSpec {
        id: id.to_owned(),
        schema_version: schema_version.unwrap_or_else(|| id.to_owned()),
        entry,
        reviewed: false,
        files,
    };
    let mut text = String::new();
    if existing.is_none() {
        text.push_str(HEADER);
    }
    text.push_str(&versions::entry_text(&spec));
    // Check what the file will be before touching it.
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    Versions::parse(&path, &format!("{current}{text}"))?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot open {}", path.display()))?;
    file.write_all(text.as_bytes()).into_diagnostic()?;
    eprintln!(
        "added DUIS {id} ({} files, {} types) to {}; now run `cargo xtask generate`",
        spec.files.len(),
        set.simple_types.len() + set.complex_types.len(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

const HEADER: &str = "\
# The DUIS versions duis-rs supports.
#
# Each version's published schema files are read from DUIS_SCHEMA_DIR/<id>/
# (they are never committed); `cargo xtask generate` refuses files whose
# SHA-256 differs from the one listed here. Add a version with
# `cargo xtask add-version <id>`.
#
# id             - the version, and its folder under DUIS_SCHEMA_DIR
# schema-version - the schemaVersion attribute of the version's messages
# entry          - the DUIS schema document; it imports the others
# files          - every document of the schema set, with its SHA-256
";
