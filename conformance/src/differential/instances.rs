//! Instances generated from the schema model: for every global element of a
//! version, documents that take random paths through the content models
//! (choices, occurrences, optional attributes) with values drawn from each
//! simple type's facets. They reach the types the real messages never use
//! (most MMC response payloads), so that the differential tests cover the
//! whole schema set. Whether each is valid is for the oracle to say.

use duis_codegen::model::regex::{Atom, CharClass, ClassEscape, ClassItem, Regex};
use duis_codegen::model::{
    Builtin, ComplexId, Content, ElementDecl, Family, MaxOccurs, NamespaceConstraint, Particle,
    ProcessContents, QName, SchemaSet, SimpleRef, Term, TypeRef,
};
use fastrand::Rng;

use super::tree::{Document, Element, Node, escape};

/// Deepest element nesting of a generated instance.
const MAX_DEPTH: usize = 14;
/// Most elements in one instance, beyond which only required ones are made.
const MAX_ELEMENTS: usize = 400;

struct Generator<'s> {
    set: &'s SchemaSet,
    rng: Rng,
    elements: usize,
}

/// A random instance of the global element `index` of `set`.
pub fn instance(set: &SchemaSet, index: usize, seed: u64) -> Document {
    let mut g = Generator {
        set,
        rng: Rng::with_seed(seed),
        elements: 0,
    };
    let decl = &set.elements[index];
    let mut root = g.element(decl, 0);
    for ns in &set.namespaces {
        root.attributes
            .insert(0, (format!("xmlns:{}", ns.prefix), ns.uri.clone()));
    }
    Document {
        prolog: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".to_owned(),
        root,
    }
}

/// A random instance of an element declaration (a request body, say), as
/// XML text with the schema set's prefixes, which the enclosing document
/// declares.
pub fn element_text(set: &SchemaSet, decl: &ElementDecl, seed: u64) -> String {
    let mut g = Generator {
        set,
        rng: Rng::with_seed(seed),
        elements: 0,
    };
    let root = g.element(decl, 1);
    Document {
        prolog: String::new(),
        root,
    }
    .to_text()
}

