//! The sweep of the general checks over every SRV of every version
//! (`conformance/cases/general.toml`): for each SRV, a request that passes
//! the general checks, and one per general check made to fail. Bodies are
//! generated from the schema model, so the sweep needs `DUIS_SCHEMA_DIR`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use duis::Version;
use duis::dsp::{SmetsApplicability, Srv, StepResult, UserRole};
use duis_codegen::model::{Content, ElementDecl, SchemaSet, Term, TypeRef};
use serde::Deserialize;
use toml::{Table, Value};

use super::case::{self, Case, HeaderRewrite};
use super::{CaseResult, Overrides};
use crate::differential::instances;
use crate::scenario::ScenarioError;

/// The sweep's definition file, in the cases folder.
pub const DEFINITION: &str = "general.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Definition {
    pub description: String,
    pub scenario: String,
    pub seed: u64,
    pub body_version: String,
    pub dcc: String,
    pub unknown_user: String,
    pub unknown_device: String,
    pub role_preference: Vec<String>,
    pub subject: String,
    pub senders: BTreeMap<String, String>,
    pub devices: BTreeMap<String, Devices>,
    pub check: Vec<Check>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Devices {
    pub registered: String,
    pub unregistered: String,
    pub decommissioned: String,
    pub whitelisted: String,
}

/// How a general check is made to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Make {
    UnknownUser,
    IneligibleRole,
    InactiveUser,
    UnknownDevice,
    Unregistered,
    Decommissioned,
    OtherSmets,
    CommandVariant,
    Reference,
    LocalDelivery,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub rule: String,
    pub code: String,
    pub make: Make,
}

/// One case of the sweep.
#[derive(Debug, Clone)]
pub struct SweepCase {
    pub srv: &'static Srv,
    /// `passes`, or the general rule made to fail.
    pub check: String,
    /// The code expected (none for the passing case).
    pub expected: Option<String>,
    /// How the request differs from the passing one, or why the check
    /// cannot fail for this SRV.
    pub how: String,
    /// Why the check cannot fail although the request was made (the rule is
    /// exempt, not applicable or removed for every eligible sender and
    /// device): the case still runs, to show what the DSP does instead.
    pub exempt: Option<String>,
    /// The case, unless the check cannot fail for this SRV.
    pub case: Option<Case>,
}

/// The sweep for one version.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub version: Version,
    pub srvs: Vec<(&'static Srv, Vec<SweepCase>)>,
}

fn error(message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        file: DEFINITION.to_owned(),
        line: 1,
        column: 1,
        message: message.into(),
    }
}

pub fn load_definition(cases: &Path) -> Result<(Definition, Table), ScenarioError> {
    let path = cases.join(DEFINITION);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| error(format!("cannot read {}: {e}", path.display())))?;
    let definition: Definition = toml::from_str(&text).map_err(|e| {
        let (line, column) = crate::scenario::line_column(&text, e.span().map_or(0, |s| s.start));
        ScenarioError {
            file: path.display().to_string(),
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })?;
    let base_path = cases.join(&definition.scenario);
    let base_text = std::fs::read_to_string(&base_path)
        .map_err(|e| error(format!("cannot read {}: {e}", base_path.display())))?;
    let base: Table =
        toml::from_str(&base_text).map_err(|e| error(format!("{}: {e}", base_path.display())))?;
    Ok((definition, base))
}

/// The schema sets bodies are generated from, by version id (a draft uses its base's).
pub fn schema_sets(schema_dir: &Path) -> Result<BTreeMap<&'static str, SchemaSet>, String> {
    let mut out = BTreeMap::new();
    for version in Version::ALL {
        let dir = schema_dir.join(version.id());
        let entry = version.schema_files()[0];
        let set = duis_codegen::xsd::read_schema_set(&dir, entry).map_err(|e| e.to_string())?;
        out.insert(version.id(), set);
    }
    Ok(out)
}

