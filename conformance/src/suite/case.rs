//! Case files: a request (XML of ours, in a file beside the case) and a
//! scenario, run against every DUIS version the case applies to.
//!
//! ```toml
//! description = "8.8.1 to a SMETS2 ESME; the CAD is not joined to it"
//! request = "../requests/unjoin-critical.xml"   # relative to this file
//! scenario = "../scenarios/dcc.toml"            # a base scenario (optional)
//! versions = "5.4 5.4-secmp0192"                # optional: every published version
//!
//! # The request, rewritten (optional):
//! originator = "90-B3-D5-1F-30-01-00-00"        # BusinessOriginatorID
//! target = "00-00-00-00-00-00-02-01"            # BusinessTargetID
//! command-variant = 4
//! service-reference = "8.8"
//! set = { DeviceID = "00-00-00-00-00-00-01-01" } # the text of the first element of that name
//!
//! # The scenario's keys, over the base's: scalars replace, `switches`
//! # merge, `user`, `device`, … entries replace those of the same id or add.
//! sec-release = "2024-02"
//! [switches]
//! unjoin-without-smi-join-check = false
//!
//! # Variants: each is a case of its own (`<file>/<name>`), with its own keys.
//! [[variant]]
//! name = "joined"
//! description = "… and the CAD is joined to it"
//! [[variant.join]]
//! devices = ["00-00-00-00-00-00-02-01", "00-00-00-00-00-00-02-0A"]
//! ```

use std::path::{Path, PathBuf};

use duis::Version;
use toml::{Table, Value};

use crate::scenario::{Scenario, ScenarioError, line_column};

/// One case: a request and a scenario.
#[derive(Debug, Clone)]
pub struct Case {
    /// `seeds/secmp0178/unjoin-critical/not-joined`: the case file's path
    /// under the cases folder, without `.toml`, and the variant's name.
    pub name: String,
    pub description: String,
    /// The case file.
    pub file: PathBuf,
    /// The request file.
    pub request_file: PathBuf,
    pub request: String,
    pub header: HeaderRewrite,
    /// The merged scenario (base, case, variant), as TOML.
    pub scenario: Table,
    /// Version ids the case applies to.
    pub versions: Vec<Version>,
}

/// Header fields a case rewrites.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderRewrite {
    pub originator: Option<String>,
    pub target: Option<String>,
    pub command_variant: Option<u8>,
    pub service_reference: Option<String>,
    /// Element texts to set (the first element of each local name).
    pub elements: Vec<(String, String)>,
}

/// The keys of a case file that are not scenario keys.
const CASE_KEYS: &[&str] = &[
    "description",
    "request",
    "scenario",
    "versions",
    "originator",
    "target",
    "command-variant",
    "service-reference",
    "set",
    "variant",
    "name",
];

/// Arrays of the scenario and the key that identifies their entries.
const KEYED_ARRAYS: &[(&str, Option<&str>)] = &[
    ("user", Some("id")),
    ("device", Some("id")),
    ("registration", Some("meter-point")),
    ("request", Some("id")),
    ("wan", Some("uprn")),
    ("join", None),
];

fn error(file: &Path, text: &str, offset: usize, message: impl Into<String>) -> ScenarioError {
    let (line, column) = line_column(text, offset);
    ScenarioError {
        file: file.display().to_string(),
        line,
        column,
        message: message.into(),
    }
}

fn file_error(file: &Path, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        file: file.display().to_string(),
        line: 1,
        column: 1,
        message: message.into(),
    }
}

