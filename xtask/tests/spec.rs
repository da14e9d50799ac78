//! Deliberately broken spec tables: each gives a precise error with its
//! file, line and column, and `generated/` is left untouched.

mod common;

use std::path::Path;

use common::{copy_spec, schema_dir, text, tree, xtask};

/// Copies spec/, breaks it with `edit`, runs `generate` into a populated
/// output folder; returns the output text after checking the folder is
/// untouched and the command failed.
fn generate_broken(schemas: &Path, edit: impl Fn(&Path)) -> String {
    let spec = tempfile::tempdir().expect("temp dir");
    copy_spec(spec.path());
    edit(spec.path());
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join("src");
    std::fs::create_dir_all(target.join("v5_4")).expect("mkdir");
    std::fs::write(target.join("lib.rs"), "// before\n").expect("write");
    std::fs::write(target.join("v5_4/dsp.rs"), "// before\n").expect("write");
    let before = tree(&target);
    let output = xtask(
        &[
            "generate",
            "--spec",
            spec.path().to_str().expect("UTF-8"),
            "--out",
            target.to_str().expect("UTF-8"),
        ],
        Some(schemas),
    );
    let report = text(&output);
    assert!(!output.status.success(), "generate succeeded:\n{report}");
    assert!(report.contains("nothing was generated"), "{report}");
    assert_eq!(before, tree(&target), "the output changed:\n{report}");
    report
}

/// The same broken spec through `spec check`, without schemas.
fn check_broken(edit: impl Fn(&Path)) -> String {
    let spec = tempfile::tempdir().expect("temp dir");
    copy_spec(spec.path());
    edit(spec.path());
    let output = xtask(
        &[
            "spec",
            "check",
            "--spec",
            spec.path().to_str().expect("UTF-8"),
        ],
        None,
    );
    assert!(!output.status.success(), "spec check succeeded");
    text(&output)
}

fn replace(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} has no `{from}`", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

/// `file:line:column: message` for a file of the copied spec.
fn located(report: &str, file: &str, line: u32, column: u32, message: &str) {
    let wanted = format!("{file}:{line}:{column}: {message}");
    assert!(
        report.replace('\n', " ").contains(&wanted) || report.contains(&wanted),
        "expected `{wanted}` in:\n{report}"
    );
}

fn line_of(file: &Path, needle: &str) -> (u32, u32) {
    let text = std::fs::read_to_string(file).expect("read");
    let offset = text.find(needle).unwrap_or_else(|| panic!("no `{needle}`"));
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, column)
}

