//! The third-party Service Request Matrix (`service-request-matrix.json` of
//! DUIS_CORPUS_DIR), compared with our matrix: every disagreement is listed,
//! and each must be recorded in the row's `note` (which source the row
//! follows, and why).

use std::path::Path;

use serde::Deserialize;

use super::Spec;
use super::matrix::{DccScheduled, FutureDated, MatrixRow};
use crate::diagnostic::Located;

#[derive(Deserialize)]
struct JsonRow {
    #[serde(rename = "Service Request Name")]
    name: String,
    #[serde(rename = "Service Reference")]
    reference: String,
    #[serde(rename = "Service Reference Variant")]
    srv: String,
    #[serde(rename = "Critical")]
    critical: String,
    #[serde(rename = "On Demand")]
    on_demand: String,
    #[serde(rename = "Future Dated Response Pattern")]
    future_dated: String,
    #[serde(rename = "DCC Scheduled")]
    dcc_scheduled: String,
    #[serde(rename = "Non-Device Request")]
    non_device: String,
    #[serde(rename = "Eligible User Roles")]
    roles: Vec<String>,
}

/// One disagreement between the third-party matrix and ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub srv: String,
    pub column: &'static str,
    pub theirs: String,
    pub ours: String,
    /// The versions whose row disagrees.
    pub versions: Vec<String>,
    /// The row's note (empty: the disagreement is not recorded).
    pub note: String,
    /// Where our row is.
    pub at: (std::path::PathBuf, u32, u32),
}

/// A name's letters and digits: punctuation and spacing aside.
fn normalized(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn yes(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

/// Compares the JSON file with the matrix of every reviewed version.
pub fn compare(spec: &Spec, json: &Path) -> Result<Vec<Disagreement>, Located> {
    let text = std::fs::read_to_string(json)
        .map_err(|e| Located::file(json, format!("cannot read the third-party matrix: {e}")))?;
    let rows: Vec<JsonRow> = serde_json::from_str(&text).map_err(|e| {
        Located::at_line(
            json,
            u32::try_from(e.line()).unwrap_or(0),
            u32::try_from(e.column()).unwrap_or(0),
            format!("not the expected JSON: {e}"),
        )
    })?;
    let mut out: Vec<Disagreement> = Vec::new();
    let versions: Vec<_> = spec
        .universe
        .versions
        .iter()
        .filter(|v| v.base.is_none() && spec.reviewed(v))
        .collect();
    for version in versions {
        let view = spec.view(version);
        for theirs in &rows {
            let Some(ours) = view.matrix.iter().find(|r| r.srv.value == theirs.srv) else {
                push(
                    &mut out,
                    theirs.srv.clone(),
                    "srv",
                    "listed",
                    "not listed",
                    &version.id,
                    None,
                );
                continue;
            };
            for (column, their_value, our_value) in columns(theirs, ours) {
                let differs = if column == "name" {
                    normalized(&their_value) != normalized(&our_value)
                } else {
                    their_value != our_value
                };
                if differs {
                    push(
                        &mut out,
                        theirs.srv.clone(),
                        column,
                        &their_value,
                        &our_value,
                        &version.id,
                        Some(ours),
                    );
                }
            }
        }
        for ours in &view.matrix {
            if !rows.iter().any(|r| r.srv == ours.srv.value) {
                push(
                    &mut out,
                    ours.srv.value.clone(),
                    "srv",
                    "not listed",
                    "listed",
                    &version.id,
                    Some(ours),
                );
            }
        }
    }
    Ok(out)
}

fn columns(theirs: &JsonRow, ours: &MatrixRow) -> Vec<(&'static str, String, String)> {
    let mut their_roles = theirs.roles.clone();
    their_roles.sort();
    let mut our_roles = ours.roles.clone();
    our_roles.sort();
    let future = match ours.future_dated {
        FutureDated::No => "No",
        FutureDated::Device => "Device",
        FutureDated::Dsp => "DSP",
        FutureDated::DspAndDevice => "DSP & Device",
    };
    vec![
        (
            "name",
            theirs.name.split_whitespace().collect::<Vec<_>>().join(" "),
            ours.name.clone(),
        ),
        (
            "reference",
            theirs.reference.clone(),
            ours.reference.value.clone(),
        ),
        (
            "critical",
            theirs.critical.clone(),
            yes(ours.critical).to_owned(),
        ),
        (
            "on-demand",
            theirs.on_demand.clone(),
            yes(ours.on_demand).to_owned(),
        ),
        (
            "future-dated",
            theirs.future_dated.clone(),
            future.to_owned(),
        ),
        (
            "dcc-scheduled",
            theirs.dcc_scheduled.clone(),
            yes(ours.dcc_scheduled != DccScheduled::No).to_owned(),
        ),
        (
            "non-device",
            theirs.non_device.clone(),
            yes(ours.non_device).to_owned(),
        ),
        ("roles", their_roles.join(" "), our_roles.join(" ")),
    ]
}

fn push(
    out: &mut Vec<Disagreement>,
    srv: String,
    column: &'static str,
    theirs: &str,
    ours: &str,
    version: &str,
    row: Option<&MatrixRow>,
) {
    if let Some(existing) = out
        .iter_mut()
        .find(|d| d.srv == srv && d.column == column && d.theirs == theirs && d.ours == ours)
    {
        existing.versions.push(version.to_owned());
        return;
    }
    let (note, at) = match row {
        Some(r) => {
            let e = r.srv.error("");
            (r.note.clone(), (e.file, e.line, e.column))
        }
        None => (String::new(), (Default::default(), 0, 0)),
    };
    out.push(Disagreement {
        srv,
        column,
        theirs: theirs.to_owned(),
        ours: ours.to_owned(),
        versions: vec![version.to_owned()],
        note,
        at,
    });
}
