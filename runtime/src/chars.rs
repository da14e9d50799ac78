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
    // ASCII names (all that DUIS uses) without the classes of the other
    // characters, whose code is large and rarely run.
    if s.is_ascii() {
        let ascii_start = |b: &u8| b.is_ascii_alphabetic() || matches!(b, b'_' | b':');
        let bytes = s.as_bytes();
        return bytes.first().is_some_and(ascii_start)
            && bytes
                .iter()
                .all(|b| ascii_start(b) || b.is_ascii_digit() || matches!(b, b'-' | b'.'));
    }
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// `NCName`: a name without colons.
pub fn is_ncname(s: &str) -> bool {
    is_name(s) && !s.contains(':')
}

/// `Name` as XML Schema 1.0 defines the datatypes `xs:Name`, `xs:NCName`
/// (so `xs:ID`, `xs:IDREF`, `xs:QName`) and `xs:NMTOKEN` (Part 2, 3.3.6 to
/// 3.3.9): with the character classes of XML 1.0 *second* edition
/// (Appendix B), which admit fewer characters than the fifth edition's that
/// element and attribute names follow (U+203F, U+F900 or U+10000, for
/// example, are name characters only in the fifth). libxml2 does the same.
pub fn is_xsd_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_xsd_name_start) && chars.all(is_xsd_name_char)
}

/// `NCName` with the classes of [`is_xsd_name`].
pub fn is_xsd_ncname(s: &str) -> bool {
    is_xsd_name(s) && !s.contains(':')
}

/// `Nmtoken` with the classes of [`is_xsd_name`].
pub fn is_xsd_nmtoken(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_xsd_name_char)
}

fn is_xsd_name_start(c: char) -> bool {
    match c {
        'A'..='Z' | 'a'..='z' | '_' | ':' => true,
        '\0'..='\x7F' => false,
        _ => in_ranges(c, &LETTER_2E),
    }
}

fn is_xsd_name_char(c: char) -> bool {
    match c {
        'A'..='Z' | 'a'..='z' | '0'..='9' | '_' | ':' | '.' | '-' => true,
        '\0'..='\x7F' => false,
        _ => in_ranges(c, &NAME_CHAR_2E),
    }
}

fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let c = u32::from(c);
    ranges
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `Letter` of XML 1.0 (second edition), Appendix B (`BaseChar |
/// Ideographic`), beyond ASCII: inclusive ranges of code points.
#[rustfmt::skip]
const LETTER_2E: [(u32, u32); 202] = [
    (0x00C0, 0x00D6), (0x00D8, 0x00F6), (0x00F8, 0x0131), (0x0134, 0x013E), (0x0141, 0x0148), (0x014A, 0x017E),
    (0x0180, 0x01C3), (0x01CD, 0x01F0), (0x01F4, 0x01F5), (0x01FA, 0x0217), (0x0250, 0x02A8), (0x02BB, 0x02C1),
    (0x0386, 0x0386), (0x0388, 0x038A), (0x038C, 0x038C), (0x038E, 0x03A1), (0x03A3, 0x03CE), (0x03D0, 0x03D6),
    (0x03DA, 0x03DA), (0x03DC, 0x03DC), (0x03DE, 0x03DE), (0x03E0, 0x03E0), (0x03E2, 0x03F3), (0x0401, 0x040C),
    (0x040E, 0x044F), (0x0451, 0x045C), (0x045E, 0x0481), (0x0490, 0x04C4), (0x04C7, 0x04C8), (0x04CB, 0x04CC),
    (0x04D0, 0x04EB), (0x04EE, 0x04F5), (0x04F8, 0x04F9), (0x0531, 0x0556), (0x0559, 0x0559), (0x0561, 0x0586),
    (0x05D0, 0x05EA), (0x05F0, 0x05F2), (0x0621, 0x063A), (0x0641, 0x064A), (0x0671, 0x06B7), (0x06BA, 0x06BE),
    (0x06C0, 0x06CE), (0x06D0, 0x06D3), (0x06D5, 0x06D5), (0x06E5, 0x06E6), (0x0905, 0x0939), (0x093D, 0x093D),
    (0x0958, 0x0961), (0x0985, 0x098C), (0x098F, 0x0990), (0x0993, 0x09A8), (0x09AA, 0x09B0), (0x09B2, 0x09B2),
    (0x09B6, 0x09B9), (0x09DC, 0x09DD), (0x09DF, 0x09E1), (0x09F0, 0x09F1), (0x0A05, 0x0A0A), (0x0A0F, 0x0A10),
    (0x0A13, 0x0A28), (0x0A2A, 0x0A30), (0x0A32, 0x0A33), (0x0A35, 0x0A36), (0x0A38, 0x0A39), (0x0A59, 0x0A5C),
    (0x0A5E, 0x0A5E), (0x0A72, 0x0A74), (0x0A85, 0x0A8B), (0x0A8D, 0x0A8D), (0x0A8F, 0x0A91), (0x0A93, 0x0AA8),
    (0x0AAA, 0x0AB0), (0x0AB2, 0x0AB3), (0x0AB5, 0x0AB9), (0x0ABD, 0x0ABD), (0x0AE0, 0x0AE0), (0x0B05, 0x0B0C),
    (0x0B0F, 0x0B10), (0x0B13, 0x0B28), (0x0B2A, 0x0B30), (0x0B32, 0x0B33), (0x0B36, 0x0B39), (0x0B3D, 0x0B3D),
    (0x0B5C, 0x0B5D), (0x0B5F, 0x0B61), (0x0B85, 0x0B8A), (0x0B8E, 0x0B90), (0x0B92, 0x0B95), (0x0B99, 0x0B9A),
    (0x0B9C, 0x0B9C), (0x0B9E, 0x0B9F), (0x0BA3, 0x0BA4), (0x0BA8, 0x0BAA), (0x0BAE, 0x0BB5), (0x0BB7, 0x0BB9),
    (0x0C05, 0x0C0C), (0x0C0E, 0x0C10), (0x0C12, 0x0C28), (0x0C2A, 0x0C33), (0x0C35, 0x0C39), (0x0C60, 0x0C61),
    (0x0C85, 0x0C8C), (0x0C8E, 0x0C90), (0x0C92, 0x0CA8), (0x0CAA, 0x0CB3), (0x0CB5, 0x0CB9), (0x0CDE, 0x0CDE),
    (0x0CE0, 0x0CE1), (0x0D05, 0x0D0C), (0x0D0E, 0x0D10), (0x0D12, 0x0D28), (0x0D2A, 0x0D39), (0x0D60, 0x0D61),
    (0x0E01, 0x0E2E), (0x0E30, 0x0E30), (0x0E32, 0x0E33), (0x0E40, 0x0E45), (0x0E81, 0x0E82), (0x0E84, 0x0E84),
    (0x0E87, 0x0E88), (0x0E8A, 0x0E8A), (0x0E8D, 0x0E8D), (0x0E94, 0x0E97), (0x0E99, 0x0E9F), (0x0EA1, 0x0EA3),
    (0x0EA5, 0x0EA5), (0x0EA7, 0x0EA7), (0x0EAA, 0x0EAB), (0x0EAD, 0x0EAE), (0x0EB0, 0x0EB0), (0x0EB2, 0x0EB3),
    (0x0EBD, 0x0EBD), (0x0EC0, 0x0EC4), (0x0F40, 0x0F47), (0x0F49, 0x0F69), (0x10A0, 0x10C5), (0x10D0, 0x10F6),
    (0x1100, 0x1100), (0x1102, 0x1103), (0x1105, 0x1107), (0x1109, 0x1109), (0x110B, 0x110C), (0x110E, 0x1112),
    (0x113C, 0x113C), (0x113E, 0x113E), (0x1140, 0x1140), (0x114C, 0x114C), (0x114E, 0x114E), (0x1150, 0x1150),
    (0x1154, 0x1155), (0x1159, 0x1159), (0x115F, 0x1161), (0x1163, 0x1163), (0x1165, 0x1165), (0x1167, 0x1167),
    (0x1169, 0x1169), (0x116D, 0x116E), (0x1172, 0x1173), (0x1175, 0x1175), (0x119E, 0x119E), (0x11A8, 0x11A8),
    (0x11AB, 0x11AB), (0x11AE, 0x11AF), (0x11B7, 0x11B8), (0x11BA, 0x11BA), (0x11BC, 0x11C2), (0x11EB, 0x11EB),
    (0x11F0, 0x11F0), (0x11F9, 0x11F9), (0x1E00, 0x1E9B), (0x1EA0, 0x1EF9), (0x1F00, 0x1F15), (0x1F18, 0x1F1D),
    (0x1F20, 0x1F45), (0x1F48, 0x1F4D), (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D),
    (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4), (0x1FB6, 0x1FBC), (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FCC),
    (0x1FD0, 0x1FD3), (0x1FD6, 0x1FDB), (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC), (0x2126, 0x2126),
    (0x212A, 0x212B), (0x212E, 0x212E), (0x2180, 0x2182), (0x3007, 0x3007), (0x3021, 0x3029), (0x3041, 0x3094),
    (0x30A1, 0x30FA), (0x3105, 0x312C), (0x4E00, 0x9FA5), (0xAC00, 0xD7A3),
];

