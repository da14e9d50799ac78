//! Strict XML decoding and encoding for the generated models.
//!
//! The generated code describes each type's content model with calls on a
//! [`Decoder`] (which element comes next, how often) and a [`Writer`]; this
//! module does the XML: well-formedness, namespaces, text, limits and error
//! paths.

mod any;
mod attributes;
mod declaration;
mod decoder;
mod namespaces;
mod types;
mod writer;

pub use any::{AnyAttribute, AnyElement, AnyNode};
pub use attributes::Attributes;
pub use decoder::{Decoder, Limits, Start, parser};
pub use types::{
    AttributeType, ComplexType, SimpleContentType, SimpleType, TypeName, Validator, validate_as,
};
pub use writer::Writer;

use crate::error::DecodeError;

/// A namespace, as a small number: the fixed ones below, then the namespaces
/// a [`Schema`] declares (see [`Ns::declared`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ns(pub u8);

impl Ns {
    /// No namespace (an unqualified name).
    pub const NONE: Ns = Ns(0);
    /// A namespace the schema does not declare.
    pub const OTHER: Ns = Ns(1);
    /// `http://www.w3.org/2001/XMLSchema-instance`
    pub const XSI: Ns = Ns(2);
    /// `http://www.w3.org/XML/1998/namespace`
    pub const XML: Ns = Ns(3);
    /// `http://www.w3.org/2001/XMLSchema`, the built-in types' (named by
    /// `xsi:type`).
    pub const XS: Ns = Ns(4);

    /// The `i`-th namespace of a schema's table.
    pub const fn declared(i: u8) -> Ns {
        Ns(5 + i)
    }
}

pub(crate) const XSI_URI: &str = "http://www.w3.org/2001/XMLSchema-instance";
pub(crate) const XML_URI: &str = "http://www.w3.org/XML/1998/namespace";
pub(crate) const XS_URI: &str = "http://www.w3.org/2001/XMLSchema";
/// The namespace URI and local name of an expanded name `{uri}local`, the
/// form in which a captured tree keeps qualified names (see [`AnyElement`]);
/// `None` for anything else. A local name has no `}`, so the last one ends
/// the URI.
pub(crate) fn split_expanded(value: &str) -> Option<(&str, &str)> {
    value.strip_prefix('{')?.rsplit_once('}')
}

/// `xs:QName` as the expanded name `{uri}local` a captured `xsi:type` keeps.
pub(crate) const XS_QNAME: &str = "{http://www.w3.org/2001/XMLSchema}QName";

/// The `xs:ID` values met in a document (each may appear once).
pub type Ids = std::collections::HashSet<String>;

/// An expanded element or attribute name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Name<'a> {
    pub ns: Ns,
    pub local: &'a str,
}

/// A namespace a schema declares, with the prefix used when writing.
#[derive(Debug)]
pub struct Namespace {
    pub uri: &'static str,
    pub prefix: &'static str,
}

/// What the decoder and writer need to know of a schema set (one DUIS version):
/// its namespaces, and how to validate an element a wildcard admits.
pub struct Schema {
    /// A name for messages, such as `DUIS 5.4`.
    pub name: &'static str,
    /// Namespace `i` of the table is [`Ns::declared`]`(i)`.
    pub namespaces: &'static [Namespace],
    /// Validates a standalone document whose root is a global element of the
    /// schema; `None` when the schema declares no global element of that name.
    /// The third argument holds the IDs of the document the element is in
    /// (see [`Decoder::validate_nested`]).
    pub validate_global: fn(Name<'_>, &str, &mut Ids) -> Option<Result<(), DecodeError>>,
    /// The schema's named simple types (the built-in ones aside), for
    /// `xsi:type`.
    pub simple_types: &'static [SimpleType],
    /// Named complex types derived from another named one with no content
    /// or attribute of their own, as (derived, base): an element of the
    /// base type may name them in `xsi:type`, its shape unchanged.
    pub unchanged_derivations: &'static [(TypeName, TypeName)],
    /// The schema's named complex types with simple content, for
    /// `xsi:type` on elements of a simple type or of such a type.
    pub simple_content_types: &'static [SimpleContentType],
    /// The schema's named complex types with element or empty content that
    /// an element may have (not abstract), for `xsi:type` on elements a lax
    /// wildcard admits.
    pub complex_types: &'static [ComplexType],
}

impl Schema {
    pub(crate) fn ns_of(&self, uri: &str) -> Ns {
        if uri.is_empty() {
            return Ns::NONE;
        }
        for (i, ns) in self.namespaces.iter().enumerate() {
            if ns.uri == uri {
                return Ns::declared(i as u8);
            }
        }
        match uri {
            XSI_URI => Ns::XSI,
            XML_URI => Ns::XML,
            XS_URI => Ns::XS,
            _ => Ns::OTHER,
        }
    }

