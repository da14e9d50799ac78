//! The spec tables of the repository load without errors, and broken copies
//! of them give precise errors.

use std::path::{Path, PathBuf};

use duis_codegen::spec::Spec;

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

#[test]
fn the_repository_spec_loads() {
    match Spec::load(&spec_dir()) {
        Ok((spec, warnings)) => {
            for w in &warnings {
                eprintln!("warning: {w}");
            }
            assert!(spec.matrix.len() >= 129);
            assert_eq!(spec.modifications.len(), 4);
        }
        Err(e) => {
            for error in &e.errors {
                eprintln!("{error}");
            }
            panic!("{} errors", e.count);
        }
    }
}

#[test]
fn the_spec_readme_lists_the_vocabulary() {
    let readme = std::fs::read_to_string(spec_dir().join("README.md")).expect("spec/README.md");
    let vocabulary = duis_codegen::spec::vocabulary::markdown();
    assert!(
        readme.ends_with(&vocabulary),
        "spec/README.md must end with the output of `cargo xtask spec vocabulary`"
    );
}