impl Generator<'_> {
    fn qname(&self, name: &QName) -> String {
        match name.ns {
            Some(ns) => format!("{}:{}", self.set.namespace(ns).prefix, name.local),
            None => name.local.clone(),
        }
    }

    fn element(&mut self, decl: &ElementDecl, depth: usize) -> Element {
        self.elements += 1;
        let mut element = Element::new(&self.qname(&decl.name));
        match decl.ty {
            TypeRef::Simple(ty) => {
                if decl.default.is_some() && self.rng.u8(..4) == 0 {
                    // An empty element takes the default.
                } else {
                    element.children.push(Node::Text(escape(&self.value(ty))));
                }
            }
            TypeRef::Complex(id) => self.complex(id, &mut element, depth),
        }
        element
    }

    fn complex(&mut self, id: ComplexId, element: &mut Element, depth: usize) {
        let ct = self.set.complex(id);
        for attribute in &ct.attributes {
            if attribute.required || self.rng.bool() {
                let name = self.qname(&attribute.name);
                let value = if attribute.name.local == "schemaVersion" {
                    "5.4".to_owned()
                } else {
                    self.value(attribute.ty)
                };
                element.attributes.push((name, escape(&value)));
            }
        }
        match &ct.content {
            Content::Empty => {}
            Content::Simple(ty) => {
                let value = self.value(*ty);
                element.children.push(Node::Text(escape(&value)));
            }
            Content::Elements(p) => {
                if ct.mixed && self.rng.u8(..4) == 0 {
                    element.children.push(Node::Text("mixed text".into()));
                }
                self.particle(p, element, depth);
            }
        }
    }

    fn count(&mut self, min: u32, max: MaxOccurs, depth: usize) -> u32 {
        let cap = match max {
            MaxOccurs::Bounded(m) => m,
            MaxOccurs::Unbounded => u32::MAX,
        };
        if depth >= MAX_DEPTH || self.elements >= MAX_ELEMENTS {
            return min;
        }
        let extra = self.rng.u32(..3);
        min.saturating_add(extra).min(cap).max(min)
    }

    fn particle(&mut self, p: &Particle, parent: &mut Element, depth: usize) {
        let n = self.count(p.min, p.max, depth);
        for _ in 0..n {
            match &p.term {
                Term::Element(decl) => {
                    let child = self.element(decl, depth + 1);
                    parent.children.push(Node::Element(child));
                }
                Term::Sequence(items) => {
                    for item in items {
                        self.particle(item, parent, depth);
                    }
                }
                Term::Choice(items) => {
                    if !items.is_empty() {
                        let pick = self.rng.usize(..items.len());
                        let alternative = Particle {
                            min: items[pick].min.max(1),
                            ..items[pick].clone()
                        };
                        self.particle(&alternative, parent, depth);
                    }
                }
                Term::Any(w) => {
                    // Only wildcards that admit foreign elements get one.
                    let foreign = matches!(
                        w.namespaces,
                        NamespaceConstraint::Any | NamespaceConstraint::Other(_)
                    );
                    if foreign && w.process != ProcessContents::Strict {
                        let mut any = Element::new("x:Extension");
                        any.attributes
                            .push(("xmlns:x".into(), "urn:duis-rs:extension".into()));
                        any.children.push(Node::Text("any".into()));
                        parent.children.push(Node::Element(any));
                    }
                }
            }
        }
    }

    /// A value of a simple type: an enumeration value, a string matching the
    /// pattern, or a value within the bounds and lengths.
    fn value(&mut self, ty: SimpleRef) -> String {
        let set = self.set;
        if let Some(values) = set.enumeration(ty) {
            return values[self.rng.usize(..values.len())].clone();
        }
        let chain = set.facet_chain(ty);
        let builtin = set.builtin_of(ty);
        let pattern = chain.iter().find_map(|f| f.patterns.first());
        let (mut min_len, mut max_len) = (None, None);
        for f in &chain {
            min_len = min_len.or(f.length).or(f.min_length);
            max_len = max_len.or(f.length).or(f.max_length);
        }
        if let Some(p) = pattern {
            return self.matching(&p.regex);
        }
        let lo = |f: &[&duis_codegen::model::Facets]| {
            f.iter()
                .find_map(|x| x.min_inclusive.clone().or_else(|| x.min_exclusive.clone()))
        };
        let hi = |f: &[&duis_codegen::model::Facets]| {
            f.iter()
                .find_map(|x| x.max_inclusive.clone().or_else(|| x.max_exclusive.clone()))
        };
        match builtin.family() {
            Family::String => {
                let length = self.length(min_len, max_len, 1, 12);
                match builtin {
                    Builtin::AnyUri => "http://example.com/duis".to_owned(),
                    Builtin::Language => "en-GB".to_owned(),
                    Builtin::Id
                    | Builtin::IdRef
                    | Builtin::NcName
                    | Builtin::Name
                    | Builtin::NmToken => {
                        format!("id{}", self.rng.u32(..1000))
                    }
                    _ => "Abc".repeat(length).chars().take(length).collect(),
                }
            }
            Family::Boolean => if self.rng.bool() { "true" } else { "false" }.to_owned(),
            Family::Decimal => {
                let low = lo(&chain).and_then(|v| v.parse::<f64>().ok());
                let high = hi(&chain).and_then(|v| v.parse::<f64>().ok());
                let (natural_lo, natural_hi) = builtin.integer_bounds();
                let low = low
                    .or(natural_lo.and_then(|v| v.parse().ok()))
                    .unwrap_or(0.0);
                let high = high
                    .or(natural_hi.and_then(|v| v.parse().ok()))
                    .unwrap_or(low + 100.0);
                let digits = chain.iter().find_map(|f| f.total_digits);
                let mut value = match self.rng.u8(..3) {
                    0 => low,
                    1 => high,
                    _ => (low + (high - low) / 2.0).floor(),
                };
                if let Some(d) = digits {
                    let limit = 10f64.powi(d as i32) - 1.0;
                    value = value.clamp(-limit, limit);
                }
                if builtin.is_integer() {
                    format!("{}", value.round() as i128)
                } else {
                    format!("{value}")
                }
            }
            Family::Float | Family::Double => "1.5".to_owned(),
            Family::DateTime => "2024-05-06T07:08:09Z".to_owned(),
            Family::Date => "2024-05-06".to_owned(),
            Family::Time => "07:08:09".to_owned(),
            Family::HexBinary => {
                let octets = self.length(min_len, max_len, 1, 8);
                "0A".repeat(octets)
            }
            Family::Base64Binary => {
                let octets = self.length(min_len, max_len, 3, 12);
                base64_of_zeros(octets)
            }
        }
    }

    fn length(
        &mut self,
        min: Option<u64>,
        max: Option<u64>,
        default_min: u64,
        default_max: u64,
    ) -> usize {
        let min = min.unwrap_or(default_min);
        let max = max
            .unwrap_or(default_max.max(min))
            .min(min.max(default_max));
        usize::try_from(if max > min {
            min + self.rng.u64(..=(max - min).min(16))
        } else {
            min
        })
        .unwrap_or(0)
    }

    /// A string the regular expression matches.
    fn matching(&mut self, regex: &Regex) -> String {
        let mut out = String::new();
        self.write_regex(regex, &mut out);
        out
    }

    fn write_regex(&mut self, regex: &Regex, out: &mut String) {
        let branch = &regex.branches[self.rng.usize(..regex.branches.len())];
        for piece in &branch.pieces {
            let max = piece.max.unwrap_or(piece.min + 2).min(piece.min + 2);
            let n = if max > piece.min {
                piece.min + self.rng.u32(..=(max - piece.min))
            } else {
                piece.min
            };
            for _ in 0..n {
                match &piece.atom {
                    Atom::Char(c) => out.push(*c),
                    Atom::AnyChar => out.push('a'),
                    Atom::Group(inner) => self.write_regex(inner, out),
                    Atom::Class(class) => out.push(self.class_char(class)),
                }
            }
        }
    }

    fn class_char(&mut self, class: &CharClass) -> char {
        let candidates: Vec<char> = ('0'..='9')
            .chain('A'..='Z')
            .chain('a'..='z')
            .chain([' ', '-', '.', ':', '_'])
            .collect();
        let fits: Vec<char> = candidates
            .into_iter()
            .filter(|c| class_contains(class, *c))
            .collect();
        if fits.is_empty() {
            'a'
        } else {
            fits[self.rng.usize(..fits.len())]
        }
    }
}

