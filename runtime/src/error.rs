//! Errors of decoding: where in the document (an element path) and why.

use std::fmt;

/// Why a document was not accepted: the element path where the problem was
/// found, what the problem is, and the position in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Details>);

/// Boxed, so that a `Result` of a small value stays small on the decoding path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    path: String,
    reason: Reason,
    position: Option<(u32, u32)>,
}

/// What was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// The text is not well-formed XML (or is XML this decoder refuses, such as a DTD).
    Syntax(String),
    /// A resource bound was exceeded.
    Limit(String),
    /// An element that is not allowed where it is.
    UnexpectedElement {
        found: String,
        expected: String,
    },
    /// A required element is missing.
    MissingElement {
        expected: String,
    },
    /// Character data where the content model allows only elements.
    UnexpectedText,
    /// An element that has simple content holds child elements.
    ChildInSimpleContent {
        found: String,
    },
    UnknownAttribute(String),
    MissingAttribute(String),
    InvalidAttribute {
        name: String,
        error: ValueError,
    },
    InvalidValue(ValueError),
    /// The document's root element is not one this decoder handles.
    WrongRoot {
        found: String,
        expected: String,
    },
    /// The `schemaVersion` names no supported DUIS version.
    UnsupportedVersion(String),
    /// Anything else, in words.
    Other(String),
}

impl DecodeError {
    pub fn new(path: impl Into<String>, reason: Reason) -> Self {
        DecodeError(Box::new(Details {
            path: path.into(),
            reason,
            position: None,
        }))
    }

    pub(crate) fn at(mut self, position: Option<(u32, u32)>) -> Self {
        if self.0.position.is_none() {
            self.0.position = position;
        }
        self
    }

    /// The element path, e.g. `/sr:Request/sr:Header/sr:RequestID`; `/` for the
    /// document itself.
    pub fn path(&self) -> &str {
        if self.0.path.is_empty() {
            "/"
        } else {
            &self.0.path
        }
    }

    pub fn reason(&self) -> &Reason {
        &self.0.reason
    }

    /// Line and column (one-based) where the problem was found, when known.
    pub fn position(&self) -> Option<(u32, u32)> {
        self.0.position
    }

    /// Puts `prefix` in front of the path (for documents decoded inside others).
    pub fn nested_in(mut self, prefix: &str) -> Self {
        self.0.path = format!("{prefix}{}", self.0.path);
        self.0.position = None;
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.0.reason)?;
        if let Some((line, column)) = self.0.position {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Syntax(m) => write!(f, "not well-formed XML: {m}"),
            Reason::Limit(m) => write!(f, "limit exceeded: {m}"),
            Reason::UnexpectedElement { found, expected } => {
                write!(f, "unexpected element `{found}`; expected {expected}")
            }
            Reason::MissingElement { expected } => write!(f, "missing {expected}"),
            Reason::UnexpectedText => {
                f.write_str("character data is not allowed here (element-only content)")
            }
            Reason::ChildInSimpleContent { found } => write!(
                f,
                "element `{found}` is not allowed: this element holds a simple value"
            ),
            Reason::UnknownAttribute(name) => write!(f, "attribute `{name}` is not allowed here"),
            Reason::MissingAttribute(name) => write!(f, "missing required attribute `{name}`"),
            Reason::InvalidAttribute { name, error } => write!(f, "attribute `{name}`: {error}"),
            Reason::InvalidValue(e) => write!(f, "{e}"),
            Reason::WrongRoot { found, expected } => {
                write!(f, "the root element is `{found}`; expected {expected}")
            }
            Reason::UnsupportedVersion(m) => f.write_str(m),
            Reason::Other(m) => f.write_str(m),
        }
    }
}

/// A value that is not in a simple type's lexical or value space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    message: String,
}

impl ValueError {
    pub fn new(message: impl Into<String>) -> Self {
        ValueError {
            message: message.into(),
        }
    }

    /// "`text` is not a valid xs:type" with the text shortened when long.
    pub fn lexical(text: &str, type_name: &str) -> Self {
        ValueError::new(format!("{} is not a valid {type_name}", quote(text)))
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValueError {}

/// Quotes a value for a message, shortening long values (a firmware image is
/// megabytes of text).
/// A name from the document as an error shows it: at most 80 characters (a
/// hostile document may carry names of megabytes).
pub(crate) fn clip(name: &str) -> String {
    clip_to(name, 80)
}

/// At most `max` characters of `text`, `…` marking a cut.
pub(crate) fn clip_to(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

pub fn quote(text: &str) -> String {
    const MAX: usize = 80;
    let count = text.chars().count();
    if count <= MAX {
        format!("`{}`", escape_controls(text))
    } else {
        format!(
            "`{}` ({count} characters)",
            escape_controls(&clip_to(text, MAX))
        )
    }
}

/// `text` with control characters (newlines, tabs…) written as escapes
/// (`\n`, `\t`, `\u{1}`), so that a message stays on one line.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}
