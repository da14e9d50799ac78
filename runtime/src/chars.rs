//! Character classes of XML 1.0 (fifth edition).

/// `NameStartChar`.
pub fn is_name_start(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// `NameChar`.
pub fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `Name`.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// `NCName`: a name without colons.
pub fn is_ncname(s: &str) -> bool {
    is_name(s) && !s.contains(':')
}

/// `Char`: the characters an XML 1.0 document may contain.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Position of the first character that XML 1.0 does not allow, if any.
pub fn first_invalid_char(s: &str) -> Option<(usize, char)> {
    // In valid UTF-8, only control characters and U+FFFE/U+FFFF (which start
    // with the byte 0xEF) fall outside `Char`. The chunks are checked with
    // branch-free operations the compiler turns into vector instructions.
    let bytes = s.as_bytes();
    let suspicious = |chunk: &[u8]| {
        chunk.iter().fold(0u8, |bad, &b| {
            let control = (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r');
            bad | u8::from(control) | u8::from(b == 0xEF)
        }) != 0
    };
    let first = bytes.chunks(256).position(suspicious)?;
    let start = first * 256;
    let from = s.floor_char_boundary(start);
    s[from..]
        .char_indices()
        .map(|(i, c)| (i + from, c))
        .find(|&(_, c)| !is_xml_char(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_name("sr:Request"));
        assert!(is_ncname("_a-b.c9"));
        assert!(!is_ncname("a:b"));
        assert!(!is_name("9a"));
        assert!(!is_name(""));
        assert!(!is_name("a b"));
    }

    #[test]
    fn xml_chars() {
        assert_eq!(first_invalid_char("ab\tc\u{FFFD}"), None);
        assert_eq!(first_invalid_char("ab\u{1}"), Some((2, '\u{1}')));
        assert_eq!(first_invalid_char("a\u{FFFE}"), Some((1, '\u{FFFE}')));
    }
}
