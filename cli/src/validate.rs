//! `validate`: one line per file, in a fixed form that scripts and CI read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use duis::{Document, Version};
use duis_runtime::escape_controls;

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Invalid(String),
    RoundtripMismatch(String),
}

pub fn run(version: Option<&str>, roundtrip: bool, files: &[PathBuf]) -> ExitCode {
    let version = match version.map(parse_version).transpose() {
        Ok(v) => v,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let (mut valid, mut invalid) = (0usize, 0usize);
    for file in expand(files) {
        let verdict = match &file {
            Ok(file) => check_file(file, version, roundtrip),
            Err((_, reason)) => Verdict::Invalid(reason.clone()),
        };
        let shown = match &file {
            Ok(file) | Err((file, _)) => file.display(),
        };
        // One line per file, whatever the document's text in a message holds.
        match &verdict {
            Verdict::Valid => println!("{shown}: valid"),
            Verdict::Invalid(reason) => println!("{shown}: invalid: {}", escape_controls(reason)),
            Verdict::RoundtripMismatch(difference) => {
                println!(
                    "{shown}: roundtrip mismatch: {}",
                    escape_controls(difference)
                )
            }
        }
        if verdict == Verdict::Valid {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    if valid + invalid != 1 {
        eprintln!("{} files: {valid} valid, {invalid} not", valid + invalid);
    }
    if invalid == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The files to check: each argument, or, for a folder, every file below it
/// in path order, symbolic links followed (a corpus may be put together
/// from links); a folder that cannot be read, or a link back to a folder
/// it is in, is reported like a file.
fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, String)>> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(Ok(path.clone()));
            continue;
        }
        for entry in walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(entry) if entry.file_type().is_dir() => {}
                Ok(entry) => out.push(Ok(entry.into_path())),
                Err(e) => {
                    let at = e.path().unwrap_or(path).to_path_buf();
                    out.push(Err((at, format!("/: cannot read the folder: {e}"))));
                }
            }
        }
    }
    out
}

fn parse_version(id: &str) -> Result<Version, String> {
    Version::from_id(id).ok_or_else(|| {
        let known: Vec<&str> = Version::ALL.iter().map(|v| v.id()).collect();
        format!(
            "unknown DUIS version `{id}` (supported: {})",
            known.join(", ")
        )
    })
}

/// Decodes a file (and round-trips it when asked).
pub fn check_file(path: &Path, version: Option<Version>, roundtrip: bool) -> Verdict {
    let bytes = match read_bounded(path) {
        Ok(bytes) => bytes,
        Err(reason) => return Verdict::Invalid(reason),
    };
    match decode_bytes(&bytes) {
        Ok(text) => check_text(&text, version, roundtrip),
        Err(reason) => Verdict::Invalid(reason),
    }
}

/// The file's bytes, refused before they are read when the file is larger
/// than the decoder accepts (memory stays bounded whatever the file's size).
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    // A byte-order mark does not count towards the document's size.
    let limit = duis_runtime::Limits::default().max_document_bytes + 3;
    let file = std::fs::File::open(path).map_err(|e| format!("/: cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("/: cannot read the file: {e}"))?;
    if bytes.len() > limit {
        let size = std::fs::metadata(path)
            .map_or_else(|_| format!("more than {limit}"), |m| m.len().to_string());
        return Err(format!(
            "/: limit exceeded: the document is {size} bytes; at most {} are accepted",
            limit - 3
        ));
    }
    Ok(bytes)
}

/// The text of a file: UTF-8 (a byte-order mark aside), UTF-16 (which every
/// XML processor must read: XML 1.0, 4.3.3), or, when the XML declaration
/// names another ASCII-compatible encoding, decoded from it.
pub fn decode_bytes(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, String> {
    // UTF-16 is told by its byte-order mark, or by `<?` as its first
    // characters (XML 1.0, appendix F.1).
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] | [b'<', 0, b'?', 0, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] | [0, b'<', 0, b'?', ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        let (text, malformed) = encoding.decode_with_bom_removal(bytes);
        if malformed {
            return Err(format!(
                "/: not well-formed XML: the file is not valid {}",
                encoding.name()
            ));
        }
        return relabel_utf16(&text, encoding).map(std::borrow::Cow::Owned);
    }
    let not_utf8 = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(std::borrow::Cow::Borrowed(text)),
        Err(e) => e,
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]);
    let declared = head
        .strip_prefix("<?xml")
        .and_then(|d| d.split("?>").next())
        .and_then(|d| d.split("encoding").nth(1))
        .and_then(|d| d.split(['"', '\'']).nth(1));
    let encoding = declared
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .filter(|e| e.is_ascii_compatible() && *e != encoding_rs::UTF_8);
    match encoding {
        Some(encoding) => {
            let (text, _, malformed) = encoding.decode(bytes);
            if malformed {
                Err(format!(
                    "/: not well-formed XML: the file is not valid {}",
                    encoding.name()
                ))
            } else {
                Ok(text)
            }
        }
        None => Err(format!(
            "/: not well-formed XML: the file is not UTF-8 (invalid byte at offset {})",
            not_utf8.valid_up_to()
        )),
    }
}