/// The element declarations of `Request/Body`, by local name.
fn body_elements(set: &SchemaSet) -> BTreeMap<String, ElementDecl> {
    let mut out = BTreeMap::new();
    let Some(request) = set
        .elements
        .iter()
        .find(|e| e.name.local == "Request" && e.name.ns.is_some())
    else {
        return out;
    };
    let TypeRef::Complex(id) = request.ty else {
        return out;
    };
    let Content::Elements(p) = &set.complex(id).content else {
        return out;
    };
    let Term::Sequence(items) = &p.term else {
        return out;
    };
    for item in items {
        if let Term::Element(body) = &item.term
            && body.name.local == "Body"
            && let TypeRef::Complex(body_id) = body.ty
            && let Content::Elements(choice) = &set.complex(body_id).content
            && let Term::Choice(alternatives) = &choice.term
        {
            for alt in alternatives {
                if let Term::Element(e) = &alt.term {
                    out.insert(e.name.local.clone(), e.clone());
                }
            }
        }
    }
    out
}

/// A request's XML: the header and a body.
fn envelope(
    set: &SchemaSet,
    srv: &Srv,
    originator: &str,
    target: &str,
    cv: u8,
    body: &str,
) -> String {
    let namespaces: String = set
        .namespaces
        .iter()
        .map(|n| format!(" xmlns:{}=\"{}\"", n.prefix, n.uri))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sr:Request{namespaces} schemaVersion=\"5.4\">\n  <sr:Header>\n    <sr:RequestID>{originator}:{target}:1</sr:RequestID>\n    <sr:CommandVariant>{cv}</sr:CommandVariant>\n    <sr:ServiceReference>{}</sr:ServiceReference>\n    <sr:ServiceReferenceVariant>{}</sr:ServiceReferenceVariant>\n  </sr:Header>\n  <sr:Body>{body}</sr:Body>\n</sr:Request>\n",
        srv.reference, srv.variant
    )
}

/// The sweep: for every version, every SRV of its matrix.
pub fn sweep(
    cases: &Path,
    sets: &BTreeMap<&'static str, SchemaSet>,
    versions: &[Version],
) -> Result<Vec<Sweep>, ScenarioError> {
    let (definition, base) = load_definition(cases)?;
    let body_set = sets.get(definition.body_version.as_str()).ok_or_else(|| {
        error(format!(
            "body-version {} has no schemas",
            definition.body_version
        ))
    })?;
    let body_decls = body_elements(body_set);
    let mut out = Vec::new();
    for &version in versions {
        let base_id = version.base().id();
        let set = sets
            .get(base_id)
            .ok_or_else(|| error(format!("no schemas for DUIS {base_id}")))?;
        let own_decls = body_elements(set);
        let mut srvs = Vec::new();
        for srv in version.matrix() {
            let made = SrvSweep {
                definition: &definition,
                base: &base,
                srv,
                version,
            };
            // The same seeds on the same schema give the same body: every
            // version whose schema takes the body-version's body uses it.
            let body = [(body_set, &body_decls), (set, &own_decls)]
                .into_iter()
                .find_map(|(from, decls)| made.generate_body(from, decls.get(srv.body)?, set));
            let signed = body_decls
                .get("SignedPreCommand")
                .and_then(|decl| made.generate_signed(body_set, decl, set));
            srvs.push((*srv, made.cases(set, body, signed)));
        }
        out.push(Sweep { version, srvs });
    }
    Ok(out)
}

struct SrvSweep<'d> {
    definition: &'d Definition,
    base: &'d Table,
    srv: &'static Srv,
    version: Version,
}

