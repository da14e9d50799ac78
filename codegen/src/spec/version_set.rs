//! Which DUIS versions a row applies to: `*` (all), `5.3+` (5.3 and later),
//! `<5.3` (before 5.3), or a space-separated list of ids. A draft version
//! (a published version with a schema patch) has everything its base has,
//! and the rows that name it.

use std::cmp::Ordering;

use super::versions::version_order;

/// A version known to the spec: published, or a draft on a published base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownVersion {
    pub id: String,
    /// For a draft: the published version it patches.
    pub base: Option<String>,
}

/// Every version the spec knows, in order.
#[derive(Debug, Clone, Default)]
pub struct Universe {
    pub versions: Vec<KnownVersion>,
}

impl Universe {
    pub fn new(mut versions: Vec<KnownVersion>) -> Universe {
        versions.sort_by(|a, b| order_key(a).cmp_by(&order_key(b)));
        Universe { versions }
    }

    pub fn get(&self, id: &str) -> Option<&KnownVersion> {
        self.versions.iter().find(|v| v.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.versions.iter().map(|v| v.id.as_str()).collect()
    }
}

struct OrderKey<'v>(&'v str, &'v str);

impl OrderKey<'_> {
    fn cmp_by(&self, other: &OrderKey<'_>) -> Ordering {
        version_order(self.0, other.0).then_with(|| version_order(self.1, other.1))
    }
}

fn order_key(v: &KnownVersion) -> OrderKey<'_> {
    OrderKey(v.base.as_deref().unwrap_or(&v.id), &v.id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSet {
    All,
    From(String),
    Before(String),
    List(Vec<String>),
}

impl VersionSet {
    /// Parses the syntax; the ids are checked against a universe by [`VersionSet::unknown`].
    pub fn parse(text: &str) -> Result<VersionSet, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("no versions given: write `*` for all versions".into());
        }
        if text == "*" {
            return Ok(VersionSet::All);
        }
        let id_ok = |id: &str| super::versions::valid_id(id);
        if let Some(id) = text.strip_suffix('+') {
            return if id_ok(id) {
                Ok(VersionSet::From(id.to_owned()))
            } else {
                Err(format!(
                    "`{text}` is not a version range (write e.g. `5.3+`)"
                ))
            };
        }
        if let Some(id) = text.strip_prefix('<') {
            return if id_ok(id.trim()) {
                Ok(VersionSet::Before(id.trim().to_owned()))
            } else {
                Err(format!(
                    "`{text}` is not a version range (write e.g. `<5.3`)"
                ))
            };
        }
        let ids: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
        match ids.iter().find(|id| !id_ok(id)) {
            Some(bad) => Err(format!(
                "`{bad}` is not a version id; versions are `*`, `5.3+`, `<5.3` or ids separated by spaces"
            )),
            None => Ok(VersionSet::List(ids)),
        }
    }

    /// The ids this set names that the universe does not know.
    pub fn unknown<'s>(&'s self, universe: &Universe) -> Vec<&'s str> {
        let named: Vec<&str> = match self {
            VersionSet::All => vec![],
            VersionSet::From(id) | VersionSet::Before(id) => vec![id],
            VersionSet::List(ids) => ids.iter().map(String::as_str).collect(),
        };
        named
            .into_iter()
            .filter(|id| universe.get(id).is_none())
            .collect()
    }

    /// Whether the set holds a version.
    pub fn contains(&self, version: &KnownVersion) -> bool {
        let direct = |id: &str| match self {
            VersionSet::All => true,
            VersionSet::From(from) => version_order(id, from) != Ordering::Less,
            VersionSet::Before(before) => version_order(id, before) == Ordering::Less,
            VersionSet::List(ids) => ids.iter().any(|i| i == id),
        };
        match &version.base {
            Some(base) => {
                direct(base) || matches!(self, VersionSet::List(ids) if ids.contains(&version.id))
            }
            None => direct(&version.id),
        }
    }

    /// Whether two sets share a version of the universe.
    pub fn overlaps(&self, other: &VersionSet, universe: &Universe) -> Option<String> {
        universe
            .versions
            .iter()
            .find(|v| self.contains(v) && other.contains(v))
            .map(|v| v.id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn universe() -> Universe {
        let v = |id: &str, base: Option<&str>| KnownVersion {
            id: id.into(),
            base: base.map(str::to_owned),
        };
        Universe::new(vec![
            v("5.4", None),
            v("5.4-secmp0192", Some("5.4")),
            v("5.0", None),
            v("5.3", None),
        ])
    }

    #[test]
    fn sets_select_versions_and_drafts_follow_their_base() {
        let u = universe();
        let members = |text: &str| -> Vec<String> {
            let set = VersionSet::parse(text).expect(text);
            u.versions
                .iter()
                .filter(|v| set.contains(v))
                .map(|v| v.id.clone())
                .collect()
        };
        assert_eq!(members("*"), ["5.0", "5.3", "5.4", "5.4-secmp0192"]);
        assert_eq!(members("5.3+"), ["5.3", "5.4", "5.4-secmp0192"]);
        assert_eq!(members("<5.3"), ["5.0"]);
        assert_eq!(members("5.4"), ["5.4", "5.4-secmp0192"]);
        assert_eq!(members("5.4-secmp0192"), ["5.4-secmp0192"]);
        assert_eq!(members("5.0 5.3"), ["5.0", "5.3"]);
    }

    #[test]
    fn bad_sets_are_refused() {
        assert!(VersionSet::parse("").is_err());
        assert!(VersionSet::parse("5.3++").is_err());
        assert!(VersionSet::parse("v5.3").is_err());
        let set = VersionSet::parse("5.1 5.4").expect("syntax is fine");
        assert_eq!(set.unknown(&universe()), ["5.1"]);
    }
}
