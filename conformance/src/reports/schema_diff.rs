//! What differs between two versions' schemas, in terms of what the schemas
//! mean rather than how they are written: each named type and global element
//! is put in a canonical form (effective content, occurrence bounds, facets,
//! anonymous types inline, named types by name), and the forms are compared.
//! Writing `maxOccurs="1"` or not, reordering declarations, comments and
//! `schemaLocation`s are no differences; a new enumeration value, a new
//! optional element or a changed facet are.

use std::collections::BTreeMap;

use duis_codegen::model::{
    AttributeUse, ComplexType, Content, DerivationMethod, ElementDecl, Facets, MaxOccurs,
    NamespaceConstraint, Particle, ProcessContents, SchemaSet, SimpleRef, SimpleType, Term,
    TypeRef, WhiteSpace,
};
use similar::{ChangeTag, TextDiff};

/// A schema set in canonical form.
#[derive(Debug, Default)]
pub struct Canon {
    /// Named types (`sr:Name`): `simple type` or `complex type`, and the
    /// lines of their canonical form (enumeration values aside).
    pub types: BTreeMap<String, (&'static str, Vec<String>)>,
    /// Global elements (`sr:Request`): the lines of their canonical form.
    pub elements: BTreeMap<String, Vec<String>>,
    /// The enumeration of every simple type that has one, named
    /// (`sr:ResponseCode`) or anonymous (by where it is declared:
    /// `sr:Type/Element`, `sr:Type/@attribute`).
    pub enumerations: BTreeMap<String, Vec<String>>,
}

impl Canon {
    pub fn of(set: &SchemaSet) -> Canon {
        let writer = Writer { set };
        let mut canon = Canon::default();
        for st in &set.simple_types {
            let key = match &st.name {
                Some(name) => set.display_name(name),
                None => st.context.join("/"),
            };
            if let Some(name) = &st.name {
                canon.types.insert(
                    set.display_name(name),
                    ("simple type", writer.simple_lines(st)),
                );
            }
            if !st.facets.enumeration.is_empty() {
                let mut key = key;
                while canon.enumerations.contains_key(&key) {
                    key.push('\'');
                }
                canon
                    .enumerations
                    .insert(key, st.facets.enumeration.clone());
            }
        }
        for ct in &set.complex_types {
            if let Some(name) = &ct.name {
                let mut lines = Vec::new();
                writer.complex_lines(ct, 0, &mut lines);
                canon
                    .types
                    .insert(set.display_name(name), ("complex type", lines));
            }
        }
        for e in &set.elements {
            let mut lines = Vec::new();
            writer.element_lines(e, 0, "", &mut lines);
            canon.elements.insert(set.display_name(&e.name), lines);
        }
        canon
    }
}

struct Writer<'s> {
    set: &'s SchemaSet,
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn bounds(min: u32, max: MaxOccurs) -> String {
    format!("[{min}..{max}]")
}

impl Writer<'_> {
    fn simple_name(&self, r: SimpleRef) -> Option<String> {
        match r {
            SimpleRef::Builtin(b) => Some(format!("xs:{}", b.xsd_name())),
            SimpleRef::Declared(id) => self
                .set
                .simple(id)
                .name
                .as_ref()
                .map(|n| self.set.display_name(n)),
        }
    }

    fn type_name(&self, t: TypeRef) -> Option<String> {
        match t {
            TypeRef::Simple(s) => self.simple_name(s),
            TypeRef::Complex(id) => self
                .set
                .complex(id)
                .name
                .as_ref()
                .map(|n| self.set.display_name(n)),
        }
    }

    /// A simple type on one line: its base and its facets (the values of an
    /// enumeration are compared on their own).
    fn simple_summary(&self, st: &SimpleType) -> String {
        let base = match self.simple_name(st.base) {
            Some(name) => name,
            None => match st.base {
                SimpleRef::Declared(id) => {
                    format!("({})", self.simple_summary(self.set.simple(id)))
                }
                SimpleRef::Builtin(b) => format!("xs:{}", b.xsd_name()),
            },
        };
        let facets = facet_list(&st.facets);
        if facets.is_empty() {
            format!("restriction of {base}")
        } else {
            format!("restriction of {base}; {}", facets.join("; "))
        }
    }

    fn simple_lines(&self, st: &SimpleType) -> Vec<String> {
        vec![self.simple_summary(st)]
    }

    /// How a simple type is referred to: by name, or inline when anonymous.
    fn simple_ref(&self, r: SimpleRef) -> String {
        match self.simple_name(r) {
            Some(name) => name,
            None => match r {
                SimpleRef::Declared(id) => {
                    format!("({})", self.simple_summary(self.set.simple(id)))
                }
                SimpleRef::Builtin(b) => format!("xs:{}", b.xsd_name()),
            },
        }
    }

