//! Checks of constraining facets, called by the generated simple types.

use std::fmt::Display;
use std::sync::OnceLock;

use bigdecimal::BigDecimal;

use crate::error::{ValueError, quote};
use crate::value::WhiteSpace;

/// A compiled `pattern` facet: the XSD expression (for messages) and its
/// translation to an anchored `regex` expression, compiled on first use.
pub struct Pattern {
    xsd: &'static str,
    regex: &'static str,
    compiled: OnceLock<regex::Regex>,
}

impl Pattern {
    pub const fn new(xsd: &'static str, regex: &'static str) -> Self {
        Pattern {
            xsd,
            regex,
            compiled: OnceLock::new(),
        }
    }

    pub fn xsd(&self) -> &'static str {
        self.xsd
    }

    pub fn is_match(&self, value: &str) -> bool {
        self.compiled
            .get_or_init(|| {
                // The translation is checked when the code is generated.
                regex::Regex::new(self.regex).unwrap_or_else(|e| {
                    panic!("generated pattern `{}` does not compile: {e}", self.regex)
                })
            })
            .is_match(value)
    }
}

/// The patterns of one restriction step: the value must match one of them.
pub fn patterns(value: &str, patterns: &[&Pattern]) -> Result<(), ValueError> {
    if patterns.iter().any(|p| p.is_match(value)) {
        return Ok(());
    }
    let shown: Vec<String> = patterns.iter().map(|p| format!("`{}`", p.xsd)).collect();
    Err(ValueError::new(format!(
        "{} does not match the pattern {}",
        quote(value),
        shown.join(" or ")
    )))
}

/// `length`, `minLength` and `maxLength`; `unit` names what is counted.
pub fn length(
    len: usize,
    exact: Option<u64>,
    min: Option<u64>,
    max: Option<u64>,
    unit: &str,
) -> Result<(), ValueError> {
    let len = len as u64;
    if let Some(n) = exact.filter(|&n| n != len) {
        return Err(ValueError::new(format!(
            "the length is {len} {unit}; it must be exactly {n}"
        )));
    }
    if let Some(n) = min.filter(|&n| len < n) {
        return Err(ValueError::new(format!(
            "the length is {len} {unit}; the minimum is {n}"
        )));
    }
    if let Some(n) = max.filter(|&n| len > n) {
        return Err(ValueError::new(format!(
            "the length is {len} {unit}; the maximum is {n}"
        )));
    }
    Ok(())
}

/// Length of a string value, in characters.
pub fn char_length(value: &str) -> usize {
    if value.is_ascii() {
        value.len()
    } else {
        value.chars().count()
    }
}

/// `minInclusive`, `minExclusive`, `maxInclusive` and `maxExclusive`.
pub fn range<T: PartialOrd + Display>(
    value: &T,
    min_inclusive: Option<&T>,
    min_exclusive: Option<&T>,
    max_inclusive: Option<&T>,
    max_exclusive: Option<&T>,
) -> Result<(), ValueError> {
    use std::cmp::Ordering::{Equal, Greater, Less};
    // An incomparable value (NaN) fails every bound.
    let order = |bound: &T| value.partial_cmp(bound);
    if let Some(bound) = min_inclusive.filter(|b| !matches!(order(b), Some(Greater | Equal))) {
        return Err(ValueError::new(format!(
            "{value} is less than the minimum {bound}"
        )));
    }
    if let Some(bound) = min_exclusive.filter(|b| order(b) != Some(Greater)) {
        return Err(ValueError::new(format!(
            "{value} must be greater than {bound}"
        )));
    }
    if let Some(bound) = max_inclusive.filter(|b| !matches!(order(b), Some(Less | Equal))) {
        return Err(ValueError::new(format!(
            "{value} is greater than the maximum {bound}"
        )));
    }
    if let Some(bound) = max_exclusive.filter(|b| order(b) != Some(Less)) {
        return Err(ValueError::new(format!(
            "{value} must be less than {bound}"
        )));
    }
    Ok(())
}