fn class_contains(class: &CharClass, c: char) -> bool {
    match class {
        CharClass::Set { negated, items } => {
            let inside = items.iter().any(|item| match item {
                ClassItem::Range(a, b) => (*a..=*b).contains(&c),
                ClassItem::Escape(e) => escape_contains(e, c),
            });
            inside != *negated
        }
        CharClass::Subtract(from, minus) => class_contains(from, c) && !class_contains(minus, c),
        CharClass::Escape(e) => escape_contains(e, c),
    }
}

fn escape_contains(e: &ClassEscape, c: char) -> bool {
    match e {
        ClassEscape::Space { negated } => matches!(c, ' ' | '\t' | '\n' | '\r') != *negated,
        ClassEscape::Digit { negated } => c.is_ascii_digit() != *negated,
        ClassEscape::Word { negated } => c.is_alphanumeric() != *negated,
        ClassEscape::NameStart { negated } => {
            (c.is_alphabetic() || c == '_' || c == ':') != *negated
        }
        ClassEscape::NameChar { negated } => {
            (c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.')) != *negated
        }
        ClassEscape::Category { negated, .. } | ClassEscape::Block { negated, .. } => {
            c.is_ascii_alphanumeric() != *negated
        }
    }
}

fn base64_of_zeros(octets: usize) -> String {
    let full = "AAAA".repeat(octets / 3);
    match octets % 3 {
        1 => full + "AA==",
        2 => full + "AAA=",
        _ => full,
    }
}

/// The global elements of a set worth generating instances of, with how
/// many each: the DUIS roots many, the others a few.
pub fn plan(set: &SchemaSet, total: usize) -> Vec<(usize, usize)> {
    let weights: Vec<usize> = set
        .elements
        .iter()
        .map(|e| {
            match (
                e.name.ns.map(|n| set.namespace(n).prefix.as_str()),
                e.name.local.as_str(),
            ) {
                (Some("sr"), "Request") | (Some("sr"), "Response") => 20,
                (Some("sr"), _) | (Some("ra"), _) => 6,
                _ => 1,
            }
        })
        .collect();
    let sum: usize = weights.iter().sum();
    weights
        .iter()
        .enumerate()
        .map(|(i, w)| (i, (total * w / sum).max(1)))
        .collect()
}

/// Seeds generated for a version: `total` instances, spread over its global
/// elements.
pub fn seeds(set: &SchemaSet, total: usize, seed: u64) -> Vec<super::Seed> {
    let mut out = Vec::new();
    for (index, count) in plan(set, total) {
        let name = &set.elements[index].name;
        for k in 0..count {
            let doc = instance(
                set,
                index,
                seed.wrapping_mul(1_000_003)
                    .wrapping_add((index * 10_000 + k) as u64),
            );
            out.push(super::Seed {
                name: format!("generated {}#{k}", set.display_name(name)),
                text: doc.to_text(),
            });
        }
    }
    out
}
