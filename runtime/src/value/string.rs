//! The built-in string types other than `xs:string` (which is [`String`]),
//! and the built-in types DUIS does not use, which only `xsi:type` in
//! wildcard content can name (lists, `xs:duration`, the `xs:g*` types).
//! Each is a `String` that is known to be in the type's value space.

use std::fmt;

use super::{SimpleValue, WhiteSpace, temporal};
use crate::chars;
use crate::error::ValueError;

macro_rules! string_type {
    ($(#[$doc:meta])* $name:ident, $xsd:literal, $ws:expr, $check:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Checks that `value` is in the type's value space.
            pub fn new(value: impl Into<String>) -> Result<Self, ValueError> {
                let value = value.into();
                if super::normalize(&value, $ws) != value.as_str() {
                    return Err(ValueError::new(format!(
                        "{} is not a valid {} (whitespace)",
                        crate::error::quote(&value),
                        $xsd
                    )));
                }
                let check: fn(&str) -> bool = $check;
                if !check(&value) {
                    return Err(ValueError::lexical(&value, $xsd));
                }
                Ok($name(value))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl SimpleValue for $name {
            const WHITE_SPACE: WhiteSpace = $ws;
            const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs_prefixed($xsd));

            fn parse_lexical(text: &str) -> Result<Self, ValueError> {
                let check: fn(&str) -> bool = $check;
                if check(text) {
                    Ok($name(text.to_owned()))
                } else {
                    Err(ValueError::lexical(text, $xsd))
                }
            }

            fn write_lexical(&self, out: &mut String) {
                out.push_str(&self.0);
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_type!(
    /// `xs:anySimpleType`: any character data, kept as written.
    AnySimpleType, "xs:anySimpleType", WhiteSpace::Preserve, |_| true
);
string_type!(
    /// `xs:normalizedString`: no tabs, line feeds or carriage returns.
    NormalizedString, "xs:normalizedString", WhiteSpace::Replace, |_| true
);
string_type!(
    /// `xs:token`: no leading, trailing or repeated spaces.
    Token, "xs:token", WhiteSpace::Collapse, |_| true
);
string_type!(
    /// `xs:language`: a language tag such as `en-GB`.
    Language, "xs:language", WhiteSpace::Collapse, is_language
);
string_type!(
    /// `xs:Name`: an XML name.
    Name, "xs:Name", WhiteSpace::Collapse, chars::is_xsd_name
);
string_type!(
    /// `xs:NCName`: an XML name without colons.
    NcName, "xs:NCName", WhiteSpace::Collapse, chars::is_xsd_ncname
);
string_type!(
    /// `xs:NMTOKEN`: one or more XML name characters.
    NmToken, "xs:NMTOKEN", WhiteSpace::Collapse, chars::is_xsd_nmtoken
);
string_type!(
    /// `xs:ID`: an NCName unique among the IDs of a document.
    Id, "xs:ID", WhiteSpace::Collapse, chars::is_xsd_ncname
);
string_type!(
    /// `xs:IDREF`: an NCName.
    IdRef, "xs:IDREF", WhiteSpace::Collapse, chars::is_xsd_ncname
);
string_type!(
    /// `xs:anyURI`: a URI reference.
    AnyUri, "xs:anyURI", WhiteSpace::Collapse, is_any_uri
);
string_type!(
    /// `xs:NMTOKENS`: one or more `xs:NMTOKEN`s, separated by spaces.
    NmTokens, "xs:NMTOKENS", WhiteSpace::Collapse, |v| is_list_of(v, chars::is_xsd_nmtoken)
);
string_type!(
    /// `xs:IDREFS`: one or more `xs:IDREF`s, separated by spaces.
    IdRefs, "xs:IDREFS", WhiteSpace::Collapse, |v| is_list_of(v, chars::is_xsd_ncname)
);
string_type!(
    /// `xs:duration`, such as `P1Y2M3DT4H5M6.7S`, kept as written.
    Duration, "xs:duration", WhiteSpace::Collapse, temporal::is_duration
);
string_type!(
    /// `xs:gYearMonth`, such as `2024-05`, kept as written.
    GYearMonth, "xs:gYearMonth", WhiteSpace::Collapse, temporal::is_g_year_month
);
string_type!(
    /// `xs:gYear`, such as `2024`, kept as written.
    GYear, "xs:gYear", WhiteSpace::Collapse, temporal::is_g_year
);
string_type!(
    /// `xs:gMonthDay`, such as `--05-31`, kept as written.
    GMonthDay, "xs:gMonthDay", WhiteSpace::Collapse, temporal::is_g_month_day
);
string_type!(
    /// `xs:gDay`, such as `---31`, kept as written.
    GDay, "xs:gDay", WhiteSpace::Collapse, temporal::is_g_day
);
string_type!(
    /// `xs:gMonth`, such as `--05`, kept as written.
    GMonth, "xs:gMonth", WhiteSpace::Collapse, temporal::is_g_month
);

/// A list type's lexical space (XML Schema Part 2, 2.5.1.2): items
/// separated by single spaces (the value is collapsed), at least one (the
/// `minLength` of 1 that `xs:NMTOKENS` and `xs:IDREFS` have, 3.3.5, 3.3.10).
fn is_list_of(value: &str, item: fn(&str) -> bool) -> bool {
    !value.is_empty() && value.split(' ').all(item)
}

/// `xs:anyURI` (XML Schema Part 2, 3.2.17): after the characters a URI may
/// not hold are escaped (as XLink's algorithm does: spaces, non-ASCII and
/// `<>"{}|\^\``), the value must be a URI reference. An escaped character is
/// taken as `_`, which is valid wherever `%HH` is; libxml2 does the same.
pub fn is_any_uri(value: &str) -> bool {
    plain_absolute_uri(value).unwrap_or_else(|| uri_reference(value))
}

/// The full check: XLink escaping, then RFC 3986 `URI-reference`.
fn uri_reference(value: &str) -> bool {
    let escaped: String = value
        .chars()
        .map(|c| {
            let escape = !(' '..='~').contains(&c) || " <>\"{}|\\^`'".contains(c);
            if escape { '_' } else { c }
        })
        .collect();
    iri_string::validate::iri_reference::<iri_string::spec::UriSpec>(&escaped).is_ok()
}

/// A quick answer for the common shape of `xs:anyURI` values (absolute URIs
/// such as `http://www.w3.org/2001/10/xml-exc-c14n#` and the empty string):
/// `Some(true)` when the value is certainly a URI reference, `None` when the
/// full RFC 3986 check is needed.
fn plain_absolute_uri(value: &str) -> Option<bool> {
    // Each byte is looked at once, its class one load from a table (the
    // values mix all classes of byte, and a chain of comparisons
    // mispredicts); no searches are set up: the values are short, and there
    // are several in every signed message.
    let bytes = value.as_bytes();
    let class = |i: usize| bytes.get(i).map_or(0, |&b| URI_BYTE[usize::from(b)]);
    if bytes.is_empty() {
        return Some(true);
    }
    // The scheme: a letter, then letters, digits, `+`, `-` or `.`, up to
    // the first colon.
    if !bytes[0].is_ascii_alphabetic() {
        return None;
    }
    let mut i = 1;
    while class(i) & SCHEME != 0 {
        i += 1;
    }
    if bytes.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    if bytes[i..].starts_with(b"//") {
        // The authority, up to `/`, `?`, `#` or the end: `[userinfo@]host
        // [:port]`, one `@` at most, and after it one colon at most (a
        // reg-name has none) followed by digits only.
        i += 2;
        let mut at = false;
        let mut colons = 0;
        let mut port_digits = true;
        while i < bytes.len() {
            let c = class(i);
            if c & HOST != 0 {
                port_digits &= bytes[i].is_ascii_digit();
            } else if c & AUTHORITY_END != 0 {
                break;
            } else {
                match bytes[i] {
                    b'@' if at => return None,
                    b'@' => (at, colons, port_digits) = (true, 0, true),
                    b':' => (colons, port_digits) = (colons + 1, true),
                    _ => return None,
                }
            }
            i += 1;
        }
        // Colons before the `@` belong to the userinfo.
        if colons > 1 || (colons == 1 && !port_digits) {
            return None;
        }
    }
    // The path and the query (`pchar`s, `/` and `?`), then at most one `#`
    // and the fragment (the same bytes).
    let mut fragment = false;
    for &b in &bytes[i..] {
        if URI_BYTE[usize::from(b)] & PLAIN == 0 {
            if b != b'#' || fragment {
                return None;
            }
            fragment = true;
        }
    }
    Some(true)
}

/// In [`URI_BYTE`]: a byte of a scheme after its first letter.
const SCHEME: u8 = 1;
/// In [`URI_BYTE`]: RFC 3986 `pchar` without `%`, plus `/` and `?`: bytes
/// that need no escaping and no percent-encoding.
const PLAIN: u8 = 2;
/// In [`URI_BYTE`]: a byte that ends an authority.
const AUTHORITY_END: u8 = 4;
/// In [`URI_BYTE`]: a [`PLAIN`] byte that neither ends an authority nor
/// delimits its parts (`@`, `:`).
const HOST: u8 = 8;

/// The classes of each byte in an `xs:anyURI` value.
const URI_BYTE: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.') {
            table[b] |= SCHEME;
        }
        if c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
                    | b'?'
            )
        {
            table[b] |= PLAIN;
        }
        if matches!(c, b'/' | b'?' | b'#') {
            table[b] |= AUTHORITY_END;
        } else if table[b] & PLAIN != 0 && !matches!(c, b'@' | b':') {
            table[b] |= HOST;
        }
        b += 1;
    }
    table
};

/// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`
fn is_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or_default();
    let ok = |p: &str, alpha_only: bool| {
        (1..=8).contains(&p.len())
            && p.bytes().all(|b| {
                if alpha_only {
                    b.is_ascii_alphabetic()
                } else {
                    b.is_ascii_alphanumeric()
                }
            })
    };
    ok(first, true) && parts.all(|p| ok(p, false))
}

