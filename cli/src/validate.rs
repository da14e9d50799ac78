//! `validate`: one line per file, in a fixed form that scripts and CI read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use duis::{Document, Version};

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
    let mut all_valid = true;
    for file in files {
        let verdict = check_file(file, version, roundtrip);
        let shown = file.display();
        match &verdict {
            Verdict::Valid => println!("{shown}: valid"),
            Verdict::Invalid(reason) => println!("{shown}: invalid: {reason}"),
            Verdict::RoundtripMismatch(difference) => {
                println!("{shown}: roundtrip mismatch: {difference}")
            }
        }
        all_valid &= verdict == Verdict::Valid;
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn parse_version(id: &str) -> Result<Version, String> {
    Version::from_id(id).ok_or_else(|| {
        let known: Vec<&str> = Version::ALL.iter().map(|v| v.id()).collect();
        format!("unknown DUIS version `{id}` (supported: {})", known.join(", "))
    })
}

/// Decodes a file (and round-trips it when asked).
pub fn check_file(path: &Path, version: Option<Version>, roundtrip: bool) -> Verdict {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return Verdict::Invalid(format!("/: cannot read the file: {e}")),
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            return Verdict::Invalid(format!(
                "/: not well-formed XML: the file is not UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ));
        }
    };
    check_text(text, version, roundtrip)
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
    let mut path: Vec<(usize, String)> = Vec::new();
    for (l, r) in left.lines().zip(right.lines()) {
        let indent = l.len() - l.trim_start().len();
        while path.last().is_some_and(|(i, _)| *i >= indent) {
            path.pop();
        }
        let label = l.trim().split([':', '(', ' ', '{']).next().unwrap_or("").to_owned();
        if l != r {
            let mut names: Vec<&str> = path.iter().map(|(_, n)| n.as_str()).filter(|n| !n.is_empty()).collect();
            names.push(&label);
            return Some(format!("{}: `{}` became `{}`", names.join("."), l.trim(), r.trim()));
        }
        if l.trim_end().ends_with(['{', '(', '[']) {
            path.push((indent, label));
        }
    }
    Some("the documents differ in length".to_owned())
}