impl SrvSweep<'_> {
    fn generation(&self) -> &'static str {
        if self.srv.smets == SmetsApplicability::Smets2Only {
            "SMETS2"
        } else {
            "SMETS1"
        }
    }

    fn devices(&self, generation: &str) -> Option<&Devices> {
        self.definition.devices.get(generation)
    }

    fn passing_cv(&self) -> u8 {
        if self.srv.non_device {
            8
        } else if self.srv.critical {
            4
        } else {
            1
        }
    }

    /// Sets the subject field of a body to a device.
    fn with_subject(&self, body: &str, device: &str) -> String {
        match self.srv.subject {
            Some(path) => {
                let local = path.rsplit('/').next().unwrap_or(path);
                case::replace_element_text(body, local, device)
            }
            None => body.to_owned(),
        }
    }

    fn request(
        &self,
        set: &SchemaSet,
        originator: &str,
        target: &str,
        cv: u8,
        body: &str,
    ) -> String {
        envelope(set, self.srv, originator, target, cv, body)
    }

    fn body_valid(&self, set: &SchemaSet, body: &str) -> bool {
        let xml = self.request(
            set,
            &self.definition.unknown_user,
            &self.definition.dcc,
            self.passing_cv(),
            body,
        );
        let xml = case::rewrite(
            &xml,
            &HeaderRewrite::default(),
            self.version.schema_version(),
        );
        self.version.decode(&xml).is_ok()
    }

    fn generate_body(
        &self,
        from: &SchemaSet,
        decl: &ElementDecl,
        set: &SchemaSet,
    ) -> Option<String> {
        (0..64).find_map(|attempt| {
            let body = instances::element_text(from, decl, self.definition.seed + attempt);
            let body = self.with_subject(body.trim_end(), &self.definition.subject);
            self.body_valid(set, &body).then_some(body)
        })
    }

    fn generate_signed(
        &self,
        from: &SchemaSet,
        decl: &ElementDecl,
        set: &SchemaSet,
    ) -> Option<String> {
        (0..64).find_map(|attempt| {
            let body = instances::element_text(from, decl, self.definition.seed + attempt);
            let body = body.trim_end().to_owned();
            let xml = self.request(
                set,
                &self.definition.unknown_user,
                &self.definition.dcc,
                6,
                &body,
            );
            let xml = case::rewrite(
                &xml,
                &HeaderRewrite::default(),
                self.version.schema_version(),
            );
            self.version.decode(&xml).is_ok().then_some(body)
        })
    }

    fn user_entry(&self, id: &str) -> Option<Value> {
        self.base
            .get("user")?
            .as_array()?
            .iter()
            .find(|u| u.get("id").and_then(Value::as_str) == Some(id))
            .cloned()
    }

    /// The passing case and one per check.
    fn cases(
        &self,
        set: &SchemaSet,
        body: Option<String>,
        signed: Option<String>,
    ) -> Vec<SweepCase> {
        let srv = self.srv;
        let not_applicable = |check: &str, expected: Option<&str>, why: String| SweepCase {
            srv,
            check: check.to_owned(),
            expected: expected.map(str::to_owned),
            how: why,
            exempt: None,
            case: None,
        };
        let Some(body) = body else {
            return vec![not_applicable(
                "passes",
                None,
                "no valid body could be generated from the schema".into(),
            )];
        };
        let roles = self.roles();
        let Some(role) = roles.first().copied() else {
            let mut out = vec![not_applicable(
                "passes",
                None,
                "cannot pass: the matrix lists no eligible role".into(),
            )];
            out.extend(self.definition.check.iter().map(|c| {
                not_applicable(
                    &c.rule,
                    Some(&c.code),
                    "cannot be reached: no role may send the SRV".into(),
                )
            }));
            return out;
        };
        let generation = self.generation();
        if self.devices(generation).is_none() {
            return vec![not_applicable(
                "passes",
                None,
                format!("no {generation} devices in general.toml"),
            )];
        }
        let passing = self.passing(role, generation, &body);
        let mut out = vec![SweepCase {
            srv,
            check: "passes".into(),
            expected: None,
            how: format!(
                "sent as {role} to {}, Command Variant {}",
                if srv.non_device {
                    "the DCC".to_owned()
                } else {
                    format!("a {generation} ESME")
                },
                passing.cv
            ),
            exempt: None,
            case: Some(self.case("passes", set, &passing)),
        }];
        // The sender and the device a check is made to fail with: the
        // passing ones first; then, while the rule is exempt or not
        // applicable for them (as the run's trace says), the other eligible
        // roles and SMETS generations.
        let generations: Vec<&str> = std::iter::once(generation)
            .chain((srv.smets == SmetsApplicability::Both && !srv.non_device).then_some("SMETS2"))
            .filter(|g| self.devices(g).is_some())
            .collect();
        for check in &self.definition.check {
            let mut first: Option<(Plan, String, String)> = None;
            let mut found = None;
            'search: for &generation in &generations {
                for &role in &roles {
                    let start = self.passing(role, generation, &body);
                    let (plan, how) =
                        match self.make(check.make, start, generation, &body, signed.as_deref()) {
                            Ok(made) => made,
                            Err(why) => {
                                if first.is_none() {
                                    out.push(not_applicable(&check.rule, Some(&check.code), why));
                                    found = Some(());
                                    break 'search;
                                }
                                continue;
                            }
                        };
                    let how = if role == passing.role.as_str() {
                        how
                    } else {
                        format!("sent as {role}: {how}")
                    };
                    let case = self.case(&check.rule, set, &plan);
                    match self.exemption(&case, &check.rule) {
                        None => {
                            out.push(SweepCase {
                                srv,
                                check: check.rule.clone(),
                                expected: Some(check.code.clone()),
                                how,
                                exempt: None,
                                case: Some(case),
                            });
                            found = Some(());
                            break 'search;
                        }
                        Some(why) => {
                            if first.is_none() {
                                first = Some((plan, how, why));
                            }
                        }
                    }
                }
            }
            if found.is_none()
                && let Some((plan, how, why)) = first
            {
                out.push(SweepCase {
                    srv,
                    check: check.rule.clone(),
                    expected: Some(check.code.clone()),
                    how,
                    exempt: Some(format!(
                        "cannot fail: {why} for every eligible role and device"
                    )),
                    case: Some(self.case(&check.rule, set, &plan)),
                });
            }
        }
        out
    }

    /// The eligible roles, in the order of preference.
    fn roles(&self) -> Vec<&str> {
        self.definition
            .role_preference
            .iter()
            .filter(|r| self.srv.roles.iter().any(|e| e.as_str() == r.as_str()))
            .map(String::as_str)
            .collect()
    }

    /// A request that passes the general checks, sent in `role` to a
    /// registered device of `generation` (or to the DCC).
    fn passing(&self, role: &str, generation: &str, body: &str) -> Plan {
        let target = match self.devices(generation) {
            Some(devices) if !self.srv.non_device => devices.registered.clone(),
            _ => self.definition.dcc.clone(),
        };
        Plan {
            role: role.to_owned(),
            sender: self
                .definition
                .senders
                .get(role)
                .cloned()
                .unwrap_or_default(),
            target,
            cv: self.passing_cv(),
            body: body.to_owned(),
            reference: None,
            scenario: Table::new(),
        }
    }

    /// Why the rule does not run for this case (exempt, not applicable or
    /// removed, as the trace says), if it does not.
    fn exemption(&self, case: &Case, rule: &str) -> Option<String> {
        let Ok(CaseResult::Outcome(outcome)) =
            super::run(case, self.version, &Overrides::default())
        else {
            return None;
        };
        let step = outcome.trace.iter().find(|s| s.id == rule)?;
        let by = step
            .modification
            .map(|m| format!(" (the rule as {m} has it)"))
            .unwrap_or_default();
        match step.result {
            StepResult::Exempt | StepResult::NotApplicable | StepResult::Removed(_) => {
                Some(format!("{rule} {}{by}", step.result))
            }
            _ => None,
        }
    }

    /// The passing request changed so that `make` fails, and how it differs.
    fn make(
        &self,
        make: Make,
        mut plan: Plan,
        generation: &str,
        body: &str,
        signed: Option<&str>,
    ) -> Result<(Plan, String), String> {
        let srv = self.srv;
        let devices = self
            .devices(generation)
            .ok_or_else(|| format!("no {generation} devices in general.toml"))?;
        let how = match make {
            Make::UnknownUser => {
                plan.sender = self.definition.unknown_user.clone();
                "sent by a User ID the DCC does not know".to_owned()
            }
            Make::IneligibleRole => {
                let other = self
                    .definition
                    .role_preference
                    .iter()
                    .find(|r| !srv.roles.iter().any(|e| e.as_str() == r.as_str()))
                    .ok_or("cannot fail: every role is eligible")?;
                plan.role = other.clone();
                plan.sender = self
                    .definition
                    .senders
                    .get(other)
                    .cloned()
                    .unwrap_or_default();
                format!("sent as {other}, a role the matrix does not list")
            }
            Make::InactiveUser => match self.user_entry(&plan.sender) {
                Some(Value::Table(mut user)) => {
                    user.insert("active".into(), Value::Boolean(false));
                    plan.scenario
                        .insert("user".into(), Value::Array(vec![Value::Table(user)]));
                    "the sender's status does not allow requests".to_owned()
                }
                _ => return Err("the sender is not in the scenario".into()),
            },
            Make::UnknownDevice => {
                if !srv.non_device {
                    plan.target = self.definition.unknown_device.clone();
                    "to a device the inventory does not hold".to_owned()
                } else if srv.subject.is_some() {
                    plan.body = self.with_subject(body, &self.definition.unknown_device);
                    "about a device the inventory does not hold".to_owned()
                } else {
                    return Err("cannot fail: the SRV concerns no device".into());
                }
            }
            Make::Unregistered => {
                if srv.non_device {
                    return Err(
                        "cannot fail: Non-Device SRVs are not checked against Registration Data"
                            .into(),
                    );
                }
                plan.target = devices.unregistered.clone();
                format!("to a {generation} ESME whose meter point is another party's")
            }
            Make::Decommissioned => {
                if !srv.non_device {
                    plan.target = devices.decommissioned.clone();
                    "to a Decommissioned device".to_owned()
                } else if srv.subject.is_some() {
                    plan.body = self.with_subject(body, &devices.decommissioned);
                    "about a Decommissioned device".to_owned()
                } else {
                    return Err("cannot fail: the SRV concerns no device".into());
                }
            }
            Make::OtherSmets => match srv.smets {
                SmetsApplicability::Both => {
                    return Err("cannot fail: the SRV applies to SMETS1 and SMETS2 devices".into());
                }
                _ if srv.non_device => return Err("cannot fail: the SRV concerns no device".into()),
                _ => {
                    let other = if generation == "SMETS1" {
                        "SMETS2"
                    } else {
                        "SMETS1"
                    };
                    let d = self
                        .devices(other)
                        .ok_or_else(|| format!("no {other} devices in general.toml"))?;
                    plan.target = d.registered.clone();
                    format!("to a {other} ESME")
                }
            },
            Make::CommandVariant => {
                plan.cv = if srv.non_device || srv.critical { 1 } else { 4 };
                format!("with Command Variant {}", plan.cv)
            }
            Make::Reference => {
                let other = if srv.reference == "1.1" { "1.2" } else { "1.1" };
                plan.reference = Some(other.to_owned());
                format!("with Service Reference {other}")
            }
            Make::LocalDelivery => {
                if srv.non_device {
                    return Err("cannot fail: local delivery is for device requests".into());
                } else if srv.critical {
                    let signed = signed.ok_or("no valid signed pre-command could be generated")?;
                    plan.cv = 6;
                    plan.body = signed.to_owned();
                    plan.target = devices.whitelisted.clone();
                    "for local delivery (Command Variant 6, a signed pre-command) to a Whitelisted device".to_owned()
                } else {
                    plan.cv = 2;
                    plan.target = devices.whitelisted.clone();
                    "for local delivery (Command Variant 2) to a Whitelisted device".to_owned()
                }
            }
        };
        Ok((plan, how))
    }

    fn case(&self, check: &str, set: &SchemaSet, plan: &Plan) -> Case {
        let mut scenario = self.base.clone();
        scenario.insert("role".into(), Value::String(plan.role.clone()));
        case::merge(&mut scenario, &plan.scenario);
        let request = self.request(set, &plan.sender, &plan.target, plan.cv, &plan.body);
        Case {
            name: format!("general/{}/{check}", self.srv.variant),
            description: format!("SRV {} '{}': {check}", self.srv.variant, self.srv.name),
            file: std::path::PathBuf::from(DEFINITION),
            request_file: std::path::PathBuf::from(format!(
                "(generated body of {})",
                self.srv.body
            )),
            request,
            header: HeaderRewrite {
                service_reference: plan.reference.clone(),
                ..HeaderRewrite::default()
            },
            scenario,
            versions: vec![self.version],
        }
    }
}

