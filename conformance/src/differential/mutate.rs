//! Deriving variants from valid messages: structural mutations (delete,
//! duplicate, swap, insert, rename), value mutations (enumerations, patterns,
//! lengths, bounds, lexical forms), attribute mutations, `schemaVersion`, and
//! combinations. Some mutations keep the message valid (whitespace, character
//! references, CDATA): the verdict is for the oracle to give.

use fastrand::Rng;

use super::tree::{Document, Element, Node, escape};

/// What a mutation did, for reports.
pub type Description = String;

/// Paths (child indices from the root) of every element.
fn element_paths(root: &Element) -> Vec<Vec<usize>> {
    fn walk(element: &Element, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        out.push(path.clone());
        for (i, child) in element.children.iter().enumerate() {
            if let Node::Element(e) = child {
                path.push(i);
                walk(e, path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}

fn element_at<'a>(root: &'a mut Element, path: &[usize]) -> &'a mut Element {
    let mut current = root;
    for &i in path {
        current = match &mut current.children[i] {
            Node::Element(e) => e,
            _ => unreachable!("paths lead to elements"),
        };
    }
    current
}

/// An element of another namespace in the wildcard content of the
/// signature (`ds:KeyInfo`, `ds:X509Data` and `ds:Transform` admit such
/// elements anywhere, laxly): one whose `xsi:type` names a complex type
/// with element or empty content (its content fits the type or not, or the
/// type is abstract, or `xs:anyType`), or `xs:QName` (its text a name, its
/// prefix declared or not); or one without a type, with an attribute of
/// the `xml` namespace.
fn typed_in_wildcard_content(
    doc: &mut Document,
    paths: &[Vec<usize>],
    rng: &mut Rng,
) -> Option<Description> {
    const TYPED: [(&str, &[(&str, &str)]); 10] = [
        ("ds:KeyInfoType", &[("ds:KeyName", "k")]),
        ("ds:KeyInfoType", &[]),
        (
            "ds:X509IssuerSerialType",
            &[("ds:X509IssuerName", "CN=a"), ("ds:X509SerialNumber", "1")],
        ),
        (
            "ds:X509IssuerSerialType",
            &[("ds:X509SerialNumber", "1"), ("ds:X509IssuerName", "CN=a")],
        ),
        ("ra:SynchroniseClockRsp", &[]),
        (
            "ra:SynchroniseClockRsp",
            &[("ra:DeviceTime", "2024-01-01T00:00:00Z")],
        ),
        ("ra:SynchroniseClockRsp", &[("ra:DeviceTime", "now")]),
        ("sr:FutureDatedAbstractType", &[]),
        ("xs:anyType", &[("ds:KeyName", "k"), ("w:x", "")]),
        ("xs:anyType", &[("ds:KeyInfo", "")]),
    ];
    let hosts: Vec<Vec<usize>> = paths
        .iter()
        .filter(|p| {
            matches!(
                element_at(&mut doc.root, p).local(),
                "KeyInfo" | "X509Data" | "Transform"
            )
        })
        .cloned()
        .collect();
    // The text of an element typed `xs:QName`: names whose prefix is
    // declared around it or not, the prefix `xml`, an unprefixed name (in
    // the default namespace around it), whitespace around a name, and
    // forms that are no qualified name.
    const QNAMES: [&str; 8] = [
        "ds:KeyName",
        "w:x",
        "undeclared:x",
        "x",
        " ds:KeyName ",
        "{urn:duis-rs:wildcard}x",
        ":x",
        "xml:lang",
    ];
    let path = pick(rng, &hosts)?.clone();
    if rng.u8(..5) == 0 {
        // An element of no declaration and no type, with attributes of the
        // `xml` namespace, text and a child: valid where the wildcard is
        // lax, its attributes kept (and encoded again) as they are.
        let mut plain = Element::new("w:plain");
        let xml = *pick(
            rng,
            &[
                ("xml:lang", "en"),
                ("xml:space", "preserve"),
                ("xml:base", "http://x/"),
            ],
        )?;
        for (name, value) in [("xmlns:w", "urn:duis-rs:wildcard"), xml] {
            plain.attributes.push((name.to_owned(), value.to_owned()));
        }
        plain.children.push(Node::Text("t".to_owned()));
        plain.children.push(Node::Element(Element::new("w:child")));
        let host = element_at(&mut doc.root, &path);
        let at = rng.usize(..=host.children.len());
        host.children.insert(at, Node::Element(plain));
        return Some(format!("an element with {} in {}", xml.0, host.name));
    }
    let (ty, children) = *pick(rng, &TYPED)?;
    let qname = (rng.u8(..2) == 0).then(|| pick(rng, &QNAMES)).flatten();
    let ty = if qname.is_some() { "xs:QName" } else { ty };
    let mut typed = Element::new("w:typed");
    for (name, uri) in [
        ("xmlns:w", "urn:duis-rs:wildcard"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xmlns:xs", "http://www.w3.org/2001/XMLSchema"),
        ("xmlns:ds", "http://www.w3.org/2000/09/xmldsig#"),
        ("xmlns:ra", "http://www.dccinterface.co.uk/ResponseAndAlert"),
        (
            "xmlns:sr",
            "http://www.dccinterface.co.uk/ServiceUserGateway",
        ),
        ("xsi:type", ty),
    ] {
        typed.attributes.push((name.to_owned(), uri.to_owned()));
    }
    if let Some(text) = qname {
        typed.children.push(Node::Text((*text).to_owned()));
    } else {
        for (name, text) in children {
            let mut child = Element::new(name);
            if !text.is_empty() {
                child.children.push(Node::Text((*text).to_owned()));
            }
            typed.children.push(Node::Element(child));
        }
    }
    let host = element_at(&mut doc.root, &path);
    let at = rng.usize(..=host.children.len());
    host.children.insert(at, Node::Element(typed));
    Some(format!("an element typed {ty} in {}", host.name))
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.usize(..items.len())])
}

/// Applies one to three random mutations; returns what was done.
pub fn mutate(doc: &mut Document, rng: &mut Rng) -> Vec<Description> {
    let count = match rng.u8(..10) {
        0..=6 => 1,
        7..=8 => 2,
        _ => 3,
    };
    (0..count).filter_map(|_| mutate_once(doc, rng)).collect()
}

fn mutate_once(doc: &mut Document, rng: &mut Rng) -> Option<Description> {
    let paths = element_paths(&doc.root);
    let inner: Vec<Vec<usize>> = paths.iter().filter(|p| !p.is_empty()).cloned().collect();
    let leaves: Vec<Vec<usize>> = paths
        .iter()
        .filter(|p| !element_at(&mut doc.root, p).has_element_children())
        .cloned()
        .collect();
    match rng.u8(..22) {
        0 | 1 => {
            let path = pick(rng, &inner)?.clone();
            let (parent, index) = path.split_at(path.len() - 1);
            let parent = element_at(&mut doc.root, parent);
            let Node::Element(removed) = parent.children.remove(index[0]) else {
                unreachable!()
            };
            Some(format!("delete element {}", removed.name))
        }
        2 => {
            let path = pick(rng, &inner)?.clone();
            let (parent, index) = path.split_at(path.len() - 1);
            let parent = element_at(&mut doc.root, parent);
            let copy = parent.children[index[0]].clone();
            let name = match &copy {
                Node::Element(e) => e.name.clone(),
                _ => unreachable!(),
            };
            parent.children.insert(index[0] + 1, copy);
            Some(format!("duplicate element {name}"))
        }
        3 => {
            let path = pick(rng, &inner)?.clone();
            let (parent, index) = path.split_at(path.len() - 1);
            let parent = element_at(&mut doc.root, parent);
            let next = (index[0] + 1..parent.children.len())
                .find(|&j| matches!(parent.children[j], Node::Element(_)))?;
            parent.children.swap(index[0], next);
            Some("swap sibling elements".to_owned())
        }
        4..=7 => {
            let path = pick(rng, &leaves)?.clone();
            let element = element_at(&mut doc.root, &path);
            let original = element.text().unwrap_or_default();
            let (value, cdata) = interesting_value(&original, rng);
            element.children = if value.is_empty() {
                Vec::new()
            } else if cdata {
                vec![Node::CData(value.clone())]
            } else {
                vec![Node::Text(value.clone())]
            };
            Some(format!("set {} to {}", element.name, shorten(&value)))
        }
        8 => {
            let path = pick(rng, &paths)?.clone();
            let prefix = doc.root.prefix().map(str::to_owned);
            let element = element_at(&mut doc.root, &path);
            let name = match (rng.u8(..3), &prefix) {
                (0, Some(p)) => format!("{p}:Unexpected"),
                (1, _) => "Unexpected".to_owned(),
                _ => "x:Unexpected".to_owned(),
            };
            let mut inserted = Element::new(&name);
            if name.starts_with("x:") {
                inserted
                    .attributes
                    .push(("xmlns:x".into(), "urn:duis-rs:unexpected".into()));
            }
            let at = rng.usize(..=element.children.len());
            element.children.insert(at, Node::Element(inserted));
            Some(format!("insert element {name} into {}", element.name))
        }
        9 => {
            let path = pick(rng, &inner)?.clone();
            let element = element_at(&mut doc.root, &path);
            let old = element.name.clone();
            element.name = match (element.prefix().map(str::to_owned), rng.u8(..3)) {
                (Some(_), 0) => element.local().to_owned(),
                (Some(p), 1) => format!("{p}:{}X", element.local()),
                (_, _) => format!("ds:{}", element.local()),
            };
            if element.name.starts_with("ds:") {
                element.attributes.push((
                    "xmlns:ds".into(),
                    "http://www.w3.org/2000/09/xmldsig#".into(),
                ));
            }
            Some(format!("rename {old} to {}", element.name))
        }
        10 => {
            let path = pick(rng, &paths)?.clone();
            let element = element_at(&mut doc.root, &path);
            if !element.has_element_children() {
                return None;
            }
            let at = rng.usize(..=element.children.len());
            element.children.insert(at, Node::Text("junk".into()));
            Some(format!("text in element-only content of {}", element.name))
        }
        11 => {
            let path = pick(rng, &paths)?.clone();
            let root_declares_xsi = doc.root.attribute("xmlns:xsi").is_some();
            let element = element_at(&mut doc.root, &path);
            let (name, value) = *pick(
                rng,
                &[
                    ("unexpected", "1"),
                    ("xsi:nil", "true"),
                    ("xsi:nil", "false"),
                    ("xsi:type", "xs:string"),
                    ("xml:lang", "en"),
                    ("index", "1"),
                    ("schemaVersion", "5.4"),
                ],
            )?;
            if element.attribute(name).is_some() {
                return None;
            }
            if name.starts_with("xsi:") && !root_declares_xsi {
                element.attributes.push((
                    "xmlns:xsi".into(),
                    "http://www.w3.org/2001/XMLSchema-instance".into(),
                ));
            }
            element.attributes.push((name.into(), value.into()));
            Some(format!(
                "add attribute {name}=\"{value}\" to {}",
                element.name
            ))
        }
        12 => {
            let path = pick(rng, &paths)?.clone();
            let element = element_at(&mut doc.root, &path);
            let candidates: Vec<usize> = (0..element.attributes.len())
                .filter(|&i| !element.attributes[i].0.starts_with("xmlns"))
                .collect();
            let i = *pick(rng, &candidates)?;
            if rng.bool() {
                let (name, _) = element.attributes.remove(i);
                Some(format!("remove attribute {name} of {}", element.name))
            } else {
                let (value, _) = interesting_value(&element.attributes[i].1.clone(), rng);
                element.attributes[i].1 = value.replace('\'', "&apos;");
                Some(format!(
                    "set attribute {} to {}",
                    element.attributes[i].0,
                    shorten(&value)
                ))
            }
        }
        13 => {
            let value = *pick(
                rng,
                &[
                    "5.0", "5.3", "5.4", "5.40", "5.1", "6", "abc", "", " 5.4 ", "+5.4",
                ],
            )?;
            let attribute = doc
                .root
                .attributes
                .iter_mut()
                .find(|(n, _)| n == "schemaVersion")?;
            attribute.1 = value.to_owned();
            Some(format!("schemaVersion={value:?}"))
        }
        14 => {
            // Valid reformatting: indentation between elements.
            let path = pick(rng, &paths)?.clone();
            let element = element_at(&mut doc.root, &path);
            if !element.has_element_children() {
                return None;
            }
            let at = rng.usize(..=element.children.len());
            let ws = *pick(rng, &["\n", "  ", "\r\n\t", "&#32;", "&#10;"])?;
            element.children.insert(at, Node::Text(ws.to_owned()));
            Some(format!("whitespace {ws:?} in {}", element.name))
        }
        16 => {
            // Move an element to another place among its siblings.
            let path = pick(rng, &inner)?.clone();
            let (parent, index) = path.split_at(path.len() - 1);
            let parent = element_at(&mut doc.root, parent);
            let node = parent.children.remove(index[0]);
            let to = rng.usize(..=parent.children.len());
            parent.children.insert(to, node);
            Some("move an element among its siblings".to_owned())
        }
        17 => {
            // Give an element a sibling's name.
            let path = pick(rng, &inner)?.clone();
            let (parent, index) = path.split_at(path.len() - 1);
            let parent = element_at(&mut doc.root, parent);
            let names: Vec<String> = parent
                .children
                .iter()
                .filter_map(|c| match c {
                    Node::Element(e) => Some(e.name.clone()),
                    _ => None,
                })
                .collect();
            let name = pick(rng, &names)?.clone();
            let Node::Element(e) = &mut parent.children[index[0]] else {
                unreachable!()
            };
            let old = std::mem::replace(&mut e.name, name.clone());
            Some(format!("rename {old} to its sibling's name {name}"))
        }
        18 => {
            let path = pick(rng, &paths)?.clone();
            let element = element_at(&mut doc.root, &path);
            element.children.clear();
            Some(format!("empty {}", element.name))
        }
        19 => {
            // Replace an element by its children, or wrap it in a new element.
            let path = pick(rng, &inner)?.clone();
            let (parent, index) = path.split_at(path.len() - 1);
            let prefix = doc
                .root
                .prefix()
                .map(|p| format!("{p}:"))
                .unwrap_or_default();
            let parent = element_at(&mut doc.root, parent);
            let Node::Element(e) = parent.children.remove(index[0]) else {
                unreachable!()
            };
            if rng.bool() {
                let name = e.name.clone();
                for (k, child) in e.children.into_iter().enumerate() {
                    parent.children.insert(index[0] + k, child);
                }
                Some(format!("unwrap {name}"))
            } else {
                let mut wrapper = Element::new(&format!("{prefix}Wrapper"));
                let name = e.name.clone();
                wrapper.children.push(Node::Element(e));
                parent.children.insert(index[0], Node::Element(wrapper));
                Some(format!("wrap {name}"))
            }
        }
        20 => {
            // `xsi:type`: the element's own type (DUIS often names the type
            // as the element), a built-in type, a name that is no type, or,
            // on an element whose value is a number, a DUIS complex type
            // with simple content that adds an `index` attribute to a
            // simple type (`sr:GasBlockPrice` extends `xs:unsignedInt`,
            // `ra:IntegerWithIndex` extends `xs:integer`); or an element of
            // another namespace in the signature's wildcard content, typed.
            let kind = rng.u8(..7);
            if kind == 6 {
                return typed_in_wildcard_content(doc, &paths, rng);
            }
            let path = if kind == 5 {
                let numbers: Vec<Vec<usize>> = leaves
                    .iter()
                    .filter(|p| {
                        element_at(&mut doc.root, p).text().is_some_and(|t| {
                            let t = t.trim();
                            !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                        })
                    })
                    .cloned()
                    .collect();
                pick(rng, &numbers)?.clone()
            } else {
                pick(rng, &paths)?.clone()
            };
            let element = element_at(&mut doc.root, &path);
            let local = element.local().to_owned();
            let prefix = element.prefix().map(str::to_owned);
            let own = |suffix: &str| match &prefix {
                Some(p) => format!("{p}:{local}{suffix}"),
                None => format!("{local}{suffix}"),
            };
            let builtin = *pick(
                rng,
                &[
                    "string",
                    "token",
                    "integer",
                    "long",
                    "byte",
                    "decimal",
                    "positiveInteger",
                    "unsignedByte",
                    "base64Binary",
                    "hexBinary",
                    "dateTime",
                    "boolean",
                    "anyURI",
                    "anyType",
                    "duration",
                ],
            )?;
            let with_index = *pick(
                rng,
                &[
                    "sr:GasBlockPrice",
                    "sr:ElecBlockPrice",
                    "sr:ElecPrimaryTOUPrice",
                    "sr:GasThreshold",
                    "sr:ElecReferencedDayName",
                    "ra:IntegerWithIndex",
                    "ra:DecimalWithIndex",
                ],
            )?;
            let (ty, index) = match kind {
                0 => (own(""), None),
                1 => (own("Type"), None),
                2 => (format!("xs:{builtin}"), None),
                3 => (format!(" xs:{builtin}"), None),
                4 => (format!("undeclared:{local}"), None),
                _ => (with_index.to_owned(), Some(rng.u8(..6).to_string())),
            };
            // The index is left out a quarter of the time (it is optional
            // in some of these types, required in others).
            let index = index.filter(|_| rng.u8(..4) > 0);
            let mut attributes = vec![
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                ("xmlns:xs", "http://www.w3.org/2001/XMLSchema"),
            ];
            if ty == with_index {
                attributes.push(("xmlns:ra", "http://www.dccinterface.co.uk/ResponseAndAlert"));
                attributes.push((
                    "xmlns:sr",
                    "http://www.dccinterface.co.uk/ServiceUserGateway",
                ));
            }
            attributes.push(("xsi:type", ty.as_str()));
            if let Some(index) = &index {
                attributes.push(("index", index.as_str()));
            }
            for (name, value) in attributes {
                if !element.attributes.iter().any(|(n, _)| n == name) {
                    element.attributes.push((name.to_owned(), value.to_owned()));
                }
            }
            Some(format!("xsi:type={ty:?} on {}", element.name))
        }
        _ => {
            // A comment or processing-instruction-free comment inside text.
            let path = pick(rng, &leaves)?.clone();
            let element = element_at(&mut doc.root, &path);
            let text = element.text()?;
            if text.len() < 2 {
                return None;
            }
            let mid = (1..text.len()).find(|&i| {
                text.is_char_boundary(i) && !text[..i].ends_with('&') && !text[..i].contains('&')
            })?;
            element.children = vec![
                Node::Text(text[..mid].to_owned()),
                Node::Comment(" split ".to_owned()),
                Node::Text(text[mid..].to_owned()),
            ];
            Some(format!("comment inside the text of {}", element.name))
        }
    }
}

/// Mutations of the text itself: well-formedness, declarations, encodings,
/// namespaces and characters. `None` when the mutation does not apply.
pub fn mutate_text(text: &str, rng: &mut Rng) -> Option<(String, Description)> {
    let mut out = text.to_owned();
    let description = match rng.u8(..30) {
        0 => {
            let at = floor_boundary(&out, rng.usize(..out.len()));
            out.truncate(at);
            "truncate the document".to_owned()
        }
        1 => {
            let at = nth_index(&out, '>', rng)?;
            out.remove(at);
            "delete a `>`".to_owned()
        }
        2 => {
            let at = nth_index(&out, '<', rng)?;
            out.remove(at);
            "delete a `<`".to_owned()
        }
        3 => {
            let at = text_position(&out, rng)?;
            let what = *pick(
                rng,
                &[
                    "<",
                    "&",
                    "]]>",
                    "&amp;",
                    "&#65;",
                    "&#x0;",
                    "&undefined;",
                    "&#xD800;",
                    "&lt;",
                    "&#9;",
                ],
            )?;
            out.insert_str(at, what);
            format!("insert {what:?} into character data")
        }
        4 => {
            let at = text_position(&out, rng)?;
            let what = *pick(
                rng,
                &[
                    "\u{1}",
                    "\u{b}",
                    "\u{c}",
                    "\u{7f}",
                    "\u{fffe}",
                    "\u{ffff}",
                    "\u{e9}",
                    "\u{1f600}",
                ],
            )?;
            out.insert_str(at, what);
            format!("insert character {what:?}")
        }
        5 => {
            // Mismatched end tag.
            let at = nth_index(&out, '/', rng)?;
            if out.as_bytes().get(at.wrapping_sub(1)) != Some(&b'<') {
                return None;
            }
            out.insert(at + 1, 'Q');
            "mismatched end tag".to_owned()
        }
        6 => {
            // Duplicate the first attribute of a start tag.
            let at = nth_index(&out, '=', rng)?;
            let start = out[..at].rfind(' ')?;
            let quote_at = at + 1;
            let quote = out[quote_at..].chars().next()?;
            let end = out[quote_at + 1..].find(quote)? + quote_at + 2;
            let attribute = out[start..end].to_owned();
            out.insert_str(end, &attribute);
            "duplicate an attribute".to_owned()
        }
        7 => {
            out.insert(0, '\u{feff}');
            "byte-order mark".to_owned()
        }
        8 => {
            out = out.replace('\n', "\r\n");
            "CRLF line ends".to_owned()
        }
        9 => {
            let end = out.find("?>")?;
            if !out.starts_with("<?xml") {
                return None;
            }
            out.replace_range(..end + 2, "");
            "no XML declaration".to_owned()
        }
        10 => {
            let decl = *pick(
                rng,
                &[
                    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
                    "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
                    "<?xml version=\"1.0\" encoding=\"us-ascii\"?>",
                    "<?xml version=\"1.1\"?>",
                    "<?xml version=\"1.0\" standalone=\"yes\"?>",
                    "<?xml version=\"2.0\"?>",
                    "<?xml encoding=\"UTF-8\"?>",
                    "<?xml version='1.0' encoding='utf-8'?>",
                ],
            )?;
            match out.find("?>") {
                Some(end) if out.starts_with("<?xml") => out.replace_range(..end + 2, decl),
                _ => out.insert_str(0, decl),
            }
            format!("declaration {decl}")
        }
        11 => {
            let root = out.find('<').map(|i| {
                if out[i..].starts_with("<?xml") {
                    out[i..].find("?>").map_or(i, |e| i + e + 2)
                } else {
                    i
                }
            })?;
            let doctype = *pick(
                rng,
                &[
                    "<!DOCTYPE r>",
                    "<!DOCTYPE r [ <!ENTITY e \"x\"> ]>",
                    "<!DOCTYPE r [ <!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\"> ]>",
                    "<!DOCTYPE r SYSTEM \"file:///etc/passwd\">",
                ],
            )?;
            out.insert_str(root, doctype);
            format!("insert {doctype}")
        }
        12 => {
            let at = text_position(&out, rng)?;
            let what = *pick(
                rng,
                &[
                    "<?pi data?>",
                    "<?xml version=\"1.0\"?>",
                    "<!-- a -- b -->",
                    "<!---->",
                    "<!-- ok -->",
                    "<![CDATA[x]]>",
                ],
            )?;
            out.insert_str(at, what);
            format!("insert {what:?}")
        }
        13 => {
            // Change the URI of a namespace declaration.
            let at = out.find("xmlns:sr=\"")? + "xmlns:sr=\"".len();
            out.insert_str(at, "urn:other:");
            "change the namespace URI of `sr`".to_owned()
        }
        14 => {
            // Use a prefix nobody declares.
            let at = nth_index(&out, '<', rng)?;
            if !out[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                return None;
            }
            let end = out[at..].find(':')? + at;
            if out[at..end].contains(['>', ' ']) {
                return None;
            }
            out.replace_range(at + 1..end, "undeclared");
            "undeclared prefix".to_owned()
        }
        15 => {
            // Make `sr` the default namespace: a valid change of prefixes.
            if !out.contains("xmlns:sr=") || out.contains("xmlns=") {
                return None;
            }
            out = out
                .replace("<sr:", "<")
                .replace("</sr:", "</")
                .replace("xmlns:sr=", "xmlns=");
            "sr as the default namespace".to_owned()
        }
        16 => {
            // Rename the prefix `sr` (valid).
            if !out.contains("xmlns:sr=") {
                return None;
            }
            out = out
                .replace("<sr:", "<p0:")
                .replace("</sr:", "</p0:")
                .replace("xmlns:sr=", "xmlns:p0=");
            "prefix sr renamed".to_owned()
        }
        17 => {
            let at = out.find("xmlns:sr=\"")?;
            out.insert_str(at, "xmlns:zz=\"\" ");
            "declare a prefix with an empty namespace".to_owned()
        }
        18 => {
            // An attribute without quotes or without a value.
            let at = nth_index(&out, '=', rng)?;
            let quote = out[at + 1..].chars().next()?;
            if quote != '"' {
                return None;
            }
            out.remove(at + 1);
            "unquoted attribute value".to_owned()
        }
        19 => {
            // Character data after the root element, or a second root.
            let what = *pick(rng, &["junk", "<r/>", "<!-- end -->", "\n\n", "&#32;"])?;
            out.push_str(what);
            format!("append {what:?} after the root")
        }
        20 => {
            // Spaces around `=` and inside tags (valid).
            out = out.replacen("=\"", " = \"", 3);
            "spaces around `=`".to_owned()
        }
        21 => {
            // Upper-case a tag name.
            let at = nth_index(&out, '<', rng)?;
            let next = out[at + 1..].chars().next()?;
            if !next.is_ascii_lowercase() {
                return None;
            }
            out.replace_range(at + 1..at + 2, &next.to_ascii_uppercase().to_string());
            "change the case of a name".to_owned()
        }
        22 => {
            // A space before a tag name or after `</`.
            let at = nth_index(&out, '<', rng)?;
            out.insert(at + 1, ' ');
            "space after `<`".to_owned()
        }
        24 => {
            // Two attributes with no whitespace between them.
            let at = nth_index(&out, '=', rng)?;
            let quote = out[at + 1..].chars().next()?;
            if !matches!(quote, '"' | '\'') {
                return None;
            }
            let end = out[at + 2..].find(quote)? + at + 3;
            let rest = &out[end..];
            let spaces = rest.len() - rest.trim_start().len();
            if spaces == 0
                || !rest
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_alphabetic())
            {
                return None;
            }
            out.replace_range(end..end + spaces, "");
            "attributes not separated by whitespace".to_owned()
        }
        25 => {
            // Between two tags, character data that is whitespace (or
            // nothing) in the infoset.
            let at = nth_index(&out, '>', rng)?;
            if !out[at + 1..].trim_start().starts_with('<')
                || out[..at].starts_with("<?xml") && !out[..at].contains("?>")
            {
                return None;
            }
            let what = *pick(
                rng,
                &[
                    "<![CDATA[ ]]>",
                    "<![CDATA[]]>",
                    "<![CDATA[\n]]>",
                    "&#32;",
                    "&#x9;",
                    "&#xA;",
                ],
            )?;
            out.insert_str(at + 1, what);
            format!("insert {what:?} between tags")
        }
        26 => {
            // `<`, literal or escaped, at the start of an attribute value.
            let at = nth_index(&out, '=', rng)?;
            if !out[at + 1..].starts_with('"') {
                return None;
            }
            let what = *pick(rng, &["<", "&lt;", "a<b", "&#60;"])?;
            out.insert_str(at + 2, what);
            format!("insert {what:?} into an attribute value")
        }
        27 => {
            // Version numbers (XML 1.0, production 26: `1.` and digits).
            const DECLARATION: &str = "<?xml version=\"1.0\"";
            if !out.starts_with(DECLARATION) {
                return None;
            }
            let version = *pick(rng, &["1.", "1.9", "1.x", "1.0.0", "01.0", " 1.0"])?;
            out.replace_range(DECLARATION.len() - 4..DECLARATION.len() - 1, version);
            format!("XML version {version:?}")
        }
        28 => {
            // Declarations of the reserved prefixes and namespace names
            // (Namespaces in XML 1.0, section 3).
            let at = nth_index(&out, '<', rng)?;
            let tag = &out[at + 1..];
            if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return None;
            }
            let name_len = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            let what = *pick(
                rng,
                &[
                    " xmlns:xml=\"urn:x\"",
                    " xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"",
                    " xmlns:p=\"http://www.w3.org/XML/1998/namespace\"",
                    " xmlns=\"http://www.w3.org/XML/1998/namespace\"",
                    " xmlns:xmlns=\"urn:x\"",
                    " xmlns:p=\"http://www.w3.org/2000/xmlns/\"",
                    " xmlns=\"http://www.w3.org/2000/xmlns/\"",
                ],
            )?;
            out.insert_str(at + 1 + name_len, what);
            format!("declare {what:?}")
        }
        29 => {
            // Around and inside an end tag: what the decoder reads itself
            // (a plain value, then the end tag) and what it leaves to the
            // parser.
            let at = nth_index(&out, '/', rng)?;
            if out.as_bytes().get(at.wrapping_sub(1)) != Some(&b'<') {
                return None;
            }
            let close = out[at..].find('>')? + at;
            if rng.bool() {
                let what = *pick(rng, &[" ", "\t\r\n", "X", "/", " x"])?;
                out.insert_str(close, what);
                format!("insert {what:?} before the `>` of an end tag")
            } else {
                let what = *pick(
                    rng,
                    &[
                        "<!---->",
                        "\r\n",
                        "\r",
                        ">",
                        "]]>",
                        "]]",
                        "&gt;",
                        "<![CDATA[]]>",
                        "<?p?>",
                    ],
                )?;
                out.insert_str(at - 1, what);
                format!("insert {what:?} before an end tag")
            }
        }
        _ => {
            // Tabs and newlines in an attribute value.
            let at = nth_index(&out, '=', rng)?;
            out.insert_str(at + 2, "\t\n ");
            "whitespace at the start of an attribute value".to_owned()
        }
    };
    Some((out, description))
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A random occurrence of `c`.
fn nth_index(text: &str, c: char, rng: &mut Rng) -> Option<usize> {
    let positions: Vec<usize> = text.match_indices(c).map(|(i, _)| i).collect();
    pick(rng, &positions).copied()
}

