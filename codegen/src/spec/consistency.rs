//! Checks of the tables against each other: versions that exist, ids that
//! are unique, SRVs and codes that the matrix and the code table know,
//! modifications that alter rows that exist.

use std::collections::BTreeMap;

use super::Spec;
use super::cell::Text;
use super::expr::{Arg, Call, Expr};
use super::modifications::{Modification, RowKind};
use super::problems::Problems;
use super::rules::{self, Check, RuleRow, Scope};
use super::version_set::{KnownVersion, VersionSet};
use super::vocabulary::Param;

pub fn check(spec: &mut Spec, problems: &mut Problems) {
    versions_exist(spec, problems);
    matrix_unique(spec, problems);
    codes_unique(spec, problems);
    modification_headers(spec, problems);
    // Rows added by a modification carry its versions.
    for m in &mut spec.modifications {
        for row in &mut m.added_rules {
            row.versions = m.versions.clone();
        }
        for row in &mut m.added_processing {
            row.versions = m.versions.clone();
        }
    }
    row_ids(spec, problems);
    for row in &spec.rules {
        rule_refs(spec, row, problems);
    }
    for m in &spec.modifications {
        for row in &m.added_rules {
            rule_refs(spec, row, problems);
        }
    }
    for row in spec
        .processing
        .iter()
        .chain(spec.modifications.iter().flat_map(|m| &m.added_processing))
    {
        scope_known(spec, &row.scope, &row.versions, problems);
        if let Some(when) = &row.when {
            expr_refs(
                spec,
                &when.expr,
                &row.versions,
                |s| when.pos_of(s),
                problems,
            );
        }
        call_refs(
            spec,
            &row.action.call,
            &row.versions,
            |s| row.action.pos_of(s),
            problems,
        );
    }
    alterations(spec, problems);
    patches(spec, problems);
}

fn versions_exist(spec: &Spec, problems: &mut Problems) {
    let mut sets: Vec<(&VersionSet, &super::cell::Pos)> = Vec::new();
    sets.extend(spec.matrix.iter().map(|r| (&r.versions, &r.versions_pos)));
    sets.extend(spec.codes.iter().map(|r| (&r.versions, &r.versions_pos)));
    sets.extend(spec.rules.iter().map(|r| (&r.versions, &r.versions_pos)));
    sets.extend(
        spec.processing
            .iter()
            .map(|r| (&r.versions, &r.versions_pos)),
    );
    sets.extend(
        spec.modifications
            .iter()
            .map(|m| (&m.versions, &m.versions_pos)),
    );
    for (set, pos) in sets {
        for id in set.unknown(&spec.universe) {
            problems.error(
                pos.error(format!(
                    "DUIS version `{id}` does not exist (known: {})",
                    spec.universe.ids().join(", ")
                ))
                .with_help(
                    "versions are listed in spec/versions.toml; drafts are made by spec/patches/",
                ),
            );
        }
    }
}

fn matrix_unique(spec: &Spec, problems: &mut Problems) {
    for (i, row) in spec.matrix.iter().enumerate() {
        for earlier in &spec.matrix[..i] {
            if earlier.srv.value == row.srv.value
                && let Some(v) = earlier.versions.overlaps(&row.versions, &spec.universe)
            {
                problems.error(row.srv.error(format!(
                    "SRV {} has two matrix rows for DUIS {v} (the other is at line {})",
                    row.srv.value,
                    earlier.srv.error("").line
                )));
            }
        }
    }
}

fn codes_unique(spec: &Spec, problems: &mut Problems) {
    for (i, row) in spec.codes.iter().enumerate() {
        for earlier in &spec.codes[..i] {
            if earlier.code.value == row.code.value
                && let Some(v) = earlier.versions.overlaps(&row.versions, &spec.universe)
            {
                problems.error(row.code.error(format!(
                    "response code {} has two rows for DUIS {v} (the other is at line {})",
                    row.code.value,
                    earlier.code.error("").line
                )));
            }
        }
    }
}

fn modification_headers(spec: &Spec, problems: &mut Problems) {
    let mut ids: BTreeMap<&str, &Text> = BTreeMap::new();
    let mut switches: BTreeMap<&str, &Text> = BTreeMap::new();
    for m in &spec.modifications {
        if let Some(first) = ids.insert(&m.id.value, &m.id) {
            problems.error(m.id.error(format!(
                "modification {} is defined twice (also in {})",
                m.id.value,
                first.pos.source.path.display()
            )));
        }
        if let Some(switch) = &m.switch
            && let Some(first) = switches.insert(&switch.name.value, &switch.name)
        {
            problems.error(switch.name.error(format!(
                "switch `{}` already guards another modification ({})",
                switch.name.value,
                first.pos.source.path.display()
            )));
        }
    }
}

