//! Cargo, run from within `cargo xtask`.

use std::process::Command;

/// A `cargo` command in the workspace folder: the cargo that runs xtask
/// (`CARGO`), else the one on the `PATH`.
pub fn command() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(crate::paths::workspace());
    command
}
