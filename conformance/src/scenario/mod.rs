//! Scenarios: what the DCC knows (an in-memory [`MemoryContext`]) and how a
//! request reaches it (the User Role it is sent in, when, under which SEC
//! release and feature switches), read from a readable TOML fixture file.
//!
//! ```toml
//! sec-release = "2024-06"              # the SEC release in force
//! received = "2024-07-01T09:00:00Z"    # when the DSP receives the request
//! role = "IS"                          # the User Role it is sent in
//!
//! [switches]                           # feature switches set explicitly
//! unjoin-without-smi-join-check = false
//!
//! [[user]]
//! id = "90-B3-D5-1F-30-01-00-00"       # a User ID
//! party = "SUPPLIER-A"                 # its party, as Registration Data names it
//! roles = ["IS", "GS"]
//! active = true                        # optional, default true
//!
//! [[device]]
//! id = "00-DB-12-34-56-78-90-A0"
//! type = "ESME"
//! status = "Commissioned"
//! smets = "SMETS2"
//! meter-point = "1000999888"           # optional
//! gas-proxy = "00-DB-12-34-56-78-90-A4" # optional, for a CHF: its hub's GPF
//!
//! [[join]]
//! devices = ["00-DB-12-34-56-78-90-A0", "00-DB-12-34-56-78-90-A2"]
//!
//! [[registration]]
//! meter-point = "1000999888"
//! supplier = "SUPPLIER-A"
//! network-operator = "DNO-1"           # also: export-supplier, supplier-agent
//!
//! [[request]]                          # requests the DSP handled before
//! id = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000"
//! srv = "6.15.1"
//!
//! [[wan]]                              # the CSPs' coverage of a property
//! uprn = "100023336956"
//! variants = [" "]
//! ```

mod memory;

pub use memory::MemoryContext;

use std::collections::BTreeMap;
use std::path::Path;

use duis::dsp::{self, Config, DateTime, SecRelease, Submission, UserRole};
use duis_runtime::SimpleValue;
use serde::Deserialize;

/// A scenario: the DCC's knowledge and the request's circumstances.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub context: MemoryContext,
    pub submission: Submission,
    pub config: Config,
}

/// A problem in a scenario file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ScenarioError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct File {
    pub sec_release: toml::Spanned<String>,
    pub received: toml::Spanned<String>,
    pub role: toml::Spanned<String>,
    #[serde(default)]
    pub switches: BTreeMap<String, bool>,
    #[serde(default)]
    pub user: Vec<memory::UserFile>,
    #[serde(default)]
    pub device: Vec<memory::DeviceFile>,
    #[serde(default)]
    pub join: Vec<memory::JoinFile>,
    #[serde(default)]
    pub registration: Vec<memory::RegistrationFile>,
    #[serde(default)]
    pub request: Vec<memory::RequestFile>,
    #[serde(default)]
    pub wan: Vec<memory::WanFile>,
}

/// Where a byte offset is: 1-based line and column.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Scenario {
    /// Reads a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: format!("cannot read the scenario: {e}"),
        })?;
        Scenario::parse(&path.display().to_string(), &text)
    }

    /// Reads a scenario from its text; `name` names it in errors.
    pub fn parse(name: &str, text: &str) -> Result<Scenario, ScenarioError> {
        let error = |offset: usize, message: String| {
            let (line, column) = line_column(text, offset);
            ScenarioError {
                file: name.to_owned(),
                line,
                column,
                message,
            }
        };
        let file: File = toml::from_str(text).map_err(|e| {
            error(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_owned(),
            )
        })?;
        let release: SecRelease = file
            .sec_release
            .get_ref()
            .parse()
            .map_err(|m| error(file.sec_release.span().start, m))?;
        let received = DateTime::parse(file.received.get_ref()).map_err(|_| {
            error(
                file.received.span().start,
                format!(
                    "`{}` is not an xs:dateTime (e.g. 2024-07-01T09:00:00Z)",
                    file.received.get_ref()
                ),
            )
        })?;
        let role: UserRole = file
            .role
            .get_ref()
            .parse()
            .map_err(|m| error(file.role.span().start, m))?;
        let mut config = Config::at(release);
        for (name, on) in &file.switches {
            config = config.with_switch(name, *on);
        }
        let context = MemoryContext::from_file(&file).map_err(|(offset, m)| error(offset, m))?;
        Ok(Scenario {
            context,
            submission: Submission { role, received },
            config,
        })
    }

    /// The switches every known modification's switch, for checking names.
    pub fn unknown_switches(&self, known: &[&dsp::Modification]) -> Vec<String> {
        self.config
            .switches
            .keys()
            .filter(|name| {
                !known
                    .iter()
                    .any(|m| m.switch.is_some_and(|s| s.name == name.as_str()))
            })
            .cloned()
            .collect()
    }
}