/// `NameChar` of XML 1.0 (second edition) beyond ASCII: `Letter | Digit |
/// CombiningChar | Extender`.
#[rustfmt::skip]
const NAME_CHAR_2E: [(u32, u32); 282] = [
    (0x00B7, 0x00B7), (0x00C0, 0x00D6), (0x00D8, 0x00F6), (0x00F8, 0x0131), (0x0134, 0x013E), (0x0141, 0x0148),
    (0x014A, 0x017E), (0x0180, 0x01C3), (0x01CD, 0x01F0), (0x01F4, 0x01F5), (0x01FA, 0x0217), (0x0250, 0x02A8),
    (0x02BB, 0x02C1), (0x02D0, 0x02D1), (0x0300, 0x0345), (0x0360, 0x0361), (0x0386, 0x038A), (0x038C, 0x038C),
    (0x038E, 0x03A1), (0x03A3, 0x03CE), (0x03D0, 0x03D6), (0x03DA, 0x03DA), (0x03DC, 0x03DC), (0x03DE, 0x03DE),
    (0x03E0, 0x03E0), (0x03E2, 0x03F3), (0x0401, 0x040C), (0x040E, 0x044F), (0x0451, 0x045C), (0x045E, 0x0481),
    (0x0483, 0x0486), (0x0490, 0x04C4), (0x04C7, 0x04C8), (0x04CB, 0x04CC), (0x04D0, 0x04EB), (0x04EE, 0x04F5),
    (0x04F8, 0x04F9), (0x0531, 0x0556), (0x0559, 0x0559), (0x0561, 0x0586), (0x0591, 0x05A1), (0x05A3, 0x05B9),
    (0x05BB, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C4), (0x05D0, 0x05EA), (0x05F0, 0x05F2),
    (0x0621, 0x063A), (0x0640, 0x0652), (0x0660, 0x0669), (0x0670, 0x06B7), (0x06BA, 0x06BE), (0x06C0, 0x06CE),
    (0x06D0, 0x06D3), (0x06D5, 0x06E8), (0x06EA, 0x06ED), (0x06F0, 0x06F9), (0x0901, 0x0903), (0x0905, 0x0939),
    (0x093C, 0x094D), (0x0951, 0x0954), (0x0958, 0x0963), (0x0966, 0x096F), (0x0981, 0x0983), (0x0985, 0x098C),
    (0x098F, 0x0990), (0x0993, 0x09A8), (0x09AA, 0x09B0), (0x09B2, 0x09B2), (0x09B6, 0x09B9), (0x09BC, 0x09BC),
    (0x09BE, 0x09C4), (0x09C7, 0x09C8), (0x09CB, 0x09CD), (0x09D7, 0x09D7), (0x09DC, 0x09DD), (0x09DF, 0x09E3),
    (0x09E6, 0x09F1), (0x0A02, 0x0A02), (0x0A05, 0x0A0A), (0x0A0F, 0x0A10), (0x0A13, 0x0A28), (0x0A2A, 0x0A30),
    (0x0A32, 0x0A33), (0x0A35, 0x0A36), (0x0A38, 0x0A39), (0x0A3C, 0x0A3C), (0x0A3E, 0x0A42), (0x0A47, 0x0A48),
    (0x0A4B, 0x0A4D), (0x0A59, 0x0A5C), (0x0A5E, 0x0A5E), (0x0A66, 0x0A74), (0x0A81, 0x0A83), (0x0A85, 0x0A8B),
    (0x0A8D, 0x0A8D), (0x0A8F, 0x0A91), (0x0A93, 0x0AA8), (0x0AAA, 0x0AB0), (0x0AB2, 0x0AB3), (0x0AB5, 0x0AB9),
    (0x0ABC, 0x0AC5), (0x0AC7, 0x0AC9), (0x0ACB, 0x0ACD), (0x0AE0, 0x0AE0), (0x0AE6, 0x0AEF), (0x0B01, 0x0B03),
    (0x0B05, 0x0B0C), (0x0B0F, 0x0B10), (0x0B13, 0x0B28), (0x0B2A, 0x0B30), (0x0B32, 0x0B33), (0x0B36, 0x0B39),
    (0x0B3C, 0x0B43), (0x0B47, 0x0B48), (0x0B4B, 0x0B4D), (0x0B56, 0x0B57), (0x0B5C, 0x0B5D), (0x0B5F, 0x0B61),
    (0x0B66, 0x0B6F), (0x0B82, 0x0B83), (0x0B85, 0x0B8A), (0x0B8E, 0x0B90), (0x0B92, 0x0B95), (0x0B99, 0x0B9A),
    (0x0B9C, 0x0B9C), (0x0B9E, 0x0B9F), (0x0BA3, 0x0BA4), (0x0BA8, 0x0BAA), (0x0BAE, 0x0BB5), (0x0BB7, 0x0BB9),
    (0x0BBE, 0x0BC2), (0x0BC6, 0x0BC8), (0x0BCA, 0x0BCD), (0x0BD7, 0x0BD7), (0x0BE7, 0x0BEF), (0x0C01, 0x0C03),
    (0x0C05, 0x0C0C), (0x0C0E, 0x0C10), (0x0C12, 0x0C28), (0x0C2A, 0x0C33), (0x0C35, 0x0C39), (0x0C3E, 0x0C44),
    (0x0C46, 0x0C48), (0x0C4A, 0x0C4D), (0x0C55, 0x0C56), (0x0C60, 0x0C61), (0x0C66, 0x0C6F), (0x0C82, 0x0C83),
    (0x0C85, 0x0C8C), (0x0C8E, 0x0C90), (0x0C92, 0x0CA8), (0x0CAA, 0x0CB3), (0x0CB5, 0x0CB9), (0x0CBE, 0x0CC4),
    (0x0CC6, 0x0CC8), (0x0CCA, 0x0CCD), (0x0CD5, 0x0CD6), (0x0CDE, 0x0CDE), (0x0CE0, 0x0CE1), (0x0CE6, 0x0CEF),
    (0x0D02, 0x0D03), (0x0D05, 0x0D0C), (0x0D0E, 0x0D10), (0x0D12, 0x0D28), (0x0D2A, 0x0D39), (0x0D3E, 0x0D43),
    (0x0D46, 0x0D48), (0x0D4A, 0x0D4D), (0x0D57, 0x0D57), (0x0D60, 0x0D61), (0x0D66, 0x0D6F), (0x0E01, 0x0E2E),
    (0x0E30, 0x0E3A), (0x0E40, 0x0E4E), (0x0E50, 0x0E59), (0x0E81, 0x0E82), (0x0E84, 0x0E84), (0x0E87, 0x0E88),
    (0x0E8A, 0x0E8A), (0x0E8D, 0x0E8D), (0x0E94, 0x0E97), (0x0E99, 0x0E9F), (0x0EA1, 0x0EA3), (0x0EA5, 0x0EA5),
    (0x0EA7, 0x0EA7), (0x0EAA, 0x0EAB), (0x0EAD, 0x0EAE), (0x0EB0, 0x0EB9), (0x0EBB, 0x0EBD), (0x0EC0, 0x0EC4),
    (0x0EC6, 0x0EC6), (0x0EC8, 0x0ECD), (0x0ED0, 0x0ED9), (0x0F18, 0x0F19), (0x0F20, 0x0F29), (0x0F35, 0x0F35),
    (0x0F37, 0x0F37), (0x0F39, 0x0F39), (0x0F3E, 0x0F47), (0x0F49, 0x0F69), (0x0F71, 0x0F84), (0x0F86, 0x0F8B),
    (0x0F90, 0x0F95), (0x0F97, 0x0F97), (0x0F99, 0x0FAD), (0x0FB1, 0x0FB7), (0x0FB9, 0x0FB9), (0x10A0, 0x10C5),
    (0x10D0, 0x10F6), (0x1100, 0x1100), (0x1102, 0x1103), (0x1105, 0x1107), (0x1109, 0x1109), (0x110B, 0x110C),
    (0x110E, 0x1112), (0x113C, 0x113C), (0x113E, 0x113E), (0x1140, 0x1140), (0x114C, 0x114C), (0x114E, 0x114E),
    (0x1150, 0x1150), (0x1154, 0x1155), (0x1159, 0x1159), (0x115F, 0x1161), (0x1163, 0x1163), (0x1165, 0x1165),
    (0x1167, 0x1167), (0x1169, 0x1169), (0x116D, 0x116E), (0x1172, 0x1173), (0x1175, 0x1175), (0x119E, 0x119E),
    (0x11A8, 0x11A8), (0x11AB, 0x11AB), (0x11AE, 0x11AF), (0x11B7, 0x11B8), (0x11BA, 0x11BA), (0x11BC, 0x11C2),
    (0x11EB, 0x11EB), (0x11F0, 0x11F0), (0x11F9, 0x11F9), (0x1E00, 0x1E9B), (0x1EA0, 0x1EF9), (0x1F00, 0x1F15),
    (0x1F18, 0x1F1D), (0x1F20, 0x1F45), (0x1F48, 0x1F4D), (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B),
    (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4), (0x1FB6, 0x1FBC), (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4),
    (0x1FC6, 0x1FCC), (0x1FD0, 0x1FD3), (0x1FD6, 0x1FDB), (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC),
    (0x20D0, 0x20DC), (0x20E1, 0x20E1), (0x2126, 0x2126), (0x212A, 0x212B), (0x212E, 0x212E), (0x2180, 0x2182),
    (0x3005, 0x3005), (0x3007, 0x3007), (0x3021, 0x302F), (0x3031, 0x3035), (0x3041, 0x3094), (0x3099, 0x309A),
    (0x309D, 0x309E), (0x30A1, 0x30FA), (0x30FC, 0x30FE), (0x3105, 0x312C), (0x4E00, 0x9FA5), (0xAC00, 0xD7A3),
];

