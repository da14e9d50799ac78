//! The `validate` command as users and CI run it: one line per file, in a
//! fixed form, and the exit status.

use std::path::Path;
use std::process::Command;

/// A request of our own, in the shape of a DUIS 5.4 'Unjoin Service
/// (Non-Critical)' request.
const UNJOIN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
  <sr:Header>
    <sr:RequestID>00-11-22-33-44-55-66-77:88-99-AA-BB-CC-DD-EE-FF:42</sr:RequestID>
    <sr:CommandVariant>1</sr:CommandVariant>
    <sr:ServiceReference>8.8</sr:ServiceReference>
    <sr:ServiceReferenceVariant>8.8.2</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body>
    <sr:UnjoinServiceNonCritical>
      <sr:OtherDeviceID>01-23-45-67-89-AB-CD-EF</sr:OtherDeviceID>
    </sr:UnjoinServiceNonCritical>
  </sr:Body>
</sr:Request>
"#;

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_duis"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the duis binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
    )
}

fn write(dir: &Path, name: &str, contents: &[u8]) {
    std::fs::write(dir.join(name), contents).expect("write a test file");
}

#[test]
fn valid_messages_print_valid_and_exit_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "unjoin.xml", UNJOIN.as_bytes());
    let (code, out) = run(dir.path(), &["validate", "--roundtrip", "unjoin.xml"]);
    assert_eq!((code, out.as_str()), (0, "unjoin.xml: valid\n"));
    // The version can be forced: the message is also valid DUIS 5.3 and 5.0.
    let (code, out) = run(
        dir.path(),
        &["validate", "--duis-version", "5.0", "unjoin.xml"],
    );
    assert_eq!((code, out.as_str()), (0, "unjoin.xml: valid\n"));
}

#[test]
fn invalid_messages_print_the_element_path_and_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "good.xml", UNJOIN.as_bytes());
    let missing = UNJOIN.replace("    <sr:CommandVariant>1</sr:CommandVariant>\n", "");
    write(dir.path(), "missing.xml", missing.as_bytes());
    let bad_value = UNJOIN.replace("01-23-45-67-89-AB-CD-EF", "01-23-45");
    write(dir.path(), "bad-value.xml", bad_value.as_bytes());
    let other_version = UNJOIN.replace("schemaVersion=\"5.4\"", "schemaVersion=\"4.2\"");
    write(dir.path(), "version.xml", other_version.as_bytes());
    write(dir.path(), "latin1.xml", b"<sr:Request \xe9/>");
    let (code, out) = run(
        dir.path(),
        &[
            "validate",
            "good.xml",
            "missing.xml",
            "bad-value.xml",
            "version.xml",
            "latin1.xml",
            "absent.xml",
        ],
    );
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "good.xml: valid");
    assert_eq!(
        lines[1],
        "missing.xml: invalid: /sr:Request/sr:Header: unexpected element `sr:ServiceReference`; \
         expected element `sr:CommandVariant` (line 5, column 5)"
    );
    assert!(
        lines[2].starts_with(
            "bad-value.xml: invalid: /sr:Request/sr:Body/sr:UnjoinServiceNonCritical/sr:OtherDeviceID: \
             `01-23-45` does not match the pattern"
        ),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        "version.xml: invalid: /: schemaVersion `4.2` is not a supported DUIS version (supported: 5.0, 5.3, 5.4)"
    );
    assert!(
        lines[4].starts_with("latin1.xml: invalid: /: not well-formed XML: the file is not UTF-8"),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].starts_with("absent.xml: invalid: /: cannot read the file"),
        "{}",
        lines[5]
    );
    assert_eq!(lines.len(), 6);
}

#[test]
fn a_file_over_the_document_bound_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 40 MB of one text node: over the 32 MiB bound, well-formed otherwise.
    let huge = UNJOIN.replace("01-23-45-67-89-AB-CD-EF", &"A".repeat(40 * 1024 * 1024));
    write(dir.path(), "huge.xml", huge.as_bytes());
    let (code, out) = run(dir.path(), &["validate", "huge.xml"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!(
            "huge.xml: invalid: /: limit exceeded: the document is {} bytes; at most 33554432 are accepted\n",
            huge.len()
        )
    );
}

