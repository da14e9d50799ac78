//! The XSD front-end on small schemas of our own: one schema set that uses
//! every construct the DUIS schemas use (tests/fixtures/features), and
//! one-construct schemas for everything the front-end refuses.

use std::path::{Path, PathBuf};

use duis_codegen::model::{
    Builtin, ComplexType, Content, DerivationMethod, MaxOccurs, NamespaceConstraint, Particle,
    ProcessContents, QName, SchemaSet, SimpleRef, SimpleType, Term, TypeRef, WhiteSpace,
};
use duis_codegen::xsd;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features")
}

fn features() -> SchemaSet {
    match xsd::read_schema_set(&fixtures(), "Main Schema.xsd") {
        Ok(set) => set,
        Err(e) => panic!("the feature schemas must read: {e}"),
    }
}

fn name(set: &SchemaSet, qname: &Option<QName>) -> String {
    qname
        .as_ref()
        .map(|n| set.display_name(n))
        .unwrap_or_default()
}

fn simple<'a>(set: &'a SchemaSet, shown: &str) -> &'a SimpleType {
    set.simple_types
        .iter()
        .find(|t| name(set, &t.name) == shown)
        .unwrap_or_else(|| panic!("no simple type {shown}"))
}

fn complex<'a>(set: &'a SchemaSet, shown: &str) -> &'a ComplexType {
    set.complex_types
        .iter()
        .find(|t| name(set, &t.name) == shown)
        .unwrap_or_else(|| panic!("no complex type {shown}"))
}

/// A particle in a compact notation: `m:Name[min,max]`, `seq[..](..)`, `any##other[..]`.
fn show(set: &SchemaSet, p: &Particle) -> String {
    let occurs = match (p.min, p.max) {
        (1, MaxOccurs::Bounded(1)) => String::new(),
        (min, max) => format!("[{min},{max}]"),
    };
    match &p.term {
        Term::Element(e) => format!("{}{occurs}", set.display_name(&e.name)),
        Term::Any(w) => {
            let ns = match &w.namespaces {
                NamespaceConstraint::Any => "##any".to_owned(),
                NamespaceConstraint::Other(_) => "##other".to_owned(),
                NamespaceConstraint::List(l) => format!("{l:?}"),
            };
            format!("any{ns}{occurs}")
        }
        Term::Sequence(items) | Term::Choice(items) => {
            let kind = if matches!(p.term, Term::Sequence(_)) {
                "seq"
            } else {
                "choice"
            };
            let inner: Vec<String> = items.iter().map(|i| show(set, i)).collect();
            format!("{kind}{occurs}({})", inner.join(", "))
        }
    }
}

fn content(set: &SchemaSet, ct: &ComplexType) -> String {
    match &ct.content {
        Content::Elements(p) => show(set, p),
        Content::Empty => "empty".to_owned(),
        Content::Simple(_) => "simple".to_owned(),
    }
}

#[test]
fn imports_across_namespaces_and_locations_with_spaces_or_escapes() {
    let set = features();
    let files: Vec<&str> = set.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        files,
        ["Main Schema.xsd", "Other Types.xsd", "sig core.xsd"]
    );
    let namespaces: Vec<(&str, &str)> = set
        .namespaces
        .iter()
        .map(|n| (n.prefix.as_str(), n.uri.as_str()))
        .collect();
    assert_eq!(
        namespaces,
        [
            ("m", "urn:duis-rs:test:main"),
            ("o", "urn:duis-rs:test:other"),
            ("sig", "urn:duis-rs:test:sig"),
        ]
    );
    assert_eq!(xsd::find_entry(&fixtures()).unwrap(), "Main Schema.xsd");
}

