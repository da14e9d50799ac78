//! Finding and reading the documents of a schema set.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{XS, XsdError};

/// One schema document's text.
#[derive(Debug, Clone)]
pub struct Source {
    /// File name relative to the schema folder.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

/// Parses a schema document, or reports where it is not well-formed XML.
///
/// DTDs are allowed: xmldsig has an internal subset with entity declarations,
/// which roxmltree expands (bounded, and never from outside the document).
pub fn parse<'a>(source: &'a Source) -> Result<roxmltree::Document<'a>, XsdError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(&source.text, options).map_err(|e| {
        let pos = e.pos();
        XsdError::at_line(
            &source.path,
            pos.row,
            pos.col,
            format!("not well-formed XML: {e}"),
        )
    })
}

pub fn read(dir: &Path, name: &str) -> Result<Source, XsdError> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| {
        XsdError::file(&path, format!("cannot read the schema document: {e}"))
            .with_help("check DUIS_SCHEMA_DIR and the file names listed in spec/versions.toml")
    })?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        XsdError::file(
            &path,
            format!(
                "the schema document is not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(Source {
        name: name.to_owned(),
        path,
        text,
    })
}

/// Reads the entry document and, transitively, every document it imports or
/// includes.
pub fn load_sources(dir: &Path, entry: &str) -> Result<Vec<Source>, XsdError> {
    let mut sources: Vec<Source> = Vec::new();
    let mut queue = vec![entry.to_owned()];
    while let Some(name) = queue.pop() {
        if sources.iter().any(|s| s.name == name) {
            continue;
        }
        let source = read(dir, &name)?;
        let references = references(&source)?;
        sources.push(source);
        // Depth-first, in document order.
        for reference in references.into_iter().rev() {
            queue.push(reference);
        }
    }
    Ok(sources)
}

/// The documents a schema document imports or includes, in document order.
fn references(source: &Source) -> Result<Vec<String>, XsdError> {
    let doc = parse(source)?;
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(XS) || root.tag_name().name() != "schema" {
        return Err(XsdError::at(
            &source.path,
            &source.text,
            root.range().start,
            format!(
                "the root element is `{}`, not `xs:schema`: this is not an XML Schema document",
                root.tag_name().name()
            ),
        ));
    }
    let mut found = Vec::new();
    for child in root.children().filter(|n| n.is_element()) {
        if child.tag_name().namespace() != Some(XS) {
            continue;
        }
        let kind = child.tag_name().name();
        if !matches!(kind, "import" | "include") {
            continue;
        }
        let Some(location) = child.attribute("schemaLocation") else {
            return Err(XsdError::at(
                &source.path,
                &source.text,
                child.range().start,
                format!("`xs:{kind}` without a schemaLocation"),
            )
            .with_help("every document of a schema set must be a file in the schema folder"));
        };
        found.push(decode_location(location).ok_or_else(|| {
            XsdError::at(
                &source.path,
                &source.text,
                child.range().start,
                format!("schemaLocation `{location}` is not a file name in the schema folder"),
            )
        })?);
    }
    Ok(found)
}

/// Turns a `schemaLocation` into a file name relative to the schema folder:
/// percent-escapes are decoded (`MMC%20Schema.xsd` and `MMC Schema.xsd` name the
/// same file); absolute locations and locations outside the folder are refused.
fn decode_location(location: &str) -> Option<String> {
    let location = location.trim();
    let bytes = location.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = location.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let name = String::from_utf8(out).ok()?;
    let path = Path::new(&name);
    let inside = !name.is_empty()
        && !name.contains("://")
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    inside.then_some(name)
}

/// The entry document of a schema folder: the only `.xsd` file that no other
/// file of the folder imports or includes.
pub fn find_entry(dir: &Path) -> Result<String, XsdError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        XsdError::file(dir, format!("cannot read the schema folder: {e}"))
            .with_help("DUIS_SCHEMA_DIR/<version>/ must hold the version's published .xsd files")
    })?;
    let mut names = BTreeSet::new();
    for entry in entries {
        let entry = entry.map_err(|e| XsdError::file(dir, format!("cannot list: {e}")))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.to_ascii_lowercase().ends_with(".xsd") {
            names.insert(name);
        }
    }
    if names.is_empty() {
        return Err(XsdError::file(dir, "no .xsd files in the schema folder"));
    }
    let mut referenced = BTreeSet::new();
    for name in &names {
        referenced.extend(references(&read(dir, name)?)?);
    }
    let roots: Vec<&String> = names.iter().filter(|n| !referenced.contains(*n)).collect();
    match roots.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(XsdError::file(
            dir,
            "every schema document is imported by another: cannot tell which is the entry",
        )),
        many => Err(XsdError::file(
            dir,
            format!(
                "several schema documents are imported by none of the others: {}",
                many.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .with_help("a version folder holds one schema set: the DUIS schema and what it imports")),
    }
}

#[cfg(test)]
mod tests {
    use super::decode_location;

    #[test]
    fn schema_locations_are_decoded_and_confined_to_the_folder() {
        assert_eq!(
            decode_location("MMC Schema V5.4.xsd").as_deref(),
            Some("MMC Schema V5.4.xsd")
        );
        assert_eq!(
            decode_location("MMC%20Schema%20V5.4.xsd").as_deref(),
            Some("MMC Schema V5.4.xsd")
        );
        assert_eq!(decode_location("sub/x.xsd").as_deref(), Some("sub/x.xsd"));
        assert_eq!(decode_location("../x.xsd"), None);
        assert_eq!(decode_location("/etc/x.xsd"), None);
        assert_eq!(decode_location("http://www.w3.org/x.xsd"), None);
        assert_eq!(decode_location("bad%2"), None);
    }
}
