//! Translating XSD regular expressions into the syntax of the `regex` crate.

use crate::model::regex::{Atom, CharClass, ClassEscape, ClassItem, Regex};

/// The `regex` crate expression matching exactly the values an XSD pattern
/// accepts (XSD patterns are anchored at both ends). `Err` names what has no
/// translation.
pub fn translate(regex: &Regex) -> Result<String, String> {
    let mut out = String::from(r"\A(?:");
    write_regex(regex, &mut out)?;
    out.push_str(r")\z");
    Ok(out)
}

fn write_regex(regex: &Regex, out: &mut String) -> Result<(), String> {
    for (i, branch) in regex.branches.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        for piece in &branch.pieces {
            match &piece.atom {
                Atom::Char(c) => write_literal(*c, out),
                Atom::AnyChar => out.push_str(r"[^\n\r]"),
                Atom::Class(class) => write_class(class, out)?,
                Atom::Group(inner) => {
                    out.push_str("(?:");
                    write_regex(inner, out)?;
                    out.push(')');
                }
            }
            match (piece.min, piece.max) {
                (1, Some(1)) => {}
                (0, Some(1)) => out.push('?'),
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (min, None) => out.push_str(&format!("{{{min},}}")),
                (min, Some(max)) if min == max => out.push_str(&format!("{{{min}}}")),
                (min, Some(max)) => out.push_str(&format!("{{{min},{max}}}")),
            }
        }
    }
    Ok(())
}

fn write_literal(c: char, out: &mut String) {
    if "\\.+*?()|[]{}^$#&-~".contains(c) {
        out.push('\\');
        out.push(c);
    } else if c.is_whitespace() || c.is_control() {
        out.push_str(&format!(r"\x{{{:X}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

fn write_class(class: &CharClass, out: &mut String) -> Result<(), String> {
    match class {
        CharClass::Escape(e) => write_escape(e, out),
        CharClass::Set { negated, items } => {
            out.push('[');
            if *negated {
                out.push('^');
            }
            for item in items {
                match item {
                    ClassItem::Range(a, b) if a == b => write_literal(*a, out),
                    ClassItem::Range(a, b) => {
                        write_literal(*a, out);
                        out.push('-');
                        write_literal(*b, out);
                    }
                    ClassItem::Escape(e) => write_escape(e, out)?,
                }
            }
            out.push(']');
            Ok(())
        }
        CharClass::Subtract(from, subtracted) => {
            out.push('[');
            write_class(from, out)?;
            out.push_str("--");
            write_class(subtracted, out)?;
            out.push(']');
            Ok(())
        }
    }
}

/// XML 1.0 (fifth edition) `NameStartChar`, as a class body.
const NAME_START: &str = r":A-Z_a-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{2FF}\x{370}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}";
/// The characters `NameChar` adds to `NameStartChar`.
const NAME_EXTRA: &str = r"\-.0-9\x{B7}\x{300}-\x{36F}\x{203F}-\x{2040}";

fn write_escape(e: &ClassEscape, out: &mut String) -> Result<(), String> {
    let (body, negated) = match e {
        ClassEscape::Space { negated } => (r"\x20\t\n\r".to_owned(), *negated),
        ClassEscape::NameStart { negated } => (NAME_START.to_owned(), *negated),
        ClassEscape::NameChar { negated } => (format!("{NAME_START}{NAME_EXTRA}"), *negated),
        ClassEscape::Digit { negated } => (r"\p{Nd}".to_owned(), *negated),
        ClassEscape::Word { negated } => (r"\p{P}\p{Z}\p{C}".to_owned(), !*negated),
        ClassEscape::Category { name, negated } => (format!(r"\p{{{name}}}"), *negated),
        ClassEscape::Block { name, negated } => (block(name)?.to_owned(), *negated),
    };
    out.push('[');
    if negated {
        out.push('^');
    }
    out.push_str(&body);
    out.push(']');
    Ok(())
}

/// Unicode blocks (`\p{IsBasicLatin}`) by name, for the ones in common use.
fn block(name: &str) -> Result<&'static str, String> {
    Ok(match name {
        "BasicLatin" => r"\x{0}-\x{7F}",
        "Latin-1Supplement" => r"\x{80}-\x{FF}",
        "LatinExtended-A" => r"\x{100}-\x{17F}",
        "LatinExtended-B" => r"\x{180}-\x{24F}",
        "IPAExtensions" => r"\x{250}-\x{2AF}",
        "GreekandCoptic" | "Greek" => r"\x{370}-\x{3FF}",
        "Cyrillic" => r"\x{400}-\x{4FF}",
        "GeneralPunctuation" => r"\x{2000}-\x{206F}",
        "CurrencySymbols" => r"\x{20A0}-\x{20CF}",
        other => {
            return Err(format!(
                "the Unicode block `Is{other}` is not supported in patterns"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::translate;
    use crate::xsd::pattern::parse;

    fn rust(xsd: &str) -> regex::Regex {
        regex::Regex::new(&translate(&parse(xsd).unwrap()).unwrap()).unwrap()
    }

    #[test]
    fn translations_match_like_xsd() {
        let eui = rust("[A-Fa-f0-9]{2}-[A-Fa-f0-9]{2}");
        assert!(eui.is_match("0A-ff"));
        assert!(!eui.is_match("0A-ff-"));
        assert!(!eui.is_match("x0A-ff"));
        let alt = rust("plain|encrypted");
        assert!(alt.is_match("plain") && alt.is_match("encrypted"));
        assert!(!alt.is_match("plainencrypted"));
        let printable = rust("[ -~]+");
        assert!(printable.is_match("Hello, world ~"));
        assert!(!printable.is_match("tab\there"));
        let dollar = rust("a$^");
        assert!(dollar.is_match("a$^"));
        let sub = rust("[a-z-[aeiou]]+");
        assert!(sub.is_match("xyz") && !sub.is_match("xyza"));
        let dot = rust("a.c");
        assert!(dot.is_match("abc") && !dot.is_match("a\nc"));
        let name = rust(r"\i\c*");
        assert!(name.is_match("_a-1") && !name.is_match("1a"));
        let word = rust(r"\w+");
        assert!(word.is_match("abc1") && !word.is_match("a,b"));
    }
}