/// Merges scenario keys of `over` into `base`.
pub fn merge(base: &mut Table, over: &Table) {
    for (key, value) in over {
        // `request` is the case's request file (a string) or the scenario's
        // earlier requests (an array of tables).
        let scenario_array = key == "request" && value.is_array();
        if CASE_KEYS.contains(&key.as_str()) && !scenario_array {
            continue;
        }
        match (key.as_str(), value, base.get_mut(key)) {
            ("switches", Value::Table(new), Some(Value::Table(old))) => {
                for (k, v) in new {
                    old.insert(k.clone(), v.clone());
                }
            }
            (_, Value::Array(new), Some(Value::Array(old))) => {
                let id_key = KEYED_ARRAYS
                    .iter()
                    .find(|(name, _)| *name == key)
                    .and_then(|(_, id)| *id);
                for entry in new {
                    let id = id_key.and_then(|k| entry.get(k));
                    match id.and_then(|id| {
                        old.iter()
                            .position(|e| e.get(id_key.unwrap_or("")) == Some(id))
                    }) {
                        Some(i) => old[i] = entry.clone(),
                        None => old.push(entry.clone()),
                    }
                }
            }
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

fn string(table: &Table, key: &str) -> Option<String> {
    table.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Reads a case file: one case, or one per `[[variant]]`.
pub fn load(root: &Path, file: &Path, versions: &VersionIndex) -> Result<Vec<Case>, ScenarioError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| file_error(file, format!("cannot read the case: {e}")))?;
    let table: Table = toml::from_str(&text).map_err(|e| {
        error(
            file,
            &text,
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_owned(),
        )
    })?;
    let dir = file.parent().unwrap_or(root);
    let locate = |key: &str| {
        // The key's position, for errors about its value.
        text.find(&format!("\n{key}")).map_or(0, |i| i + 1)
    };
    for key in table.keys() {
        let scenario_key = [
            "sec-release",
            "received",
            "role",
            "switches",
            "user",
            "device",
            "join",
            "registration",
            "request",
            "wan",
        ]
        .contains(&key.as_str());
        if !CASE_KEYS.contains(&key.as_str()) && !scenario_key {
            return Err(error(
                file,
                &text,
                locate(key),
                format!("unknown key `{key}`"),
            ));
        }
    }
    let description = string(&table, "description")
        .ok_or_else(|| file_error(file, "the case has no `description`"))?;
    let request_name = string(&table, "request")
        .ok_or_else(|| error(file, &text, 0, "the case names no `request` file"))?;
    let request_file = normalize(&dir.join(&request_name));
    let request = std::fs::read_to_string(&request_file).map_err(|e| {
        error(
            file,
            &text,
            locate("request"),
            format!("cannot read the request `{}`: {e}", request_file.display()),
        )
    })?;
    let mut scenario = match string(&table, "scenario") {
        Some(base) => {
            let base_file = dir.join(&base);
            let base_text = std::fs::read_to_string(&base_file).map_err(|e| {
                error(
                    file,
                    &text,
                    locate("scenario"),
                    format!("cannot read the scenario `{}`: {e}", base_file.display()),
                )
            })?;
            toml::from_str::<Table>(&base_text).map_err(|e| {
                error(
                    &base_file,
                    &base_text,
                    e.span().map_or(0, |s| s.start),
                    e.message().trim().to_owned(),
                )
            })?
        }
        None => Table::new(),
    };
    merge(&mut scenario, &table);
    let header = read_header(&table, file, &text)?;
    let applies = match string(&table, "versions") {
        Some(set) => versions
            .select(&set)
            .map_err(|m| error(file, &text, locate("versions"), m))?,
        None => Version::ALL.to_vec(),
    };
    let stem = file
        .strip_prefix(root)
        .unwrap_or(file)
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let base = Case {
        name: stem.clone(),
        description,
        file: file.to_owned(),
        request_file,
        request,
        header,
        scenario,
        versions: applies,
    };
    let variants = match table.get("variant") {
        None => return Ok(vec![checked(base, file)?]),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(error(
                file,
                &text,
                locate("variant"),
                "`variant` is an array of tables: [[variant]]",
            ));
        }
    };
    let mut out = Vec::new();
    for item in variants {
        let Value::Table(variant) = item else {
            return Err(error(
                file,
                &text,
                locate("[[variant]]"),
                "each variant is a table",
            ));
        };
        let name = string(variant, "name").ok_or_else(|| {
            error(
                file,
                &text,
                locate("[[variant]]"),
                "a variant has no `name`",
            )
        })?;
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(error(
                file,
                &text,
                locate("[[variant]]"),
                format!("variant name `{name}`: use letters, digits, `-`, `_` and `.`"),
            ));
        }
        if out
            .iter()
            .any(|c: &Case| c.name.ends_with(&format!("/{name}")))
        {
            return Err(error(
                file,
                &text,
                locate("[[variant]]"),
                format!("two variants are named `{name}`"),
            ));
        }
        let mut case = base.clone();
        case.name = format!("{stem}/{name}");
        if let Some(d) = string(variant, "description") {
            case.description = format!("{} — {d}", base.description);
        }
        merge(&mut case.scenario, variant);
        let rewrite = read_header(variant, file, &text)?;
        let mut elements = base.header.elements.clone();
        for (local, text) in rewrite.elements {
            elements.retain(|(l, _)| *l != local);
            elements.push((local, text));
        }
        case.header = HeaderRewrite {
            originator: rewrite.originator.or(base.header.originator.clone()),
            target: rewrite.target.or(base.header.target.clone()),
            command_variant: rewrite.command_variant.or(base.header.command_variant),
            service_reference: rewrite
                .service_reference
                .or(base.header.service_reference.clone()),
            elements,
        };
        if let Some(set) = string(variant, "versions") {
            case.versions = versions
                .select(&set)
                .map_err(|m| error(file, &text, locate("versions"), m))?;
        }
        if let Some(request) = string(variant, "request") {
            case.request_file = normalize(&dir.join(&request));
            case.request = std::fs::read_to_string(&case.request_file).map_err(|e| {
                file_error(
                    file,
                    format!(
                        "cannot read the request `{}`: {e}",
                        case.request_file.display()
                    ),
                )
            })?;
        }
        out.push(checked(case, file)?);
    }
    Ok(out)
}

