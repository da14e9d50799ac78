//! Named types, for `xsi:type`: an element may name its own declared type,
//! or a type derived from it (XML Schema Part 1, 3.3.4, clause 4.3: the
//! named type must be validly derived from the declared one, step by step,
//! the type itself included). The built-in simple types are known here; a
//! schema adds its own named simple types ([`super::Schema::simple_type`]),
//! its complex types with simple content
//! ([`super::Schema::simple_content_type`]) and, for content a lax wildcard
//! admits, its other complex types ([`ComplexType`]).

use super::{Content, Decoder, Ids, Name, Ns, Schema};
use crate::error::{DecodeError, ValueError};
use crate::value::{
    AnySimpleType, AnyUri, Base64Binary, BigDecimal, BigInt, BigUint, Date, DateTime, Duration,
    GDay, GMonth, GMonthDay, GYear, GYearMonth, HexBinary, Id, IdRef, IdRefs, Language,
    Name as XsName, NcName, NegativeInteger, NmToken, NmTokens, NonPositiveInteger,
    NormalizedString, PositiveInteger, SimpleValue, Time, Token,
};

/// The expanded name of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeName {
    pub ns: Ns,
    pub local: &'static str,
}

impl TypeName {
    pub const fn new(ns: Ns, local: &'static str) -> Self {
        TypeName { ns, local }
    }

    /// A built-in type, in the XML Schema namespace.
    pub const fn xs(local: &'static str) -> Self {
        TypeName { ns: Ns::XS, local }
    }

    /// A built-in type from a name written `xs:local`.
    pub(crate) const fn xs_prefixed(qname: &'static str) -> Self {
        let (_, local) = qname.split_at(3);
        TypeName::xs(local)
    }

    pub(crate) fn is(&self, name: Name<'_>) -> bool {
        self.ns == name.ns && self.local == name.local
    }
}

/// Checks character data against a type (its whitespace rule, lexical
/// space and facets).
pub type Validator = fn(&str) -> Result<(), ValueError>;

/// The [`Validator`] of a type with a Rust type of its own.
pub fn validate_as<T: SimpleValue>(raw: &str) -> Result<(), ValueError> {
    T::parse(raw).map(drop)
}

/// A named simple type: what it restricts, and how to check a value.
#[derive(Clone, Copy)]
pub struct SimpleType {
    pub name: TypeName,
    /// The type it restricts (`None` for `xs:anySimpleType`).
    pub base: Option<TypeName>,
    pub validate: Validator,
}

impl SimpleType {
    /// The named simple type `T`, a restriction of `base_ns:base`.
    ///
    /// # Panics
    /// At compile time, when `T` is anonymous (has no `XSD_TYPE`).
    pub const fn of<T: SimpleValue>(base_ns: Ns, base: &'static str) -> Self {
        let Some(name) = T::XSD_TYPE else {
            panic!("an anonymous type has no entry in a schema's table of named types");
        };
        SimpleType {
            name,
            base: Some(TypeName::new(base_ns, base)),
            validate: validate_as::<T>,
        }
    }
}

/// A named complex type with simple content (character data and
/// attributes), for `xsi:type`: an element of a simple type, or of a
/// complex type with simple content, may name one derived from its type,
/// such as an `xs:integer` with an `index` attribute. The element is then
/// validated as that type: its character data against [`Self::content`],
/// its attributes against [`Self::attributes`]. Its typed value keeps the
/// declared type's shape: what the named type adds is checked, not kept.
#[derive(Clone, Copy)]
pub struct SimpleContentType {
    pub name: TypeName,
    /// The type it is derived from, by extension or restriction.
    pub base: TypeName,
    /// The checks of its character data.
    pub content: Validator,
    /// Its attribute uses, inherited ones included.
    pub attributes: &'static [AttributeType],
    /// An abstract type may be derived from, but no element may have it
    /// (XML Schema Part 1, 3.3.4, Element Locally Valid (Type), clause 2).
    pub is_abstract: bool,
}

/// An attribute use of a [`SimpleContentType`].
#[derive(Clone, Copy)]
pub struct AttributeType {
    pub ns: Ns,
    pub local: &'static str,
    pub required: bool,
    /// Whether the value is an `xs:ID`, unique in the document.
    pub id: bool,
    pub validate: Validator,
}

impl AttributeType {
    /// An optional attribute of type `T`.
    pub const fn optional<T: SimpleValue>(ns: Ns, local: &'static str) -> Self {
        AttributeType {
            ns,
            local,
            required: false,
            id: false,
            validate: validate_as::<T>,
        }
    }

    /// A required attribute of type `T`.
    pub const fn required<T: SimpleValue>(ns: Ns, local: &'static str) -> Self {
        AttributeType {
            required: true,
            ..Self::optional::<T>(ns, local)
        }
    }

