//! Turning XSD names and values into Rust identifiers: casing, keywords and
//! collisions. No other module invents identifiers.

use std::collections::HashSet;

/// Rust keywords (strict and reserved) that cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Splits a name into words: at separators, at lower-to-upper changes, and
/// before the last capital of an acronym followed by a lower-case letter
/// (`DSPSchedule` → `DSP`, `Schedule`). Digits stay with what precedes them.
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&prev) = current.chars().last().as_ref() {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(|n| n.is_lowercase()))
                || (prev.is_ascii_digit()
                    && c.is_uppercase()
                    && next.is_some_and(|n| n.is_lowercase()));
            if boundary {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// A `snake_case` field or function name.
pub fn snake(name: &str) -> String {
    let joined = words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    let joined = if joined.is_empty() {
        "value".to_owned()
    } else {
        joined
    };
    let joined = if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{joined}")
    } else {
        joined
    };
    escape_keyword(joined)
}

/// An `UpperCamelCase` type name. Names that already start with a capital
/// and have no separators are kept as the schema writes them (`RequestIDType`),
/// so that users find the spec's names.
pub fn camel(name: &str) -> String {
    let plain = name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.starts_with(|c: char| c.is_ascii_uppercase());
    let out = if plain {
        name.to_owned()
    } else {
        let parts: Vec<String> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(capitalize)
            .collect();
        let mut out = String::new();
        for part in parts {
            // Keep digit groups apart (`range_1_3` → `Range1_3`, not `Range13`).
            if out.ends_with(|c: char| c.is_ascii_digit())
                && part.starts_with(|c: char| c.is_ascii_digit())
            {
                out.push('_');
            }
            out.push_str(&part);
        }
        out
    };
    let out = if out.is_empty() {
        "Value".to_owned()
    } else {
        out
    };
    let out = if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{out}")
    } else {
        out
    };
    escape_keyword(out)
}

/// An enum variant for an enumeration value: the value itself when it is a
/// valid identifier (`ESME`, `E080801`), otherwise its words run together
/// (`4G Central` → `V4GCentral`).
pub fn variant(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_owned();
    }
    camel(value)
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn escape_keyword(name: String) -> String {
    if matches!(name.as_str(), "self" | "Self" | "super" | "crate") {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Whether an identifier needs `#[allow(non_camel_case_types)]`.
pub fn needs_camel_allow(name: &str) -> bool {
    name.contains('_') || name.starts_with(|c: char| c.is_lowercase())
}

/// Hands out identifiers unique within one scope (a module, an enum, a
/// struct): a taken name gets a number (`Name2`, `name_2`).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Scope::default()
    }

    /// Reserves `name`, or the first free numbered variant of it.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let snake_like = name.starts_with(|c: char| c.is_lowercase()) || name.starts_with("r#");
        let base = name.trim_start_matches("r#").to_owned();
        for n in 2.. {
            let candidate = if snake_like {
                format!("{base}_{n}")
            } else {
                format!("{base}{n}")
            };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_fields() {
        assert_eq!(snake("RequestID"), "request_id");
        assert_eq!(snake("DSPScheduleID"), "dsp_schedule_id");
        assert_eq!(
            snake("ServiceReferenceVariant"),
            "service_reference_variant"
        );
        assert_eq!(snake("UPRN"), "uprn");
        assert_eq!(snake("X509SerialNumber"), "x509_serial_number");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("index"), "index");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("Channels0To26"), "channels0_to26");
    }

    #[test]
    fn type_names() {
        assert_eq!(camel("RequestIDType"), "RequestIDType");
        assert_eq!(camel("range_1_3"), "Range1_3");
        assert_eq!(camel("floorSequenceNumber"), "FloorSequenceNumber");
        assert_eq!(camel("Self"), "Self_");
        assert!(needs_camel_allow("Range1_3"));
        assert!(!needs_camel_allow("RequestIDType"));
    }

    #[test]
    fn variants() {
        assert_eq!(variant("ESME"), "ESME");
        assert_eq!(variant("E080801"), "E080801");
        assert_eq!(variant("4G Central"), "V4GCentral");
        assert_eq!(variant("CHTS V1.4"), "CHTSV1_4");
        assert_eq!(variant("1"), "V1");
        assert_eq!(variant(" "), "Value");
        assert_eq!(variant(""), "Empty");
    }

    #[test]
    fn scopes_number_collisions() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("Choice".into()), "Choice");
        assert_eq!(scope.claim("Choice".into()), "Choice2");
        assert_eq!(scope.claim("choice".into()), "choice");
        assert_eq!(scope.claim("choice".into()), "choice_2");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("r#type".into()), "type_2");
    }
}
