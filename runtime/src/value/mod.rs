//! Values of XSD simple types: the [`SimpleValue`] trait, whitespace handling,
//! and the Rust types of the built-in types that have no plain Rust equivalent.

mod binary;
mod number;
mod string;
mod temporal;

pub use binary::{Base64Binary, HexBinary, parse_base64, parse_hex, write_base64, write_hex};
pub use number::{
    NegativeInteger, NonPositiveInteger, PositiveInteger, decimal_digits, parse_decimal,
    parse_float, parse_int, parse_integer_text, parse_unsigned, write_decimal,
};
pub use string::{
    AnySimpleType, AnyUri, Duration, GDay, GMonth, GMonthDay, GYear, GYearMonth, Id, IdRef, IdRefs,
    Language, Name, NcName, NmToken, NmTokens, NormalizedString, Token, check_builtin_string,
};
pub use temporal::{Date, DateTime, Time, Timezone};

pub use bigdecimal::BigDecimal;
pub use num_bigint::{BigInt, BigUint};

use std::borrow::Cow;

use crate::error::ValueError;

/// The `whiteSpace` facet: how character data is normalised before it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhiteSpace {
    /// Kept as written (`xs:string`).
    Preserve,
    /// Tabs, line feeds and carriage returns become spaces (`xs:normalizedString`).
    Replace,
    /// As `Replace`, then runs of spaces become one and leading and trailing
    /// spaces are removed (every other built-in type).
    Collapse,
}

/// A value of an XSD simple type.
pub trait SimpleValue: Sized {
    /// How the character data is normalised before [`SimpleValue::parse_lexical`].
    const WHITE_SPACE: WhiteSpace;

    /// The type's name in its schema, which `xsi:type` may give (`None` for
    /// an anonymous type).
    const XSD_TYPE: Option<crate::xml::TypeName> = None;

    /// Parses a value from whitespace-normalised character data, checking every
    /// facet of the type.
    fn parse_lexical(text: &str) -> Result<Self, ValueError>;

    /// Writes the value's canonical lexical form.
    fn write_lexical(&self, out: &mut String);

    /// Normalises `raw` character data and parses it.
    fn parse(raw: &str) -> Result<Self, ValueError> {
        Self::parse_lexical(&normalize(raw, Self::WHITE_SPACE))
    }

    /// The canonical lexical form as a string.
    fn to_lexical(&self) -> String {
        let mut out = String::new();
        self.write_lexical(&mut out);
        out
    }
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Whether any byte is a tab, line feed or carriage return (one pass the
/// compiler vectorises; values such as firmware images run to megabytes).
fn has_tab_or_newline(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |found, &b| {
        found | matches!(b, b'\t' | b'\n' | b'\r')
    })
}

/// Applies a `whiteSpace` facet; borrows when nothing changes.
pub fn normalize(raw: &str, white_space: WhiteSpace) -> Cow<'_, str> {
    match white_space {
        WhiteSpace::Preserve => Cow::Borrowed(raw),
        WhiteSpace::Replace => {
            if has_tab_or_newline(raw.as_bytes()) {
                Cow::Owned(raw.replace(['\t', '\n', '\r'], " "))
            } else {
                Cow::Borrowed(raw)
            }
        }
        WhiteSpace::Collapse => {
            let bytes = raw.as_bytes();
            // The common case: no whitespace at all, nor any other byte up
            // to `b' '`; eight bytes at a time, without a byte-by-byte tail.
            if crate::chars::until_blank_len(bytes) == bytes.len() {
                return Cow::Borrowed(raw);
            }
            let trimmed = raw.trim_matches(is_xml_space);
            // A tab, line feed or carriage return, or two spaces in a row.
            let bytes = trimmed.as_bytes();
            let needs_work =
                has_tab_or_newline(bytes) || bytes.windows(2).any(|pair| pair == b"  ");
            if !needs_work {
                return Cow::Borrowed(trimmed);
            }
            let mut out = String::with_capacity(trimmed.len());
            let mut space = false;
            for c in trimmed.chars() {
                if is_xml_space(c) {
                    space = true;
                } else {
                    if space {
                        out.push(' ');
                        space = false;
                    }
                    out.push(c);
                }
            }
            Cow::Owned(out)
        }
    }
}

impl SimpleValue for String {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Preserve;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("string"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        Ok(text.to_owned())
    }

    fn write_lexical(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl SimpleValue for bool {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("boolean"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        parse_bool(text)
    }

    fn write_lexical(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

/// `xs:boolean`: `true`, `false`, `1` or `0`.
pub fn parse_bool(text: &str) -> Result<bool, ValueError> {
    match text {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(ValueError::lexical(text, "xs:boolean")),
    }
}

/// A decimal's canonical text (for messages).
pub fn decimal_text(value: &BigDecimal) -> String {
    let mut out = String::new();
    write_decimal(value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_facets() {
        assert_eq!(normalize(" a\tb ", WhiteSpace::Preserve), " a\tb ");
        assert_eq!(normalize(" a\tb\r\n", WhiteSpace::Replace), " a b  ");
        assert_eq!(
            normalize(" \n a \t\t b  c\r\n", WhiteSpace::Collapse),
            "a b c"
        );
        assert!(matches!(
            normalize("a b", WhiteSpace::Collapse),
            Cow::Borrowed("a b")
        ));
        assert!(matches!(
            normalize("  ab ", WhiteSpace::Collapse),
            Cow::Borrowed("ab")
        ));
    }

    #[test]
    fn booleans() {
        assert_eq!(bool::parse(" true\n"), Ok(true));
        assert_eq!(bool::parse("0"), Ok(false));
        assert!(bool::parse("TRUE").is_err());
        assert!(bool::parse("yes").is_err());
        assert_eq!(true.to_lexical(), "true");
    }
}
