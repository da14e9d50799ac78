//! `spec/rules.csv` (validation rules) and `spec/processing.csv` (additional
//! processing). Modifications add rows of the same shape (see `modifications`).

use std::path::Path;

use super::cell::{ActionText, Condition, Pos, Text};
use super::problems::Problems;
use super::table::Table;
use super::version_set::VersionSet;

pub const RULE_COLUMNS: &[&str] = &[
    "id",
    "scope",
    "order",
    "when",
    "unless",
    "check",
    "code",
    "effect",
    "versions",
    "description",
];

pub const PROCESSING_COLUMNS: &[&str] = &[
    "id",
    "scope",
    "order",
    "when",
    "action",
    "versions",
    "description",
];

/// The SRVs a row belongs to.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Every SRV (general checks).
    All,
    Srvs(Vec<Text>),
}

impl Scope {
    pub fn includes(&self, srv: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Srvs(list) => list.iter().any(|s| s.value == srv),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Reject,
    Warn,
}

/// What a rule checks.
#[derive(Debug, Clone)]
pub enum Check {
    Condition(Condition),
    /// `none`: the SRV has no specific validation.
    NoSpecificValidation,
}

#[derive(Debug, Clone)]
pub struct RuleRow {
    pub id: Text,
    pub scope: Scope,
    pub order: u32,
    pub when: Option<Condition>,
    pub unless: Option<Condition>,
    pub check: Check,
    pub code: Option<Text>,
    pub effect: Effect,
    pub versions: VersionSet,
    pub versions_pos: Pos,
    pub description: String,
    /// Every column as written (modifications alter rows column by column).
    pub raw: Vec<(String, Text)>,
}

#[derive(Debug, Clone)]
pub struct ProcessingRow {
    pub id: Text,
    pub scope: Scope,
    pub order: u32,
    pub when: Option<Condition>,
    pub action: ActionText,
    pub versions: VersionSet,
    pub versions_pos: Pos,
    pub description: String,
    pub raw: Vec<(String, Text)>,
}

/// The fields of a row, by column name, wherever they come from.
pub type Fields<'f> = dyn Fn(&str) -> Option<Text> + 'f;

fn field(get: &Fields<'_>, at: &Pos, column: &str) -> Text {
    get(column).unwrap_or_else(|| Text {
        value: String::new(),
        pos: at.clone(),
    })
}

fn parse_scope(text: &Text, problems: &mut Problems) -> Option<Scope> {
    if text.value.trim() == "*" {
        return Some(Scope::All);
    }
    let mut srvs = Vec::new();
    let mut offset = 0;
    for word in text.value.split(' ') {
        if !word.is_empty() {
            if !super::matrix::is_srv(word) {
                problems.error(text.pos.plus(offset).error(format!(
                    "`{word}` is not a Service Reference Variant; the scope is `*` or SRVs separated by spaces"
                )));
                return None;
            }
            srvs.push(Text {
                value: word.to_owned(),
                pos: text.pos.plus(offset),
            });
        }
        offset += word.len() + 1;
    }
    if srvs.is_empty() {
        problems.error(text.error("no scope: write `*` or the SRVs the row belongs to"));
        return None;
    }
    Some(Scope::Srvs(srvs))
}

fn parse_order(text: &Text, problems: &mut Problems) -> Option<u32> {
    match text.value.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            problems
                .error(text.error(format!("`{}` is not an order (a whole number)", text.value)));
            None
        }
    }
}

fn parse_id(text: &Text, prefixes: &[&str], problems: &mut Problems) -> bool {
    let ok = prefixes.iter().any(|p| text.value.starts_with(p))
        && text.value.len() > 2
        && text
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        problems.error(text.error(format!(
            "`{}` is not a row id: start it with {} and use letters, digits and `-`",
            text.value,
            prefixes.join(" or ")
        )));
    }
    ok
}

fn parse_versions(text: &Text, problems: &mut Problems) -> Option<VersionSet> {
    let text = if text.is_empty() {
        // Rows added by modifications take the modification's versions.
        return Some(VersionSet::All);
    } else {
        text
    };
    VersionSet::parse(&text.value)
        .map_err(|m| problems.error(text.error(m)))
        .ok()
}

fn condition(text: &Text, problems: &mut Problems) -> Result<Option<Condition>, ()> {
    Condition::parse(text).map_err(|e| problems.error(e))
}

