//! Which modifications are in force: the SEC release and the feature switches.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A SEC release, by its month: `2024-06` is the June 2024 SEC Release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SecRelease {
    pub year: u16,
    pub month: u8,
}

impl SecRelease {
    pub const fn new(year: u16, month: u8) -> SecRelease {
        SecRelease { year, month }
    }
}

impl fmt::Display for SecRelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for SecRelease {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let parsed = text.split_once('-').and_then(|(year, month)| {
            let ok = year.len() == 4 && month.len() == 2;
            let year: u16 = year.parse().ok().filter(|_| ok)?;
            let month: u8 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
            Some(SecRelease { year, month })
        });
        parsed.ok_or_else(|| {
            format!("`{text}` is not a SEC release (write it YYYY-MM, e.g. 2024-06)")
        })
    }
}

/// A DSP feature switch guarding a modification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switch {
    pub name: &'static str,
    /// Its position when the configuration does not set it.
    pub default: bool,
}

/// A SEC modification, as the tables describe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modification {
    pub id: &'static str,
    pub title: &'static str,
    /// The SEC release that brings it; `None` while it is allocated to none.
    pub sec_release: Option<SecRelease>,
    /// The feature switch that turns it on, if it has one.
    pub switch: Option<Switch>,
}

/// The configuration a request is validated under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The SEC release in force.
    pub sec_release: SecRelease,
    /// Feature switches set explicitly, by name; the others are at their default.
    pub switches: BTreeMap<String, bool>,
    /// Modifications forced on or off, by id, whatever the release and the
    /// switches say (for impact reports).
    pub overrides: BTreeMap<String, bool>,
}

impl Config {
    /// The given SEC release, every switch at its default.
    pub fn at(sec_release: SecRelease) -> Config {
        Config {
            sec_release,
            switches: BTreeMap::new(),
            overrides: BTreeMap::new(),
        }
    }

    /// Sets a feature switch.
    pub fn with_switch(mut self, name: &str, on: bool) -> Config {
        self.switches.insert(name.to_owned(), on);
        self
    }

    /// Forces a modification on or off.
    pub fn with_override(mut self, id: &str, on: bool) -> Config {
        self.overrides.insert(id.to_owned(), on);
        self
    }

    /// Whether a modification is in force: forced, or brought by a release
    /// that has come and, if it has a switch, switched on.
    pub fn is_active(&self, modification: &Modification) -> bool {
        if let Some(&on) = self.overrides.get(modification.id) {
            return on;
        }
        let released = modification
            .sec_release
            .is_none_or(|release| self.sec_release >= release);
        let switched = modification.switch.is_none_or(|switch| {
            self.switches
                .get(switch.name)
                .copied()
                .unwrap_or(switch.default)
        });
        released && switched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SWITCHED: Modification = Modification {
        id: "M1",
        title: "switched",
        sec_release: Some(SecRelease::new(2024, 6)),
        switch: Some(Switch {
            name: "m1",
            default: true,
        }),
    };

    #[test]
    fn a_modification_needs_its_release_and_its_switch() {
        let before = Config::at(SecRelease::new(2024, 2));
        let after = Config::at(SecRelease::new(2024, 6));
        assert!(!before.is_active(&SWITCHED));
        assert!(after.is_active(&SWITCHED));
        assert!(!after.clone().with_switch("m1", false).is_active(&SWITCHED));
        assert!(before.with_override("M1", true).is_active(&SWITCHED));
        assert!(!after.with_override("M1", false).is_active(&SWITCHED));
    }

    #[test]
    fn releases_are_written_year_month() {
        assert_eq!("2022-11".parse(), Ok(SecRelease::new(2022, 11)));
        assert!("2022-13".parse::<SecRelease>().is_err());
        assert!("June 2024".parse::<SecRelease>().is_err());
        assert_eq!(SecRelease::new(2020, 2).to_string(), "2020-02");
    }
}
