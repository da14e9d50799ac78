//! `duis`: tools over the generated DUIS runtime. `cargo xtask` runs the
//! subcommands that need the runtime through this binary.

use duis_cli::validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tools over the generated DUIS runtime.
#[derive(Parser)]
#[command(name = "duis", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode (and validate) DUIS messages: prints `FILE: valid` or
    /// `FILE: invalid: <element path>: <reason>` per file; exit status 1 if
    /// any file is not valid.
    Validate {
        /// Decode with this version instead of the one `schemaVersion` names.
        #[arg(long = "duis-version", value_name = "V")]
        duis_version: Option<String>,
        /// Also encode each decoded message, decode it again and compare.
        #[arg(long)]
        roundtrip: bool,
        /// The messages.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate {
            duis_version,
            roundtrip,
            files,
        } => validate::run(duis_version.as_deref(), roundtrip, &files),
    }
}
