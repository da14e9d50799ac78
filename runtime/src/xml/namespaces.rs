//! Namespace declarations in scope, and resolving names against them.
//!
//! quick-xml's namespace-aware reader costs a third of the parse; DUIS
//! messages declare a handful of namespaces, nearly always on the root, so
//! the decoder keeps its own small stack of bindings and resolves a prefix
//! to a schema namespace number once, when it is declared.

use std::borrow::Cow;

use super::attributes::{Read, normalized, read_attributes};
use super::{Limits, Ns, Schema, XML_URI};

const XMLNS_URI: &str = "http://www.w3.org/2000/xmlns/";

struct Binding<'a> {
    /// `""` for the default namespace.
    prefix: &'a str,
    ns: Ns,
    uri: Cow<'a, str>,
}

/// Why a tag's declarations were refused.
pub(crate) enum DeclareError {
    Syntax(String),
    TooManyAttributes,
    TooManyNamespaces,
}

impl From<String> for DeclareError {
    fn from(message: String) -> Self {
        DeclareError::Syntax(message)
    }
}

/// The bindings in scope, innermost last.
pub(crate) struct Namespaces<'a> {
    bindings: Vec<Binding<'a>>,
}

/// A resolved name: the namespace and the local name. When the namespace is
/// not one of the schema's ([`Ns::OTHER`]), [`Namespaces::uri`] gives its URI.
pub(crate) struct Resolved<'a> {
    pub ns: Ns,
    pub local: &'a str,
}

impl<'a> Namespaces<'a> {
    pub fn new() -> Self {
        Namespaces {
            bindings: Vec::with_capacity(8),
        }
    }

    /// Applies the declarations of a start tag (`tag` is the text between
    /// `<` and `>`, its name `name_len` bytes long, a slice of the input);
    /// returns how many bindings were added (to remove at the end tag). A
    /// tag of more attributes than the limits allow is refused before its
    /// declarations are compared, and so are declarations beyond the limit
    /// of bindings in scope (each name is looked up among them).
    pub fn declare(
        &mut self,
        schema: &Schema,
        tag: &'a str,
        name_len: usize,
        limits: &Limits,
    ) -> Result<usize, DeclareError> {
        let raw = tag.as_bytes().get(name_len..).unwrap_or_default();
        if raw.is_empty() {
            return Ok(0);
        }
        let declares = memchr::memchr_iter(b'x', raw).any(|i| raw[i..].starts_with(b"xmlns"));
        if !declares {
            return Ok(0);
        }
        // Duplicate declarations are refused here (other duplicates when
        // the element's attributes are read).
        let mut added = 0;
        read_attributes(
            tag,
            name_len,
            |read| match read {
                Read::Attribute { number, name, raw } => {
                    self.declare_one(schema, limits, number, &mut added, name, raw)
                }
                Read::Again => {
                    self.pop(added);
                    added = 0;
                    Ok(())
                }
            },
            // Past the limit, the limit is what is reported.
            |number, e| {
                if number > limits.max_attributes {
                    DeclareError::TooManyAttributes
                } else {
                    e.to_string().into()
                }
            },
        )?;
        Ok(added)
    }

    /// The `count`th attribute of a start tag, `key="raw"`: a declaration
    /// takes effect (`added` counts those of the tag), any other attribute
    /// is left for later.
    fn declare_one(
        &mut self,
        schema: &Schema,
        limits: &Limits,
        count: usize,
        added: &mut usize,
        key: &'a str,
        raw: Cow<'a, str>,
    ) -> Result<(), DeclareError> {
        if count > limits.max_attributes {
            return Err(DeclareError::TooManyAttributes);
        }
        let prefix = if key == "xmlns" {
            ""
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            prefix
        } else {
            return Ok(());
        };
        let uri = normalized(key, raw)
            .map_err(|e| format!("attribute `{}`: {e}", crate::error::clip(key)))?;
        check_declaration(prefix, &uri)?;
        let this_tag = &self.bindings[self.bindings.len() - *added..];
        if this_tag.iter().any(|b| b.prefix == prefix) {
            return Err(DeclareError::Syntax(format!(
                "attribute `{}` appears twice",
                crate::error::clip(key)
            )));
        }
        let ns = if uri == XML_URI {
            Ns::XML
        } else {
            schema.ns_of(&uri)
        };
        if self.bindings.len() >= limits.max_namespaces_in_scope {
            return Err(DeclareError::TooManyNamespaces);
        }
        self.bindings.push(Binding { prefix, ns, uri });
        *added += 1;
        Ok(())
    }

