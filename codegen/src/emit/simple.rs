//! Simple types with facets: which Rust representation holds their value
//! space, and the code that checks their facets.

use std::str::FromStr;

use num_bigint::BigInt;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::item::ItemKey;
use super::pattern;
use super::version::{VersionEmitter, camel_allow, ident};
use crate::model::{Builtin, Facets, Family, SchemaSet, SimpleRef, WhiteSpace};

/// The Rust type a restricted simple type wraps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repr {
    String,
    Bool,
    /// A fixed-size integer type, by name (`u8`, `i64`, …).
    Int(&'static str),
    BigInt,
    BigUint,
    Decimal,
    F32,
    F64,
    DateTime,
    Date,
    Time,
    Hex,
    Base64,
}

const INT_TYPES: [(&str, &str, &str); 10] = [
    ("u8", "0", "255"),
    ("i8", "-128", "127"),
    ("u16", "0", "65535"),
    ("i16", "-32768", "32767"),
    ("u32", "0", "4294967295"),
    ("i32", "-2147483648", "2147483647"),
    ("u64", "0", "18446744073709551615"),
    ("i64", "-9223372036854775808", "9223372036854775807"),
    ("u128", "0", "340282366920938463463374607431768211455"),
    (
        "i128",
        "-170141183460469231731687303715884105728",
        "170141183460469231731687303715884105727",
    ),
];

fn big(text: &str) -> BigInt {
    BigInt::from_str(text.trim().trim_start_matches('+')).unwrap_or_default()
}

/// The narrowest fixed-size integer type holding `[lo, hi]`.
fn narrowest(lo: &Option<BigInt>, hi: &Option<BigInt>) -> Option<(&'static str, BigInt, BigInt)> {
    let (lo, hi) = (lo.as_ref()?, hi.as_ref()?);
    INT_TYPES.iter().find_map(|(name, min, max)| {
        let (min, max) = (big(min), big(max));
        (lo >= &min && hi <= &max).then_some((*name, min, max))
    })
}

impl Repr {
    pub fn tokens(&self, e: &mut VersionEmitter) -> TokenStream {
        let mut xs = |name: &str| {
            e.use_xs();
            let name = ident(name);
            quote!(xs::#name)
        };
        match self {
            Repr::String => quote!(String),
            Repr::Bool => quote!(bool),
            Repr::Int(name) => {
                let name = ident(name);
                quote!(#name)
            }
            Repr::BigInt => xs("BigInt"),
            Repr::BigUint => xs("BigUint"),
            Repr::Decimal => xs("BigDecimal"),
            Repr::F32 => quote!(f32),
            Repr::F64 => quote!(f64),
            Repr::DateTime => xs("DateTime"),
            Repr::Date => xs("Date"),
            Repr::Time => xs("Time"),
            Repr::Hex | Repr::Base64 => quote!(Vec<u8>),
        }
    }

    fn is_copy(&self) -> bool {
        matches!(self, Repr::Bool | Repr::Int(_) | Repr::F32 | Repr::F64)
    }
}

/// How a simple type with facets is represented and checked.
pub struct SimplePlan<'s> {
    builtin: Builtin,
    white_space: WhiteSpace,
    pub repr: Repr,
    /// Facets of every restriction step, the base's first.
    steps: Vec<&'s Facets>,
    /// Effective bounds of an integer type (`None` for unbounded).
    int_bounds: (Option<BigInt>, Option<BigInt>),
}

impl<'s> SimplePlan<'s> {
    pub fn new(set: &'s SchemaSet, ty: SimpleRef) -> Result<Self, String> {
        let builtin = set.builtin_of(ty);
        let mut steps = set.facet_chain(ty);
        steps.reverse();
        let white_space = set.white_space(ty);
        let mut int_bounds = (None, None);
        let repr = match builtin.family() {
            Family::String => Repr::String,
            Family::Boolean => Repr::Bool,
            Family::Float => Repr::F32,
            Family::Double => Repr::F64,
            Family::DateTime => Repr::DateTime,
            Family::Date => Repr::Date,
            Family::Time => Repr::Time,
            Family::HexBinary => Repr::Hex,
            Family::Base64Binary => Repr::Base64,
            Family::Decimal if builtin == Builtin::Decimal => Repr::Decimal,
            Family::Decimal => {
                let (lo, hi) = builtin.integer_bounds();
                let mut lo = lo.map(big);
                let mut hi = hi.map(big);
                let tighten_lo = |lo: &mut Option<BigInt>, v: BigInt| {
                    if lo.as_ref().is_none_or(|l| v > *l) {
                        *lo = Some(v);
                    }
                };
                let tighten_hi = |hi: &mut Option<BigInt>, v: BigInt| {
                    if hi.as_ref().is_none_or(|h| v < *h) {
                        *hi = Some(v);
                    }
                };
                for step in &steps {
                    if let Some(v) = &step.min_inclusive {
                        tighten_lo(&mut lo, big(v));
                    }
                    if let Some(v) = &step.min_exclusive {
                        tighten_lo(&mut lo, big(v) + 1);
                    }
                    if let Some(v) = &step.max_inclusive {
                        tighten_hi(&mut hi, big(v));
                    }
                    if let Some(v) = &step.max_exclusive {
                        tighten_hi(&mut hi, big(v) - 1);
                    }
                    if let Some(n) = step.total_digits
                        && n <= 38
                    {
                        let limit: BigInt = num_bigint::BigInt::from(10u8).pow(n) - 1;
                        tighten_hi(&mut hi, limit.clone());
                        tighten_lo(&mut lo, -limit);
                    }
                }
                if let (Some(l), Some(h)) = (&lo, &hi)
                    && l > h
                {
                    return Err(format!(
                        "the facets leave no value: minimum {l} is above maximum {h}"
                    ));
                }
                let repr = match narrowest(&lo, &hi) {
                    Some((name, _, _)) => Repr::Int(name),
                    None if lo.as_ref().is_some_and(|l| *l >= BigInt::ZERO) => Repr::BigUint,
                    None => Repr::BigInt,
                };
                int_bounds = (lo, hi);
                repr
            }
        };
        Ok(SimplePlan {
            builtin,
            white_space,
            repr,
            steps,
            int_bounds,
        })
    }

