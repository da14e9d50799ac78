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
    /// schema patches) it touches. Default output:
    /// target/reports/impact-<ID>.md.
    Impact {
        /// The modification's id, e.g. SECMP0178.
        modification: String,
        /// Only these versions (repeatable; default: every version and draft).
        #[arg(long = "duis-version", value_name = "V")]
        versions: Vec<String>,
        /// Where to write the report (`-`: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write the Markdown report of what changed from DUIS version A to B:
    /// SRVs and response codes added, removed or changed; the schemas'
    /// types, elements and enumeration values (DUIS_SCHEMA_DIR); the
    /// conformance cases whose outcome differs. Default output:
    /// target/reports/diff-<A>-<B>.md.
    DiffVersions {
        /// The earlier version, e.g. 5.3.
        a: String,
        /// The later version, e.g. 5.4.
        b: String,
        /// Where to write the report (`-`: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Differential testing against libxml2: mutated variants of the real
    /// messages (DUIS_CORPUS_DIR), validated by the generated decoder and by
    /// xmllint with each version's schema (DUIS_SCHEMA_DIR); every
    /// disagreement no recorded deviation (conformance/libxml2-deviations.toml)
    /// explains is reported.
    Differential {
        /// Versions to test (default: all).
        #[arg(long = "duis-version", value_name = "V")]
        versions: Vec<String>,
        /// Variants per version.
        #[arg(long, default_value_t = 10_000)]
        count: usize,
        /// Seed of the mutations.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Keep the variants in this folder.
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
    },
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
    Validate {
        /// Decode with this version instead of the one `schemaVersion` names.
        #[arg(long = "duis-version", value_name = "V")]
        duis_version: Option<String>,
        /// Also encode each decoded message, decode it again and compare.
        #[arg(long)]
        roundtrip: bool,
        /// The messages; a folder stands for every file below it, in path
        /// order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
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
        Command::Impact {
            modification,
            versions,
            out,
        } => {
            let mut args: Vec<std::ffi::OsString> = vec!["impact".into(), modification.into()];
            for v in versions {
                args.push("--duis-version".into());
                args.push(v.into());
            }
            if let Some(out) = out {
                args.push("--out".into());
                args.push(absolute(out).into());
            }
            delegate::run_cli(&args)
        }
        Command::DiffVersions { a, b, out } => {
            let mut args: Vec<std::ffi::OsString> =
                vec!["diff-versions".into(), a.into(), b.into()];
            if let Some(out) = out {
                args.push("--out".into());
                args.push(absolute(out).into());
            }
            delegate::run_cli(&args)
        }
        Command::Bench => delegate::run_bench(),
        Command::Fuzz { target, seconds } => fuzz::run(&target, seconds),
        Command::Differential {
            versions,
            count,
            seed,
            work_dir,
        } => {
            let mut args: Vec<std::ffi::OsString> = vec!["differential".into()];
            for v in versions {
                args.push("--duis-version".into());
                args.push(v.into());
            }
            args.push(format!("--count={count}").into());
            args.push(format!("--seed={seed}").into());
            if let Some(dir) = work_dir {
                args.push("--work-dir".into());
                args.push(absolute(dir).into());
            }
            delegate::run_cli_with(&args, true)
        }
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
            args.extend(files.into_iter().map(|f| absolute(f).into()));
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

/// A path given on the command line, made absolute: the delegated commands
/// run in the workspace folder, not in the caller's.
fn absolute(path: PathBuf) -> PathBuf {
    if path.is_absolute() || path.as_os_str() == "-" {
        path
    } else {
        std::env::current_dir().map_or(path.clone(), |cwd| cwd.join(path))
    }
}
