//! Cross-checks of the tables against a version's schemas. The facts come
//! from the schema model (see `link::facts`); this module knows only strings.
//! For a version whose tables are reviewed (`reviewed = true` in
//! `versions.toml`) a disagreement is an error, otherwise a warning.

use std::collections::BTreeSet;

use super::Spec;
use super::expr::{Arg, Call};
use super::problems::Problems;
use super::rules::Check;
use super::version_set::KnownVersion;
use super::vocabulary::Param;
use crate::diagnostic::Located;

/// What the cross-checks need to know of one version's schemas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaFacts {
    /// `ServiceReferenceVariant` values.
    pub srvs: Vec<String>,
    /// `ServiceReference` values.
    pub references: Vec<String>,
    /// `DSPScheduledServiceReferenceVariant` values: what SRV 5.1 may schedule.
    pub scheduled_srvs: Vec<String>,
    /// `DSPScheduledServiceReference` values.
    pub scheduled_references: Vec<String>,
    /// `ResponseCode` values.
    pub response_codes: Vec<String>,
    /// Local names of the elements of `Request/Body`.
    pub body_elements: Vec<String>,
    /// `DeviceType` values.
    pub device_types: Vec<String>,
    /// `DeviceStatus` values.
    pub device_statuses: Vec<String>,
}

struct Report<'p> {
    problems: &'p mut Problems,
    strict: bool,
}

impl Report<'_> {
    fn add(&mut self, problem: Located) {
        if self.strict {
            self.problems.error(problem);
        } else {
            self.problems.warn(problem);
        }
    }
}

/// Cross-checks the tables' view of `version` against its schema facts.
pub fn cross_check(
    spec: &Spec,
    version: &KnownVersion,
    facts: &SchemaFacts,
    problems: &mut Problems,
) {
    let view = spec.view(version);
    let v = &version.id;
    let mut report = Report {
        problems,
        strict: spec.reviewed(version),
    };
    let matrix_file = spec.dir.join("matrix.csv");
    let codes_file = spec.dir.join("response-codes.csv");

    // The matrix and ServiceReferenceVariant, both ways.
    let listed: BTreeSet<&str> = view.matrix.iter().map(|r| r.srv.value.as_str()).collect();
    for row in &view.matrix {
        let srv = &row.srv.value;
        if !facts.srvs.contains(srv) {
            report.add(row.srv.error(format!(
                "SRV {srv} is not in DUIS {v}'s ServiceReferenceVariant enumeration"
            )));
        }
        if !facts.references.contains(&row.reference.value) {
            report.add(row.reference.error(format!(
                "Service Reference {} is not in DUIS {v}'s ServiceReference enumeration",
                row.reference.value
            )));
        }
        if !(srv == &row.reference.value || srv.starts_with(&format!("{}.", row.reference.value))) {
            report.add(row.reference.error(format!(
                "SRV {srv} does not belong to Service Reference {}",
                row.reference.value
            )));
        }
        if !facts.body_elements.contains(&row.body.value) {
            report.add(row.body.error(format!(
                "`{}` is not an element of DUIS {v}'s request Body",
                row.body.value
            )));
        }
        let scheduled_in_schema = facts.scheduled_srvs.contains(srv);
        let scheduled_in_table = row.dcc_scheduled != super::matrix::DccScheduled::No;
        if scheduled_in_schema != scheduled_in_table {
            report.add(row.dcc_scheduled_pos.error(format!(
                "SRV {srv}: the table says DCC Scheduled {}, DUIS {v}'s DSPScheduledServiceReferenceVariant {} it",
                if scheduled_in_table { "yes" } else { "no" },
                if scheduled_in_schema { "lists" } else { "does not list" },
            )));
        }
        if scheduled_in_table && !facts.scheduled_references.contains(&row.reference.value) {
            report.add(row.dcc_scheduled_pos.error(format!(
                "SRV {srv} is DCC Scheduled, but its Service Reference {} is not in DUIS {v}'s DSPScheduledServiceReference",
                row.reference.value
            )));
        }
    }
    for srv in &facts.srvs {
        if !listed.contains(srv.as_str()) {
            report.add(
                Located::file(&matrix_file, format!(
                    "DUIS {v}'s ServiceReferenceVariant has {srv}; the matrix has no row for it in DUIS {v}"
                ))
                .with_help("add a row, or widen the versions of the SRV's row"),
            );
        }
    }
    for reference in &facts.references {
        if !view.matrix.iter().any(|r| &r.reference.value == reference) {
            report.problems.warn(Located::file(
                &matrix_file,
                format!(
                    "DUIS {v}'s ServiceReference has {reference}, which no SRV of the matrix uses"
                ),
            ));
        }
    }

    // The code table and ResponseCode, both ways.
    for row in &view.codes {
        if !facts.response_codes.contains(&row.code.value) {
            report.add(row.code.error(format!(
                "response code {} is not in DUIS {v}'s ResponseCode enumeration",
                row.code.value
            )));
        }
    }
    for code in &facts.response_codes {
        if !view.codes.iter().any(|r| &r.code.value == code) {
            report.add(
                Located::file(&codes_file, format!(
                    "DUIS {v}'s ResponseCode has {code}; spec/response-codes.csv has no row for it in DUIS {v}"
                ))
                .with_help("add a row (its description may be `Not yet described.`)"),
            );
        }
    }

    // What the rules use: codes, statuses and device types of the schema.
    for entry in &view.rules {
        for row in entry.forms() {
            if let Some(code) = &row.code
                && !facts.response_codes.contains(&code.value)
            {
                report.add(code.error(format!(
                    "response code {} is not in DUIS {v}'s ResponseCode enumeration",
                    code.value
                )));
            }
            let conditions =
                [&row.when, &row.unless]
                    .into_iter()
                    .flatten()
                    .chain(match &row.check {
                        Check::Condition(c) => Some(c),
                        Check::NoSpecificValidation => None,
                    });
            for cond in conditions {
                for call in cond.expr.calls() {
                    enumerated_literals(call, facts, v, |s| cond.pos_of(s), &mut report);
                }
            }
        }
    }
    for entry in &view.processing {
        for row in entry.forms() {
            enumerated_literals(
                &row.action.call,
                facts,
                v,
                |s| row.action.pos_of(s),
                &mut report,
            );
        }
    }
}

fn enumerated_literals(
    call: &Call,
    facts: &SchemaFacts,
    version: &str,
    pos: impl Fn(super::expr::Span) -> super::cell::Pos,
    report: &mut Report<'_>,
) {
    for arg in &call.args {
        let Arg::Literal(l) = arg else { continue };
        let (known, what) = match l.kind {
            Param::Status => (&facts.device_statuses, "DeviceStatus"),
            Param::DeviceType => (&facts.device_types, "DeviceType"),
            _ => continue,
        };
        if !known.contains(&l.text) {
            report.add(pos(l.span).error(format!(
                "`{}` is not in DUIS {version}'s {what} enumeration",
                l.text
            )));
        }
    }
}
