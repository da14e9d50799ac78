//! Cargo, run from within `cargo xtask`.

use std::process::Command;

/// A `cargo` command (the cargo that runs xtask), for the workspace.
///
/// `cargo run` hands xtask the jobserver of the build it just made
/// (`CARGO_MAKEFLAGS`, `MAKEFLAGS`: file descriptors that are closed or
/// reused by the time xtask runs). A nested cargo that trusts them reads
/// garbage from whatever the descriptors now are: on a fresh clone, where
/// `cargo xtask` first builds xtask, `cargo nextest` failed to probe rustc.
/// The nested cargo makes its own jobserver instead.
pub fn command() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(crate::paths::workspace())
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS");
    command
}
