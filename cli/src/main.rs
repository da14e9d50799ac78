//! `duis`: tools over the generated DUIS runtime. `cargo xtask` runs the
//! subcommands that need the runtime through this binary.

use duis_cli::{reports, validate};

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
        /// The messages; a folder stands for every file below it, in path
        /// order, symbolic links followed.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Differential testing against libxml2: derive mutated variants of the
    /// real messages in DUIS_CORPUS_DIR, validate each with the generated
    /// decoder and with xmllint (the version's schema from DUIS_SCHEMA_DIR),
    /// and report every disagreement no recorded deviation explains. Each
    /// variant the decoder accepts is also encoded again: the encoded
    /// document must decode to the same value and satisfy libxml2.
    Differential {
        /// Versions to test (default: all).
        #[arg(long = "duis-version", value_name = "V")]
        versions: Vec<String>,
        /// Variants per version.
        #[arg(long, default_value_t = DEFAULT_COUNT)]
        count: usize,
        /// Seed of the mutations.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Instances to generate from the schema model as further seeds
        /// (they reach the types no real message uses).
        #[arg(long, default_value_t = 1000)]
        generated: usize,
        /// Keep the variants here (default: a temporary folder, kept when
        /// there are disagreements).
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
    },
    /// Write the Markdown impact report of a SEC modification: for each
    /// version, every conformance case whose outcome differs with the
    /// modification forced on versus off (both outcomes side by side), and
    /// the rows of the tables (and the schema patches) it touches. The sweep
    /// of the general checks is included when DUIS_SCHEMA_DIR is set.
    Impact {
        /// The modification's id (spec/modifications/<ID>.toml), e.g. SECMP0178.
        modification: String,
        /// Only these versions (repeatable; default: every version and draft).
        #[arg(long = "duis-version", value_name = "V")]
        versions: Vec<String>,
        /// Where to write the report (`-`: standard output; default:
        /// target/reports/impact-<ID>.md).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The spec folder (default: spec/ of the workspace).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
    /// Write the Markdown report of what changed from DUIS version A to B:
    /// SRVs and response codes added, removed or changed; the schemas'
    /// types, elements and enumeration values (compared in canonical form,
    /// from DUIS_SCHEMA_DIR); and the conformance cases whose outcome differs.
    DiffVersions {
        /// The earlier version, e.g. 5.3.
        a: String,
        /// The later version, e.g. 5.4 (a draft such as 5.4-secmp0192 too).
        b: String,
        /// Where to write the report (`-`: standard output; default:
        /// target/reports/diff-<A>-<B>.md).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The spec folder (default: spec/ of the workspace).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
}

/// Defaults of `differential`.
const DEFAULT_COUNT: usize = 10_000;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate {
            duis_version,
            roundtrip,
            files,
        } => validate::run(duis_version.as_deref(), roundtrip, &files),
        Command::Impact {
            modification,
            versions,
            out,
            spec,
        } => reports::impact(
            &modification,
            &versions,
            out,
            &spec.unwrap_or_else(reports::default_spec),
        ),
        Command::DiffVersions { a, b, out, spec } => {
            reports::diff_versions(&a, &b, out, &spec.unwrap_or_else(reports::default_spec))
        }
        Command::Differential {
            versions,
            count,
            generated,
            seed,
            work_dir,
        } => {
            let mut parsed = Vec::new();
            for id in &versions {
                match duis::Version::from_id(id) {
                    Some(v) => parsed.push(v),
                    None => {
                        eprintln!("error: unknown DUIS version `{id}`");
                        return ExitCode::from(2);
                    }
                }
            }
            duis_cli::differential::run(&duis_cli::differential::Options {
                versions: parsed,
                count,
                generated,
                seed,
                work_dir,
            })
        }
    }
}
