//! The real DUIS material (DUIS_CORPUS_DIR): request templates, captured
//! responses and hostile inputs. Skipped, with a message saying so, where the
//! material is not available.

use std::path::{Path, PathBuf};

use duis::Version;
use duis_cli::validate::{Verdict, check_file};

/// The corpus folder, or `None` (after saying why) when it is not available.
fn corpus() -> Option<PathBuf> {
    match std::env::var_os("DUIS_CORPUS_DIR") {
        Some(dir) if Path::new(&dir).is_dir() => Some(PathBuf::from(dir)),
        _ => {
            eprintln!(
                "SKIPPED: DUIS_CORPUS_DIR is not set to the real DUIS material (e.g. ../shared/duis); `bash .ci/run` sets it"
            );
            None
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_request_templates_decode_as_5_4_and_round_trip() {
    let Some(corpus) = corpus() else { return };
    let templates = files(&corpus.join("templates"));
    assert!(
        templates.len() >= 200,
        "the template set is incomplete: {}",
        templates.len()
    );
    let failures: Vec<String> = templates
        .iter()
        .filter_map(
            |file| match check_file(file, Some(Version::from_id("5.4")?), true) {
                Verdict::Valid => None,
                other => Some(format!("{}: {other:?}", file.display())),
            },
        )
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} templates failed:\n{}",
        failures.len(),
        templates.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_responses_decode_with_their_own_version_and_round_trip() {
    let Some(corpus) = corpus() else { return };
    let responses = files(&corpus.join("responses"));
    assert!(!responses.is_empty());
    for file in &responses {
        let text = std::fs::read_to_string(file).expect("readable");
        let document = duis::decode(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let named = if text.contains("schemaVersion=\"5.3\"") {
            "5.3"
        } else {
            "5.4"
        };
        assert_eq!(document.version().id(), named, "{}", file.display());
        assert_eq!(document.root_name(), "sr:Response");
        assert_eq!(
            check_file(file, None, true),
            Verdict::Valid,
            "{}",
            file.display()
        );
    }
}

#[test]
fn corpus_response_serial_numbers_keep_all_39_digits() {
    use duis::v5_4::ds::{KeyInfoTypeChoice, X509DataTypeChoice};
    let Some(corpus) = corpus() else { return };
    let path = corpus.join("responses/read-inventory-response-5.4.xml");
    let text = std::fs::read_to_string(path).expect("readable");
    let duis::Document::V5_4(duis::v5_4::Document::Response(response)) =
        duis::decode(&text).expect("valid")
    else {
        panic!("a 5.4 response")
    };
    let key_info = response
        .signature
        .expect("signed")
        .key_info
        .expect("key info");
    let serials: Vec<String> = key_info
        .choice
        .iter()
        .filter_map(|c| match c {
            KeyInfoTypeChoice::X509Data(data) => Some(data),
            _ => None,
        })
        .flat_map(|data| &data.choice)
        .filter_map(|c| match c {
            X509DataTypeChoice::X509IssuerSerial(serial) => {
                Some(serial.x509_serial_number.to_string())
            }
            _ => None,
        })
        .collect();
    assert_eq!(serials, ["20315062944123339095836004026371736578"]);
}

#[test]
fn corpus_hostile_inputs_are_rejected_cleanly() {
    let Some(corpus) = corpus() else { return };
    let hostile = corpus.join("hostile");
    let bad_id = check_file(&hostile.join("request-bad-request-id-5.0.xml"), None, false);
    let Verdict::Invalid(reason) = bad_id else {
        panic!("{bad_id:?}")
    };
    assert!(
        reason.starts_with("/sr:Request/sr:Header/sr:RequestID: `90-B3-D5-1F-30-01-00-00:00-07-81-D7-00-00-36-CE::1000` does not match the pattern"),
        "{reason}"
    );
    let xxe = check_file(
        &hostile.join("response-with-external-entity.xml"),
        None,
        false,
    );
    let Verdict::Invalid(reason) = xxe else {
        panic!("{xxe:?}")
    };
    assert!(
        reason.contains("DOCTYPE") && reason.contains("never expanded"),
        "{reason}"
    );
    // With the version forced, the decoder itself refuses the DTD: no entity
    // is resolved, and nothing of the referenced file appears.
    let text = std::fs::read_to_string(hostile.join("response-with-external-entity.xml"))
        .expect("readable");
    let error = Version::from_id("5.4")
        .expect("5.4")
        .decode(&text)
        .expect_err("refused");
    assert!(error.to_string().contains("DOCTYPE"), "{error}");
    assert!(!error.to_string().contains("root:"), "{error}");
}

/// Line and column (one-based) of a byte offset, counted here from the text.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u32, column as u32)
}

/// Syntax errors late in a long request, after hundreds of elements whose
/// values and end tags the decoder read past the parser (and after it gave
/// the parser fresh starts), are placed where they are.
#[test]
fn corpus_syntax_errors_late_in_a_long_request_are_placed_exactly() {
    let Some(corpus) = corpus() else { return };
    // The template with the most elements.
    let (text, name) = files(&corpus.join("templates"))
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("a readable template");
            (text, f.display().to_string())
        })
        .max_by_key(|(text, _)| text.matches("</").count())
        .expect("templates");
    assert!(text.matches("</").count() > 300, "{name}");
    let v54 = Version::from_id("5.4").expect("5.4 is supported");
    v54.decode(&text).expect("the template is valid");
    let last = |needle: &str| {
        text.rfind(needle)
            .unwrap_or_else(|| panic!("`{needle}` is not in {name}"))
    };
    let cases = [
        // An end tag that does not match: found by the decoder.
        ("</ds:SignatureValue>", "</ds:SignatureValu>", 0),
        // A comment that XML forbids: found by the parser, at the `--`.
        ("</ds:KeyInfo>", "<!-- a -- b --></ds:KeyInfo>", 7),
        // An end tag after the root's.
        ("</sr:Request>", "</sr:Request></sr:Request>", 13),
    ];
    for (from, to, shift) in cases {
        let at = last(from);
        let damaged = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
        let error = v54.decode(&damaged).expect_err(to);
        assert_eq!(
            error.position(),
            Some(line_column(&damaged, at + shift)),
            "{to}: {error}"
        );
    }
}
