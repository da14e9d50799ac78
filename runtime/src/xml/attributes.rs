//! Attributes of a start tag, as the generated code asks for them.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::attributes::{AttrError, Attribute, Attributes as RawAttributes};
use quick_xml::name::QName;

use super::any::AnyAttribute;
use super::decoder::duplicate_id;
use super::decoder::{Decoder, Start};
use super::{AttributeType, Ids, Ns, Schema, SimpleContentType};
use crate::error::{DecodeError, Reason, clip};
use crate::value::SimpleValue;

/// The attributes of one tag, slices of the input. The decoder keeps one
/// such list and lends it to each tag in turn ([`Decoder::attributes`]):
/// the list is three words to move, where a small-vector of inline
/// attributes was hundreds of bytes, copied with each tag that has any.
pub(crate) type Attrs<'a> = Vec<RawAttribute<'a>>;

/// An attribute of a start tag (namespace declarations excluded).
pub(crate) struct RawAttribute<'a> {
    pub ns: Ns,
    pub other_uri: Option<Box<str>>,
    pub local: &'a str,
    pub qname: &'a str,
    pub value: Cow<'a, str>,
    used: bool,
}

impl RawAttribute<'_> {
    pub fn into_any(self, schema: &Schema) -> AnyAttribute {
        AnyAttribute {
            namespace: self
                .other_uri
                .map(String::from)
                .or_else(|| schema.uri_of(self.ns).map(str::to_owned)),
            name: self.local.to_owned(),
            value: self.value.into_owned(),
        }
    }
}

/// What [`read_attributes`] hands on: the next attribute, or word that the
/// tag is read again from its start.
pub(crate) enum Read<'a> {
    /// The `number`th attribute of the tag (from 1), namespace
    /// declarations included: its name and its value between the quotes.
    Attribute {
        number: usize,
        name: &'a str,
        raw: Cow<'a, str>,
    },
    /// The tag is not of the plain shape: what was done with the
    /// attributes handed on so far is to be undone, for they come again.
    Again,
}

/// Each attribute of a start tag (`tag`, its name `name_len` bytes long),
/// in order: by the plain splitter while the tag has the plain shape (what
/// it reads, it reads just as quick-xml's reader does), otherwise by
/// quick-xml's reader from the tag's start again. quick-xml's own check of
/// duplicates (which allocates) is not used: the callers refuse them.
/// `error` makes the error of a syntax error quick-xml finds at the
/// `number`th attribute.
#[inline(always)]
pub(crate) fn read_attributes<'a, E>(
    tag: &'a str,
    name_len: usize,
    mut each: impl FnMut(Read<'a>) -> Result<(), E>,
    error: impl Fn(usize, AttrError) -> E,
) -> Result<(), E> {
    let mut plain = Plain::new(tag.get(name_len..).unwrap_or_default());
    let mut number = 0;
    loop {
        match plain.next() {
            Some(Some((name, raw))) => {
                number += 1;
                let raw = Cow::Borrowed(raw);
                each(Read::Attribute { number, name, raw })?;
            }
            None => return Ok(()),
            Some(None) => break,
        }
    }
    each(Read::Again)?;
    for (i, attribute) in RawAttributes::new(tag, name_len)
        .with_checks(false)
        .enumerate()
    {
        let attribute = attribute.map_err(|e| error(i + 1, e))?;
        each(Read::Attribute {
            number: i + 1,
            name: attribute.key.0,
            raw: attribute.value,
        })?;
    }
    Ok(())
}

/// Reads the attributes of a start tag into `out` (emptied first): checks
/// their syntax, resolves their namespaces, normalises their values and
/// refuses duplicates (by expanded name, which also catches two prefixes
/// bound to one namespace; duplicate namespace declarations are refused by
/// the namespace stack).
pub(crate) fn collect<'a>(
    d: &Decoder<'a>,
    start: &Start<'a>,
    out: &mut Attrs<'a>,
) -> Result<(), DecodeError> {
    out.clear();
    read_attributes(
        start.tag(),
        start.qname().len(),
        |read| match read {
            Read::Attribute { number, name, raw } => add(d, start, out, number, name, raw),
            Read::Again => {
                out.clear();
                Ok(())
            }
        },
        |_, e| d.error(Reason::Syntax(e.to_string())),
    )
}

