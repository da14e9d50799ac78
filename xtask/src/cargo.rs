//! Cargo, run from within `cargo xtask`.

use std::process::Command;

/// A `cargo` command in the workspace folder: the cargo that runs xtask
/// (`CARGO`), else the one on the `PATH`.
pub fn command() -> Command {
    let mut command = in_caller_folder();
    command.current_dir(crate::paths::workspace());
    command
}

/// The same cargo, run in the caller's folder (for programs that take
/// paths; name the workspace with `--manifest-path`).
pub fn in_caller_folder() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}