fn row_ids(spec: &Spec, problems: &mut Problems) {
    let mut seen: BTreeMap<String, &Text> = BTreeMap::new();
    let ids = spec
        .rules
        .iter()
        .map(|r| &r.id)
        .chain(spec.processing.iter().map(|r| &r.id))
        .chain(spec.modifications.iter().flat_map(|m| {
            m.added_rules
                .iter()
                .map(|r| &r.id)
                .chain(m.added_processing.iter().map(|r| &r.id))
        }));
    for id in ids {
        if let Some(first) = seen.insert(id.value.clone(), id) {
            let at = first.pos.error("");
            problems.error(id.error(format!(
                "duplicate id `{}` (first at {}:{}:{})",
                id.value,
                at.file.display(),
                at.line,
                at.column
            )));
        }
    }
}

/// The versions of `set` that the matrix gives an SRV in.
fn srv_known(spec: &Spec, srv: &str, set: &VersionSet) -> bool {
    spec.universe.versions.iter().any(|v| {
        set.contains(v)
            && spec
                .matrix
                .iter()
                .any(|r| r.srv.value == srv && r.versions.contains(v))
    })
}

fn scope_known(spec: &Spec, scope: &Scope, versions: &VersionSet, problems: &mut Problems) {
    if let Scope::Srvs(srvs) = scope {
        for srv in srvs {
            if !srv_known(spec, &srv.value, versions) {
                problems.error(srv.error(format!(
                    "unknown SRV {}: the matrix has no row for it in these versions",
                    srv.value
                )));
            }
        }
    }
}

fn rule_refs(spec: &Spec, row: &RuleRow, problems: &mut Problems) {
    scope_known(spec, &row.scope, &row.versions, problems);
    let general = matches!(row.scope, Scope::All);
    for cond in [&row.when, &row.unless]
        .into_iter()
        .flatten()
        .chain(match &row.check {
            Check::Condition(c) => Some(c),
            Check::NoSpecificValidation => None,
        })
    {
        expr_refs(
            spec,
            &cond.expr,
            &row.versions,
            |s| cond.pos_of(s),
            problems,
        );
        if general && let Some(field) = cond.expr.fields().first() {
            problems.error(cond.pos_of(field.span).error(
                "a general rule (scope `*`) cannot read body fields: each SRV's body differs; use `subject` or scope the rule to SRVs",
            ));
        }
    }
    if general && matches!(row.check, Check::NoSpecificValidation) {
        problems.error(
            row.id
                .error("`none` states that an SRV has no specific validation: scope it to SRVs"),
        );
    }
    if let Some(code) = &row.code {
        for v in &spec.universe.versions {
            if !row.versions.contains(v) {
                continue;
            }
            let known = spec
                .codes
                .iter()
                .any(|c| c.code.value == code.value && c.versions.contains(v));
            if !known {
                problems.error(code.error(format!(
                    "response code {} is not in DUIS {}'s codes (spec/response-codes.csv)",
                    code.value, v.id
                )));
                break;
            }
        }
    }
}

fn expr_refs(
    spec: &Spec,
    expr: &Expr,
    versions: &VersionSet,
    pos: impl Fn(super::expr::Span) -> super::cell::Pos + Copy,
    problems: &mut Problems,
) {
    for call in expr.calls() {
        call_refs(spec, call, versions, pos, problems);
    }
}

fn call_refs(
    spec: &Spec,
    call: &Call,
    versions: &VersionSet,
    pos: impl Fn(super::expr::Span) -> super::cell::Pos,
    problems: &mut Problems,
) {
    for arg in &call.args {
        if let Arg::Literal(l) = arg
            && l.kind == Param::Srv
            && !srv_known(spec, &l.text, versions)
        {
            problems.error(pos(l.span).error(format!(
                "unknown SRV {}: the matrix has no row for it in these versions",
                l.text
            )));
        }
    }
}

