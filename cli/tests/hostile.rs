//! Hostile input: every attack is refused with a clear error, before it can
//! cost much memory or time, and the bounds still admit the largest valid
//! DUIS message.

use duis::{Reason, Version};
use duis_cli::validate::{Verdict, check_text, decode_bytes};

const SR: &str = "http://www.dccinterface.co.uk/ServiceUserGateway";
const DS: &str = "http://www.w3.org/2000/09/xmldsig#";

fn v54() -> Version {
    Version::from_id("5.4").expect("5.4 is supported")
}

/// A request of our own in the shape of a DUIS 'Update Firmware' (11.1)
/// request, with `image` as its FirmwareImage and `tail` inside the root.
fn firmware_request(image: &str, tail: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:sr="{SR}" xmlns:ds="{DS}" schemaVersion="5.4">
  <sr:Header>
    <sr:RequestID>00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7</sr:RequestID>
    <sr:CommandVariant>8</sr:CommandVariant>
    <sr:ServiceReference>11.1</sr:ServiceReference>
    <sr:ServiceReferenceVariant>11.1</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body>
    <sr:UpdateFirmware>
      <sr:FirmwareImage>{image}</sr:FirmwareImage>
      <sr:FirmwareVersion>00000001</sr:FirmwareVersion>
      <sr:DeviceIDList>00-DB-12-34-56-78-90-A0</sr:DeviceIDList>
    </sr:UpdateFirmware>
  </sr:Body>{tail}
</sr:Request>
"#
    )
}

/// A signature whose `ds:Object` (a lax wildcard) holds `content`.
fn signature_with_object(content: &str) -> String {
    format!(
        r#"
  <ds:Signature>
    <ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>
      <ds:Reference URI="">
        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ds:DigestValue>AAAA</ds:DigestValue>
      </ds:Reference>
    </ds:SignedInfo>
    <ds:SignatureValue>AAAA</ds:SignatureValue>
    <ds:Object>{content}</ds:Object>
  </ds:Signature>"#
    )
}

fn error(xml: &str) -> duis::DecodeError {
    v54().decode(xml).expect_err("the input must be refused")
}

#[test]
fn the_largest_valid_firmware_image_is_accepted() {
    // 10,240,000 octets, the schema's maxLength: 13,653,336 base64 characters.
    let octets = 10_240_000usize;
    let image = "AAAA".repeat(octets / 3) + "AA==";
    let xml = firmware_request(&image, "");
    let duis::Document::V5_4(duis::v5_4::Document::Request(request)) =
        v54().decode(&xml).expect("valid")
    else {
        panic!("a request")
    };
    let duis::v5_4::sr::RequestBody::UpdateFirmware(update) = request.body else {
        panic!("UpdateFirmware")
    };
    assert_eq!(update.firmware_image.get().len(), octets);
    // With line breaks every 76 characters (as base64 encoders write), too.
    let wrapped: String = image
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).expect("ASCII"))
        .collect::<Vec<_>>()
        .join("\r\n");
    assert!(v54().decode(&firmware_request(&wrapped, "")).is_ok());
    // One octet more is refused by the facet, not by a limit.
    let too_long = "AAAA".repeat(octets / 3 + 1);
    let e = error(&firmware_request(&too_long, ""));
    assert!(e.to_string().contains("the maximum is 10240000"), "{e}");
}

#[test]
fn a_100_mb_text_node_is_refused_by_the_document_bound() {
    let xml = firmware_request(&"A".repeat(100 * 1024 * 1024), "");
    let e = error(&xml);
    assert!(matches!(e.reason(), Reason::Limit(_)), "{e}");
    assert!(
        e.to_string().contains("at most 33554432 are accepted"),
        "{e}"
    );
}

#[test]
fn a_text_node_over_the_text_bound_is_refused() {
    // 20 MB of text: under the document bound, over the text bound.
    let xml = firmware_request(&"A".repeat(20 * 1024 * 1024), "");
    let e = error(&xml);
    assert!(matches!(e.reason(), Reason::Limit(_)), "{e}");
    assert!(
        e.to_string()
            .contains("character data longer than 16777216 bytes"),
        "{e}"
    );
    assert!(e.path().ends_with("sr:FirmwareImage"), "{e}");
}