/// `Char`: the characters an XML 1.0 document may contain.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// The length of the whitespace at the start of `bytes`, part of a document
/// whose characters [`first_invalid_char`] has checked: there, the only
/// bytes up to `b' '` are whitespace (tab, line feed, carriage return,
/// space). Eight bytes at a time: indentation between elements is most of
/// what the decoder skips this way.
pub fn blank_prefix_len(bytes: &[u8]) -> usize {
    // A byte above `b' '` (ASCII or not) gets its high bit set by adding
    // 0x5F, or has it already; carries only move to later bytes, so the
    // lowest flag is the first such byte.
    first_flagged(
        bytes,
        |word| (word.wrapping_add(ONES * 0x5F) | word) & HIGH,
        |b| b > b' ',
    )
}

/// The length of what precedes the first whitespace byte of `bytes`, part
/// of a checked document (see [`blank_prefix_len`]): a tag's name, whose end
/// the decoder finds this way.
pub fn until_blank_len(bytes: &[u8]) -> usize {
    // A byte below 0x21 borrows when 0x21 is subtracted, and has its high
    // bit clear; borrows only move to later bytes, so the lowest flag is the
    // first such byte.
    first_flagged(
        bytes,
        |word| word.wrapping_sub(ONES * 0x21) & !word & HIGH,
        |b| b <= b' ',
    )
}

