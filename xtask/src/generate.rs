//! `cargo xtask generate [--check]`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use duis_codegen::emit::{self, GenerateError, GeneratedFile, VersionInput};
use duis_codegen::link::docs::SpecDocs;
use duis_codegen::spec::problems::SpecErrors;
use miette::{IntoDiagnostic, Result, WrapErr, miette};

use crate::{inputs, paths};

/// Generates the crate's files in memory.
pub fn generate_files(spec_dir: &Path) -> Result<Vec<GeneratedFile>> {
    let schema_dir = paths::schema_dir()?;
    let inputs = inputs::load(spec_dir, &schema_dir)?;
    for warning in &inputs.warnings {
        eprintln!("warning: {warning}");
    }
    let spec = &inputs.spec;
    let views: Vec<_> = inputs
        .versions
        .iter()
        .map(|l| spec.view(&l.version))
        .collect();
    let version_inputs: Vec<VersionInput> = inputs
        .versions
        .iter()
        .zip(&views)
        .map(|(l, view)| VersionInput {
            id: &l.version.id,
            module: &l.module,
            schema_version: &l.schema_version,
            set: &l.set,
            draft_of: l.version.base.as_deref(),
            dsp: Some(view),
        })
        .collect();
    let started = Instant::now();
    let docs = SpecDocs::new(spec);
    let modifications: Vec<_> = spec.modifications.iter().collect();
    let files = match emit::generate(&version_inputs, &docs, &modifications) {
        Ok(files) => files,
        Err(GenerateError::Spec(errors)) => {
            return Err(inputs::report(SpecErrors {
                count: errors.len(),
                errors,
                warnings: Vec::new(),
            }));
        }
        Err(e) => return Err(miette!("{e}")),
    };
    eprintln!(
        "  emitted {} files in {:.0} ms",
        files.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(files)
}

pub fn run(check: bool, spec_dir: &Path, target: &Path) -> Result<ExitCode> {
    let started = Instant::now();
    recover_interrupted_swap(target)?;
    let files = generate_files(spec_dir)?;
    let existing = read_tree(target)?;
    let wanted: BTreeMap<String, &str> = files
        .iter()
        .map(|f| (f.path.clone(), f.contents.as_str()))
        .collect();
    let mut stale = Vec::new();
    for (path, contents) in &wanted {
        match existing.get(path) {
            None => stale.push(format!("{}/{path}: missing", target.display())),
            Some(old) if old != contents => {
                stale.push(format!("{}/{path}: differs", target.display()))
            }
            Some(_) => {}
        }
    }
    for path in existing.keys() {
        if !wanted.contains_key(path) {
            stale.push(format!("{}/{path}: no longer generated", target.display()));
        }
    }
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    if check {
        if stale.is_empty() {
            eprintln!(
                "{} is up to date ({} files, {lines} lines; checked in {:.2} s)",
                target.display(),
                files.len(),
                started.elapsed().as_secs_f64()
            );
            return Ok(ExitCode::SUCCESS);
        }
        for line in &stale {
            println!("{line}");
        }
        eprintln!(
            "error: {} is stale ({} files): run `cargo xtask generate`",
            target.display(),
            stale.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    if stale.is_empty() {
        eprintln!(
            "{} is already up to date ({} files, {lines} lines, {} KB; {:.2} s)",
            target.display(),
            files.len(),
            bytes / 1024,
            started.elapsed().as_secs_f64()
        );
        return Ok(ExitCode::SUCCESS);
    }
    write_atomically(target, &files)?;
    eprintln!(
        "wrote {}: {} files, {lines} lines, {} KB ({} changed) in {:.2} s",
        target.display(),
        files.len(),
        bytes / 1024,
        stale.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Every `.rs` file under `root`, by path relative to it.
fn read_tree(root: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let path = entry.into_diagnostic()?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path
                    .strip_prefix(root)
                    .into_diagnostic()?
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&path)
                    .into_diagnostic()
                    .wrap_err_with(|| format!("cannot read {}", path.display()))?;
                out.insert(relative, text);
            }
        }
    }
    Ok(out)
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_owned();
    name.push(suffix);
    target.with_file_name(name)
}

/// Finishes a swap a previous run could not complete.
fn recover_interrupted_swap(target: &Path) -> Result<()> {
    let old = sibling(target, ".old");
    if !target.exists() && old.exists() {
        std::fs::rename(&old, target)
            .into_diagnostic()
            .wrap_err("cannot restore generated/src from an interrupted run")?;
    }
    let new = sibling(target, ".new");
    if new.exists() {
        std::fs::remove_dir_all(&new).into_diagnostic()?;
    }
    Ok(())
}

/// Writes the files into a fresh folder beside `target`, then swaps it in:
/// an error before the swap leaves `target` as it was.
fn write_atomically(target: &Path, files: &[GeneratedFile]) -> Result<()> {
    let new = sibling(target, ".new");
    let old = sibling(target, ".old");
    let result = (|| -> Result<()> {
        for file in files {
            let path = new.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).into_diagnostic()?;
            }
            std::fs::write(&path, &file.contents)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&new);
        return Err(e);
    }
    if target.exists() {
        std::fs::rename(target, &old).into_diagnostic()?;
    }
    std::fs::rename(&new, target).into_diagnostic()?;
    if old.exists() {
        std::fs::remove_dir_all(&old).into_diagnostic()?;
    }
    Ok(())
}