#[test]
fn default_namespace_schema_with_dtd_and_entities() {
    let set = features();
    let signature = complex(&set, "sig:SignatureType");
    assert!(signature.mixed);
    assert_eq!(
        content(&set, signature),
        "seq(sig:Value, sig:Serial, any##other[0,unbounded])"
    );
    let Content::Elements(p) = &signature.content else {
        unreachable!()
    };
    let Term::Sequence(items) = &p.term else {
        unreachable!()
    };
    let Term::Any(wildcard) = &items[2].term else {
        unreachable!()
    };
    assert_eq!(wildcard.process, ProcessContents::Lax);
    assert_eq!(
        wildcard.namespaces,
        NamespaceConstraint::Other(Some("urn:duis-rs:test:sig".into())),
        "the target namespace came from the entity &sig;"
    );
    assert_eq!(signature.attributes[0].ty, SimpleRef::Builtin(Builtin::Id));
    let Term::Element(value) = &items[0].term else {
        unreachable!()
    };
    assert_eq!(
        value.ty,
        TypeRef::Simple(SimpleRef::Builtin(Builtin::Base64Binary))
    );
    // A choice of one repeated wildcard is the repeated wildcard.
    assert_eq!(
        content(&set, complex(&set, "sig:Open")),
        "any##any[0,unbounded]"
    );
}

#[test]
fn every_facet_is_read() {
    let set = features();
    let id = simple(&set, "m:IdType");
    assert_eq!(id.builtin, Builtin::Token);
    assert_eq!(id.facets.patterns[0].source, "[A-F0-9]{2}(-[A-F0-9]{2}){7}");
    assert_eq!(
        set.white_space(SimpleRef::Builtin(Builtin::Token)),
        WhiteSpace::Collapse
    );
    assert_eq!(
        simple(&set, "m:Code").facets.enumeration,
        ["I0", "E080801", "4G Central"]
    );
    let small = simple(&set, "m:Small");
    assert_eq!(small.builtin, Builtin::PositiveInteger);
    assert_eq!(
        (
            small.facets.min_inclusive.as_deref(),
            small.facets.max_inclusive.as_deref()
        ),
        (Some("1"), Some("3"))
    );
    let bounded = simple(&set, "m:Bounded");
    assert_eq!(
        (
            bounded.facets.min_exclusive.as_deref(),
            bounded.facets.max_exclusive.as_deref()
        ),
        (Some("-5"), Some("5"))
    );
    let money = simple(&set, "m:Money");
    assert_eq!(
        (money.facets.total_digits, money.facets.fraction_digits),
        (Some(6), Some(2))
    );
    assert_eq!(simple(&set, "m:Label").facets.length, Some(4));
    let short = simple(&set, "m:ShortLabel");
    assert_eq!(
        (short.facets.min_length, short.facets.max_length),
        (Some(4), Some(4))
    );
    assert_eq!(short.facets.white_space, Some(WhiteSpace::Collapse));
    let label = set
        .simple_types
        .iter()
        .position(|t| name(&set, &t.name) == "m:Label")
        .unwrap();
    assert_eq!(
        short.base,
        SimpleRef::Declared(duis_codegen::model::SimpleId(label))
    );
    assert_eq!(short.builtin, Builtin::String);
    assert!(simple(&set, "m:Alias").facets.is_empty());
}

#[test]
fn complex_content_extension_and_restriction() {
    let set = features();
    assert!(complex(&set, "m:Base").is_abstract);
    let derived = complex(&set, "m:Derived");
    assert_eq!(
        derived.derivation.as_ref().unwrap().method,
        DerivationMethod::Extension
    );
    assert_eq!(content(&set, derived), "seq(m:When[0,1], m:Count)");
    let attributes: Vec<(&str, bool)> = derived
        .attributes
        .iter()
        .map(|a| (a.name.local.as_str(), a.required))
        .collect();
    assert_eq!(
        attributes,
        [("lang", false), ("flag", false), ("index", true)]
    );
    assert_eq!(derived.attributes[1].default.as_deref(), Some("false"));
    let restricted = complex(&set, "m:Restricted");
    assert_eq!(
        restricted.derivation.as_ref().unwrap().method,
        DerivationMethod::Restriction
    );
    assert_eq!(content(&set, restricted), "m:When");
    let names: Vec<&str> = restricted
        .attributes
        .iter()
        .map(|a| a.name.local.as_str())
        .collect();
    assert_eq!(names, ["lang"], "`flag` is prohibited by the restriction");
}

