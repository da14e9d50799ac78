//! `xs:dateTime`, `xs:date` and `xs:time`, with their full lexical space:
//! years of any length (and negative), fractional seconds of any precision,
//! `24:00:00`, and an optional timezone.

use std::fmt;

use super::{SimpleValue, WhiteSpace};
use crate::error::ValueError;

/// A timezone offset, in minutes east of UTC (`Z` is zero), within ±14:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timezone(i16);

impl Timezone {
    pub const UTC: Timezone = Timezone(0);

    pub fn from_minutes(minutes: i16) -> Option<Timezone> {
        (-840..=840).contains(&minutes).then_some(Timezone(minutes))
    }

    pub fn minutes(self) -> i16 {
        self.0
    }
}

/// A calendar date: year, month, day and an optional timezone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub timezone: Option<Timezone>,
}

/// A time of day, with fractional seconds and an optional timezone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Fractional digits of the second, without trailing zeros (empty for none).
    pub fraction: Box<str>,
    pub timezone: Option<Timezone>,
}

/// A date and time of day (`xs:dateTime`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Fractional digits of the second, without trailing zeros (empty for none).
    pub fraction: Box<str>,
    pub timezone: Option<Timezone>,
}

impl Time {
    /// Nanoseconds of the fractional second (digits beyond the ninth are dropped).
    pub fn nanosecond(&self) -> u32 {
        nanos(&self.fraction)
    }
}

