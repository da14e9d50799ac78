//! The conformance suite as insta snapshots, one per case and version:
//! `conformance/snapshots/<version>/<case folder>/<case>.snap`, and one per
//! version and SRV for the sweep of the general checks
//! (`conformance/snapshots/<version>/general/<srv>.snap`). Review changes
//! with `cargo insta review`.
//!
//! `DUIS_CONFORMANCE_VERSIONS` (comma-separated ids) limits the versions;
//! `DUIS_CONFORMANCE_SUMMARY` names a folder where each test writes its
//! per-version counts (read by `cargo xtask conformance`).

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use duis::Version;
use duis_conformance::suite::{self, Overrides, general};

#[derive(Default, Clone, Copy)]
struct Tally {
    cases: usize,
    passed: usize,
    changed: usize,
    new: usize,
}

struct Suite {
    tallies: BTreeMap<String, Tally>,
    failures: Vec<String>,
}

fn versions() -> Vec<Version> {
    let all: Vec<Version> = Version::ALL.into_iter().chain(Version::DRAFTS).collect();
    match std::env::var("DUIS_CONFORMANCE_VERSIONS") {
        Ok(list) if !list.trim().is_empty() => {
            let wanted: Vec<&str> = list.split(',').map(str::trim).collect();
            for id in &wanted {
                assert!(
                    Version::from_id(id).is_some(),
                    "DUIS_CONFORMANCE_VERSIONS names `{id}`, which is not generated"
                );
            }
            all.into_iter()
                .filter(|v| wanted.contains(&v.id()))
                .collect()
        }
        _ => all,
    }
}

/// The text of an existing snapshot file (after insta's header).
fn existing(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let body = text.strip_prefix("---\n")?;
    let end = body.find("\n---\n")?;
    Some(body[end + 5..].to_owned())
}

impl Suite {
    fn new() -> Suite {
        Suite {
            tallies: BTreeMap::new(),
            failures: Vec::new(),
        }
    }

    /// Compares `text` with the snapshot `dir/name` through insta, and
    /// counts it as passed, changed or new.
    fn check(
        &mut self,
        version: Version,
        dir: &str,
        name: &str,
        description: &str,
        input: &Path,
        text: &str,
    ) {
        let folder = suite::snapshots_dir().join(version.id()).join(dir);
        let file = folder.join(format!("{name}.snap"));
        let tally = self.tallies.entry(version.id().to_owned()).or_default();
        tally.cases += 1;
        match existing(&file) {
            None => tally.new += 1,
            Some(old) if old.trim_end() == text.trim_end() => tally.passed += 1,
            Some(_) => tally.changed += 1,
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&folder);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(description);
        settings.set_input_file(input);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name, text));
        }));
        if outcome.is_err() {
            self.failures
                .push(format!("DUIS {} {dir}/{name}", version.id()));
        }
    }

    /// Writes the counts for `cargo xtask conformance`, then fails if any
    /// snapshot differs.
    fn finish(self, test: &str) {
        if let Some(dir) = std::env::var_os("DUIS_CONFORMANCE_SUMMARY") {
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).expect("summary folder");
            let lines: String = self
                .tallies
                .iter()
                .map(|(v, t)| format!("{v}\t{}\t{}\t{}\t{}\n", t.cases, t.passed, t.changed, t.new))
                .collect();
            std::fs::write(dir.join(format!("{test}.tsv")), lines).expect("write the summary");
        }
        assert!(
            self.failures.is_empty(),
            "{} snapshot(s) differ or are new (review them with `cargo insta review`):\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

#[test]
fn conformance_cases() {
    let cases = suite::load_cases(&suite::cases_dir()).unwrap_or_else(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("cases that cannot be read:\n{}", list.join("\n"))
    });
    assert!(
        !cases.is_empty(),
        "no cases under {}",
        suite::cases_dir().display()
    );
    let mut suite_run = Suite::new();
    let versions = versions();
    for case in &cases {
        let (dir, name) = suite::snapshot_location(case);
        for &version in case.versions.iter().filter(|v| versions.contains(v)) {
            let result = suite::run(case, version, &Overrides::default())
                .unwrap_or_else(|e| panic!("{}: {e}", case.name));
            let text = suite::render(case, version, &result);
            suite_run.check(version, &dir, &name, &case.description, &case.file, &text);
        }
    }
    suite_run.finish("cases");
}

#[test]
fn corpus_general_checks_of_every_srv() {
    let Some(schemas) = std::env::var_os("DUIS_SCHEMA_DIR").filter(|d| Path::new(d).is_dir())
    else {
        eprintln!(
            "SKIPPED: DUIS_SCHEMA_DIR is not set to the published schemas (the sweep generates request bodies from them); `bash .ci/run` sets it"
        );
        return;
    };
    let sets = general::schema_sets(Path::new(&schemas)).expect("the schema sets");
    let sweeps = general::sweep(&suite::cases_dir(), &sets, &versions()).expect("the sweep");
    let mut suite_run = Suite::new();
    let definition = suite::cases_dir().join(general::DEFINITION);
    for sweep in &sweeps {
        for (srv, cases) in &sweep.srvs {
            let text = general::render(sweep.version, srv, cases, &Overrides::default());
            let name = format!("srv_{}", srv.variant.replace('.', "_"));
            let description = format!("SRV {} '{}': the general checks", srv.variant, srv.name);
            suite_run.check(
                sweep.version,
                "general",
                &name,
                &description,
                &definition,
                &text,
            );
        }
    }
    suite_run.finish("general");
}