/// A random position inside character data (just after a `>` followed by text).
fn text_position(text: &str, rng: &mut Rng) -> Option<usize> {
    let positions: Vec<usize> = text
        .match_indices('>')
        .map(|(i, _)| i + 1)
        .filter(|&i| text[i..].starts_with(|c: char| c != '<'))
        .collect();
    pick(rng, &positions).copied()
}

fn shorten(value: &str) -> String {
    if value.chars().count() > 40 {
        format!(
            "{:?}…({} chars)",
            value.chars().take(40).collect::<String>(),
            value.chars().count()
        )
    } else {
        format!("{value:?}")
    }
}

/// A value meant to probe a simple type: edge cases of numbers, dates,
/// lengths, binary encodings and lexical forms, and small changes to the
/// original. Returns the escaped text and whether to write it as CDATA.
fn interesting_value(original: &str, rng: &mut Rng) -> (String, bool) {
    let plain = original.trim();
    let numeric = !plain.is_empty()
        && plain
            .trim_start_matches(['-', '+'])
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.');
    let pool: &[&str] = &[
        "",
        " ",
        "0",
        "-1",
        "1",
        "+1",
        "2",
        "3",
        "4",
        "7",
        "8",
        "9",
        "10",
        "12",
        "31",
        "100",
        "255",
        "256",
        "9999",
        "65535",
        "65536",
        "2147483647",
        "2147483648",
        "4294967295",
        "4294967296",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "340282366920938463463374607431768211456",
        "1.5",
        "0.5",
        "-0",
        "1e3",
        "1.",
        ".5",
        "0x10",
        "abc",
        "true",
        "false",
        "2024-02-29T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T00:00:00+14:00",
        "2024-01-01T00:00:00+15:00",
        "2024-01-01T00:00:00.123456789Z",
        "2024-01-01T00:00:00",
        "0000-01-01T00:00:00Z",
        "2024-01-01",
        "2024-01-01Z",
        "12:00:00",
        "25:00:00",
        "GG",
        "0A1",
        "0a1b",
        "ABCD",
        "ZGVmYXVsdA==",
        "ZGVmYXVsdA=",
        "ZGVmYXVsdB==",
        "Z m 9 v",
        "AA==",
        "00-00-00-00-00-00-00-00",
        "0G-00-00-00-00-00-00-00",
        "00-00-00-00-00-00-00",
        "ESME",
        "GSME",
        "Commissioned",
        "E1",
        "I0",
        "E080801",
        "W1",
        "\u{e9}",
        "\u{FFFD}",
        "a\tb",
    ];
    match rng.u8(..14) {
        0..=4 => (escape(pick(rng, pool).copied().unwrap_or("")), false),
        5 => (format!("{original}X"), false),
        6 => {
            let (before, after) =
                *pick(rng, &[(" ", " "), ("\t", "\n"), ("\n  ", ""), ("", "\r\n")])
                    .unwrap_or(&(" ", " "));
            (format!("{before}{original}{after}"), false)
        }
        7 => {
            let cut: String = plain.chars().take(plain.chars().count() / 2).collect();
            (cut, false)
        }
        8 => {
            let len = *pick(rng, &[9usize, 17, 21, 33, 65, 129, 300, 5000]).unwrap_or(&300);
            let unit = if plain.is_empty() { "A" } else { plain };
            let mut long = String::new();
            while long.chars().count() < len {
                long.push_str(unit);
            }
            (
                long.chars().take(len).collect::<String>().replace('&', "A"),
                false,
            )
        }
        9 if numeric => {
            let value: f64 = plain.parse().unwrap_or(0.0);
            let edges = [value + 1.0, value - 1.0, value * 10.0, -value, value + 0.5];
            let v = edges[rng.usize(..edges.len())];
            (
                if v.fract() == 0.0 {
                    format!("{}", v as i128)
                } else {
                    format!("{v}")
                },
                false,
            )
        }
        10 => (plain.to_lowercase(), false),
        11 => {
            // A character reference for the first character: same value.
            match original.chars().next() {
                Some(c) if c != '&' => (
                    format!("&#x{:X};{}", u32::from(c), &original[c.len_utf8()..]),
                    false,
                ),
                _ => (original.to_owned(), false),
            }
        }
        12 => (
            original.replace("&amp;", "&").replace("&lt;", "<"),
            !original.contains("]]>"),
        ),
        _ => {
            let mut chars: Vec<char> = plain.chars().collect();
            if chars.is_empty() {
                return ("?".into(), false);
            }
            let i = rng.usize(..chars.len());
            chars[i] = *pick(rng, &['0', 'Z', '-', ':', '.', ' ', '\u{e9}', 'a']).unwrap_or(&'0');
            (escape(&chars.into_iter().collect::<String>()), false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_reproducible_from_the_seed() {
        let text =
            "<r xmlns=\"urn:r\" schemaVersion=\"5.4\"><a>1</a><b><c>x</c><d>2024-01-01</d></b></r>";
        let run = |seed| {
            let mut doc = Document::parse(text).unwrap();
            let mut rng = Rng::with_seed(seed);
            let what = mutate(&mut doc, &mut rng);
            (doc.to_text(), what)
        };
        assert_eq!(run(7), run(7));
        let different = (0..20).filter(|&s| run(s).0 != run(s + 100).0).count();
        assert!(different > 10);
    }
}