/// Each removal or alteration names a row that exists in the modification's
/// versions; no row is changed by two modifications; altered rows are valid.
fn alterations(spec: &Spec, problems: &mut Problems) {
    let mut touched: BTreeMap<(RowKind, String), Vec<&Modification>> = BTreeMap::new();
    for m in &spec.modifications {
        let targets = m
            .removals
            .iter()
            .map(|r| (r.kind, &r.id))
            .chain(m.alterations.iter().map(|a| (a.kind, &a.id)));
        for (kind, id) in targets {
            let exists = match kind {
                RowKind::Rule => spec
                    .rules
                    .iter()
                    .any(|r| r.id.value == id.value && shares(spec, &r.versions, &m.versions)),
                RowKind::Processing => spec
                    .processing
                    .iter()
                    .any(|r| r.id.value == id.value && shares(spec, &r.versions, &m.versions)),
                RowKind::Matrix => spec
                    .matrix
                    .iter()
                    .any(|r| r.srv.value == id.value && shares(spec, &r.versions, &m.versions)),
            };
            if !exists && problems.broken.contains(&id.value) {
                continue;
            }
            if !exists {
                problems.error(id.error(format!(
                    "{} changes the {} {}, which does not exist in its versions",
                    m.id.value,
                    kind.noun(),
                    id.value
                )));
                continue;
            }
            let others = touched.entry((kind, id.value.clone())).or_default();
            if let Some(other) = others
                .iter()
                .find(|o| o.id.value != m.id.value && shares(spec, &o.versions, &m.versions))
            {
                problems.error(id.error(format!(
                    "{} and {} both change the {} {}: one row may be changed by one modification (merge the changes, or add a new row)",
                    other.id.value,
                    m.id.value,
                    kind.noun(),
                    id.value
                )));
            }
            others.push(m);
        }
        for a in &m.alterations {
            match a.kind {
                RowKind::Rule => {
                    if let Some(base) = spec.rules.iter().find(|r| r.id.value == a.id.value) {
                        let _ = altered_rule(base, &a.fields, problems);
                    }
                }
                RowKind::Processing => {
                    if let Some(base) = spec.processing.iter().find(|r| r.id.value == a.id.value) {
                        let _ = altered_processing(base, &a.fields, problems);
                    }
                }
                RowKind::Matrix => {
                    let drafts_only = spec
                        .universe
                        .versions
                        .iter()
                        .filter(|v| m.versions.contains(v))
                        .all(|v| v.base.is_some());
                    if !drafts_only || m.switch.is_some() {
                        problems.error(a.id.error(
                            "the matrix changes with the schemas: only a modification of draft versions, without a switch, may alter it",
                        ));
                    }
                    for (column, text) in &a.fields {
                        if column == "dcc-scheduled"
                            && let Err(message) = super::matrix::parse_dcc_scheduled(&text.value)
                        {
                            problems.error(text.error(message));
                        }
                        if column != "dcc-scheduled" && column != "note" {
                            problems.error(text.error(format!(
                                "`{column}`: a modification may alter a matrix row's dcc-scheduled and note only"
                            )));
                        }
                    }
                }
            }
        }
    }
}

fn shares(spec: &Spec, a: &VersionSet, b: &VersionSet) -> bool {
    a.overlaps(b, &spec.universe).is_some()
}

/// A rule as a modification alters it.
pub fn altered_rule(
    base: &RuleRow,
    fields: &[(String, Text)],
    problems: &mut Problems,
) -> Option<RuleRow> {
    let get = |column: &str| {
        fields
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, t)| t.clone())
            .or_else(|| {
                base.raw
                    .iter()
                    .find(|(c, _)| c == column)
                    .map(|(_, t)| t.clone())
            })
    };
    let mut row = rules::build_rule(&get, &base.id.pos, problems)?;
    row.versions = base.versions.clone();
    Some(row)
}

/// A processing row as a modification alters it.
pub fn altered_processing(
    base: &rules::ProcessingRow,
    fields: &[(String, Text)],
    problems: &mut Problems,
) -> Option<rules::ProcessingRow> {
    let get = |column: &str| {
        fields
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, t)| t.clone())
            .or_else(|| {
                base.raw
                    .iter()
                    .find(|(c, _)| c == column)
                    .map(|(_, t)| t.clone())
            })
    };
    let mut row = rules::build_processing(&get, &base.id.pos, problems)?;
    row.versions = base.versions.clone();
    Some(row)
}

fn patches(spec: &Spec, problems: &mut Problems) {
    for patch in &spec.patches {
        match spec.modification(&patch.modification.value) {
            None => problems.error(patch.modification.error(format!(
                "modification {} is not in spec/modifications/",
                patch.modification.value
            ))),
            Some(m) => {
                let draft = KnownVersion {
                    id: patch.draft.value.clone(),
                    base: Some(patch.base.value.clone()),
                };
                if !m.versions.contains(&draft) {
                    problems.error(m.versions_pos.error(format!(
                        "{} makes the draft {} (spec/patches/): list it in its versions",
                        m.id.value, patch.draft.value
                    )));
                }
            }
        }
    }
}
