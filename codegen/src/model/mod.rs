//! The resolved schema model: what a schema set declares, independent of how it
//! was read (see `xsd`) and of what is made from it (see `emit`).
//!
//! Every reference is resolved to an index, every derivation is applied (the
//! content and attributes of a complex type are its *effective* ones), and every
//! component remembers where it was declared so that later stages can report
//! problems with a location.

mod builtin;
pub mod regex;

pub use builtin::{Builtin, Family};

use std::fmt;

/// A resolved schema set: one DUIS version (DUIS schema, MMC schema, xmldsig).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaSet {
    /// Target namespaces of the schema documents, in the order they were first met.
    pub namespaces: Vec<Namespace>,
    /// Every schema document read, in the order it was read.
    pub files: Vec<SourceFile>,
    pub simple_types: Vec<SimpleType>,
    pub complex_types: Vec<ComplexType>,
    /// Global element declarations, in document order.
    pub elements: Vec<ElementDecl>,
}

/// A target namespace and the prefix the schema documents use for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    pub uri: String,
    pub prefix: String,
}

/// A schema document that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file name, as found in the schema folder.
    pub name: String,
    pub target_namespace: Option<NsId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NsId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SimpleId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ComplexId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// Where a component was declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
}

/// A qualified name: a namespace (none for unqualified names) and a local name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QName {
    pub ns: Option<NsId>,
    pub local: String,
}

/// A reference to a simple type: built in, or declared in the schema set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimpleRef {
    Builtin(Builtin),
    Declared(SimpleId),
}

/// A reference to any type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Simple(SimpleRef),
    Complex(ComplexId),
}

/// Where an anonymous type was declared, outermost first: the named type or
/// global element that holds it, then the local element or attribute names.
pub type Context = Vec<String>;

/// A simple type declared by restriction of a built-in or declared simple type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleType {
    /// `None` for an anonymous type.
    pub name: Option<QName>,
    /// For an anonymous type: where it was declared.
    pub context: Context,
    pub base: SimpleRef,
    /// The built-in type at the root of the derivation chain.
    pub builtin: Builtin,
    /// The facets of this restriction step only (the base's apply as well).
    pub facets: Facets,
    pub location: Location,
}

/// The constraining facets of one restriction step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// Enumeration values, as written in the schema.
    pub enumeration: Vec<String>,
    /// Patterns of this step: a value must match at least one of them.
    pub patterns: Vec<Pattern>,
    pub length: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_inclusive: Option<String>,
    pub min_exclusive: Option<String>,
    pub max_inclusive: Option<String>,
    pub max_exclusive: Option<String>,
    pub total_digits: Option<u32>,
    pub fraction_digits: Option<u32>,
    pub white_space: Option<WhiteSpace>,
}

impl Facets {
    pub fn is_empty(&self) -> bool {
        self == &Facets::default()
    }
}

/// An XSD pattern facet: its source text and the parsed regular expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub source: String,
    pub regex: regex::Regex,
}

/// The `whiteSpace` facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WhiteSpace {
    Preserve,
    Replace,
    Collapse,
}

/// A complex type, with derivations applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexType {
    pub name: Option<QName>,
    pub context: Context,
    pub is_abstract: bool,
    pub mixed: bool,
    /// The type this one was derived from, and how (for documentation).
    pub derivation: Option<Derivation>,
    /// Effective attribute uses: inherited ones first, then this type's own.
    pub attributes: Vec<AttributeUse>,
    /// Effective content.
    pub content: Content,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    pub method: DerivationMethod,
    pub base: TypeRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivationMethod {
    Extension,
    Restriction,
}

/// What a complex type holds between its tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// No children and no text.
    Empty,
    /// Character data of a simple type.
    Simple(SimpleRef),
    /// Child elements (with text too when the type is mixed).
    Elements(Particle),
}

/// A particle: a term with occurrence bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Particle {
    pub min: u32,
    pub max: MaxOccurs,
    pub term: Term,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MaxOccurs {
    Bounded(u32),
    Unbounded,
}

