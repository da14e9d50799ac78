//! The spec as one version sees it: its matrix rows, codes, and every rule
//! and processing row with the form a modification gives it. This is what
//! the emitter and the cross-checks work from.

use super::Spec;
use super::codes::CodeRow;
use super::consistency::{altered_processing, altered_rule};
use super::matrix::{self, MatrixRow};
use super::modifications::{Modification, RowKind};
use super::problems::Problems;
use super::rules::{ProcessingRow, RuleRow};
use super::version_set::KnownVersion;

/// A row and how a modification changes it in this version.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub id: String,
    pub order: u32,
    /// The row of the base tables, if it has one in this version.
    pub base: Option<T>,
    /// A modification's change: the row as it makes it, or `None` if it
    /// removes the row. Without a base row, the modification adds it.
    pub change: Option<(String, Option<T>)>,
}

#[derive(Debug, Clone)]
pub struct VersionView<'s> {
    pub version: &'s KnownVersion,
    /// Matrix rows, in table order, with the alterations of the version's
    /// schema-level modifications applied.
    pub matrix: Vec<MatrixRow>,
    pub codes: Vec<&'s CodeRow>,
    /// Rules in order.
    pub rules: Vec<Entry<RuleRow>>,
    /// Processing rows in order.
    pub processing: Vec<Entry<ProcessingRow>>,
    /// The modifications that apply to this version.
    pub modifications: Vec<&'s Modification>,
}

impl Spec {
    pub fn view<'s>(&'s self, version: &'s KnownVersion) -> VersionView<'s> {
        let modifications: Vec<&Modification> = self
            .modifications
            .iter()
            .filter(|m| m.versions.contains(version))
            .collect();
        let mut scratch = Problems::default();
        let mut matrix: Vec<MatrixRow> = self
            .matrix
            .iter()
            .filter(|r| r.versions.contains(version))
            .cloned()
            .collect();
        for m in &modifications {
            for a in m.alterations.iter().filter(|a| a.kind == RowKind::Matrix) {
                for row in matrix.iter_mut().filter(|r| r.srv.value == a.id.value) {
                    for (column, text) in &a.fields {
                        match column.as_str() {
                            "dcc-scheduled" => {
                                if let Ok(value) = matrix::parse_dcc_scheduled(&text.value) {
                                    row.dcc_scheduled = value;
                                    row.dcc_scheduled_pos = text.pos.clone();
                                }
                            }
                            "note" => row.note = text.value.clone(),
                            _ => {}
                        }
                    }
                }
            }
        }
        let codes = self
            .codes
            .iter()
            .filter(|c| c.versions.contains(version))
            .collect();

        let mut rules: Vec<Entry<RuleRow>> = self
            .rules
            .iter()
            .filter(|r| r.versions.contains(version))
            .map(|r| Entry {
                id: r.id.value.clone(),
                order: r.order,
                base: Some(r.clone()),
                change: None,
            })
            .collect();
        let mut processing: Vec<Entry<ProcessingRow>> = self
            .processing
            .iter()
            .filter(|r| r.versions.contains(version))
            .map(|r| Entry {
                id: r.id.value.clone(),
                order: r.order,
                base: Some(r.clone()),
                change: None,
            })
            .collect();
        for m in &modifications {
            let id = m.id.value.clone();
            for r in &m.removals {
                match r.kind {
                    RowKind::Rule => {
                        if let Some(e) = rules.iter_mut().find(|e| e.id == r.id.value) {
                            e.change = Some((id.clone(), None));
                        }
                    }
                    RowKind::Processing => {
                        if let Some(e) = processing.iter_mut().find(|e| e.id == r.id.value) {
                            e.change = Some((id.clone(), None));
                        }
                    }
                    RowKind::Matrix => {}
                }
            }
            for a in &m.alterations {
                match a.kind {
                    RowKind::Rule => {
                        if let Some(e) = rules.iter_mut().find(|e| e.id == a.id.value)
                            && let Some(base) = &e.base
                        {
                            let altered = altered_rule(base, &a.fields, &mut scratch);
                            e.change = altered.map(|row| (id.clone(), Some(row)));
                        }
                    }
                    RowKind::Processing => {
                        if let Some(e) = processing.iter_mut().find(|e| e.id == a.id.value)
                            && let Some(base) = &e.base
                        {
                            let altered = altered_processing(base, &a.fields, &mut scratch);
                            e.change = altered.map(|row| (id.clone(), Some(row)));
                        }
                    }
                    RowKind::Matrix => {}
                }
            }
            for row in &m.added_rules {
                rules.push(Entry {
                    id: row.id.value.clone(),
                    order: row.order,
                    base: None,
                    change: Some((id.clone(), Some(row.clone()))),
                });
            }
            for row in &m.added_processing {
                processing.push(Entry {
                    id: row.id.value.clone(),
                    order: row.order,
                    base: None,
                    change: Some((id.clone(), Some(row.clone()))),
                });
            }
        }
        rules.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        processing.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        VersionView {
            version,
            matrix,
            codes,
            rules,
            processing,
            modifications,
        }
    }
}

impl<T> Entry<T> {
    /// Every form of the row: the base (if any) and the modification's (if any).
    pub fn forms(&self) -> impl Iterator<Item = &T> {
        self.base
            .iter()
            .chain(self.change.iter().filter_map(|(_, row)| row.as_ref()))
    }
}
