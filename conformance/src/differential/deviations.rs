//! The recorded cases where libxml2 is not right about XSD validity (each
//! with the XSD rule that says so), or where duis-rs refuses on purpose what
//! XSD allows. A disagreement one of them explains is not a failure.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deviation {
    pub id: String,
    pub title: String,
    /// The rule of XML Schema (or policy) that decides the case.
    pub rule: String,
    /// A regular expression one of libxml2's messages about the file matches.
    pub libxml2: String,
    /// duis-rs's verdict: `valid`, or a regular expression its error matches.
    pub ours: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    deviation: Vec<Deviation>,
}

/// The deviations file of the conformance suite.
pub const FILE: &str = include_str!("../../libxml2-deviations.toml");

/// The deviations, with their expressions compiled.
pub struct Deviations {
    entries: Vec<(Deviation, regex::Regex, Option<regex::Regex>)>,
}

impl Deviations {
    pub fn load() -> Result<Deviations, String> {
        Self::parse(FILE)
    }

    pub fn parse(text: &str) -> Result<Deviations, String> {
        let file: File =
            toml::from_str(text).map_err(|e| format!("libxml2-deviations.toml: {e}"))?;
        let mut entries = Vec::new();
        for d in file.deviation {
            let libxml2 = regex::Regex::new(&d.libxml2)
                .map_err(|e| format!("deviation {}: libxml2 expression: {e}", d.id))?;
            let ours = if d.ours == "valid" {
                None
            } else {
                Some(
                    regex::Regex::new(&d.ours)
                        .map_err(|e| format!("deviation {}: ours expression: {e}", d.id))?,
                )
            };
            entries.push((d, libxml2, ours));
        }
        Ok(Deviations { entries })
    }

    /// The deviation that explains a disagreement: libxml2's messages about
    /// the file, and our error (`None` when we found the file valid).
    pub fn explain(&self, libxml2: &[String], ours: Option<&str>) -> Option<&Deviation> {
        self.entries.iter().find_map(|(d, theirs, mine)| {
            let libxml2_matches = libxml2.iter().any(|m| theirs.is_match(m));
            let ours_matches = match (mine, ours) {
                (None, None) => true,
                (Some(re), Some(error)) => re.is_match(error),
                _ => false,
            };
            (libxml2_matches && ours_matches).then_some(d)
        })
    }

    pub fn all(&self) -> impl Iterator<Item = &Deviation> {
        self.entries.iter().map(|(d, _, _)| d)
    }
}
