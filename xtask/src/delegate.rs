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

/// Runs the benchmark harness (`duis-bench`), built with the `production`
/// profile (the release profile with whole-program optimisation; see the
/// workspace's `Cargo.toml`).
pub fn run_bench() -> Result<ExitCode> {
    run_package("duis-bench", &[], Some("production"))
}

/// As [`run_cli`], optionally with the release profile (for measurements).
pub fn run_cli_with(args: &[OsString], release: bool) -> Result<ExitCode> {
    run_package("duis-cli", args, release.then_some("release"))
}

/// Runs `cargo run -p <package>`, with the named profile (dev when `None`).
fn run_package(package: &str, args: &[OsString], profile: Option<&str>) -> Result<ExitCode> {
    let mut command = crate::cargo::command();
    command.args(["run", "--quiet", "--package", package]);
    if let Some(profile) = profile {
        command.args(["--profile", profile]);
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
