//! `differential`: mutated variants of real messages, validated by the
//! generated decoder and by libxml2, per version; every disagreement that no
//! recorded deviation explains is reported.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use duis::Version;
use duis_conformance::differential::{self, Run, corpus_seeds, libxml2};

pub struct Options {
    pub versions: Vec<Version>,
    pub count: usize,
    pub generated: usize,
    pub seed: u64,
    pub work_dir: Option<PathBuf>,
}

fn env_dir(name: &str) -> Result<PathBuf, String> {
    match std::env::var_os(name) {
        Some(dir) if Path::new(&dir).is_dir() => Ok(PathBuf::from(dir)),
        _ => Err(format!(
            "{name} is not set to a folder (e.g. ../shared/duis)"
        )),
    }
}

pub fn run(options: &Options) -> ExitCode {
    match run_inner(options) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(options: &Options) -> Result<ExitCode, String> {
    if !libxml2::available() {
        return Err(
            "xmllint is not installed (Debian package libxml2-utils; `bash .ci/setup` installs it)"
                .into(),
        );
    }
    let schema_dir = env_dir("DUIS_SCHEMA_DIR")?;
    let corpus = env_dir("DUIS_CORPUS_DIR")?;
    let seeds = corpus_seeds(&corpus)?;
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let work = options
        .work_dir
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    let versions = if options.versions.is_empty() {
        Version::ALL.to_vec()
    } else {
        options.versions.clone()
    };
    println!(
        "{:<8} {:>8} {:>10} {:>12} {:>8} {:>10} {:>10}",
        "version", "variants", "both valid", "both invalid", "known", "disagree", "agreement"
    );
    let mut failed = false;
    let mut report = String::new();
    for version in versions {
        let started = Instant::now();
        let outcome = differential::run(&Run {
            version,
            schema_dir: &schema_dir,
            seeds: &seeds,
            count: options.count,
            generated: options.generated,
            seed: options.seed,
            work_dir: &work.join(version.id()),
        })?;
        println!(
            "{:<8} {:>8} {:>10} {:>12} {:>8} {:>10} {:>9.3}%   ({:.1} s)",
            version.id(),
            outcome.variants,
            outcome.both_valid,
            outcome.both_invalid,
            outcome.known.values().sum::<usize>(),
            outcome.disagreements.len(),
            outcome.agreement_rate() * 100.0,
            started.elapsed().as_secs_f64()
        );
        for (id, n) in &outcome.known {
            println!("         known deviation {id}: {n}");
        }
        println!(
            "         encoded again (decoded again, validated by libxml2): {}, failures: {}",
            outcome.encoded,
            outcome.encoding_failures.len()
        );
        for d in &outcome.disagreements {
            report.push_str(&d.to_string());
        }
        for e in &outcome.encoding_failures {
            report.push_str(&e.to_string());
        }
        failed |= !outcome.disagreements.is_empty() || !outcome.encoding_failures.is_empty();
    }
    if failed {
        let path = work.join("disagreements.txt");
        let mut file = std::fs::File::create(&path).map_err(|e| e.to_string())?;
        file.write_all(report.as_bytes())
            .map_err(|e| e.to_string())?;
        let shown: String = report.lines().take(60).collect::<Vec<_>>().join("\n");
        println!("\n{shown}");
        if options.work_dir.is_none() {
            let _ = temp.keep();
        }
        println!(
            "\nall disagreements and encoding failures: {}",
            path.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
