//! `cargo xtask`: the project's commands. This crate only wires the
//! generator (`duis-codegen`) and the runtime tools (`duis-cli`) together.

mod add_version;
mod cargo;
mod conformance;
mod delegate;
mod fuzz;
mod generate;
mod inputs;
mod paths;
mod spec_check;
mod test;

use std::ffi::OsString;
use std::path::PathBuf;
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
        /// The spec folder (default: spec/ of the workspace).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
        /// Where the crate sources go (default: generated/src of the workspace).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Add the version found in DUIS_SCHEMA_DIR/<ID>/ to spec/versions.toml,
    /// with the SHA-256 of its schema files. Then run `cargo xtask generate`.
    AddVersion {
        /// The version id, which is also its folder name (e.g. 5.1).
        id: String,
        /// The schemaVersion value of the version's messages (default: the id).
        #[arg(long)]
        schema_version: Option<String>,
        /// The spec folder (default: spec/ of the workspace).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
    /// The tabular spec: check it, or list its vocabulary.
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
    /// Run every test of the workspace with cargo-nextest, as CI does (the
    /// README's test command). Tests that need DUIS_SCHEMA_DIR or
    /// DUIS_CORPUS_DIR say SKIPPED when those are not set.
    Test,
    /// Run the conformance suite (conformance/cases/ and the sweep of the
    /// general checks over every SRV) against its snapshots
    /// (conformance/snapshots/<version>/), and print per version how many
    /// cases passed, changed or are new. Exit status 1 if any snapshot
    /// differs or is new: review them with `cargo insta review`.
    Conformance {
        /// Only these versions (repeatable; default: every version and draft).
        #[arg(long = "duis-version", value_name = "V")]
        versions: Vec<String>,
        /// Print the versions of the spec as a JSON array and stop (what the
        /// GitHub Actions workflow makes one job per version from).
        #[arg(long, conflicts_with = "versions")]
        list_versions: bool,
    },
    /// Write the Markdown impact report of a SEC modification
    /// (spec/modifications/<ID>.toml): for each version, every conformance
    /// case whose outcome differs with the modification forced on versus
    /// off, both outcomes side by side, and the rows of the tables (and the
    /// schema patches) it touches. Runs `duis impact`: its arguments and
    /// options are that command's (`cargo xtask impact --help`).
    Impact(Passthrough),
    /// Write the Markdown report of what changed from DUIS version A to B:
    /// SRVs and response codes added, removed or changed; the schemas'
    /// types, elements and enumeration values (DUIS_SCHEMA_DIR); the
    /// conformance cases whose outcome differs. Runs `duis diff-versions`:
    /// its arguments and options are that command's.
    DiffVersions(Passthrough),
    /// Differential testing against libxml2: mutated variants of the real
    /// messages (DUIS_CORPUS_DIR), validated by the generated decoder and by
    /// xmllint with each version's schema (DUIS_SCHEMA_DIR); every
    /// disagreement no recorded deviation (conformance/libxml2-deviations.toml)
    /// explains is reported, and so is every accepted variant whose encoding
    /// does not decode to the same value or does not satisfy libxml2.
    /// Runs `duis differential` (release build): its options are that
    /// command's (`cargo xtask differential --help`).
    Differential(Passthrough),
    /// Measure throughput on one core: the generated decoder, libxml2's
    /// schema validation and a bare parse, over the request templates of
    /// DUIS_CORPUS_DIR repeated to 30,000 messages in memory.
    Bench,
    /// Fuzz the decoder with cargo-fuzz (targets: `decode`, `roundtrip`),
    /// seeded with the real messages of DUIS_CORPUS_DIR.
    Fuzz {
        /// The target: `decode` or `roundtrip`.
        target: String,
        /// How long to run.
        #[arg(long, default_value_t = 600)]
        seconds: u64,
    },
    /// Decode (and validate) DUIS messages: prints `FILE: valid` or
    /// `FILE: invalid: <element path>: <reason>` per file; exit status 1 if
    /// any file is not valid.
    /// Runs `duis validate`: its options are that command's (`cargo xtask
    /// validate --help`).
    Validate(Passthrough),
}

/// The arguments of a command that `duis` implements, passed to it as they
/// are: their parsing, errors and `--help` are that command's.
#[derive(clap::Args)]
#[command(disable_help_flag = true)]
struct Passthrough {
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARGS"
    )]
    args: Vec<OsString>,
}

#[derive(Subcommand)]
enum SpecCommand {
    /// Load spec/ alone and report every problem with its file, line and
    /// column; cross-check it against each version's schemas (when
    /// DUIS_SCHEMA_DIR is set) and against the third-party Service Request
    /// Matrix (DUIS_CORPUS_DIR/service-request-matrix.json, or --matrix-json),
    /// listing every disagreement and whether the table records it.
    Check {
        /// The spec folder (default: spec/ of the workspace).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
        /// The third-party matrix to compare with.
        #[arg(long, value_name = "FILE")]
        matrix_json: Option<PathBuf>,
    },
    /// Print the closed vocabulary of the rule tables (predicates, actions,
    /// terms) as Markdown.
    Vocabulary,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { check, spec, out } => {
            let spec = spec.unwrap_or_else(paths::spec_dir);
            let out = out.unwrap_or_else(paths::generated_src);
            generate::run(check, &spec, &out)
        }
        Command::AddVersion {
            id,
            schema_version,
            spec,
        } => add_version::run(&id, schema_version, &spec.unwrap_or_else(paths::spec_dir)),
        Command::Spec { command } => match command {
            SpecCommand::Check { spec, matrix_json } => {
                spec_check::check(&spec.unwrap_or_else(paths::spec_dir), matrix_json)
            }
            SpecCommand::Vocabulary => Ok(spec_check::vocabulary()),
        },
        Command::Test => test::run(),
        Command::Conformance {
            versions,
            list_versions,
        } => {
            if list_versions {
                conformance::list_versions()
            } else {
                conformance::run(&versions)
            }
        }
        Command::Impact(p) => delegate::run_cli("impact", &p.args, false),
        Command::DiffVersions(p) => delegate::run_cli("diff-versions", &p.args, false),
        Command::Bench => delegate::run_bench(),
        Command::Fuzz { target, seconds } => fuzz::run(&target, seconds),
        Command::Differential(p) => delegate::run_cli("differential", &p.args, true),
        Command::Validate(p) => delegate::run_cli("validate", &p.args, false),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::FAILURE
        }
    }
}
