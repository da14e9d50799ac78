//! Commands that run the generated runtime are implemented by `duis-cli`;
//! xtask runs it through cargo, so that xtask itself builds even when the
//! generated crate is stale or being regenerated.

use std::ffi::OsString;
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result, WrapErr};

/// Runs `cargo run -p duis-cli -- <args>` and passes its exit status on.
pub fn run_cli(args: &[OsString]) -> Result<ExitCode> {
    run_cli_with(args, false)
}

/// Runs the benchmark harness (`duis-bench`), built with the release profile.
pub fn run_bench() -> Result<ExitCode> {
    run_package("duis-bench", &[], true)
}

/// As [`run_cli`], optionally with the release profile (for measurements).
pub fn run_cli_with(args: &[OsString], release: bool) -> Result<ExitCode> {
    run_package("duis-cli", args, release)
}

fn run_package(package: &str, args: &[OsString], release: bool) -> Result<ExitCode> {
    let mut command = crate::cargo::command();
    command.args(["run", "--quiet", "--package", package]);
    if release {
        command.arg("--release");
    }
    command.arg("--").args(args);
    let status = command
        .status()
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot run cargo to start {package}"))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}