    pub fn white_space_tokens(&self) -> TokenStream {
        match self.white_space {
            WhiteSpace::Preserve => quote!(rt::WhiteSpace::Preserve),
            WhiteSpace::Replace => quote!(rt::WhiteSpace::Replace),
            WhiteSpace::Collapse => quote!(rt::WhiteSpace::Collapse),
        }
    }

    fn has_patterns(&self) -> bool {
        self.steps.iter().any(|s| !s.patterns.is_empty())
    }

    /// Pattern checks on the lexical form `lexical`.
    fn pattern_checks(&self, lexical: &TokenStream) -> Result<TokenStream, String> {
        let mut out = TokenStream::new();
        let mut n = 0usize;
        for step in &self.steps {
            if step.patterns.is_empty() {
                continue;
            }
            let mut names = Vec::new();
            for p in &step.patterns {
                let rust = pattern::translate(&p.regex)?;
                regex_check(&rust).map_err(|m| format!("pattern `{}`: {m}", p.source))?;
                let name = ident(&format!("PATTERN_{n}"));
                n += 1;
                let xsd = &p.source;
                out.extend(quote!(static #name: rt::facets::Pattern = rt::facets::Pattern::new(#xsd, #rust);));
                names.push(name);
            }
            out.extend(quote!(rt::facets::patterns(#lexical, &[#(&#names),*])?;));
        }

        Ok(out)
    }

    /// Length checks; `len` is the length in the unit of the type.
    fn length_checks(&self, len: &TokenStream) -> TokenStream {
        let unit = match self.repr {
            Repr::Hex | Repr::Base64 => "octets",
            _ => "characters",
        };
        let mut out = TokenStream::new();
        for step in &self.steps {
            if step.length.is_none() && step.min_length.is_none() && step.max_length.is_none() {
                continue;
            }
            let opt = |v: Option<u64>| match v {
                Some(v) => {
                    let v = Literal::u64_unsuffixed(v);
                    quote!(Some(#v))
                }
                None => quote!(None),
            };
            let (exact, min, max) = (opt(step.length), opt(step.min_length), opt(step.max_length));
            out.extend(quote!(rt::facets::length(#len, #exact, #min, #max, #unit)?;));
        }
        out
    }

    /// Checks that need the value (ranges, digits, lengths, built-in lexical rules).
    fn value_checks(
        &self,
        e: &mut VersionEmitter,
        value: &TokenStream,
    ) -> Result<TokenStream, String> {
        let mut out = TokenStream::new();
        match &self.repr {
            Repr::String => {
                out.extend(self.length_checks(&quote!(rt::facets::char_length(#value))));
                if matches!(
                    self.builtin,
                    Builtin::Language
                        | Builtin::Name
                        | Builtin::NcName
                        | Builtin::NmToken
                        | Builtin::Id
                        | Builtin::IdRef
                ) {
                    let name = self.builtin.xsd_name();
                    e.use_xs();
                    out.extend(quote!(xs::check_builtin_string(#name, #value)?;));
                }
            }
            Repr::Hex | Repr::Base64 => out.extend(self.length_checks(&quote!(#value.len()))),
            Repr::Int(name) => {
                let (_, natural_lo, natural_hi) = INT_TYPES
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map(|(n, lo, hi)| (*n, big(lo), big(hi)))
                    .expect("an integer type of the table");
                let lo = self.int_bounds.0.clone().filter(|l| *l > natural_lo);
                let hi = self.int_bounds.1.clone().filter(|h| *h < natural_hi);
                if lo.is_some() || hi.is_some() {
                    let bound = |b: &Option<BigInt>| match b {
                        Some(b) => {
                            let lit =
                                Literal::from_str(&b.to_string()).expect("an integer literal");
                            quote!(Some(&#lit))
                        }
                        None => quote!(None),
                    };
                    let (lo, hi) = (bound(&lo), bound(&hi));
                    out.extend(quote!(rt::facets::range(#value, #lo, None, #hi, None)?;));
                }
            }
            Repr::BigInt | Repr::BigUint => {
                let helper = if self.repr == Repr::BigInt {
                    quote!(rt::facets::big_int)
                } else {
                    quote!(rt::facets::big_uint)
                };
                let bound = |b: &Option<BigInt>| match b {
                    Some(b) => {
                        let text = b.to_string();
                        quote!(Some(&#helper(#text)))
                    }
                    None => quote!(None),
                };
                let natural_lo = if self.repr == Repr::BigUint {
                    Some(BigInt::ZERO)
                } else {
                    None
                };
                let lo = self
                    .int_bounds
                    .0
                    .clone()
                    .filter(|l| Some(l) != natural_lo.as_ref());
                if lo.is_some() || self.int_bounds.1.is_some() {
                    let (lo, hi) = (bound(&lo), bound(&self.int_bounds.1));
                    out.extend(quote!(rt::facets::range(#value, #lo, None, #hi, None)?;));
                }
                for step in &self.steps {
                    if let Some(n) = step.total_digits.filter(|&n| n > 38) {
                        out.extend(quote!(rt::facets::integer_digits(#value, #n)?;));
                    }
                }
            }
            Repr::Decimal => {
                for step in &self.steps {
                    let bound = |b: &Option<String>| match b {
                        Some(b) => quote!(Some(&rt::facets::decimal(#b))),
                        None => quote!(None),
                    };
                    if step.min_inclusive.is_some()
                        || step.min_exclusive.is_some()
                        || step.max_inclusive.is_some()
                        || step.max_exclusive.is_some()
                    {
                        let (a, b, c, d) = (
                            bound(&step.min_inclusive),
                            bound(&step.min_exclusive),
                            bound(&step.max_inclusive),
                            bound(&step.max_exclusive),
                        );
                        out.extend(quote!(rt::facets::range(#value, #a, #b, #c, #d)?;));
                    }
                    if step.total_digits.is_some() || step.fraction_digits.is_some() {
                        let opt = |v: Option<u32>| match v {
                            Some(v) => {
                                let v = Literal::u32_unsuffixed(v);
                                quote!(Some(#v))
                            }
                            None => quote!(None),
                        };
                        let (t, f) = (opt(step.total_digits), opt(step.fraction_digits));
                        out.extend(quote!(rt::facets::digits(#value, #t, #f)?;));
                    }
                }
            }
            Repr::F32 | Repr::F64 => {
                for step in &self.steps {
                    let bound = |b: &Option<String>| -> Result<TokenStream, String> {
                        Ok(match b.as_deref().map(str::trim) {
                            None => quote!(None),
                            Some("INF") => quote!(Some(&f64::INFINITY)),
                            Some("-INF") => quote!(Some(&f64::NEG_INFINITY)),
                            Some(v) => {
                                let v: f64 =
                                    v.parse().map_err(|_| format!("`{v}` is not a number"))?;
                                let lit = Literal::f64_unsuffixed(v);
                                quote!(Some(&#lit))
                            }
                        })
                    };
                    let bounds = [
                        &step.min_inclusive,
                        &step.min_exclusive,
                        &step.max_inclusive,
                        &step.max_exclusive,
                    ];
                    if bounds.iter().any(|b| b.is_some()) {
                        let [a, b, c, d] = bounds.map(bound);
                        let (a, b, c, d) = (a?, b?, c?, d?);
                        let value = if self.repr == Repr::F32 {
                            quote!(&f64::from(*#value))
                        } else {
                            value.clone()
                        };
                        out.extend(quote!(rt::facets::range(#value, #a, #b, #c, #d)?;));
                    }
                }
            }
            Repr::Bool | Repr::DateTime | Repr::Date | Repr::Time => {}
        }
        Ok(out)
    }

    /// Checks an enumeration type makes on the text before matching it.
    pub fn lexical_checks(&self, text: TokenStream) -> Result<TokenStream, String> {
        let mut out = self.pattern_checks(&text)?;
        if self.repr == Repr::String {
            out.extend(self.length_checks(&quote!(rt::facets::char_length(#text))));
        } else if self
            .steps
            .iter()
            .any(|s| s.length.is_some() || s.min_length.is_some() || s.max_length.is_some())
        {
            return Err("length facets on a non-string enumeration are not supported".into());
        }
        Ok(out)
    }

    /// How an enumeration's text is turned into something to match, and the
    /// `match` pattern of each value.
    #[allow(clippy::type_complexity)]
    pub fn enum_matcher(
        &self,
        e: &mut VersionEmitter,
        type_name: &str,
    ) -> Result<
        (
            Box<dyn Fn(&str) -> Result<TokenStream, String>>,
            TokenStream,
        ),
        String,
    > {
        match self.builtin.family() {
            Family::String => Ok((Box::new(|value: &str| Ok(quote!(#value))), quote!(text))),
            Family::Decimal if self.builtin.is_integer() => {
                let name = match &self.repr {
                    Repr::Int(name) => *name,
                    _ => "i128",
                };
                let ty = ident(name);
                e.use_xs();
                Ok((
                    Box::new(|value: &str| {
                        let v = big(value);
                        if v.to_string().len() > 39 {
                            return Err(format!("enumeration value `{value}` is too large"));
                        }
                        Literal::from_str(&v.to_string())
                            .map(|lit| quote!(#lit))
                            .map_err(|_| format!("enumeration value `{value}` is not an integer"))
                    }),
                    if self.builtin.is_unsigned() {
                        quote!(xs::parse_unsigned::<#ty>(text, #type_name)?)
                    } else {
                        quote!(xs::parse_int::<#ty>(text, #type_name)?)
                    },
                ))
            }
            Family::HexBinary => {
                e.use_xs();
                Ok((
                    Box::new(|value: &str| {
                        let bytes = (0..value.len() / 2)
                            .map(|i| {
                                u8::from_str_radix(value.get(2 * i..2 * i + 2).unwrap_or("zz"), 16)
                            })
                            .collect::<Result<Vec<u8>, _>>()
                            .map_err(|_| format!("enumeration value `{value}` is not hexBinary"))?;
                        Ok(quote!([#(#bytes),*]))
                    }),
                    quote!(xs::parse_hex(text)?.as_slice()),
                ))
            }
            other => Err(format!(
                "enumerations of {other:?} values are not supported"
            )),
        }
    }

    /// The newtype of a restricted simple type.
    pub fn newtype_item(
        &self,
        e: &mut VersionEmitter,
        key: &ItemKey,
        type_name: &str,
        xsd_type: TokenStream,
        doc: Vec<String>,
    ) -> Result<TokenStream, String> {
        let name = ident(&key.name);
        let repr = self.repr.tokens(e);
        let white_space = self.white_space_tokens();
        let allow = camel_allow(&key.name);
        let docs = doc.iter().map(|l| format!(" {l}"));
        let copy = self.repr.is_copy();
        let derives = match self.repr {
            Repr::F32 | Repr::F64 => quote!(#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]),
            Repr::DateTime | Repr::Date | Repr::Time => {
                quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash)])
            }
            _ if copy => {
                quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)])
            }
            _ => quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]),
        };
        let accessor = match self.repr {
            Repr::String => quote! {
                pub fn as_str(&self) -> &str {
                    &self.0
                }
            },
            _ if copy => quote! {
                pub fn get(self) -> #repr {
                    self.0
                }
            },
            _ => quote! {
                pub fn get(&self) -> &#repr {
                    &self.0
                }
            },
        };

        let is_string = self.repr == Repr::String;
        let value_checks = self.value_checks(e, &quote!(value))?;
        let lexical = if is_string {
            quote!(value)
        } else {
            quote!(lexical)
        };
        let pattern_checks = self.pattern_checks(&lexical)?;
        let needs_lexical = !is_string && self.has_patterns();
        let uses_value = !value_checks.is_empty() || (is_string && !pattern_checks.is_empty());
        let value_param = if uses_value {
            quote!(value)
        } else {
            quote!(_value)
        };
        let value_type = match self.repr {
            Repr::String => quote!(str),
            Repr::Hex | Repr::Base64 => quote!([u8]),
            _ => repr.clone(),
        };
        let check_sig = if needs_lexical {
            quote!(fn check(#value_param: &#value_type, lexical: &str) -> Result<(), rt::ValueError>)
        } else {
            quote!(fn check(#value_param: &#value_type) -> Result<(), rt::ValueError>)
        };
        let write = match self.repr {
            Repr::String => quote!(out.push_str(&self.0)),
            Repr::Hex => {
                e.use_xs();
                quote!(xs::write_hex(&self.0, out))
            }
            Repr::Base64 => {
                e.use_xs();
                quote!(xs::write_base64(&self.0, out))
            }
            _ => quote!(rt::SimpleValue::write_lexical(&self.0, out)),
        };
        let parse = match &self.repr {
            Repr::String => quote!(text.to_owned()),
            Repr::Bool => {
                e.use_xs();
                quote!(xs::parse_bool(text)?)
            }
            Repr::Int(int) => {
                let int = ident(int);
                e.use_xs();
                if self.builtin.is_unsigned() {
                    quote!(xs::parse_unsigned::<#int>(text, #type_name)?)
                } else {
                    quote!(xs::parse_int::<#int>(text, #type_name)?)
                }
            }
            Repr::Decimal => {
                e.use_xs();
                quote!(xs::parse_decimal(text)?)
            }
            Repr::Hex => {
                e.use_xs();
                quote!(xs::parse_hex(text)?)
            }
            Repr::Base64 => {
                e.use_xs();
                quote!(xs::parse_base64(text)?)
            }
            other => {
                let ty = other.tokens(e);
                quote!(<#ty as rt::SimpleValue>::parse_lexical(text)?)
            }
        };
        let (new_body, parse_body) = if is_string {
            let normalized = if self.white_space != WhiteSpace::Preserve {
                let ws = self.white_space_tokens();
                quote!(rt::facets::normalized(&value, #ws)?;)
            } else {
                TokenStream::new()
            };
            (
                quote! {
                    #normalized
                    Self::check(&value)?;
                    Ok(Self(value))
                },
                quote! {
                    Self::check(text)?;
                    Ok(Self(text.to_owned()))
                },
            )
        } else if needs_lexical {
            (
                quote! {
                    let mut lexical = String::new();
                    rt::SimpleValue::write_lexical(&Self(value.clone()), &mut lexical);
                    Self::check(&value, &lexical)?;
                    Ok(Self(value))
                },
                quote! {
                    let value = #parse;
                    Self::check(&value, text)?;
                    Ok(Self(value))
                },
            )
        } else {
            (
                quote! {
                    Self::check(&value)?;
                    Ok(Self(value))
                },
                quote! {
                    let value = #parse;
                    Self::check(&value)?;
                    Ok(Self(value))
                },
            )
        };
        let _ = parse;
        Ok(quote! {
            #(#[doc = #docs])*
            #allow
            #derives
            pub struct #name(#repr);

            impl #name {
                /// Checks the value against every facet of the type.
                pub fn new(value: #repr) -> Result<Self, rt::ValueError> {
                    #new_body
                }

                #accessor

                pub fn into_inner(self) -> #repr {
                    self.0
                }

                #check_sig {
                    #value_checks
                    #pattern_checks
                    Ok(())
                }
            }

            impl rt::SimpleValue for #name {
                const WHITE_SPACE: rt::WhiteSpace = #white_space;
                #xsd_type

                fn parse_lexical(text: &str) -> Result<Self, rt::ValueError> {
                    #parse_body
                }

                fn write_lexical(&self, out: &mut String) {
                    #write;
                }
            }
        })
    }
}

/// Checks that a translated pattern compiles with the `regex` crate.
fn regex_check(rust: &str) -> Result<(), String> {
    regex::Regex::new(rust)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