    fn complex_lines(&self, ct: &ComplexType, depth: usize, out: &mut Vec<String>) {
        let pad = indent(depth);
        if ct.is_abstract {
            out.push(format!("{pad}abstract"));
        }
        if ct.mixed {
            out.push(format!("{pad}mixed"));
        }
        if let Some(d) = &ct.derivation {
            let how = match d.method {
                DerivationMethod::Extension => "extension",
                DerivationMethod::Restriction => "restriction",
            };
            let base = self
                .type_name(d.base)
                .unwrap_or_else(|| "an anonymous type".to_owned());
            out.push(format!("{pad}{how} of {base}"));
        }
        let mut attributes: Vec<&AttributeUse> = ct.attributes.iter().collect();
        attributes.sort_by_key(|a| self.set.display_name(&a.name));
        for a in attributes {
            out.push(format!("{pad}{}", self.attribute(a)));
        }
        match &ct.content {
            Content::Empty => out.push(format!("{pad}empty")),
            Content::Simple(s) => out.push(format!("{pad}text: {}", self.simple_ref(*s))),
            Content::Elements(p) => self.particle_lines(p, depth, out),
        }
    }

    fn attribute(&self, a: &AttributeUse) -> String {
        let mut line = format!(
            "@{}: {} {}",
            self.set.display_name(&a.name),
            self.simple_ref(a.ty),
            if a.required { "required" } else { "optional" }
        );
        if let Some(d) = &a.default {
            line.push_str(&format!(" default={d:?}"));
        }
        if let Some(f) = &a.fixed {
            line.push_str(&format!(" fixed={f:?}"));
        }
        line
    }

    fn particle_lines(&self, p: &Particle, depth: usize, out: &mut Vec<String>) {
        let pad = indent(depth);
        match &p.term {
            Term::Element(e) => self.element_lines(e, depth, &bounds(p.min, p.max), out),
            Term::Sequence(items) | Term::Choice(items) => {
                let kind = if matches!(p.term, Term::Sequence(_)) {
                    "sequence"
                } else {
                    "choice"
                };
                out.push(format!("{pad}{kind} {}", bounds(p.min, p.max)));
                for item in items {
                    self.particle_lines(item, depth + 1, out);
                }
            }
            Term::Any(w) => {
                let namespaces = match &w.namespaces {
                    NamespaceConstraint::Any => "##any".to_owned(),
                    NamespaceConstraint::Other(_) => "##other".to_owned(),
                    NamespaceConstraint::List(list) => list
                        .iter()
                        .map(|n| n.clone().unwrap_or_else(|| "##local".to_owned()))
                        .collect::<Vec<_>>()
                        .join(" "),
                };
                let process = match w.process {
                    ProcessContents::Strict => "strict",
                    ProcessContents::Lax => "lax",
                    ProcessContents::Skip => "skip",
                };
                out.push(format!(
                    "{pad}any {namespaces} ({process}) {}",
                    bounds(p.min, p.max)
                ));
            }
        }
    }

    /// An element: its line, then its anonymous type's lines indented.
    /// `occurs` is the element's bounds (`[0..1]`), empty for a global element.
    fn element_lines(&self, e: &ElementDecl, depth: usize, occurs: &str, out: &mut Vec<String>) {
        let pad = indent(depth);
        let name = self.set.display_name(&e.name);
        let mut flags = String::new();
        if e.nillable {
            flags.push_str(" nillable");
        }
        if e.is_abstract {
            flags.push_str(" abstract");
        }
        if let Some(d) = &e.default {
            flags.push_str(&format!(" default={d:?}"));
        }
        if let Some(f) = &e.fixed {
            flags.push_str(&format!(" fixed={f:?}"));
        }
        if !occurs.is_empty() {
            flags.push(' ');
            flags.push_str(occurs);
        }
        if !occurs.is_empty()
            && let Some(g) = e.global
        {
            let target = self.set.display_name(&self.set.elements[g].name);
            out.push(format!("{pad}element ref {target}{flags}"));
            return;
        }
        match self.type_name(e.ty) {
            Some(ty) => out.push(format!("{pad}element {name}: {ty}{flags}")),
            None => match e.ty {
                TypeRef::Simple(s) => {
                    out.push(format!(
                        "{pad}element {name}: {}{flags}",
                        self.simple_ref(s)
                    ));
                }
                TypeRef::Complex(id) => {
                    out.push(format!(
                        "{pad}element {name}: anonymous complex type{flags}"
                    ));
                    self.complex_lines(self.set.complex(id), depth + 1, out);
                }
            },
        }
    }
}