/// The index of the first `byte` of `bytes`, eight bytes at a time (names
/// are short: `memchr` costs more to set up than this takes).
pub fn find_byte(bytes: &[u8], byte: u8) -> Option<usize> {
    let pattern = ONES * u64::from(byte);
    // A byte equal to `byte` is zero after the exclusive or; a zero byte
    // borrows when 1 is subtracted, and has its high bit clear.
    let at = first_flagged(
        bytes,
        |word| {
            let x = word ^ pattern;
            x.wrapping_sub(ONES) & !x & HIGH
        },
        |b| b == byte,
    );
    (at < bytes.len()).then_some(at)
}

/// Whether an attribute value of a checked document (see
/// [`blank_prefix_len`]) has anything to normalise: a reference (`&`), or a
/// tab, line feed or carriage return (there, the only bytes below 0x0E).
/// Eight bytes at a time.
pub fn has_reference_or_line_break(bytes: &[u8]) -> bool {
    has_special(bytes, false)
}

/// The same, or a `<` (which an attribute value may not hold): in one pass,
/// what nearly every value lacks.
pub fn has_lt_reference_or_line_break(bytes: &[u8]) -> bool {
    has_special(bytes, true)
}

#[inline(always)]
fn has_special(bytes: &[u8], lt: bool) -> bool {
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let at = first_flagged(
        bytes,
        |word| {
            let below = word.wrapping_sub(ONES * 0x0E) & !word & HIGH;
            let amp = zero_byte(word ^ (ONES * u64::from(b'&')));
            let less = if lt {
                zero_byte(word ^ (ONES * u64::from(b'<')))
            } else {
                0
            };
            below | amp | less
        },
        |b| b == b'&' || b < 0x0E || (lt && b == b'<'),
    );
    at < bytes.len()
}