/// The `number`th attribute of a start tag as written (`raw`: its value
/// between the quotes; the number counts namespace declarations too),
/// checked and added to `out`.
fn add<'a>(
    d: &Decoder<'a>,
    start: &Start<'a>,
    out: &mut Attrs<'a>,
    number: usize,
    qname: &'a str,
    raw: Cow<'a, str>,
) -> Result<(), DecodeError> {
    if number > d.limits().max_attributes {
        return Err(d.too_many_attributes());
    }
    // XML 1.0, production 40: attributes are separated by whitespace
    // (quick-xml reads `a="1"b="2"` as two attributes).
    let at = (qname.as_ptr() as usize).wrapping_sub(start.tag().as_ptr() as usize);
    let separated = at
        .checked_sub(1)
        .and_then(|i| start.tag().as_bytes().get(i))
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if !separated {
        return Err(d.error(Reason::Syntax(format!(
            "attribute `{}` is not separated from what precedes it by whitespace",
            clip(qname)
        ))));
    }
    // Production 10: a literal `<` is not allowed in an attribute value
    // (`&lt;` is). One pass finds it, and whether the value has anything
    // to normalise: most values have neither.
    let plain = !crate::chars::has_lt_reference_or_line_break(raw.as_bytes());
    if !plain && memchr::memchr(b'<', raw.as_bytes()).is_some() {
        return Err(d.error(Reason::Syntax(format!(
            "attribute `{}`: `<` is not allowed in attribute values (write `&lt;`)",
            clip(qname)
        ))));
    }
    if qname == "xmlns" || qname.starts_with("xmlns:") {
        return Ok(());
    }
    let (ns, other_uri, local) = match crate::chars::find_byte(qname.as_bytes(), b':') {
        Some(colon) => {
            let (ns, other_uri) = d.resolve_attribute_ns(qname)?;
            (ns, other_uri, &qname[colon + 1..])
        }
        None => (Ns::NONE, None, qname),
    };
    let value = if plain {
        raw
    } else {
        normalized(qname, raw)
            .map_err(|e| d.error(Reason::Syntax(format!("attribute `{}`: {e}", clip(qname)))))?
    };
    if let Some(first) = out
        .iter()
        .find(|a| a.ns == ns && a.local == local && a.other_uri == other_uri)
    {
        let how = if first.qname == qname {
            String::new()
        } else {
            format!(
                " (as `{}` and `{}`: two prefixes for one namespace)",
                clip(first.qname),
                clip(qname)
            )
        };
        return Err(d.error(Reason::Syntax(format!(
            "attribute `{}` appears twice{how}",
            clip(local)
        ))));
    }
    out.push(RawAttribute {
        ns,
        other_uri,
        local,
        qname,
        value,
        used: false,
    });
    Ok(())
}

/// The attributes of a start tag (what follows the element's name) while
/// they have the plain shape nearly every tag has: each one after
/// whitespace, a name of ASCII letters, digits, `_`, `-`, `.` and `:`, `=`
/// (whitespace around it allowed), a quoted value. For these, the name and
/// the value between the quotes, exactly as quick-xml's attribute reader
/// reads them, without its general state machine (several times as
/// costly); `Some(None)` at anything else, which is left to quick-xml and
/// its messages.
struct Plain<'a> {
    rest: &'a str,
}

impl<'a> Plain<'a> {
    /// The attributes of a start tag: `rest` is what follows its name.
    fn new(rest: &'a str) -> Self {
        Plain { rest }
    }
}

impl<'a> Iterator for Plain<'a> {
    type Item = Option<(&'a str, &'a str)>;

    // Inlined into `read_attributes`, itself inlined into its callers (out
    // of line, the splitter cost more than quick-xml's reader saved).
    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.rest.as_bytes();
        let key = crate::chars::blank_prefix_len(bytes);
        if key == bytes.len() {
            return None;
        }
        Some(self.attribute(key))
    }
}

impl<'a> Plain<'a> {
    /// The attribute whose name starts at `key`.
    #[inline(always)]
    fn attribute(&mut self, key: usize) -> Option<(&'a str, &'a str)> {
        let bytes = self.rest.as_bytes();
        let name_len = bytes[key..].iter().position(|&b| !is_plain_name_byte(b))?;
        if key == 0 || name_len == 0 {
            return None;
        }
        // Whitespace around the `=` is allowed, and nearly always absent.
        let blanks = |i: usize| match bytes.get(i) {
            Some(&b) if b > b' ' => 0,
            _ => crate::chars::blank_prefix_len(&bytes[i..]),
        };
        let mut i = key + name_len;
        i += blanks(i);
        if bytes.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        i += blanks(i);
        let quote = *bytes.get(i).filter(|&&q| q == b'"' || q == b'\'')?;
        let value = i + 1;
        let value_len = memchr::memchr(quote, &bytes[value..])?;
        // ASCII delimiters: character boundaries.
        let name = self.rest.get(key..key + name_len)?;
        let raw = self.rest.get(value..value + value_len)?;
        self.rest = self.rest.get(value + value_len + 1..)?;
        Some((name, raw))
    }
}

/// A byte of an attribute name of the plain shape: one load from a table
/// (a chain of comparisons costs several instructions a byte).
fn is_plain_name_byte(b: u8) -> bool {
    PLAIN_NAME_BYTE[usize::from(b)]
}

