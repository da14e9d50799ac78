//! `spec/matrix.csv`: the Service Request Matrix.

use std::path::Path;

use super::cell::{Pos, Text};
use super::expr::FieldPath;
use super::problems::Problems;
use super::table::Table;
use super::version_set::VersionSet;
use super::vocabulary;

pub const COLUMNS: &[&str] = &[
    "srv",
    "reference",
    "name",
    "body",
    "critical",
    "on-demand",
    "future-dated",
    "dcc-scheduled",
    "non-device",
    "roles",
    "smets",
    "subject",
    "versions",
    "note",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FutureDated {
    No,
    Device,
    Dsp,
    DspAndDevice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DccScheduled {
    No,
    Yes,
    Smets1Only,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmetsApplicability {
    Both,
    Smets1Only,
    Smets2Only,
}

/// One row of the matrix.
#[derive(Debug, Clone)]
pub struct MatrixRow {
    pub srv: Text,
    pub reference: Text,
    pub name: String,
    pub body: Text,
    pub critical: bool,
    pub on_demand: bool,
    pub future_dated: FutureDated,
    pub dcc_scheduled: DccScheduled,
    pub dcc_scheduled_pos: Pos,
    pub non_device: bool,
    pub roles: Vec<String>,
    pub smets: SmetsApplicability,
    /// For a Non-Device SRV about one device: the body field naming it.
    pub subject: Option<FieldPath>,
    pub subject_pos: Pos,
    pub versions: VersionSet,
    pub versions_pos: Pos,
    pub note: String,
    /// Every column as written (modifications alter rows column by column).
    pub raw: Vec<(String, Text)>,
}

pub fn parse_dcc_scheduled(text: &str) -> Result<DccScheduled, String> {
    match text {
        "no" => Ok(DccScheduled::No),
        "yes" => Ok(DccScheduled::Yes),
        "smets1" => Ok(DccScheduled::Smets1Only),
        other => Err(format!(
            "`{other}` is not a DCC Scheduled value (no, yes, smets1)"
        )),
    }
}

/// Reads the matrix; problems go to `problems`.
pub fn load(path: &Path, problems: &mut Problems) -> Vec<MatrixRow> {
    let table = match Table::read(path, COLUMNS) {
        Ok((table, errors)) => {
            errors.into_iter().for_each(|e| problems.error(e));
            table
        }
        Err(errors) => {
            errors.into_iter().for_each(|e| problems.error(e));
            return Vec::new();
        }
    };
    let mut rows = Vec::new();
    for row in &table.rows {
        let text = |column: &str| Text::from_cell(&table, table.cell(row, column));
        let mut ok = true;
        let mut fail = |problem| {
            problems.error(problem);
            ok = false;
        };
        let yes_no =
            |t: &Text, fail: &mut dyn FnMut(crate::diagnostic::Located)| match t.value.as_str() {
                "yes" => true,
                "no" => false,
                other => {
                    fail(t.error(format!("`{other}` is neither `yes` nor `no`")));
                    false
                }
            };
        let srv = text("srv");
        if !is_srv(&srv.value) {
            fail(srv.error(format!(
                "`{}` is not a Service Reference Variant (e.g. 8.8.1)",
                srv.value
            )));
        }
        let reference = text("reference");
        if !is_srv(&reference.value) && !reference.value.chars().all(|c| c.is_ascii_digit()) {
            fail(reference.error(format!(
                "`{}` is not a Service Reference (e.g. 8.8)",
                reference.value
            )));
        }
        let name = text("name").value;
        if name.is_empty() {
            fail(text("name").error("the SRV has no name"));
        }
        let body = text("body");
        if body.value.is_empty() || !body.value.chars().all(|c| c.is_ascii_alphanumeric()) {
            fail(body.error("the body element's local name is missing or not a name"));
        }
        let critical = yes_no(&text("critical"), &mut fail);
        let on_demand = yes_no(&text("on-demand"), &mut fail);
        let non_device = yes_no(&text("non-device"), &mut fail);
        let fd = text("future-dated");
        let future_dated = match fd.value.as_str() {
            "no" => FutureDated::No,
            "device" => FutureDated::Device,
            "dsp" => FutureDated::Dsp,
            "dsp+device" => FutureDated::DspAndDevice,
            other => {
                fail(fd.error(format!(
                    "`{other}` is not a Future Dated pattern (no, device, dsp, dsp+device)"
                )));
                FutureDated::No
            }
        };
        let ds = text("dcc-scheduled");
        let dcc_scheduled = parse_dcc_scheduled(&ds.value).unwrap_or_else(|m| {
            fail(ds.error(m));
            DccScheduled::No
        });
        let roles_text = text("roles");
        let roles: Vec<String> = roles_text
            .value
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        for role in &roles {
            if !vocabulary::ROLES.contains(&role.as_str()) {
                fail(roles_text.error(format!(
                    "`{role}` is not a User Role (one of: {})",
                    vocabulary::ROLES.join(", ")
                )));
            }
        }
        let sm = text("smets");
        let smets = match sm.value.as_str() {
            "both" => SmetsApplicability::Both,
            "smets1" => SmetsApplicability::Smets1Only,
            "smets2" => SmetsApplicability::Smets2Only,
            other => {
                fail(sm.error(format!("`{other}` is not both, smets1 or smets2")));
                SmetsApplicability::Both
            }
        };
        let subject_text = text("subject");
        let subject = if subject_text.is_empty() {
            None
        } else {
            let steps: Vec<String> = subject_text.value.split('/').map(str::to_owned).collect();
            if steps
                .iter()
                .any(|s| s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                fail(
                    subject_text
                        .error("the subject is a body field: element names separated by `/`"),
                );
            }
            if !non_device {
                fail(subject_text.error(
                    "only a Non-Device SRV has a subject field (a device SRV's subject is its target)",
                ));
            }
            Some(FieldPath {
                steps,
                span: super::expr::Span {
                    start: 0,
                    end: subject_text.value.len(),
                },
            })
        };
        let versions_text = text("versions");
        let versions = VersionSet::parse(&versions_text.value).unwrap_or_else(|m| {
            fail(versions_text.error(m));
            VersionSet::All
        });
        if ok {
            rows.push(MatrixRow {
                srv,
                reference,
                name,
                body,
                critical,
                on_demand,
                future_dated,
                dcc_scheduled,
                dcc_scheduled_pos: ds.pos,
                non_device,
                roles,
                smets,
                subject,
                subject_pos: subject_text.pos,
                versions,
                versions_pos: versions_text.pos,
                note: text("note").value,
                raw: COLUMNS.iter().map(|c| ((*c).to_owned(), text(c))).collect(),
            });
        }
    }
    rows
}

/// `8.8.1`, `4.10`: numbers separated by dots, at least two.
pub fn is_srv(text: &str) -> bool {
    text.split('.').count() >= 2
        && text
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}
