//! The reports a spec author attaches to a modification's impact assessment,
//! as Markdown: what a modification changes ([`impact`]) and what changed
//! between two DUIS versions ([`versions`]). Both run the conformance suite
//! (the written cases and, when the schemas are at hand, the sweep of the
//! general checks) and compare outcomes.

pub mod impact;
pub mod schema_diff;
pub mod versions;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use duis::Version;
use duis_codegen::model::SchemaSet;
use duis_codegen::spec::Spec;

use crate::scenario::{Scenario, ScenarioError};
use crate::suite::{self, Case, CaseResult, Overrides, general};

/// Why a report cannot be made.
#[derive(Debug)]
pub struct ReportError(pub String);

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReportError {}

/// What the reports read: the spec tables, the cases, and the sweep when the
/// schemas are at hand.
pub struct Material {
    pub spec: Spec,
    /// Each version's schema set (drafts with their patch applied), when
    /// `DUIS_SCHEMA_DIR` is given.
    pub schemas: Option<BTreeMap<String, SchemaSet>>,
    /// The sweep of the general checks, per version, when the schemas are at hand.
    pub sweeps: Vec<general::Sweep>,
    /// Every case (the sweep's included) with its scenario, built once.
    entries: Vec<Entry>,
}

struct Entry {
    case: Case,
    about: String,
    scenario: Result<Scenario, ScenarioError>,
}

/// One case's outcome under one version.
pub struct Ran {
    /// What the case is (its description, or how a sweep case was made).
    pub about: String,
    pub result: CaseResult,
}

impl Material {
    /// Loads the spec (`spec_dir`), the cases (`conformance/cases/`) and,
    /// with `schema_dir`, every version's schema set and the sweep.
    pub fn load(spec_dir: &Path, schema_dir: Option<&Path>) -> Result<Material, ReportError> {
        let (spec, _warnings) = Spec::load(spec_dir).map_err(|errors| {
            let list: Vec<String> = errors.errors.iter().map(ToString::to_string).collect();
            ReportError(format!(
                "the spec tables have errors (run `cargo xtask spec check`):\n{}",
                list.join("\n")
            ))
        })?;
        let cases = suite::load_cases(&suite::cases_dir()).map_err(|errors| {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            ReportError(format!("cases that cannot be read:\n{}", list.join("\n")))
        })?;
        let (schemas, sweeps) = match schema_dir {
            None => (None, Vec::new()),
            Some(dir) => {
                let published = general::schema_sets(dir).map_err(ReportError)?;
                let all: Vec<Version> = Version::ALL.into_iter().chain(Version::DRAFTS).collect();
                let sweeps = general::sweep(&suite::cases_dir(), &published, &all)
                    .map_err(|e| ReportError(e.to_string()))?;
                let mut sets: BTreeMap<String, SchemaSet> = published
                    .into_iter()
                    .map(|(id, set)| (id.to_owned(), set))
                    .collect();
                for patch in &spec.patches {
                    let Some(base) = sets.get(&patch.base.value).cloned() else {
                        continue;
                    };
                    let mut set = base;
                    duis_codegen::link::patch::apply(&mut set, patch).map_err(|errors| {
                        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                        ReportError(format!(
                            "the patch {} does not apply:\n{}",
                            patch.file.display(),
                            list.join("\n")
                        ))
                    })?;
                    sets.insert(patch.draft.value.clone(), set);
                }
                (Some(sets), sweeps)
            }
        };
        let mut entries: Vec<Entry> = cases
            .iter()
            .map(|case| Entry {
                case: case.clone(),
                about: case.description.clone(),
                scenario: case.scenario(),
            })
            .collect();
        for sweep in &sweeps {
            for (_, list) in &sweep.srvs {
                for c in list {
                    if let Some(case) = &c.case {
                        entries.push(Entry {
                            case: case.clone(),
                            about: format!("{}: {}", c.srv.name, c.how),
                            scenario: case.scenario(),
                        });
                    }
                }
            }
        }
        Ok(Material {
            spec,
            schemas,
            sweeps,
            entries,
        })
    }

    /// Every case that applies to `version` (the sweep's included), run with
    /// `overrides`, by name.
    pub fn run(&self, version: Version, overrides: &Overrides) -> BTreeMap<String, Ran> {
        let mut out = BTreeMap::new();
        for entry in self
            .entries
            .iter()
            .filter(|e| e.case.versions.contains(&version))
        {
            let result = match &entry.scenario {
                Ok(scenario) => {
                    let scenario = overrides.apply(scenario.clone());
                    suite::run_request(&entry.case.request_for(version), version, &scenario)
                }
                Err(e) => CaseResult::SchemaInvalid(format!("scenario error: {e}")),
            };
            out.insert(
                entry.case.name.clone(),
                Ran {
                    about: entry.about.clone(),
                    result,
                },
            );
        }
        out
    }

    /// The spec's entry for a version (drafts included).
    pub fn known(
        &self,
        version: Version,
    ) -> Option<&duis_codegen::spec::version_set::KnownVersion> {
        self.spec.universe.get(version.id())
    }
}

/// A version by id, drafts included, or an error listing the versions.
pub fn version(id: &str) -> Result<Version, ReportError> {
    Version::from_id(id).ok_or_else(|| {
        let ids: Vec<&str> = Version::ALL
            .into_iter()
            .chain(Version::DRAFTS)
            .map(Version::id)
            .collect();
        ReportError(format!(
            "there is no DUIS version `{id}` (the generated versions are {})",
            ids.join(", ")
        ))
    })
}

/// A table cell: `|` and line breaks escaped.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

/// An outcome in a cell: the essence, and the step that decided a rejection.
pub fn outcome_cell(result: &CaseResult) -> String {
    match result {
        CaseResult::SchemaInvalid(e) => cell(&format!("rejected by the schema: {e}")),
        CaseResult::Outcome(o) => {
            let mut text = result.essence();
            if let Some(step) = o.trace.iter().find(|s| {
                matches!(
                    s.result,
                    duis::dsp::StepResult::Failed(_) | duis::dsp::StepResult::Hook(Some(_))
                )
            }) {
                let _ = write!(text, " by {}", step.id);
            }
            cell(&text)
        }
    }
}

/// Writes the rows of a two-outcome table: the cases whose essence differs.
pub fn differing(
    left: &BTreeMap<String, Ran>,
    right: &BTreeMap<String, Ran>,
) -> Vec<(String, String, String, String)> {
    let mut rows = Vec::new();
    for (name, l) in left {
        let Some(r) = right.get(name) else { continue };
        if l.result.essence() != r.result.essence() {
            rows.push((
                name.clone(),
                l.about.clone(),
                outcome_cell(&l.result),
                outcome_cell(&r.result),
            ));
        }
    }
    rows
}

/// A Markdown table of differing cases.
pub fn case_table(
    out: &mut String,
    left: &str,
    right: &str,
    rows: &[(String, String, String, String)],
) {
    let _ = writeln!(out, "| Case | {left} | {right} |");
    let _ = writeln!(out, "|---|---|---|");
    for (name, about, l, r) in rows {
        let _ = writeln!(out, "| `{name}`<br>{} | {l} | {r} |", cell(about));
    }
}