#[test]
fn an_unknown_version_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "unjoin.xml", UNJOIN.as_bytes());
    let output = Command::new(env!("CARGO_BIN_EXE_duis"))
        .current_dir(dir.path())
        .args(["validate", "--duis-version", "9.9", "unjoin.xml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown DUIS version `9.9` (supported: 5.0, 5.3, 5.4)"),
        "{stderr}"
    );
}

#[test]
fn round_trip_differences_name_the_field() {
    use duis_cli::validate::first_difference;
    let a = duis::decode(UNJOIN).expect("valid");
    let b = duis::decode(&UNJOIN.replace(":42<", ":43<")).expect("valid");
    let difference = first_difference(&a, &b).expect("they differ");
    assert!(
        difference.starts_with("V5_4.Request.header.request_id"),
        "{difference}"
    );
    assert!(
        difference.contains(":42") && difference.contains(":43"),
        "{difference}"
    );
    assert_eq!(first_difference(&a, &a.clone()), None);
}

#[test]
fn the_readme_example_works() -> Result<(), duis::DecodeError> {
    use duis::v5_4::sr::{Request, RequestBody};
    let xml = UNJOIN
        .replace("8.8.2", "8.8.1")
        .replace("NonCritical", "Critical");
    let request = Request::from_xml(&xml)?;
    let RequestBody::UnjoinServiceCritical(unjoin) = &request.body else {
        panic!("an unjoin request")
    };
    assert_eq!(unjoin.other_device_id.as_str(), "01-23-45-67-89-AB-CD-EF");
    let again = Request::from_xml(&request.to_xml())?;
    assert_eq!(again, request);
    let document = duis::decode(&xml)?;
    assert_eq!(
        document.version(),
        duis::Version::from_id("5.4").expect("5.4")
    );
    Ok(())
}

#[test]
fn a_folder_stands_for_every_file_below_it_in_path_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("corpus/b")).expect("folders");
    write(dir.path(), "corpus/b/2.xml", UNJOIN.as_bytes());
    write(dir.path(), "corpus/a.xml", b"<not-duis/>");
    write(dir.path(), "corpus/b/1.xml", UNJOIN.as_bytes());
    write(dir.path(), "single.xml", UNJOIN.as_bytes());
    let output = Command::new(env!("CARGO_BIN_EXE_duis"))
        .current_dir(dir.path())
        .args(["validate", "corpus", "single.xml"])
        .output()
        .expect("the duis binary runs");
    let out = String::from_utf8(output.stdout).expect("UTF-8 output");
    let names: Vec<&str> = out
        .lines()
        .map(|l| l.split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "corpus/a.xml",
            "corpus/b/1.xml",
            "corpus/b/2.xml",
            "single.xml"
        ],
        "{out}"
    );
    assert!(out.starts_with("corpus/a.xml: invalid: "), "{out}");
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).expect("UTF-8 output");
    assert_eq!(err, "4 files: 3 valid, 1 not\n");
}

#[cfg(unix)]
#[test]
fn links_in_a_folder_are_followed_and_loops_reported() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("corpus")).expect("folders");
    std::fs::create_dir_all(dir.path().join("elsewhere")).expect("folders");
    write(dir.path(), "elsewhere/1.xml", UNJOIN.as_bytes());
    symlink("../elsewhere", dir.path().join("corpus/linked")).expect("link");
    symlink("../elsewhere/1.xml", dir.path().join("corpus/file.xml")).expect("link");
    symlink(".", dir.path().join("corpus/loop")).expect("link");
    let output = Command::new(env!("CARGO_BIN_EXE_duis"))
        .current_dir(dir.path())
        .args(["validate", "corpus"])
        .output()
        .expect("the duis binary runs");
    let out = String::from_utf8(output.stdout).expect("UTF-8 output");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[0], "corpus/file.xml: valid");
    assert_eq!(lines[1], "corpus/linked/1.xml: valid");
    assert!(
        lines[2]
            .starts_with("corpus/loop: invalid: /: cannot read the folder: File system loop found"),
        "{out}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_value_holding_a_newline_keeps_its_verdict_on_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = UNJOIN.replace("<sr:ServiceReference>8.8<", "<sr:ServiceReference>8.8\n<");
    write(dir.path(), "newline.xml", broken.as_bytes());
    let (code, out) = run(dir.path(), &["validate", "newline.xml"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("`8.8\\n` is not one of"), "{out}");
}
