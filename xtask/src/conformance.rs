//! `cargo xtask conformance`: the conformance suite's snapshot tests
//! (`conformance/tests/conformance.rs`) run with cargo-nextest, then a table
//! per DUIS version of the snapshots that passed, changed or are new.
//!
//! The tests write their counts to `DUIS_CONFORMANCE_SUMMARY`
//! (`<target>/conformance-summary/{cases,general}.tsv`, one line per version:
//! `version cases passed changed new`); `cargo xtask test` reads the same
//! files after running every test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use duis_codegen::spec::{Spec, versions};
use miette::{IntoDiagnostic, Result, WrapErr, miette};

use crate::{inputs, paths};

/// Where the tests write their counts.
pub fn summary_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| paths::workspace().join("target"), PathBuf::from);
    target.join("conformance-summary")
}

/// Clears the counts of an earlier run (a version left out of this run must
/// not show its old counts).
pub fn clear_summary(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot clear {}", dir.display())),
    }
}

/// The spec's versions (drafts included) as a JSON array, on one line.
pub fn list_versions() -> Result<ExitCode> {
    let (spec, _) = Spec::load(&paths::spec_dir()).map_err(inputs::report)?;
    let ids: Vec<String> = spec
        .universe
        .ids()
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect();
    println!("[{}]", ids.join(","));
    Ok(ExitCode::SUCCESS)
}

pub fn run(versions: &[String]) -> Result<ExitCode> {
    let (spec, _) = Spec::load(&paths::spec_dir()).map_err(inputs::report)?;
    let known = spec.universe.ids();
    for v in versions {
        if !known.contains(&v.as_str()) {
            return Err(miette!(
                help = format!(
                    "the versions of spec/versions.toml and spec/patches/ are: {}",
                    known.join(", ")
                ),
                "there is no DUIS version `{v}`"
            ));
        }
    }
    let summary = summary_dir();
    clear_summary(&summary)?;
    let mut command = crate::cargo::command();
    command
        .args([
            "nextest",
            "run",
            "--package",
            "duis-conformance",
            "--test",
            "conformance",
            "--no-fail-fast",
            "--profile",
            crate::test::profile(),
        ])
        .env("DUIS_CONFORMANCE_SUMMARY", &summary);
    if versions.is_empty() {
        command.env_remove("DUIS_CONFORMANCE_VERSIONS");
    } else {
        command.env("DUIS_CONFORMANCE_VERSIONS", versions.join(","));
    }
    let status = command
        .status()
        .into_diagnostic()
        .wrap_err("cannot run cargo nextest")?;
    let table = Table::read(&summary)?;
    table.print();
    if !status.success() || table.differs() {
        eprintln!(
            "error: the conformance suite differs from its snapshots; review with `cargo insta review` (accept the changes a modification intends, reject the others)"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    cases: u64,
    passed: u64,
    changed: u64,
    new: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.cases += other.cases;
        self.passed += other.passed;
        self.changed += other.changed;
        self.new += other.new;
    }
}

/// The counts of a run, by version: the written cases and the sweep.
#[derive(Debug, Default)]
pub struct Table {
    cases: BTreeMap<String, Counts>,
    sweep: BTreeMap<String, Counts>,
    swept: bool,
}

impl Table {
    /// Reads the tests' summary files (absent files: those tests did not run).
    pub fn read(dir: &Path) -> Result<Table> {
        let mut table = Table::default();
        for (file, into) in [("cases.tsv", false), ("general.tsv", true)] {
            let path = dir.join(file);
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(e)
                        .into_diagnostic()
                        .wrap_err_with(|| format!("cannot read {}", path.display()));
                }
            };
            if into {
                table.swept = true;
            }
            for (n, line) in text.lines().enumerate() {
                let fields: Vec<&str> = line.split('\t').collect();
                let numbers: Vec<u64> = fields
                    .iter()
                    .skip(1)
                    .filter_map(|f| f.parse().ok())
                    .collect();
                let [cases, passed, changed, new] = numbers[..] else {
                    return Err(miette!(
                        "{}:{}: expected `version cases passed changed new`, found `{line}`",
                        path.display(),
                        n + 1
                    ));
                };
                let counts = Counts {
                    cases,
                    passed,
                    changed,
                    new,
                };
                let map = if into {
                    &mut table.sweep
                } else {
                    &mut table.cases
                };
                map.entry(fields[0].to_owned()).or_default().add(counts);
            }
        }
        Ok(table)
    }

    pub fn is_empty(&self) -> bool {
        self.cases.is_empty() && self.sweep.is_empty()
    }

    /// Whether a snapshot changed or is new.
    pub fn differs(&self) -> bool {
        self.cases
            .values()
            .chain(self.sweep.values())
            .any(|c| c.changed > 0 || c.new > 0)
    }

    pub fn print(&self) {
        if self.is_empty() {
            eprintln!("conformance: no results (the suite did not run to the end)");
            return;
        }
        let mut versions: Vec<&String> = self.cases.keys().chain(self.sweep.keys()).collect();
        versions.sort_by(|a, b| versions::version_order(a, b));
        versions.dedup();
        println!();
        println!(
            "{:<16} {:>7} {:>7} {:>8} {:>5}   (written cases + sweep of the general checks)",
            "DUIS version", "cases", "passed", "changed", "new"
        );
        for v in versions {
            let written = self.cases.get(v).copied().unwrap_or_default();
            let swept = self.sweep.get(v).copied().unwrap_or_default();
            let mut total = written;
            total.add(swept);
            println!(
                "{v:<16} {:>7} {:>7} {:>8} {:>5}   ({} + {})",
                total.cases, total.passed, total.changed, total.new, written.cases, swept.cases
            );
        }
        if !self.swept {
            println!(
                "note: the sweep of the general checks did not run (it needs DUIS_SCHEMA_DIR to generate request bodies)"
            );
        }
    }
}