const PLAIN_NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':');
        b += 1;
    }
    table
};

/// An attribute's value normalised (XML 1.0, 3.3.3: references replaced,
/// each whitespace character a space); most values have nothing to
/// normalise, and are returned as they are without quick-xml's pass.
pub(crate) fn normalized<'s>(qname: &'s str, raw: Cow<'s, str>) -> Result<Cow<'s, str>, String> {
    if !crate::chars::has_reference_or_line_break(raw.as_bytes()) {
        return Ok(raw);
    }
    Attribute {
        key: QName(qname),
        value: raw,
    }
    .normalized_value(XmlVersion::Implicit1_0)
    .map_err(|e| e.to_string())
}

/// The attributes of one element: ask for each declared attribute, then call
/// [`Attributes::finish`], which refuses any attribute not asked for.
pub struct Attributes<'s, 'a> {
    decoder: &'s mut Decoder<'a>,
    /// The decoder's list, lent until this is dropped.
    items: Attrs<'a>,
}

impl<'a> Decoder<'a> {
    /// The attributes of the element whose start tag is `start`.
    pub fn attributes<'s>(
        &'s mut self,
        start: &Start<'a>,
    ) -> Result<Attributes<'s, 'a>, DecodeError> {
        let mut items = self.lend_attribute_list();
        collect(self, start, &mut items)?;
        Ok(Attributes {
            decoder: self,
            items,
        })
    }
}

impl Drop for Attributes<'_, '_> {
    fn drop(&mut self) {
        self.decoder
            .return_attribute_list(std::mem::take(&mut self.items));
    }
}

impl<'s, 'a> Attributes<'s, 'a> {
    fn find(&mut self, ns: Ns, local: &str) -> Option<usize> {
        let i = self
            .items
            .iter()
            .position(|a| a.ns == ns && a.local == local && a.other_uri.is_none())?;
        self.items[i].used = true;
        Some(i)
    }

    fn parse<T: SimpleValue>(&mut self, i: usize) -> Result<T, DecodeError> {
        let attribute = &self.items[i];
        match T::parse(&attribute.value) {
            Ok(value) => Ok(value),
            Err(e) => Err(self.decoder.attribute_error(attribute.qname, e)),
        }
    }

    /// A required attribute.
    pub fn required<T: SimpleValue>(&mut self, ns: Ns, local: &str) -> Result<T, DecodeError> {
        match self.find(ns, local) {
            Some(i) => self.parse(i),
            None => Err(self
                .decoder
                .error(Reason::MissingAttribute(local.to_owned()))),
        }
    }

    /// An optional attribute.
    pub fn optional<T: SimpleValue>(
        &mut self,
        ns: Ns,
        local: &str,
    ) -> Result<Option<T>, DecodeError> {
        match self.find(ns, local) {
            Some(i) => self.parse(i).map(Some),
            None => Ok(None),
        }
    }

    /// An `xs:ID` attribute: also checks that its value is unique in the document.
    pub fn id<T: SimpleValue + AsRef<str>>(
        &mut self,
        ns: Ns,
        local: &str,
    ) -> Result<Option<T>, DecodeError> {
        let value: Option<T> = self.optional(ns, local)?;
        if let Some(id) = &value {
            self.decoder.register_id(id.as_ref())?;
        }
        Ok(value)
    }

    /// Refuses attributes that were not asked for. The `xsi` attributes any
    /// element may carry are checked here; when `xsi:type` names a complex
    /// type with simple content derived from the element's type, every
    /// attribute is checked against that type's attribute uses instead.
    pub fn finish(mut self) -> Result<(), DecodeError> {
        let substituted = match self
            .items
            .iter()
            .find(|a| a.ns == Ns::XSI && a.local == "type" && !a.used)
        {
            Some(xsi_type) => self.decoder.xsi_type(&xsi_type.value)?,
            None => None,
        };
        if let Some(ty) = substituted {
            return self.finish_as(ty);
        }
        for attribute in &self.items {
            if attribute.ns == Ns::XSI {
                self.xsi_attribute(attribute)?;
            } else if !attribute.used {
                return Err(self
                    .decoder
                    .error(Reason::UnknownAttribute(clip(attribute.qname))));
            }
        }
        Ok(())
    }

    /// The attributes of an element that `xsi:type` validates as `ty`.
    fn finish_as(&mut self, ty: &SimpleContentType) -> Result<(), DecodeError> {
        let mut views = Vec::with_capacity(self.items.len());
        for attribute in &self.items {
            if attribute.ns == Ns::XSI {
                self.xsi_attribute(attribute)?;
                continue;
            }
            views.push(AttributeView {
                ns: attribute.ns,
                local: attribute.local,
                shown: attribute.qname,
                value: &attribute.value,
                // The declared type's own ID attributes are registered already.
                registered: attribute.used,
            });
        }
        let ids = self.decoder.ids_mut();
        check_uses(ty.attributes, &views, ids).map_err(|reason| self.decoder.error(reason))
    }