/// The lexical check of a built-in string type, by its XSD local name (for
/// generated types that restrict one).
pub fn check_builtin_string(type_name: &str, value: &str) -> Result<(), ValueError> {
    let ok = match type_name {
        "language" => is_language(value),
        "Name" => chars::is_xsd_name(value),
        "NCName" | "ID" | "IDREF" => chars::is_xsd_ncname(value),
        "NMTOKEN" => chars::is_xsd_nmtoken(value),
        "anyURI" => is_any_uri(value),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(ValueError::lexical(value, &format!("xs:{type_name}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_checks() {
        assert!(Language::parse("en-GB").is_ok());
        assert!(Language::parse("englishlanguage-x").is_err());
        assert!(Language::parse("en-123456789").is_err());
        assert!(NcName::parse(" a1 ").is_ok());
        assert!(NcName::parse("a:b").is_err());
        assert!(Id::parse("1abc").is_err());
        assert_eq!(Token::parse("  a \n b ").unwrap().as_str(), "a b");
        assert!(Token::new(" a").is_err());
        assert_eq!(NormalizedString::parse("a\tb").unwrap().as_str(), "a b");
        assert!(NmToken::parse("").is_err());
        assert!(AnyUri::parse("http://www.w3.org/2001/10/xml-exc-c14n#").is_ok());
        assert!(AnyUri::parse("").is_ok());
        assert!(AnyUri::parse("a b/é").is_ok(), "escaped as XLink does");
        assert!(AnyUri::parse("http://a#b#c").is_err(), "two fragments");
        assert!(
            AnyUri::parse("2024-01-01T00:00:00Z").is_err(),
            "a colon in the first segment"
        );
        assert!(AnyUri::parse("100%").is_err());
        assert!(
            AnyUri::parse("http://a:b/").is_err(),
            "a port must be digits"
        );
        assert!(AnyUri::parse("http://a:80/p?q#f").is_ok());
        assert!(AnyUri::parse("urn:x:y").is_ok());
        for value in [
            "http://h/p#a",
            "a:b",
            "http://u@h:1/x",
            "mailto:a@b",
            "http://[::1]/",
            "x:%41",
            "x:y#z#w",
            "http://a@b@c/",
            "http://a@b/c@d",
            "http://h:/",
            "http://h:8a/",
            "http://h?x:y",
            "http://h#x:y",
            "h+t-t.p://x",
            "1a:b",
            "+a:b",
            "a",
            "ab/c:d",
            ":",
            "a:",
            "a:#",
            "a:##",
            "a://",
            "a://@",
            "a://@@",
            "a://u@h:99/p/q?r=s&t#f/g?h",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            "a b:c",
            "a:b c",
            "a:b%20",
            "a:[x]",
        ] {
            if let Some(quick) = plain_absolute_uri(value) {
                assert_eq!(quick, uri_reference(value), "{value}");
            }
        }
        // The algorithm URIs of a DUIS signature, and other plain shapes,
        // take the quick way.
        for value in [
            "",
            "http://www.w3.org/2001/10/xml-exc-c14n#",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
            "http://www.w3.org/2001/04/xmlenc#sha256",
            "urn:x:y",
            "a://u:p@h:99/p/q?r=s&t#f/g?h",
        ] {
            assert_eq!(plain_absolute_uri(value), Some(true), "{value}");
        }
        // Every printable ASCII byte (and two non-ASCII characters) after a
        // scheme, alone and in random mixes with `/`, `#`, `@` and `:`.
        let mut state = 0x5851_F42D_4C95_7F2Du64;
        let mut alphabet: Vec<char> = (' '..='~').collect();
        alphabet.extend(['é', '€']);
        for c in &alphabet {
            for value in [
                format!("a:{c}"),
                format!("http://h/{c}x"),
                format!("a:b#{c}"),
            ] {
                if let Some(quick) = plain_absolute_uri(&value) {
                    assert_eq!(quick, uri_reference(&value), "{value}");
                }
            }
        }
        for _ in 0..20_000 {
            let mut value = String::from(if state.is_multiple_of(2) {
                "a:"
            } else {
                "http://"
            });
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let pick = (state % (alphabet.len() as u64 + 8)) as usize;
                value.push(
                    *alphabet
                        .get(pick)
                        .unwrap_or(&['/', '#', '@', ':'][pick % 4]),
                );
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            if let Some(quick) = plain_absolute_uri(&value) {
                assert_eq!(quick, uri_reference(&value), "{value}");
            }
        }
    }
}