    pub fn pop(&mut self, count: usize) {
        let keep = self.bindings.len().saturating_sub(count);
        self.bindings.truncate(keep);
    }

    fn lookup(&self, prefix: &str) -> Option<&Binding<'a>> {
        self.bindings.iter().rev().find(|b| b.prefix == prefix)
    }

    /// The namespace URI of a name in scope (`element`: whether an
    /// unprefixed name takes the default namespace); `None` when the name is
    /// in no namespace or its prefix is not declared.
    pub fn uri(&self, qname: &str, element: bool) -> Option<&str> {
        match qname.split_once(':') {
            Some(("xml", _)) => Some(XML_URI),
            Some((prefix, _)) => self.lookup(prefix).map(|b| b.uri.as_ref()),
            None if element => self.lookup("").map(|b| b.uri.as_ref()),
            None => None,
        }
        .filter(|uri| !uri.is_empty())
    }

    /// Resolves an element name; unprefixed names take the default namespace.
    pub fn element(&self, qname: &'a str) -> Result<Resolved<'a>, String> {
        self.resolve(qname, true)
    }

    /// Resolves an attribute name; unprefixed names are in no namespace.
    pub fn attribute(&self, qname: &'a str) -> Result<Resolved<'a>, String> {
        self.resolve(qname, false)
    }

    fn resolve(&self, qname: &'a str, element: bool) -> Result<Resolved<'a>, String> {
        // The common case: a prefix declared in scope, e.g. `sr:Header`.
        let bytes = qname.as_bytes();
        // One colon, no more.
        if let Some(colon) = crate::chars::find_byte(bytes, b':')
            && colon > 0
            && colon + 1 < bytes.len()
            && crate::chars::find_byte(&bytes[colon + 1..], b':').is_none()
        {
            let prefix = &bytes[..colon];
            let binding = self
                .bindings
                .iter()
                .rev()
                .find(|b| crate::chars::same_bytes(b.prefix.as_bytes(), prefix));
            if let Some(binding) = binding
                && !binding.uri.is_empty()
            {
                return Ok(Resolved {
                    ns: binding.ns,
                    local: &qname[colon + 1..],
                });
            }
        }
        let (prefix, local) = match qname.split_once(':') {
            Some((prefix, local)) => {
                if prefix.is_empty() || local.is_empty() || local.contains(':') {
                    return Err(format!(
                        "`{}` is not a valid qualified name",
                        crate::error::clip(qname)
                    ));
                }
                (prefix, local)
            }
            None => ("", qname),
        };
        if prefix == "xml" {
            return Ok(Resolved { ns: Ns::XML, local });
        }
        match self.lookup(prefix) {
            Some(binding) if binding.uri.is_empty() => {
                // `xmlns=""` undeclares the default namespace.
                Ok(Resolved {
                    ns: Ns::NONE,
                    local,
                })
            }
            Some(binding) if element || !prefix.is_empty() => Ok(Resolved {
                ns: binding.ns,
                local,
            }),
            _ if prefix.is_empty() => Ok(Resolved {
                ns: Ns::NONE,
                local,
            }),
            _ => Err(format!(
                "namespace prefix `{}` is not declared",
                crate::error::clip(prefix)
            )),
        }
    }
}

/// Namespaces in XML 1.0, section 3: what a declaration may not say.
fn check_declaration(prefix: &str, uri: &str) -> Result<(), String> {
    if prefix == "xmlns" {
        return Err("the prefix `xmlns` cannot be declared".into());
    }
    if prefix == "xml" && uri != XML_URI {
        return Err(format!("the prefix `xml` can only be bound to `{XML_URI}`"));
    }
    if prefix != "xml" && uri == XML_URI {
        return Err(format!("only the prefix `xml` can be bound to `{XML_URI}`"));
    }
    if uri == XMLNS_URI {
        return Err(format!("`{XMLNS_URI}` cannot be declared"));
    }
    if !prefix.is_empty() && uri.is_empty() {
        return Err(format!(
            "the prefix `{prefix}` cannot be bound to an empty namespace name"
        ));
    }
    if !prefix.is_empty() && !crate::chars::is_ncname(prefix) {
        return Err(format!("`{prefix}` is not a valid namespace prefix"));
    }
    Ok(())
}