    /// An attribute whose value is an `xs:ID` (of type `T`).
    pub const fn id<T: SimpleValue>(ns: Ns, local: &'static str, required: bool) -> Self {
        AttributeType {
            required,
            id: true,
            ..Self::optional::<T>(ns, local)
        }
    }

    /// Whether `ns:local` (in a namespace the schema declares, or none)
    /// names this attribute.
    pub(crate) fn is(&self, ns: Ns, local: &str) -> bool {
        self.ns == ns && self.local == local
    }
}

/// A named complex type with element or empty content, for `xsi:type` on
/// an element that a lax wildcard admits and the schema does not declare
/// (XML Schema Part 1, 3.3.4, clause 4.3, and 3.10.1): the element is
/// validated as that type, whatever its name. Elsewhere an element's typed
/// model has the shape of its declared type, so only types derived from it
/// with nothing of their own may be named (see
/// [`super::Schema::unchanged_derivations`]).
#[derive(Clone, Copy)]
pub struct ComplexType {
    pub name: TypeName,
    /// Validates a document whose root element, whatever its name, has
    /// this type, inside a document whose IDs are given (see
    /// [`Decoder::validate_nested`]).
    pub validate: fn(&str, &'static Schema, &mut Ids) -> Result<(), DecodeError>,
}

impl ComplexType {
    /// The named complex type `T`.
    ///
    /// # Panics
    /// At compile time, when `T` is anonymous (has no `XSD_TYPE`).
    pub const fn of<T: Content>() -> Self {
        let Some(name) = T::XSD_TYPE else {
            panic!("an anonymous type has no entry in a schema's table of named types");
        };
        ComplexType {
            name,
            validate: Decoder::validate_nested::<T>,
        }
    }
}

/// The built-in simple types the runtime implements: name, base (empty for
/// the root) and checks (XML Schema Part 2, section 3, and the type
/// hierarchy of its figure 1). `xs:ENTITY`, `xs:ENTITIES` and `xs:NOTATION`
/// are there to be named, but no value is valid: their values name
/// declarations that no DUIS document can have (see [`no_entity`]).
const BUILTINS: [(&str, &str, Validator); 45] = [
    ("anySimpleType", "", validate_as::<AnySimpleType>),
    ("string", "anySimpleType", validate_as::<String>),
    (
        "normalizedString",
        "string",
        validate_as::<NormalizedString>,
    ),
    ("token", "normalizedString", validate_as::<Token>),
    ("language", "token", validate_as::<Language>),
    ("Name", "token", validate_as::<XsName>),
    ("NCName", "Name", validate_as::<NcName>),
    ("NMTOKEN", "token", validate_as::<NmToken>),
    ("ID", "NCName", validate_as::<Id>),
    ("IDREF", "NCName", validate_as::<IdRef>),
    ("anyURI", "anySimpleType", validate_as::<AnyUri>),
    ("QName", "anySimpleType", validate_qname),
    ("ENTITY", "NCName", no_entity),
    ("ENTITIES", "anySimpleType", no_entities),
    ("NOTATION", "anySimpleType", no_notation),
    ("boolean", "anySimpleType", validate_as::<bool>),
    ("decimal", "anySimpleType", validate_as::<BigDecimal>),
    ("integer", "decimal", validate_as::<BigInt>),
    (
        "nonPositiveInteger",
        "integer",
        validate_as::<NonPositiveInteger>,
    ),
    (
        "negativeInteger",
        "nonPositiveInteger",
        validate_as::<NegativeInteger>,
    ),
    ("long", "integer", validate_as::<i64>),
    ("int", "long", validate_as::<i32>),
    ("short", "int", validate_as::<i16>),
    ("byte", "short", validate_as::<i8>),
    ("nonNegativeInteger", "integer", validate_as::<BigUint>),
    ("unsignedLong", "nonNegativeInteger", validate_as::<u64>),
    ("unsignedInt", "unsignedLong", validate_as::<u32>),
    ("unsignedShort", "unsignedInt", validate_as::<u16>),
    ("unsignedByte", "unsignedShort", validate_as::<u8>),
    (
        "positiveInteger",
        "nonNegativeInteger",
        validate_as::<PositiveInteger>,
    ),
    ("float", "anySimpleType", validate_as::<f32>),
    ("double", "anySimpleType", validate_as::<f64>),
    ("dateTime", "anySimpleType", validate_as::<DateTime>),
    ("date", "anySimpleType", validate_as::<Date>),
    ("time", "anySimpleType", validate_as::<Time>),
    ("hexBinary", "anySimpleType", validate_as::<HexBinary>),
    ("base64Binary", "anySimpleType", validate_as::<Base64Binary>),
    ("NMTOKENS", "anySimpleType", validate_as::<NmTokens>),
    ("IDREFS", "anySimpleType", validate_as::<IdRefs>),
    ("duration", "anySimpleType", validate_as::<Duration>),
    ("gYearMonth", "anySimpleType", validate_as::<GYearMonth>),
    ("gYear", "anySimpleType", validate_as::<GYear>),
    ("gMonthDay", "anySimpleType", validate_as::<GMonthDay>),
    ("gDay", "anySimpleType", validate_as::<GDay>),
    ("gMonth", "anySimpleType", validate_as::<GMonth>),
];

/// `xs:QName` (Part 2, 3.2.18): a name whose prefix, if it has one, is
/// declared where the value is. The decoder resolves it there, where it
/// still knows the declarations in scope, and hands over the expanded name
/// `{uri}local` (`{}local` for no namespace; see
/// [`super::AnyElement`]); a value with a prefix that is still a prefix
/// was not declared. An unprefixed name always resolves.
fn validate_qname(text: &str) -> Result<(), ValueError> {
    let value = text.trim_matches([' ', '\t', '\n', '\r']);
    if let Some((_, local)) = super::split_expanded(value)
        && crate::chars::is_xsd_ncname(local)
    {
        return Ok(());
    }
    match value.split_once(':') {
        None if crate::chars::is_xsd_ncname(value) => Ok(()),
        Some((prefix, local))
            if crate::chars::is_xsd_ncname(prefix) && crate::chars::is_xsd_ncname(local) =>
        {
            Err(ValueError::new(format!(
                "{} is not a valid xs:QName: the prefix `{}` is not declared where it is",
                crate::error::quote(text),
                crate::error::clip(prefix)
            )))
        }
        _ => Err(ValueError::lexical(text, "xs:QName")),
    }
}

/// `xs:ENTITY` (Part 2, 3.3.11): the name of an unparsed entity declared in
/// the document type definition, which a DUIS document may not have (a
/// `DOCTYPE` is refused): no value is valid.
fn no_entity(text: &str) -> Result<(), ValueError> {
    Err(ValueError::new(format!(
        "{} is not a valid xs:ENTITY: it would name an unparsed entity of a document type definition, which the document cannot have",
        crate::error::quote(text)
    )))
}

/// `xs:ENTITIES` (Part 2, 3.3.12): a list of at least one `xs:ENTITY`, so
/// no value is valid, an empty one included.
fn no_entities(text: &str) -> Result<(), ValueError> {
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Err(ValueError::new(format!(
            "{} is not a valid xs:ENTITIES: the list is empty (it has at least one item)",
            crate::error::quote(text)
        )));
    }
    Err(ValueError::new(format!(
        "{} is not a valid xs:ENTITIES: its items would name unparsed entities of a document type definition, which the document cannot have",
        crate::error::quote(text)
    )))
}

