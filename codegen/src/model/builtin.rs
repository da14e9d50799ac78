//! The XSD built-in simple types the generator supports.

use super::WhiteSpace;

/// A built-in simple type of XML Schema 1.0 (namespace `http://www.w3.org/2001/XMLSchema`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Builtin {
    AnySimpleType,
    String,
    NormalizedString,
    Token,
    Language,
    Name,
    NcName,
    NmToken,
    Id,
    IdRef,
    AnyUri,
    Boolean,
    Decimal,
    Integer,
    NonPositiveInteger,
    NegativeInteger,
    Long,
    Int,
    Short,
    Byte,
    NonNegativeInteger,
    UnsignedLong,
    UnsignedInt,
    UnsignedShort,
    UnsignedByte,
    PositiveInteger,
    Float,
    Double,
    DateTime,
    Date,
    Time,
    HexBinary,
    Base64Binary,
}

/// The value space a built-in type draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    String,
    Boolean,
    /// `xs:decimal`, and `xs:integer` and its derivatives (see [`Builtin::integer_bounds`]).
    Decimal,
    Float,
    Double,
    DateTime,
    Date,
    Time,
    HexBinary,
    Base64Binary,
}

impl Builtin {
    /// Every supported built-in type.
    pub const ALL: [Builtin; 33] = [
        Builtin::AnySimpleType,
        Builtin::String,
        Builtin::NormalizedString,
        Builtin::Token,
        Builtin::Language,
        Builtin::Name,
        Builtin::NcName,
        Builtin::NmToken,
        Builtin::Id,
        Builtin::IdRef,
        Builtin::AnyUri,
        Builtin::Boolean,
        Builtin::Decimal,
        Builtin::Integer,
        Builtin::NonPositiveInteger,
        Builtin::NegativeInteger,
        Builtin::Long,
        Builtin::Int,
        Builtin::Short,
        Builtin::Byte,
        Builtin::NonNegativeInteger,
        Builtin::UnsignedLong,
        Builtin::UnsignedInt,
        Builtin::UnsignedShort,
        Builtin::UnsignedByte,
        Builtin::PositiveInteger,
        Builtin::Float,
        Builtin::Double,
        Builtin::DateTime,
        Builtin::Date,
        Builtin::Time,
        Builtin::HexBinary,
        Builtin::Base64Binary,
    ];