/// The case's scenario must read as one.
fn checked(case: Case, file: &Path) -> Result<Case, ScenarioError> {
    case.scenario().map_err(|e| {
        file_error(
            file,
            format!(
                "{} (in the scenario of {}, merged with its base)",
                e.message, case.name
            ),
        )
    })?;
    Ok(case)
}

fn read_header(table: &Table, file: &Path, text: &str) -> Result<HeaderRewrite, ScenarioError> {
    let eui = |key: &str| -> Result<Option<String>, ScenarioError> {
        match string(table, key) {
            None => Ok(None),
            Some(v)
                if v.len() == 23
                    && v.split('-')
                        .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit())) =>
            {
                Ok(Some(v))
            }
            Some(v) => Err(error(
                file,
                text,
                text.find(&v).unwrap_or(0),
                format!("`{v}` is not an EUI-64"),
            )),
        }
    };
    let command_variant = match table.get("command-variant") {
        None => None,
        Some(Value::Integer(n)) if (1..=9).contains(n) => u8::try_from(*n).ok(),
        Some(other) => {
            return Err(error(
                file,
                text,
                text.find("command-variant").unwrap_or(0),
                format!("command-variant is 1 to 9, not {other}"),
            ));
        }
    };
    let elements = match table.get("set") {
        None => Vec::new(),
        Some(Value::Table(set)) => set
            .iter()
            .map(|(local, value)| match value {
                Value::String(text) => Ok((local.clone(), text.clone())),
                other => Err(error(
                    file,
                    text,
                    text.find("set").unwrap_or(0),
                    format!("`set.{local}` is the element's new text, a string, not {other}"),
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(error(
                file,
                text,
                text.find("set").unwrap_or(0),
                "`set` is a table: set = { DeviceID = \"…\" }",
            ));
        }
    };
    Ok(HeaderRewrite {
        originator: eui("originator")?,
        target: eui("target")?,
        command_variant,
        service_reference: string(table, "service-reference"),
        elements,
    })
}

impl Case {
    /// The case's scenario.
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        let text = toml::to_string(&self.scenario).map_err(|e| ScenarioError {
            file: self.file.display().to_string(),
            line: 1,
            column: 1,
            message: e.to_string(),
        })?;
        Scenario::parse(&self.file.display().to_string(), &text)
    }

    /// The request as `version` reads it: the header rewritten, and the
    /// version's `schemaVersion`.
    pub fn request_for(&self, version: Version) -> String {
        rewrite(&self.request, &self.header, version.schema_version())
    }
}

/// Rewrites a request's header fields and its `schemaVersion`.
pub fn rewrite(xml: &str, header: &HeaderRewrite, schema_version: &str) -> String {
    let mut out = replace_attribute(xml, "schemaVersion", schema_version);
    if (header.originator.is_some() || header.target.is_some())
        && let Some(id) = element_text(&out, "RequestID")
    {
        let mut parts: Vec<String> = id.split(':').map(str::to_owned).collect();
        if parts.len() == 3 {
            if let Some(o) = &header.originator {
                parts[0] = o.clone();
            }
            if let Some(t) = &header.target {
                parts[1] = t.clone();
            }
            out = replace_element_text(&out, "RequestID", &parts.join(":"));
        }
    }
    if let Some(cv) = header.command_variant {
        out = replace_element_text(&out, "CommandVariant", &cv.to_string());
    }
    if let Some(reference) = &header.service_reference {
        out = replace_element_text(&out, "ServiceReference", reference);
    }
    for (local, text) in &header.elements {
        out = replace_element_text(&out, local, text);
    }
    out
}

fn replace_attribute(xml: &str, name: &str, value: &str) -> String {
    let needle = format!("{name}=\"");
    match xml.find(&needle) {
        Some(start) => {
            let from = start + needle.len();
            match xml[from..].find('"') {
                Some(len) => format!("{}{value}{}", &xml[..from], &xml[from + len..]),
                None => xml.to_owned(),
            }
        }
        None => xml.to_owned(),
    }
}

/// The text of the first element with this local name (any prefix).
pub fn element_text<'x>(xml: &'x str, local: &str) -> Option<&'x str> {
    let (start, end) = element_span(xml, local)?;
    Some(&xml[start..end])
}

