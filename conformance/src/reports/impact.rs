//! `impact <modification>`: for each version, every case whose outcome
//! differs with the modification forced on versus forced off, both outcomes
//! side by side, and the rows of the tables the modification touches.

use std::fmt::Write as _;

use duis::Version;
use duis_codegen::spec::Spec;
use duis_codegen::spec::modifications::{Modification, RowKind};

use super::schema_diff::{Canon, SchemaDiff};
use super::{Material, ReportError, case_table, cell, differing, versions};
use crate::suite::Overrides;

/// What the report found, per version.
#[derive(Debug, Default)]
pub struct Summary {
    pub versions: Vec<VersionImpact>,
}

#[derive(Debug)]
pub struct VersionImpact {
    pub version: String,
    /// Cases run under the version.
    pub cases: usize,
    /// The names of the cases whose outcome differs; `None` when the
    /// modification does not apply to the version.
    pub differing: Option<Vec<String>>,
}

/// The Markdown report of a modification's impact.
pub fn report(
    material: &Material,
    id: &str,
    only: &[Version],
    progress: &mut dyn FnMut(&str),
) -> Result<(String, Summary), ReportError> {
    let spec = &material.spec;
    let modification = spec
        .modifications
        .iter()
        .find(|m| m.id.value.eq_ignore_ascii_case(id))
        .ok_or_else(|| {
            let ids: Vec<&str> = spec
                .modifications
                .iter()
                .map(|m| m.id.value.as_str())
                .collect();
            ReportError(format!(
                "there is no modification `{id}` in spec/modifications/ (there are: {})",
                ids.join(", ")
            ))
        })?;
    let mid = modification.id.value.as_str();
    let mut out = String::new();
    let mut summary = Summary::default();
    let _ = writeln!(out, "# Impact of {mid}: {}\n", modification.title);
    header(&mut out, modification);
    touched(&mut out, spec, modification);
    schema_changes(&mut out, material, mid);

    let _ = writeln!(out, "## Cases whose outcome differs\n");
    let _ = writeln!(
        out,
        "Every case of the conformance suite runs twice under each version: with {mid} forced off, then forced on (whatever the SEC release and the switches of its scenario say). Listed: the cases whose outcome (response code, warnings, additional processing) differs.{}\n",
        if material.sweeps.is_empty() {
            " The sweep of the general checks did not run (it needs DUIS_SCHEMA_DIR)."
        } else {
            " `general/…` cases are the sweep of the general checks over every SRV."
        }
    );
    let all: Vec<Version> = Version::ALL.into_iter().chain(Version::DRAFTS).collect();
    for version in all
        .into_iter()
        .filter(|v| only.is_empty() || only.contains(v))
    {
        let applies = material
            .known(version)
            .is_some_and(|k| modification.versions.contains(k));
        let _ = writeln!(out, "### DUIS {}\n", version.id());
        if !applies {
            let _ = writeln!(
                out,
                "{mid} does not apply to this version (its versions: {}).\n",
                versions::describe(&modification.versions)
            );
            summary.versions.push(VersionImpact {
                version: version.id().to_owned(),
                cases: 0,
                differing: None,
            });
            continue;
        }
        progress(&format!(
            "DUIS {}: running the cases with {mid} off and on",
            version.id()
        ));
        let off = material.run(version, &forced(mid, false));
        let on = material.run(version, &forced(mid, true));
        let rows = differing(&off, &on);
        summary.versions.push(VersionImpact {
            version: version.id().to_owned(),
            cases: off.len(),
            differing: Some(rows.iter().map(|r| r.0.clone()).collect()),
        });
        if rows.is_empty() {
            let _ = writeln!(out, "No case of {} differs.\n", off.len());
        } else {
            let _ = writeln!(out, "{} of {} cases differ.\n", rows.len(), off.len());
            case_table(&mut out, &format!("{mid} off"), &format!("{mid} on"), &rows);
            out.push('\n');
        }
    }
    Ok((out, summary))
}

fn forced(id: &str, on: bool) -> Overrides {
    Overrides {
        modifications: vec![(id.to_owned(), on)],
    }
}

fn header(out: &mut String, m: &Modification) {
    let _ = writeln!(out, "| | |\n|---|---|");
    let release = m
        .sec_release
        .map_or_else(|| "none yet".to_owned(), |(y, mo)| format!("{y}-{mo:02}"));
    let _ = writeln!(out, "| SEC release | {release} |");
    let switch = m.switch.as_ref().map_or_else(
        || "none".to_owned(),
        |s| {
            format!(
                "`{}` (default {})",
                s.name.value,
                if s.default { "on" } else { "off" }
            )
        },
    );
    let _ = writeln!(out, "| DSP feature switch | {switch} |");
    let _ = writeln!(
        out,
        "| DUIS versions | {} |",
        versions::describe(&m.versions)
    );
    let _ = writeln!(out, "| Defined in | `{}` |\n", relative(&m.file));
    for line in m.summary.lines() {
        let _ = writeln!(out, "> {line}");
    }
    out.push('\n');
}

