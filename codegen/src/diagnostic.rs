//! Errors about input files (schemas, spec tables): each names the file, the
//! line and column, what is wrong, and, where it helps, what to do.

use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// A problem found in an input file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{}:{line}:{column}: {message}", file.display())]
pub struct Located {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[help]
    pub help: Option<String>,
    #[source_code]
    source_code: Option<Arc<NamedSource<String>>>,
    #[label("here")]
    span: Option<SourceSpan>,
}

impl Located {
    /// An error about a file as a whole (it cannot be read, it is not XML, …).
    pub fn file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Located {
            file: file.into(),
            line: 1,
            column: 1,
            message: message.into(),
            help: None,
            source_code: None,
            span: None,
        }
    }

    /// An error at a position of a file's text.
    pub fn at(
        file: impl Into<PathBuf>,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let file = file.into();
        let (line, column) = line_column(text, offset);
        Located {
            source_code: Some(Arc::new(NamedSource::new(
                file.display().to_string(),
                text.to_owned(),
            ))),
            span: Some(SourceSpan::from((offset, 1))),
            file,
            line,
            column,
            message: message.into(),
            help: None,
        }
    }

    /// An error at a line and column of a file.
    pub fn at_line(
        file: impl Into<PathBuf>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Located {
            line,
            column,
            ..Located::file(file, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// One-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