/// Builds a rule from its fields; `None` (with the problems recorded) if any is wrong.
pub fn build_rule(get: &Fields<'_>, at: &Pos, problems: &mut Problems) -> Option<RuleRow> {
    let id = field(get, at, "id");
    let id_ok = parse_id(&id, &["G-", "S-"], problems);
    let scope = parse_scope(&field(get, at, "scope"), problems);
    let order = parse_order(&field(get, at, "order"), problems);
    let when = condition(&field(get, at, "when"), problems);
    let unless = condition(&field(get, at, "unless"), problems);
    let check_text = field(get, at, "check");
    let check = if check_text.value.trim() == "none" {
        Ok(Check::NoSpecificValidation)
    } else if check_text.is_empty() {
        problems.error(check_text.error(
            "no check: write the condition that must hold, or `none` for an SRV without specific validation",
        ));
        Err(())
    } else {
        condition(&check_text, problems).map(|c| Check::Condition(c.expect("not empty")))
    };
    let code_text = field(get, at, "code");
    let effect_text = field(get, at, "effect");
    let (code, effect) = match (&check, code_text.is_empty()) {
        (Ok(Check::NoSpecificValidation), true) if effect_text.is_empty() => {
            (Ok(None), Ok(Effect::Reject))
        }
        (Ok(Check::NoSpecificValidation), _) => {
            problems.error(code_text.error("a `none` check has no code and no effect"));
            (Err(()), Err(()))
        }
        (_, true) => {
            problems.error(code_text.error("no response code for a failed check"));
            (Err(()), Err(()))
        }
        (_, false) => {
            let effect = match effect_text.value.as_str() {
                "reject" => Ok(Effect::Reject),
                "warn" => Ok(Effect::Warn),
                other => {
                    problems.error(
                        effect_text.error(format!("`{other}` is not an effect (reject or warn)")),
                    );
                    Err(())
                }
            };
            let expected = match effect {
                Ok(Effect::Reject) => Some('E'),
                Ok(Effect::Warn) => Some('W'),
                Err(()) => None,
            };
            let code = match expected {
                Some(kind) if !code_text.value.starts_with(kind) => {
                    problems.error(code_text.error(format!(
                        "`{}` cannot {} the request: a rule that {} needs {} code",
                        code_text.value,
                        effect_text.value,
                        if kind == 'E' { "rejects" } else { "warns" },
                        if kind == 'E' { "an E…" } else { "a W…" }
                    )));
                    Err(())
                }
                _ => Ok(Some(code_text.clone())),
            };
            (code, effect)
        }
    };
    let versions_text = field(get, at, "versions");
    let versions = parse_versions(&versions_text, problems);
    let description = field(get, at, "description");
    if description.is_empty() {
        problems.error(description.error("no description: say what the rule checks"));
    }
    let raw = RULE_COLUMNS
        .iter()
        .map(|c| ((*c).to_owned(), field(get, at, c)))
        .collect();
    Some(RuleRow {
        raw,
        id: id_ok.then_some(id)?,
        scope: scope?,
        order: order?,
        when: when.ok()?,
        unless: unless.ok()?,
        check: check.ok()?,
        code: code.ok()?,
        effect: effect.ok()?,
        versions: versions?,
        versions_pos: versions_text.pos,
        description: (!description.is_empty()).then_some(description.value)?,
    })
}

/// Builds a processing row from its fields.
pub fn build_processing(
    get: &Fields<'_>,
    at: &Pos,
    problems: &mut Problems,
) -> Option<ProcessingRow> {
    let id = field(get, at, "id");
    let id_ok = parse_id(&id, &["P-"], problems);
    let scope_text = field(get, at, "scope");
    let scope = parse_scope(&scope_text, problems);
    if matches!(scope, Some(Scope::All)) {
        problems.error(scope_text.error("processing belongs to SRVs: name them"));
    }
    let order = parse_order(&field(get, at, "order"), problems);
    let when = condition(&field(get, at, "when"), problems);
    let action = ActionText::parse(&field(get, at, "action")).map_err(|e| problems.error(e));
    let versions_text = field(get, at, "versions");
    let versions = parse_versions(&versions_text, problems);
    let description = field(get, at, "description");
    if description.is_empty() {
        problems.error(description.error("no description: say what the processing does"));
    }
    let raw = PROCESSING_COLUMNS
        .iter()
        .map(|c| ((*c).to_owned(), field(get, at, c)))
        .collect();
    Some(ProcessingRow {
        raw,
        id: id_ok.then_some(id)?,
        scope: scope.filter(|s| !matches!(s, Scope::All))?,
        order: order?,
        when: when.ok()?,
        action: action.ok()?,
        versions: versions?,
        versions_pos: versions_text.pos,
        description: (!description.is_empty()).then_some(description.value)?,
    })
}

fn load_table<T>(
    path: &Path,
    columns: &[&str],
    problems: &mut Problems,
    build: fn(&Fields<'_>, &Pos, &mut Problems) -> Option<T>,
) -> Vec<T> {
    let table = match Table::read(path, columns) {
        Ok((table, errors)) => {
            errors.into_iter().for_each(|e| problems.error(e));
            problems.broken.extend(table.broken.iter().cloned());
            table
        }
        Err(errors) => {
            errors.into_iter().for_each(|e| problems.error(e));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let get = |column: &str| Some(Text::from_cell(&table, table.cell(row, column)));
        let at = Pos {
            source: table.source(),
            offset: row.cells[0].offset,
        };
        // An empty versions cell in a table is an error (only modifications may omit it).
        let versions = table.cell(row, "versions");
        if versions.text.is_empty() {
            problems.error(table.error(versions, "no versions: write `*` for every version"));
            continue;
        }
        match build(&get, &at, problems) {
            Some(item) => out.push(item),
            None => problems.broken.push(row.cells[0].text.clone()),
        }
    }
    out
}

pub fn load_rules(path: &Path, problems: &mut Problems) -> Vec<RuleRow> {
    load_table(path, RULE_COLUMNS, problems, build_rule)
}

pub fn load_processing(path: &Path, problems: &mut Problems) -> Vec<ProcessingRow> {
    load_table(path, PROCESSING_COLUMNS, problems, build_processing)
}