/// Equality of two short byte strings (names), eight bytes at a time and
/// without a call to `memcmp`, whose set-up costs more than names are long.
#[inline(always)]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // Whole words (of 8, 4 or 2 bytes), the last one overlapping the one
    // before: no byte-by-byte loop, whose varying length the processor
    // cannot predict.
    match n {
        0 => true,
        1 => a[0] == b[0],
        2..4 => (u16_at(a, 0) == u16_at(b, 0)) & (u16_at(a, n - 2) == u16_at(b, n - 2)),
        4..8 => (u32_at(a, 0) == u32_at(b, 0)) & (u32_at(a, n - 4) == u32_at(b, n - 4)),
        _ => {
            let mut i = 0;
            while i + 8 < n {
                if u64_at(a, i) != u64_at(b, i) {
                    return false;
                }
                i += 8;
            }
            u64_at(a, n - 8) == u64_at(b, n - 8)
        }
    }
}

/// The eight bytes of `bytes` from `i` (which has them) as a little-endian word.
fn u64_at(bytes: &[u8], i: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[i..i + 8]);
    u64::from_le_bytes(word)
}

fn u32_at(bytes: &[u8], i: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[i..i + 4]);
    u32::from_le_bytes(word)
}

fn u16_at(bytes: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([bytes[i], bytes[i + 1]])
}

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// The index of the first byte that `byte` holds for (or the length):
/// `word` flags, in eight bytes read as a little-endian word, the high bit
/// of each such byte, exactly for the lowest one.
fn first_flagged(bytes: &[u8], word: impl Fn(u64) -> u64, byte: impl Fn(u8) -> bool) -> usize {
    let n = bytes.len();
    if n < 8 {
        return bytes.iter().position(|&b| byte(b)).unwrap_or(n);
    }
    let mut offset = 0;
    while offset + 8 < n {
        let flags = word(u64_at(bytes, offset));
        if flags != 0 {
            return offset + (flags.trailing_zeros() / 8) as usize;
        }
        offset += 8;
    }
    // The last eight bytes, overlapping those already read, which hold no
    // flagged byte: so the lowest flag is still exact.
    let flags = word(u64_at(bytes, n - 8));
    if flags != 0 {
        n - 8 + (flags.trailing_zeros() / 8) as usize
    } else {
        n
    }
}