impl MaxOccurs {
    pub fn is_one(self) -> bool {
        self == MaxOccurs::Bounded(1)
    }
}

impl fmt::Display for MaxOccurs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MaxOccurs::Bounded(n) => write!(f, "{n}"),
            MaxOccurs::Unbounded => f.write_str("unbounded"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Element(ElementDecl),
    Sequence(Vec<Particle>),
    Choice(Vec<Particle>),
    Any(Wildcard),
}

/// An element declaration, global or local.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementDecl {
    pub name: QName,
    pub ty: TypeRef,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub nillable: bool,
    pub is_abstract: bool,
    /// For a reference to a global element (`ref="..."`): which one.
    pub global: Option<usize>,
    pub location: Location,
}

/// An `xs:any` wildcard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wildcard {
    pub namespaces: NamespaceConstraint,
    pub process: ProcessContents,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamespaceConstraint {
    /// `##any`
    Any,
    /// `##other`: any namespace except this one (the schema's target namespace),
    /// and not unqualified names.
    Other(Option<String>),
    /// An explicit list; `None` stands for `##local` (unqualified names).
    List(Vec<Option<String>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcessContents {
    Strict,
    Lax,
    Skip,
}

/// An attribute use on a complex type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeUse {
    pub name: QName,
    pub ty: SimpleRef,
    pub required: bool,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub location: Location,
}

impl SchemaSet {
    pub fn simple(&self, id: SimpleId) -> &SimpleType {
        &self.simple_types[id.0]
    }

    pub fn complex(&self, id: ComplexId) -> &ComplexType {
        &self.complex_types[id.0]
    }

    pub fn namespace(&self, id: NsId) -> &Namespace {
        &self.namespaces[id.0]
    }

    /// `prefix:local` for a name, with the schema's own prefix.
    pub fn display_name(&self, name: &QName) -> String {
        match name.ns {
            Some(ns) => format!("{}:{}", self.namespace(ns).prefix, name.local),
            None => name.local.clone(),
        }
    }

    /// The built-in type at the root of a simple type's derivation.
    pub fn builtin_of(&self, ty: SimpleRef) -> Builtin {
        match ty {
            SimpleRef::Builtin(b) => b,
            SimpleRef::Declared(id) => self.simple(id).builtin,
        }
    }

    /// The facets that apply to a simple type, innermost restriction step first.
    pub fn facet_chain(&self, ty: SimpleRef) -> Vec<&Facets> {
        let mut chain = Vec::new();
        let mut cursor = ty;
        while let SimpleRef::Declared(id) = cursor {
            let st = self.simple(id);
            chain.push(&st.facets);
            cursor = st.base;
        }
        chain
    }

    /// The enumeration in force for a simple type: that of the most derived step
    /// that has one.
    pub fn enumeration(&self, ty: SimpleRef) -> Option<&[String]> {
        self.facet_chain(ty)
            .into_iter()
            .find(|f| !f.enumeration.is_empty())
            .map(|f| f.enumeration.as_slice())
    }

    /// The whitespace handling in force for a simple type.
    pub fn white_space(&self, ty: SimpleRef) -> WhiteSpace {
        self.facet_chain(ty)
            .into_iter()
            .find_map(|f| f.white_space)
            .unwrap_or_else(|| self.builtin_of(ty).white_space())
    }

    /// Index of the global element with this name.
    pub fn global_element(&self, name: &QName) -> Option<usize> {
        self.elements.iter().position(|e| &e.name == name)
    }
}

impl Particle {
    /// Whether the particle can match no element at all.
    pub fn is_nullable(&self) -> bool {
        self.min == 0 || self.term.is_nullable()
    }
}

impl Term {
    pub fn is_nullable(&self) -> bool {
        match self {
            Term::Element(_) | Term::Any(_) => false,
            Term::Sequence(items) => items.iter().all(Particle::is_nullable),
            Term::Choice(items) => items.is_empty() || items.iter().any(Particle::is_nullable),
        }
    }
}
