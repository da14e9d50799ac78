//! CSV tables: one row per fact, `#` comment lines, a header row naming the
//! columns. Every cell keeps its position in the file, so that a problem with
//! it names the file, line and column.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Located;

/// A table as read.
#[derive(Debug, Clone)]
pub struct Table {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// The first cell of rows that could not be read.
    pub broken: Vec<String>,
}

/// One row: its cells, in the order of the columns.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
}

/// One cell: its text (unquoted) and where it starts in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub offset: usize,
}

/// Where in a file something is: for errors.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl Source {
    pub fn read(path: &Path) -> Result<Source, Located> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Located::file(path, format!("cannot read the file: {e}")))?;
        Ok(Source {
            path: path.to_owned(),
            text: text.into(),
        })
    }

    /// An error at a byte offset of the file.
    pub fn error(&self, offset: usize, message: impl Into<String>) -> Located {
        Located::at(&self.path, &self.text, offset, message)
    }
}

impl Table {
    /// Reads a table whose header must name exactly `columns`, in that order.
    /// Rows that cannot be read are left out, each with an error; the first
    /// cell of each is kept in `broken` (the ids of rows with problems).
    pub fn read(path: &Path, columns: &[&str]) -> Result<(Table, Vec<Located>), Vec<Located>> {
        let source = Source::read(path).map_err(|e| vec![e])?;
        Table::parse_rows(source, columns)
    }

    /// As [`Table::read`], failing on any problem.
    pub fn parse(source: Source, columns: &[&str]) -> Result<Table, Vec<Located>> {
        match Table::parse_rows(source, columns)? {
            (table, errors) if errors.is_empty() => Ok(table),
            (_, errors) => Err(errors),
        }
    }

    fn parse_rows(source: Source, columns: &[&str]) -> Result<(Table, Vec<Located>), Vec<Located>> {
        let mut errors = Vec::new();
        let mut broken = Vec::new();
        let mut header: Option<Vec<Cell>> = None;
        let mut rows = Vec::new();
        let mut offset = 0;
        for line in source.text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            let trimmed = content.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let cells = match split_line(content, start) {
                Ok(cells) => cells,
                Err(at) => {
                    errors.push(source.error(
                        at,
                        "unterminated quoted cell (a cell may not span lines; close the quote on this line)",
                    ));
                    continue;
                }
            };
            match &header {
                None => {
                    let names: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
                    if names != columns {
                        errors.push(
                            source
                                .error(start, format!("the header row is `{}`", content))
                                .with_help(format!(
                                    "the columns of this table are, in order: {}",
                                    columns.join(",")
                                )),
                        );
                        return Err(errors);
                    }
                    header = Some(cells);
                }
                Some(_) => {
                    if cells.len() != columns.len() {
                        broken.push(cells[0].text.clone());
                        errors.push(
                            source
                                .error(
                                    start,
                                    format!(
                                        "this row has {} cells; the table has {} columns",
                                        cells.len(),
                                        columns.len()
                                    ),
                                )
                                .with_help(
                                    "quote a cell that contains a comma: \"like, this\"; leave empty cells empty",
                                ),
                        );
                        continue;
                    }
                    rows.push(Row { cells });
                }
            }
        }
        if header.is_none() {
            errors.push(
                Located::file(&source.path, "the table has no header row").with_help(format!(
                    "the first row names the columns: {}",
                    columns.join(",")
                )),
            );
            return Err(errors);
        }
        Ok((
            Table {
                path: source.path,
                text: source.text,
                columns: columns.iter().map(|c| (*c).to_owned()).collect(),
                rows,
                broken,
            },
            errors,
        ))
    }

    pub fn source(&self) -> Source {
        Source {
            path: self.path.clone(),
            text: self.text.clone(),
        }
    }

    /// An error about a cell.
    pub fn error(&self, cell: &Cell, message: impl Into<String>) -> Located {
        Located::at(&self.path, &self.text, cell.offset, message)
    }

    /// The cell of a row in the named column.
    pub fn cell<'r>(&self, row: &'r Row, column: &str) -> &'r Cell {
        let index = self
            .columns
            .iter()
            .position(|c| c == column)
            .unwrap_or_else(|| panic!("internal error: no column `{column}`"));
        &row.cells[index]
    }
}

/// Splits one line into cells with csv-core (quotes, doubled quotes), noting
/// where each cell starts. `Err` holds the offset of an unterminated quote.
fn split_line(line: &str, line_offset: usize) -> Result<Vec<Cell>, usize> {
    use csv_core::ReadFieldResult;
    let mut reader = csv_core::Reader::new();
    let input = line.as_bytes();
    let mut output = vec![0u8; line.len() + 1];
    let mut cells = Vec::new();
    let mut pos = 0;
    loop {
        let start = pos;
        let (mut result, nin, mut nout) = reader.read_field(&input[pos..], &mut output);
        pos += nin;
        if matches!(result, ReadFieldResult::InputEmpty) {
            // The line is all read: an empty input ends the record.
            let (end, _, more) = reader.read_field(&[], &mut output[nout..]);
            result = end;
            nout += more;
        }
        let raw = &input[start..pos];
        let leading = raw.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
        if raw.first() == Some(&b'"') && !balanced_quote(raw) {
            return Err(line_offset + start);
        }
        cells.push(Cell {
            text: String::from_utf8_lossy(&output[..nout]).trim().to_owned(),
            offset: line_offset + start + leading,
        });
        match result {
            ReadFieldResult::Field { record_end: false } => {}
            _ => return Ok(cells),
        }
    }
}

/// Whether a quoted cell's raw text closes its quote.
fn balanced_quote(raw: &[u8]) -> bool {
    let raw = match raw.last() {
        Some(b',') => &raw[..raw.len() - 1],
        _ => raw,
    };
    let raw = raw.trim_ascii_end();
    raw.len() >= 2 && raw.ends_with(b"\"") && raw.iter().filter(|b| **b == b'"').count() % 2 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Table, Vec<Located>> {
        Table::parse(
            Source {
                path: "t.csv".into(),
                text: text.into(),
            },
            &["a", "b", "c"],
        )
    }

    #[test]
    fn cells_keep_their_positions() {
        let text = "# comment\na,b,c\n1,\"x, y\",\n\n  # another\nlast,\"say \"\"hi\"\"\",3\n";
        let table = parse(text).expect("parses");
        assert_eq!(table.rows.len(), 2);
        let texts: Vec<&str> = table.rows[0]
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, ["1", "x, y", ""]);
        assert_eq!(&text[table.rows[0].cells[1].offset..][..6], "\"x, y\"");
        let error = table.error(&table.rows[1].cells[1], "here");
        assert_eq!((error.line, error.column), (6, 6));
        assert_eq!(table.rows[1].cells[1].text, "say \"hi\"");
    }

    #[test]
    fn wrong_rows_are_located() {
        let errors = parse("a,b,c\n1,2\n\"open,3,4\n").expect_err("bad rows");
        let at: Vec<(u32, u32)> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, [(2, 1), (3, 1)]);
        let errors = parse("x,y,z\n").expect_err("bad header");
        assert!(
            errors[0].message.contains("header"),
            "{}",
            errors[0].message
        );
    }
}
