//! `spec/patches/<ID>.toml`: schema changes a modification makes, applied to
//! a published version's schema model to make a draft version (its own
//! models and validators) before any published schema has them.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::cell::Text;
use super::problems::Problems;
use super::table::Source;

/// Values added to an enumeration of a named simple type.
#[derive(Debug, Clone)]
pub struct EnumerationPatch {
    /// `prefix:LocalName` of the simple type.
    pub type_name: Text,
    pub add: Vec<Text>,
}

/// Elements added to the choice of a named complex type.
#[derive(Debug, Clone)]
pub struct ChoicePatch {
    pub type_name: Text,
    /// An element of the choice; the new ones go right after it.
    pub after: Text,
    /// Name and type (`prefix:LocalName`) of each added element.
    pub add: Vec<(Text, Text)>,
}

#[derive(Debug, Clone)]
pub struct Patch {
    pub file: PathBuf,
    pub draft: Text,
    pub base: Text,
    pub modification: Text,
    pub enumerations: Vec<EnumerationPatch>,
    pub choices: Vec<ChoicePatch>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    draft: Spanned<String>,
    base: Spanned<String>,
    modification: Spanned<String>,
    #[serde(default)]
    enumeration: Vec<EnumerationFile>,
    #[serde(default)]
    choice: Vec<ChoiceFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnumerationFile {
    #[serde(rename = "type")]
    type_name: Spanned<String>,
    add: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceFile {
    #[serde(rename = "type")]
    type_name: Spanned<String>,
    after: Spanned<String>,
    add: Vec<ElementFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ElementFile {
    name: Spanned<String>,
    #[serde(rename = "type")]
    type_name: Spanned<String>,
}

pub fn load_all(dir: &Path, problems: &mut Problems) -> Vec<Patch> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let source = match Source::read(&path) {
            Ok(s) => s,
            Err(e) => {
                problems.error(e);
                continue;
            }
        };
        let file: File = match toml::from_str(&source.text) {
            Ok(f) => f,
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                problems.error(source.error(offset, e.message().trim().to_owned()));
                continue;
            }
        };
        let t = |s: &Spanned<String>| Text::from_toml(&source, s.get_ref().clone(), s.span());
        let draft = t(&file.draft);
        let base = t(&file.base);
        if !super::versions::valid_id(&draft.value)
            || !draft.value.starts_with(&format!("{}-", base.value))
        {
            problems.error(draft.error(format!(
                "a draft's id is its base version, `-` and a name: e.g. `{}-secmp0192`",
                base.value
            )));
        }
        for name in file
            .enumeration
            .iter()
            .map(|e| &e.type_name)
            .chain(file.choice.iter().map(|c| &c.type_name))
            .chain(
                file.choice
                    .iter()
                    .flat_map(|c| c.add.iter().map(|a| &a.type_name)),
            )
        {
            if !name.get_ref().contains(':') {
                problems.error(
                    t(name).error("write the type as prefix:LocalName, e.g. sr:DSPSchedule"),
                );
            }
        }
        out.push(Patch {
            file: path.clone(),
            draft,
            base,
            modification: t(&file.modification),
            enumerations: file
                .enumeration
                .iter()
                .map(|e| EnumerationPatch {
                    type_name: t(&e.type_name),
                    add: e.add.iter().map(t).collect(),
                })
                .collect(),
            choices: file
                .choice
                .iter()
                .map(|c| ChoicePatch {
                    type_name: t(&c.type_name),
                    after: t(&c.after),
                    add: c
                        .add
                        .iter()
                        .map(|a| (t(&a.name), t(&a.type_name)))
                        .collect(),
                })
                .collect(),
        });
    }
    out
}
