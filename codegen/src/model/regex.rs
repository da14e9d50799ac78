//! The abstract syntax of XML Schema regular expressions (XSD 1.0 Part 2,
//! appendix F). Patterns are implicitly anchored: a value matches when the
//! whole value is matched.

/// `regExp ::= branch ( '|' branch )*`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regex {
    pub branches: Vec<Branch>,
}

/// `branch ::= piece*`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    pub pieces: Vec<Piece>,
}

/// `piece ::= atom quantifier?`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub atom: Atom,
    pub min: u32,
    /// `None` for no upper bound.
    pub max: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    Char(char),
    /// `.`: any character except line feed and carriage return.
    AnyChar,
    Class(CharClass),
    Group(Regex),
}

/// A character class: `[...]`, `[^...]`, a subtraction, or a class escape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CharClass {
    Set {
        negated: bool,
        items: Vec<ClassItem>,
    },
    /// `[group-[subtracted]]`
    Subtract(Box<CharClass>, Box<CharClass>),
    Escape(ClassEscape),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassItem {
    Range(char, char),
    Escape(ClassEscape),
}

/// Multi-character and property escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassEscape {
    /// `\s` / `\S`: XML whitespace (space, tab, line feed, carriage return).
    Space { negated: bool },
    /// `\i` / `\I`: characters that may start an XML name.
    NameStart { negated: bool },
    /// `\c` / `\C`: characters that may appear in an XML name.
    NameChar { negated: bool },
    /// `\d` / `\D`: Unicode decimal digits (category Nd).
    Digit { negated: bool },
    /// `\w` / `\W`: anything but punctuation, separators and "other" characters.
    Word { negated: bool },
    /// `\p{..}` / `\P{..}` with a general category such as `L` or `Nd`.
    Category { name: String, negated: bool },
    /// `\p{Is..}` / `\P{Is..}` with a Unicode block name.
    Block { name: String, negated: bool },
}
