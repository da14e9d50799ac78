//! The case format's errors: a spec author who writes a case wrong is told
//! the file, the line and column, and what is wrong — and a good case loads.

use std::path::Path;

use duis_conformance::suite::{self, CaseResult, Overrides};

/// Writes `files` (name, text) into a temporary cases folder, with the real
/// scenario and request of the suite beside them.
fn cases(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let real = suite::cases_dir();
    for (from, to) in [
        ("scenarios/dcc.toml", "scenarios/dcc.toml"),
        (
            "requests/unjoin-critical.xml",
            "requests/unjoin-critical.xml",
        ),
    ] {
        let target = dir.path().join(to);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        std::fs::copy(real.join(from), &target).expect("copy");
    }
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn errors(dir: &Path) -> Vec<String> {
    match suite::load_cases(dir) {
        Ok(cases) => panic!("{} cases loaded; expected errors", cases.len()),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

const GOOD: &str = r#"description = "8.8.1 to a SMETS2 ESME; the CAD is not joined"
request = "../requests/unjoin-critical.xml"
scenario = "../scenarios/dcc.toml"
versions = "5.4"

[[variant]]
name = "before"
description = "before the June 2024 release"
sec-release = "2024-02"
"#;

#[test]
fn a_good_case_loads_and_runs() {
    let dir = cases(&[("mine/unjoin.toml", GOOD)]);
    let cases = suite::load_cases(dir.path()).expect("the case loads");
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["mine/unjoin/before"]);
    // A version takes in its drafts, as in the spec tables.
    let versions: Vec<&str> = cases[0].versions.iter().map(|v| v.id()).collect();
    assert_eq!(versions, ["5.4", "5.4-secmp0192"]);
    let result = suite::run(&cases[0], cases[0].versions[0], &Overrides::default()).expect("runs");
    let CaseResult::Outcome(outcome) = result else {
        panic!("the request is valid under 5.4")
    };
    assert_eq!(outcome.code, "E080801", "{outcome}");
}

#[test]
fn a_missing_request_file_is_named() {
    let text = GOOD.replace("unjoin-critical.xml", "no-such.xml");
    let dir = cases(&[("mine/unjoin.toml", &text)]);
    let errors = errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("unjoin.toml"), "{errors:?}");
    assert!(errors[0].contains("no-such.xml"), "{errors:?}");
}

#[test]
fn an_unknown_version_is_located() {
    let text = GOOD.replace("versions = \"5.4\"", "versions = \"5.9\"");
    let dir = cases(&[("mine/unjoin.toml", &text)]);
    let errors = errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("unjoin.toml:4:"), "{errors:?}");
    assert!(errors[0].contains("5.9"), "{errors:?}");
}

#[test]
fn toml_syntax_errors_are_located() {
    let text = GOOD.replace("name = \"before\"", "name = before");
    let dir = cases(&[("mine/unjoin.toml", &text)]);
    let errors = errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("unjoin.toml:7:"), "{errors:?}");
}

#[test]
fn a_case_without_description_or_request_is_refused() {
    let dir = cases(&[
        ("a.toml", "request = \"requests/unjoin-critical.xml\"\n"),
        ("b.toml", "description = \"no request\"\n"),
    ]);
    let errors = errors(dir.path());
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains("a.toml") && errors[0].contains("description"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("b.toml") && errors[1].contains("request"),
        "{errors:?}"
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let bad_version = GOOD.replace("versions = \"5.4\"", "versions = \"4.0\"");
    let dir = cases(&[
        ("one.toml", &bad_version),
        ("two.toml", "description = 1\n"),
    ]);
    assert_eq!(errors(dir.path()).len(), 2);
}

#[test]
fn a_wrong_scenario_key_is_named_when_the_case_runs() {
    let text = GOOD.replace("sec-release = \"2024-02\"", "sec-relase = \"2024-02\"");
    let dir = cases(&[("mine/unjoin.toml", &text)]);
    let cases = match suite::load_cases(dir.path()) {
        // Refused when loading: as good as when running.
        Err(errors) => {
            let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
            assert!(text.join("\n").contains("sec-relase"), "{text:?}");
            return;
        }
        Ok(cases) => cases,
    };
    let error = suite::run(&cases[0], cases[0].versions[0], &Overrides::default())
        .expect_err("an unknown scenario key");
    assert!(error.to_string().contains("sec-relase"), "{error}");
}