#[test]
fn table_errors_without_schemas() {
    let rules = |dir: &Path| dir.join("rules.csv");
    // An unknown predicate, with a suggestion.
    let report = check_broken(|d| replace(&rules(d), ",user-active,", ",user-activ,"));
    let (line, column) = line_of(
        &common::workspace().join("spec/rules.csv"),
        "user-active,E3",
    );
    located(
        &report,
        "rules.csv",
        line,
        column,
        "unknown predicate `user-activ`: did you mean `user-active`?",
    );
    // An unknown SRV.
    let report =
        check_broken(|d| replace(&rules(d), "S-080801,8.8.1 8.8.2", "S-080801,8.8.1 8.8.9"));
    let (line, column) = line_of(&common::workspace().join("spec/rules.csv"), "8.8.2,1000");
    located(
        &report,
        "rules.csv",
        line,
        column,
        "unknown SRV 8.8.9: the matrix has no row for it in these versions",
    );
    // A response code no table lists.
    let report = check_broken(|d| replace(&rules(d), ",E080801,reject", ",E080899,reject"));
    let (line, column) = line_of(
        &common::workspace().join("spec/rules.csv"),
        "E080801,reject",
    );
    located(
        &report,
        "rules.csv",
        line,
        column,
        "response code E080899 is not in DUIS 5.0's codes",
    );
    // A rule for a version that does not exist.
    let report = check_broken(|d| replace(&rules(d), "E080801,reject,*,", "E080801,reject,5.9,"));
    let (line, column) = line_of(
        &common::workspace().join("spec/rules.csv"),
        "*,According to the SMI",
    );
    located(
        &report,
        "rules.csv",
        line,
        column,
        "DUIS version `5.9` does not exist",
    );
    // Duplicate ids.
    let report = check_broken(|d| replace(&rules(d), "G-E2,*,20", "G-E1,*,20"));
    assert!(report.contains("duplicate id `G-E1`"), "{report}");
    // A modification that alters a row that does not exist.
    let report = check_broken(|d| {
        replace(
            &d.join("modifications/SECMP0178.toml"),
            "rule = \"S-080801\"",
            "rule = \"S-080899\"",
        )
    });
    located(
        &report,
        "SECMP0178.toml",
        20,
        9,
        "SECMP0178 changes the rule S-080899, which does not exist in its versions",
    );
    // A cell that breaks the table's shape.
    let report =
        check_broken(|d| replace(&d.join("matrix.csv"), "\n8.8.1,8.8,", "\n8.8.1,8.8,extra,"));
    let (line, _) = line_of(&common::workspace().join("spec/matrix.csv"), "\n8.8.1,8.8,");
    located(
        &report,
        "matrix.csv",
        line + 1,
        1,
        "this row has 15 cells; the table has 14 columns",
    );
}

#[test]
fn corpus_errors_against_the_schemas_leave_generated_untouched() {
    let Some(schemas) = schema_dir() else { return };
    // A table error stops generation too.
    let report = generate_broken(&schemas, |d| {
        replace(&d.join("rules.csv"), ",user-active,", ",user-activ,")
    });
    assert!(
        report.contains("unknown predicate `user-activ`"),
        "{report}"
    );
    // A code the tables list but no schema has.
    let report = generate_broken(&schemas, |d| {
        let codes = d.join("response-codes.csv");
        let text = std::fs::read_to_string(&codes).expect("read");
        std::fs::write(&codes, format!("{text}E080899,E,8.8,*,Made up.\n")).expect("write");
    });
    assert!(
        report.contains("response code E080899 is not in DUIS 5.0's ResponseCode enumeration"),
        "{report}"
    );
    // The DCC Scheduled column disagrees with the schema.
    let report = generate_broken(&schemas, |d| {
        replace(
            &d.join("matrix.csv"),
            "4.2,4.2,Read Instantaneous Export Registers,ReadInstantaneousExportRegisters,no,yes,dsp,yes",
            "4.2,4.2,Read Instantaneous Export Registers,ReadInstantaneousExportRegisters,no,yes,dsp,no",
        )
    });
    assert!(
        report.contains("SRV 4.2: the table says DCC Scheduled no, DUIS 5.3's DSPScheduledServiceReferenceVariant lists it"),
        "{report}"
    );
    // A body field that the SRV's body does not have.
    let report = generate_broken(&schemas, |d| {
        replace(
            &d.join("rules.csv"),
            "device(body/OtherDeviceID)",
            "device(body/OtherDevice)",
        )
    });
    let (line, _) = line_of(
        &common::workspace().join("spec/rules.csv"),
        "device(body/OtherDeviceID)",
    );
    assert!(
        report.contains(&format!("rules.csv:{line}:"))
            && report.contains("sr:JoinOrUnjoinDevice has no element `OtherDevice`"),
        "{report}"
    );
    // A value the field's enumeration does not have.
    let report = generate_broken(&schemas, |d| {
        replace(
            &d.join("modifications/SECMP0192.toml"),
            "4.3 4.4.3)",
            "4.3 4.4.9)",
        )
    });
    assert!(
        report.contains("`4.4.9` is not a value of `body/DSPScheduledServiceReferenceVariant`"),
        "{report}"
    );
}