/// A declaration's `encoding="UTF-16"` describes the file's bytes, not the
/// text decoded from them, which the decoder (reading text in memory, where
/// UTF-16 cannot be) would refuse: the label becomes `UTF-8`. A label that
/// names another encoding than the file's (`US-ASCII`, `ISO-8859-1`, or
/// `UTF-16BE` for a little-endian file) is a fatal error (XML 1.0, 4.3.3),
/// as libxml2 reports it too; `UTF-8` is read as libxml2 reads it, as if
/// the declaration named no encoding.
fn relabel_utf16(text: &str, encoding: &'static encoding_rs::Encoding) -> Result<String, String> {
    let declaration = text
        .strip_prefix("<?xml")
        .and_then(|rest| rest.find("?>"))
        .map_or("", |end| &text[..end + 5]);
    let label = declaration.find("encoding").and_then(|at| {
        let rest = &declaration[at..];
        let open = rest.find(['"', '\''])?;
        let quote = rest[open..].chars().next()?;
        let close = rest[open + 1..].find(quote)?;
        Some(at + open + 1..at + open + 1 + close)
    });
    let Some(range) = label else {
        return Ok(text.to_owned());
    };
    let written = text[range.clone()].trim();
    let named = encoding_rs::Encoding::for_label(written.as_bytes());
    // "UTF-16" alone names either byte order (the mark tells which).
    let utf16 = named == Some(encoding_rs::UTF_16LE) && written.eq_ignore_ascii_case("utf-16");
    if named == Some(encoding) || utf16 {
        Ok(format!(
            "{}UTF-8{}",
            &text[..range.start],
            &text[range.end..]
        ))
    } else if named == Some(encoding_rs::UTF_8) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "/: not well-formed XML: the file is {} (by its first bytes), but its XML declaration names the encoding `{}`",
            encoding.name(),
            clip_label(written)
        ))
    }
}

/// An encoding label as quoted in a message (a declaration may hold anything).
fn clip_label(label: &str) -> String {
    label.chars().take(40).collect()
}

pub fn check_text(text: &str, version: Option<Version>, roundtrip: bool) -> Verdict {
    let decode = |xml: &str| match version {
        Some(v) => v.decode(xml),
        None => duis::decode(xml),
    };
    let document = match decode(text) {
        Ok(document) => document,
        Err(e) => return Verdict::Invalid(e.to_string()),
    };
    if !roundtrip {
        return Verdict::Valid;
    }
    let encoded = document.to_xml();
    let again = match document.version().decode(&encoded) {
        Ok(again) => again,
        Err(e) => {
            return Verdict::RoundtripMismatch(format!(
                "the encoded document does not decode: {e}"
            ));
        }
    };
    match first_difference(&document, &again) {
        None => Verdict::Valid,
        Some(difference) => Verdict::RoundtripMismatch(difference),
    }
}

/// Where two decoded documents first differ, as a field path and the two values.
pub fn first_difference(a: &Document, b: &Document) -> Option<String> {
    if a == b {
        return None;
    }
    let (left, right) = (format!("{a:#?}"), format!("{b:#?}"));
    // The path of fields and variants that leads to a line of the pretty
    // `Debug` output, by indentation.
    let mut path: Vec<(usize, String)> = Vec::new();
    for (l, r) in left.lines().zip(right.lines()) {
        let indent = l.len() - l.trim_start().len();
        while path.last().is_some_and(|(i, _)| *i >= indent) {
            path.pop();
        }
        let label = label(l.trim());
        if l != r {
            let mut names: Vec<&str> = path.iter().map(|(_, n)| n.as_str()).collect();
            if let Some(label) = &label {
                names.push(label);
            }
            names.dedup();
            return Some(format!(
                "{}: `{}` became `{}`",
                names.join("."),
                value(l),
                value(r)
            ));
        }
        if l.trim_end().ends_with(['{', '(', '[']) {
            path.push((indent, label.unwrap_or_default()));
        }
    }
    Some("the documents differ in length".to_owned())
}

/// The field name (`name: …`) or type/variant name (`Name(` / `Name {`) a
/// `Debug` line starts with.
fn label(line: &str) -> Option<String> {
    let ident: String = line
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = line[ident.len()..].trim_start();
    (rest.starts_with(':') || rest.starts_with('(') || rest.starts_with('{')).then_some(ident)
}

/// The value part of a `Debug` line.
fn value(line: &str) -> &str {
    let line = line.trim().trim_end_matches(',');
    match label(line) {
        Some(label) if line[label.len()..].trim_start().starts_with(':') => {
            line[label.len()..].trim_start()[1..].trim()
        }
        _ => line,
    }
}