/// Position of the first character that XML 1.0 does not allow, if any.
pub fn first_invalid_char(s: &str) -> Option<(usize, char)> {
    // In valid UTF-8, only control characters and U+FFFE/U+FFFF (which start
    // with the byte 0xEF) fall outside `Char`. Each chunk is first checked
    // for the bytes below the space other than the line feed, and for 0xEF,
    // with branch-free operations the compiler turns into vector
    // instructions; only a chunk that has some (a tab, a carriage return, a
    // character from U+F000 on, or an invalid one) is checked again with
    // the tab and the carriage return allowed, then character by character.
    let bytes = s.as_bytes();
    fn any(chunk: &[u8], flag: impl Fn(u8) -> bool) -> bool {
        chunk.iter().fold(0u8, |bad, &b| bad | u8::from(flag(b))) != 0
    }
    let mut start = 0;
    for chunk in bytes.chunks(256) {
        let end = start + chunk.len();
        if any(chunk, |b| (b < 0x20) & (b != b'\n') | (b == 0xEF))
            && any(chunk, |b| {
                (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0xEF)
            })
        {
            let from = s.floor_char_boundary(start);
            let found = s[from..]
                .char_indices()
                .map(|(i, c)| (i + from, c))
                .take_while(|&(i, _)| i < end)
                .find(|&(_, c)| !is_xml_char(c));
            if found.is_some() {
                return found;
            }
        }
        start = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2,000 pseudo-random strings of each length up to 40 over `alphabet`
    /// (xorshift from `seed`: the same strings in every run).
    fn random_strings(mut state: u64, alphabet: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
        (0..=40usize)
            .flat_map(|len| std::iter::repeat_n(len, 2_000))
            .map(move |len| {
                (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect()
            })
    }

    #[test]
    fn blank_runs_found_eight_bytes_at_a_time_as_byte_by_byte() {
        // Every string of up to 11 bytes from an alphabet of whitespace,
        // ASCII around the space, and the bytes of `é` and `€`, and longer
        // ones from a simple generator: the word-at-a-time answers equal the
        // plain definitions.
        let alphabet: &[u8] = b" \t\n\r!a~\xC3\xA9\xE2\x82\xAC";
        let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        let check = |bytes: &[u8]| {
            let plain_blank = bytes.iter().take_while(|b| blank(b)).count();
            let plain_until = bytes.iter().position(blank).unwrap_or(bytes.len());
            assert_eq!(blank_prefix_len(bytes), plain_blank, "{bytes:?}");
            assert_eq!(until_blank_len(bytes), plain_until, "{bytes:?}");
        };
        for bytes in random_strings(0x2545_F491_4F6C_DD1D, alphabet) {
            check(&bytes);
        }
        // Runs that end exactly at a word boundary, and bytes that carry.
        for n in 0..24 {
            let mut bytes = vec![b' '; n];
            bytes.push(b'x');
            bytes.extend([0xFF, 0xA1, b' ']);
            check(&bytes);
            let mut name = vec![b'a'; n];
            name.push(b'\n');
            check(&name);
        }
    }

    #[test]
    fn values_to_normalise_found_eight_bytes_at_a_time() {
        let alphabet: &[u8] = b"a &\t\n\r%\x0D\x0E\x25\x26\x27\xC3\xA9<=";
        for bytes in random_strings(0x2F1B_3C4D_5E6F_7081, alphabet) {
            let plain = bytes
                .iter()
                .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
            assert_eq!(has_reference_or_line_break(&bytes), plain, "{bytes:?}");
            let or_lt = plain || bytes.contains(&b'<');
            assert_eq!(has_lt_reference_or_line_break(&bytes), or_lt, "{bytes:?}");
        }
    }

    #[test]
    fn short_strings_compared_eight_bytes_at_a_time() {
        let base = b"sr:ServiceReferenceVariant-and-more";
        for len in 0..base.len() {
            let a = &base[..len];
            assert!(same_bytes(a, a));
            for i in 0..len {
                let mut b = a.to_vec();
                b[i] ^= 0x20;
                assert!(!same_bytes(a, &b), "{len} {i}");
            }
            assert!(!same_bytes(a, &base[..len + 1]));
        }
    }

    #[test]
    fn bytes_found_eight_at_a_time_as_by_position() {
        let alphabet: &[u8] = b"::ab\x00\x3B\x39\xBA\xFF";
        for bytes in random_strings(0x9E37_79B9_7F4A_7C15, alphabet) {
            for target in [b':', 0x00, 0xFF] {
                let plain = bytes.iter().position(|&b| b == target);
                assert_eq!(find_byte(&bytes, target), plain, "{bytes:?} {target}");
            }
        }
    }

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
    fn ascii_names_as_the_general_classes_say() {
        // Every ASCII character alone, first and second: the ASCII way
        // agrees with the classes of every character.
        let general = |s: &str| {
            let mut chars = s.chars();
            chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
        };
        for a in 0..128u8 {
            for b in 0..128u8 {
                let two = String::from_utf8(vec![b'x', a, b]).unwrap_or_default();
                for s in [&two[1..2], &two[1..], &two[..2]] {
                    assert_eq!(is_name(s), general(s), "{s:?}");
                }
            }
        }
    }

    /// Points of XML 1.0 second edition, Appendix B, checked by hand.
    #[test]
    fn names_of_xml_schema_1_0() {
        assert!(is_xsd_ncname("_a-b.c9"));
        assert!(
            is_xsd_ncname("\u{C0}\u{B7}"),
            "a BaseChar, then an Extender"
        );
        assert!(!is_xsd_ncname("\u{D7}"), "the multiplication sign");
        assert!(is_xsd_ncname("\u{3007}"), "an Ideographic");
        assert!(is_xsd_ncname("\u{4E00}\u{9FA5}"));
        assert!(!is_xsd_ncname("\u{9FA6}"), "beyond the Ideographic range");
        assert!(is_xsd_ncname("a\u{300}"), "a CombiningChar after a letter");
        assert!(!is_xsd_ncname("\u{300}"), "but not first");
        assert!(is_xsd_ncname("a\u{660}"), "an Arabic-Indic digit");
        for fifth_edition_only in ["A\u{203F}", "\u{10000}", "\u{FFFD}", "\u{F900}", "\u{2070}"] {
            assert!(is_name(fifth_edition_only), "{fifth_edition_only:?}");
            assert!(!is_xsd_name(fifth_edition_only), "{fifth_edition_only:?}");
        }
        assert!(is_xsd_nmtoken("-1.\u{B7}"));
        assert!(!is_xsd_nmtoken(""));
        assert!(!is_xsd_ncname("a:b"));
        assert!(is_xsd_name("a:b"));
    }

    #[test]
    fn xml_chars() {
        assert_eq!(first_invalid_char("ab\tc\u{FFFD}"), None);
        assert_eq!(first_invalid_char("ab\u{1}"), Some((2, '\u{1}')));
        assert_eq!(first_invalid_char("a\u{FFFE}"), Some((1, '\u{FFFE}')));
    }

    #[test]
    fn invalid_chars_found_chunk_by_chunk_as_character_by_character() {
        // Strings of up to 600 bytes (chunks of 256, characters across
        // their boundaries) over allowed controls, characters from U+F000
        // on (which start with 0xEF, like the two that are not allowed),
        // and a few that are not allowed, placed rarely so that most strings
        // have a valid prefix of some length: the answer is the first
        // character that `is_xml_char` refuses.
        let allowed = [
            "a",
            " ",
            "\t",
            "\n",
            "\r",
            "\u{FFFD}",
            "\u{F000}",
            "é",
            "\u{10000}",
        ];
        let refused = ["\u{1}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "\u{0}"];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as usize
        };
        for _ in 0..3_000 {
            let mut text = String::new();
            let len = next(600) as u64;
            while (text.len() as u64) < len {
                if next(400) == 0 {
                    text.push_str(refused[next(refused.len() as u64)]);
                } else {
                    text.push_str(allowed[next(allowed.len() as u64)]);
                }
            }
            let plain = text.char_indices().find(|&(_, c)| !is_xml_char(c));
            assert_eq!(first_invalid_char(&text), plain, "{text:?}");
        }
    }
}
