//! Parser for XML Schema regular expressions (XSD 1.0 Part 2, appendix F).

use crate::model::regex::{Atom, Branch, CharClass, ClassEscape, ClassItem, Piece, Regex};

/// Parses the value of a `pattern` facet. The error gives the character offset
/// in the pattern and what is wrong there.
pub fn parse(source: &str) -> std::result::Result<Regex, (usize, String)> {
    let chars: Vec<char> = source.chars().collect();
    let mut parser = Parser { chars, pos: 0 };
    let regex = parser.regex()?;
    if parser.pos < parser.chars.len() {
        return Err(parser.error("unbalanced `)`"));
    }
    Ok(regex)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

type Result<T> = std::result::Result<T, (usize, String)>;

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn error(&self, message: impl Into<String>) -> (usize, String) {
        (self.pos, message.into())
    }

    fn regex(&mut self) -> Result<Regex> {
        let mut branches = vec![self.branch()?];
        while self.eat('|') {
            branches.push(self.branch()?);
        }
        Ok(Regex { branches })
    }

    fn branch(&mut self) -> Result<Branch> {
        let mut pieces = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let (min, max) = self.quantifier()?;
            pieces.push(Piece { atom, min, max });
        }
        Ok(Branch { pieces })
    }

    fn atom(&mut self) -> Result<Atom> {
        let Some(c) = self.bump() else {
            return Err(self.error("expected an atom"));
        };
        match c {
            '(' => {
                let inner = self.regex()?;
                if !self.eat(')') {
                    return Err(self.error("missing `)`"));
                }
                Ok(Atom::Group(inner))
            }
            '[' => Ok(Atom::Class(self.class_expr()?)),
            '.' => Ok(Atom::AnyChar),
            '\\' => match self.escape()? {
                Escaped::Char(c) => Ok(Atom::Char(c)),
                Escaped::Class(e) => Ok(Atom::Class(CharClass::Escape(e))),
            },
            '?' | '*' | '+' | '{' | '}' | ']' => {
                self.pos -= 1;
                Err(self.error(format!("`{c}` must be escaped here")))
            }
            c => Ok(Atom::Char(c)),
        }
    }

    fn quantifier(&mut self) -> Result<(u32, Option<u32>)> {
        match self.peek() {
            Some('?') => {
                self.pos += 1;
                Ok((0, Some(1)))
            }
            Some('*') => {
                self.pos += 1;
                Ok((0, None))
            }
            Some('+') => {
                self.pos += 1;
                Ok((1, None))
            }
            Some('{') => {
                self.pos += 1;
                let min = self.number()?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                if !self.eat('}') {
                    return Err(self.error("expected `}` closing the quantifier"));
                }
                if max.is_some_and(|max| max < min) {
                    return Err(self.error("quantifier maximum is below its minimum"));
                }
                Ok((min, max))
            }
            _ => Ok((1, Some(1))),
        }
    }

    fn number(&mut self) -> Result<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars[start..self.pos].iter().collect();
        digits
            .parse()
            .map_err(|_| (start, "expected a number in the quantifier".to_owned()))
    }

    /// After `[`: a character group, then `]`.
    fn class_expr(&mut self) -> Result<CharClass> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None => return Err(self.error("missing `]`")),
                Some(']') if !items.is_empty() => {
                    self.pos += 1;
                    return Ok(CharClass::Set { negated, items });
                }
                Some('-') if self.peek_at(1) == Some('[') && !items.is_empty() => {
                    self.pos += 2;
                    let subtracted = self.class_expr()?;
                    if !self.eat(']') {
                        return Err(self.error("a class subtraction must end the group"));
                    }
                    return Ok(CharClass::Subtract(
                        Box::new(CharClass::Set { negated, items }),
                        Box::new(subtracted),
                    ));
                }
                Some(_) => items.push(self.class_item(items.is_empty())?),
            }
        }
    }

    fn class_item(&mut self, first: bool) -> Result<ClassItem> {
        let start = match self.bump() {
            Some('\\') => match self.escape()? {
                Escaped::Char(c) => c,
                Escaped::Class(e) => return Ok(ClassItem::Escape(e)),
            },
            Some('[') => return Err(self.error("`[` must be escaped in a character group")),
            Some('-') if !first && self.peek() != Some(']') => {
                return Err(self.error("`-` must be escaped here"));
            }
            Some(c) => c,
            None => return Err(self.error("missing `]`")),
        };
        if self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | Some('[')) {
            self.pos += 1;
            let end = match self.bump() {
                Some('\\') => match self.escape()? {
                    Escaped::Char(c) => c,
                    Escaped::Class(_) => {
                        return Err(self.error("a range cannot end with a class escape"));
                    }
                },
                Some('[') => return Err(self.error("`[` must be escaped in a range")),
                Some(c) => c,
                None => return Err(self.error("missing `]`")),
            };
            if end < start {
                return Err(self.error(format!("range `{start}-{end}` is reversed")));
            }
            return Ok(ClassItem::Range(start, end));
        }
        Ok(ClassItem::Range(start, start))
    }

    /// After `\`.
    fn escape(&mut self) -> Result<Escaped> {
        let Some(c) = self.bump() else {
            return Err(self.error("pattern ends with `\\`"));
        };
        let class = |e| Ok(Escaped::Class(e));
        match c {
            'n' => Ok(Escaped::Char('\n')),
            'r' => Ok(Escaped::Char('\r')),
            't' => Ok(Escaped::Char('\t')),
            '\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']' | '^' => {
                Ok(Escaped::Char(c))
            }
            's' | 'S' => class(ClassEscape::Space { negated: c == 'S' }),
            'i' | 'I' => class(ClassEscape::NameStart { negated: c == 'I' }),
            'c' | 'C' => class(ClassEscape::NameChar { negated: c == 'C' }),
            'd' | 'D' => class(ClassEscape::Digit { negated: c == 'D' }),
            'w' | 'W' => class(ClassEscape::Word { negated: c == 'W' }),
            'p' | 'P' => {
                if !self.eat('{') {
                    return Err(self.error("expected `{` after `\\p`"));
                }
                let start = self.pos;
                while self.peek().is_some_and(|c| c != '}') {
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                if !self.eat('}') {
                    return Err(self.error("missing `}` after the property name"));
                }
                let negated = c == 'P';
                if let Some(block) = name.strip_prefix("Is") {
                    class(ClassEscape::Block {
                        name: block.to_owned(),
                        negated,
                    })
                } else if is_category(&name) {
                    class(ClassEscape::Category { name, negated })
                } else {
                    Err((start, format!("unknown character property `{name}`")))
                }
            }
            other => {
                self.pos -= 1;
                Err(self.error(format!("unknown escape `\\{other}`")))
            }
        }
    }
}

