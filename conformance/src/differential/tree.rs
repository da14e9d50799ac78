//! A minimal XML tree that keeps the text as written (prefixes, namespace
//! declarations, escapes), so that a mutated document differs from its seed
//! only where a mutation changed it.

use std::fmt::Write as _;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    /// Character data, escaped as in the document.
    Text(String),
    CData(String),
    Comment(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The qualified name as written, e.g. `sr:Header`.
    pub name: String,
    /// Attributes (namespace declarations included) with their escaped values.
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A document: what precedes the root (declaration, comments) and the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub prolog: String,
    pub root: Element,
}

impl Element {
    pub fn new(name: &str) -> Self {
        Element {
            name: name.to_owned(),
            attributes: Vec::new(),
            children: Vec::new(),
        }
    }

    /// The prefix of the name, if any.
    pub fn prefix(&self) -> Option<&str> {
        self.name.split_once(':').map(|(p, _)| p)
    }

    pub fn local(&self) -> &str {
        self.name.split_once(':').map_or(&self.name, |(_, l)| l)
    }

    /// Whether the element has child elements.
    pub fn has_element_children(&self) -> bool {
        self.children.iter().any(|c| matches!(c, Node::Element(_)))
    }

    /// The text content when the element has no child elements.
    pub fn text(&self) -> Option<String> {
        if self.has_element_children() {
            return None;
        }
        let mut out = String::new();
        for child in &self.children {
            if let Node::Text(t) | Node::CData(t) = child {
                out.push_str(t);
            }
        }
        Some(out)
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Document {
    pub fn parse(text: &str) -> Result<Document, String> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        let mut prolog = String::new();
        let mut stack: Vec<Element> = Vec::new();
        let mut root = None;
        loop {
            let event = reader.read_event().map_err(|e| e.to_string())?;
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Decl(d) => {
                    let _ = writeln!(prolog, "<?{}?>", &*d);
                }
                Event::Start(s) | Event::Empty(s) => {
                    let mut element = Element::new(s.name().0);
                    for a in s.attributes().with_checks(false) {
                        let a = a.map_err(|e| e.to_string())?;
                        element
                            .attributes
                            .push((a.key.0.to_owned(), a.value.into_owned()));
                    }
                    if empty {
                        match stack.last_mut() {
                            Some(parent) => parent.children.push(Node::Element(element)),
                            None => root = Some(element),
                        }
                    } else {
                        stack.push(element);
                    }
                }
                Event::End(_) => {
                    let element = stack.pop().ok_or("unbalanced end tag")?;
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(Node::Element(element)),
                        None => root = Some(element),
                    }
                }
                Event::Text(t) => {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(Node::Text((*t).to_owned()));
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(Node::Text(format!("&{};", &*r)));
                    }
                }
                Event::CData(c) => {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(Node::CData((*c).to_owned()));
                    }
                }
                Event::Comment(c) => match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Comment((*c).to_owned())),
                    None => {
                        let _ = writeln!(prolog, "<!--{}-->", &*c);
                    }
                },
                Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => break,
            }
        }
        let root = root.ok_or("no root element")?;
        Ok(Document { prolog, root })
    }

    pub fn to_text(&self) -> String {
        let mut out = self.prolog.clone();
        write_element(&self.root, &mut out);
        out.push('\n');
        out
    }
}

fn write_element(element: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&element.name);
    for (name, value) in &element.attributes {
        let quote = if value.contains('"') { '\'' } else { '"' };
        let _ = write!(out, " {name}={quote}{value}{quote}");
    }
    if element.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in &element.children {
        match child {
            Node::Element(e) => write_element(e, out),
            Node::Text(t) => out.push_str(t),
            Node::CData(c) => {
                let _ = write!(out, "<![CDATA[{c}]]>");
            }
            Node::Comment(c) => {
                let _ = write!(out, "<!--{c}-->");
            }
        }
    }
    let _ = write!(out, "</{}>", element.name);
}

/// Escapes text for use as character data or an attribute value.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_and_writing_keep_the_text() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a:r xmlns:a=\"urn:a\" v=\"1\"><a:x>1 &amp; 2</a:x><!--c--><a:e/><![CDATA[<>]]></a:r>\n";
        let doc = Document::parse(text).unwrap();
        assert_eq!(doc.to_text(), text);
        assert_eq!(doc.root.local(), "r");
        assert_eq!(doc.root.prefix(), Some("a"));
        let Node::Element(x) = &doc.root.children[0] else {
            panic!()
        };
        assert_eq!(x.text().as_deref(), Some("1 &amp; 2"));
    }
}
