//! `spec/modifications/<ID>.toml`: SEC modifications as versioned changes
//! over the base tables — rows they add, remove or alter — with the SEC
//! release that brings them and the feature switch that turns them on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::cell::{Pos, Text};
use super::problems::Problems;
use super::rules::{self, ProcessingRow, RuleRow};
use super::table::Source;
use super::version_set::VersionSet;

/// What a change applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowKind {
    Rule,
    Processing,
    Matrix,
}

impl RowKind {
    pub fn noun(self) -> &'static str {
        match self {
            RowKind::Rule => "rule",
            RowKind::Processing => "processing row",
            RowKind::Matrix => "matrix row of SRV",
        }
    }
}

/// `[[alter]]`: new values for some columns of an existing row.
#[derive(Debug, Clone)]
pub struct Alteration {
    pub kind: RowKind,
    pub id: Text,
    pub fields: Vec<(String, Text)>,
}

/// `[[remove]]`.
#[derive(Debug, Clone)]
pub struct Removal {
    pub kind: RowKind,
    pub id: Text,
}

#[derive(Debug, Clone)]
pub struct SwitchSpec {
    pub name: Text,
    pub default: bool,
}

#[derive(Debug, Clone)]
pub struct Modification {
    pub file: PathBuf,
    pub id: Text,
    pub title: String,
    /// `YYYY-MM`.
    pub sec_release: Option<(u16, u8)>,
    pub versions: VersionSet,
    pub versions_pos: Pos,
    pub summary: String,
    pub switch: Option<SwitchSpec>,
    pub removals: Vec<Removal>,
    pub alterations: Vec<Alteration>,
    pub added_rules: Vec<RuleRow>,
    pub added_processing: Vec<ProcessingRow>,
}

type Fields = BTreeMap<String, Spanned<toml::Value>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    id: Spanned<String>,
    title: String,
    sec_release: Option<Spanned<String>>,
    versions: Spanned<String>,
    summary: String,
    switch: Option<SwitchFile>,
    #[serde(default)]
    remove: Vec<Fields>,
    #[serde(default)]
    alter: Vec<Fields>,
    #[serde(default)]
    add_rule: Vec<Fields>,
    #[serde(default)]
    add_processing: Vec<Fields>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SwitchFile {
    name: Spanned<String>,
    default: bool,
}

/// Reads every `*.toml` of the folder, in file-name order.
pub fn load_all(dir: &Path, problems: &mut Problems) -> Vec<Modification> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        if let Some(m) = load(&path, problems) {
            out.push(m);
        }
    }
    out
}

fn text_of(source: &Source, value: &Spanned<toml::Value>) -> Text {
    let span = value.span();
    match value.get_ref() {
        toml::Value::String(s) => Text::from_toml(source, s.clone(), span),
        other => Text {
            value: other.to_string(),
            pos: Pos {
                source: source.clone(),
                offset: span.start,
            },
        },
    }
}

fn spanned_text(source: &Source, value: &Spanned<String>) -> Text {
    Text::from_toml(source, value.get_ref().clone(), value.span())
}

/// Which row a `[[remove]]` or `[[alter]]` entry names: its one key among
/// `rule`, `processing` and (for alter) `matrix`.
fn target(
    source: &Source,
    fields: &mut Fields,
    allow_matrix: bool,
    at: &Pos,
    problems: &mut Problems,
) -> Option<(RowKind, Text)> {
    let mut found = Vec::new();
    for (key, kind) in [
        ("rule", RowKind::Rule),
        ("processing", RowKind::Processing),
        ("matrix", RowKind::Matrix),
    ] {
        if let Some(value) = fields.remove(key) {
            if kind == RowKind::Matrix && !allow_matrix {
                problems.error(text_of(source, &value).error("matrix rows cannot be removed"));
                return None;
            }
            found.push((kind, text_of(source, &value)));
        }
    }
    if found.len() != 1 {
        let keys = if allow_matrix {
            "`rule`, `processing` or `matrix`"
        } else {
            "`rule` or `processing`"
        };
        problems.error(at.error(format!("name exactly one row: {keys} = \"its id\"")));
        return None;
    }
    found.pop()
}

