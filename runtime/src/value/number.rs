//! `xs:decimal`, `xs:integer` and its derived types, `xs:float` and `xs:double`.

use std::fmt::Write as _;
use std::str::FromStr;

use bigdecimal::BigDecimal;
use num_bigint::{BigInt, BigUint, Sign};

use super::{SimpleValue, WhiteSpace};
use crate::error::ValueError;

/// Checks the lexical form `[+-]?[0-9]+` and splits it into sign and digits.
pub fn parse_integer_text<'t>(
    text: &'t str,
    type_name: &str,
) -> Result<(bool, &'t str), ValueError> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValueError::lexical(text, type_name));
    }
    Ok((negative, digits))
}

/// Parses an integer of a fixed-size Rust type (the narrowest that holds the
/// XSD type's value space). `type_name` names the XSD type in messages.
pub fn parse_int<T: TryFrom<i128>>(text: &str, type_name: &str) -> Result<T, ValueError> {
    let (negative, digits) = parse_integer_text(text, type_name)?;
    let digits = digits.trim_start_matches('0');
    let out_of_range = || {
        ValueError::new(format!(
            "{} is out of the range of {type_name}",
            crate::error::quote(text)
        ))
    };
    if digits.len() > 39 {
        return Err(out_of_range());
    }
    let mut magnitude: u128 = 0;
    for b in digits.bytes() {
        magnitude = magnitude
            .checked_mul(10)
            .and_then(|m| m.checked_add(u128::from(b - b'0')))
            .ok_or_else(out_of_range)?;
    }
    let value = if negative {
        0i128
            .checked_sub_unsigned(magnitude)
            .ok_or_else(out_of_range)?
    } else {
        i128::try_from(magnitude).map_err(|_| out_of_range())?
    };
    T::try_from(value).map_err(|_| out_of_range())
}

/// Parses a value of `xs:unsignedLong`, `xs:unsignedInt`, `xs:unsignedShort`
/// or `xs:unsignedByte` (or a type derived from them): their lexical
/// representation is "a finite-length sequence of decimal digits" (XML Schema
/// Part 2, 3.3.21 to 3.3.24), without a sign.
pub fn parse_unsigned<T: TryFrom<i128>>(text: &str, type_name: &str) -> Result<T, ValueError> {
    if text.starts_with(['+', '-']) {
        return Err(ValueError::new(format!(
            "{} is not a valid {type_name}: unsigned values are written without a sign",
            crate::error::quote(text)
        )));
    }
    parse_int(text, type_name)
}

