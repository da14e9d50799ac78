//! The conformance suite of the DSP's behaviour: cases (a request and a
//! scenario, data files under `conformance/cases/`), run against every DUIS
//! version they apply to, and the sweep of the general checks over every SRV
//! of every version ([`general`]). The snapshot tests
//! (`conformance/tests/conformance.rs`) and the reports
//! ([`crate::reports`]) are built on [`run`].

pub mod case;
pub mod general;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use duis::Version;
use duis::dsp::Outcome;

pub use case::{Case, HeaderRewrite, VersionIndex};

use crate::scenario::{Scenario, ScenarioError};

/// `conformance/cases/`.
pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("cases")
}

/// `conformance/snapshots/`.
pub fn snapshots_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots")
}

/// Every case file under `root` (scenario files and the sweep's definition
/// aside), in path order.
pub fn load_cases(root: &Path) -> Result<Vec<Case>, Vec<ScenarioError>> {
    let mut files = Vec::new();
    collect(root, root, &mut files);
    files.sort();
    let versions = VersionIndex::default();
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match case::load(root, &file, &versions) {
            Ok(found) => cases.extend(found),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(cases)
    } else {
        Err(errors)
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "scenarios" && name != "requests" {
                collect(root, &path, out);
            }
        } else if name.ends_with(".toml") && !(dir == root && name == general::DEFINITION) {
            out.push(path);
        }
    }
}

/// What a case gives under one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseResult {
    /// The version's schema rejects the request.
    SchemaInvalid(String),
    /// The DSP's outcome.
    Outcome(Outcome),
}

/// How a case runs: its scenario's configuration, with modifications forced
/// on or off (for impact reports).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub modifications: Vec<(String, bool)>,
}

/// Runs one case under one version.
pub fn run(
    case: &Case,
    version: Version,
    overrides: &Overrides,
) -> Result<CaseResult, ScenarioError> {
    let scenario = overrides.apply(case.scenario()?);
    Ok(run_request(&case.request_for(version), version, &scenario))
}

impl Overrides {
    /// The scenario with the modifications forced on or off.
    pub fn apply(&self, mut scenario: Scenario) -> Scenario {
        for (id, on) in &self.modifications {
            scenario.config = scenario.config.clone().with_override(id, *on);
        }
        scenario
    }
}

/// Decodes a request with a version and runs it through the DSP's checks.
pub fn run_request(xml: &str, version: Version, scenario: &Scenario) -> CaseResult {
    match version.decode(xml) {
        Err(e) => CaseResult::SchemaInvalid(e.to_string()),
        Ok(document) => match document.validate_request(
            &scenario.submission,
            &scenario.context,
            &scenario.config,
        ) {
            Some(outcome) => CaseResult::Outcome(outcome),
            None => CaseResult::SchemaInvalid(format!("not a request: `{}`", document.root_name())),
        },
    }
}

impl CaseResult {
    /// What an impact or version report compares: the verdict, the code, the
    /// warnings and the processing (not the trace, which names the forms of
    /// the rules).
    pub fn essence(&self) -> String {
        match self {
            CaseResult::SchemaInvalid(_) => "rejected by the schema".to_owned(),
            CaseResult::Outcome(o) => {
                let mut out = format!(
                    "{} ({})",
                    o.code,
                    if o.accepted { "accepted" } else { "rejected" }
                );
                if !o.warnings.is_empty() {
                    let _ = write!(out, "; warnings {}", o.warnings.join(", "));
                }
                for p in &o.processing {
                    let _ = write!(out, "; {p}");
                }
                out
            }
        }
    }

    /// The short form: the code and the step that decided it.
    pub fn short(&self) -> String {
        match self {
            CaseResult::SchemaInvalid(_) => "schema rejects".to_owned(),
            CaseResult::Outcome(o) => {
                let decided = o
                    .trace
                    .iter()
                    .find(|s| {
                        matches!(
                            s.result,
                            duis::dsp::StepResult::Failed(_) | duis::dsp::StepResult::Hook(Some(_))
                        )
                    })
                    .map_or_else(|| "accepted".to_owned(), |s| format!("{} failed", s.id));
                let warnings = if o.warnings.is_empty() {
                    String::new()
                } else {
                    format!(" (warnings {})", o.warnings.join(", "))
                };
                format!("{:<8} {decided}{warnings}", o.code)
            }
        }
    }

    pub fn code(&self) -> Option<&'static str> {
        match self {
            CaseResult::SchemaInvalid(_) => None,
            CaseResult::Outcome(o) => Some(o.code),
        }
    }
}

/// The snapshot of a case under a version: the circumstances, then the outcome.
pub fn render(case: &Case, version: Version, result: &CaseResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "case: {}", case.name);
    let _ = writeln!(out, "DUIS {}", version.id());
    match case.scenario() {
        Ok(s) => {
            let switches: Vec<String> = s
                .config
                .switches
                .iter()
                .map(|(k, v)| format!("{k} {}", if *v { "on" } else { "off" }))
                .collect();
            let _ = writeln!(
                out,
                "SEC release {}; sent as {}; received {}{}",
                s.config.sec_release,
                s.submission.role,
                s.submission.received,
                if switches.is_empty() {
                    String::new()
                } else {
                    format!("; switches: {}", switches.join(", "))
                }
            );
        }
        Err(e) => {
            let _ = writeln!(out, "scenario: {e}");
        }
    }
    let request = case.request_for(version);
    let header = |local: &str| {
        case::element_text(&request, local)
            .unwrap_or("?")
            .to_owned()
    };
    let _ = writeln!(
        out,
        "request: {} (RequestID {}, Command Variant {}, SRV {})",
        case.request_file
            .strip_prefix(cases_dir())
            .unwrap_or(&case.request_file)
            .display(),
        header("RequestID"),
        header("CommandVariant"),
        header("ServiceReferenceVariant"),
    );
    out.push('\n');
    match result {
        CaseResult::SchemaInvalid(e) => {
            let _ = writeln!(out, "rejected by the DUIS {} schema: {e}", version.id());
        }
        CaseResult::Outcome(o) => {
            let _ = write!(out, "{o}");
        }
    }
    out
}

/// The snapshot name of a case: the path under the snapshots folder, and the
/// file name (`seeds/secmp0178`, `unjoin-critical__not-joined`).
pub fn snapshot_location(case: &Case) -> (String, String) {
    let (dir, name) = match case.name.rsplit_once('/') {
        Some((dir, name)) => (dir.to_owned(), name.to_owned()),
        None => (String::new(), case.name.clone()),
    };
    // A variant: `<file>/<variant>`; keep the file's folder as the folder.
    match dir.rsplit_once('/') {
        Some((folder, file)) if case.file.file_stem().and_then(|s| s.to_str()) == Some(file) => {
            (folder.to_owned(), format!("{file}__{name}"))
        }
        _ if case.file.file_stem().and_then(|s| s.to_str()) == Some(dir.as_str()) => {
            (String::new(), format!("{dir}__{name}"))
        }
        _ => (dir, name),
    }
}