fn load(path: &Path, problems: &mut Problems) -> Option<Modification> {
    let source = match Source::read(path) {
        Ok(s) => s,
        Err(e) => {
            problems.error(e);
            return None;
        }
    };
    let file: File = match toml::from_str(&source.text) {
        Ok(f) => f,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            problems.error(source.error(offset, e.message().trim().to_owned()));
            return None;
        }
    };
    let id = spanned_text(&source, &file.id);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if id.value != stem {
        problems.error(id.error(format!(
            "the modification `{}` is in `{stem}.toml`: name the file after the id",
            id.value
        )));
    }
    let sec_release = file.sec_release.as_ref().and_then(|r| {
        let text = spanned_text(&source, r);
        let parsed = text.value.split_once('-').and_then(|(y, m)| {
            let year: u16 = y.parse().ok().filter(|_| y.len() == 4)?;
            let month: u8 = m
                .parse()
                .ok()
                .filter(|n: &u8| (1..=12).contains(n) && m.len() == 2)?;
            Some((year, month))
        });
        if parsed.is_none() {
            problems.error(text.error(format!(
                "`{}` is not a SEC release: write YYYY-MM (e.g. 2024-06 for the June 2024 release)",
                text.value
            )));
        }
        parsed
    });
    let versions_text = spanned_text(&source, &file.versions);
    let versions = match VersionSet::parse(&versions_text.value) {
        Ok(v) => v,
        Err(m) => {
            problems.error(versions_text.error(m));
            VersionSet::All
        }
    };
    let switch = file.switch.as_ref().map(|s| {
        let name = spanned_text(&source, &s.name);
        let ok = !name.value.is_empty()
            && name
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if !ok {
            problems.error(name.error("a switch name is lower-case letters, digits, `-` and `.`"));
        }
        SwitchSpec {
            name,
            default: s.default,
        }
    });
    let top = Pos {
        source: source.clone(),
        offset: file.id.span().start,
    };
    let mut removals = Vec::new();
    for mut fields in file.remove {
        let at = first_pos(&source, &fields).unwrap_or_else(|| top.clone());
        if let Some((kind, id)) = target(&source, &mut fields, false, &at, problems) {
            for (key, value) in &fields {
                problems.error(
                    text_of(&source, value).error(format!("`{key}`: a removal names its row only")),
                );
            }
            removals.push(Removal { kind, id });
        }
    }
    let mut alterations = Vec::new();
    for mut fields in file.alter {
        let at = first_pos(&source, &fields).unwrap_or_else(|| top.clone());
        if let Some((kind, id)) = target(&source, &mut fields, true, &at, problems) {
            let allowed: &[&str] = match kind {
                RowKind::Rule => &["when", "unless", "check", "code", "effect", "description"],
                RowKind::Processing => &["when", "action", "description"],
                RowKind::Matrix => &[
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
                    "note",
                ],
            };
            let mut altered = Vec::new();
            for (key, value) in &fields {
                let text = text_of(&source, value);
                if allowed.contains(&key.as_str()) {
                    altered.push((key.clone(), text));
                } else {
                    problems.error(text.error(format!(
                        "`{key}` cannot be altered in a {} (alterable: {})",
                        kind.noun(),
                        allowed.join(", ")
                    )));
                }
            }
            if altered.is_empty() {
                problems.error(
                    id.error("the alteration changes nothing: give the columns' new values"),
                );
            }
            alterations.push(Alteration {
                kind,
                id,
                fields: altered,
            });
        }
    }
    let added_rules = added(
        &source,
        &file.add_rule,
        rules::RULE_COLUMNS,
        &top,
        problems,
        rules::build_rule,
    );
    let added_processing = added(
        &source,
        &file.add_processing,
        rules::PROCESSING_COLUMNS,
        &top,
        problems,
        rules::build_processing,
    );
    Some(Modification {
        file: path.to_owned(),
        id,
        title: file.title,
        sec_release,
        versions,
        versions_pos: versions_text.pos,
        summary: file.summary.trim().to_owned(),
        switch,
        removals,
        alterations,
        added_rules,
        added_processing,
    })
}

fn first_pos(source: &Source, fields: &Fields) -> Option<Pos> {
    fields
        .values()
        .map(|v| v.span().start)
        .min()
        .map(|offset| Pos {
            source: source.clone(),
            offset,
        })
}

fn added<T>(
    source: &Source,
    entries: &[Fields],
    columns: &[&str],
    top: &Pos,
    problems: &mut Problems,
    build: fn(&rules::Fields<'_>, &Pos, &mut Problems) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    for fields in entries {
        let at = first_pos(source, fields).unwrap_or_else(|| top.clone());
        let mut ok = true;
        for (key, value) in fields {
            if !columns.contains(&key.as_str()) || key == "versions" {
                problems.error(text_of(source, value).error(format!(
                    "unknown column `{key}` (columns: {}; an added row has its modification's versions)",
                    columns
                        .iter()
                        .filter(|c| **c != "versions")
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        let get = |column: &str| fields.get(column).map(|v| text_of(source, v));
        if let Some(row) = build(&get, &at, problems) {
            out.push(row);
        }
    }
    out
}
