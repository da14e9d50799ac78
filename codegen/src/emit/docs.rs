//! Documentation the spec adds to the generated code (SRV names, response
//! code meanings). The emitter asks; the spec tables answer.

/// A source of documentation for generated items.
pub trait Docs {
    /// Text for an enumeration value of a named simple type, e.g. for value
    /// `E080801` of `sr:ResponseCode` in version `5.4`.
    fn enum_value(&self, _version: &str, _type_name: &str, _value: &str) -> Option<String> {
        None
    }

    /// Text for an element, by local name, e.g. the SRV a request body
    /// element carries.
    fn element(&self, _version: &str, _local: &str) -> Option<String> {
        None
    }
}

/// No documentation beyond what the schemas say.
pub struct NoDocs;

impl Docs for NoDocs {}
