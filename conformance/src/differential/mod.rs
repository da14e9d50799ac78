//! Differential testing of the generated decoder against libxml2: mutated
//! variants of real messages are validated by both, for a version, and every
//! disagreement not explained by a recorded deviation is reported.

pub mod deviations;
pub mod instances;
pub mod libxml2;
pub mod mutate;
pub mod tree;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use duis::Version;

use deviations::Deviations;
use tree::Document;

/// A message variants are derived from.
#[derive(Debug, Clone)]
pub struct Seed {
    pub name: String,
    pub text: String,
}

/// The real messages of `DUIS_CORPUS_DIR` that make good seeds: the request
/// templates, the captured responses and the request with a bad RequestID.
pub fn corpus_seeds(corpus: &Path) -> Result<Vec<Seed>, String> {
    let mut seeds = Vec::new();
    for folder in ["templates", "responses"] {
        let dir = corpus.join(folder);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            seeds.push(Seed { name, text });
        }
    }
    let bad = corpus.join("hostile/request-bad-request-id-5.0.xml");
    if let Ok(text) = std::fs::read_to_string(&bad) {
        seeds.push(Seed {
            name: "request-bad-request-id-5.0.xml".into(),
            text,
        });
    }
    if seeds.is_empty() {
        return Err(format!("no seed messages in {}", corpus.display()));
    }
    Ok(seeds)
}

/// One variant the two validators disagree on.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub file: PathBuf,
    pub seed: String,
    pub mutations: Vec<String>,
    /// Our error, or `None` when we found the variant valid.
    pub ours: Option<String>,
    pub libxml2: Vec<String>,
}

/// A variant the generated decoder accepts whose value does not encode
/// back to the same value, or encodes to a document libxml2 refuses
/// (encoding must never produce an invalid document from a value the
/// decoder could have produced).
#[derive(Debug, Clone)]
pub struct EncodingFailure {
    pub file: PathBuf,
    pub seed: String,
    pub mutations: Vec<String>,
    pub problem: String,
}

/// The result of a run for one version.
#[derive(Debug, Default)]
pub struct Outcome {
    pub variants: usize,
    pub both_valid: usize,
    pub both_invalid: usize,
    /// Disagreements a recorded deviation explains, by deviation id.
    pub known: BTreeMap<String, usize>,
    pub disagreements: Vec<Disagreement>,
    /// How many variants we accept were encoded again (each decoded again,
    /// compared, and validated by libxml2).
    pub encoded: usize,
    pub encoding_failures: Vec<EncodingFailure>,
}

impl Outcome {
    pub fn agreement_rate(&self) -> f64 {
        let agreed = self.both_valid + self.both_invalid + self.known.values().sum::<usize>();
        if self.variants == 0 {
            1.0
        } else {
            agreed as f64 / self.variants as f64
        }
    }
}

/// What to run.
pub struct Run<'a> {
    pub version: Version,
    /// `DUIS_SCHEMA_DIR`.
    pub schema_dir: &'a Path,
    pub seeds: &'a [Seed],
    pub count: usize,
    /// How many instances to generate from the schema model as further seeds.
    pub generated: usize,
    pub seed: u64,
    /// Where the variants are written (and kept, to look at disagreements).
    pub work_dir: &'a Path,
}

