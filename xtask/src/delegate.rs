//! Commands that run the generated runtime are implemented by `duis-cli`;
//! xtask runs it through cargo, so that xtask itself builds even when the
//! generated crate is stale or being regenerated.

use std::ffi::OsString;
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result, WrapErr};

/// Runs `duis <command> <args>` (`cargo run -p duis-cli`; with the release
/// profile when `release`, for measurements) in the caller's folder, so
/// that relative paths mean what they meant to the caller, and passes its
/// exit status on. The arguments are passed as they are: their parsing,
/// errors and `--help` are the `duis` command's.
pub fn run_cli(command: &str, args: &[OsString], release: bool) -> Result<ExitCode> {
    let mut all: Vec<OsString> = vec![command.into()];
    all.extend_from_slice(args);
    run_package("duis-cli", &all, release.then_some("release"))
}

/// Runs the benchmark harness (`duis-bench`), built with the `production`
/// profile (the release profile with whole-program optimisation; see the
/// workspace's `Cargo.toml`).
pub fn run_bench() -> Result<ExitCode> {
    run_package("duis-bench", &[], Some("production"))
}

/// Runs `cargo run -p <package>` in the caller's folder, with the named
/// profile (dev when `None`).
fn run_package(package: &str, args: &[OsString], profile: Option<&str>) -> Result<ExitCode> {
    let mut command = crate::cargo::in_caller_folder();
    command
        .args(["run", "--quiet", "--package", package, "--manifest-path"])
        .arg(crate::paths::workspace().join("Cargo.toml"));
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
