//! `cargo xtask`: the project's commands. This crate only wires the
//! generator (`duis-codegen`) and the runtime tools (`duis-cli`) together.

mod add_version;
mod delegate;
mod generate;
mod paths;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tasks of the duis-rs workspace.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the `duis` crate (generated/src) from the schemas of every
    /// version in spec/versions.toml, read from DUIS_SCHEMA_DIR/<version>/.
    Generate {
        /// Do not write: fail, listing the stale files, if generated/ differs
        /// from what the inputs produce.
        #[arg(long)]
        check: bool,
    },
    /// Add the version found in DUIS_SCHEMA_DIR/<ID>/ to spec/versions.toml,
    /// with the SHA-256 of its schema files. Then run `cargo xtask generate`.
    AddVersion {
        /// The version id, which is also its folder name (e.g. 5.1).
        id: String,
        /// The schemaVersion value of the version's messages (default: the id).
        #[arg(long)]
        schema_version: Option<String>,
    },
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
        files: Vec<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { check } => generate::run(check),
        Command::AddVersion { id, schema_version } => add_version::run(&id, schema_version),
        Command::Validate {
            duis_version,
            roundtrip,
            files,
        } => {
            let mut args: Vec<std::ffi::OsString> = vec!["validate".into()];
            if let Some(v) = duis_version {
                args.push("--duis-version".into());
                args.push(v.into());
            }
            if roundtrip {
                args.push("--roundtrip".into());
            }
            args.extend(files.into_iter().map(Into::into));
            delegate::run_cli(&args)
        }
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::FAILURE
        }
    }
}