#[test]
fn billion_laughs_and_external_entities_are_never_expanded() {
    let laughs = format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<sr:Request xmlns:sr="{SR}" schemaVersion="5.4">&lol9;</sr:Request>"#
    );
    let e = error(&laughs);
    assert!(
        e.to_string().contains("DOCTYPE") && e.to_string().contains("never expanded"),
        "{e}"
    );
    let external = firmware_request("&xxe;", "").replace(
        "<sr:Request",
        "<!DOCTYPE r [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n<sr:Request",
    );
    assert!(error(&external).to_string().contains("DOCTYPE"));
    // Without a DTD, an entity reference is an undeclared entity.
    let undeclared = error(&firmware_request("&xxe;", ""));
    assert!(
        undeclared.to_string().contains("undeclared entity `&xxe;`"),
        "{undeclared}"
    );
}

#[test]
fn deep_nesting_is_bounded() {
    // 100,000 nested elements inside a lax wildcard (ds:Object).
    let depth = 100_000;
    let content = "<x:a xmlns:x=\"urn:x\">".repeat(depth) + &"</x:a>".repeat(depth);
    let e = error(&firmware_request("AAAA", &signature_with_object(&content)));
    assert!(matches!(e.reason(), Reason::Limit(_)), "{e}");
    assert!(e.to_string().contains("nested more than 64 deep"), "{e}");
    // Shallow content of the same kind is accepted.
    let shallow = "<x:a xmlns:x=\"urn:x\">".repeat(10) + &"</x:a>".repeat(10);
    assert!(
        v54()
            .decode(&firmware_request("AAAA", &signature_with_object(&shallow)))
            .is_ok()
    );
}

#[test]
fn attribute_and_namespace_floods_are_bounded() {
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"1\"")).collect();
    let xml = firmware_request("AAAA", "").replace("<sr:Body>", &format!("<sr:Body{attributes}>"));
    let e = error(&xml);
    assert!(e.to_string().contains("more than 64 attributes"), "{e}");
    let namespaces: String = (0..100_000)
        .map(|i| format!(" xmlns:p{i}=\"urn:{i}\""))
        .collect();
    let xml = firmware_request("AAAA", "").replace("<sr:Body>", &format!("<sr:Body{namespaces}>"));
    let e = error(&xml);
    assert!(e.to_string().contains("more than 64 attributes"), "{e}");
    // The error names the element whose tag is flooded, and its line and
    // column (`<sr:Body` is on line 9, indented by two), though the element
    // is never entered.
    assert_eq!(e.path(), "/sr:Request/sr:Body");
    assert_eq!(e.position(), Some((9, 3)));
}

