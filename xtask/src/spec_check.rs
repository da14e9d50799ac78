//! `cargo xtask spec check`: the spec loader alone, then the cross-checks
//! against each version's schemas and the third-party matrix, when they are
//! available. `cargo xtask spec vocabulary`: the closed vocabulary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use duis_codegen::spec::third_party;
use duis_codegen::spec::vocabulary;
use miette::Result;

use crate::inputs;

pub fn check(spec_dir: &Path, matrix_json: Option<PathBuf>) -> Result<ExitCode> {
    let schema_dir = std::env::var_os("DUIS_SCHEMA_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir());
    let (spec, warnings) = match &schema_dir {
        Some(dir) => {
            let loaded = inputs::load(spec_dir, dir)?;
            (loaded.spec, loaded.warnings)
        }
        None => {
            eprintln!(
                "note: DUIS_SCHEMA_DIR is not set: the tables are checked against each other only, not against the schemas"
            );
            inputs::load_spec(spec_dir)?
        }
    };
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let json = matrix_json.or_else(|| {
        std::env::var_os("DUIS_CORPUS_DIR")
            .map(|d| PathBuf::from(d).join("service-request-matrix.json"))
            .filter(|p| p.is_file())
    });
    let mut unrecorded = 0;
    match json {
        None => eprintln!(
            "note: no third-party matrix (set DUIS_CORPUS_DIR or pass --matrix-json): not compared"
        ),
        Some(json) => {
            let disagreements = third_party::compare(&spec, &json)?;
            println!(
                "{} disagreement(s) between {} and spec/matrix.csv:",
                disagreements.len(),
                json.display()
            );
            for d in &disagreements {
                let (file, line, column) = &d.at;
                let place = if *line > 0 {
                    format!("{}:{line}:{column}: ", file.display())
                } else {
                    String::new()
                };
                let status = if d.note.is_empty() {
                    unrecorded += 1;
                    "NOT RECORDED: say in the row's note which source it follows and why".to_owned()
                } else {
                    format!("recorded: {}", d.note)
                };
                println!(
                    "  {place}SRV {} {}: third-party `{}`, table `{}` (DUIS {}) — {status}",
                    d.srv,
                    d.column,
                    d.theirs,
                    d.ours,
                    d.versions.join(", ")
                );
            }
        }
    }
    if unrecorded > 0 {
        eprintln!(
            "error: {unrecorded} disagreement(s) with the third-party matrix are not recorded"
        );
        return Ok(ExitCode::FAILURE);
    }
    eprintln!("spec/ is consistent ({} warning(s))", warnings.len());
    Ok(ExitCode::SUCCESS)
}

pub fn vocabulary() -> ExitCode {
    print!("{}", vocabulary::markdown());
    ExitCode::SUCCESS
}