/// `totalDigits` and `fractionDigits` of a decimal.
pub fn digits(
    value: &BigDecimal,
    total: Option<u32>,
    fraction: Option<u32>,
) -> Result<(), ValueError> {
    let (value_total, value_fraction) = crate::value::decimal_digits(value);
    if let Some(n) = total.filter(|&n| value_total > u64::from(n)) {
        return Err(ValueError::new(format!(
            "{} has {value_total} digits; at most {n} are allowed",
            crate::value::decimal_text(value)
        )));
    }
    if let Some(n) = fraction.filter(|&n| value_fraction > u64::from(n)) {
        return Err(ValueError::new(format!(
            "{} has {value_fraction} fractional digits; at most {n} are allowed",
            crate::value::decimal_text(value)
        )));
    }
    Ok(())
}

/// `totalDigits` of an integer.
pub fn integer_digits(value: &impl Display, total: u32) -> Result<(), ValueError> {
    let text = value.to_string();
    let count = text.trim_start_matches('-').len();
    if count > total as usize {
        return Err(ValueError::new(format!(
            "{text} has {count} digits; at most {total} are allowed"
        )));
    }
    Ok(())
}

/// A decimal bound written in the schema (checked when the code was generated).
pub fn decimal(literal: &str) -> BigDecimal {
    crate::value::parse_decimal(literal)
        .unwrap_or_else(|e| panic!("generated decimal bound `{literal}` is invalid: {e}"))
}

/// An integer bound written in the schema (checked when the code was generated).
pub fn big_int(literal: &str) -> num_bigint::BigInt {
    literal
        .parse()
        .unwrap_or_else(|e| panic!("generated integer bound `{literal}` is invalid: {e}"))
}

/// A non-negative integer bound written in the schema.
pub fn big_uint(literal: &str) -> num_bigint::BigUint {
    literal
        .parse()
        .unwrap_or_else(|e| panic!("generated integer bound `{literal}` is invalid: {e}"))
}

/// Checks that a string is already in the form a `whiteSpace` facet gives
/// (for values built in code rather than decoded).
pub fn normalized(value: &str, white_space: WhiteSpace) -> Result<(), ValueError> {
    if crate::value::normalize(value, white_space) == value {
        Ok(())
    } else {
        Err(ValueError::new(format!(
            "{} has whitespace the type does not allow ({white_space:?})",
            quote(value)
        )))
    }
}

/// The error for a value outside an enumeration.
pub fn not_enumerated(value: &str, type_name: &str, count: usize) -> ValueError {
    ValueError::new(format!(
        "{} is not one of the {count} values of `{type_name}`",
        quote(value)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    static FOUR_DIGITS: Pattern = Pattern::new("[0-9]{4}", r"\A(?:[0-9]{4})\z");

    #[test]
    fn patterns_are_anchored() {
        assert!(patterns("1234", &[&FOUR_DIGITS]).is_ok());
        let err = patterns("12345", &[&FOUR_DIGITS]).unwrap_err();
        assert_eq!(
            err.message(),
            "`12345` does not match the pattern `[0-9]{4}`"
        );
    }

    #[test]
    fn ranges_and_lengths() {
        assert!(range(&3u8, Some(&1), None, Some(&3), None).is_ok());
        assert_eq!(
            range(&4u8, Some(&1), None, Some(&3), None)
                .unwrap_err()
                .message(),
            "4 is greater than the maximum 3"
        );
        assert!(range(&1.5f64, None, Some(&1.5), None, None).is_err());
        assert!(length(char_length("héllo"), None, None, Some(5), "characters").is_ok());
        assert!(length(6, None, None, Some(5), "characters").is_err());
        assert!(length(4, Some(4), None, None, "octets").is_ok());
        assert!(integer_digits(&-12345i32, 4).is_err());
        assert!(integer_digits(&9999u16, 4).is_ok());
        assert!(digits(&decimal("1.25"), None, Some(1)).is_err());
        assert!(digits(&decimal("1.20"), None, Some(1)).is_ok());
    }
}