    pub(crate) fn uri_of(&self, ns: Ns) -> Option<&'static str> {
        match ns {
            Ns::NONE | Ns::OTHER => None,
            Ns::XSI => Some(XSI_URI),
            Ns::XML => Some(XML_URI),
            Ns::XS => Some(XS_URI),
            Ns(i) => self.namespaces.get(usize::from(i - 5)).map(|n| n.uri),
        }
    }

    pub(crate) fn prefix_of(&self, ns: Ns) -> Option<&'static str> {
        match ns {
            Ns::NONE | Ns::OTHER => None,
            Ns::XSI => Some("xsi"),
            Ns::XML => Some("xml"),
            Ns::XS => Some("xs"),
            Ns(i) => self.namespaces.get(usize::from(i - 5)).map(|n| n.prefix),
        }
    }

    /// A named simple type, built-in or the schema's.
    pub(crate) fn simple_type(&self, name: Name<'_>) -> Option<SimpleType> {
        if name.ns == Ns::XS {
            types::builtin(name.local)
        } else {
            self.simple_types.iter().find(|t| t.name.is(name)).copied()
        }
    }

    /// Whether the complex type `derived` is `base`, or derived from it
    /// through types that add nothing to it.
    pub(crate) fn derives_unchanged(&self, derived: Name<'_>, base: TypeName) -> bool {
        reaches(derived, base, |name| {
            self.unchanged_derivations
                .iter()
                .find(|(d, _)| d.is(name))
                .map(|&(_, b)| b)
        })
    }

    /// Whether the simple type `derived` is `base` or is derived from it by
    /// restriction, step by step (XML Schema Part 1, 3.14.6, Type
    /// Derivation OK (Simple); DUIS blocks no derivation).
    pub(crate) fn derives(&self, derived: Name<'_>, base: TypeName) -> bool {
        reaches(derived, base, |name| {
            self.simple_type(name).and_then(|t| t.base)
        })
    }

    /// The named complex type with simple content `derived`, when it is
    /// not abstract and is derived from `base` step by step, by extension
    /// or restriction, through complex types with simple content and then
    /// simple types (XML Schema Part 1, 3.4.6, Type Derivation OK
    /// (Complex)).
    pub(crate) fn simple_content_type(
        &self,
        derived: Name<'_>,
        base: TypeName,
    ) -> Option<&'static SimpleContentType> {
        let named = |name: Name<'_>| self.simple_content_types.iter().find(|t| t.name.is(name));
        let ty = named(derived).filter(|t| !t.is_abstract)?;
        reaches(derived, base, |name| match named(name) {
            Some(t) => Some(t.base),
            None => self.simple_type(name).and_then(|t| t.base),
        })
        .then_some(ty)
    }

    /// `prefix:local` with the schema's prefix (for messages).
    pub fn display(&self, name: Name<'_>) -> String {
        match self.prefix_of(name.ns) {
            Some(prefix) => format!("{prefix}:{}", name.local),
            None => name.local.to_owned(),
        }
    }
}

/// Whether the chain of types from `start`, each followed by `next` of it,
/// meets `target` (the start included). A chain longer than 256 steps, far
/// beyond any type hierarchy, could only be a cycle.
fn reaches(start: Name<'_>, target: TypeName, next: impl Fn(Name<'_>) -> Option<TypeName>) -> bool {
    let mut current = start;
    for _ in 0..256 {
        if target.is(current) {
            return true;
        }
        match next(current) {
            Some(name) => {
                current = Name {
                    ns: name.ns,
                    local: name.local,
                }
            }
            None => return false,
        }
    }
    false
}

/// Decodes a document whose root element must be `ns:local`, as a `T`.
pub fn decode_root<T: Content>(
    xml: &str,
    schema: &'static Schema,
    ns: Ns,
    local: &str,
) -> Result<T, DecodeError> {
    Decoder::decode_document(xml, schema, Limits::default(), |d, name| {
        if name.ns == ns && name.local == local {
            d.take()
        } else {
            let expected = format!("`{}`", schema.display(Name { ns, local }));
            Err(d.wrong_root(&expected))
        }
    })
}