fn facet_list(f: &Facets) -> Vec<String> {
    let mut out = Vec::new();
    if !f.enumeration.is_empty() {
        out.push("enumeration".to_owned());
    }
    for p in &f.patterns {
        out.push(format!("pattern {}", p.source));
    }
    let numbers = [
        ("length", f.length),
        ("minLength", f.min_length),
        ("maxLength", f.max_length),
    ];
    for (name, value) in numbers {
        if let Some(v) = value {
            out.push(format!("{name} {v}"));
        }
    }
    let bounds = [
        ("minInclusive", &f.min_inclusive),
        ("minExclusive", &f.min_exclusive),
        ("maxInclusive", &f.max_inclusive),
        ("maxExclusive", &f.max_exclusive),
    ];
    for (name, value) in bounds {
        if let Some(v) = value {
            out.push(format!("{name} {v}"));
        }
    }
    if let Some(v) = f.total_digits {
        out.push(format!("totalDigits {v}"));
    }
    if let Some(v) = f.fraction_digits {
        out.push(format!("fractionDigits {v}"));
    }
    if let Some(w) = f.white_space {
        out.push(format!(
            "whiteSpace {}",
            match w {
                WhiteSpace::Preserve => "preserve",
                WhiteSpace::Replace => "replace",
                WhiteSpace::Collapse => "collapse",
            }
        ));
    }
    out
}

