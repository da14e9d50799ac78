//! `cargo xtask test`: every test of the workspace, as CI runs them.

use std::process::ExitCode;

use miette::{IntoDiagnostic, Result, miette};

use crate::conformance;

pub fn run() -> Result<ExitCode> {
    let nextest = crate::cargo::command()
        .args(["nextest", "--version"])
        .output();
    if !nextest.is_ok_and(|o| o.status.success()) {
        return Err(miette!(
            help = "run `bash .ci/setup`, or `cargo install --locked cargo-nextest`",
            "cargo-nextest is not installed"
        ));
    }
    for (var, what) in [
        (
            "DUIS_SCHEMA_DIR",
            "the published schemas (e.g. ../shared/duis/schemas)",
        ),
        (
            "DUIS_CORPUS_DIR",
            "the real DUIS messages (e.g. ../shared/duis)",
        ),
    ] {
        if std::env::var_os(var).is_none_or(|v| v.is_empty()) {
            eprintln!(
                "note: {var} is not set: the tests that need {what} (named corpus_*) are SKIPPED"
            );
        }
    }
    let summary = conformance::summary_dir();
    conformance::clear_summary(&summary)?;
    let status = crate::cargo::command()
        .args([
            "nextest",
            "run",
            "--workspace",
            "--no-fail-fast",
            "--profile",
            profile(),
        ])
        .env("DUIS_CONFORMANCE_SUMMARY", &summary)
        .env_remove("DUIS_CONFORMANCE_VERSIONS")
        .status()
        .into_diagnostic()?;
    // The conformance suite's table, every version (as `cargo xtask conformance`).
    let table = conformance::Table::read(&summary)?;
    table.print();
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The nextest profile: `ci` (no fail-fast, JUnit) under CI.
pub fn profile() -> &'static str {
    if std::env::var_os("CI").is_some() {
        "ci"
    } else {
        "default"
    }
}