#[test]
fn simple_content_extension_and_restriction() {
    let set = features();
    let measured = complex(&set, "m:Measured");
    let money = set
        .simple_types
        .iter()
        .position(|t| name(&set, &t.name) == "m:Money")
        .unwrap();
    assert_eq!(
        measured.content,
        Content::Simple(SimpleRef::Declared(duis_codegen::model::SimpleId(money)))
    );
    assert_eq!(measured.attributes[0].name.local, "unit");
    let small = complex(&set, "m:SmallMeasured");
    let Content::Simple(SimpleRef::Declared(value)) = small.content else {
        panic!("simple content")
    };
    let value = set.simple(value);
    assert_eq!(value.name, None);
    assert_eq!(value.facets.max_inclusive.as_deref(), Some("100"));
    assert_eq!(value.builtin, Builtin::Decimal);
    assert_eq!(small.attributes.len(), 1, "inherited attribute");
}

#[test]
fn nested_groups_element_references_and_anonymous_types() {
    let set = features();
    let message = complex(&set, "m:Message");
    assert_eq!(
        content(&set, message),
        "seq(m:Id, m:Header, choice(m:Derived, m:Restricted), seq[0,2](m:Pair, m:Extra[0,1]), \
         choice[0,unbounded](m:A, m:B), choice[0,1](m:Optional1, m:Optional2), m:Measure[0,1], \
         sig:Signature[0,1])"
    );
    let Content::Elements(p) = &message.content else {
        unreachable!()
    };
    let Term::Sequence(items) = &p.term else {
        unreachable!()
    };
    let Term::Element(id) = &items[0].term else {
        unreachable!()
    };
    assert_eq!(
        id.global,
        set.global_element(&id.name),
        "a reference to the global element"
    );
    let Term::Element(header) = &items[1].term else {
        unreachable!()
    };
    let TypeRef::Complex(header_type) = header.ty else {
        panic!("complex")
    };
    let header_type = set.complex(header_type);
    assert_eq!(header_type.name, None);
    assert_eq!(header_type.context, ["Message", "Header"]);
    assert_eq!(content(&set, header_type), "seq(m:Code, m:Note[0,1])");
    let note = set
        .simple_types
        .iter()
        .find(|t| t.context == ["Message", "Header", "Note"])
        .expect("the anonymous simple type of Note");
    assert_eq!(note.facets.max_length, Some(8));
    assert_eq!(
        message.attributes[0].ty,
        SimpleRef::Builtin(Builtin::Decimal)
    );
    let elements: Vec<String> = set
        .elements
        .iter()
        .map(|e| set.display_name(&e.name))
        .collect();
    assert_eq!(elements, ["m:Message", "m:Id", "sig:Signature"]);
}

/// Reads a one-document schema set written to a temporary folder.
fn read_error(xsd_text: &str) -> xsd::XsdError {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("bad.xsd"), xsd_text).expect("write");
    match xsd::read_schema_set(dir.path(), "bad.xsd") {
        Ok(_) => panic!("the schema must be refused:\n{xsd_text}"),
        Err(e) => e,
    }
}

fn schema(body: &str) -> String {
    format!(
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:t=\"urn:t\"\n\
         targetNamespace=\"urn:t\" elementFormDefault=\"qualified\">\n{body}\n</xs:schema>\n"
    )
}

