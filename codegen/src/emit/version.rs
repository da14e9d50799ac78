//! Emits the items of one DUIS version: one Rust type (with its impls) per
//! XSD type, per nested model group and per global element that needs one.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::EmitError;
use super::docs::Docs;
use super::ident::{self, Scope};
use super::item::{Item, ItemKey, Use};
use super::simple::SimplePlan;
use crate::model::{
    Builtin, ComplexId, ComplexType, Content, ElementDecl, Location, MaxOccurs,
    NamespaceConstraint, NsId, Particle, ProcessContents, QName, SchemaSet, SimpleId, SimpleRef,
    Term, TypeRef, Wildcard,
};

/// One version, as the emitter is given it.
pub struct VersionInput<'a> {
    /// The version id of the spec, e.g. `5.4`.
    pub id: &'a str,
    /// The Rust module, e.g. `v5_4`.
    pub module: &'a str,
    /// The value of `schemaVersion` in this version's messages.
    pub schema_version: &'a str,
    pub set: &'a SchemaSet,
    /// For a draft version (a published one with a schema patch): its base.
    pub draft_of: Option<&'a str>,
    /// The spec's view of the version, for its DSP validators (none: no validators).
    pub dsp: Option<&'a crate::spec::view::VersionView<'a>>,
}

/// The namespaces of all versions, in one table shared by the whole crate.
pub struct NsTable {
    pub uris: Vec<String>,
    pub prefixes: Vec<String>,
}

impl NsTable {
    pub fn index(&self, uri: &str) -> usize {
        self.uris
            .iter()
            .position(|u| u == uri)
            .expect("every namespace of every version is in the table")
    }

    pub fn const_name(&self, index: usize) -> String {
        self.prefixes[index].to_uppercase()
    }
}

/// Makes an identifier (raw for keywords written `r#…`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