impl DateTime {
    pub fn date(&self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: self.day,
            timezone: self.timezone,
        }
    }

    pub fn time(&self) -> Time {
        Time {
            hour: self.hour,
            minute: self.minute,
            second: self.second,
            fraction: self.fraction.clone(),
            timezone: self.timezone,
        }
    }

    /// Nanoseconds of the fractional second (digits beyond the ninth are dropped).
    pub fn nanosecond(&self) -> u32 {
        nanos(&self.fraction)
    }

    /// Nanoseconds since 1970-01-01T00:00:00Z, for comparing instants. A value
    /// without a timezone is taken as UTC (XML Schema orders such values only
    /// partially; the DCC's systems run on UTC).
    pub fn unix_nanos(&self) -> i128 {
        let days = days_from_civil(self.year, self.month, self.day);
        let offset = self.timezone.map_or(0, |tz| i128::from(tz.minutes()) * 60);
        let seconds = days * 86_400
            + i128::from(self.hour) * 3_600
            + i128::from(self.minute) * 60
            + i128::from(self.second)
            - offset;
        seconds * 1_000_000_000 + i128::from(self.nanosecond())
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`; XML Schema's year 0 is 1 BCE).
fn days_from_civil(year: i64, month: u8, day: u8) -> i128 {
    let month = i128::from(month);
    let year = i128::from(year) - i128::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + i128::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn nanos(fraction: &str) -> u32 {
    let mut n = 0u32;
    for i in 0..9 {
        let digit = fraction
            .as_bytes()
            .get(i)
            .map_or(0, |b| u32::from(b - b'0'));
        n = n * 10 + digit;
    }
    n
}

struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Cursor<'t> {
    fn digits(&mut self, exactly: Option<usize>) -> Option<&'t str> {
        let rest = &self.text[self.pos..];
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        match exactly {
            Some(n) if len != n => None,
            _ if len == 0 => None,
            _ => {
                self.pos += len;
                Some(&rest[..len])
            }
        }
    }

    fn number(&mut self, exactly: usize) -> Option<u8> {
        self.digits(Some(exactly))?.parse().ok()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.text.as_bytes().get(self.pos) == Some(&c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn done(&self) -> bool {
        self.pos == self.text.len()
    }
}

fn is_leap(year: i64) -> bool {
    // Year 0 does not exist in XSD 1.0; -0001 is a leap year, like 1 BCE.
    let astronomical = if year < 0 { year + 1 } else { year };
    astronomical.rem_euclid(4) == 0
        && (astronomical.rem_euclid(100) != 0 || astronomical.rem_euclid(400) == 0)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn date_part(c: &mut Cursor) -> Option<(i64, u8, u8)> {
    let negative = c.eat(b'-');
    let year_digits = c.digits(None)?;
    if year_digits.len() < 4 || (year_digits.len() > 4 && year_digits.starts_with('0')) {
        return None;
    }
    let year: i64 = year_digits.parse().ok()?;
    if year == 0 {
        return None;
    }
    let year = if negative { -year } else { year };
    if !c.eat(b'-') {
        return None;
    }
    let month = c.number(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let day = c.number(2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some((year, month, day))
}

/// A year: at least four digits, no leading zero beyond four, not `0000`,
/// perhaps negative.
fn year_part(c: &mut Cursor) -> Option<i64> {
    let negative = c.eat(b'-');
    let year_digits = c.digits(None)?;
    if year_digits.len() < 4 || (year_digits.len() > 4 && year_digits.starts_with('0')) {
        return None;
    }
    // Years beyond `i64` are valid; only their sign and leap years matter.
    let year: i64 = year_digits.parse().unwrap_or(i64::MAX);
    if year == 0 {
        return None;
    }
    Some(if negative { -year } else { year })
}

/// A whole value: `parts`, then an optional timezone, then the end.
fn whole(text: &str, parts: impl FnOnce(&mut Cursor) -> Option<()>) -> bool {
    let mut c = Cursor { text, pos: 0 };
    parts(&mut c).is_some() && timezone_part(&mut c).is_some() && c.done()
}

/// `xs:gYearMonth` (XML Schema Part 2, 3.2.9): `CCYY-MM`.
pub(crate) fn is_g_year_month(text: &str) -> bool {
    whole(text, |c| {
        year_part(c)?;
        c.eat(b'-').then_some(())?;
        let month = c.number(2)?;
        (1..=12).contains(&month).then_some(())
    })
}

/// `xs:gYear` (3.2.10): `CCYY`.
pub(crate) fn is_g_year(text: &str) -> bool {
    whole(text, |c| year_part(c).map(drop))
}

/// `xs:gMonthDay` (3.2.11): `--MM-DD`, February 29 included.
pub(crate) fn is_g_month_day(text: &str) -> bool {
    whole(text, |c| {
        (c.eat(b'-') && c.eat(b'-')).then_some(())?;
        let month = c.number(2)?;
        c.eat(b'-').then_some(())?;
        let day = c.number(2)?;
        // A leap year, so that `--02-29` is allowed.
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(2000, month)).then_some(())
    })
}

/// `xs:gDay` (3.2.12): `---DD`.
pub(crate) fn is_g_day(text: &str) -> bool {
    whole(text, |c| {
        (c.eat(b'-') && c.eat(b'-') && c.eat(b'-')).then_some(())?;
        let day = c.number(2)?;
        (1..=31).contains(&day).then_some(())
    })
}

/// `xs:gMonth` (3.2.13, as corrected by the second edition's errata):
/// `--MM`.
pub(crate) fn is_g_month(text: &str) -> bool {
    whole(text, |c| {
        (c.eat(b'-') && c.eat(b'-')).then_some(())?;
        let month = c.number(2)?;
        (1..=12).contains(&month).then_some(())
    })
}

/// `xs:duration` (3.2.6): `-?PnYnMnDTnHnMnS`, each part optional but at
/// least one present, `T` only before a time part; only the seconds may
/// have a fraction (a decimal numeral: `1.5`, `1.` or `.5`).
pub(crate) fn is_duration(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let Some(body) = body.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match body.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (body, None),
    };
    // Each part: digits, then its designator, in this order.
    let parts = |mut rest: &str, designators: &[u8]| -> Option<usize> {
        let mut count = 0;
        for &designator in designators {
            let len = rest.bytes().take_while(u8::is_ascii_digit).count();
            if len > 0 && rest.as_bytes().get(len) == Some(&designator) {
                rest = &rest[len + 1..];
                count += 1;
            }
        }
        rest.is_empty().then_some(count)
    };
    let Some(date_parts) = parts(date, b"YMD") else {
        return false;
    };
    let time_parts = match time {
        None => 0,
        Some(time) => {
            // The seconds, which may be a decimal numeral, end the time.
            let (time, seconds) = match time.strip_suffix('S') {
                Some(head) => {
                    let start = head
                        .rfind(|c: char| !c.is_ascii_digit() && c != '.')
                        .map_or(0, |i| i + 1);
                    (&head[..start], Some(&head[start..]))
                }
                None => (time, None),
            };
            let seconds_ok = seconds.is_none_or(|s| {
                let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
                !(whole.is_empty() && fraction.is_empty())
                    && whole.bytes().all(|b| b.is_ascii_digit())
                    && fraction.bytes().all(|b| b.is_ascii_digit())
            });
            match parts(time, b"HM") {
                Some(n) if seconds_ok && n + usize::from(seconds.is_some()) > 0 => {
                    n + usize::from(seconds.is_some())
                }
                _ => return false,
            }
        }
    };
    date_parts + time_parts > 0
}

fn time_part(c: &mut Cursor) -> Option<(u8, u8, u8, Box<str>)> {
    let hour = c.number(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.number(2)?;
    if !c.eat(b':') {
        return None;
    }
    let second = c.number(2)?;
    let fraction = if c.eat(b'.') {
        c.digits(None)?.trim_end_matches('0')
    } else {
        ""
    };
    let end_of_day = hour == 24 && minute == 0 && second == 0 && fraction.is_empty();
    if (hour > 23 && !end_of_day) || minute > 59 || second > 59 {
        return None;
    }
    Some((hour, minute, second, fraction.into()))
}

fn timezone_part(c: &mut Cursor) -> Option<Option<Timezone>> {
    if c.done() {
        return Some(None);
    }
    if c.eat(b'Z') {
        return Some(Some(Timezone::UTC));
    }
    let sign: i16 = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return None;
    };
    let hours = i16::from(c.number(2)?);
    if !c.eat(b':') {
        return None;
    }
    let minutes = i16::from(c.number(2)?);
    if minutes > 59 || hours > 14 || (hours == 14 && minutes != 0) {
        return None;
    }
    Some(Some(Timezone(sign * (hours * 60 + minutes))))
}

fn write_timezone(tz: Option<Timezone>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match tz {
        None => Ok(()),
        Some(Timezone(0)) => f.write_str("Z"),
        Some(Timezone(m)) => {
            let sign = if m < 0 { '-' } else { '+' };
            write!(f, "{sign}{:02}:{:02}", m.abs() / 60, m.abs() % 60)
        }
    }
}

fn write_year(year: i64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if year < 0 {
        write!(f, "-{:04}", year.unsigned_abs())
    } else {
        write!(f, "{year:04}")
    }
}

fn write_seconds(second: u8, fraction: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{second:02}")?;
    if !fraction.is_empty() {
        write!(f, ".{fraction}")?;
    }
    Ok(())
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_year(self.year, f)?;
        write!(f, "-{:02}-{:02}", self.month, self.day)?;
        write_timezone(self.timezone, f)
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:", self.hour, self.minute)?;
        write_seconds(self.second, &self.fraction, f)?;
        write_timezone(self.timezone, f)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_year(self.year, f)?;
        write!(
            f,
            "-{:02}-{:02}T{:02}:{:02}:",
            self.month, self.day, self.hour, self.minute
        )?;
        write_seconds(self.second, &self.fraction, f)?;
        write_timezone(self.timezone, f)
    }
}

impl SimpleValue for Date {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("date"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        let mut c = Cursor { text, pos: 0 };
        (|| {
            let (year, month, day) = date_part(&mut c)?;
            let timezone = timezone_part(&mut c)?;
            c.done().then_some(Date {
                year,
                month,
                day,
                timezone,
            })
        })()
        .ok_or_else(|| ValueError::lexical(text, "xs:date"))
    }

    fn write_lexical(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{self}");
    }
}

impl SimpleValue for Time {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("time"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        let mut c = Cursor { text, pos: 0 };
        (|| {
            let (hour, minute, second, fraction) = time_part(&mut c)?;
            let timezone = timezone_part(&mut c)?;
            c.done().then_some(Time {
                hour,
                minute,
                second,
                fraction,
                timezone,
            })
        })()
        .ok_or_else(|| ValueError::lexical(text, "xs:time"))
    }

    fn write_lexical(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{self}");
    }
}

impl SimpleValue for DateTime {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("dateTime"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        let mut c = Cursor { text, pos: 0 };
        (|| {
            let (year, month, day) = date_part(&mut c)?;
            if !c.eat(b'T') {
                return None;
            }
            let (hour, minute, second, fraction) = time_part(&mut c)?;
            let timezone = timezone_part(&mut c)?;
            c.done().then_some(DateTime {
                year,
                month,
                day,
                hour,
                minute,
                second,
                fraction,
                timezone,
            })
        })()
        .ok_or_else(|| ValueError::lexical(text, "xs:dateTime"))
    }

    fn write_lexical(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{self}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Verdicts as XML Schema Part 2 gives them (and libxml2 agrees).
    #[test]
    fn durations_and_gregorian_parts() {
        for ok in [
            "P1D",
            "-P1Y",
            "PT1.5S",
            "PT1.S",
            "PT.5S",
            "P1Y2M3DT4H5M6.7S",
            "PT0S",
        ] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in [
            "", "P", "PT", "-P", "P1.5Y", "P1D2H", "P1M1Y", "PT.S", "P-1D", "1D", "PT1H1H",
        ] {
            assert!(!is_duration(bad), "{bad}");
        }
        assert!(is_g_year("-0001") && is_g_year("12345Z") && !is_g_year("0000"));
        assert!(!is_g_year("02024") && !is_g_year("2024+14:01"));
        assert!(is_g_year_month("2024-12") && !is_g_year_month("2024-13"));
        assert!(is_g_month_day("--02-29") && !is_g_month_day("--02-30"));
        assert!(is_g_day("---31") && !is_g_day("---32") && !is_g_day("---00"));
        assert!(is_g_month("--12") && !is_g_month("--05--") && !is_g_month("--13"));
    }

    #[test]
    fn instants_are_counted_from_the_unix_epoch() {
        // Reference values from `date -u -d ... +%s`.
        for (text, seconds) in [
            ("1970-01-01T00:00:00Z", 0i128),
            ("2000-02-29T12:00:00Z", 951_825_600),
            ("2024-06-27T00:00:00+01:00", 1_719_442_800),
            ("2024-06-26T24:00:00Z", 1_719_446_400),
            ("1969-12-31T23:59:59", -1),
            ("1600-03-01T00:00:00Z", -11_670_912_000),
        ] {
            let value = DateTime::parse(text).expect(text);
            assert_eq!(value.unix_nanos(), seconds * 1_000_000_000, "{text}");
        }
        let fraction = DateTime::parse("1970-01-01T00:00:01.25Z").expect("parses");
        assert_eq!(fraction.unix_nanos(), 1_250_000_000);
    }

    #[test]
    fn date_times_round_trip() {
        for text in [
            "2022-06-16T16:34:15.844Z",
            "2025-12-28T16:51:01Z",
            "2024-02-29T00:00:00",
            "-0044-03-15T12:00:00+01:30",
            "12345-01-01T24:00:00-14:00",
            "2020-01-01T00:00:00.123456789012Z",
        ] {
            assert_eq!(DateTime::parse(text).unwrap().to_lexical(), text);
        }
        assert_eq!(
            DateTime::parse(" 2020-01-01T10:00:00.500+00:00 ")
                .unwrap()
                .to_lexical(),
            "2020-01-01T10:00:00.5Z"
        );
        let dt = DateTime::parse("2020-01-01T10:00:00.1234567891Z").unwrap();
        assert_eq!(dt.nanosecond(), 123_456_789);
    }

    #[test]
    fn date_times_reject_what_xsd_rejects() {
        for bad in [
            "2023-02-29T00:00:00",
            "2020-13-01T00:00:00",
            "2020-01-01T24:00:01",
            "2020-01-01T10:60:00",
            "2020-01-01 10:00:00",
            "0000-01-01T00:00:00",
            "02020-01-01T00:00:00",
            "20-01-01T00:00:00",
            "2020-01-01T10:00:00+15:00",
            "2020-01-01T10:00:00.Z",
            "2020-01-01T10:00",
            "2020-01-01T10:00:00z",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(
            Date::parse("2025-12-28Z").unwrap().to_lexical(),
            "2025-12-28Z"
        );
        assert!(Date::parse("2025-12-28T00:00:00").is_err());
        assert_eq!(
            Time::parse("23:59:59.90").unwrap().to_lexical(),
            "23:59:59.9"
        );
        assert!(Time::parse("23:59").is_err());
        assert_eq!(Time::parse("24:00:00").unwrap().hour, 24);
    }
}
