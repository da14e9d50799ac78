//! `impact` and `diff-versions`: the Markdown reports of
//! `duis_conformance::reports`, written whole or not at all.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use duis_conformance::reports::{self, Material, ReportError};

/// Where the reports go by default: `target/reports/` of the workspace.
fn default_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), PathBuf::from)
        .join("reports")
}

/// The spec folder of the workspace.
pub fn default_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("spec"), |w| w.join("spec"))
}

fn schema_dir() -> Option<PathBuf> {
    std::env::var_os("DUIS_SCHEMA_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

fn progress(started: Instant) -> impl FnMut(&str) {
    move |step: &str| eprintln!("  [{:>5.1} s] {step}", started.elapsed().as_secs_f64())
}

fn load(spec: &Path, needs_schemas: bool) -> Result<Material, ReportError> {
    let schemas = schema_dir();
    match &schemas {
        Some(dir) if !dir.is_dir() => {
            return Err(ReportError(format!(
                "DUIS_SCHEMA_DIR is `{}`, which is not a folder",
                dir.display()
            )));
        }
        None if needs_schemas => {
            return Err(ReportError(
                "DUIS_SCHEMA_DIR is not set: point it at the folder holding one sub-folder of schemas per DUIS version (e.g. ../shared/duis/schemas)".into(),
            ));
        }
        None => eprintln!(
            "note: DUIS_SCHEMA_DIR is not set: the sweep of the general checks and the schema comparison are left out"
        ),
        Some(_) => {}
    }
    Material::load(spec, schemas.as_deref())
}

/// Writes `text` to `out` (`-`: standard output) whole: a file through a
/// temporary file renamed into place; anything that is not a regular file
/// (`/dev/null`, a pipe) is written to directly, never replaced.
fn write(out: &Path, text: &str) -> Result<(), ReportError> {
    if out == Path::new("-") {
        print!("{text}");
        return Ok(());
    }
    let fail = |e: std::io::Error| ReportError(format!("cannot write {}: {e}", out.display()));
    if std::fs::metadata(out).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::write(out, text).map_err(fail);
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let mut file = tempfile::NamedTempFile::new_in(&dir).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.persist(out).map_err(|e| fail(e.error))?;
    Ok(())
}

fn finish(result: Result<(), ReportError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

pub fn impact(id: &str, versions: &[String], out: Option<PathBuf>, spec: &Path) -> ExitCode {
    finish((|| {
        let only = versions
            .iter()
            .map(|v| reports::version(v))
            .collect::<Result<Vec<_>, _>>()?;
        let started = Instant::now();
        let material = load(spec, false)?;
        let (text, summary) =
            reports::impact::report(&material, id, &only, &mut progress(started))?;
        let out =
            out.unwrap_or_else(|| default_dir().join(format!("impact-{}.md", id.to_uppercase())));
        write(&out, &text)?;
        for v in &summary.versions {
            let version = &v.version;
            match &v.differing {
                Some(names) => eprintln!(
                    "  DUIS {version:<16} {:>4} of {} cases differ",
                    names.len(),
                    v.cases
                ),
                None => {
                    eprintln!("  DUIS {version:<16} not affected (the modification does not apply)")
                }
            }
        }
        if out != Path::new("-") {
            eprintln!("wrote {}", out.display());
        }
        Ok(())
    })())
}

pub fn diff_versions(a: &str, b: &str, out: Option<PathBuf>, spec: &Path) -> ExitCode {
    finish((|| {
        let (va, vb) = (reports::version(a)?, reports::version(b)?);
        let started = Instant::now();
        let material = load(spec, true)?;
        let (text, s) = reports::versions::report(&material, va, vb, &mut progress(started))?;
        let out =
            out.unwrap_or_else(|| default_dir().join(format!("diff-{}-{}.md", va.id(), vb.id())));
        write(&out, &text)?;
        eprintln!(
            "  SRVs: {} added, {} removed, {} changed; response codes: {} added, {} removed",
            s.srvs.0, s.srvs.1, s.srvs.2, s.codes.0, s.codes.1
        );
        eprintln!(
            "  types: {} added, {} removed, {} changed; elements: {} added, {} removed; {} enumerations changed",
            s.types.0, s.types.1, s.types.2, s.elements.0, s.elements.1, s.enumerations
        );
        eprintln!("  cases: {} of {} differ", s.cases.1, s.cases.0);
        if out != Path::new("-") {
            eprintln!("wrote {}", out.display());
        }
        Ok(())
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_replaces_a_file_whole_and_never_a_device() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("nested").join("report.md");
        write(&out, "first").expect("written");
        write(&out, "second").expect("rewritten");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "second");
        // Only the report is left behind: no temporary file.
        let names: Vec<_> = std::fs::read_dir(out.parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["report.md"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            write(Path::new("/dev/null"), "discarded").expect("written to /dev/null");
            let kind = std::fs::metadata("/dev/null")
                .expect("/dev/null")
                .file_type();
            assert!(kind.is_char_device(), "/dev/null is still a device");
        }
    }
}
