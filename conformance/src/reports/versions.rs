//! `diff-versions <a> <b>`: what changed from one DUIS version to another —
//! the SRVs of the matrix, the response codes, the schemas' types, elements
//! and enumeration values — and the conformance cases whose outcome differs.

use std::fmt::Write as _;

use duis::Version;
use duis::dsp::{Srv, UserRole};
use duis_codegen::spec::version_set::VersionSet;

use super::schema_diff::{Canon, SchemaDiff};
use super::{Material, ReportError, case_table, cell, differing};
use crate::suite::Overrides;

/// The report's figures, for a summary on the terminal.
#[derive(Debug, Default)]
pub struct Summary {
    pub srvs: (usize, usize, usize),
    pub codes: (usize, usize),
    pub types: (usize, usize, usize),
    pub elements: (usize, usize),
    pub enumerations: usize,
    pub cases: (usize, usize),
}

/// The Markdown report of what changed from `a` to `b`.
pub fn report(
    material: &Material,
    a: Version,
    b: Version,
    progress: &mut dyn FnMut(&str),
) -> Result<(String, Summary), ReportError> {
    let Some(sets) = &material.schemas else {
        return Err(ReportError(
            "DUIS_SCHEMA_DIR is not set: the schemas of both versions are needed".into(),
        ));
    };
    let set = |v: Version| {
        sets.get(v.id())
            .ok_or_else(|| ReportError(format!("no schemas for DUIS {}", v.id())))
    };
    let (set_a, set_b) = (set(a)?, set(b)?);
    let (ida, idb) = (a.id(), b.id());
    let mut summary = Summary::default();
    let mut out = String::new();
    let _ = writeln!(out, "# DUIS {ida} → DUIS {idb}\n");
    let _ = writeln!(
        out,
        "What changed from DUIS {ida} to DUIS {idb}: the Service Request Matrix and the response codes (from `spec/`), the schemas (compared in canonical form: how a declaration is written, its order, comments and `schemaLocation`s are no differences), and the conformance cases whose outcome differs.\n"
    );

    progress("comparing the Service Request Matrix and the response codes");
    srvs(&mut out, a.matrix(), b.matrix(), &mut summary);
    codes(&mut out, material, a, b, &mut summary);

    progress("comparing the schemas");
    let diff = SchemaDiff::between(&Canon::of(set_a), &Canon::of(set_b));
    summary.types = (
        diff.types_added.len(),
        diff.types_removed.len(),
        diff.types_changed.len(),
    );
    summary.elements = (
        diff.elements_added.len()
            + diff
                .element_declarations
                .iter()
                .filter(|d| d.0 == '+')
                .count(),
        diff.elements_removed.len()
            + diff
                .element_declarations
                .iter()
                .filter(|d| d.0 == '-')
                .count(),
    );
    summary.enumerations = diff.enumerations.len();
    let _ = writeln!(out, "## Schemas\n");
    write_schema_diff(&mut out, &diff, 3);

    let _ = writeln!(out, "## Conformance cases whose outcome differs\n");
    progress(&format!("running the cases under DUIS {ida}"));
    let left = material.run(a, &Overrides::default());
    progress(&format!("running the cases under DUIS {idb}"));
    let right = material.run(b, &Overrides::default());
    let rows = differing(&left, &right);
    let both = left.keys().filter(|k| right.contains_key(*k)).count();
    summary.cases = (both, rows.len());
    let only = |x: &std::collections::BTreeMap<String, super::Ran>,
                y: &std::collections::BTreeMap<String, super::Ran>| {
        x.keys().filter(|k| !y.contains_key(*k)).count()
    };
    let _ = writeln!(
        out,
        "{} cases run under both versions (their scenarios as written){}; {} differ.{}{}\n",
        both,
        if material.sweeps.is_empty() {
            " (the sweep of the general checks did not run)"
        } else {
            ", the sweep of the general checks included"
        },
        rows.len(),
        match only(&left, &right) {
            0 => String::new(),
            n => format!(" {n} run under DUIS {ida} only."),
        },
        match only(&right, &left) {
            0 => String::new(),
            n => format!(" {n} run under DUIS {idb} only."),
        },
    );
    if !rows.is_empty() {
        case_table(
            &mut out,
            &format!("DUIS {ida}"),
            &format!("DUIS {idb}"),
            &rows,
        );
        out.push('\n');
    }
    Ok((out, summary))
}