/// `xs:NOTATION` (Part 2, 3.2.19): the name of a notation the schema
/// declares. The runtime keeps no notation declarations, as no DUIS schema
/// has one: no value is valid.
fn no_notation(text: &str) -> Result<(), ValueError> {
    Err(ValueError::new(format!(
        "{} is not a valid xs:NOTATION: the schema declares no notation",
        crate::error::quote(text)
    )))
}

/// A built-in simple type, by its local name.
pub(crate) fn builtin(local: &str) -> Option<SimpleType> {
    let &(name, base, validate) = BUILTINS.iter().find(|(name, _, _)| *name == local)?;
    Some(SimpleType {
        name: TypeName::xs(name),
        base: (!base.is_empty()).then(|| TypeName::xs(base)),
        validate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_base_is_a_builtin_and_chains_end_at_any_simple_type() {
        for local in [
            "byte",
            "unsignedByte",
            "positiveInteger",
            "negativeInteger",
            "ID",
            "IDREF",
            "language",
            "NMTOKEN",
            "float",
            "base64Binary",
        ] {
            let mut current = local;
            let mut steps = 0;
            while let Some(base) = builtin(current).and_then(|t| t.base) {
                current = base.local;
                steps += 1;
                assert!(steps < 10, "{local}: no end");
            }
            assert_eq!(current, "anySimpleType", "{local}");
        }
        for none_valid in ["ENTITY", "ENTITIES", "NOTATION"] {
            let validate = builtin(none_valid).expect("built-in").validate;
            for value in ["", " ", "e", "e f"] {
                assert!(validate(value).is_err(), "{none_valid} `{value}`");
            }
        }
        let qname = builtin("QName").expect("built-in").validate;
        assert!(qname("{urn:p}bar").is_ok());
        assert!(qname("{}bar").is_ok());
        assert!(qname(" bar ").is_ok());
        assert!(
            qname("p:bar").is_err(),
            "a prefix the decoder did not resolve"
        );
        assert!(qname("{urn:p}").is_err());
        assert!(qname("a b").is_err());
        assert_eq!(
            super::super::XS_QNAME,
            format!("{{{}}}QName", super::super::XS_URI)
        );
        assert!((builtin("byte").expect("built-in").validate)("128").is_err());
        assert!((builtin("short").expect("built-in").validate)(" 128 ").is_ok());
    }

    const A: TypeName = TypeName::new(Ns::declared(0), "A");
    const B: TypeName = TypeName::new(Ns::declared(0), "B");
    const C: TypeName = TypeName::new(Ns::declared(0), "C");

    static SCHEMA: super::super::Schema = super::super::Schema {
        name: "test",
        namespaces: &[],
        validate_global: |_, _, _| None,
        complex_types: &[],
        simple_types: &[],
        // X: xs:integer with attributes; Y: X with more; Z: abstract.
        simple_content_types: &[
            SimpleContentType {
                name: TypeName::new(Ns::declared(0), "X"),
                base: TypeName::xs("integer"),
                content: validate_as::<BigInt>,
                attributes: &[AttributeType::optional::<PositiveInteger>(
                    Ns::NONE,
                    "index",
                )],
                is_abstract: false,
            },
            SimpleContentType {
                name: TypeName::new(Ns::declared(0), "Y"),
                base: TypeName::new(Ns::declared(0), "X"),
                content: validate_as::<BigInt>,
                attributes: &[],
                is_abstract: false,
            },
            SimpleContentType {
                name: TypeName::new(Ns::declared(0), "Z"),
                base: TypeName::xs("string"),
                content: validate_as::<String>,
                attributes: &[],
                is_abstract: true,
            },
        ],
        // A adds nothing to B, B nothing to C; and a cycle, D and E.
        unchanged_derivations: &[
            (A, B),
            (B, C),
            (
                TypeName::new(Ns::declared(0), "D"),
                TypeName::new(Ns::declared(0), "E"),
            ),
            (
                TypeName::new(Ns::declared(0), "E"),
                TypeName::new(Ns::declared(0), "D"),
            ),
        ],
    };

    fn name(t: TypeName) -> Name<'static> {
        Name {
            ns: t.ns,
            local: t.local,
        }
    }

    #[test]
    fn complex_types_derived_without_change() {
        assert!(SCHEMA.derives_unchanged(name(A), C), "two steps");
        assert!(SCHEMA.derives_unchanged(name(C), C), "the type itself");
        assert!(!SCHEMA.derives_unchanged(name(C), A), "the other way");
        let d = Name {
            ns: Ns::declared(0),
            local: "D",
        };
        assert!(!SCHEMA.derives_unchanged(d, C), "a cycle ends");
    }

    #[test]
    fn simple_types_derived_step_by_step() {
        let token = Name {
            ns: Ns::XS,
            local: "token",
        };
        assert!(SCHEMA.derives(token, TypeName::xs("string")));
        assert!(SCHEMA.derives(token, TypeName::xs("anySimpleType")));
        assert!(!SCHEMA.derives(token, TypeName::xs("language")));
        let byte = Name {
            ns: Ns::XS,
            local: "byte",
        };
        assert!(SCHEMA.derives(byte, TypeName::xs("integer")));
        assert!(!SCHEMA.derives(byte, TypeName::xs("unsignedByte")));
    }

    #[test]
    fn complex_types_with_simple_content_derived_step_by_step() {
        let named = |local| Name {
            ns: Ns::declared(0),
            local,
        };
        let found = |derived, base| {
            SCHEMA
                .simple_content_type(named(derived), base)
                .map(|t| t.name.local)
        };
        assert_eq!(found("X", TypeName::xs("integer")), Some("X"));
        assert_eq!(
            found("X", TypeName::xs("decimal")),
            Some("X"),
            "through xs:integer"
        );
        assert_eq!(
            found("X", TypeName::xs("long")),
            None,
            "xs:long is derived from xs:integer"
        );
        assert_eq!(found("X", TypeName::xs("string")), None, "another branch");
        assert_eq!(found("Y", TypeName::new(Ns::declared(0), "X")), Some("Y"));
        assert_eq!(
            found("Y", TypeName::xs("anySimpleType")),
            Some("Y"),
            "three steps"
        );
        assert_eq!(found("Z", TypeName::xs("string")), None, "abstract");
        assert_eq!(found("W", TypeName::xs("string")), None, "no such type");
        let index = SCHEMA.simple_content_types[0].attributes[0];
        assert!(index.is(Ns::NONE, "index") && !index.is(Ns::declared(0), "index"));
        assert!((index.validate)("1").is_ok() && (index.validate)("0").is_err());
    }

    #[test]
    fn names_written_with_the_xs_prefix() {
        assert_eq!(TypeName::xs_prefixed("xs:anyURI"), TypeName::xs("anyURI"));
    }
}
