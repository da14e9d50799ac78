//! Whitespace: the decoder lets the parser skip indentation between
//! elements, so these pin down where whitespace still counts. Every verdict
//! below was checked with libxml2 (`xmllint --schema`, DUIS 5.4).

use duis::{Reason, Version};

const SR: &str = "http://www.dccinterface.co.uk/ServiceUserGateway";

fn v54() -> Version {
    Version::from_id("5.4").expect("5.4 is supported")
}

/// A request of our own in the shape of 'Update Meter Balance' (1.5) that
/// resets the balance: `sr:ResetMeterBalance` has an empty content type.
fn reset_balance(content: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:sr="{SR}" schemaVersion="5.4">
  <sr:Header>
    <sr:RequestID>00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7</sr:RequestID>
    <sr:CommandVariant>1</sr:CommandVariant>
    <sr:ServiceReference>1.5</sr:ServiceReference>
    <sr:ServiceReferenceVariant>1.5</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body>
    <sr:UpdateMeterBalance>
      <sr:CreditMode>
        <sr:ResetMeterBalance>{content}</sr:ResetMeterBalance>
      </sr:CreditMode>
    </sr:UpdateMeterBalance>
  </sr:Body>
</sr:Request>
"#
    )
}

/// A request in the shape of 'Update Firmware' (11.1) with `version` as its
/// `sr:FirmwareVersion` (an `xs:string` of 1 to 8 characters, whitespace
/// preserved) and `header` at the start of `sr:Header`.
fn firmware(version: &str, header: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:sr="{SR}" schemaVersion="5.4">
  <sr:Header>{header}
    <sr:RequestID>00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7</sr:RequestID>
    <sr:CommandVariant>8</sr:CommandVariant>
    <sr:ServiceReference>11.1</sr:ServiceReference>
    <sr:ServiceReferenceVariant>11.1</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body>
    <sr:UpdateFirmware>
      <sr:FirmwareImage>AAAA</sr:FirmwareImage>
      <sr:FirmwareVersion>{version}</sr:FirmwareVersion>
      <sr:DeviceIDList>00-DB-12-34-56-78-90-A0</sr:DeviceIDList>
    </sr:UpdateFirmware>
  </sr:Body>
</sr:Request>
"#
    )
}

#[test]
fn indentation_between_elements_is_insignificant() {
    let indented = firmware("00000001", "");
    assert!(v54().decode(&indented).is_ok());
    let compact: String = indented.lines().map(str::trim).collect();
    assert!(!compact.contains("\n  "));
    assert!(v54().decode(&compact).is_ok(), "{compact}");
    let tabs_and_crlf = indented.replace("  ", "\t").replace('\n', "\r\n");
    assert!(v54().decode(&tabs_and_crlf).is_ok());
}

#[test]
fn line_ends_in_character_data_are_normalised_before_the_facets() {
    // A carriage return and line feed, or a carriage return alone, is one
    // line feed (XML 1.0, 2.11) when `sr:FirmwareVersion`'s length (at most
    // 8) is checked.
    for (version, valid) in [
        ("123456\r\n7", true),
        ("1234567\r", true),
        ("1234\r\n\r\n56", true),
        ("123456\r\r7", false),
        ("12345678\r", false),
    ] {
        let verdict = v54().decode(&firmware(version, ""));
        assert_eq!(verdict.is_ok(), valid, "{version:?}: {verdict:?}");
    }
}

#[test]
fn whitespace_in_empty_content_is_refused() {
    assert!(v54().decode(&reset_balance("")).is_ok());
    assert!(v54().decode(&reset_balance("<!-- nothing -->")).is_ok());
    for content in [" ", "\n        "] {
        let e = v54()
            .decode(&reset_balance(content))
            .expect_err("whitespace in empty content");
        assert!(
            e.to_string().contains("the element's type is empty"),
            "{content:?}: {e}"
        );
        assert!(e.path().ends_with("/sr:ResetMeterBalance"), "{e}");
        assert_eq!(e.position(), Some((12, 9)), "{e}");
    }
}

#[test]
fn leading_whitespace_of_a_value_counts_where_its_type_preserves_it() {
    // Two spaces and six digits: 8 characters, the most `FirmwareVersion` allows.
    assert!(v54().decode(&firmware("  000001", "")).is_ok());
    let e = v54()
        .decode(&firmware("   000001", ""))
        .expect_err("9 characters");
    assert!(matches!(e.reason(), Reason::InvalidValue(_)), "{e}");
    assert!(e.path().ends_with("/sr:FirmwareVersion"), "{e}");
    // `RequestID` is an `xs:token`: surrounding whitespace is collapsed away.
    let padded_id = firmware("00000001", "").replace("<sr:RequestID>", "<sr:RequestID>  \n ");
    assert!(v54().decode(&padded_id).is_ok());
}

#[test]
fn text_in_element_only_content_is_refused_where_it_stands() {
    let e = v54()
        .decode(&firmware("00000001", " x "))
        .expect_err("text in sr:Header");
    assert!(matches!(e.reason(), Reason::UnexpectedText), "{e}");
    assert!(e.path().ends_with("/sr:Header"), "{e}");
    // An element out of place is reported at its own `<`, after the indentation.
    let misplaced = firmware("00000001", "\n      <sr:Bogus/>");
    let e = v54().decode(&misplaced).expect_err("unknown element");
    assert_eq!(e.position(), Some((4, 7)), "{e}");
}