fn element_span(xml: &str, local: &str) -> Option<(usize, usize)> {
    let mut search = 0;
    while let Some(i) = xml[search..].find('<') {
        let at = search + i + 1;
        let name_end = xml[at..].find(|c: char| c == '>' || c.is_whitespace() || c == '/')? + at;
        let name = &xml[at..name_end];
        let name_local = name.rsplit(':').next().unwrap_or(name);
        if name_local == local && !name.starts_with('/') {
            let open_end = xml[name_end..].find('>')? + name_end + 1;
            let close = format!("</{name}>");
            let close_at = xml[open_end..].find(&close)? + open_end;
            return Some((open_end, close_at));
        }
        search = name_end;
    }
    None
}

/// Replaces the text of the first element with this local name.
pub fn replace_element_text(xml: &str, local: &str, value: &str) -> String {
    match element_span(xml, local) {
        Some((start, end)) => format!("{}{value}{}", &xml[..start], &xml[end..]),
        None => xml.to_owned(),
    }
}

/// The versions cases may name: published ones and drafts.
pub struct VersionIndex {
    universe: duis_codegen::spec::version_set::Universe,
}

impl Default for VersionIndex {
    fn default() -> Self {
        use duis_codegen::spec::version_set::{KnownVersion, Universe};
        let known = Version::ALL
            .into_iter()
            .chain(Version::DRAFTS)
            .map(|v| KnownVersion {
                id: v.id().to_owned(),
                base: v.is_draft().then(|| v.base().id().to_owned()),
            })
            .collect();
        VersionIndex {
            universe: Universe::new(known),
        }
    }
}

impl VersionIndex {
    /// The versions a set names (`*`, `5.3+`, `<5.3`, ids), in order.
    pub fn select(&self, text: &str) -> Result<Vec<Version>, String> {
        let set = duis_codegen::spec::version_set::VersionSet::parse(text)?;
        if let Some(unknown) = set.unknown(&self.universe).first() {
            return Err(format!(
                "version `{unknown}` is not generated (known: {})",
                self.universe.ids().join(", ")
            ));
        }
        Ok(self
            .universe
            .versions
            .iter()
            .filter(|v| set.contains(v))
            .filter_map(|v| Version::from_id(&v.id))
            .collect())
    }
}

/// `a/b/../c` as `a/c`, lexically (case files name requests relative to
/// themselves; snapshots show the path under `conformance/cases/`).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_schema_versions_are_rewritten() {
        let xml = r#"<sr:Request schemaVersion="5.4"><sr:Header><sr:RequestID>A:B:7</sr:RequestID><sr:CommandVariant>1</sr:CommandVariant><sr:ServiceReference>8.8</sr:ServiceReference></sr:Header></sr:Request>"#;
        let header = HeaderRewrite {
            originator: None,
            target: Some("T".into()),
            command_variant: Some(4),
            service_reference: Some("1.1".into()),
            elements: vec![("ServiceReferenceVariant".into(), "1.1.1".into())],
        };
        let out = rewrite(xml, &header, "5.0");
        assert_eq!(
            out,
            r#"<sr:Request schemaVersion="5.0"><sr:Header><sr:RequestID>A:T:7</sr:RequestID><sr:CommandVariant>4</sr:CommandVariant><sr:ServiceReference>1.1</sr:ServiceReference></sr:Header></sr:Request>"#
        );
    }

    #[test]
    fn scenarios_merge_by_id() {
        let mut base: Table = toml::from_str(
            "role = \"IS\"\n[switches]\na = true\n[[device]]\nid = \"X\"\nstatus = \"Pending\"\n[[device]]\nid = \"Y\"\n",
        )
        .expect("toml");
        let over: Table = toml::from_str(
            "role = \"ED\"\ndescription = \"not a scenario key\"\n[switches]\nb = false\n[[device]]\nid = \"X\"\nstatus = \"Commissioned\"\n[[device]]\nid = \"Z\"\n",
        )
        .expect("toml");
        merge(&mut base, &over);
        assert_eq!(base["role"].as_str(), Some("ED"));
        assert!(base.get("description").is_none());
        assert_eq!(base["switches"].as_table().map(Table::len), Some(2));
        let devices = base["device"].as_array().expect("devices");
        let ids: Vec<&str> = devices.iter().filter_map(|d| d["id"].as_str()).collect();
        assert_eq!(ids, ["X", "Y", "Z"]);
        assert_eq!(devices[0]["status"].as_str(), Some("Commissioned"));
    }
}