#[test]
fn unsupported_constructs_are_errors_with_file_line_and_construct() {
    let cases: &[(&str, u32, &str)] = &[
        (
            r#"<xs:simpleType name="U"><xs:union memberTypes="xs:int xs:string"/></xs:simpleType>"#,
            3,
            "`xs:union` simple types are not supported",
        ),
        (
            r#"<xs:simpleType name="L"><xs:list itemType="xs:int"/></xs:simpleType>"#,
            3,
            "`xs:list` simple types are not supported",
        ),
        (
            "<xs:complexType name=\"C\">\n<xs:all><xs:element name=\"a\" type=\"xs:int\"/></xs:all>\n</xs:complexType>",
            4,
            "unsupported construct `xs:all` in `xs:complexType`",
        ),
        (
            r#"<xs:complexType name="C"><xs:anyAttribute/></xs:complexType>"#,
            3,
            "unsupported construct `xs:anyAttribute` in `xs:complexType`",
        ),
        (
            r#"<xs:element name="E" type="xs:string" substitutionGroup="t:F"/>"#,
            3,
            "unsupported attribute `substitutionGroup` on `xs:element`",
        ),
        (
            r#"<xs:element name="E" type="t:Nope"/>"#,
            3,
            "unknown type `t:Nope`",
        ),
        (
            r#"<xs:element name="E" type="xs:duration"/>"#,
            3,
            "built-in type `xs:duration` is not supported",
        ),
        (r#"<xs:element name="E"/>"#, 3, "an element without a type"),
        (
            "<xs:simpleType name=\"B\">\n<xs:restriction base=\"xs:boolean\">\n<xs:maxLength value=\"3\"/>\n</xs:restriction></xs:simpleType>",
            5,
            "facet `xs:maxLength` does not apply to a type derived from `xs:boolean`",
        ),
        (
            "<xs:simpleType name=\"P\"><xs:restriction base=\"xs:string\">\n<xs:pattern value=\"[a-\"/>\n</xs:restriction></xs:simpleType>",
            4,
            "invalid pattern `[a-`",
        ),
        (
            "<xs:simpleType name=\"N\"><xs:restriction base=\"xs:int\">\n<xs:maxInclusive value=\"ten\"/>\n</xs:restriction></xs:simpleType>",
            4,
            "`ten` is not a valid `xs:int` value for facet `xs:maxInclusive`",
        ),
        (
            "<xs:complexType name=\"C\"><xs:sequence>\n<xs:element name=\"a\" type=\"xs:int\" minOccurs=\"2\" maxOccurs=\"1\"/>\n</xs:sequence></xs:complexType>",
            4,
            "maxOccurs (1) is less than minOccurs (2)",
        ),
        (
            "<xs:complexType name=\"A\"><xs:complexContent>\n<xs:extension base=\"t:A\"/>\n</xs:complexContent></xs:complexType>",
            4,
            "circular derivation",
        ),
        (
            r#"<xs:element name="E" type="xs:string"/><xs:element name="E" type="xs:int"/>"#,
            3,
            "`E` is declared twice",
        ),
    ];
    for (body, line, message) in cases {
        let e = read_error(&schema(body));
        assert!(
            e.message.contains(message),
            "expected `{message}`, got `{}`",
            e.message
        );
        assert_eq!(e.line, *line, "line of `{message}`");
        assert_eq!(e.file.file_name().unwrap(), "bad.xsd");
        assert!(
            e.to_string()
                .starts_with(&format!("{}:{line}:", e.file.display()))
        );
    }
}

#[test]
fn unreadable_inputs_are_errors() {
    let e = read_error(
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n<xs:element name=\"a\"\n</xs:schema>",
    );
    assert!(
        e.message.starts_with("not well-formed XML"),
        "{}",
        e.message
    );
    assert_eq!(e.line, 3);
    let e = read_error("<schema/>");
    assert!(
        e.message.contains("not an XML Schema document"),
        "{}",
        e.message
    );
    let e = read_error(&schema(
        r#"<xs:import namespace="urn:x" schemaLocation="missing file.xsd"/>"#,
    ));
    assert!(
        e.message.contains("cannot read the schema document"),
        "{}",
        e.message
    );
    assert_eq!(e.file.file_name().unwrap(), "missing file.xsd");
    let e = read_error(&schema(
        r#"<xs:import namespace="urn:x" schemaLocation="../outside.xsd"/>"#,
    ));
    assert!(
        e.message.contains("not a file name in the schema folder"),
        "{}",
        e.message
    );
}