/// Derives `count` variants, validates each with the generated decoder (the
/// version forced) and with libxml2 (that version's schema), and compares.
/// Each variant the decoder accepts is also encoded again: the encoded
/// document must decode to the same value, and libxml2 must accept it
/// (unless a recorded deviation explains why it does not).
pub fn run(config: &Run<'_>) -> Result<Outcome, String> {
    let deviations = Deviations::load()?;
    let dir = config.schema_dir.join(config.version.id());
    let xmllint = libxml2::Xmllint::prepare(&dir, config.version.schema_files())?;
    std::fs::create_dir_all(config.work_dir)
        .map_err(|e| format!("{}: {e}", config.work_dir.display()))?;
    let mut seeds: Vec<Seed> = config.seeds.to_vec();
    if config.generated > 0 {
        let files = config.version.schema_files();
        let set = duis_codegen::xsd::read_schema_set(&dir, files[0]).map_err(|e| e.to_string())?;
        seeds.extend(instances::seeds(&set, config.generated, config.seed));
    }
    let parsed: Vec<(String, Document)> = seeds
        .iter()
        .filter_map(|s| Document::parse(&s.text).ok().map(|d| (s.name.clone(), d)))
        .collect();
    if parsed.is_empty() {
        return Err("no seed message parses".into());
    }
    let mut rng = fastrand::Rng::with_seed(config.seed);
    let mut files = Vec::with_capacity(config.count);
    let mut origins = Vec::with_capacity(config.count);
    let mut ours = Vec::with_capacity(config.count);
    // The encoded documents: (variant index, file).
    let mut encoded_files = Vec::new();
    let mut encoding_failures = Vec::new();
    for i in 0..config.count {
        let (seed_name, seed) = &parsed[rng.usize(..parsed.len())];
        let mut doc = seed.clone();
        // One variant in ten is the seed itself, reformatted by the tree.
        let mut mutations = if i % 10 == 0 {
            Vec::new()
        } else {
            mutate::mutate(&mut doc, &mut rng)
        };
        let mut text = doc.to_text();
        // One variant in five is also changed as text (syntax, declarations,
        // namespaces, characters).
        if i % 10 != 0
            && rng.u8(..5) == 0
            && let Some((changed, what)) = mutate::mutate_text(&text, &mut rng)
        {
            text = changed;
            mutations.push(what);
        }
        let file = config
            .work_dir
            .join(format!("{}-{i:05}.xml", config.version.id()));
        std::fs::write(&file, &text).map_err(|e| format!("{}: {e}", file.display()))?;
        match config.version.decode(&text) {
            Ok(decoded) => {
                let encoded = decoded.to_xml();
                let problem = match config.version.decode(&encoded) {
                    Ok(again) if again == decoded => None,
                    Ok(_) => Some("the encoded document decodes to another value".to_owned()),
                    Err(e) => Some(format!("the encoded document does not decode: {e}")),
                };
                let encoded_file = file.with_extension("encoded.xml");
                std::fs::write(&encoded_file, &encoded)
                    .map_err(|e| format!("{}: {e}", encoded_file.display()))?;
                if let Some(problem) = problem {
                    encoding_failures.push(EncodingFailure {
                        file: encoded_file.clone(),
                        seed: seed_name.clone(),
                        mutations: mutations.clone(),
                        problem,
                    });
                }
                encoded_files.push((i, encoded_file));
                ours.push(None);
            }
            Err(e) => ours.push(Some(e.to_string())),
        }
        files.push(file);
        origins.push((seed_name.clone(), mutations));
    }
    let theirs = xmllint.validate(&files)?;
    let paths: Vec<PathBuf> = encoded_files.iter().map(|(_, f)| f.clone()).collect();
    let theirs_encoded = xmllint.validate(&paths)?;
    for ((i, file), verdict) in encoded_files.iter().zip(theirs_encoded) {
        if !verdict.valid && deviations.explain(&verdict.messages, None).is_none() {
            let (seed, mutations) = origins[*i].clone();
            let messages: Vec<&str> = verdict
                .messages
                .iter()
                .map(String::as_str)
                .take(3)
                .collect();
            encoding_failures.push(EncodingFailure {
                file: file.clone(),
                seed,
                mutations,
                problem: format!(
                    "libxml2 refuses the encoded document: {}",
                    messages.join(" / ")
                ),
            });
        }
    }
    let mut outcome = Outcome {
        variants: files.len(),
        encoded: encoded_files.len(),
        encoding_failures,
        ..Outcome::default()
    };
    for (((file, (seed, mutations)), ours), theirs) in
        files.into_iter().zip(origins).zip(ours).zip(theirs)
    {
        match (ours.is_none(), theirs.valid) {
            (true, true) => outcome.both_valid += 1,
            (false, false) => outcome.both_invalid += 1,
            _ => match deviations.explain(&theirs.messages, ours.as_deref()) {
                Some(d) => *outcome.known.entry(d.id.clone()).or_default() += 1,
                None => outcome.disagreements.push(Disagreement {
                    file,
                    seed,
                    mutations,
                    ours,
                    libxml2: theirs.messages,
                }),
            },
        }
    }
    Ok(outcome)
}

/// The first line of a report on a variant: its file, its seed, what was done.
fn write_origin(
    f: &mut std::fmt::Formatter<'_>,
    file: &Path,
    seed: &str,
    mutations: &[String],
) -> std::fmt::Result {
    writeln!(
        f,
        "{} (from {seed}; {})",
        file.display(),
        mutations.join("; ")
    )
}

impl std::fmt::Display for EncodingFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_origin(f, &self.file, &self.seed, &self.mutations)?;
        writeln!(f, "  {}", self.problem)
    }
}

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_origin(f, &self.file, &self.seed, &self.mutations)?;
        match &self.ours {
            None => writeln!(f, "  duis-rs: valid")?,
            Some(e) => writeln!(f, "  duis-rs: invalid: {e}")?,
        }
        if self.libxml2.iter().any(|l| l.ends_with(" validates")) {
            writeln!(f, "  libxml2: valid")?;
        } else {
            writeln!(f, "  libxml2: invalid")?;
        }
        for line in self
            .libxml2
            .iter()
            .filter(|l| !l.ends_with(" validates"))
            .take(3)
        {
            writeln!(f, "    {line}")?;
        }
        Ok(())
    }
}