    /// The local name in the XML Schema namespace.
    pub fn xsd_name(self) -> &'static str {
        match self {
            Builtin::AnySimpleType => "anySimpleType",
            Builtin::String => "string",
            Builtin::NormalizedString => "normalizedString",
            Builtin::Token => "token",
            Builtin::Language => "language",
            Builtin::Name => "Name",
            Builtin::NcName => "NCName",
            Builtin::NmToken => "NMTOKEN",
            Builtin::Id => "ID",
            Builtin::IdRef => "IDREF",
            Builtin::AnyUri => "anyURI",
            Builtin::Boolean => "boolean",
            Builtin::Decimal => "decimal",
            Builtin::Integer => "integer",
            Builtin::NonPositiveInteger => "nonPositiveInteger",
            Builtin::NegativeInteger => "negativeInteger",
            Builtin::Long => "long",
            Builtin::Int => "int",
            Builtin::Short => "short",
            Builtin::Byte => "byte",
            Builtin::NonNegativeInteger => "nonNegativeInteger",
            Builtin::UnsignedLong => "unsignedLong",
            Builtin::UnsignedInt => "unsignedInt",
            Builtin::UnsignedShort => "unsignedShort",
            Builtin::UnsignedByte => "unsignedByte",
            Builtin::PositiveInteger => "positiveInteger",
            Builtin::Float => "float",
            Builtin::Double => "double",
            Builtin::DateTime => "dateTime",
            Builtin::Date => "date",
            Builtin::Time => "time",
            Builtin::HexBinary => "hexBinary",
            Builtin::Base64Binary => "base64Binary",
        }
    }

    /// Looks a built-in type up by its local name.
    pub fn from_xsd_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.xsd_name() == name)
    }

    pub fn family(self) -> Family {
        match self {
            Builtin::AnySimpleType
            | Builtin::String
            | Builtin::NormalizedString
            | Builtin::Token
            | Builtin::Language
            | Builtin::Name
            | Builtin::NcName
            | Builtin::NmToken
            | Builtin::Id
            | Builtin::IdRef
            | Builtin::AnyUri => Family::String,
            Builtin::Boolean => Family::Boolean,
            Builtin::Decimal
            | Builtin::Integer
            | Builtin::NonPositiveInteger
            | Builtin::NegativeInteger
            | Builtin::Long
            | Builtin::Int
            | Builtin::Short
            | Builtin::Byte
            | Builtin::NonNegativeInteger
            | Builtin::UnsignedLong
            | Builtin::UnsignedInt
            | Builtin::UnsignedShort
            | Builtin::UnsignedByte
            | Builtin::PositiveInteger => Family::Decimal,
            Builtin::Float => Family::Float,
            Builtin::Double => Family::Double,
            Builtin::DateTime => Family::DateTime,
            Builtin::Date => Family::Date,
            Builtin::Time => Family::Time,
            Builtin::HexBinary => Family::HexBinary,
            Builtin::Base64Binary => Family::Base64Binary,
        }
    }

    /// Whether values are integers (`xs:integer` or a type derived from it).
    pub fn is_integer(self) -> bool {
        self.family() == Family::Decimal && self != Builtin::Decimal
    }

    /// Whether the type is `xs:unsignedLong` or one of its derivatives, whose
    /// lexical representation has no sign.
    pub fn is_unsigned(self) -> bool {
        matches!(
            self,
            Builtin::UnsignedLong
                | Builtin::UnsignedInt
                | Builtin::UnsignedShort
                | Builtin::UnsignedByte
        )
    }

    /// Bounds of an integer type's value space (`None` where unbounded), as
    /// decimal strings.
    pub fn integer_bounds(self) -> (Option<&'static str>, Option<&'static str>) {
        match self {
            Builtin::NonPositiveInteger => (None, Some("0")),
            Builtin::NegativeInteger => (None, Some("-1")),
            Builtin::Long => (Some("-9223372036854775808"), Some("9223372036854775807")),
            Builtin::Int => (Some("-2147483648"), Some("2147483647")),
            Builtin::Short => (Some("-32768"), Some("32767")),
            Builtin::Byte => (Some("-128"), Some("127")),
            Builtin::NonNegativeInteger => (Some("0"), None),
            Builtin::UnsignedLong => (Some("0"), Some("18446744073709551615")),
            Builtin::UnsignedInt => (Some("0"), Some("4294967295")),
            Builtin::UnsignedShort => (Some("0"), Some("65535")),
            Builtin::UnsignedByte => (Some("0"), Some("255")),
            Builtin::PositiveInteger => (Some("1"), None),
            _ => (None, None),
        }
    }

    /// The whitespace handling of the built-in type.
    pub fn white_space(self) -> WhiteSpace {
        match self {
            Builtin::String | Builtin::AnySimpleType => WhiteSpace::Preserve,
            Builtin::NormalizedString => WhiteSpace::Replace,
            _ => WhiteSpace::Collapse,
        }
    }

    /// Which facets the type accepts, by facet name.
    pub fn accepts_facet(self, facet: &str) -> bool {
        let common = matches!(facet, "enumeration" | "pattern" | "whiteSpace");
        let length = matches!(facet, "length" | "minLength" | "maxLength");
        let order = matches!(
            facet,
            "minInclusive" | "minExclusive" | "maxInclusive" | "maxExclusive"
        );
        let digits = matches!(facet, "totalDigits" | "fractionDigits");
        common
            || match self.family() {
                Family::String | Family::HexBinary | Family::Base64Binary => length,
                Family::Decimal => order || digits,
                Family::Float | Family::Double => order,
                Family::Boolean => false,
                // Ordering facets on dates and times need a timezone-aware
                // partial order; no DUIS schema uses them.
                Family::DateTime | Family::Date | Family::Time => false,
            }
    }
}
