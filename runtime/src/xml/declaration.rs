//! The XML declaration, checked strictly (XML 1.0, production 23):
//! `<?xml` VersionInfo EncodingDecl? SDDecl? S? `?>`.

/// Checks the text between `<?xml` and `?>`.
pub fn check(body: &str) -> Result<(), String> {
    let mut rest = body;
    let mut seen_encoding = false;
    let mut seen_standalone = false;
    let mut first = true;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        let had_space = trimmed.len() < rest.len();
        rest = trimmed;
        if rest.is_empty() {
            break;
        }
        if !had_space {
            return Err("the XML declaration needs whitespace between its parts".into());
        }
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start_matches([' ', '\t', '\r', '\n']);
        let Some(after_eq) = rest.strip_prefix('=') else {
            return Err(format!(
                "`=` expected after `{name}` in the XML declaration"
            ));
        };
        rest = after_eq.trim_start_matches([' ', '\t', '\r', '\n']);
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
        let Some(quote) = quote else {
            return Err(format!(
                "the value of `{name}` in the XML declaration must be quoted"
            ));
        };
        // The quote is ASCII: a byte search finds it.
        let Some(end) = memchr::memchr(quote as u8, &rest.as_bytes()[1..]) else {
            return Err(format!(
                "unterminated value of `{name}` in the XML declaration"
            ));
        };
        let value = &rest[1..1 + end];
        rest = &rest[end + 2..];
        match name {
            "version" if first => {
                let minor = value.strip_prefix("1.");
                if !minor.is_some_and(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit())) {
                    return Err(format!("XML version `{value}` is not supported"));
                }
            }
            "encoding" if !first && !seen_encoding && !seen_standalone => {
                seen_encoding = true;
                check_encoding(value)?;
            }
            "standalone" if !first && !seen_standalone => {
                seen_standalone = true;
                if value != "yes" && value != "no" {
                    return Err(format!("standalone must be `yes` or `no`, not `{value}`"));
                }
            }
            _ if first => return Err("the XML declaration must start with its version".into()),
            _ => {
                return Err(format!(
                    "`{name}` is not allowed here in the XML declaration"
                ));
            }
        }
        first = false;
    }
    if first {
        return Err("the XML declaration has no version".into());
    }
    Ok(())
}

/// The encodings a declaration may name: the document is read as text
/// already, so only encodings whose ASCII is plain ASCII make sense (DUIS
/// messages are UTF-8).
fn check_encoding(label: &str) -> Result<(), String> {
    let valid_name = label.starts_with(|c: char| c.is_ascii_alphabetic())
        && label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !valid_name {
        return Err(format!("`{label}` is not an encoding name"));
    }
    // Compared without regard to case, the label (ASCII, checked above)
    // sliced where it may be.
    let single_byte = |prefix: &str| {
        label.len() > prefix.len()
            && label[..prefix.len()].eq_ignore_ascii_case(prefix)
            && label[prefix.len()..].parse::<u8>().is_ok()
    };
    let accepted = ["utf-8", "utf8", "us-ascii", "ascii", "latin1"]
        .iter()
        .any(|name| label.eq_ignore_ascii_case(name))
        || single_byte("iso-8859-")
        || single_byte("iso8859-")
        || single_byte("iso_8859-")
        || single_byte("windows-125")
        || single_byte("cp125");
    if accepted {
        Ok(())
    } else {
        Err(format!(
            "encoding `{label}` is not supported: DUIS messages are UTF-8"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn declarations() {
        for ok in [
            " version=\"1.0\"",
            " version='1.0' encoding='utf-8'",
            " version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\" ",
            " version = \"1.1\"",
            " version=\"1.0\" encoding=\"ISO-8859-1\"",
            " version=\"1.0\" standalone='yes'",
            " version=\"1.0\" encoding=\"Windows-1252\"",
            " version=\"1.0\" encoding=\"Utf8\"",
            " version=\"1.0\" encoding=\"cp1250\"",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            " encoding=\"UTF-8\"",
            " version=\"2.0\"",
            " version=\"1.0\" encoding=\"UTF-8\" encoding=\"UTF-8\"",
            " version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"",
            " version=\"1.0\"encoding=\"UTF-8\"",
            " version=1.0",
            " version=\"1.0\" encoding=\"UTF-16\"",
            " version=\"1.0\" standalone=\"maybe\"",
            " version=\"1.0\" other=\"x\"",
            " version=\"1.0\" encoding=\"iso-8859-\"",
            " version=\"1.0\" encoding=\"iso-8859-256\"",
            " version=\"1.0\" encoding=\"utf-8x\"",
            " version=\"1.0\" encoding=\"UTF-8",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
