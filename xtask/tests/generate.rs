//! `cargo xtask generate` and `add-version` as users run them: freshness of
//! the committed crate, determinism, atomicity, and clear errors.

mod common;

use common::{copy_spec, schema_dir, text, tree, workspace, xtask};

#[test]
fn corpus_committed_crate_is_what_the_schemas_produce() {
    let Some(schemas) = schema_dir() else { return };
    let output = xtask(&["generate", "--check"], Some(&schemas));
    assert!(
        output.status.success(),
        "generate --check failed:\n{}",
        text(&output)
    );
    assert!(text(&output).contains("is up to date"), "{}", text(&output));
}

#[test]
fn corpus_generation_is_deterministic_and_check_lists_stale_files() {
    let Some(schemas) = schema_dir() else { return };
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join("src");
    let target_arg = target.to_str().expect("UTF-8 path");
    let first = xtask(&["generate", "--out", target_arg], Some(&schemas));
    assert!(first.status.success(), "{}", text(&first));
    let once = tree(&target);
    std::fs::remove_dir_all(&target).expect("remove");
    let second = xtask(&["generate", "--out", target_arg], Some(&schemas));
    assert!(second.status.success(), "{}", text(&second));
    assert_eq!(once, tree(&target), "two runs wrote different bytes");
    assert_eq!(
        once,
        tree(&workspace().join("generated/src")),
        "differs from the committed crate"
    );

    // A stale file and a leftover one are both reported by --check.
    std::fs::write(target.join("v5_4/sr.rs"), "// edited by hand\n").expect("write");
    std::fs::write(target.join("leftover.rs"), "\n").expect("write");
    let check = xtask(
        &["generate", "--check", "--out", target_arg],
        Some(&schemas),
    );
    assert_eq!(check.status.code(), Some(1));
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(report.contains("v5_4/sr.rs: differs"), "{report}");
    assert!(
        report.contains("leftover.rs: no longer generated"),
        "{report}"
    );
}

#[test]
fn corpus_a_failed_generation_leaves_the_output_as_it_was() {
    let Some(schemas) = schema_dir() else { return };
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join("src");
    std::fs::create_dir_all(target.join("v5_4")).expect("mkdir");
    std::fs::write(target.join("lib.rs"), "// before\n").expect("write");
    std::fs::write(target.join("v5_4/sr.rs"), "// before\n").expect("write");
    let before = tree(&target);

    // A versions table whose checksum is not that of the published file.
    let spec = tempfile::tempdir().expect("temp dir");
    copy_spec(spec.path());
    let versions = std::fs::read_to_string(workspace().join("spec/versions.toml")).expect("read");
    let tampered = versions.replacen(
        "eab65ac308ac9ca1a6f4e40d734ac6bf8e8b0900bc11e8931349ecfb7a8dfc94",
        &"0".repeat(64),
        1,
    );
    assert_ne!(tampered, versions, "the 5.4 checksum is in the table");
    std::fs::write(spec.path().join("versions.toml"), tampered).expect("write");
    let output = xtask(
        &[
            "generate",
            "--spec",
            spec.path().to_str().expect("UTF-8"),
            "--out",
            target.to_str().expect("UTF-8"),
        ],
        Some(&schemas),
    );
    assert!(!output.status.success());
    assert!(
        text(&output).contains("is not the published file of DUIS 5.4"),
        "{}",
        text(&output)
    );
    assert_eq!(before, tree(&target), "the output changed");
}

#[test]
fn without_schemas_generate_says_what_to_set() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = xtask(
        &["generate", "--out", out.path().to_str().expect("UTF-8")],
        None,
    );
    assert!(!output.status.success());
    assert!(
        text(&output).contains("DUIS_SCHEMA_DIR is not set"),
        "{}",
        text(&output)
    );
    assert!(tree(out.path()).is_empty());
}

#[test]
fn corpus_add_version_records_the_files_and_their_checksums() {
    let Some(schemas) = schema_dir() else { return };
    let spec = tempfile::tempdir().expect("temp dir");
    let spec_arg = spec.path().to_str().expect("UTF-8");
    let output = xtask(&["add-version", "5.4", "--spec", spec_arg], Some(&schemas));
    assert!(output.status.success(), "{}", text(&output));
    let written = std::fs::read_to_string(spec.path().join("versions.toml")).expect("written");
    assert!(
        written.contains("entry = \"DUIS Schema V5.4.xsd\""),
        "{written}"
    );
    assert!(written.contains(
        "{ name = \"MMC Schema V5.4.xsd\", sha256 = \"f0a36008db32c4f33c4c7609e910d0e69be659f69c46a57a749a2d0f163bd38c\" }"
    ));
    let again = xtask(&["add-version", "5.4", "--spec", spec_arg], Some(&schemas));
    assert!(!again.status.success());
    assert!(
        text(&again).contains("version 5.4 is already in"),
        "{}",
        text(&again)
    );
    let missing = xtask(&["add-version", "5.9", "--spec", spec_arg], Some(&schemas));
    assert!(text(&missing).contains("no folder"), "{}", text(&missing));
    let bad = xtask(&["add-version", "../x", "--spec", spec_arg], Some(&schemas));
    assert!(text(&bad).contains("is not a version id"), "{}", text(&bad));
}
