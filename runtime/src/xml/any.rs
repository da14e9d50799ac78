//! Elements admitted by a wildcard (`xs:any`), kept as generic trees.

/// An element a wildcard admitted: its expanded name, attributes and content.
///
/// Prefixes mean nothing outside the scope of their declarations, which a
/// captured tree does not keep: where a value is a qualified name, the tree
/// keeps the expanded name it resolves to, `{uri}local`. That is the value
/// of `xsi:type` (see [`AnyAttribute`]), and the text of an element whose
/// `xsi:type` is `xs:QName` (`{}local` for a name in no namespace; as
/// written when it is not a qualified name or its prefix is not declared).
/// The encoder declares prefixes for them again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnyElement {
    /// Namespace URI; `None` for an unqualified name.
    pub namespace: Option<String>,
    pub name: String,
    pub attributes: Vec<AnyAttribute>,
    pub children: Vec<AnyNode>,
}

/// An attribute of an [`AnyElement`]. The value of `xsi:type`, a name
/// whose prefix means nothing outside its scope, is kept as the expanded
/// name it resolves to, `{uri}local` (as written when its prefix is not
/// declared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnyAttribute {
    pub namespace: Option<String>,
    pub name: String,
    pub value: String,
}

impl AnyAttribute {
    pub fn is_xsi_type(&self) -> bool {
        self.name == "type" && self.namespace.as_deref() == Some(super::XSI_URI)
    }
}

/// A child of an [`AnyElement`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyNode {
    Element(AnyElement),
    Text(String),
}

impl AnyElement {
    pub fn new(namespace: Option<String>, name: &str) -> Self {
        AnyElement {
            namespace,
            name: name.to_owned(),
            ..AnyElement::default()
        }
    }

    pub(crate) fn push_element(&mut self, element: AnyElement) {
        self.children.push(AnyNode::Element(element));
    }

    /// Appends text, merging it with preceding text.
    pub(crate) fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(AnyNode::Text(last)) = self.children.last_mut() {
            last.push_str(text);
        } else {
            self.children.push(AnyNode::Text(text.to_owned()));
        }
    }

    /// The value of its `xsi:type` attribute, if it has one.
    pub fn xsi_type(&self) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.is_xsi_type())
            .map(|a| a.value.as_str())
    }

    /// The element as a standalone XML document.
    pub fn to_document(&self) -> String {
        let mut out = String::new();
        super::writer::write_any(self, None, &mut out);
        out
    }
}