    /// An attribute in the `xsi` namespace, which any element may carry
    /// (`xsi:type`, read already, and the schema location hints) or not
    /// (`xsi:nil`: DUIS declares no element nillable).
    fn xsi_attribute(&self, attribute: &RawAttribute<'_>) -> Result<(), DecodeError> {
        match attribute.local {
            "type" | "schemaLocation" | "noNamespaceSchemaLocation" => Ok(()),
            // Element Locally Valid (Element) 3.1: a non-nillable element
            // may not carry xsi:nil at all, even "false".
            "nil" => Err(self.decoder.error(Reason::Other(
                "xsi:nil is not allowed: the element is not nillable".into(),
            ))),
            _ => Err(self
                .decoder
                .error(Reason::UnknownAttribute(clip(attribute.qname)))),
        }
    }
}

/// An attribute as [`check_uses`] sees it.
pub(crate) struct AttributeView<'v> {
    /// [`Ns::OTHER`] for a namespace the schema does not declare.
    pub ns: Ns,
    pub local: &'v str,
    /// The name as an error shows it.
    pub shown: &'v str,
    pub value: &'v str,
    /// Whether its value, when an `xs:ID`, is registered already.
    pub registered: bool,
}

/// Checks the attributes of an element (its `xsi` ones left out) against
/// the attribute uses of the complex type with simple content it is
/// validated as: each must be declared and valid, an `xs:ID` unique in the
/// document, and every required one present.
pub(crate) fn check_uses(
    uses: &[AttributeType],
    attributes: &[AttributeView<'_>],
    ids: &mut Ids,
) -> Result<(), Reason> {
    for attribute in attributes {
        let Some(declared) = uses.iter().find(|u| u.is(attribute.ns, attribute.local)) else {
            return Err(Reason::UnknownAttribute(clip(attribute.shown)));
        };
        (declared.validate)(attribute.value).map_err(|error| Reason::InvalidAttribute {
            name: attribute.shown.to_owned(),
            error,
        })?;
        if declared.id && !attribute.registered && !ids.insert(attribute.value.to_owned()) {
            return Err(duplicate_id(attribute.value));
        }
    }
    match uses
        .iter()
        .find(|u| u.required && !attributes.iter().any(|a| u.is(a.ns, a.local)))
    {
        Some(missing) => Err(Reason::MissingAttribute(missing.local.to_owned())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::Plain;
    use quick_xml::events::attributes::Attributes as RawAttributes;

    /// What quick-xml's attribute reader reads from `rest` (the text after
    /// a tag's name): the names and raw values up to the first error.
    fn quick_xml(rest: &str) -> (Vec<(String, String)>, bool) {
        let tag = format!("x{rest}");
        let mut read = Vec::new();
        for attribute in RawAttributes::new(&tag, 1).with_checks(false) {
            match attribute {
                Ok(a) => read.push((a.key.0.to_owned(), a.value.into_owned())),
                Err(_) => return (read, false),
            }
        }
        (read, true)
    }

    #[test]
    fn plain_tags_split_as_quick_xml_reads_them() {
        // Random attribute lists from a small alphabet of names, quotes,
        // `=`, whitespace and odd bytes, half of them wrapped in the plain
        // shape: while the fast path reads a tag, it reads exactly what
        // quick-xml reads; where it reads the whole tag, quick-xml reads it
        // without error and nothing more.
        let pieces: &[&str] = &[
            " ", "\n", "\t", "a", "b:c", "_d.e-1", "=", " = ", "\"", "'", "v", "<", "&amp;", "é",
            "/", "\"x\"", "'y'",
        ];
        let mut state = 0xA076_1D64_78BD_642Fu64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut whole = 0;
        for _ in 0..200_000 {
            let n = (next() % 9) as usize;
            let mut rest: String = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            if next().is_multiple_of(2) {
                rest = format!(" k{n}=\"{}\" z = '1'", rest.replace('"', ""));
            }
            let mut read = Vec::new();
            let mut finished = true;
            for item in (Plain { rest: &rest }) {
                match item {
                    Some((name, raw)) => read.push((name.to_owned(), raw.to_owned())),
                    None => {
                        finished = false;
                        break;
                    }
                }
            }
            let (expected, ok) = quick_xml(&rest);
            assert_eq!(read, expected[..read.len().min(expected.len())], "{rest:?}");
            if finished {
                whole += 1;
                assert!(ok, "{rest:?}");
                assert_eq!(read, expected, "{rest:?}");
            }
        }
        assert!(
            whole > 10_000,
            "only {whole} tags read whole by the fast path"
        );
    }
}
