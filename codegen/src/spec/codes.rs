//! `spec/response-codes.csv`: the response codes of every version.

use std::path::Path;

use super::cell::{Pos, Text};
use super::problems::Problems;
use super::table::Table;
use super::version_set::VersionSet;

pub const COLUMNS: &[&str] = &["code", "kind", "reference", "versions", "description"];

#[derive(Debug, Clone)]
pub struct CodeRow {
    pub code: Text,
    /// `I`, `W` or `E`.
    pub kind: char,
    pub reference: Option<String>,
    pub versions: VersionSet,
    pub versions_pos: Pos,
    pub description: String,
}

pub fn load(path: &Path, problems: &mut Problems) -> Vec<CodeRow> {
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
        let code = text("code");
        let kind_text = text("kind");
        let mut ok = true;
        let valid_code = code.value.len() >= 2
            && matches!(code.value.as_bytes()[0], b'I' | b'W' | b'E')
            && code.value[1..].bytes().all(|b| b.is_ascii_digit());
        if !valid_code {
            problems.error(code.error(format!(
                "`{}` is not a response code (I, W or E, then digits)",
                code.value
            )));
            ok = false;
        }
        let kind = match kind_text.value.as_str() {
            "I" | "W" | "E" => kind_text.value.chars().next().unwrap_or('E'),
            other => {
                problems.error(kind_text.error(format!("`{other}` is not a kind (I, W or E)")));
                ok = false;
                'E'
            }
        };
        if ok && !code.value.starts_with(kind) {
            problems.error(kind_text.error(format!(
                "the kind of `{}` is `{}`, its first letter",
                code.value,
                &code.value[..1]
            )));
            ok = false;
        }
        let reference = text("reference");
        if !reference.is_empty() && !super::matrix::is_srv(&reference.value) {
            problems.error(reference.error(format!(
                "`{}` is not a Service Reference (e.g. 8.8)",
                reference.value
            )));
            ok = false;
        }
        let versions_text = text("versions");
        let versions = match VersionSet::parse(&versions_text.value) {
            Ok(v) => v,
            Err(m) => {
                problems.error(versions_text.error(m));
                ok = false;
                VersionSet::All
            }
        };
        let description = text("description");
        if description.is_empty() {
            problems.error(
                description
                    .error("no description: write what the code means, or `Not yet described.`"),
            );
            ok = false;
        }
        if ok {
            rows.push(CodeRow {
                code,
                kind,
                reference: (!reference.is_empty()).then(|| reference.value.clone()),
                versions,
                versions_pos: versions_text.pos,
                description: description.value,
            });
        }
    }
    rows
}