enum Escaped {
    Char(char),
    Class(ClassEscape),
}

/// The general categories XSD allows in `\p{..}`.
fn is_category(name: &str) -> bool {
    matches!(
        name,
        "L" | "Lu"
            | "Ll"
            | "Lt"
            | "Lm"
            | "Lo"
            | "M"
            | "Mn"
            | "Mc"
            | "Me"
            | "N"
            | "Nd"
            | "Nl"
            | "No"
            | "P"
            | "Pc"
            | "Pd"
            | "Ps"
            | "Pe"
            | "Pi"
            | "Pf"
            | "Po"
            | "Z"
            | "Zs"
            | "Zl"
            | "Zp"
            | "S"
            | "Sm"
            | "Sc"
            | "Sk"
            | "So"
            | "C"
            | "Cc"
            | "Cf"
            | "Co"
            | "Cn"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(items: &[(char, char)]) -> CharClass {
        CharClass::Set {
            negated: false,
            items: items.iter().map(|&(a, b)| ClassItem::Range(a, b)).collect(),
        }
    }

    #[test]
    fn parses_the_duis_patterns() {
        let re = parse("[A-Fa-f0-9]{2}-[0-9 ]+").unwrap();
        let pieces = &re.branches[0].pieces;
        assert_eq!(pieces.len(), 3);
        assert_eq!(
            pieces[0],
            Piece {
                atom: Atom::Class(chars(&[('A', 'F'), ('a', 'f'), ('0', '9')])),
                min: 2,
                max: Some(2)
            }
        );
        assert_eq!(pieces[1].atom, Atom::Char('-'));
        assert_eq!(
            pieces[2].atom,
            Atom::Class(chars(&[('0', '9'), (' ', ' ')]))
        );
        assert_eq!((pieces[2].min, pieces[2].max), (1, None));
        assert_eq!(parse("plain|encrypted").unwrap().branches.len(), 2);
        assert_eq!(
            parse("[ -~]+").unwrap().branches[0].pieces[0].atom,
            Atom::Class(chars(&[(' ', '~')]))
        );
    }

    #[test]
    fn parses_subtraction_escapes_and_groups() {
        let re = parse(r"([a-z-[aeiou]]\d{1,3},)*\p{Lu}\P{IsBasicLatin}.").unwrap();
        let pieces = &re.branches[0].pieces;
        assert!(matches!(&pieces[0].atom, Atom::Group(_)));
        assert_eq!((pieces[0].min, pieces[0].max), (0, None));
        let Atom::Group(group) = &pieces[0].atom else {
            unreachable!()
        };
        assert!(matches!(
            group.branches[0].pieces[0].atom,
            Atom::Class(CharClass::Subtract(_, _))
        ));
        assert_eq!(
            pieces[1].atom,
            Atom::Class(CharClass::Escape(ClassEscape::Category {
                name: "Lu".into(),
                negated: false
            }))
        );
        assert_eq!(
            pieces[2].atom,
            Atom::Class(CharClass::Escape(ClassEscape::Block {
                name: "BasicLatin".into(),
                negated: true
            }))
        );
        assert_eq!(pieces[3].atom, Atom::AnyChar);
        // `^` and `$` are ordinary characters in XSD patterns.
        assert_eq!(
            parse("^$").unwrap().branches[0].pieces[0].atom,
            Atom::Char('^')
        );
        // A dash may open or close a group.
        assert_eq!(
            parse("[-a-]").unwrap().branches[0].pieces[0].atom,
            Atom::Class(chars(&[('-', '-'), ('a', 'a'), ('-', '-')]))
        );
    }

    #[test]
    fn rejects_malformed_patterns_with_a_position() {
        assert_eq!(
            parse("a{2,1}").unwrap_err().1,
            "quantifier maximum is below its minimum"
        );
        assert_eq!(parse("(ab").unwrap_err().1, "missing `)`");
        assert_eq!(parse("ab)").unwrap_err(), (2, "unbalanced `)`".to_owned()));
        assert_eq!(parse("[z-a]").unwrap_err().1, "range `z-a` is reversed");
        assert_eq!(
            parse(r"\q").unwrap_err(),
            (1, "unknown escape `\\q`".to_owned())
        );
        assert_eq!(
            parse("*a").unwrap_err(),
            (0, "`*` must be escaped here".to_owned())
        );
        assert_eq!(
            parse(r"\p{Foo}").unwrap_err().1,
            "unknown character property `Foo`"
        );
        assert!(parse("[abc").is_err());
    }
}
