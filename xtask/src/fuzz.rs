//! `cargo xtask fuzz <target>`: runs a cargo-fuzz target of `fuzz/`, seeded
//! with the real messages of DUIS_CORPUS_DIR (copied into the git-ignored
//! `fuzz/corpus/<target>/`, never committed).

use std::process::ExitCode;

use miette::{IntoDiagnostic, Result, miette};

use crate::paths;

pub fn run(target: &str, seconds: u64) -> Result<ExitCode> {
    let installed = crate::cargo::command().args(["fuzz", "--version"]).output();
    if !installed.is_ok_and(|o| o.status.success()) {
        return Err(miette!(
            help = "install it with `cargo install cargo-fuzz`",
            "cargo-fuzz is not installed"
        ));
    }
    let fuzz = paths::workspace().join("fuzz");
    let corpus = fuzz.join("corpus").join(target);
    std::fs::create_dir_all(&corpus).into_diagnostic()?;
    match std::env::var_os("DUIS_CORPUS_DIR") {
        Some(dir) => {
            let dir = std::path::PathBuf::from(dir);
            let mut seeded = 0;
            for folder in ["templates", "responses", "hostile"] {
                let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let to = corpus.join(entry.file_name());
                    if !to.exists() && std::fs::copy(entry.path(), &to).is_ok() {
                        seeded += 1;
                    }
                }
            }
            eprintln!("fuzz: {seeded} new seeds from {}", dir.display());
        }
        None => {
            eprintln!("fuzz: DUIS_CORPUS_DIR is not set: starting without real messages as seeds")
        }
    }
    // cargo-fuzz needs nightly features; the one toolchain here is stable,
    // which RUSTC_BOOTSTRAP lets use them.
    let status = crate::cargo::command()
        .current_dir(&fuzz)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["fuzz", "run", target])
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-dict=dictionary.txt")
        .args(["-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1"])
        .status()
        .into_diagnostic()?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
