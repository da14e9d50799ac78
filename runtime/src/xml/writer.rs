//! Writing documents from the generated models.

use super::any::{AnyElement, AnyNode};
use super::{Content, Group, Ns, Schema, XML_URI, XS_QNAME, split_expanded};
use crate::value::SimpleValue;

/// Writes one document. The root element declares every namespace of the
/// schema with its usual prefix; the generated code writes elements, then
/// attributes and content through it.
pub struct Writer {
    out: String,
    schema: &'static Schema,
    /// Whether the last start tag is still open (attributes may follow).
    open: bool,
    /// Whether the root element's namespace declarations are still to write.
    root: bool,
    scratch: String,
}

impl Writer {
    pub fn new(schema: &'static Schema) -> Self {
        let mut out = String::with_capacity(1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Writer {
            out,
            schema,
            open: false,
            root: true,
            scratch: String::new(),
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn close_start_tag(&mut self) {
        if self.open {
            self.out.push('>');
            self.open = false;
        }
    }

    fn write_name(&mut self, ns: Ns, local: &str) {
        if let Some(prefix) = self.schema.prefix_of(ns) {
            self.out.push_str(prefix);
            self.out.push(':');
        }
        self.out.push_str(local);
    }

    /// Writes `<prefix:local` (and, on the root, the namespace declarations).
    pub fn start(&mut self, ns: Ns, local: &str) {
        self.close_start_tag();
        self.out.push('<');
        self.write_name(ns, local);
        if self.root {
            self.root = false;
            for namespace in self.schema.namespaces {
                self.out.push_str(" xmlns:");
                self.out.push_str(namespace.prefix);
                self.out.push_str("=\"");
                escape_attribute(namespace.uri, &mut self.out);
                self.out.push('"');
            }
        }
        self.open = true;
    }

    /// Writes `/>` or `</prefix:local>`.
    pub fn end(&mut self, ns: Ns, local: &str) {
        if self.open {
            self.out.push_str("/>");
            self.open = false;
        } else {
            self.out.push_str("</");
            self.write_name(ns, local);
            self.out.push('>');
        }
    }

    /// Writes an attribute of the element whose start tag is open.
    pub fn attribute<T: SimpleValue>(&mut self, ns: Ns, local: &str, value: &T) {
        debug_assert!(self.open, "attributes follow a start tag");
        self.out.push(' ');
        self.write_name(ns, local);
        self.out.push_str("=\"");
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        value.write_lexical(&mut scratch);
        escape_attribute(&scratch, &mut self.out);
        self.scratch = scratch;
        self.out.push('"');
    }

    /// Writes an optional attribute.
    pub fn optional_attribute<T: SimpleValue>(&mut self, ns: Ns, local: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.attribute(ns, local, value);
        }
    }

    /// Writes a simple value as the element's content.
    pub fn text<T: SimpleValue>(&mut self, value: &T) {
        self.close_start_tag();
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        value.write_lexical(&mut scratch);
        escape_text(&scratch, &mut self.out);
        self.scratch = scratch;
    }

    /// Writes an element.
    pub fn element<T: Content>(&mut self, ns: Ns, local: &str, value: &T) {
        self.start(ns, local);
        value.encode(self);
        self.end(ns, local);
    }

    /// Writes an optional element.
    pub fn optional<T: Content>(&mut self, ns: Ns, local: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.element(ns, local, value);
        }
    }

    /// Writes repeated elements.
    pub fn repeated<T: Content>(&mut self, ns: Ns, local: &str, values: &[T]) {
        for value in values {
            self.element(ns, local, value);
        }
    }

    /// Writes a model group.
    pub fn group<G: Group>(&mut self, group: &G) {
        group.encode(self);
    }

    /// Writes an optional model group.
    pub fn optional_group<G: Group>(&mut self, group: &Option<G>) {
        if let Some(group) = group {
            group.encode(self);
        }
    }

    /// Writes repeated model groups.
    pub fn groups<G: Group>(&mut self, groups: &[G]) {
        for group in groups {
            group.encode(self);
        }
    }

    /// Writes elements a wildcard admitted.
    pub fn any(&mut self, elements: &[AnyElement]) {
        for element in elements {
            self.close_start_tag();
            write_any(element, None, &mut self.out);
        }
    }
}

/// Writes a generic element; it declares its own namespace as the default one
/// and gives attribute namespaces generated prefixes.
pub(crate) fn write_any(element: &AnyElement, default_ns: Option<&str>, out: &mut String) {
    let qname = qname_text(element);
    // A name in no namespace as its text: no default namespace may be in
    // scope, so an element of a namespace writes its own name with a prefix.
    let prefixed = matches!(qname, Some(("", _))) && element.namespace.is_some();
    let ns = element.namespace.as_deref();
    out.push('<');
    if prefixed {
        out.push_str("e:");
    }
    out.push_str(&element.name);
    if prefixed {
        out.push_str(" xmlns:e=\"");
        escape_attribute(ns.unwrap_or(""), out);
        out.push_str("\" xmlns=\"\"");
    } else if ns != default_ns {
        out.push_str(" xmlns=\"");
        escape_attribute(ns.unwrap_or(""), out);
        out.push('"');
    }
    // The prefix of the text's name, declared here.
    let text_prefix = match qname {
        Some((uri, _)) if !uri.is_empty() => Some(bind(uri, "q", out)),
        _ => None,
    };
    for (i, attribute) in element.attributes.iter().enumerate() {
        let prefix = attribute
            .namespace
            .as_deref()
            .map(|uri| bind(uri, &format!("a{i}"), out));
        // An expanded `xsi:type` name gets a prefix of its own again.
        let value_name = split_expanded(&attribute.value)
            .filter(|(uri, _)| attribute.is_xsi_type() && !uri.is_empty())
            .map(|(uri, local)| (bind(uri, &format!("t{i}"), out), local));
        out.push(' ');
        if let Some(prefix) = prefix {
            out.push_str(&prefix);
            out.push(':');
        }
        out.push_str(&attribute.name);
        out.push_str("=\"");
        match value_name {
            Some((prefix, local)) => {
                out.push_str(&prefix);
                out.push(':');
                escape_attribute(local, out);
            }
            None => escape_attribute(&attribute.value, out),
        }
        out.push('"');
    }
    if element.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    match qname {
        Some((_, local)) => {
            if let Some(prefix) = &text_prefix {
                out.push_str(prefix);
                out.push(':');
            }
            escape_text(local, out);
        }
        None => {
            for child in &element.children {
                match child {
                    AnyNode::Text(text) => escape_text(text, out),
                    AnyNode::Element(e) => write_any(e, ns, out),
                }
            }
        }
    }
    out.push_str("</");
    if prefixed {
        out.push_str("e:");
    }
    out.push_str(&element.name);
    out.push('>');
}

/// The prefix a name of namespace `uri` is written with inside the start
/// tag being written: `xml` for the XML namespace, which is bound already
/// and to which no other prefix may be bound (Namespaces in XML 1.0,
/// section 3); otherwise `prefix`, declared here.
fn bind(uri: &str, prefix: &str, out: &mut String) -> String {
    if uri == XML_URI {
        return "xml".to_owned();
    }
    out.push_str(" xmlns:");
    out.push_str(prefix);
    out.push_str("=\"");
    escape_attribute(uri, out);
    out.push('"');
    prefix.to_owned()
}

/// The expanded name `(uri, local)` an element whose `xsi:type` is
/// `xs:QName` has as its text, when the decoder resolved it (see
/// [`AnyElement`]): it is written with a prefix declared for it.
fn qname_text(element: &AnyElement) -> Option<(&str, &str)> {
    if element.xsi_type() != Some(XS_QNAME) {
        return None;
    }
    match element.children.as_slice() {
        [AnyNode::Text(text)] => split_expanded(text),
        _ => None,
    }
}

/// Escapes character data; carriage returns are written as references so
/// that they survive end-of-line normalisation.
pub(crate) fn escape_text(text: &str, out: &mut String) {
    escape(text, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'\r' => Some("&#13;"),
        _ => None,
    });
}

/// Escapes an attribute value; whitespace other than spaces is written as
/// references so that it survives attribute-value normalisation.
pub(crate) fn escape_attribute(text: &str, out: &mut String) {
    escape(text, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'"' => Some("&quot;"),
        b'\t' => Some("&#9;"),
        b'\n' => Some("&#10;"),
        b'\r' => Some("&#13;"),
        _ => None,
    });
}

/// Copies `text`, replacing the bytes `replace` names (all ASCII).
fn escape(text: &str, out: &mut String, replace: impl Fn(u8) -> Option<&'static str>) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(replacement) = replace(b) {
            out.push_str(&text[last..i]);
            out.push_str(replacement);
            last = i + 1;
        }
    }
    out.push_str(&text[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        let mut out = String::new();
        escape_text("a<b&c>d\r\n", &mut out);
        assert_eq!(out, "a&lt;b&amp;c&gt;d&#13;\n");
        out.clear();
        escape_attribute("\"x\"\t\n", &mut out);
        assert_eq!(out, "&quot;x&quot;&#9;&#10;");
    }
}
