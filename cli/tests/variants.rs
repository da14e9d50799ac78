//! Variants, most of them of kinds the differential tool's mutator does not
//! make: namespace bindings (other prefixes, default namespaces,
//! redeclarations), the `ds:Signature` and its wildcards, `xs:ID`
//! uniqueness, `anyURI`, base64 and integer lexical forms, CDATA,
//! references, comments and processing instructions inside values, and the
//! syntax of tags and of the XML declaration. Each variant is a textual
//! change of one request of our own; every verdict below was checked with
//! libxml2 (`xmllint --schema`, DUIS 5.4), which agrees with each of them but
//! those of `where_libxml2_deviates`.

use duis::Version;

const SR: &str = "http://www.dccinterface.co.uk/ServiceUserGateway";
const DS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// A request in the shape of 'Arm Supply' (7.3), signed with placeholders.
fn base() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:ds="{DS}" xmlns:sr="{SR}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" schemaVersion="5.4">
  <sr:Header>
    <sr:RequestID>00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7</sr:RequestID>
    <sr:CommandVariant>4</sr:CommandVariant>
    <sr:ServiceReference>7.3</sr:ServiceReference>
    <sr:ServiceReferenceVariant>7.3</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body>
    <sr:ArmSupply/>
  </sr:Body>
  <ds:Signature xmlns="{DS}">
    <ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="urn:example:c14n"/>
      <ds:SignatureMethod Algorithm="urn:example:signature"/>
      <ds:Reference URI="">
        <ds:Transforms>
          <ds:Transform Algorithm="urn:example:transform"/>
        </ds:Transforms>
        <ds:DigestMethod Algorithm="urn:example:digest"/>
        <ds:DigestValue>AAECAw==</ds:DigestValue>
      </ds:Reference>
    </ds:SignedInfo>
    <ds:SignatureValue>BAUGBw==</ds:SignatureValue>
    <ds:KeyInfo>
      <ds:X509Data>
        <ds:X509IssuerSerial>
          <ds:X509IssuerName>CN=Example</ds:X509IssuerName>
          <ds:X509SerialNumber>42</ds:X509SerialNumber>
        </ds:X509IssuerSerial>
      </ds:X509Data>
    </ds:KeyInfo>
  </ds:Signature>
</sr:Request>
"#
    )
}

/// `base()` with each `(from, to)` replaced once; a `from` that is not in
/// the text fails the test (a variant that changes nothing tests nothing).
fn variant(changes: &[(&str, &str)]) -> String {
    let mut text = base();
    for (from, to) in changes {
        assert!(text.contains(from), "`{from}` is not in the request");
        text = text.replacen(from, to, 1);
    }
    text
}

const ROOT: &str = r#"schemaVersion="5.4""#;
const HEADER: &str = "<sr:Header>";
const CV: &str = "<sr:CommandVariant>4<";
const ID: &str = "<sr:RequestID>00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7<";
const REF: &str = r#"<ds:Reference URI="">"#;
const C14N: &str = r#"<ds:CanonicalizationMethod Algorithm="urn:example:c14n"/>"#;
const SIG_METHOD: &str = r#"<ds:SignatureMethod Algorithm="urn:example:signature"/>"#;
const TRANSFORM: &str = r#"<ds:Transform Algorithm="urn:example:transform"/>"#;
const DIGEST: &str = "<ds:DigestValue>AAECAw==<";
const SERIAL: &str = "<ds:X509SerialNumber>42<";
const KEY_INFO: &str = "<ds:KeyInfo>";
const KEY_INFO_END: &str = "</ds:KeyInfo>";