/// Encodes a value as a document whose root element is `ns:local`.
pub fn encode_root<T: Content>(value: &T, schema: &'static Schema, ns: Ns, local: &str) -> String {
    let mut w = Writer::new(schema);
    w.element(ns, local, value);
    w.finish()
}

/// Reads the `schemaVersion` attribute of a document's root element and
/// finds it in `versions` (compared as decimals: `5.40` is `5.4`).
pub fn detect_version(xml: &str, versions: &[&str]) -> Result<usize, DecodeError> {
    use crate::error::Reason;
    let value = decoder::root_attribute(xml, "schemaVersion")?;
    let Some(value) = value else {
        return Err(DecodeError::new(
            "",
            Reason::UnsupportedVersion(
                "the root element has no schemaVersion attribute; name the DUIS version explicitly"
                    .into(),
            ),
        ));
    };
    let wanted = crate::value::parse_decimal(
        crate::value::normalize(&value, crate::value::WhiteSpace::Collapse).as_ref(),
    );
    let found = wanted.ok().and_then(|wanted| {
        versions
            .iter()
            .position(|v| crate::value::parse_decimal(v).is_ok_and(|v| v == wanted))
    });
    found.ok_or_else(|| {
        DecodeError::new(
            "",
            Reason::UnsupportedVersion(format!(
                "schemaVersion `{value}` is not a supported DUIS version (supported: {})",
                versions.join(", ")
            )),
        )
    })
}

/// The content of an element of a given type: decoded after its start tag,
/// encoded between its tags.
pub trait Content: Sized {
    /// The type's name in its schema, which `xsi:type` may give (`None` for
    /// an anonymous type).
    const XSD_TYPE: Option<TypeName> = None;

    /// Decodes the attributes of `start` and the element's content; the
    /// decoder consumes the end tag afterwards.
    fn decode<'a>(d: &mut Decoder<'a>, start: &Start<'a>) -> Result<Self, DecodeError>;

    /// Decodes the whole element, its end tag included. Types of simple
    /// content without attributes (nearly every DUIS element) take a shorter
    /// way through the decoder than the general one.
    #[doc(hidden)]
    fn decode_element<'a>(d: &mut Decoder<'a>, start: &Start<'a>) -> Result<Self, DecodeError> {
        d.element(start)
    }

    /// Writes the attributes and the content (the writer writes the tags).
    fn encode(&self, w: &mut Writer);
}

impl<T: crate::value::SimpleValue> Content for T {
    const XSD_TYPE: Option<TypeName> = T::XSD_TYPE;

    fn decode<'a>(d: &mut Decoder<'a>, start: &Start<'a>) -> Result<Self, DecodeError> {
        d.no_attributes(start)?;
        d.simple()
    }

    fn decode_element<'a>(d: &mut Decoder<'a>, start: &Start<'a>) -> Result<Self, DecodeError> {
        d.leaf(start)
    }

    fn encode(&self, w: &mut Writer) {
        w.text(self);
    }
}

/// A model group (a nested sequence or choice) that has a Rust type of its own.
pub trait Group: Sized {
    /// Decodes the group when the next element can start it; returns `None`
    /// and consumes nothing otherwise.
    fn try_decode(d: &mut Decoder<'_>) -> Result<Option<Self>, DecodeError>;

    fn encode(&self, w: &mut Writer);
}

/// Which namespaces an `xs:any` wildcard admits.
#[derive(Debug, Clone, Copy)]
pub enum WildcardNamespaces {
    /// `##any`
    Any,
    /// `##other`: qualified names of any namespace but this one.
    Other(Ns),
    /// An explicit list of namespace URIs; the empty string stands for `##local`.
    List(&'static [&'static str]),
}

/// How the elements a wildcard admits are validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessContents {
    /// Against the schema's global element declaration, which must exist.
    Strict,
    /// Against the global declaration when there is one.
    Lax,
    /// Not at all.
    Skip,
}

/// An `xs:any` particle.
#[derive(Debug, Clone, Copy)]
pub struct Wildcard {
    pub namespaces: WildcardNamespaces,
    pub process: ProcessContents,
}