fn roles(srv: &Srv) -> String {
    let roles: Vec<&str> = srv.roles.iter().map(|r| UserRole::as_str(*r)).collect();
    roles.join(" ")
}

/// The fields of a matrix row a reader compares.
fn srv_fields(srv: &Srv) -> Vec<(&'static str, String)> {
    vec![
        ("name", srv.name.to_owned()),
        ("reference", srv.reference.to_owned()),
        ("body", srv.body.to_owned()),
        ("critical", srv.critical.to_string()),
        ("on demand", srv.on_demand.to_string()),
        ("future dated", format!("{:?}", srv.future_dated)),
        ("DCC scheduled", format!("{:?}", srv.dcc_scheduled)),
        ("non-device", srv.non_device.to_string()),
        ("roles", roles(srv)),
        ("SMETS", format!("{:?}", srv.smets)),
        ("subject", srv.subject.unwrap_or("-").to_owned()),
    ]
}

fn srvs(out: &mut String, a: &[&'static Srv], b: &[&'static Srv], summary: &mut Summary) {
    let _ = writeln!(out, "## Service Request Variants\n");
    let find =
        |list: &[&'static Srv], variant: &str| list.iter().find(|s| s.variant == variant).copied();
    let added: Vec<&Srv> = b
        .iter()
        .filter(|s| find(a, s.variant).is_none())
        .copied()
        .collect();
    let removed: Vec<&Srv> = a
        .iter()
        .filter(|s| find(b, s.variant).is_none())
        .copied()
        .collect();
    let mut changed = Vec::new();
    for new in b {
        if let Some(old) = a.iter().find(|s| s.variant == new.variant) {
            let changes: Vec<String> = srv_fields(old)
                .into_iter()
                .zip(srv_fields(new))
                .filter(|(o, n)| o.1 != n.1)
                .map(|(o, n)| format!("{}: {} → {}", o.0, o.1, n.1))
                .collect();
            if !changes.is_empty() {
                changed.push((new.variant, new.name, changes));
            }
        }
    }
    summary.srvs = (added.len(), removed.len(), changed.len());
    if added.is_empty() && removed.is_empty() && changed.is_empty() {
        let _ = writeln!(
            out,
            "No SRV added, removed or changed ({} SRVs).\n",
            b.len()
        );
        return;
    }
    for (title, list) in [("Added", &added), ("Removed", &removed)] {
        if !list.is_empty() {
            let _ = writeln!(out, "{title}:\n");
            for s in list.iter() {
                let _ = writeln!(
                    out,
                    "- {} '{}' (`{}`; roles {})",
                    s.variant,
                    s.name,
                    s.body,
                    roles(s)
                );
            }
            out.push('\n');
        }
    }
    if !changed.is_empty() {
        let _ = writeln!(out, "Changed:\n\n| SRV | Changes |\n|---|---|");
        for (variant, name, changes) in changed {
            let _ = writeln!(
                out,
                "| {variant} '{}' | {} |",
                cell(name),
                cell(&changes.join("\n"))
            );
        }
        out.push('\n');
    }
}

fn codes(out: &mut String, material: &Material, a: Version, b: Version, summary: &mut Summary) {
    let _ = writeln!(out, "## Response codes\n");
    let (Some(ka), Some(kb)) = (material.known(a), material.known(b)) else {
        let _ = writeln!(out, "(the versions are not in spec/versions.toml)\n");
        return;
    };
    let codes = &material.spec.codes;
    let added: Vec<_> = codes
        .iter()
        .filter(|c| c.versions.contains(kb) && !c.versions.contains(ka))
        .collect();
    let removed: Vec<_> = codes
        .iter()
        .filter(|c| c.versions.contains(ka) && !c.versions.contains(kb))
        .collect();
    summary.codes = (added.len(), removed.len());
    if added.is_empty() && removed.is_empty() {
        let _ = writeln!(out, "No response code added or removed.\n");
        return;
    }
    let _ = writeln!(
        out,
        "| | Code | Meaning (spec/response-codes.csv) |\n|---|---|---|"
    );
    for (sign, list) in [("added", &added), ("removed", &removed)] {
        for c in list.iter() {
            let _ = writeln!(
                out,
                "| {sign} | `{}` | {} |",
                c.code.value,
                cell(&c.description)
            );
        }
    }
    out.push('\n');
}

/// The schema differences as Markdown, headings at `level`.
pub fn write_schema_diff(out: &mut String, diff: &SchemaDiff, level: usize) {
    let h = "#".repeat(level);
    if diff.is_empty() {
        let _ = writeln!(out, "No difference.\n");
        return;
    }
    let _ = writeln!(out, "{h} Types\n");
    if diff.types_added.is_empty() && diff.types_removed.is_empty() && diff.types_changed.is_empty()
    {
        let _ = writeln!(
            out,
            "No named type added, removed or changed (enumeration values aside).\n"
        );
    }
    for (title, list) in [
        ("Added", &diff.types_added),
        ("Removed", &diff.types_removed),
    ] {
        if !list.is_empty() {
            let names: Vec<String> = list.iter().map(|(n, k)| format!("`{n}` ({k})")).collect();
            let _ = writeln!(out, "{title}: {}.\n", names.join(", "));
        }
    }
    if !diff.types_changed.is_empty() {
        let _ = writeln!(out, "Changed (canonical form, `-` before, `+` after):\n");
        for (name, text) in &diff.types_changed {
            let _ = writeln!(out, "`{name}`:\n\n```diff\n{text}```\n");
        }
    }
    let _ = writeln!(out, "{h} Elements\n");
    let declarations = &diff.element_declarations;
    if diff.elements_added.is_empty()
        && diff.elements_removed.is_empty()
        && diff.elements_changed.is_empty()
        && declarations.is_empty()
    {
        let _ = writeln!(out, "No element added or removed.\n");
    }
    for (title, list) in [
        ("Global elements added", &diff.elements_added),
        ("Global elements removed", &diff.elements_removed),
    ] {
        if !list.is_empty() {
            let names: Vec<String> = list.iter().map(|n| format!("`{n}`")).collect();
            let _ = writeln!(out, "{title}: {}.\n", names.join(", "));
        }
    }
    for (name, text) in &diff.elements_changed {
        let _ = writeln!(
            out,
            "Global element `{name}` changed:\n\n```diff\n{text}```\n"
        );
    }
    if !declarations.is_empty() {
        let _ = writeln!(out, "| | In | Element |\n|---|---|---|");
        for (sign, owner, line) in declarations {
            let what = match sign {
                '+' => "added",
                '-' => "removed",
                _ => "changed",
            };
            let line = line.strip_prefix("element ").unwrap_or(line);
            let _ = writeln!(out, "| {what} | `{owner}` | `{}` |", cell(line));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{h} Enumeration values\n");
    if diff.enumerations.is_empty() {
        let _ = writeln!(out, "No enumeration value added or removed.\n");
    } else {
        let _ = writeln!(
            out,
            "| Type (or where an anonymous type is declared) | Added | Removed |\n|---|---|---|"
        );
        let list = |values: &[String]| {
            values
                .iter()
                .map(|v| format!("`{}`", cell(v)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (name, added, removed) in &diff.enumerations {
            let new = if diff.types_added.iter().any(|(t, _)| t == name) {
                " (new type)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "| `{name}`{new} | {} | {} |",
                list(added),
                list(removed)
            );
        }
        out.push('\n');
    }
}

/// A version set in words.
pub fn describe(set: &VersionSet) -> String {
    match set {
        VersionSet::All => "every version".to_owned(),
        VersionSet::From(v) => format!("{v} and later"),
        VersionSet::Before(v) => format!("before {v}"),
        VersionSet::List(ids) => ids.join(", "),
    }
}