macro_rules! primitive_integer {
    ($($ty:ty => $xsd:literal, $parse:ident),* $(,)?) => {$(
        impl SimpleValue for $ty {
            const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
            const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs_prefixed($xsd));

            fn parse_lexical(text: &str) -> Result<Self, ValueError> {
                $parse(text, $xsd)
            }

            fn write_lexical(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

primitive_integer!(
    i8 => "xs:byte", parse_int,
    i16 => "xs:short", parse_int,
    i32 => "xs:int", parse_int,
    i64 => "xs:long", parse_int,
    u8 => "xs:unsignedByte", parse_unsigned,
    u16 => "xs:unsignedShort", parse_unsigned,
    u32 => "xs:unsignedInt", parse_unsigned,
    u64 => "xs:unsignedLong", parse_unsigned,
    i128 => "xs:integer", parse_int,
    u128 => "xs:nonNegativeInteger", parse_int,
);

fn big_int(text: &str, type_name: &str) -> Result<BigInt, ValueError> {
    let (negative, digits) = parse_integer_text(text, type_name)?;
    let magnitude = match short_magnitude(digits) {
        Some(small) => BigUint::from(small),
        None => BigUint::parse_bytes(digits.as_bytes(), 10)
            .ok_or_else(|| ValueError::lexical(text, type_name))?,
    };
    Ok(BigInt::from_biguint(
        if negative { Sign::Minus } else { Sign::Plus },
        magnitude,
    ))
}

/// The value of a string of ASCII digits (the caller has checked them)
/// short enough for a `u64` (most values): read without the general
/// conversion of `num-bigint` or `bigdecimal`, whose code is large and,
/// called only now and then in a message, mostly out of the instruction
/// cache.
fn short_magnitude(digits: &str) -> Option<u64> {
    if digits.len() > 19 {
        return None;
    }
    digits.bytes().try_fold(0u64, |m, b| {
        m.checked_mul(10)?
            .checked_add(u64::from(b.wrapping_sub(b'0')))
    })
}

/// `xs:integer`.
impl SimpleValue for BigInt {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("integer"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        big_int(text, "xs:integer")
    }

    fn write_lexical(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

/// `xs:nonNegativeInteger`.
impl SimpleValue for BigUint {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> =
        Some(crate::xml::TypeName::xs("nonNegativeInteger"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        let value = big_int(text, "xs:nonNegativeInteger")?;
        value.to_biguint().ok_or_else(|| {
            ValueError::new(format!(
                "{} is negative: not a valid xs:nonNegativeInteger",
                crate::error::quote(text)
            ))
        })
    }

    fn write_lexical(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

macro_rules! bounded_big_integer {
    ($(#[$doc:meta])* $name:ident($inner:ty), $xsd:literal, $ok:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name($inner);

        impl $name {
            pub fn new(value: $inner) -> Result<Self, ValueError> {
                let ok: fn(&$inner) -> bool = $ok;
                if ok(&value) {
                    Ok($name(value))
                } else {
                    Err(ValueError::new(format!("{value} is not a valid {}", $xsd)))
                }
            }

            pub fn get(&self) -> &$inner {
                &self.0
            }

            pub fn into_inner(self) -> $inner {
                self.0
            }
        }

        impl SimpleValue for $name {
            const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
            const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs_prefixed($xsd));

            fn parse_lexical(text: &str) -> Result<Self, ValueError> {
                let value = big_int(text, $xsd)?;
                let value = <$inner>::try_from(value)
                    .map_err(|_| ValueError::lexical(text, $xsd))?;
                Self::new(value).map_err(|_| ValueError::lexical(text, $xsd))
            }

            fn write_lexical(&self, out: &mut String) {
                let _ = write!(out, "{}", self.0);
            }
        }
    };
}

bounded_big_integer!(
    /// `xs:positiveInteger`: an integer of at least 1, of any size.
    PositiveInteger(BigUint), "xs:positiveInteger", |v| *v > BigUint::ZERO
);
bounded_big_integer!(
    /// `xs:nonPositiveInteger`: an integer of at most 0, of any size.
    NonPositiveInteger(BigInt), "xs:nonPositiveInteger", |v| *v <= BigInt::ZERO
);
bounded_big_integer!(
    /// `xs:negativeInteger`: an integer of at most -1, of any size.
    NegativeInteger(BigInt), "xs:negativeInteger", |v| *v < BigInt::ZERO
);

/// Parses `xs:decimal`: `[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)`.
pub fn parse_decimal(text: &str) -> Result<BigDecimal, ValueError> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let valid = !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac);
    if !valid {
        return Err(ValueError::lexical(text, "xs:decimal"));
    }
    // Most values: digits that fit a `u64`, once the point is taken out.
    if int.len() + frac.len() <= 19
        && let Some(whole) = short_magnitude(int)
        && let Some(fraction) = short_magnitude(frac)
        && let Some(mantissa) = 10u64
            .checked_pow(frac.len() as u32)
            .and_then(|shift| whole.checked_mul(shift)?.checked_add(fraction))
    {
        let sign = if text.starts_with('-') {
            Sign::Minus
        } else {
            Sign::Plus
        };
        let mantissa = BigInt::from_biguint(sign, BigUint::from(mantissa));
        return Ok(BigDecimal::new(mantissa, frac.len() as i64));
    }
    // BigDecimal does not accept a trailing point or a leading `+.`; give it a
    // normalised form (most values already have it).
    let normal_already = !text.starts_with('+') && !int.is_empty() && !text.ends_with('.');
    if normal_already {
        return BigDecimal::from_str(text).map_err(|_| ValueError::lexical(text, "xs:decimal"));
    }
    let sign = if text.starts_with('-') { "-" } else { "" };
    let int = if int.is_empty() { "0" } else { int };
    let normal = if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    };
    BigDecimal::from_str(&normal).map_err(|_| ValueError::lexical(text, "xs:decimal"))
}

/// Writes a decimal in plain notation (never with an exponent), without
/// trailing fractional zeros.
pub fn write_decimal(value: &BigDecimal, out: &mut String) {
    let value = value.normalized();
    let (digits, scale) = value.as_bigint_and_exponent();
    let negative = digits.sign() == Sign::Minus;
    let magnitude = digits.magnitude().to_string();
    if negative {
        out.push('-');
    }
    if scale <= 0 {
        out.push_str(&magnitude);
        if magnitude != "0" {
            for _ in 0..(-scale) {
                out.push('0');
            }
        }
        return;
    }
    let scale = usize::try_from(scale).unwrap_or(usize::MAX);
    if magnitude.len() > scale {
        let (int, frac) = magnitude.split_at(magnitude.len() - scale);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else {
        out.push_str("0.");
        for _ in 0..(scale - magnitude.len()) {
            out.push('0');
        }
        out.push_str(&magnitude);
    }
}

/// `xs:decimal`.
impl SimpleValue for BigDecimal {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("decimal"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        parse_decimal(text)
    }

    fn write_lexical(&self, out: &mut String) {
        write_decimal(self, out);
    }
}

/// Number of significant digits and of fractional digits of a decimal (for
/// the `totalDigits` and `fractionDigits` facets).
pub fn decimal_digits(value: &BigDecimal) -> (u64, u64) {
    let value = value.normalized();
    let (digits, scale) = value.as_bigint_and_exponent();
    let magnitude = digits.magnitude().to_string();
    if magnitude == "0" {
        return (1, 0);
    }
    let len = magnitude.len() as u64;
    if scale <= 0 {
        (len + scale.unsigned_abs(), 0)
    } else {
        let scale = scale.unsigned_abs();
        (len.max(scale), scale)
    }
}

/// Parses `xs:float` / `xs:double`: a decimal or scientific number, `INF`,
/// `-INF` or `NaN`.
pub fn parse_float(text: &str, type_name: &str) -> Result<f64, ValueError> {
    match text {
        "INF" => return Ok(f64::INFINITY),
        "-INF" => return Ok(f64::NEG_INFINITY),
        "NaN" => return Ok(f64::NAN),
        _ => {}
    }
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let mantissa_ok = parse_decimal(mantissa).is_ok();
    let exponent_ok = exponent.is_none_or(|e| parse_integer_text(e, type_name).is_ok());
    if !(mantissa_ok && exponent_ok) {
        return Err(ValueError::lexical(text, type_name));
    }
    text.parse::<f64>()
        .map_err(|_| ValueError::lexical(text, type_name))
}

fn write_float(value: f64, out: &mut String) {
    if value.is_nan() {
        out.push_str("NaN");
    } else if value.is_infinite() {
        out.push_str(if value > 0.0 { "INF" } else { "-INF" });
    } else {
        let _ = write!(out, "{value:?}");
    }
}

/// `xs:double`.
impl SimpleValue for f64 {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("double"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        parse_float(text, "xs:double")
    }

    fn write_lexical(&self, out: &mut String) {
        write_float(*self, out);
    }
}

/// `xs:float`.
impl SimpleValue for f32 {
    const WHITE_SPACE: WhiteSpace = WhiteSpace::Collapse;
    const XSD_TYPE: Option<crate::xml::TypeName> = Some(crate::xml::TypeName::xs("float"));

    fn parse_lexical(text: &str) -> Result<Self, ValueError> {
        if matches!(text, "INF" | "-INF" | "NaN") {
            return parse_float(text, "xs:float").map(|v| v as f32);
        }
        parse_float(text, "xs:float")?;
        text.parse::<f32>()
            .map_err(|_| ValueError::lexical(text, "xs:float"))
    }

    fn write_lexical(&self, out: &mut String) {
        if self.is_finite() {
            let _ = write!(out, "{self:?}");
        } else {
            write_float(f64::from(*self), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_size_integers() {
        assert_eq!(u8::parse(" 003 "), Ok(3));
        assert!(u8::parse("+3").is_err(), "unsigned types have no sign");
        assert!(u32::parse("-0").is_err());
        assert_eq!(i8::parse("-128"), Ok(-128));
        assert!(i8::parse("128").is_err());
        assert!(u32::parse("-1").is_err());
        assert_eq!(i32::parse("-0"), Ok(0));
        assert_eq!(i64::parse("+7"), Ok(7));
        assert!(u16::parse("1.0").is_err());
        assert!(u16::parse("").is_err());
        assert!(u64::parse("99999999999999999999999999999999999999999999").is_err());
        assert_eq!(u64::parse("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(i32::parse("2147483647"), Ok(i32::MAX));
    }

    #[test]
    fn short_numbers_read_exactly_as_the_general_conversion_reads_them() {
        // The fast path for values that fit a u64 must give the same
        // representation (digits and scale) as bigdecimal's and num-bigint's
        // own parsers, which read the normalised text.
        for (text, normal) in [
            ("0", "0"),
            ("-0", "-0"),
            ("-0.0", "-0.0"),
            ("+.5", "0.5"),
            ("1.", "1"),
            ("007.50", "007.50"),
            ("-12.345", "-12.345"),
            ("9999999999999999999", "9999999999999999999"),
            ("999999999.9999999999", "999999999.9999999999"),
            ("18446744073709551615", "18446744073709551615"),
            ("1844674407370955161.6", "1844674407370955161.6"),
            ("0.0000000000000000001", "0.0000000000000000001"),
        ] {
            let fast = parse_decimal(text).unwrap();
            let general = BigDecimal::from_str(normal).unwrap();
            assert_eq!(
                fast.as_bigint_and_exponent(),
                general.as_bigint_and_exponent(),
                "{text}"
            );
        }
        for text in [
            "0",
            "-0",
            "+17",
            "-9999999999999999999",
            "18446744073709551615",
            "18446744073709551616",
        ] {
            let general = BigInt::from_str(text.trim_start_matches('+')).unwrap();
            assert_eq!(BigInt::parse(text).unwrap(), general, "{text}");
        }
    }

    #[test]
    fn big_integers() {
        let serial = "117636141832862931915946451229571981153";
        assert_eq!(BigInt::parse(serial).unwrap().to_lexical(), serial);
        let forty = "1176361418328629319159464512295719811530";
        assert_eq!(BigInt::parse(forty).unwrap().to_lexical(), forty);
        assert_eq!(BigInt::parse("-007").unwrap().to_lexical(), "-7");
        assert!(BigUint::parse("-1").is_err());
        assert!(PositiveInteger::parse("0").is_err());
        assert!(PositiveInteger::parse("+1").is_ok());
        assert!(NegativeInteger::parse("0").is_err());
        assert!(NonPositiveInteger::parse("0").is_ok());
    }

    #[test]
    fn decimals() {
        for (text, canonical) in [
            ("5.4", "5.4"),
            ("5.40", "5.4"),
            ("+.5", "0.5"),
            ("-0.001", "-0.001"),
            ("12.", "12"),
            ("1200", "1200"),
            ("0", "0"),
            ("-0.0", "0"),
            ("429496729.5", "429496729.5"),
        ] {
            assert_eq!(
                BigDecimal::parse(text).unwrap().to_lexical(),
                canonical,
                "{text}"
            );
        }
        for bad in ["", ".", "1e5", "1.2.3", "--1", "NaN", "1 2"] {
            assert!(BigDecimal::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(decimal_digits(&parse_decimal("123.450").unwrap()), (5, 2));
        assert_eq!(decimal_digits(&parse_decimal("1200").unwrap()), (4, 0));
        assert_eq!(decimal_digits(&parse_decimal("0.001").unwrap()), (3, 3));
    }

    #[test]
    fn floats() {
        assert_eq!(f64::parse("1.5E3"), Ok(1500.0));
        assert!(f64::parse("NaN").unwrap().is_nan());
        assert_eq!(f64::parse("-INF"), Ok(f64::NEG_INFINITY));
        assert!(f64::parse("inf").is_err());
        assert!(f64::parse("infinity").is_err());
        assert!(f64::parse("1e").is_err());
        assert_eq!(f64::INFINITY.to_lexical(), "INF");
        assert_eq!(f32::parse("0.1").unwrap().to_lexical(), "0.1");
    }
}
