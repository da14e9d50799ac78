//! Everything `generate` and `spec check` read: the spec tables, each
//! version's schema set (drafts made by applying their patch to a copy of
//! their base), and the cross-checks between them.

use std::path::Path;
use std::time::Instant;

use duis_codegen::diagnostic::Located;
use duis_codegen::link;
use duis_codegen::model::SchemaSet;
use duis_codegen::spec::check::{self, SchemaFacts};
use duis_codegen::spec::problems::{Problems, SpecErrors};
use duis_codegen::spec::version_set::KnownVersion;
use duis_codegen::spec::versions;
use duis_codegen::spec::{Spec, VersionSpec};
use duis_codegen::xsd;
use miette::{Result, miette};

/// A version ready to emit.
pub struct Loaded {
    pub version: KnownVersion,
    pub module: String,
    pub schema_version: String,
    pub set: SchemaSet,
}

pub struct Inputs {
    pub spec: Spec,
    /// Published versions and drafts, in order.
    pub versions: Vec<Loaded>,
    pub warnings: Vec<Located>,
}

/// Loads the spec alone: every problem at once.
pub fn load_spec(spec_dir: &Path) -> Result<(Spec, Vec<Located>)> {
    let started = Instant::now();
    let loaded = Spec::load(spec_dir).map_err(report)?;
    eprintln!(
        "  read spec/ ({} SRV rows, {} codes, {} rules, {} processing rows, {} modifications) in {:.0} ms",
        loaded.0.matrix.len(),
        loaded.0.codes.len(),
        loaded.0.rules.len(),
        loaded.0.processing.len(),
        loaded.0.modifications.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(loaded)
}

/// The spec's errors, as one diagnostic with every error related.
/// Prints every warning and error on a line of its own, `file:line:column:
/// message` (what editors and CI logs link to), and returns a summary.
pub fn report(errors: SpecErrors) -> miette::Report {
    for w in &errors.warnings {
        eprintln!("warning: {w}");
    }
    for e in &errors.errors {
        eprintln!("error: {e}");
        if let Some(help) = &e.help {
            eprintln!("  help: {help}");
        }
    }
    miette!(
        help = "fix each error at the file, line and column it names",
        "the spec has {} error(s); nothing was generated",
        errors.count
    )
}

/// Reads one published version's schema set: checks the files are the
/// published ones and that every document read is listed.
fn read_version(spec: &VersionSpec, versions_file: &Path, schema_dir: &Path) -> Result<SchemaSet> {
    let started = Instant::now();
    let dir = schema_dir.join(&spec.id);
    versions::verify_files(spec, &dir)?;
    let set = xsd::read_schema_set(&dir, &spec.entry)?;
    for file in &set.files {
        if !spec.files.iter().any(|f| f.name == file.name) {
            return Err(miette!(
                help = "list every file of the schema set in spec/versions.toml (cargo xtask add-version does)",
                "DUIS {}: `{}` is part of the schema set but not listed in {}",
                spec.id,
                file.name,
                versions_file.display()
            ));
        }
    }
    eprintln!(
        "  read DUIS {:<14} {} types, {} global elements ({:.0} ms)",
        spec.id,
        set.simple_types.len() + set.complex_types.len(),
        set.elements.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(set)
}

/// Loads the spec and every version's schema set, and cross-checks them.
pub fn load(spec_dir: &Path, schema_dir: &Path) -> Result<Inputs> {
    let (spec, mut warnings) = load_spec(spec_dir)?;
    if spec.versions.versions.is_empty() {
        return Err(miette!(
            help = "add one with `cargo xtask add-version <id>`",
            "{} lists no versions",
            spec.versions.path.display()
        ));
    }
    let mut versions: Vec<Loaded> = Vec::new();
    let mut problems = Problems::default();
    for known in spec.universe.versions.clone() {
        let set = match &known.base {
            None => {
                let Some(v) = spec.versions.get(&known.id) else {
                    continue;
                };
                read_version(v, &spec.versions.path, schema_dir)?
            }
            Some(base) => {
                let Some(base_set) = versions
                    .iter()
                    .find(|l| &l.version.id == base)
                    .map(|l| &l.set)
                else {
                    continue;
                };
                let mut set = base_set.clone();
                let patch = spec
                    .patches
                    .iter()
                    .find(|p| p.draft.value == known.id)
                    .ok_or_else(|| miette!("internal error: no patch makes {}", known.id))?;
                if let Err(errors) = link::patch::apply(&mut set, patch) {
                    errors.into_iter().for_each(|e| problems.error(e));
                    continue;
                }
                eprintln!(
                    "  made draft {} from DUIS {base} with {}",
                    known.id,
                    patch.file.display()
                );
                set
            }
        };
        let facts: SchemaFacts = link::facts::schema_facts(&set);
        check::cross_check(&spec, &known, &facts, &mut problems);
        let base_spec = spec
            .versions
            .get(known.base.as_deref().unwrap_or(&known.id));
        versions.push(Loaded {
            module: versions::module_name(&known.id),
            schema_version: base_spec
                .map(|v| v.schema_version.clone())
                .unwrap_or_else(|| known.id.clone()),
            version: known,
            set,
        });
    }
    match problems.into_result() {
        Ok(more) => warnings.extend(more),
        Err(errors) => {
            for w in &warnings {
                eprintln!("warning: {w}");
            }
            return Err(report(errors));
        }
    }
    Ok(Inputs {
        spec,
        versions,
        warnings,
    })
}
