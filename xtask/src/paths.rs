//! Where things are: the workspace, the spec, the schemas.

use std::path::PathBuf;

use miette::{Result, miette};

/// The workspace root (the folder holding `xtask/`).
pub fn workspace() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

pub fn spec_dir() -> PathBuf {
    workspace().join("spec")
}

pub fn generated_src() -> PathBuf {
    workspace().join("generated").join("src")
}

/// `DUIS_SCHEMA_DIR`: the folder with one sub-folder of schema files per version.
pub fn schema_dir() -> Result<PathBuf> {
    match std::env::var_os("DUIS_SCHEMA_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_dir() {
                Ok(dir)
            } else {
                Err(miette!(
                    help = "point DUIS_SCHEMA_DIR at the folder holding one sub-folder per DUIS version, e.g. ../shared/duis/schemas",
                    "DUIS_SCHEMA_DIR is `{}`, which is not a folder",
                    dir.display()
                ))
            }
        }
        _ => Err(miette!(
            help = "point DUIS_SCHEMA_DIR at the folder holding one sub-folder per DUIS version (the published schema files), e.g. `export DUIS_SCHEMA_DIR=../shared/duis/schemas`",
            "DUIS_SCHEMA_DIR is not set"
        )),
    }
}