/// What differs between two canonical schema sets.
#[derive(Debug, Default)]
pub struct SchemaDiff {
    pub types_added: Vec<(String, &'static str)>,
    pub types_removed: Vec<(String, &'static str)>,
    /// Named types whose form changed: the name and a diff of the forms.
    pub types_changed: Vec<(String, String)>,
    pub elements_added: Vec<String>,
    pub elements_removed: Vec<String>,
    pub elements_changed: Vec<(String, String)>,
    /// Element declarations added (`+`), removed (`-`) or changed (`~`)
    /// inside named types and global elements: the owner and the element's
    /// line (`before → after` for a change).
    pub element_declarations: Vec<(char, String, String)>,
    /// Enumerations: `(where, values added, values removed)`, and whole
    /// enumerations added or removed (with their types).
    pub enumerations: Vec<(String, Vec<String>, Vec<String>)>,
}

impl SchemaDiff {
    pub fn between(a: &Canon, b: &Canon) -> SchemaDiff {
        let mut diff = SchemaDiff::default();
        for (name, (kind, lines)) in &b.types {
            match a.types.get(name) {
                None => diff.types_added.push((name.clone(), kind)),
                Some((_, old)) if old != lines => {
                    diff.note_declarations(name, old, lines);
                    diff.types_changed
                        .push((name.clone(), line_diff(old, lines)));
                }
                Some(_) => {}
            }
        }
        for (name, (kind, _)) in &a.types {
            if !b.types.contains_key(name) {
                diff.types_removed.push((name.clone(), kind));
            }
        }
        for (name, lines) in &b.elements {
            match a.elements.get(name) {
                None => diff.elements_added.push(name.clone()),
                Some(old) if old != lines => {
                    diff.note_declarations(name, old, lines);
                    diff.elements_changed
                        .push((name.clone(), line_diff(old, lines)));
                }
                Some(_) => {}
            }
        }
        for name in a.elements.keys() {
            if !b.elements.contains_key(name) {
                diff.elements_removed.push(name.clone());
            }
        }
        let empty = Vec::new();
        let keys: std::collections::BTreeSet<&String> =
            a.enumerations.keys().chain(b.enumerations.keys()).collect();
        for key in keys {
            let old = a.enumerations.get(key).unwrap_or(&empty);
            let new = b.enumerations.get(key).unwrap_or(&empty);
            let added: Vec<String> = new.iter().filter(|v| !old.contains(v)).cloned().collect();
            let removed: Vec<String> = old.iter().filter(|v| !new.contains(v)).cloned().collect();
            if !added.is_empty() || !removed.is_empty() {
                diff.enumerations.push((key.clone(), added, removed));
            }
        }
        diff
    }

    /// The element declarations of an owner that are new, gone or changed
    /// (by name: moving a declaration into a nested group is none of these;
    /// its bounds or type changing is a change).
    fn note_declarations(&mut self, owner: &str, old: &[String], new: &[String]) {
        let declarations = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .map(|l| l.trim())
                .filter(|l| l.starts_with("element "))
                .map(str::to_owned)
                .collect()
        };
        let (old, new) = (declarations(old), declarations(new));
        let mut gone: Vec<&String> = old.iter().collect();
        let mut came = Vec::new();
        for line in &new {
            match gone.iter().position(|o| *o == line) {
                Some(at) => {
                    gone.remove(at);
                }
                None => came.push(line),
            }
        }
        let name = |line: &str| line.split(": ").next().unwrap_or(line).to_owned();
        for line in came {
            match gone.iter().position(|o| name(o) == name(line)) {
                Some(at) => {
                    let before = gone.remove(at);
                    self.element_declarations.push((
                        '~',
                        owner.to_owned(),
                        format!(
                            "{before} → {}",
                            line.strip_prefix("element ").unwrap_or(line)
                        ),
                    ));
                }
                None => self
                    .element_declarations
                    .push(('+', owner.to_owned(), line.clone())),
            }
        }
        for line in gone {
            self.element_declarations
                .push(('-', owner.to_owned(), line.clone()));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.types_added.is_empty()
            && self.types_removed.is_empty()
            && self.types_changed.is_empty()
            && self.elements_added.is_empty()
            && self.elements_removed.is_empty()
            && self.elements_changed.is_empty()
            && self.enumerations.is_empty()
    }
}

fn strs(lines: &[String]) -> Vec<&str> {
    lines.iter().map(String::as_str).collect()
}

/// The changed lines of two forms, with two lines of context, `-`/`+`/` `.
fn line_diff(old: &[String], new: &[String]) -> String {
    let (old, new) = (strs(old), strs(new));
    let text = TextDiff::from_slices(&old, &new);
    let mut out = String::new();
    for group in text.grouped_ops(2) {
        if !out.is_empty() {
            out.push_str("  …\n");
        }
        for op in group {
            for change in text.iter_changes(&op) {
                let sign = match change.tag() {
                    ChangeTag::Insert => '+',
                    ChangeTag::Delete => '-',
                    ChangeTag::Equal => ' ',
                };
                out.push(sign);
                out.push(' ');
                out.push_str(change.value());
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(xsd: &str) -> Canon {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("s.xsd"), xsd).expect("write");
        let set = duis_codegen::xsd::read_schema_set(dir.path(), "s.xsd").expect("schema");
        Canon::of(&set)
    }

    const HEAD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">"#;

    #[test]
    fn writing_bounds_differently_is_no_difference() {
        let a = canon(&format!(
            r#"{HEAD}<xs:complexType name="T"><xs:sequence><xs:element name="A" type="xs:string" maxOccurs="1"/></xs:sequence></xs:complexType></xs:schema>"#
        ));
        let b = canon(&format!(
            r#"{HEAD}

            <xs:complexType name="T"><xs:sequence minOccurs="1"><xs:element name="A" type="xs:string"/></xs:sequence></xs:complexType></xs:schema>"#
        ));
        let diff = SchemaDiff::between(&a, &b);
        assert!(diff.is_empty(), "{diff:?}");
    }

    #[test]
    fn new_values_elements_and_types_are_differences() {
        let a = canon(&format!(
            r#"{HEAD}<xs:simpleType name="E"><xs:restriction base="xs:string"><xs:enumeration value="x"/></xs:restriction></xs:simpleType>
            <xs:complexType name="T"><xs:sequence><xs:element name="A" type="t:E"/></xs:sequence></xs:complexType>
            <xs:element name="R" type="t:T"/></xs:schema>"#
        ));
        let b = canon(&format!(
            r#"{HEAD}<xs:simpleType name="E"><xs:restriction base="xs:string"><xs:enumeration value="x"/><xs:enumeration value="y"/></xs:restriction></xs:simpleType>
            <xs:simpleType name="F"><xs:restriction base="xs:string"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
            <xs:complexType name="T"><xs:sequence><xs:element name="A" type="t:E"/><xs:element name="B" type="t:F" minOccurs="0"/></xs:sequence></xs:complexType>
            <xs:element name="R" type="t:T"/></xs:schema>"#
        ));
        let diff = SchemaDiff::between(&a, &b);
        assert_eq!(diff.types_added, vec![("t:F".to_owned(), "simple type")]);
        assert_eq!(
            diff.enumerations,
            vec![("t:E".to_owned(), vec!["y".to_owned()], vec![])]
        );
        assert_eq!(diff.types_changed.len(), 1, "{diff:?}");
        assert_eq!(
            diff.element_declarations,
            vec![('+', "t:T".to_owned(), "element t:B: t:F [0..1]".to_owned())]
        );
        assert!(diff.elements_changed.is_empty() && diff.elements_added.is_empty());
    }
}