#[test]
fn duplicate_attributes_are_named() {
    let with_attributes = |attributes: &str| {
        firmware_request("AAAA", "").replace(
            "<sr:Body>",
            &format!(r#"<sr:Body xmlns:a="urn:a" xmlns:b="urn:a" {attributes}>"#),
        )
    };
    let e = error(&with_attributes(r#"x="1" x="2""#));
    assert!(
        e.to_string().contains("attribute `x` appears twice ("),
        "{e}"
    );
    assert!(!e.to_string().contains("prefixes"), "{e}");
    let e = error(&with_attributes(r#"a:x="1" b:x="2""#));
    assert!(
        e.to_string().contains(
            "attribute `x` appears twice (as `a:x` and `b:x`: two prefixes for one namespace)"
        ),
        "{e}"
    );
    assert_eq!(e.path(), "/sr:Request/sr:Body");
}

#[test]
fn encodings_byte_order_marks_and_line_ends() {
    let xml = firmware_request("AAAA", "");
    // A byte-order mark and CRLF line ends are fine.
    assert_eq!(
        check_text(&format!("\u{feff}{xml}"), Some(v54()), true),
        Verdict::Valid
    );
    assert_eq!(
        check_text(&xml.replace('\n', "\r\n"), Some(v54()), true),
        Verdict::Valid
    );
    // Invalid UTF-8 is refused with its offset.
    let mut bytes = xml.clone().into_bytes();
    bytes[300] = 0xFF;
    let e = decode_bytes(&bytes).expect_err("not UTF-8");
    assert!(e.contains("not UTF-8 (invalid byte at offset 300)"), "{e}");
    // A Latin-1 document is read as Latin-1 when it says so.
    let latin1 = xml.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
    let mut bytes = latin1.into_bytes();
    let at = bytes.len() - 3;
    bytes.insert(at, 0xE9);
    assert!(decode_bytes(&bytes).expect("Latin-1").contains('é'));
    // Characters XML does not allow are refused.
    let e = error(&xml.replace("00000001", "0000000\u{1}"));
    assert!(e.to_string().contains("U+0001 is not allowed"), "{e}");
    // UTF-16 files are read (libxml2 reads each of these as valid), told by
    // their byte-order mark or by `<?` as their first characters.
    let utf16 = xml.replace("UTF-8", "UTF-16");
    let le: Vec<u8> = utf16.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = utf16.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes) in [
        ("LE with a BOM", [&[0xFF, 0xFE][..], &le].concat()),
        ("BE with a BOM", [&[0xFE, 0xFF][..], &be].concat()),
        ("LE without a BOM", le.clone()),
        ("BE without a BOM", be.clone()),
    ] {
        let text = decode_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            check_text(&text, Some(v54()), true),
            Verdict::Valid,
            "{name}"
        );
    }
    // A declaration naming another encoding than the file's is a fatal
    // error (XML 1.0, 4.3.3), as libxml2 2.9.14 reports each of these; it
    // reads `UTF-8` in a UTF-16 file as naming nothing, and so does duis-rs.
    let utf16_declaring = |label: &str, big_endian: bool| {
        let text = xml.replace("UTF-8", label);
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    };
    for (label, big_endian) in [
        ("US-ASCII", false),
        ("ISO-8859-1", true),
        ("windows-1252", false),
        ("UTF-16BE", false),
        ("UTF-16LE", true),
    ] {
        let e = decode_bytes(&utf16_declaring(label, big_endian))
            .expect_err(&format!("{label} in a UTF-16 file"));
        assert!(
            e.contains("but its XML declaration names the encoding"),
            "{label}: {e}"
        );
    }
    for (label, big_endian) in [
        ("UTF-16LE", false),
        ("UTF-16BE", true),
        ("utf-16", true),
        ("UTF-8", false),
    ] {
        let bytes = utf16_declaring(label, big_endian);
        let text = decode_bytes(&bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(
            check_text(&text, Some(v54()), false),
            Verdict::Valid,
            "{label}"
        );
    }
    let mut broken = [&[0xFF, 0xFE][..], &le].concat();
    broken.extend([0x00, 0xD8]);
    let e = decode_bytes(&broken).expect_err("a lone surrogate");
    assert!(e.contains("not valid UTF-16LE"), "{e}");
    // A text document in memory cannot be UTF-16.
    let e = error(&xml.replace("UTF-8", "UTF-16"));
    assert!(
        e.to_string().contains("encoding `UTF-16` is not supported"),
        "{e}"
    );
}

#[test]
fn huge_names_are_clipped_in_errors() {
    let name = "A".repeat(1_000_000);
    for xml in [
        // An element of a schema namespace that the schema does not declare.
        firmware_request("AAAA", "").replace("<sr:Body>", &format!("<sr:Body><sr:{name}/>")),
        // A prefix nobody declares.
        firmware_request("AAAA", "").replace("<sr:Body>", &format!("<sr:Body><{name}:x/>")),
        // An attribute the element does not have.
        firmware_request("AAAA", "").replace("<sr:Body>", &format!("<sr:Body {name}=\"1\">")),
        // An end tag that does not match.
        firmware_request("AAAA", "").replace("</sr:Body>", &format!("</{name}>")),
    ] {
        let e = error(&xml).to_string();
        assert!(
            e.len() < 1_000 && e.contains("AAA…"),
            "{}",
            &e[..e.len().min(2_000)]
        );
    }
}

#[test]
fn namespace_declarations_in_scope_and_wildcard_content_are_bounded() {
    // Each name is looked up among the declarations in scope: 60 elements
    // nested in `ds:Object`, each declaring 60 prefixes, would make every
    // name below them a search through 3,600 bindings.
    let declarations: String = (0..60)
        .map(|i| format!(" xmlns:p{i}=\"urn:p{i}\""))
        .collect();
    let nested = format!(
        "{}<z:q/>{}",
        format!("<z:n{declarations}>").repeat(60),
        "</z:n>".repeat(60)
    );
    // `content` in `ds:Object` is refused for going over the bound `bound`.
    let refused = |content: &str, bound: &str| {
        let object = format!("<z:o xmlns:z=\"urn:z\">{content}</z:o>");
        let e = error(&firmware_request("AAAA", &signature_with_object(&object)));
        assert!(e.to_string().contains(bound), "{e}");
    };
    refused(&nested, "more than 256 namespace declarations in scope");
    // What a wildcard takes is kept as a generic tree (hundreds of bytes
    // per element): bounded in number.
    refused(
        &"<z:q/>".repeat(20_000),
        "more than 10000 elements in wildcard content",
    );
    let fewer = format!("<z:o xmlns:z=\"urn:z\">{}</z:o>", "<z:q/>".repeat(9_000));
    assert!(
        v54()
            .decode(&firmware_request("AAAA", &signature_with_object(&fewer)))
            .is_ok()
    );
}
