//! Located values: every string read from a table or a TOML file keeps where
//! it is, so that any later check can name the file, line and column.

use std::ops::Range;

use super::expr::{self, Call, Expr, ExprError};
use super::table::{Cell, Source, Table};
use crate::diagnostic::Located;

/// A position in a spec file.
#[derive(Debug, Clone)]
pub struct Pos {
    pub source: Source,
    pub offset: usize,
}

impl Pos {
    pub fn error(&self, message: impl Into<String>) -> Located {
        self.source.error(self.offset, message)
    }

    /// The position `delta` bytes further (within a cell's text).
    pub fn plus(&self, delta: usize) -> Pos {
        Pos {
            source: self.source.clone(),
            offset: self.offset + delta,
        }
    }
}

/// A string and where it is.
#[derive(Debug, Clone)]
pub struct Text {
    pub value: String,
    pub pos: Pos,
}

impl Text {
    pub fn from_cell(table: &Table, cell: &Cell) -> Text {
        Text {
            value: cell.text.clone(),
            pos: Pos {
                source: table.source(),
                offset: cell.offset,
            },
        }
    }

    /// A string value of a TOML file, from its span (quotes included).
    pub fn from_toml(source: &Source, value: String, span: Range<usize>) -> Text {
        let raw = source.text.get(span.clone()).unwrap_or("");
        let skip = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3 + usize::from(raw[3..].starts_with('\n'))
        } else if raw.starts_with('"') || raw.starts_with('\'') {
            1
        } else {
            0
        };
        Text {
            value,
            pos: Pos {
                source: source.clone(),
                offset: span.start + skip,
            },
        }
    }

    pub fn is_empty(&self) -> bool {
        self.value.trim().is_empty()
    }

    pub fn error(&self, message: impl Into<String>) -> Located {
        self.pos.error(message)
    }

    fn expr_error(&self, e: ExprError) -> Located {
        // Cell text is trimmed: find where it starts in the file's raw text.
        let raw = self.pos.source.text.get(self.pos.offset..).unwrap_or("");
        let lead = raw.find(self.value.trim()).filter(|i| *i < 4).unwrap_or(0);
        self.pos.plus(lead + e.offset).error(e.message)
    }
}

/// A condition as written, parsed.
#[derive(Debug, Clone)]
pub struct Condition {
    pub text: Text,
    pub expr: Expr,
}

impl Condition {
    /// Parses a condition; `None` for an empty cell.
    pub fn parse(text: &Text) -> Result<Option<Condition>, Located> {
        if text.is_empty() {
            return Ok(None);
        }
        expr::parse_condition(&text.value)
            .map(|expr| {
                Some(Condition {
                    text: text.clone(),
                    expr,
                })
            })
            .map_err(|e| text.expr_error(e))
    }
}

/// An action as written, parsed.
#[derive(Debug, Clone)]
pub struct ActionText {
    pub text: Text,
    pub call: Call,
}

impl ActionText {
    pub fn parse(text: &Text) -> Result<ActionText, Located> {
        if text.is_empty() {
            return Err(text.error("no action given"));
        }
        expr::parse_action(&text.value)
            .map(|call| ActionText {
                text: text.clone(),
                call,
            })
            .map_err(|e| text.expr_error(e))
    }

    /// The position of a span of the action's text.
    pub fn pos_of(&self, span: expr::Span) -> Pos {
        self.text.pos.plus(span.start)
    }
}

impl Condition {
    pub fn pos_of(&self, span: expr::Span) -> Pos {
        self.text.pos.plus(span.start)
    }
}
