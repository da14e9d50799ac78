//! Support for the code `cargo xtask generate` writes into the `duis` crate:
//! a strict, bounded XML decoder and an encoder ([`xml`]), the values of XSD
//! simple types ([`value`]), facet checks ([`facets`]) and errors ([`error`]).
//!
//! Nothing here knows DUIS: the generated code describes each DUIS type, this
//! crate does the XML.

pub mod chars;
pub mod error;
pub mod facets;
pub mod value;
pub mod xml;

pub use error::{DecodeError, Reason, ValueError, escape_controls};
pub use value::{SimpleValue, WhiteSpace};
pub use xml::{
    AnyElement, AttributeType, ComplexType, Content, Decoder, Group, Ids, Limits, Name, Ns,
    ProcessContents, Schema, SimpleContentType, SimpleType, Start, TypeName, Validator, Wildcard,
    WildcardNamespaces, Writer, validate_as,
};
