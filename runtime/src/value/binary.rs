//! `xs:hexBinary` and `xs:base64Binary`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{SimpleValue, WhiteSpace};
use crate::error::ValueError;

/// Octets written as hexadecimal digits (`xs:hexBinary`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HexBinary(pub Vec<u8>);

/// Octets written in base64 (`xs:base64Binary`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64Binary(pub Vec<u8>);

/// Parses `xs:hexBinary`: an even number of hexadecimal digits.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, ValueError> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return Err(ValueError::new(format!(
            "{} is not a valid xs:hexBinary (odd number of digits)",
            crate::error::quote(text)
        )));
    }
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(|| ValueError::lexical(text, "xs:hexBinary"))
}

/// Writes octets as upper-case hexadecimal digits (the canonical form).
pub fn write_hex(octets: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(octets.len() * 2);
    for b in octets {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
}

/// Parses `xs:base64Binary` (after whitespace collapsing): groups of four
/// base64 characters, optionally separated by single spaces, with canonical
/// padding.
pub fn parse_base64(text: &str) -> Result<Vec<u8>, ValueError> {
    // The common case, one group after another without spaces: the decoder
    // checks every character and the padding itself (its alphabet is exactly
    // the base64 characters), so a valid value is read in one pass; the scans
    // below only find the words for an error.
    //
    // The octets go into a vector of the decoder's estimate allocated
    // beforehand: `Engine::decode` allocates a zeroed one, by a call to the
    // allocator that no other value makes (its code misses the instruction
    // cache, call after call).
    if memchr::memchr(b' ', text.as_bytes()).is_none() {
        let mut octets = Vec::with_capacity(base64::decoded_len_estimate(text.len()));
        if STANDARD.decode_vec(text, &mut octets).is_ok() {
            return Ok(octets);
        }
    }
    let invalid = || ValueError::lexical(text, "xs:base64Binary");
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | ' ')))
    {
        return Err(ValueError::new(format!(
            "{} is not a valid xs:base64Binary: `{c}` is not a base64 character",
            crate::error::quote(text)
        )));
    }
    if !text.contains(' ') {
        return STANDARD.decode(text).map_err(|_| invalid());
    }
    if text.contains("  ") {
        return Err(invalid());
    }
    let compact: String = text.chars().filter(|&c| c != ' ').collect();
    STANDARD.decode(compact).map_err(|_| invalid())
}

/// Writes octets in base64, on one line.
pub fn write_base64(octets: &[u8], out: &mut String) {
    STANDARD.encode_string(octets, out);
}

impl SimpleValue for HexBinary {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("hexBinary"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        parse_hex(text).map(HexBinary)
    }

    fn write_lexical(&self, out: &mut String) {
        write_hex(&self.0, out);
    }
}

impl SimpleValue for Base64Binary {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("base64Binary"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        parse_base64(text).map(Base64Binary)
    }

    fn write_lexical(&self, out: &mut String) {
        write_base64(&self.0, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex() {
        assert_eq!(HexBinary::parse(" 0a1B ").unwrap().0, vec![0x0a, 0x1b]);
        assert_eq!(HexBinary(vec![0x8f, 0x66]).to_lexical(), "8F66");
        assert!(HexBinary::parse("abc").is_err());
        assert!(HexBinary::parse("zz").is_err());
        assert_eq!(HexBinary::parse("").unwrap().0, Vec::<u8>::new());
    }

    #[test]
    fn base64() {
        assert_eq!(Base64Binary::parse("ZGVmYXVsdA==").unwrap().0, b"default");
        // Line breaks (and a character reference to CR) become single spaces.
        assert_eq!(
            Base64Binary::parse("ZGVm\r\nYXVs dA==").unwrap().0,
            b"default"
        );
        assert!(Base64Binary::parse("ZGVmYXVsdA=").is_err());
        assert!(
            Base64Binary::parse("ZGVmYXVsdB==").is_err(),
            "non-zero trailing bits"
        );
        // Refused by the one-pass decoder, explained by the scan after it.
        let error = Base64Binary::parse("ZG!m").unwrap_err();
        assert!(
            error.message().contains("`!` is not a base64 character"),
            "{error}"
        );
        assert!(Base64Binary::parse("ZGVm\u{e9}XVsdA==").is_err());
        assert!(Base64Binary::parse("ZGVmYXVsdA").is_err(), "no padding");
        assert!(Base64Binary::parse("ZGVmYXVsdA==ZGVm").is_err());
        assert_eq!(
            Base64Binary(b"default".to_vec()).to_lexical(),
            "ZGVmYXVsdA=="
        );
    }
}