fn check(cases: &[(&str, String, bool)]) {
    let v54 = Version::from_id("5.4").expect("5.4 is supported");
    let mut wrong = Vec::new();
    for (name, text, valid) in cases {
        let verdict = v54.decode(text);
        if verdict.is_ok() != *valid {
            wrong.push(format!("{name}: expected valid={valid}, got {verdict:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_base_request_is_valid() {
    check(&[("base", base(), true)]);
}

#[test]
fn namespace_bindings() {
    let unprefixed = base()
        .replace("<sr:", "<")
        .replace("</sr:", "</")
        .replace("xmlns:sr=", "xmlns=");
    check(&[
        (
            "another prefix for sr",
            base().replace("sr:", "x:").replace("xmlns:sr=", "xmlns:x="),
            true,
        ),
        ("sr as the default namespace", unprefixed, true),
        (
            "a prefix used but bound to nothing",
            base().replace("sr:", "x:"),
            false,
        ),
        (
            "two prefixes for sr",
            variant(&[
                ("xmlns:sr=", &format!(r#"xmlns:s2="{SR}" xmlns:sr="#)),
                (HEADER, "<s2:Header>"),
                ("</sr:Header>", "</s2:Header>"),
            ]),
            true,
        ),
        (
            "an unused binding",
            variant(&[("xmlns:sr=", r#"xmlns:foo="urn:foo" xmlns:sr="#)]),
            true,
        ),
        (
            "ds bound on the signature only",
            variant(&[
                (&format!(r#" xmlns:ds="{DS}""#), ""),
                (
                    "<ds:Signature xmlns=",
                    &format!(r#"<ds:Signature xmlns:ds="{DS}" xmlns="#),
                ),
            ]),
            true,
        ),
        (
            "sr rebound to another URI on sr:Header",
            variant(&[(HEADER, r#"<sr:Header xmlns:sr="urn:other">"#)]),
            false,
        ),
        (
            "sr rebound to its own URI on sr:Body",
            variant(&[("<sr:Body>", &format!(r#"<sr:Body xmlns:sr="{SR}">"#))]),
            true,
        ),
        // A prefix outside ASCII is beyond the plain shape of attributes:
        // the tag's declarations are read again, by quick-xml's reader,
        // those read before it undone (else they would be bound twice, and
        // those of `sr:Header` would outlive it: the third case).
        (
            "a binding of a prefix outside ASCII after the others",
            variant(&[(ROOT, r#"schemaVersion="5.4" xmlns:pré="urn:p""#)]),
            true,
        ),
        (
            "a binding of a prefix outside ASCII before the others",
            variant(&[("<sr:Request ", r#"<sr:Request xmlns:pré="urn:p" "#)]),
            true,
        ),
        (
            "the default namespace rebound on sr:Header only, with a prefix outside ASCII",
            variant(&[
                ("xmlns:sr=", &format!(r#"xmlns="{SR}" xmlns:sr="#)),
                (HEADER, r#"<sr:Header xmlns="urn:other" xmlns:pré="urn:p">"#),
                ("<sr:Body>", "<Body>"),
                ("</sr:Body>", "</Body>"),
            ]),
            true,
        ),
        (
            "sr bound twice on the root, a prefix outside ASCII between",
            variant(&[(
                ROOT,
                &format!(r#"xmlns:pré="urn:p" xmlns:sr="{SR}" {ROOT}"#),
            )]),
            false,
        ),
        (
            "an attribute whose prefix is outside ASCII, not declared for its element",
            variant(&[
                ("xmlns:sr=", r#"xmlns:pré="urn:p" xmlns:sr="#),
                ("<ds:SignatureValue>", "<ds:SignatureValue pré:a=\"1\">"),
            ]),
            false,
        ),
    ]);
}

#[test]
fn attributes_on_elements_that_declare_none() {
    check(&[
        (
            "xsi:schemaLocation",
            variant(&[(
                ROOT,
                &format!(r#"{ROOT} xsi:schemaLocation="{SR} duis.xsd""#),
            )]),
            true,
        ),
        (
            "xml:lang",
            variant(&[(HEADER, r#"<sr:Header xml:lang="en">"#)]),
            false,
        ),
        (
            "xsi:nil, even false",
            variant(&[(HEADER, r#"<sr:Header xsi:nil="false">"#)]),
            false,
        ),
        (
            "xsi:type",
            variant(&[(HEADER, r#"<sr:Header xsi:type="sr:Whatever">"#)]),
            false,
        ),
    ]);
}

#[test]
fn markup_inside_values() {
    check(&[
        (
            "a value in CDATA",
            variant(&[(
                ID,
                "<sr:RequestID><![CDATA[00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7]]><",
            )]),
            true,
        ),
        (
            "a value half in CDATA",
            variant(&[(
                ID,
                "<sr:RequestID>00-<![CDATA[11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7]]><",
            )]),
            true,
        ),
        (
            "an empty CDATA section before a value",
            variant(&[(CV, "<sr:CommandVariant><![CDATA[]]>4<")]),
            true,
        ),
        (
            "a comment after a value",
            variant(&[(CV, "<sr:CommandVariant>4<!-- c --><")]),
            true,
        ),
        (
            "a processing instruction before a value",
            variant(&[(CV, "<sr:CommandVariant><?p x?>4<")]),
            true,
        ),
        (
            "a value padded with spaces",
            variant(&[(CV, "<sr:CommandVariant> 4 <")]),
            true,
        ),
        (
            "a value as a character reference",
            variant(&[(CV, "<sr:CommandVariant>&#52;<")]),
            true,
        ),
        (
            "an escaped `<` at the end of a RequestID",
            variant(&[(
                ID,
                "<sr:RequestID>00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7&lt;<",
            )]),
            false,
        ),
        (
            "a no-break space at the end of a RequestID",
            variant(&[(
                ID,
                "<sr:RequestID>00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7\u{a0}<",
            )]),
            false,
        ),
    ]);
}

#[test]
fn tag_and_declaration_syntax() {
    check(&[
        (
            "single quotes",
            variant(&[(ROOT, "schemaVersion='5.4'")]),
            true,
        ),
        (
            "spaces around `=`",
            variant(&[(ROOT, r#"schemaVersion = "5.4""#)]),
            true,
        ),
        (
            "spaces before `>`",
            variant(&[(HEADER, "<sr:Header >"), ("</sr:Header>", "</sr:Header\n>")]),
            true,
        ),
        (
            "standalone in the declaration",
            variant(&[(
                r#"encoding="UTF-8"?>"#,
                r#"encoding="UTF-8" standalone="no"?>"#,
            )]),
            true,
        ),
        (
            "spaces in the declaration",
            variant(&[(
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                r#"<?xml  version = "1.0"  encoding = "UTF-8" ?>"#,
            )]),
            true,
        ),
        (
            "a space before the declaration",
            format!(" {}", base()),
            false,
        ),
        (
            "a comment after the root",
            format!("{}<!-- end -->\n", base()),
            true,
        ),
        (
            "a processing instruction after the root",
            format!("{}<?end x?>", base()),
            true,
        ),
        (
            "attributes not separated by whitespace",
            variant(&[(r#"instance" schemaVersion"#, r#"instance"schemaVersion"#)]),
            false,
        ),
        (
            "namespace declarations not separated by whitespace",
            variant(&[(r#"xmldsig#" xmlns:sr"#, r#"xmldsig#"xmlns:sr"#)]),
            false,
        ),
        (
            "a prefix declared twice on one element",
            variant(&[("xmlns:sr=", r#"xmlns:ds="urn:x" xmlns:sr="#)]),
            false,
        ),
        (
            "the default namespace declared twice on one element",
            variant(&[(
                r#"<ds:Signature xmlns="#,
                r#"<ds:Signature xmlns="urn:y" xmlns="#,
            )]),
            false,
        ),
        (
            "`&lt;` in an attribute value",
            variant(&[(REF, r#"<ds:Reference URI="a&lt;b">"#)]),
            true,
        ),
        (
            "a literal `<` in an attribute value",
            variant(&[(REF, r#"<ds:Reference URI="a<b">"#)]),
            false,
        ),
        (
            "a literal `<` in a namespace declaration",
            variant(&[("XMLSchema-instance", "XMLSchema-<instance")]),
            false,
        ),
        (
            "an element name with an empty prefix",
            variant(&[(
                C14N,
                r#"<:CanonicalizationMethod Algorithm="urn:example:c14n"/>"#,
            )]),
            false,
        ),
        (
            "an attribute name with an empty prefix",
            variant(&[(REF, r#"<ds:Reference URI="" :x="1">"#)]),
            false,
        ),
        (
            "version 1.1 in the declaration (read as 1.0)",
            variant(&[(r#"version="1.0""#, r#"version="1.1""#)]),
            true,
        ),
        (
            "a character reference to a space between elements",
            variant(&[(HEADER, "<sr:Header>&#32;")]),
            true,
        ),
        (
            "a tab before and a newline after an integer",
            variant(&[(CV, "<sr:CommandVariant>\t4\n<")]),
            true,
        ),
    ]);
}

/// What may come before and after the root element: whitespace, comments
/// and processing instructions, nothing else; the decoder reads the root's
/// start tag itself once the parser has read the declaration.
#[test]
fn prolog_and_epilog() {
    let declaration = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
    let base = base();
    let root = base
        .strip_prefix(declaration)
        .and_then(|rest| rest.strip_prefix('\n'))
        .expect("the request starts with its declaration");
    let root_tag = &root[..root.find('>').expect("a root start tag")];
    check(&[
        (
            "a comment between the declaration and the root",
            format!("{declaration}<!-- c -->{root}"),
            true,
        ),
        (
            "whitespace and comments before the root",
            format!("{declaration}\n  <!-- c -->\n\n<!-- d -->  {root}"),
            true,
        ),
        (
            "a processing instruction before the root",
            format!("{declaration}<?pi x?>\n{root}"),
            true,
        ),
        (
            "the root right after the declaration",
            format!("{declaration}{root}"),
            true,
        ),
        (
            "whitespace before a root without declaration",
            format!("\n \t{root}"),
            true,
        ),
        (
            "a tab after the root's name",
            format!(
                "{declaration}\n{}",
                root.replacen("<sr:Request ", "<sr:Request\t", 1)
            ),
            true,
        ),
        (
            "text before the root",
            format!("{declaration}\nx{root}"),
            false,
        ),
        ("a second root", format!("{base}{root}"), false),
        (
            "a declaration after a comment",
            format!("<!-- c -->{base}"),
            false,
        ),
        (
            "a second declaration before the root",
            format!("{declaration}\n{declaration}{root}"),
            false,
        ),
        ("an end tag after the root", format!("{base}</x>"), false),
        ("an unclosed tag after the root", format!("{base}<"), false),
        (
            "a root start tag without its end",
            format!("{declaration}\n{root_tag}"),
            false,
        ),
    ]);
    let v54 = Version::from_id("5.4").expect("5.4 is supported");
    let message = |text: String| match v54.decode(&text) {
        Ok(_) => panic!("must be refused"),
        Err(e) => e.to_string(),
    };
    let e = message(format!("{declaration}\nx{root}"));
    assert!(
        e.contains("character data outside the root element (line 2, column 2)"),
        "{e}"
    );
    let e = message(format!("{base}{root}"));
    assert!(
        e.contains("a second root element `sr:Request` follows the first (line 35, column 1)"),
        "{e}"
    );
    let e = message(format!("{declaration}\n{declaration}{root}"));
    assert!(
        e.contains("an XML declaration is only allowed at the very start (line 2, column 39)"),
        "{e}"
    );
}

/// Where libxml2 is wrong, by the rules cited in
/// `conformance/libxml2-deviations.toml` (the entry named in each case):
/// checked with `xmllint --schema`, which gives the opposite verdict.
#[test]
fn where_libxml2_deviates() {
    check(&[
        (
            "cdata-in-element-content: a CDATA section of whitespace between elements",
            variant(&[(HEADER, "<sr:Header><![CDATA[ ]]>")]),
            true,
        ),
        (
            "cdata-in-element-content: an empty CDATA section between elements",
            variant(&[(HEADER, "<sr:Header><![CDATA[]]>")]),
            true,
        ),
        (
            "cdata-in-element-content: an empty CDATA section in an element of empty type",
            variant(&[(
                "<sr:ArmSupply/>",
                "<sr:ArmSupply><![CDATA[]]></sr:ArmSupply>",
            )]),
            true,
        ),
        (
            "uri-empty-port: an empty port after a host",
            variant(&[(REF, r#"<ds:Reference URI="http://c:/">"#)]),
            true,
        ),
        (
            "integer-precision: a decimal written with 26 digits",
            variant(&[(ROOT, r#"schemaVersion="5.40000000000000000000000000""#)]),
            true,
        ),
        (
            "empty-list: an empty xs:NMTOKENS",
            variant(&[(
                KEY_INFO,
                &format!(r#"<ds:KeyInfo><f:k xmlns:f="urn:f" {XS} xsi:type="xs:NMTOKENS"> </f:k>"#),
            )]),
            false,
        ),
        (
            "empty-list: an empty xs:ENTITIES",
            variant(&[(
                KEY_INFO,
                &format!(r#"<ds:KeyInfo><f:k xmlns:f="urn:f" {XS} xsi:type="xs:ENTITIES"/>"#),
            )]),
            false,
        ),
        (
            "float-empty-exponent: an xs:double with `E` and no exponent",
            variant(&[(
                KEY_INFO,
                &format!(r#"<ds:KeyInfo><f:k xmlns:f="urn:f" {XS} xsi:type="xs:double">1E</f:k>"#),
            )]),
            false,
        ),
        (
            "float-empty-exponent: an xs:float with `e-` and no exponent",
            variant(&[(
                KEY_INFO,
                &format!(
                    r#"<ds:KeyInfo><f:k xmlns:f="urn:f" {XS} xsi:type="xs:float">1.5e-</f:k>"#
                ),
            )]),
            false,
        ),
        (
            "integer-precision: a duration of 9223372036854775807 years",
            variant(&[(
                KEY_INFO,
                &format!(
                    r#"<ds:KeyInfo><f:k xmlns:f="urn:f" {XS} xsi:type="xs:duration">P9223372036854775807Y</f:k>"#
                ),
            )]),
            true,
        ),
        (
            "xml-version-number: `1.` is not a version number",
            variant(&[(r#"version="1.0""#, r#"version="1.""#)]),
            false,
        ),
        (
            "namespace-errors: the prefix `xml` bound to another name",
            declared_on_signature_value(r#"xmlns:xml="urn:x""#),
            false,
        ),
        (
            "namespace-errors: another prefix bound to the `xml` namespace",
            declared_on_signature_value(&format!(r#"xmlns:p="{XML_NS}""#)),
            false,
        ),
        (
            "namespace-errors: the default namespace bound to the `xml` namespace",
            declared_on_signature_value(&format!(r#"xmlns="{XML_NS}""#)),
            false,
        ),
        (
            "namespace-errors: the prefix `xmlns` declared",
            declared_on_signature_value(r#"xmlns:xmlns="urn:x""#),
            false,
        ),
        (
            "namespace-errors: a prefix bound to the `xmlns` namespace",
            declared_on_signature_value(&format!(r#"xmlns:p="{XMLNS_NS}""#)),
            false,
        ),
        (
            "namespace-errors: the default namespace bound to the `xmlns` namespace",
            declared_on_signature_value(&format!(r#"xmlns="{XMLNS_NS}""#)),
            false,
        ),
        (
            "xsi-type-whitespace: a type name with spaces around it",
            serial_number(&format!(r#"{XS} xsi:type=" xs:long ""#), "42"),
            true,
        ),
        (
            "xsi-type-whitespace: a type name with a space after it",
            serial_number(&format!(r#"{XS} xsi:type="xs:long ""#), "42"),
            true,
        ),
        (
            "xsi-type-whitespace: an unprefixed name in a default namespace, a space before it",
            variant(&[(
                CV,
                &format!(r#"<sr:CommandVariant xmlns="{SR}" xsi:type=" CommandVariant">4<"#),
            )]),
            true,
        ),
        (
            "xsi-type-whitespace: a declared type's name with a tab after it",
            variant(&[(
                "<ds:SignedInfo>",
                "<ds:SignedInfo xsi:type=\"ds:SignedInfoType&#9;\">",
            )]),
            true,
        ),
        (
            "qname-whitespace: an xs:QName with spaces around it",
            variant(&[(
                KEY_INFO,
                &format!(
                    r#"<ds:KeyInfo><k xmlns="urn:k" xmlns:p="urn:p" {XS} xsi:type="xs:QName"> p:bar </k>"#
                ),
            )]),
            true,
        ),
        (
            "regex-counter: an only device ID whose first octet has three digits",
            firmware_for("000-DB-12-34-56-78-90-A4"),
            false,
        ),
        (
            "regex-counter: the last of two",
            firmware_for("00-DB-12-34-56-78-90-A4,000-DB-12-34-56-78-90-A4"),
            false,
        ),
    ]);
}

/// `base()` with an 'Update Firmware' body (schema-valid whatever the
/// header says) for the devices `device_ids`.
fn firmware_for(device_ids: &str) -> String {
    variant(&[(
        "<sr:ArmSupply/>",
        &format!(
            "<sr:UpdateFirmware><sr:FirmwareImage>AAAA</sr:FirmwareImage><sr:FirmwareVersion>00000001</sr:FirmwareVersion><sr:DeviceIDList>{device_ids}</sr:DeviceIDList></sr:UpdateFirmware>"
        ),
    )])
}

/// The controls of `regex-counter`: libxml2 agrees on these.
#[test]
fn device_id_lists() {
    check(&[
        ("one", firmware_for("00-DB-12-34-56-78-90-A4"), true),
        (
            "two",
            firmware_for("00-DB-12-34-56-78-90-A4,00-DB-12-34-56-78-90-A5"),
            true,
        ),
        (
            "three digits in the first octet of the first of two",
            firmware_for("000-DB-12-34-56-78-90-A4,00-DB-12-34-56-78-90-A4"),
            false,
        ),
        (
            "a trailing comma",
            firmware_for("00-DB-12-34-56-78-90-A4,"),
            false,
        ),
    ]);
}

const XS: &str = r#"xmlns:xs="http://www.w3.org/2001/XMLSchema""#;
const RA: &str = r#"xmlns:ra="http://www.dccinterface.co.uk/ResponseAndAlert""#;

/// `base()` with `ds:X509SerialNumber` (declared `xs:integer`) written with
/// the attributes `attributes` and the value `value`.
fn serial_number(attributes: &str, value: &str) -> String {
    variant(&[(
        SERIAL,
        &format!("<ds:X509SerialNumber {attributes}>{value}<"),
    )])
}

/// `xsi:type` (XML Schema Part 1, 3.3.4, clause 4.3): an element may name
/// its own declared type, or a type derived from it, whose checks then
/// apply; any other type, an anonymous declared type, a name that resolves
/// to no type, is an error.
#[test]
fn xsi_type() {
    let typed = |ty: &str, value: &str| serial_number(&format!(r#"{XS} xsi:type="{ty}""#), value);
    check(&[
        (
            "the declared simple type",
            variant(&[(CV, r#"<sr:CommandVariant xsi:type="sr:CommandVariant">4<"#)]),
            true,
        ),
        (
            "the base of the declared type",
            variant(&[(
                CV,
                &format!(r#"<sr:CommandVariant {XS} xsi:type="xs:positiveInteger">4<"#),
            )]),
            false,
        ),
        (
            "the declared built-in type",
            typed("xs:integer", "42"),
            true,
        ),
        (
            "a built-in type derived from it",
            typed("xs:long", "42"),
            true,
        ),
        ("a type derived in four steps", typed("xs:byte", "42"), true),
        ("whose checks apply", typed("xs:byte", "300"), false),
        (
            "xs:nonNegativeInteger",
            typed("xs:nonNegativeInteger", "42"),
            true,
        ),
        (
            "xs:negativeInteger",
            typed("xs:negativeInteger", "42"),
            false,
        ),
        ("a type of another branch", typed("xs:string", "42"), false),
        ("the base of xs:integer", typed("xs:decimal", "42"), false),
        (
            "a DUIS type derived from it",
            typed("sr:CommandVariant", "4"),
            true,
        ),
        (
            "whose enumeration applies",
            typed("sr:CommandVariant", "42"),
            false,
        ),
        ("an undeclared prefix", typed("q:integer", "42"), false),
        ("no such built-in type", typed("xs:foo", "42"), false),
        ("no such DUIS type", typed("sr:Nope", "42"), false),
        ("not a qualified name", typed("xs:1nt", "42"), false),
        (
            "an unprefixed name, no default namespace",
            serial_number(r#"xsi:type="integer""#, "42"),
            false,
        ),
        (
            "an empty name",
            variant(&[(CV, r#"<sr:CommandVariant xsi:type="">4<"#)]),
            false,
        ),
        (
            "the declared complex type",
            variant(&[(
                "<sr:ArmSupply/>",
                r#"<sr:ArmSupply xsi:type="sr:ArmSupply"/>"#,
            )]),
            true,
        ),
        (
            "another type on an element of complex type",
            variant(&[(
                "<sr:ArmSupply/>",
                r#"<sr:ArmSupply xsi:type="sr:RequestIDType"/>"#,
            )]),
            false,
        ),
        (
            "any type on an element of anonymous type",
            variant(&[(HEADER, r#"<sr:Header xsi:type="sr:RequestIDType">"#)]),
            false,
        ),
        (
            "the declared type, a restriction without facets",
            variant(&[(
                DIGEST,
                r#"<ds:DigestValue xsi:type="ds:DigestValueType">AAECAw==<"#,
            )]),
            true,
        ),
        (
            "the base of a restriction without facets",
            variant(&[(
                DIGEST,
                &format!(r#"<ds:DigestValue {XS} xsi:type="xs:base64Binary">AAECAw==<"#),
            )]),
            false,
        ),
        (
            "the declared type of simple content with attributes",
            variant(&[(
                SIG_VALUE,
                r#"<ds:SignatureValue xsi:type="ds:SignatureValueType">"#,
            )]),
            true,
        ),
        (
            "a simple type on an element of complex type",
            variant(&[(
                SIG_VALUE,
                &format!(r#"<ds:SignatureValue {XS} xsi:type="xs:base64Binary">"#),
            )]),
            false,
        ),
        (
            "a DUIS type derived from xs:string, its pattern unmet",
            variant(&[(
                "<ds:X509IssuerName>",
                r#"<ds:X509IssuerName xsi:type="sr:RequestIDType">"#,
            )]),
            false,
        ),
        (
            "a DUIS type derived from xs:string, its pattern met",
            variant(&[(
                "<ds:X509IssuerName>CN=Example<",
                r#"<ds:X509IssuerName xsi:type="sr:RequestIDType">00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:7<"#,
            )]),
            true,
        ),
    ]);
    let refused = Version::from_id("5.4")
        .expect("5.4 is supported")
        .decode(&typed("xs:string", "42"))
        .expect_err("xs:string is not derived from xs:integer");
    assert_eq!(
        refused.to_string(),
        "/sr:Request/ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509IssuerSerial/ds:X509SerialNumber: xsi:type `xs:string` is neither the element's type `xs:integer` nor a type derived from it that duis-rs substitutes (a simple type, a complex one with simple content, or one that adds nothing) (line 29, column 11)"
    );
}

/// `xsi:type` naming a complex type with simple content derived from the
/// declared type (XML Schema Part 1, 3.4.6, Type Derivation OK (Complex)):
/// the element is validated as that type, its attributes included, such as
/// `ra:IntegerWithIndex` (`xs:integer` with an optional `index`) or
/// `sr:GasBlockPrice` (`xs:unsignedInt` with a required `index` of 1 to 4)
/// on `ds:X509SerialNumber`, an `xs:integer`.
#[test]
fn xsi_type_naming_a_complex_type_with_simple_content() {
    let index = |ty: &str, index: &str| format!(r#"{RA} xsi:type="{ty}" index="{index}""#);
    let certificate = |attributes: &str, value: &str| {
        variant(&[(
            "<ds:X509IssuerSerial>",
            &format!(
                r#"<ds:X509Certificate {attributes}>{value}</ds:X509Certificate><ds:X509IssuerSerial>"#
            ),
        )])
    };
    let other = |attributes: &str, content: &str| {
        variant(&[(
            KEY_INFO,
            &format!(r#"<ds:KeyInfo><f:k xmlns:f="urn:f" {RA} {attributes}>{content}</f:k>"#),
        )])
    };
    check(&[
        (
            "with its attribute",
            serial_number(&index("ra:IntegerWithIndex", "1"), "42"),
            true,
        ),
        (
            "without its optional attribute",
            serial_number(&format!(r#"{RA} xsi:type="ra:IntegerWithIndex""#), "42"),
            true,
        ),
        (
            "the attribute before xsi:type",
            serial_number(
                &format!(r#"index="1" {RA} xsi:type="ra:IntegerWithIndex""#),
                "42",
            ),
            true,
        ),
        (
            "an attribute value not of its type",
            serial_number(&index("ra:IntegerWithIndex", "0"), "42"),
            false,
        ),
        (
            "a value not of the type",
            serial_number(&index("ra:IntegerWithIndex", "1"), "abc"),
            false,
        ),
        (
            "an attribute the type does not declare",
            serial_number(
                &format!(r#"{} foo="1""#, index("ra:IntegerWithIndex", "1")),
                "42",
            ),
            false,
        ),
        (
            "its attribute in a namespace",
            serial_number(
                &format!(r#"{RA} xsi:type="ra:IntegerWithIndex" ra:index="1""#),
                "42",
            ),
            false,
        ),
        (
            "the attribute without xsi:type",
            serial_number(r#"index="1""#, "42"),
            false,
        ),
        (
            "derived from a type derived from the declared one",
            serial_number(r#"xsi:type="sr:GasBlockPrice" index="4""#, "42"),
            true,
        ),
        (
            "whose value space applies",
            serial_number(r#"xsi:type="sr:GasBlockPrice" index="4""#, "-1"),
            false,
        ),
        (
            "and its upper bound",
            serial_number(r#"xsi:type="sr:GasBlockPrice" index="4""#, "4294967296"),
            false,
        ),
        (
            "a required attribute missing",
            serial_number(r#"xsi:type="sr:GasBlockPrice""#, "42"),
            false,
        ),
        (
            "a required attribute out of its range",
            serial_number(r#"xsi:type="sr:GasBlockPrice" index="5""#, "42"),
            false,
        ),
        (
            "through a DUIS simple type (sr:PriceType, an xs:short)",
            serial_number(r#"xsi:type="sr:ElecBlockPrice" index="1""#, "42"),
            true,
        ),
        (
            "derived from xs:decimal, not from xs:integer",
            serial_number(&index("ra:DecimalWithIndex", "1"), "42"),
            false,
        ),
        (
            "derived from another branch",
            serial_number(r#"xsi:type="ds:SignatureValueType""#, "42"),
            false,
        ),
        (
            "an xs:ID attribute on an xs:base64Binary",
            certificate(r#"xsi:type="ds:SignatureValueType" Id="s""#, "AAAA"),
            true,
        ),
        (
            "the ID used twice in the document",
            certificate(r#"xsi:type="ds:SignatureValueType" Id="s""#, "AAAA").replacen(
                "<ds:Signature xmlns=",
                r#"<ds:Signature Id="s" xmlns="#,
                1,
            ),
            false,
        ),
        (
            "an ID that is not an NCName",
            certificate(r#"xsi:type="ds:SignatureValueType" Id="1s""#, "AAAA"),
            false,
        ),
        (
            "a value that is not base64",
            certificate(r#"xsi:type="ds:SignatureValueType""#, "A!AA"),
            false,
        ),
        (
            "derived from xs:integer, on an xs:base64Binary",
            certificate(r#"xsi:type="ra:IntegerWithIndex""#, "AAAA"),
            false,
        ),
        (
            "in wildcard content",
            other(r#"xsi:type="ra:IntegerWithIndex" index="1""#, "42"),
            true,
        ),
        (
            "in wildcard content, an attribute not of its type",
            other(r#"xsi:type="ra:IntegerWithIndex" index="x""#, "42"),
            false,
        ),
        (
            "in wildcard content, a value not of the type",
            other(r#"xsi:type="ra:IntegerWithIndex" index="1""#, "x"),
            false,
        ),
        (
            "in wildcard content, a required attribute missing",
            other(r#"xsi:type="sr:GasBlockPrice""#, "42"),
            false,
        ),
        (
            "in wildcard content, an attribute the type does not declare",
            other(r#"xsi:type="sr:GasBlockPrice" index="1" b="2""#, "42"),
            false,
        ),
        (
            "in wildcard content, a child element",
            other(r#"xsi:type="ra:IntegerWithIndex""#, "<f:c/>"),
            false,
        ),
    ]);
}

/// A response of our own in the shape of a GBCS response carrying
/// 'Synchronise Clock' (6.11) data, with `attributes` on
/// `ra:SynchroniseClockRsp`.
fn synchronise_clock_response(attributes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ra:GBCSResponse xmlns:ra="http://www.dccinterface.co.uk/ResponseAndAlert" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" schemaVersion="5.4">
  <ra:Header>
    <ra:BusinessOriginatorID>00-11-22-33-44-55-66-77</ra:BusinessOriginatorID>
    <ra:BusinessTargetID>88-99-AA-BB-CC-DD-EE-FF</ra:BusinessTargetID>
    <ra:OriginatorCounter>1</ra:OriginatorCounter>
    <ra:ServiceReferenceVariant>6.11</ra:ServiceReferenceVariant>
    <ra:Timestamp>2024-05-06T07:08:09Z</ra:Timestamp>
  </ra:Header>
  <ra:Body>
    <ra:ResponseMessage>
      <ra:SMETSData>
        <ra:SynchroniseClockRsp{attributes}>
          <ra:Gas/>
        </ra:SynchroniseClockRsp>
      </ra:SMETSData>
    </ra:ResponseMessage>
  </ra:Body>
</ra:GBCSResponse>
"#
    )
}

/// A complex type derived from the declared one is substituted when it
/// adds nothing to it: `ra:CommissionDeviceSynchroniseClockRsp` extends
/// `ra:SynchroniseClockRsp` with nothing.
#[test]
fn xsi_type_naming_a_complex_type_that_adds_nothing() {
    let typed = |ty: &str| synchronise_clock_response(&format!(r#" xsi:type="{ty}""#));
    check(&[
        ("no xsi:type", synchronise_clock_response(""), true),
        ("the declared type", typed("ra:SynchroniseClockRsp"), true),
        (
            "a type derived from it that adds nothing",
            typed("ra:CommissionDeviceSynchroniseClockRsp"),
            true,
        ),
        ("its base", typed("ra:ServiceRequestBaseType"), false),
        (
            "another type derived from that base",
            typed("ra:SetRandomisedOffsetLimitRsp"),
            false,
        ),
    ]);
}

/// `xsi:type` on elements that wildcards admit: one with a global
/// declaration is validated as it (the prefix of the type name resolved
/// where it is written); one without is validated against the simple type
/// the name gives.
#[test]
fn xsi_type_in_wildcard_content() {
    let other = |attributes: &str, content: &str| {
        variant(&[(
            KEY_INFO,
            &format!(r#"<ds:KeyInfo><f:k xmlns:f="urn:f" {attributes}>{content}</f:k>"#),
        )])
    };
    let object = |element: &str| {
        variant(&[(
            KEY_INFO_END,
            &format!("{KEY_INFO_END}<ds:Object>{element}</ds:Object>"),
        )])
    };
    let integer = format!(r#"{XS} xsi:type="xs:integer""#);
    check(&[
        ("a built-in type", other(&integer, "42"), true),
        ("a value not of it", other(&integer, "abc"), false),
        ("a child element", other(&integer, "<f:c/>"), false),
        (
            "another attribute",
            other(&format!(r#"{integer} a="1""#), "42"),
            false,
        ),
        (
            "no such type",
            other(&format!(r#"{XS} xsi:type="xs:nope""#), "42"),
            false,
        ),
        (
            "a DUIS type, a prefix declared on the root",
            other(r#"xsi:type="sr:CommandVariant""#, "4"),
            true,
        ),
        (
            "a value outside its enumeration",
            other(r#"xsi:type="sr:CommandVariant""#, "99"),
            false,
        ),
        (
            "xs:anyType, any attributes and content",
            other(
                &format!(r#"{XS} xsi:type="xs:anyType" a="1""#),
                r#"t<f:c b="2">u</f:c>"#,
            ),
            true,
        ),
        (
            "xs:anyType, a declared child assessed as its declaration",
            other(&format!(r#"{XS} xsi:type="xs:anyType""#), "<ds:KeyInfo/>"),
            false,
        ),
        (
            "xs:anyType on a declared element",
            object(&format!(
                r#"<ds:DigestValue {XS} xsi:type="xs:anyType">AAECAw==</ds:DigestValue>"#
            )),
            false,
        ),
        (
            "a declared element naming its own type",
            object(r#"<ds:DigestValue xsi:type="ds:DigestValueType">AAECAw==</ds:DigestValue>"#),
            true,
        ),
        (
            "a declared element naming its type's base",
            object(&format!(
                r#"<ds:DigestValue {XS} xsi:type="xs:base64Binary">AAECAw==</ds:DigestValue>"#
            )),
            false,
        ),
        (
            "a declared element naming its own type in the default namespace",
            object(&format!(
                r#"<DigestValue xmlns="{DS}" xsi:type="DigestValueType">AAECAw==</DigestValue>"#
            )),
            true,
        ),
    ]);
}

/// The built-in types no DUIS schema uses, which only `xsi:type` on an
/// element a lax wildcard admits can name: `xs:duration`, the `xs:g*`
/// types and the lists `xs:NMTOKENS` and `xs:IDREFS`.
#[test]
fn built_in_types_only_xsi_type_can_name() {
    let typed = |ty: &str, value: &str| {
        variant(&[(
            KEY_INFO,
            &format!(r#"<ds:KeyInfo><f:k xmlns:f="urn:f" {XS} xsi:type="xs:{ty}">{value}</f:k>"#),
        )])
    };
    let cases = [
        ("gYear", "2024", true),
        ("gYear", "abc", false),
        ("gYear", "0000", false),
        ("gYear", "-0001", true),
        ("gYear", "02024", false),
        ("gYear", "2024Z", true),
        ("gYear", "2024+14:00", true),
        ("gYear", "2024+14:01", false),
        ("gYearMonth", "2024-12", true),
        ("gYearMonth", "2024-13", false),
        ("gYearMonth", "2024-00", false),
        ("gMonth", "--05", true),
        ("gMonth", "--05--", false),
        ("gMonth", "--13", false),
        ("gMonth", "--00", false),
        ("gMonthDay", "--02-29", true),
        ("gMonthDay", "--02-29Z", true),
        ("gMonthDay", "--02-30", false),
        ("gMonthDay", "--04-31", false),
        ("gDay", "---31", true),
        ("gDay", "---32", false),
        ("gDay", "---00", false),
        ("duration", "P1D", true),
        ("duration", "P", false),
        ("duration", "PT", false),
        ("duration", "-P1Y", true),
        ("duration", "P1.5Y", false),
        ("duration", "PT1.5S", true),
        ("duration", "PT1.S", true),
        ("duration", "PT.5S", true),
        ("duration", "P1Y2M3DT4H5M6.7S", true),
        ("duration", "P0Y", true),
        ("duration", "P1D2H", false),
        ("duration", "P1M1Y", false),
        ("NMTOKENS", "a b", true),
        ("NMTOKENS", "a  b", true),
        ("NMTOKENS", "a,b", false),
        ("IDREFS", "a b", true),
        ("IDREFS", "1a", false),
        ("anySimpleType", "x", true),
        ("ENTITY", "a", false),
        ("ENTITY", "", false),
        ("ENTITIES", "a", false),
        ("ENTITIES", "a b", false),
        ("NOTATION", "a", false),
        ("NOTATION", "", false),
    ];
    let cases: Vec<(String, String, bool)> = cases
        .iter()
        .map(|&(ty, value, valid)| (format!("xs:{ty} `{value}`"), typed(ty, value), valid))
        .collect();
    let cases: Vec<(&str, String, bool)> = cases
        .iter()
        .map(|(name, text, valid)| (name.as_str(), text.clone(), *valid))
        .collect();
    check(&cases);
}

/// `xsi:type="xs:QName"` on an element a lax wildcard admits without a
/// declaration (XML Schema Part 2, 3.2.18): its text is a name whose prefix
/// must be declared where the text is, on the element or around it. The
/// decoder resolves it there; the typed model keeps the expanded name, and
/// the encoder declares a prefix for it again, so each valid case also
/// round-trips.
#[test]
fn xs_qname_in_wildcard_content() {
    let object = |declarations: &str, text: &str| {
        variant(&[(
            KEY_INFO_END,
            &format!(
                r#"{KEY_INFO_END}<ds:Object><f:k xmlns:f="urn:f" {XS} {declarations} xsi:type="xs:QName">{text}</f:k></ds:Object>"#
            ),
        )])
    };
    let key_info = |declarations: &str, text: &str| {
        variant(&[(
            KEY_INFO,
            &format!(
                r#"<ds:KeyInfo><k xmlns="urn:k" {XS} {declarations} xsi:type="xs:QName">{text}</k>"#
            ),
        )])
    };
    let valid = [
        (
            "a prefix declared on the element",
            object(r#"xmlns:p="urn:p""#, "p:bar"),
        ),
        ("a prefix declared on the root", object("", "sr:Request")),
        ("the element's own prefix", object("", "f:k")),
        (
            "an unprefixed name, in the signature's default namespace",
            object("", "Signature"),
        ),
        (
            "an unprefixed name, in the element's default namespace",
            key_info("", "bar"),
        ),
        (
            "an unprefixed name, the default namespace undeclared on the element",
            object(r#"xmlns="""#, "bar"),
        ),
        (
            "an unprefixed name on an element of no namespace",
            variant(&[(
                KEY_INFO_END,
                &format!(
                    r#"{KEY_INFO_END}<ds:Object><k xmlns="" {XS} xsi:type="xs:QName">bar</k></ds:Object>"#
                ),
            )]),
        ),
        ("the prefix `xml`", object("", "xml:lang")),
        (
            "a prefix redeclared on the element",
            object(r#"xmlns:sr="urn:other""#, "sr:x"),
        ),
    ];
    let mut cases: Vec<(&str, String, bool)> = valid
        .iter()
        .map(|(name, text)| (*name, text.clone(), true))
        .collect();
    cases.extend([
        (
            "a prefix declared nowhere",
            object("", "p:bar"),
            false,
        ),
        (
            "a prefix declared on a sibling",
            variant(&[(
                KEY_INFO_END,
                &format!(
                    r#"{KEY_INFO_END}<ds:Object><g xmlns:p="urn:p"/><f:k xmlns:f="urn:f" {XS} xsi:type="xs:QName">p:bar</f:k></ds:Object>"#
                ),
            )]),
            false,
        ),
        ("no local name", object(r#"xmlns:p="urn:p""#, "p:"), false),
        ("no prefix before the colon", object("", ":bar"), false),
        ("two names", object("", "a b"), false),
        ("a name that starts with a digit", object("", "1a"), false),
        ("empty", object("", ""), false),
        (
            "an expanded name written as such",
            object(r#"xmlns:p="urn:p""#, "{urn:p}bar"),
            false,
        ),
        (
            "a child element",
            object("", "<bar/>"),
            false,
        ),
        (
            "an expanded name as the value of xsi:type",
            variant(&[(
                KEY_INFO,
                r#"<ds:KeyInfo><k xmlns="urn:k" xsi:type="{http://www.w3.org/2001/XMLSchema}string">x</k>"#,
            )]),
            false,
        ),
    ]);
    check(&cases);
    let v54 = Version::from_id("5.4").expect("5.4 is supported");
    for (name, text) in &valid {
        match duis_cli::validate::check_text(text, Some(v54), true) {
            duis_cli::validate::Verdict::Valid => {}
            other => panic!("{name}: {other:?}"),
        }
    }
}

/// Attributes of the `xml` namespace on elements a wildcard admits: valid,
/// and encoded again with the prefix `xml` (no other prefix may be bound to
/// its namespace; the encoder once declared one of its own for it, found by
/// an independent mutation tool).
#[test]
fn xml_attributes_in_wildcard_content_round_trip() {
    let object = |element: &str| {
        variant(&[(
            KEY_INFO_END,
            &format!("{KEY_INFO_END}<ds:Object>{element}</ds:Object>"),
        )])
    };
    let cases = [
        object(r#"<f:e xmlns:f="urn:f" xml:space="preserve"/>"#),
        object(r#"<e xmlns="" xml:lang="en" xml:id="i1">t</e>"#),
        object(&format!(
            r#"<f:e xmlns:f="urn:f" xmlns:xml="{XML_NS}" xml:base="http://x/"><f:g xml:space="default"/></f:e>"#
        )),
    ];
    let v54 = Version::from_id("5.4").expect("5.4 is supported");
    for text in &cases {
        match duis_cli::validate::check_text(text, Some(v54), true) {
            duis_cli::validate::Verdict::Valid => {}
            other => panic!("{other:?}\n{text}"),
        }
        let encoded = v54.decode(text).expect("valid").to_xml();
        assert!(encoded.contains(" xml:"), "{encoded}");
        assert!(!encoded.contains(&format!(r#"="{XML_NS}""#)), "{encoded}");
    }
}

/// `xsi:type` naming a complex type with element or empty content, on an
/// element a lax wildcard admits without a declaration: the element,
/// whatever its name, is validated as that type — its attributes, its
/// children in their order and their values, its own wildcards.
#[test]
fn xsi_type_naming_a_complex_type_in_wildcard_content() {
    let other = |attributes: &str, content: &str| {
        variant(&[(
            KEY_INFO,
            &format!(r#"<ds:KeyInfo><f:k xmlns:f="urn:f" {RA} {attributes}>{content}</f:k>"#),
        )])
    };
    let clock = |attributes: &str, content: &str| {
        other(
            &format!(r#"xsi:type="ra:SynchroniseClockRsp" {attributes}"#),
            content,
        )
    };
    let time = "<ra:DeviceTime>2024-01-01T00:00:00Z</ra:DeviceTime>";
    let object = |element: &str| {
        variant(&[(
            KEY_INFO_END,
            &format!("{KEY_INFO_END}<ds:Object>{element}</ds:Object>"),
        )])
    };
    check(&[
        ("content that is all optional, empty", clock("", ""), true),
        (
            "with its attribute",
            clock(r#"MessageSuccess="true""#, ""),
            true,
        ),
        (
            "an attribute value not of its type",
            clock(r#"MessageSuccess="maybe""#, ""),
            false,
        ),
        (
            "an attribute the type does not declare",
            clock(r#"foo="1""#, ""),
            false,
        ),
        (
            "its children in order",
            clock("", &format!("{time}<ra:Electricity/>")),
            true,
        ),
        (
            "a child's value not of its type",
            clock("", "<ra:DeviceTime>yesterday</ra:DeviceTime>"),
            false,
        ),
        (
            "its children out of order",
            clock("", &format!("<ra:Electricity/>{time}")),
            false,
        ),
        (
            "a child the type does not have",
            clock("", "<ra:Nope/>"),
            false,
        ),
        (
            "a child in no namespace",
            clock("", "<DeviceTime>2024-01-01T00:00:00Z</DeviceTime>"),
            false,
        ),
        ("text in element-only content", clock("", "text"), false),
        (
            "an abstract type",
            other(r#"xsi:type="sr:FutureDatedAbstractType""#, ""),
            false,
        ),
        (
            "a choice that must occur, empty",
            other(r#"xsi:type="ds:KeyInfoType""#, ""),
            false,
        ),
        (
            "a choice that must occur, present",
            other(r#"xsi:type="ds:KeyInfoType""#, "<ds:KeyName>k</ds:KeyName>"),
            true,
        ),
        (
            "a required attribute missing",
            other(r#"xsi:type="ds:SignatureMethodType""#, ""),
            false,
        ),
        (
            "a required attribute, and text in mixed content",
            other(
                r#"xsi:type="ds:SignatureMethodType" Algorithm="urn:x""#,
                "text",
            ),
            true,
        ),
        (
            "in ds:Object",
            object(
                r#"<f:k xmlns:f="urn:f" xsi:type="ds:KeyInfoType"><ds:KeyName>k</ds:KeyName></f:k>"#,
            ),
            true,
        ),
        (
            "in ds:Object, invalid",
            object(r#"<f:k xmlns:f="urn:f" xsi:type="ds:KeyInfoType"/>"#),
            false,
        ),
        (
            "nested in the wildcard content of a typed element",
            object(
                r#"<f:k xmlns:f="urn:f" xsi:type="ds:ObjectType"><g:m xmlns:g="urn:g" xsi:type="ds:KeyInfoType"/></f:k>"#,
            ),
            false,
        ),
        (
            "nested, valid",
            object(
                r#"<f:k xmlns:f="urn:f" xsi:type="ds:ObjectType">a<g:m xmlns:g="urn:g" xsi:type="ds:KeyInfoType"><ds:KeyName>k</ds:KeyName></g:m>b</f:k>"#,
            ),
            true,
        ),
        (
            "a type of another schema's namespace that has no such type",
            other(r#"xsi:type="ra:Nope""#, ""),
            false,
        ),
    ]);
}

/// `xs:ID` values are unique across the whole document, what wildcards
/// admit included: a `ds:SignatureValue` in `ds:Object` (validated as its
/// global declaration), or an element of another namespace that names
/// `ds:SignatureValueType` (simple content) or `ds:KeyInfoType` (element
/// content) in `xsi:type`.
#[test]
fn ids_in_wildcard_content() {
    let with = |signature_id: &str, object: &str| {
        variant(&[
            (
                "<ds:Signature xmlns=",
                &format!(r#"<ds:Signature Id="{signature_id}" xmlns="#),
            ),
            (
                KEY_INFO_END,
                &format!("{KEY_INFO_END}<ds:Object>{object}</ds:Object>"),
            ),
        ])
    };
    let global = r#"<ds:SignatureValue Id="s">AAAA</ds:SignatureValue>"#;
    let typed = r#"<f:k xmlns:f="urn:f" xsi:type="ds:SignatureValueType" Id="s">AAAA</f:k>"#;
    let complex =
        r#"<f:k xmlns:f="urn:f" xsi:type="ds:KeyInfoType" Id="s"><ds:KeyName>k</ds:KeyName></f:k>"#;
    check(&[
        ("a declared element, another ID", with("t", global), true),
        ("a declared element, the same ID", with("s", global), false),
        (
            "an element naming a type, another ID",
            with("t", typed),
            true,
        ),
        (
            "an element naming a type, the same ID",
            with("s", typed),
            false,
        ),
        (
            "an element naming a complex type, another ID",
            with("t", complex),
            true,
        ),
        (
            "an element naming a complex type, the same ID",
            with("s", complex),
            false,
        ),
        (
            "two elements in wildcard content with one ID",
            with("t", &format!("{global}{typed}")),
            false,
        ),
    ]);
}

/// The characters of `xs:ID` (an NCName): those of XML 1.0 second edition,
/// Appendix B, as XML Schema 1.0 defines them, not the wider ones of the
/// fifth edition that element names follow.
#[test]
fn characters_of_ids() {
    let id = |value: &str| {
        variant(&[(
            "<ds:Signature xmlns=",
            &format!(r#"<ds:Signature Id="{value}" xmlns="#),
        )])
    };
    check(&[
        ("a BaseChar", id("\u{C0}"), true),
        ("an Extender after a letter", id("a\u{B7}"), true),
        ("a CombiningChar after a letter", id("a\u{300}"), true),
        ("a CombiningChar first", id("\u{300}a"), false),
        (
            "U+203F, a name character since the fifth edition",
            id("A\u{203F}"),
            false,
        ),
        ("U+F900, a compatibility ideograph", id("\u{F900}"), false),
        ("U+FFFD", id("\u{FFFD}"), false),
        ("U+10000, beyond the BMP", id("\u{10000}"), false),
    ]);
}

const SIG_VALUE: &str = "<ds:SignatureValue>";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// `base()` with a namespace declaration on `ds:SignatureValue`.
fn declared_on_signature_value(declaration: &str) -> String {
    variant(&[(SIG_VALUE, &format!("<ds:SignatureValue {declaration}>"))])
}

/// The prefix `xml` may be declared, bound to its own namespace; a
/// declaration that breaks the rules of reserved prefixes is reported at
/// the tag that makes it.
#[test]
fn reserved_prefixes() {
    check(&[(
        "the prefix `xml` declared with its own namespace",
        variant(&[(
            SIG_VALUE,
            &format!(r#"<ds:SignatureValue xmlns:xml="{XML_NS}">"#),
        )]),
        true,
    )]);
    let v54 = Version::from_id("5.4").expect("5.4 is supported");
    let text = variant(&[(SIG_VALUE, r#"<ds:SignatureValue xmlns:xml="urn:x">"#)]);
    let error = v54.decode(&text).expect_err("`xml` bound to another name");
    // Line 24, column 5: the `<` of `<ds:SignatureValue`.
    assert_eq!(error.position(), Some((24, 5)), "{error}");
}

#[test]
fn schema_version_lexical_forms() {
    check(&[
        (
            "padded",
            variant(&[(ROOT, r#"schemaVersion=" 5.4 ""#)]),
            true,
        ),
        ("5.40", variant(&[(ROOT, r#"schemaVersion="5.40""#)]), true),
        ("+5.4", variant(&[(ROOT, r#"schemaVersion="+5.4""#)]), true),
        (
            "a character reference to CR after it",
            variant(&[(ROOT, r#"schemaVersion="5.4&#13;""#)]),
            true,
        ),
    ]);
}

#[test]
fn uris_and_ids_in_the_signature() {
    check(&[
        (
            "a tab in an Algorithm",
            variant(&[(
                r#"Algorithm="urn:example:c14n""#,
                "Algorithm=\"urn:example:c14n\tx\"",
            )]),
            true,
        ),
        (
            "a space in a URI",
            variant(&[(REF, r#"<ds:Reference URI="a b">"#)]),
            true,
        ),
        (
            "a bad percent-escape",
            variant(&[(REF, r#"<ds:Reference URI="%zz">"#)]),
            false,
        ),
        (
            "brackets outside a host",
            variant(&[(REF, r#"<ds:Reference URI="[x]">"#)]),
            false,
        ),
        (
            "two fragments",
            variant(&[(REF, r##"<ds:Reference URI="#a#b">"##)]),
            false,
        ),
        (
            "a colon in a host name",
            variant(&[(REF, r#"<ds:Reference URI="http://a:b:/">"#)]),
            false,
        ),
        (
            "a colon in a host name, sub-delimiters around it",
            variant(&[(REF, r#"<ds:Reference URI="http://_9U;uq:g+:/">"#)]),
            false,
        ),
        (
            "a user name and password, a host and a port",
            variant(&[(REF, r#"<ds:Reference URI="http://a:b@c:80/">"#)]),
            true,
        ),
        (
            "an Id",
            variant(&[(REF, r#"<ds:Reference URI="" Id="r1">"#)]),
            true,
        ),
        (
            "an Id that is no NCName",
            variant(&[(REF, r#"<ds:Reference URI="" Id="1r">"#)]),
            false,
        ),
        (
            "the same Id twice",
            variant(&[
                (REF, r#"<ds:Reference URI="" Id="a">"#),
                ("<ds:SignedInfo>", r#"<ds:SignedInfo Id="a">"#),
            ]),
            false,
        ),
        (
            "a Type",
            variant(&[(REF, r#"<ds:Reference URI="" Type="urn:x">"#)]),
            true,
        ),
        (
            "an Id on SignatureValue",
            variant(&[("<ds:SignatureValue>", r#"<ds:SignatureValue Id="sv">"#)]),
            true,
        ),
    ]);
}

#[test]
fn base64_and_integer_forms_in_the_signature() {
    check(&[
        (
            "line breaks and a space in a digest",
            variant(&[(DIGEST, "<ds:DigestValue>AAEC\n  Aw= =<")]),
            true,
        ),
        (
            "a tab in a digest",
            variant(&[(DIGEST, "<ds:DigestValue>AAEC\tAw==<")]),
            true,
        ),
        (
            "an empty digest",
            variant(&[(DIGEST, "<ds:DigestValue><")]),
            true,
        ),
        (
            "a negative serial number with leading zeros",
            variant(&[(SERIAL, "<ds:X509SerialNumber>-0012<")]),
            true,
        ),
        (
            "a serial number with a plus sign",
            variant(&[(SERIAL, "<ds:X509SerialNumber>+7<")]),
            true,
        ),
        (
            "a serial number with a fraction",
            variant(&[(SERIAL, "<ds:X509SerialNumber>7.0<")]),
            false,
        ),
        (
            "an empty issuer name",
            variant(&[("<ds:X509IssuerName>CN=Example<", "<ds:X509IssuerName><")]),
            true,
        ),
        (
            "a negative HMAC output length",
            variant(&[(
                SIG_METHOD,
                r#"<ds:SignatureMethod Algorithm="urn:h"><ds:HMACOutputLength>-5</ds:HMACOutputLength></ds:SignatureMethod>"#,
            )]),
            true,
        ),
        (
            "a 23-digit HMAC output length",
            variant(&[(
                SIG_METHOD,
                r#"<ds:SignatureMethod Algorithm="urn:h"><ds:HMACOutputLength>99999999999999999999999</ds:HMACOutputLength></ds:SignatureMethod>"#,
            )]),
            true,
        ),
    ]);
}

#[test]
fn signature_content_models_and_wildcards() {
    check(&[
        (
            "an empty signature",
            base()
                .split_once("  <ds:Signature")
                .map(|(head, _)| format!("{head}  <ds:Signature/>\n</sr:Request>\n"))
                .unwrap_or_default(),
            false,
        ),
        (
            "a KeyName before the X509Data",
            variant(&[(KEY_INFO, "<ds:KeyInfo><ds:KeyName>k</ds:KeyName>")]),
            true,
        ),
        (
            "text in KeyInfo (mixed content)",
            variant(&[(KEY_INFO, "<ds:KeyInfo>hello")]),
            true,
        ),
        (
            "an RSA key value",
            variant(&[(
                KEY_INFO,
                "<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>AQAB</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>",
            )]),
            true,
        ),
        (
            "a key value of another namespace",
            variant(&[(
                KEY_INFO,
                r#"<ds:KeyInfo><ds:KeyValue><f:k xmlns:f="urn:f"/></ds:KeyValue>"#,
            )]),
            true,
        ),
        (
            "a key value of text only",
            variant(&[(KEY_INFO, "<ds:KeyInfo><ds:KeyValue>text</ds:KeyValue>")]),
            false,
        ),
        (
            "a retrieval method",
            variant(&[(
                KEY_INFO,
                r##"<ds:KeyInfo><ds:RetrievalMethod URI="#x" Type="urn:t"/>"##,
            )]),
            true,
        ),
        (
            "PGP data",
            variant(&[(
                KEY_INFO,
                "<ds:KeyInfo><ds:PGPData><ds:PGPKeyPacket>ZGVm</ds:PGPKeyPacket></ds:PGPData>",
            )]),
            true,
        ),
        (
            "empty PGP data",
            variant(&[(KEY_INFO, "<ds:KeyInfo><ds:PGPData></ds:PGPData>")]),
            false,
        ),
        (
            "SPKI data and an element of another namespace",
            variant(&[(
                KEY_INFO,
                r#"<ds:KeyInfo><ds:SPKIData><ds:SPKISexp>ZGVm</ds:SPKISexp><f:x xmlns:f="urn:f"/></ds:SPKIData>"#,
            )]),
            true,
        ),
        (
            "management data",
            variant(&[(KEY_INFO, "<ds:KeyInfo><ds:MgmtData>m</ds:MgmtData>")]),
            true,
        ),
        (
            "an empty X509Data",
            variant(&[("<ds:X509Data>", "<ds:X509Data/><ds:X509Data>")]),
            false,
        ),
        (
            "an X509SKI and a subject name",
            variant(&[(
                "<ds:X509Data>",
                "<ds:X509Data><ds:X509SKI>ZGVm</ds:X509SKI><ds:X509SubjectName>CN=x</ds:X509SubjectName>",
            )]),
            true,
        ),
        (
            "an XPath transform",
            variant(&[(
                TRANSFORM,
                r#"<ds:Transform Algorithm="urn:x"><ds:XPath>a</ds:XPath></ds:Transform>"#,
            )]),
            true,
        ),
        (
            "a transform with an element of another namespace (lax)",
            variant(&[(
                TRANSFORM,
                r#"<ds:Transform Algorithm="urn:x"><f:a xmlns:f="urn:f"/></ds:Transform>"#,
            )]),
            true,
        ),
        (
            "an undeclared element in a strict wildcard",
            variant(&[(
                C14N,
                r#"<ds:CanonicalizationMethod Algorithm="urn:c"><f:a xmlns:f="urn:f">t</f:a>text</ds:CanonicalizationMethod>"#,
            )]),
            false,
        ),
        (
            "a declared ds element in a strict wildcard",
            variant(&[(
                C14N,
                r#"<ds:CanonicalizationMethod Algorithm="urn:c"><ds:KeyName>x</ds:KeyName></ds:CanonicalizationMethod>"#,
            )]),
            true,
        ),
        (
            "an undeclared ds element in a strict wildcard",
            variant(&[(
                C14N,
                r#"<ds:CanonicalizationMethod Algorithm="urn:c"><ds:Nope/></ds:CanonicalizationMethod>"#,
            )]),
            false,
        ),
        (
            "an invalid sr element in a strict wildcard",
            variant(&[(
                C14N,
                r#"<ds:CanonicalizationMethod Algorithm="urn:c"><sr:RequestID>x</sr:RequestID></ds:CanonicalizationMethod>"#,
            )]),
            false,
        ),
        (
            "an object with mixed content of no namespace",
            variant(&[(
                KEY_INFO_END,
                r#"</ds:KeyInfo><ds:Object Id="o" MimeType="t" Encoding="urn:e">free <b xmlns="">x</b></ds:Object>"#,
            )]),
            true,
        ),
        (
            "signature properties",
            variant(&[(
                KEY_INFO_END,
                r##"</ds:KeyInfo><ds:Object><ds:SignatureProperties><ds:SignatureProperty Target="#x"><f:a xmlns:f="urn:f"/></ds:SignatureProperty></ds:SignatureProperties></ds:Object>"##,
            )]),
            true,
        ),
        (
            "a manifest",
            variant(&[(
                KEY_INFO_END,
                r#"</ds:KeyInfo><ds:Object><ds:Manifest><ds:Reference><ds:DigestMethod Algorithm="urn:d"/><ds:DigestValue>AA==</ds:DigestValue></ds:Reference></ds:Manifest></ds:Object>"#,
            )]),
            true,
        ),
    ]);
}

/// End tags and the character data before them, which the decoder reads
/// itself when they are plain (`value</name>`, indentation then
/// `</name>`), and leaves to the parser otherwise: each case here sits on
/// one side of that line or on it.
#[test]
fn end_tags_and_the_values_before_them() {
    const CV_FULL: &str = "<sr:CommandVariant>4</sr:CommandVariant>";
    const ISSUER: &str = "CN=Example";
    let upto_value = {
        let text = base();
        let end = text.find(CV).map_or(0, |i| i + CV.len() - 1);
        text[..end].to_owned()
    };
    check(&[
        (
            "whitespace before the `>` of a value's end tag",
            variant(&[(CV_FULL, "<sr:CommandVariant>4</sr:CommandVariant \n\t>")]),
            true,
        ),
        (
            "tabs and CRLF before an end tag and inside it",
            variant(&[("\n  </sr:Header>", "\t\r\n\t</sr:Header\t>")]),
            true,
        ),
        ("`>` in a value", variant(&[(ISSUER, "CN=Ex>ample")]), true),
        (
            "`]]>` in a value",
            variant(&[(ISSUER, "CN=Ex]]>ample")]),
            false,
        ),
        (
            "a carriage return in a value",
            variant(&[(ISSUER, "CN=Ex\rample")]),
            true,
        ),
        (
            "an empty value",
            variant(&[(
                "<ds:X509IssuerName>CN=Example</ds:X509IssuerName>",
                "<ds:X509IssuerName></ds:X509IssuerName>",
            )]),
            true,
        ),
        (
            "a comment between a value and its end tag",
            variant(&[(
                CV_FULL,
                "<sr:CommandVariant>4<!-- c --></sr:CommandVariant>",
            )]),
            true,
        ),
        (
            "a comment before an end tag",
            variant(&[("</sr:Header>", "<!-- c --></sr:Header>")]),
            true,
        ),
        (
            "an empty element written as start and end tags",
            variant(&[("<sr:ArmSupply/>", "<sr:ArmSupply></sr:ArmSupply >")]),
            true,
        ),
        (
            "whitespace in an element of empty type",
            variant(&[("<sr:ArmSupply/>", "<sr:ArmSupply> </sr:ArmSupply>")]),
            false,
        ),
        (
            "a value's end tag of another name",
            variant(&[(CV_FULL, "<sr:CommandVariant>4</sr:CommandVariants>")]),
            false,
        ),
        (
            "a value's end tag with another prefix of the same namespace",
            variant(&[
                (HEADER, &format!(r#"<sr:Header xmlns:x="{SR}">"#)),
                (CV_FULL, "<sr:CommandVariant>4</x:CommandVariant>"),
            ]),
            false,
        ),
        (
            "a value's end tag without its `>`",
            variant(&[(CV_FULL, "<sr:CommandVariant>4</sr:CommandVariant\n")]),
            false,
        ),
        (
            "a value's end tag written `/>`",
            variant(&[(CV_FULL, "<sr:CommandVariant>4</sr:CommandVariant/>")]),
            false,
        ),
        (
            "a value's end tag cut short by another",
            variant(&[(
                CV_FULL,
                "<sr:CommandVariant>4</sr:CommandVariant</sr:CommandVariant>",
            )]),
            false,
        ),
        (
            "text after a value's end tag, in element-only content",
            variant(&[(CV_FULL, "<sr:CommandVariant>4</sr:CommandVariant>x")]),
            false,
        ),
        (
            "the end tag of another element",
            variant(&[("</sr:Header>", "</sr:Body>")]),
            false,
        ),
        (
            "an end tag in other letter case",
            variant(&[("</sr:Header>", "</SR:Header>")]),
            false,
        ),
        (
            "a space after `</`",
            variant(&[("</sr:Header>", "</ sr:Header>")]),
            false,
        ),
        (
            "an end tag after the root's",
            format!("{}</sr:Request>\n", base().trim_end()),
            false,
        ),
        (
            "no end tag of the root",
            variant(&[("</sr:Request>\n", "")]),
            false,
        ),
        ("the document ends in a value", upto_value, false),
    ]);
}

/// A mismatched end tag is reported where it is, with both names, also
/// after values the decoder read past the parser.
#[test]
fn a_mismatched_end_tag_is_reported_where_it_is() {
    let v54 = Version::from_id("5.4").expect("5.4 is supported");
    let text = variant(&[("</sr:Header>", "</sr:Body>")]);
    let error = v54.decode(&text).expect_err("mismatched end tag");
    let message = error.to_string();
    assert!(
        message.contains("expected `</sr:Header>`, but `</sr:Body>` was found"),
        "{message}"
    );
    // Line 8, column 3: the `<` of `</sr:Body>`.
    assert_eq!(error.position(), Some((8, 3)), "{message}");

    let text = variant(&[(
        "<sr:CommandVariant>4</sr:CommandVariant>",
        "<sr:CommandVariant>4</sr:ServiceReference>",
    )]);
    let error = v54.decode(&text).expect_err("mismatched end tag");
    assert_eq!(error.position(), Some((5, 25)), "{error}");
}

/// Start tags: whitespace inside them, other prefixes, names that are not
/// qualified names or not the schema's.
#[test]
fn start_tags() {
    const CV_FULL: &str = "<sr:CommandVariant>4</sr:CommandVariant>";
    let renamed = |name: &str| variant(&[(CV_FULL, &format!("<{name}>4</{name}>"))]);
    check(&[
        (
            "a newline before the `>`",
            variant(&[("<sr:CommandVariant>", "<sr:CommandVariant\n>")]),
            true,
        ),
        (
            "a tab before the `>`",
            variant(&[(HEADER, "<sr:Header\t>")]),
            true,
        ),
        (
            "another prefix of the same namespace",
            variant(&[
                (HEADER, &format!(r#"<sr:Header xmlns:p="{SR}">"#)),
                (CV_FULL, "<p:CommandVariant>4</p:CommandVariant>"),
            ]),
            true,
        ),
        (
            "the default namespace",
            variant(&[
                (HEADER, &format!(r#"<sr:Header xmlns="{SR}">"#)),
                (CV_FULL, "<CommandVariant>4</CommandVariant>"),
            ]),
            true,
        ),
        ("no namespace", renamed("CommandVariant"), false),
        ("an undeclared prefix", renamed("zz:CommandVariant"), false),
        ("two colons", renamed("sr:sr:CommandVariant"), false),
        ("an empty local name", renamed("sr:"), false),
        (
            "a local name starting with a digit",
            renamed("sr:1CommandVariant"),
            false,
        ),
        (
            "a letter outside ASCII",
            renamed("sr:CommandVariänt"),
            false,
        ),
        (
            "`=` in the tag",
            variant(&[(HEADER, "<sr:Header=>")]),
            false,
        ),
        (
            "`<` in the tag",
            variant(&[(HEADER, "<sr:Hea<der>")]),
            false,
        ),
        (
            "a tag that runs into the value",
            variant(&[(CV_FULL, "<sr:CommandVariant 4</sr:CommandVariant>")]),
            false,
        ),
        (
            "a child in an element of empty type",
            variant(&[(
                "<sr:ArmSupply/>",
                "<sr:ArmSupply><sr:X></sr:X></sr:ArmSupply>",
            )]),
            false,
        ),
        (
            "text before a start tag in element-only content",
            variant(&[("<sr:ServiceReference>", "x<sr:ServiceReference>")]),
            false,
        ),
        (
            "a start tag cut off by the end of the document",
            variant(&[("</sr:Request>\n", "<sr:X")]),
            false,
        ),
    ]);
    // An undeclared prefix is reported at the tag: line 5, column 5.
    let v54 = Version::from_id("5.4").expect("5.4 is supported");
    let error = v54
        .decode(&renamed("zz:CommandVariant"))
        .expect_err("undeclared prefix");
    assert_eq!(error.position(), Some((5, 5)), "{error}");
}