fn doc_attr(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for line in lines {
        let text = format!(" {line}");
        out.extend(quote!(#[doc = #text]));
    }
    out
}

/// The Rust name of a simple type: an item, or (for anonymous types without
/// facets) just the base's type.
#[derive(Debug, Clone)]
enum SimpleName {
    Item(ItemKey),
    Inline(SimpleRef),
}

/// A field of a struct being emitted.
struct Field {
    name: String,
    ty: TokenStream,
    decode: TokenStream,
    encode: TokenStream,
    doc: Vec<String>,
}

/// How a term occurs: once, optionally, or repeatedly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurs {
    One,
    Optional,
    Many(u32, u32),
}

fn occurs(min: u32, max: MaxOccurs) -> Occurs {
    match (min, max) {
        (1, MaxOccurs::Bounded(1)) => Occurs::One,
        (0, MaxOccurs::Bounded(1)) => Occurs::Optional,
        (min, MaxOccurs::Bounded(max)) => Occurs::Many(min, max),
        (min, MaxOccurs::Unbounded) => Occurs::Many(min, u32::MAX),
    }
}

fn wrap(ty: TokenStream, occurs: Occurs) -> TokenStream {
    match occurs {
        Occurs::One => ty,
        Occurs::Optional => quote!(Option<#ty>),
        Occurs::Many(..) => quote!(Vec<#ty>),
    }
}

fn count_literal(n: u32) -> TokenStream {
    let lit = Literal::u32_unsuffixed(n);
    quote!(#lit)
}

fn max_literal(max: u32) -> TokenStream {
    if max == u32::MAX {
        quote!(u32::MAX)
    } else {
        let lit = Literal::u32_unsuffixed(max);
        quote!(#lit)
    }
}

/// How a complex type appears in Rust, for code that reads its fields (the
/// DSP validators): a struct's fields, or an enum's variants.
#[derive(Debug, Clone)]
pub enum Shape {
    Struct {
        fields: Vec<ShapeField>,
    },
    Choice {
        key: ItemKey,
        variants: Vec<ShapeVariant>,
    },
}

/// A struct field and what it holds.
#[derive(Debug, Clone)]
pub struct ShapeField {
    pub name: String,
    pub kind: FieldKind,
}

#[derive(Debug, Clone)]
pub enum FieldKind {
    /// A child element.
    Element {
        local: String,
        occurs: Occurs,
        ty: TypeRef,
    },
    /// A choice between elements, as an enum.
    Choice {
        key: ItemKey,
        occurs: Occurs,
        variants: Vec<ShapeVariant>,
    },
    /// An attribute, a value, a group or a wildcard.
    Other,
}

/// A variant of a choice enum.
#[derive(Debug, Clone)]
pub struct ShapeVariant {
    /// The element's local name (`None` for groups and wildcards).
    pub local: Option<String>,
    pub variant: String,
    pub occurs: Occurs,
    pub ty: Option<TypeRef>,
}

/// One entry of a FIRST set: an element name or a wildcard.
#[derive(Clone)]
enum First {
    Element(Option<NsId>, String),
    Any(Wildcard),
}

pub struct VersionEmitter<'a> {
    pub input: &'a VersionInput<'a>,
    set: &'a SchemaSet,
    pub(super) namespaces: &'a NsTable,
    docs: &'a dyn Docs,
    scopes: BTreeMap<String, Scope>,
    simple_names: Vec<SimpleName>,
    complex_names: Vec<ItemKey>,
    /// Per global element: the type that carries `from_xml`, and whether it
    /// is a wrapper made for the element.
    element_names: Vec<(ItemKey, bool)>,
    pub items: Vec<Item>,
    /// Namespaces a version module file needs, and other imports, per item
    /// being built.
    uses: BTreeSet<Use>,
    deps: BTreeSet<ItemKey>,
    current_module: String,
    /// How each complex type appears in Rust.
    pub shapes: BTreeMap<ComplexId, Shape>,
    /// The fields of the struct being emitted, and the variants of the last
    /// choice enum emitted.
    shape_fields: Vec<ShapeField>,
    last_variants: Vec<ShapeVariant>,
    last_choice_key: Option<ItemKey>,
}

impl<'a> VersionEmitter<'a> {
    pub fn new(input: &'a VersionInput<'a>, namespaces: &'a NsTable, docs: &'a dyn Docs) -> Self {
        VersionEmitter {
            input,
            set: input.set,
            namespaces,
            docs,
            scopes: BTreeMap::new(),
            simple_names: Vec::new(),
            complex_names: Vec::new(),
            element_names: Vec::new(),
            items: Vec::new(),
            uses: BTreeSet::new(),
            deps: BTreeSet::new(),
            current_module: String::new(),
            shapes: BTreeMap::new(),
            shape_fields: Vec::new(),
            last_variants: Vec::new(),
            last_choice_key: None,
        }
    }

    /// The Rust name of a complex type.
    pub fn complex_key(&self, id: ComplexId) -> &ItemKey {
        &self.complex_names[id.0]
    }

    pub fn schema_set(&self) -> &'a SchemaSet {
        self.set
    }

    /// The path, from a sibling module of the version (`super::sr::X`), of a
    /// declared simple type with a name of its own.
    pub fn simple_type_path(&self, ty: SimpleRef) -> TokenStream {
        match ty {
            SimpleRef::Declared(id) => match &self.simple_names[id.0] {
                SimpleName::Item(key) => {
                    let module = ident(&key.module);
                    let name = ident(&key.name);
                    quote!(super::#module::#name)
                }
                SimpleName::Inline(base) => self.simple_type_path(*base),
            },
            SimpleRef::Builtin(_) => quote!(String),
        }
    }

    fn error(&self, location: Location, message: impl Into<String>) -> EmitError {
        EmitError {
            version: self.input.id.to_owned(),
            file: self.set.files[location.file.0].name.clone(),
            line: location.line,
            column: location.column,
            message: message.into(),
        }
    }

    pub fn module_of(&self, ns: Option<NsId>) -> String {
        match ns {
            Some(ns) => ident::snake(&self.set.namespace(ns).prefix),
            None => "local".to_owned(),
        }
    }

    fn module_of_location(&self, location: Location) -> String {
        self.module_of(self.set.files[location.file.0].target_namespace)
    }

    fn claim(&mut self, module: &str, name: String) -> ItemKey {
        let scope = self.scopes.entry(module.to_owned()).or_default();
        ItemKey {
            module: module.to_owned(),
            name: scope.claim(name),
        }
    }

    fn context_name(context: &[String]) -> String {
        context.iter().map(|c| ident::camel(c)).collect::<String>()
    }

    /// Gives every type and global element its Rust name.
    pub fn assign_names(&mut self) {
        let set = self.set;
        // Named types first, so that they keep their schema names.
        let mut simple: Vec<Option<SimpleName>> = vec![None; set.simple_types.len()];
        let mut complex: Vec<Option<ItemKey>> = vec![None; set.complex_types.len()];
        for (i, st) in set.simple_types.iter().enumerate() {
            if let Some(name) = &st.name {
                let module = self.module_of(name.ns);
                simple[i] = Some(SimpleName::Item(
                    self.claim(&module, ident::camel(&name.local)),
                ));
            }
        }
        for (i, ct) in set.complex_types.iter().enumerate() {
            if let Some(name) = &ct.name {
                let module = self.module_of(name.ns);
                complex[i] = Some(self.claim(&module, ident::camel(&name.local)));
            }
        }
        for (i, ct) in set.complex_types.iter().enumerate() {
            if ct.name.is_none() {
                let module = self.module_of_location(ct.location);
                complex[i] = Some(self.claim(&module, Self::context_name(&ct.context)));
            }
        }
        for (i, st) in set.simple_types.iter().enumerate() {
            if st.name.is_none() {
                simple[i] = Some(if st.facets.is_empty() {
                    SimpleName::Inline(st.base)
                } else {
                    let module = self.module_of_location(st.location);
                    SimpleName::Item(self.claim(&module, Self::context_name(&st.context)))
                });
            }
        }
        self.simple_names = simple
            .into_iter()
            .map(|s| s.expect("named above"))
            .collect();
        self.complex_names = complex
            .into_iter()
            .map(|c| c.expect("named above"))
            .collect();
        for element in &set.elements {
            let module = self.module_of(element.name.ns);
            let same_named = match element.ty {
                TypeRef::Complex(id) => {
                    let key = &self.complex_names[id.0];
                    (key.module == module && key.name == ident::camel(&element.name.local))
                        .then(|| key.clone())
                }
                TypeRef::Simple(_) => None,
            };
            let entry = match same_named {
                Some(key) => (key, false),
                None => {
                    let key = self.claim(&module, ident::camel(&element.name.local));
                    (key, true)
                }
            };
            self.element_names.push(entry);
        }
    }

    // ----- references ------------------------------------------------------------------------

    pub fn use_item(&mut self, u: Use) {
        self.uses.insert(u);
    }

    pub fn use_xs(&mut self) {
        self.use_item(Use::Xs);
    }

    fn item_path(&mut self, key: &ItemKey) -> TokenStream {
        self.deps.insert(key.clone());
        let name = ident(&key.name);
        if key.module == self.current_module {
            quote!(#name)
        } else {
            let module = ident(&key.module);
            quote!(super::#module::#name)
        }
    }

    fn ns_tokens(&mut self, ns: Option<NsId>) -> TokenStream {
        match ns {
            None => {
                self.use_item(Use::NoNamespace);
                quote!(NONE)
            }
            Some(ns) => {
                let index = self.namespaces.index(&self.set.namespace(ns).uri);
                self.use_item(Use::Namespace(index));
                let name = ident(&self.namespaces.const_name(index));
                quote!(#name)
            }
        }
    }

    pub fn builtin_type(&mut self, builtin: Builtin) -> TokenStream {
        match rust_builtin(builtin) {
            RustBuiltin::Primitive(name) => {
                let name = ident(name);
                quote!(#name)
            }
            RustBuiltin::Value(name) => {
                self.use_xs();
                let name = ident(name);
                quote!(xs::#name)
            }
        }
    }

    pub fn simple_type_tokens(&mut self, ty: SimpleRef) -> TokenStream {
        match ty {
            SimpleRef::Builtin(b) => self.builtin_type(b),
            SimpleRef::Declared(id) => match self.simple_names[id.0].clone() {
                SimpleName::Item(key) => self.item_path(&key),
                SimpleName::Inline(base) => self.simple_type_tokens(base),
            },
        }
    }

    fn type_tokens(&mut self, ty: TypeRef) -> TokenStream {
        match ty {
            TypeRef::Simple(s) => self.simple_type_tokens(s),
            TypeRef::Complex(id) => {
                let key = self.complex_names[id.0].clone();
                self.item_path(&key)
            }
        }
    }

    /// The `XSD_TYPE` constant of a type's `SimpleValue` or `Content` impl:
    /// its name in the schema, which `xsi:type` may give (none for an
    /// anonymous type).
    pub fn xsd_type_const(&mut self, name: &Option<QName>) -> TokenStream {
        match name {
            Some(name) => {
                let ns = self.ns_tokens(name.ns);
                let local = &name.local;
                quote!(const XSD_TYPE: Option<rt::TypeName> = Some(rt::TypeName::new(#ns, #local));)
            }
            None => TokenStream::new(),
        }
    }

    fn display(&self, name: &QName) -> String {
        self.set.display_name(name)
    }

    // ----- items -----------------------------------------------------------------------------

    fn begin_item(&mut self, key: &ItemKey) {
        self.current_module = key.module.clone();
        self.uses.clear();
        self.deps.clear();
    }

    fn finish_item(&mut self, key: ItemKey, tokens: TokenStream) {
        let mut deps = std::mem::take(&mut self.deps);
        deps.remove(&key);
        self.items.push(Item {
            key,
            tokens,
            deps,
            uses: std::mem::take(&mut self.uses),
        });
    }

    /// Emits every item of the version.
    pub fn emit_all(&mut self) -> Result<(), EmitError> {
        let set = self.set;
        for i in 0..set.simple_types.len() {
            if let SimpleName::Item(key) = self.simple_names[i].clone() {
                self.begin_item(&key);
                let tokens = self.simple_item(SimpleId(i), &key)?;
                self.finish_item(key, tokens);
            }
        }
        for i in 0..set.complex_types.len() {
            let key = self.complex_names[i].clone();
            self.begin_item(&key);
            let mut tokens = self.complex_item(ComplexId(i), &key)?;
            for (e, element) in set.elements.iter().enumerate() {
                let (element_key, wrapper) = &self.element_names[e];
                if !wrapper && element_key == &key {
                    tokens.extend(self.document_impl(element, &key));
                }
            }
            self.finish_item(key, tokens);
        }
        for (e, element) in set.elements.iter().enumerate() {
            let (key, wrapper) = self.element_names[e].clone();
            if wrapper {
                self.begin_item(&key);
                let tokens = self.element_wrapper(element, &key)?;
                self.finish_item(key, tokens);
            }
        }
        Ok(())
    }

    fn type_doc(&self, name: &Option<QName>, context: &[String], kind: &str) -> Vec<String> {
        match name {
            Some(name) => vec![format!("XSD {kind} `{}`.", self.display(name))],
            None => vec![format!("Anonymous XSD {kind} of `{}`.", context.join("/"))],
        }
    }

    // ----- simple types ----------------------------------------------------------------------

    fn simple_item(&mut self, id: SimpleId, key: &ItemKey) -> Result<TokenStream, EmitError> {
        let st = self.set.simple(id).clone();
        let doc = self.type_doc(&st.name, &st.context, "simple type");
        let plan = SimplePlan::new(self.set, SimpleRef::Declared(id))
            .map_err(|m| self.error(st.location, m))?;
        let type_name = match &st.name {
            Some(name) => self.display(name),
            None => st.context.join("/"),
        };
        if let Some(values) = self.set.enumeration(SimpleRef::Declared(id)) {
            let values = values.to_vec();
            self.enum_item(key, &st.name, &type_name, &plan, &values, doc)
                .map_err(|m| self.error(st.location, m))
        } else {
            let xsd_type = self.xsd_type_const(&st.name);
            plan.newtype_item(self, key, &type_name, xsd_type, doc)
                .map_err(|m| self.error(st.location, m))
        }
    }

    fn enum_item(
        &mut self,
        key: &ItemKey,
        qname: &Option<QName>,
        type_name: &str,
        plan: &SimplePlan,
        values: &[String],
        doc: Vec<String>,
    ) -> Result<TokenStream, String> {
        let mut scope = Scope::new();
        let mut variants = TokenStream::new();
        let mut as_str = TokenStream::new();
        let mut arms = TokenStream::new();
        let (matcher, parse_value) = plan.enum_matcher(self, type_name)?;
        for value in values {
            let variant = ident(&scope.claim(ident::variant(value)));
            let mut lines = Vec::new();
            if variant != value.as_str() {
                lines.push(format!("`{value}`"));
            }
            let documented = qname.as_ref().and_then(|q| {
                self.docs
                    .enum_value(self.input.id, &self.set.display_name(q), value)
            });
            if let Some(text) = documented {
                lines.push(text);
            }
            let docs = doc_attr(&lines);
            variants.extend(quote!(#docs #variant,));
            as_str.extend(quote!(Self::#variant => #value,));
            let pattern = matcher(value)?;
            arms.extend(quote!(#pattern => Self::#variant,));
        }
        let name = ident(&key.name);
        let docs = doc_attr(&doc);
        let allow = camel_allow(&key.name);
        let white_space = plan.white_space_tokens();
        let checks = plan.lexical_checks(quote!(text))?;
        let count = values.len();
        let xsd_type = self.xsd_type_const(qname);
        Ok(quote! {
            #docs
            #allow
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name { #variants }

            impl #name {
                /// The value as the schema writes it.
                pub fn as_str(self) -> &'static str {
                    match self { #as_str }
                }
            }

            impl rt::SimpleValue for #name {
                const WHITE_SPACE: rt::WhiteSpace = #white_space;
                #xsd_type

                fn parse_lexical(text: &str) -> Result<Self, rt::ValueError> {
                    #checks
                    Ok(match #parse_value {
                        #arms
                        _ => return Err(rt::facets::not_enumerated(text, #type_name, #count)),
                    })
                }

                fn write_lexical(&self, out: &mut String) {
                    out.push_str(self.as_str());
                }
            }
        })
    }

    // ----- complex types ---------------------------------------------------------------------

    fn complex_item(&mut self, id: ComplexId, key: &ItemKey) -> Result<TokenStream, EmitError> {
        let ct = self.set.complex(id).clone();
        let mut doc = self.type_doc(&ct.name, &ct.context, "complex type");
        if ct.is_abstract {
            doc.push(
                "Abstract: it appears in messages only through the types derived from it.".into(),
            );
        }
        if let Some(derivation) = &ct.derivation {
            let base = match derivation.base {
                TypeRef::Complex(b) => self.set.complex(b).name.as_ref().map(|n| self.display(n)),
                TypeRef::Simple(SimpleRef::Builtin(b)) => Some(format!("xs:{}", b.xsd_name())),
                TypeRef::Simple(SimpleRef::Declared(s)) => {
                    self.set.simple(s).name.as_ref().map(|n| self.display(n))
                }
            };
            if let Some(base) = base {
                let how = match derivation.method {
                    crate::model::DerivationMethod::Extension => "Extends",
                    crate::model::DerivationMethod::Restriction => "Restricts",
                };
                doc.push(format!("{how} `{base}`."));
            }
        }
        let module = key.module.clone();
        // A type that is nothing but a choice becomes an enum.
        if ct.attributes.is_empty()
            && !ct.mixed
            && let Content::Elements(p) = &ct.content
            && let (1, true, Term::Choice(alternatives)) = (p.min, p.max.is_one(), &p.term)
        {
            let (tokens, expected) = self.choice_enum(key, &module, alternatives, doc)?;
            self.shapes.insert(
                id,
                Shape::Choice {
                    key: key.clone(),
                    variants: std::mem::take(&mut self.last_variants),
                },
            );
            let name = ident(&key.name);
            let xsd_type = self.xsd_type_const(&ct.name);
            return Ok(quote! {
                #tokens

                impl rt::Content for #name {
                    #xsd_type

                    fn decode<'a>(d: &mut rt::Decoder<'a>, start: &rt::Start<'a>) -> Result<Self, rt::DecodeError> {
                        d.no_attributes(start)?;
                        d.group(#expected)
                    }

                    fn encode(&self, w: &mut rt::Writer) {
                        rt::Group::encode(self, w);
                    }
                }
            });
        }
        self.shape_fields.clear();
        let tokens = self.struct_item(key, &module, &ct, doc)?;
        self.shapes.insert(
            id,
            Shape::Struct {
                fields: std::mem::take(&mut self.shape_fields),
            },
        );
        Ok(tokens)
    }

    fn struct_item(
        &mut self,
        key: &ItemKey,
        module: &str,
        ct: &ComplexType,
        doc: Vec<String>,
    ) -> Result<TokenStream, EmitError> {
        let xsd_type = self.xsd_type_const(&ct.name);
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        let mut attribute_decode = TokenStream::new();
        let mut attribute_encode = TokenStream::new();
        for attribute in &ct.attributes {
            if attribute.fixed.is_some() {
                return Err(self.error(
                    attribute.location,
                    "attributes with a fixed value are not supported",
                ));
            }
            let name = scope.claim(ident::snake(&attribute.name.local));
            let field = ident(&name);
            let ty = self.simple_type_tokens(attribute.ty);
            let ns = self.ns_tokens(attribute.name.ns);
            let local = &attribute.name.local;
            let is_id = self.set.builtin_of(attribute.ty) == Builtin::Id;
            let (ty, decode, encode) = if attribute.required {
                (
                    ty,
                    quote!(let #field = attributes.required(#ns, #local)?;),
                    quote!(w.attribute(#ns, #local, &self.#field);),
                )
            } else if is_id {
                (
                    quote!(Option<#ty>),
                    quote!(let #field = attributes.id(#ns, #local)?;),
                    quote!(w.optional_attribute(#ns, #local, &self.#field);),
                )
            } else {
                (
                    quote!(Option<#ty>),
                    quote!(let #field = attributes.optional(#ns, #local)?;),
                    quote!(w.optional_attribute(#ns, #local, &self.#field);),
                )
            };
            attribute_decode.extend(decode);
            attribute_encode.extend(encode);
            let mut doc = vec![format!("Attribute `{}`.", self.display(&attribute.name))];
            if let Some(default) = &attribute.default {
                doc.push(format!("When absent, the schema's default is `{default}`."));
            }
            self.shape_fields.push(ShapeField {
                name: name.clone(),
                kind: FieldKind::Other,
            });
            fields.push(Field {
                name,
                ty,
                decode: quote!(#field),
                encode: TokenStream::new(),
                doc,
            });
        }
        let mut content_setup = TokenStream::new();
        if ct.mixed {
            content_setup.extend(quote!(d.mixed();));
        }
        match &ct.content {
            Content::Empty => {
                if !ct.mixed {
                    content_setup.extend(quote!(d.empty();));
                }
            }
            Content::Simple(value_type) => {
                let name = scope.claim("value".to_owned());
                let field = ident(&name);
                let ty = self.simple_type_tokens(*value_type);
                fields.push(Field {
                    name,
                    ty,
                    decode: quote!(d.simple()?),
                    encode: quote!(w.text(&self.#field);),
                    doc: vec!["The element's value.".into()],
                });
            }
            Content::Elements(p) => {
                let owner = key.name.clone();
                let particles = match (&p.term, p.min, p.max.is_one()) {
                    (Term::Sequence(items), 1, true) => items.clone(),
                    _ => vec![p.clone()],
                };
                for particle in &particles {
                    let field = self.field(&owner, module, particle, &mut scope)?;
                    let occurs = occurs(particle.min, particle.max);
                    let kind = match &particle.term {
                        Term::Element(e) => FieldKind::Element {
                            local: e.name.local.clone(),
                            occurs,
                            ty: e.ty,
                        },
                        Term::Choice(_) => match self.last_choice_key.take() {
                            Some(key) => FieldKind::Choice {
                                key,
                                occurs,
                                variants: std::mem::take(&mut self.last_variants),
                            },
                            None => FieldKind::Other,
                        },
                        _ => FieldKind::Other,
                    };
                    self.shape_fields.push(ShapeField {
                        name: field.name.clone(),
                        kind,
                    });
                    fields.push(field);
                }
            }
        }
        let name = ident(&key.name);
        let docs = doc_attr(&doc);
        let allow = camel_allow(&key.name);
        let field_decls = field_declarations(&fields);
        let field_inits = field_initialisers(&fields);
        let encodes = fields.iter().map(|f| f.encode.clone());
        let attributes_read = if ct.attributes.is_empty() {
            quote!(d.no_attributes(start)?;)
        } else {
            quote! {
                let mut attributes = d.attributes(start)?;
                #attribute_decode
                attributes.finish()?;
            }
        };
        let derives = self.derives_for_struct(&fields);
        let writer = if fields.is_empty() {
            quote!(_w)
        } else {
            quote!(w)
        };
        Ok(quote! {
            #docs
            #allow
            #derives
            pub struct #name { #field_decls }

            impl rt::Content for #name {
                #xsd_type

                fn decode<'a>(d: &mut rt::Decoder<'a>, start: &rt::Start<'a>) -> Result<Self, rt::DecodeError> {
                    #attributes_read
                    #content_setup
                    Ok(Self { #field_inits })
                }

                fn encode(&self, #writer: &mut rt::Writer) {
                    #attribute_encode
                    #(#encodes)*
                }
            }
        })
    }

    fn derives_for_struct(&self, _fields: &[Field]) -> TokenStream {
        quote!(#[derive(Debug, Clone, PartialEq)])
    }

    /// The field for one particle of a struct's content.
    fn field(
        &mut self,
        owner: &str,
        module: &str,
        particle: &Particle,
        scope: &mut Scope,
    ) -> Result<Field, EmitError> {
        let occurs = occurs(particle.min, particle.max);
        match &particle.term {
            Term::Element(element) => self.element_field(element, occurs, scope),
            Term::Any(wildcard) => {
                let name = scope.claim("any".to_owned());
                let field = ident(&name);
                let w = self.wildcard_tokens(wildcard);
                let (ty, decode, encode) = match occurs {
                    Occurs::One => (
                        quote!(rt::AnyElement),
                        quote!(d.required_wildcard(&#w)?),
                        quote!(w.any(std::slice::from_ref(&self.#field));),
                    ),
                    Occurs::Optional => (
                        quote!(Option<rt::AnyElement>),
                        quote!(d.optional_wildcard(&#w)?),
                        quote!(w.any(self.#field.as_slice());),
                    ),
                    Occurs::Many(min, max) => {
                        let (min, max) = (count_literal(min), max_literal(max));
                        (
                            quote!(Vec<rt::AnyElement>),
                            quote!(d.wildcard(&#w, #min, #max)?),
                            quote!(w.any(&self.#field);),
                        )
                    }
                };
                Ok(Field {
                    name,
                    ty,
                    decode,
                    encode,
                    doc: vec![format!(
                        "Elements admitted by a wildcard ({}).",
                        describe_wildcard(wildcard)
                    )],
                })
            }
            Term::Sequence(items) => {
                let first_name = first_element_name(items).unwrap_or("Group".to_owned());
                let group_key =
                    self.claim(module, format!("{owner}{}Group", ident::camel(&first_name)));
                let name = scope.claim(format!(
                    "{}_group",
                    ident::snake(&first_name).trim_start_matches("r#")
                ));
                let tokens = self.sequence_group(&group_key, module, items)?;
                self.push_nested(group_key.clone(), tokens);
                let ty = self.item_path(&group_key);
                let expected = self.expected(particle);
                Ok(self.group_field(name, ty, occurs, expected, "A group of elements.".into()))
            }
            Term::Choice(alternatives) => {
                let group_key = self.claim(module, format!("{owner}Choice"));
                let name = scope.claim("choice".to_owned());
                let doc = vec!["One of the alternatives of a choice.".to_owned()];
                let saved = std::mem::take(&mut self.shape_fields);
                let (tokens, _) = self.choice_enum(&group_key, module, alternatives, doc)?;
                self.shape_fields = saved;
                self.last_choice_key = Some(group_key.clone());
                self.push_nested(group_key.clone(), tokens);
                let ty = self.item_path(&group_key);
                let expected = self.expected(particle);
                Ok(self.group_field(
                    name,
                    ty,
                    occurs,
                    expected,
                    "A choice between elements.".into(),
                ))
            }
        }
    }

    fn group_field(
        &mut self,
        name: String,
        ty: TokenStream,
        occurs: Occurs,
        expected: String,
        doc: String,
    ) -> Field {
        let field = ident(&name);
        let (ty, decode, encode) = match occurs {
            Occurs::One => (
                ty,
                quote!(d.group(#expected)?),
                quote!(w.group(&self.#field);),
            ),
            Occurs::Optional => (
                quote!(Option<#ty>),
                quote!(d.optional_group()?),
                quote!(w.optional_group(&self.#field);),
            ),
            Occurs::Many(min, max) => {
                let (min, max) = (count_literal(min), max_literal(max));
                (
                    quote!(Vec<#ty>),
                    quote!(d.groups(#min, #max, #expected)?),
                    quote!(w.groups(&self.#field);),
                )
            }
        };
        Field {
            name,
            ty,
            decode,
            encode,
            doc: vec![doc],
        }
    }

    /// A nested group's item is emitted on its own, with the dependencies and
    /// imports it needs, while the enclosing item is being built.
    fn push_nested(&mut self, key: ItemKey, tokens: TokenStream) {
        // The group's own tokens were built with the enclosing item's state;
        // it shares the enclosing item's dependencies and imports.
        self.items.push(Item {
            key,
            tokens,
            deps: self.deps.clone(),
            uses: self.uses.clone(),
        });
    }

    fn element_field(
        &mut self,
        element: &ElementDecl,
        occurs: Occurs,
        scope: &mut Scope,
    ) -> Result<Field, EmitError> {
        if element.fixed.is_some() {
            return Err(self.error(
                element.location,
                "elements with a fixed value are not supported",
            ));
        }
        if element.nillable {
            return Err(self.error(element.location, "nillable elements are not supported"));
        }
        let name = scope.claim(ident::snake(&element.name.local));
        let field = ident(&name);
        let ty = self.type_tokens(element.ty);
        let ns = self.ns_tokens(element.name.ns);
        let local = &element.name.local;
        let mut doc = vec![format!("Element `{}`.", self.display(&element.name))];
        let (decode, encode) = match (&element.default, occurs) {
            (Some(default), Occurs::Optional) => {
                if !matches!(element.ty, TypeRef::Simple(_)) {
                    return Err(self.error(element.location, "a default value needs a simple type"));
                }
                doc.push(format!(
                    "When the element is empty, its value is the default `{default}`."
                ));
                (
                    quote!(d.optional_default(#ns, #local, #default)?),
                    quote!(w.optional(#ns, #local, &self.#field);),
                )
            }
            (Some(_), _) => {
                return Err(self.error(
                    element.location,
                    "default values are supported only on optional, single elements",
                ));
            }
            (None, Occurs::One) => (
                quote!(d.required(#ns, #local)?),
                quote!(w.element(#ns, #local, &self.#field);),
            ),
            (None, Occurs::Optional) => (
                quote!(d.optional(#ns, #local)?),
                quote!(w.optional(#ns, #local, &self.#field);),
            ),
            (None, Occurs::Many(min, max)) => {
                let max_tokens = max_literal(max);
                let min_tokens = count_literal(min);
                if max == u32::MAX {
                    doc.push(format!("At least {min}."));
                } else {
                    doc.push(format!("From {min} to {max}."));
                }
                (
                    quote!(d.repeated(#ns, #local, #min_tokens, #max_tokens)?),
                    quote!(w.repeated(#ns, #local, &self.#field);),
                )
            }
        };
        if let Some(extra) = self.docs.element(self.input.id, local) {
            doc.push(extra);
        }
        Ok(Field {
            name,
            ty: wrap(ty, occurs),
            decode,
            encode,
            doc,
        })
    }

    fn wildcard_tokens(&mut self, wildcard: &Wildcard) -> TokenStream {
        let namespaces = match &wildcard.namespaces {
            NamespaceConstraint::Any => quote!(rt::WildcardNamespaces::Any),
            NamespaceConstraint::Other(target) => {
                let ns = match target {
                    Some(uri) => {
                        let id = self
                            .set
                            .namespaces
                            .iter()
                            .position(|n| &n.uri == uri)
                            .map(NsId);
                        self.ns_tokens(id)
                    }
                    None => self.ns_tokens(None),
                };
                quote!(rt::WildcardNamespaces::Other(#ns))
            }
            NamespaceConstraint::List(list) => {
                let uris = list.iter().map(|u| u.clone().unwrap_or_default());
                quote!(rt::WildcardNamespaces::List(&[#(#uris),*]))
            }
        };
        let process = match wildcard.process {
            ProcessContents::Strict => quote!(rt::ProcessContents::Strict),
            ProcessContents::Lax => quote!(rt::ProcessContents::Lax),
            ProcessContents::Skip => quote!(rt::ProcessContents::Skip),
        };
        quote!(rt::Wildcard { namespaces: #namespaces, process: #process })
    }

    // ----- model groups ----------------------------------------------------------------------

    fn first(&self, particle: &Particle) -> Vec<First> {
        match &particle.term {
            Term::Element(e) => vec![First::Element(e.name.ns, e.name.local.clone())],
            Term::Any(w) => vec![First::Any(w.clone())],
            Term::Choice(items) => items.iter().flat_map(|p| self.first(p)).collect(),
            Term::Sequence(items) => {
                let mut out = Vec::new();
                for p in items {
                    out.extend(self.first(p));
                    if !p.is_nullable() {
                        break;
                    }
                }
                out
            }
        }
    }

    /// What an error says was expected where a particle should start.
    fn expected(&self, particle: &Particle) -> String {
        let names: Vec<String> = self
            .first(particle)
            .iter()
            .map(|f| match f {
                First::Element(ns, local) => format!(
                    "`{}`",
                    self.display(&QName {
                        ns: *ns,
                        local: local.clone()
                    })
                ),
                First::Any(w) => format!("an element of {}", describe_wildcard(w)),
            })
            .collect();
        match names.len() {
            0 => "content".to_owned(),
            1 => format!("element {}", names[0]),
            n if n <= 6 => format!("one of the elements {}", names.join(", ")),
            n => format!("one of {n} elements ({}, …)", names[..4].join(", ")),
        }
    }

    /// A `match` pattern (and wildcard guard) for a FIRST set.
    fn first_pattern(&mut self, first: &[First]) -> (Option<TokenStream>, Option<TokenStream>) {
        let mut names = Vec::new();
        let mut guards = Vec::new();
        for f in first {
            match f {
                First::Element(ns, local) => {
                    let ns = self.ns_tokens(*ns);
                    names.push(quote!((#ns, #local)));
                }
                First::Any(w) => {
                    let w = self.wildcard_tokens(w);
                    guards.push(quote!(d.admits(&#w, name)));
                }
            }
        }
        let pattern = (!names.is_empty()).then(|| quote!(#(#names)|*));
        let guard = (!guards.is_empty()).then(|| quote!(#(#guards)||*));
        (pattern, guard)
    }

    fn sequence_group(
        &mut self,
        key: &ItemKey,
        module: &str,
        items: &[Particle],
    ) -> Result<TokenStream, EmitError> {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for p in items {
            fields.push(self.field(&key.name, module, p, &mut scope)?);
        }
        let first: Vec<First> = self.first(&Particle {
            min: 1,
            max: MaxOccurs::Bounded(1),
            term: Term::Sequence(items.to_vec()),
        });
        let (pattern, guard) = self.first_pattern(&first);
        let test = match (pattern, guard) {
            (Some(p), Some(g)) => quote!(matches!((name.ns, name.local), #p) || #g),
            (Some(p), None) => quote!(matches!((name.ns, name.local), #p)),
            (None, Some(g)) => g,
            (None, None) => quote!(false),
        };
        let name = ident(&key.name);
        let field_decls = field_declarations(&fields);
        let inits = field_initialisers(&fields);
        let encodes = fields.iter().map(|f| f.encode.clone());
        let allow = camel_allow(&key.name);
        Ok(quote! {
            /// A group of elements that occur together.
            #allow
            #[derive(Debug, Clone, PartialEq)]
            pub struct #name { #field_decls }

            impl rt::Group for #name {
                fn try_decode(d: &mut rt::Decoder<'_>) -> Result<Option<Self>, rt::DecodeError> {
                    match d.peek()? {
                        Some(name) if #test => {}
                        _ => return Ok(None),
                    }
                    Ok(Some(Self { #inits }))
                }

                fn encode(&self, w: &mut rt::Writer) {
                    #(#encodes)*
                }
            }
        })
    }

    /// An enum for a choice; returns its tokens and the "expected" text for
    /// errors.
    fn choice_enum(
        &mut self,
        key: &ItemKey,
        module: &str,
        alternatives: &[Particle],
        doc: Vec<String>,
    ) -> Result<(TokenStream, String), EmitError> {
        let mut scope = Scope::new();
        let mut variants = TokenStream::new();
        let mut arms = TokenStream::new();
        let mut guard_arms = TokenStream::new();
        let mut encodes = TokenStream::new();
        let mut recorded = Vec::new();
        for alternative in alternatives {
            let occurs = occurs(alternative.min, alternative.max);
            let (variant_name, mut lines) = match &alternative.term {
                Term::Element(e) => (
                    ident::camel(&e.name.local),
                    vec![format!("Element `{}`.", self.display(&e.name))],
                ),
                Term::Any(w) => (
                    "Any".to_owned(),
                    vec![format!("An element of {}.", describe_wildcard(w))],
                ),
                Term::Sequence(items) => (
                    first_element_name(items)
                        .map_or("Group".to_owned(), |n| format!("{}Group", ident::camel(&n))),
                    vec!["A group of elements.".to_owned()],
                ),
                Term::Choice(_) => ("Choice".to_owned(), vec!["A nested choice.".to_owned()]),
            };
            if let Term::Element(e) = &alternative.term
                && let Some(extra) = self.docs.element(self.input.id, &e.name.local)
            {
                lines.push(extra);
            }
            let variant_text = scope.claim(variant_name);
            let variant = ident(&variant_text);
            let variant_docs = doc_attr(&lines);
            let (local, ty) = match &alternative.term {
                Term::Element(e) => (Some(e.name.local.clone()), Some(e.ty)),
                _ => (None, None),
            };
            recorded.push(ShapeVariant {
                local,
                variant: variant_text,
                occurs,
                ty,
            });
            let (payload, decode, encode) = match &alternative.term {
                Term::Element(e) => {
                    if e.fixed.is_some() || e.nillable || e.default.is_some() {
                        return Err(self.error(
                            e.location,
                            "fixed, nillable or default elements in a choice are not supported",
                        ));
                    }
                    let ty = self.type_tokens(e.ty);
                    let ns = self.ns_tokens(e.name.ns);
                    let local = &e.name.local;
                    match occurs {
                        Occurs::One => (ty, quote!(d.take()?), quote!(w.element(#ns, #local, v))),
                        Occurs::Optional | Occurs::Many(..) => {
                            let (min, max) = match occurs {
                                Occurs::Many(min, max) => (min, max),
                                _ => (0, 1),
                            };
                            let (min, max) = (count_literal(min), max_literal(max));
                            (
                                quote!(Vec<#ty>),
                                quote!(d.repeated(#ns, #local, #min, #max)?),
                                quote!(w.repeated(#ns, #local, v)),
                            )
                        }
                    }
                }
                Term::Any(w) => {
                    let wt = self.wildcard_tokens(w);
                    match occurs {
                        Occurs::One => (
                            quote!(rt::AnyElement),
                            quote!(d.take_any(&#wt)?),
                            quote!(w.any(std::slice::from_ref(v))),
                        ),
                        Occurs::Optional | Occurs::Many(..) => {
                            let (min, max) = match occurs {
                                Occurs::Many(min, max) => (min, max),
                                _ => (0, 1),
                            };
                            let (min, max) = (count_literal(min), max_literal(max));
                            (
                                quote!(Vec<rt::AnyElement>),
                                quote!(d.wildcard(&#wt, #min, #max)?),
                                quote!(w.any(v)),
                            )
                        }
                    }
                }
                Term::Sequence(items) => {
                    let group_key = self.claim(module, format!("{}{}", key.name, variant));
                    let tokens = self.sequence_group(&group_key, module, items)?;
                    self.push_nested(group_key.clone(), tokens);
                    let ty = self.item_path(&group_key);
                    let expected = self.expected(alternative);
                    self.group_payload(ty, occurs, expected)
                }
                Term::Choice(inner) => {
                    let group_key = self.claim(module, format!("{}{}", key.name, variant));
                    let (tokens, _) = self.choice_enum(
                        &group_key,
                        module,
                        inner,
                        vec!["A nested choice.".into()],
                    )?;
                    self.push_nested(group_key.clone(), tokens);
                    let ty = self.item_path(&group_key);
                    let expected = self.expected(alternative);
                    self.group_payload(ty, occurs, expected)
                }
            };
            variants.extend(quote!(#variant_docs #variant(#payload),));
            encodes.extend(quote!(Self::#variant(v) => #encode,));
            let first = self.first(alternative);
            let (pattern, guard) = self.first_pattern(&first);
            if let Some(pattern) = pattern {
                arms.extend(quote!(#pattern => Self::#variant(#decode),));
            }
            if let Some(guard) = guard {
                guard_arms.extend(quote!(_ if #guard => Self::#variant(#decode),));
            }
        }
        let name = ident(&key.name);
        let docs = doc_attr(&doc);
        let allow = camel_allow(&key.name);
        let expected = self.expected(&Particle {
            min: 1,
            max: MaxOccurs::Bounded(1),
            term: Term::Choice(alternatives.to_vec()),
        });
        let tokens = quote! {
            #docs
            #allow
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name { #variants }

            impl rt::Group for #name {
                fn try_decode(d: &mut rt::Decoder<'_>) -> Result<Option<Self>, rt::DecodeError> {
                    let Some(name) = d.peek()? else {
                        return Ok(None);
                    };
                    let choice = match (name.ns, name.local) {
                        #arms
                        #guard_arms
                        _ => return Ok(None),
                    };
                    Ok(Some(choice))
                }

                fn encode(&self, w: &mut rt::Writer) {
                    match self { #encodes }
                }
            }
        };
        self.last_variants = recorded;
        Ok((tokens, expected))
    }

    fn group_payload(
        &mut self,
        ty: TokenStream,
        occurs: Occurs,
        expected: String,
    ) -> (TokenStream, TokenStream, TokenStream) {
        match occurs {
            Occurs::One => (ty, quote!(d.group(#expected)?), quote!(w.group(v))),
            Occurs::Optional | Occurs::Many(..) => {
                let (min, max) = match occurs {
                    Occurs::Many(min, max) => (min, max),
                    _ => (0, 1),
                };
                let (min, max) = (count_literal(min), max_literal(max));
                (
                    quote!(Vec<#ty>),
                    quote!(d.groups(#min, #max, #expected)?),
                    quote!(w.groups(v)),
                )
            }
        }
    }

    // ----- global elements -------------------------------------------------------------------

    /// `from_xml` and `to_xml` for the type of a global element.
    fn document_impl(&mut self, element: &ElementDecl, key: &ItemKey) -> TokenStream {
        let name = ident(&key.name);
        let ns = self.ns_tokens(element.name.ns);
        let local = &element.name.local;
        let shown = self.display(&element.name);
        let from = format!(" Decodes a document whose root element is `{shown}`.");
        let to = format!(" Encodes the value as a document whose root element is `{shown}`.");
        quote! {
            impl #name {
                #[doc = #from]
                pub fn from_xml(xml: &str) -> Result<Self, rt::DecodeError> {
                    rt::xml::decode_root(xml, &super::SCHEMA, #ns, #local)
                }

                #[doc = #to]
                pub fn to_xml(&self) -> String {
                    rt::xml::encode_root(self, &super::SCHEMA, #ns, #local)
                }
            }
        }
    }

    /// A type for a global element whose type has another name.
    fn element_wrapper(
        &mut self,
        element: &ElementDecl,
        key: &ItemKey,
    ) -> Result<TokenStream, EmitError> {
        if element.fixed.is_some() || element.nillable || element.default.is_some() {
            return Err(self.error(
                element.location,
                "fixed, nillable or default global elements are not supported",
            ));
        }
        let inner = self.type_tokens(element.ty);
        let name = ident(&key.name);
        let shown = self.display(&element.name);
        let doc = format!(" The global element `{shown}`.");
        let allow = camel_allow(&key.name);
        let documents = self.document_impl(element, key);
        Ok(quote! {
            #[doc = #doc]
            #allow
            #[derive(Debug, Clone, PartialEq)]
            pub struct #name(pub #inner);

            impl rt::Content for #name {
                const XSD_TYPE: Option<rt::TypeName> = <#inner as rt::Content>::XSD_TYPE;

                fn decode<'a>(d: &mut rt::Decoder<'a>, start: &rt::Start<'a>) -> Result<Self, rt::DecodeError> {
                    rt::Content::decode(d, start).map(Self)
                }

                fn encode(&self, w: &mut rt::Writer) {
                    rt::Content::encode(&self.0, w);
                }
            }

            #documents
        })
    }

    /// The global elements, for the version's `Document` enum: variant name,
    /// namespace constant, local name, and the type's path from the version module.
    pub fn globals(&self) -> Vec<(String, Option<NsId>, String, ItemKey)> {
        let mut scope = Scope::new();
        self.set
            .elements
            .iter()
            .zip(&self.element_names)
            .map(|(element, (key, _))| {
                (
                    scope.claim(ident::camel(&element.name.local)),
                    element.name.ns,
                    element.name.local.clone(),
                    key.clone(),
                )
            })
            .collect()
    }
}

/// What a version's schema table needs for `xsi:type`: the named simple
/// types, and the complex types that an element of their base type may
/// name (see [`VersionEmitter::unchanged_derivations`]).
pub struct NamedTypes {
    pub simple: Vec<NamedSimple>,
    pub unchanged_derivations: Vec<(QName, QName)>,
    pub simple_content: Vec<NamedSimpleContent>,
    /// The named complex types with element or empty content that an
    /// element may have (not abstract), by their Rust types.
    pub complex: Vec<ItemKey>,
}

/// A named complex type with simple content, for the `xsi:type` table of
/// its version's schema: an element whose type it is derived from may name
/// it, and is then checked against its content and attributes.
pub struct NamedSimpleContent {
    pub name: QName,
    /// The named type it is derived from (a built-in one's name has no
    /// namespace id: it is in the XML Schema namespace).
    pub base: Result<QName, Builtin>,
    /// The Rust type of its character data.
    pub content: TypePath,
    pub attributes: Vec<NamedAttribute>,
    pub is_abstract: bool,
}

/// An attribute use of a [`NamedSimpleContent`].
pub struct NamedAttribute {
    pub name: QName,
    pub required: bool,
    pub is_id: bool,
    pub ty: TypePath,
}

/// The Rust type of a simple type, as the version's root module names it.
pub enum TypePath {
    Builtin(RustBuiltin),
    /// A type of one of the version's namespace modules.
    Item(ItemKey),
}

/// A named simple type of a version, for the `xsi:type` table of its
/// schema: its name, its Rust type and the named type it restricts.
pub struct NamedSimple {
    pub key: ItemKey,
    /// The nearest named type up its derivation chain (a built-in one's
    /// name has no namespace id: it is in the XML Schema namespace).
    pub base: Result<QName, Builtin>,
}

impl VersionEmitter<'_> {
    /// The named types of the schema set, for `xsi:type`.
    pub fn named_types(&self) -> NamedTypes {
        NamedTypes {
            simple: self.named_simple_types(),
            unchanged_derivations: self.unchanged_derivations(),
            simple_content: self.simple_content_types(),
            complex: self
                .set
                .complex_types
                .iter()
                .zip(&self.complex_names)
                .filter(|(ct, _)| {
                    ct.name.is_some()
                        && !ct.is_abstract
                        && !matches!(ct.content, Content::Simple(_))
                })
                .map(|(_, key)| key.clone())
                .collect(),
        }
    }

    /// Every named complex type with simple content that is derived from
    /// another type.
    fn simple_content_types(&self) -> Vec<NamedSimpleContent> {
        let set = self.set;
        set.complex_types
            .iter()
            .filter_map(|ct| {
                let name = ct.name.clone()?;
                let Content::Simple(content) = ct.content else {
                    return None;
                };
                let base = match ct.derivation.as_ref()?.base {
                    TypeRef::Simple(base) => self.nearest_named(base),
                    TypeRef::Complex(base) => Ok(set.complex(base).name.clone()?),
                };
                let attributes = ct
                    .attributes
                    .iter()
                    .map(|a| NamedAttribute {
                        name: a.name.clone(),
                        required: a.required,
                        is_id: set.builtin_of(a.ty) == Builtin::Id,
                        ty: self.type_path(a.ty),
                    })
                    .collect();
                Some(NamedSimpleContent {
                    name,
                    base,
                    content: self.type_path(content),
                    attributes,
                    is_abstract: ct.is_abstract,
                })
            })
            .collect()
    }

    /// The Rust type of a simple type, from the version's root module.
    fn type_path(&self, ty: SimpleRef) -> TypePath {
        match ty {
            SimpleRef::Builtin(b) => TypePath::Builtin(rust_builtin(b)),
            SimpleRef::Declared(id) => match &self.simple_names[id.0] {
                SimpleName::Item(key) => TypePath::Item(key.clone()),
                SimpleName::Inline(base) => self.type_path(*base),
            },
        }
    }

    /// The simple type itself when it has a name, or the nearest named
    /// type up its derivation chain (anonymous steps are passed over:
    /// derivation is transitive).
    fn nearest_named(&self, ty: SimpleRef) -> Result<QName, Builtin> {
        let mut current = ty;
        // A chain is as long as the schema's types at most.
        loop {
            match current {
                SimpleRef::Builtin(b) => return Err(b),
                SimpleRef::Declared(id) => {
                    let st = self.set.simple(id);
                    match &st.name {
                        Some(name) => return Ok(name.clone()),
                        None => current = st.base,
                    }
                }
            }
        }
    }

    /// The named complex types derived from a named complex type without
    /// any content or attribute of their own (derived, base), where that
    /// base, or a type it is so derived from, is an element's declared
    /// type: those elements have the base's shape, so they may name the
    /// derived type in `xsi:type`.
    fn unchanged_derivations(&self) -> Vec<(QName, QName)> {
        let set = self.set;
        let unchanged_base = |derived: &crate::model::ComplexType| -> Option<ComplexId> {
            let TypeRef::Complex(base) = derived.derivation.as_ref()?.base else {
                return None;
            };
            let b = set.complex(base);
            (derived.mixed == b.mixed
                && derived.attributes == b.attributes
                && derived.content == b.content)
                .then_some(base)
        };
        let mut declared = BTreeSet::new();
        let mut particles: Vec<&Particle> = Vec::new();
        for element in &set.elements {
            if let TypeRef::Complex(id) = element.ty {
                declared.insert(id);
            }
        }
        for ct in &set.complex_types {
            if let Content::Elements(p) = &ct.content {
                particles.push(p);
            }
        }
        while let Some(p) = particles.pop() {
            match &p.term {
                Term::Element(e) => {
                    if let TypeRef::Complex(id) = e.ty {
                        declared.insert(id);
                    }
                }
                Term::Sequence(items) | Term::Choice(items) => particles.extend(items),
                Term::Any(_) => {}
            }
        }
        set.complex_types
            .iter()
            .filter_map(|derived| {
                let name = derived.name.clone()?;
                let base = unchanged_base(derived)?;
                // Up the chain of unchanged derivations, to an element's type.
                let mut current = Some(base);
                let mut steps = 0;
                let reaches = loop {
                    match current {
                        Some(id) if declared.contains(&id) => break true,
                        Some(id) if steps < set.complex_types.len() => {
                            current = unchanged_base(set.complex(id));
                            steps += 1;
                        }
                        _ => break false,
                    }
                };
                let base_name = set.complex(base).name.clone()?;
                reaches.then_some((name, base_name))
            })
            .collect()
    }

    /// Every named simple type of the schema set.
    fn named_simple_types(&self) -> Vec<NamedSimple> {
        let mut out = Vec::new();
        for (i, st) in self.set.simple_types.iter().enumerate() {
            let (Some(_), SimpleName::Item(key)) = (&st.name, &self.simple_names[i]) else {
                continue;
            };
            out.push(NamedSimple {
                key: key.clone(),
                base: self.nearest_named(st.base),
            });
        }
        out
    }
}

/// `pub name: Type,` for each field, with its documentation.
fn field_declarations(fields: &[Field]) -> TokenStream {
    fields
        .iter()
        .map(|f| {
            let name = ident(&f.name);
            let ty = &f.ty;
            let doc = doc_attr(&f.doc);
            quote!(#doc pub #name: #ty,)
        })
        .collect()
}

/// `name: <decode>,` (or `name,` when the value is a variable of that name).
fn field_initialisers(fields: &[Field]) -> TokenStream {
    fields
        .iter()
        .map(|f| {
            let name = ident(&f.name);
            let decode = &f.decode;
            if name == decode.to_string() {
                quote!(#name,)
            } else {
                quote!(#name: #decode,)
            }
        })
        .collect()
}

pub fn camel_allow(name: &str) -> TokenStream {
    if ident::needs_camel_allow(name) {
        quote!(#[allow(non_camel_case_types)])
    } else {
        TokenStream::new()
    }
}

fn first_element_name(items: &[Particle]) -> Option<String> {
    items.iter().find_map(|p| match &p.term {
        Term::Element(e) => Some(e.name.local.clone()),
        Term::Sequence(inner) | Term::Choice(inner) => first_element_name(inner),
        Term::Any(_) => None,
    })
}

fn describe_wildcard(w: &Wildcard) -> String {
    match &w.namespaces {
        NamespaceConstraint::Any => "any namespace".to_owned(),
        NamespaceConstraint::Other(Some(target)) => format!("any namespace but `{target}`"),
        NamespaceConstraint::Other(None) => "any namespace".to_owned(),
        NamespaceConstraint::List(list) => format!(
            "the namespaces {}",
            list.iter()
                .map(|u| format!("`{}`", u.as_deref().unwrap_or("(none)")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The Rust type of a built-in XSD type: a primitive (or `String`), or a
/// type of the runtime's `value` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RustBuiltin {
    Primitive(&'static str),
    Value(&'static str),
}

pub fn rust_builtin(builtin: Builtin) -> RustBuiltin {
    match builtin {
        Builtin::String => RustBuiltin::Primitive("String"),
        Builtin::AnySimpleType => RustBuiltin::Value("AnySimpleType"),
        Builtin::NormalizedString => RustBuiltin::Value("NormalizedString"),
        Builtin::Token => RustBuiltin::Value("Token"),
        Builtin::Language => RustBuiltin::Value("Language"),
        Builtin::Name => RustBuiltin::Value("Name"),
        Builtin::NcName => RustBuiltin::Value("NcName"),
        Builtin::NmToken => RustBuiltin::Value("NmToken"),
        Builtin::Id => RustBuiltin::Value("Id"),
        Builtin::IdRef => RustBuiltin::Value("IdRef"),
        Builtin::AnyUri => RustBuiltin::Value("AnyUri"),
        Builtin::Boolean => RustBuiltin::Primitive("bool"),
        Builtin::Decimal => RustBuiltin::Value("BigDecimal"),
        Builtin::Integer => RustBuiltin::Value("BigInt"),
        Builtin::NonNegativeInteger => RustBuiltin::Value("BigUint"),
        Builtin::PositiveInteger => RustBuiltin::Value("PositiveInteger"),
        Builtin::NonPositiveInteger => RustBuiltin::Value("NonPositiveInteger"),
        Builtin::NegativeInteger => RustBuiltin::Value("NegativeInteger"),
        Builtin::Long => RustBuiltin::Primitive("i64"),
        Builtin::Int => RustBuiltin::Primitive("i32"),
        Builtin::Short => RustBuiltin::Primitive("i16"),
        Builtin::Byte => RustBuiltin::Primitive("i8"),
        Builtin::UnsignedLong => RustBuiltin::Primitive("u64"),
        Builtin::UnsignedInt => RustBuiltin::Primitive("u32"),
        Builtin::UnsignedShort => RustBuiltin::Primitive("u16"),
        Builtin::UnsignedByte => RustBuiltin::Primitive("u8"),
        Builtin::Float => RustBuiltin::Primitive("f32"),
        Builtin::Double => RustBuiltin::Primitive("f64"),
        Builtin::DateTime => RustBuiltin::Value("DateTime"),
        Builtin::Date => RustBuiltin::Value("Date"),
        Builtin::Time => RustBuiltin::Value("Time"),
        Builtin::HexBinary => RustBuiltin::Value("HexBinary"),
        Builtin::Base64Binary => RustBuiltin::Value("Base64Binary"),
    }
}