fn relative(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    match text.rfind("spec/") {
        Some(at) => text[at..].to_owned(),
        None => text,
    }
}

/// The rows of the tables the modification removes, alters or adds.
fn touched(out: &mut String, spec: &Spec, m: &Modification) {
    let _ = writeln!(out, "## What it changes in the tables\n");
    let _ = writeln!(out, "| Change | Row | What the row is | The change |");
    let _ = writeln!(out, "|---|---|---|---|");
    let row_text = |kind: RowKind, id: &str| -> (String, Vec<(String, String)>) {
        let (raw, description) = match kind {
            RowKind::Rule => spec
                .rules
                .iter()
                .find(|r| r.id.value == id)
                .map(|r| (r.raw.clone(), r.description.clone()))
                .unwrap_or_default(),
            RowKind::Processing => spec
                .processing
                .iter()
                .find(|r| r.id.value == id)
                .map(|r| (r.raw.clone(), r.description.clone()))
                .unwrap_or_default(),
            RowKind::Matrix => spec
                .matrix
                .iter()
                .find(|r| r.srv.value == id)
                .map(|r| (r.raw.clone(), format!("SRV {id} '{}'", r.name)))
                .unwrap_or_default(),
        };
        let raw = raw.into_iter().map(|(k, v)| (k, v.value)).collect();
        (description, raw)
    };
    let kind_name = |kind: RowKind| match kind {
        RowKind::Rule => "rule",
        RowKind::Processing => "processing",
        RowKind::Matrix => "matrix row",
    };
    let column = |raw: &[(String, String)], name: &str| {
        raw.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    for r in &m.removals {
        let (description, raw) = row_text(r.kind, &r.id.value);
        let code = column(&raw, "code");
        let _ = writeln!(
            out,
            "| removes {} | `{}` | {} | taken out{} |",
            kind_name(r.kind),
            r.id.value,
            cell(&description),
            if code.is_empty() {
                String::new()
            } else {
                format!(": `{code}` is no longer raised by it")
            }
        );
    }
    for a in &m.alterations {
        let (description, raw) = row_text(a.kind, &a.id.value);
        let changes: Vec<String> = a
            .fields
            .iter()
            .map(|(field, value)| {
                let old = column(&raw, field);
                if old.is_empty() {
                    format!("{field}: (none) → `{}`", value.value)
                } else {
                    format!("{field}: `{old}` → `{}`", value.value)
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "| alters {} | `{}` | {} | {} |",
            kind_name(a.kind),
            a.id.value,
            cell(&description),
            cell(&changes.join("\n"))
        );
    }
    for r in &m.added_rules {
        let get = |name: &str| {
            column(
                &r.raw
                    .iter()
                    .map(|(k, v)| (k.clone(), v.value.clone()))
                    .collect::<Vec<_>>(),
                name,
            )
        };
        let _ = writeln!(
            out,
            "| adds rule | `{}` | {} | scope `{}`; check `{}`; {} `{}` |",
            r.id.value,
            cell(&r.description),
            get("scope"),
            cell(&get("check")),
            get("effect"),
            get("code"),
        );
    }
    for p in &m.added_processing {
        let get = |name: &str| {
            column(
                &p.raw
                    .iter()
                    .map(|(k, v)| (k.clone(), v.value.clone()))
                    .collect::<Vec<_>>(),
                name,
            )
        };
        let when = get("when");
        let _ = writeln!(
            out,
            "| adds processing | `{}` | {} | scope `{}`;{} action `{}` |",
            p.id.value,
            cell(&p.description),
            get("scope"),
            if when.is_empty() {
                String::new()
            } else {
                format!(" when `{}`;", cell(&when))
            },
            cell(&get("action")),
        );
    }
    let nothing = m.removals.is_empty()
        && m.alterations.is_empty()
        && m.added_rules.is_empty()
        && m.added_processing.is_empty();
    if nothing {
        let _ = writeln!(out, "| (none) | | | |");
    }
    out.push('\n');
}

/// The schema patches the modification brings (drafts), as differences
/// between the draft's schemas and its base's.
fn schema_changes(out: &mut String, material: &Material, id: &str) {
    let patches: Vec<_> = material
        .spec
        .patches
        .iter()
        .filter(|p| p.modification.value == id)
        .collect();
    if patches.is_empty() {
        return;
    }
    let _ = writeln!(out, "## What it changes in the schemas\n");
    for patch in patches {
        let _ = writeln!(
            out,
            "The draft version `{}` is DUIS {} with `{}` applied.\n",
            patch.draft.value,
            patch.base.value,
            relative(&patch.file)
        );
        match &material.schemas {
            Some(sets) => match (sets.get(&patch.base.value), sets.get(&patch.draft.value)) {
                (Some(base), Some(draft)) => {
                    let diff = SchemaDiff::between(&Canon::of(base), &Canon::of(draft));
                    versions::write_schema_diff(out, &diff, 3);
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "(the schemas of DUIS {} are not at hand)\n",
                        patch.base.value
                    );
                }
            },
            None => {
                let _ = writeln!(out, "(not compared: DUIS_SCHEMA_DIR is not set)\n");
            }
        }
    }
}