#[derive(Debug, Clone)]
struct Plan {
    role: String,
    sender: String,
    target: String,
    cv: u8,
    body: String,
    reference: Option<String>,
    scenario: Table,
}

/// Runs a version's sweep and renders its snapshot for one SRV.
pub fn render(version: Version, srv: &Srv, cases: &[SweepCase], overrides: &Overrides) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "SRV {} '{}' in DUIS {}: the general checks",
        srv.variant,
        srv.name,
        version.id()
    );
    let roles: Vec<&str> = srv.roles.iter().map(|r| UserRole::as_str(*r)).collect();
    let _ = writeln!(
        out,
        "matrix: roles {}; {}{}; SMETS {}",
        if roles.is_empty() {
            "none".to_owned()
        } else {
            roles.join(" ")
        },
        if srv.critical {
            "critical"
        } else {
            "non-critical"
        },
        if srv.non_device { ", Non-Device" } else { "" },
        match srv.smets {
            SmetsApplicability::Both => "1 and 2",
            SmetsApplicability::Smets1Only => "1 only",
            SmetsApplicability::Smets2Only => "2 only",
        }
    );
    out.push('\n');
    for c in cases {
        let expected = c.expected.as_deref().unwrap_or("");
        let line = match &c.case {
            None => format!("{:<8} {expected:<6} {}", c.check, c.how),
            Some(case) => {
                let result = super::run(case, version, overrides).map_or_else(
                    |e| format!("scenario error: {e}"),
                    |r| {
                        let mismatch = match (&c.expected, r.code(), &c.exempt) {
                            (_, _, Some(_)) => String::new(),
                            (Some(want), Some(got), None) if want != got => {
                                format!("  (expected {want})")
                            }
                            (Some(want), None, None) => format!("  (expected {want})"),
                            _ => String::new(),
                        };
                        format!("{}{mismatch}", r.short())
                    },
                );
                let note = c
                    .exempt
                    .as_ref()
                    .map(|why| format!("; {why}"))
                    .unwrap_or_default();
                format!("{:<8} {expected:<6} {result:<40} {}{note}", c.check, c.how)
            }
        };
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The results of a sweep's cases (for reports).
pub fn results(sweep: &Sweep, overrides: &Overrides) -> Vec<(String, CaseResult)> {
    let mut out = Vec::new();
    for (_, cases) in &sweep.srvs {
        for c in cases {
            if let Some(case) = &c.case
                && let Ok(result) = super::run(case, sweep.version, overrides)
            {
                out.push((case.name.clone(), result));
            }
        }
    }
    out
}
