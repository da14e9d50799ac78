//! The generated decoder against libxml2, on a fixed, seeded set of mutated
//! variants of the real messages per version (the full run of 10,000 per
//! version is `cargo xtask differential`).

use std::path::{Path, PathBuf};

use duis::Version;
use duis_conformance::differential::{self, Run, corpus_seeds, libxml2};

fn material() -> Option<(PathBuf, PathBuf)> {
    let dir = |name: &str| {
        std::env::var_os(name)
            .filter(|d| Path::new(d).is_dir())
            .map(PathBuf::from)
    };
    match (dir("DUIS_SCHEMA_DIR"), dir("DUIS_CORPUS_DIR")) {
        (Some(schemas), Some(corpus)) if libxml2::available() => Some((schemas, corpus)),
        (Some(_), Some(_)) => {
            eprintln!(
                "SKIPPED: xmllint is not installed (libxml2-utils; `bash .ci/setup` installs it)"
            );
            None
        }
        _ => {
            eprintln!(
                "SKIPPED: DUIS_SCHEMA_DIR and DUIS_CORPUS_DIR are not set to the real DUIS material; `bash .ci/run` sets them"
            );
            None
        }
    }
}

/// Reports, one after the other.
fn listed(items: &[impl ToString]) -> String {
    items.iter().map(ToString::to_string).collect()
}

#[test]
fn corpus_mutated_messages_get_libxml2_verdicts() {
    let Some((schemas, corpus)) = material() else {
        return;
    };
    let seeds = corpus_seeds(&corpus).expect("seed messages");
    let work = tempfile::tempdir().expect("temp dir");
    for version in Version::ALL {
        let outcome = differential::run(&Run {
            version,
            schema_dir: &schemas,
            seeds: &seeds,
            count: 600,
            generated: 200,
            seed: 20_261_121,
            work_dir: &work.path().join(version.id()),
        })
        .expect("the differential run");
        assert!(
            outcome.disagreements.is_empty(),
            "DUIS {}: {} disagreements with libxml2:\n{}",
            version.id(),
            outcome.disagreements.len(),
            listed(&outcome.disagreements)
        );
        assert!(
            outcome.encoding_failures.is_empty(),
            "DUIS {}: {} of {} accepted variants do not encode back:\n{}",
            version.id(),
            outcome.encoding_failures.len(),
            outcome.encoded,
            listed(&outcome.encoding_failures)
        );
        // The variants exercise both verdicts.
        assert!(
            outcome.both_valid > 100 && outcome.both_invalid > 100,
            "{outcome:?}"
        );
    }
}

#[test]
fn deviations_explain_only_what_they_describe() {
    let deviations =
        differential::deviations::Deviations::load().expect("the deviations file reads");
    let ids: Vec<&str> = deviations.all().map(|d| d.id.as_str()).collect();
    assert!(ids.contains(&"integer-precision"), "{ids:?}");
    let serial = "f.xml:30: element X509SerialNumber: Schemas validity error : Element '{http://www.w3.org/2000/09/xmldsig#}X509SerialNumber': '117636141832862931915946451229571981153' is not a valid value of the atomic type 'xs:integer'.".to_owned();
    assert_eq!(
        deviations
            .explain(std::slice::from_ref(&serial), None)
            .map(|d| d.id.as_str()),
        Some("integer-precision")
    );
    // The same message does not excuse a case where we refused the value.
    assert!(
        deviations
            .explain(&[serial], Some("/x: `1` is out of range"))
            .is_none()
    );
    // An empty port: libxml2's message for it (xmllint 2.9.14), and not
    // for another URI it refuses.
    let uri = |value: &str| {
        format!(
            "f.xml:21: element Reference: Schemas validity error : Element '{{http://www.w3.org/2000/09/xmldsig#}}Reference', attribute 'URI': '{value}' is not a valid value of the atomic type 'xs:anyURI'."
        )
    };
    for (value, explained) in [
        ("http://c:/", true),
        ("http://u@c:?q", true),
        ("http://c:", true),
        ("%zz", false),
        ("http://c:8a/", false),
        ("a:b:/", false),
    ] {
        assert_eq!(
            deviations
                .explain(&[uri(value)], None)
                .map(|d| d.id.as_str()),
            explained.then_some("uri-empty-port"),
            "{value}"
        );
    }
    let doctype = ["f.xml validates".to_owned()];
    let ours = "/: not well-formed XML: a document type declaration (DOCTYPE) is not allowed";
    assert_eq!(
        deviations
            .explain(&doctype, Some(ours))
            .map(|d| d.id.as_str()),
        Some("doctype")
    );
    assert!(
        deviations
            .explain(&doctype, Some("/sr:Request: missing element"))
            .is_none()
    );
}

#[test]
fn corpus_instances_generated_from_the_schemas_are_valid_for_both() {
    use duis_conformance::differential::instances;
    let Some((schemas, _)) = material() else {
        return;
    };
    let work = tempfile::tempdir().expect("temp dir");
    for version in Version::ALL {
        let dir = schemas.join(version.id());
        let set = duis_codegen::xsd::read_schema_set(&dir, version.schema_files()[0])
            .expect("the schemas read");
        let seeds = instances::seeds(&set, 150, 7);
        let xmllint = libxml2::Xmllint::prepare(&dir, version.schema_files()).expect("schema copy");
        let mut files = Vec::new();
        for (i, seed) in seeds.iter().enumerate() {
            let file = work.path().join(format!("{}-{i}.xml", version.id()));
            std::fs::write(&file, &seed.text).expect("write");
            files.push(file);
        }
        let theirs = xmllint.validate(&files).expect("xmllint runs");
        let mut valid = 0;
        for ((seed, file), verdict) in seeds.iter().zip(&files).zip(&theirs) {
            let ours = version.decode(&seed.text);
            assert_eq!(
                ours.is_ok(),
                verdict.valid,
                "{} ({}): ours {ours:?}, libxml2 {:?}",
                seed.name,
                file.display(),
                verdict.messages
            );
            valid += usize::from(verdict.valid);
        }
        // The generator follows the schema: most instances are valid, and
        // they cover every global element.
        assert!(
            valid * 10 >= seeds.len() * 7,
            "DUIS {}: only {valid} of {} valid",
            version.id(),
            seeds.len()
        );
    }
}
