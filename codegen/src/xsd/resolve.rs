//! Resolving the components of parsed schema documents into the model.

use std::collections::{HashMap, HashSet};

use roxmltree::Node;

use super::load::{Source, parse};
use super::{XS, XsdError, pattern};
use crate::model::Family;
use crate::model::{
    AttributeUse, Builtin, ComplexId, ComplexType, Content, Context, Derivation, DerivationMethod,
    ElementDecl, Facets, FileId, Location, MaxOccurs, Namespace, NamespaceConstraint, NsId,
    Particle, Pattern, ProcessContents, QName, SchemaSet, SimpleId, SimpleRef, SimpleType,
    SourceFile, Term, TypeRef, WhiteSpace, Wildcard,
};

/// Resolves parsed schema documents into a schema set.
pub fn resolve(sources: &[Source]) -> Result<SchemaSet, XsdError> {
    let xml = sources.iter().map(parse).collect::<Result<Vec<_>, _>>()?;
    let mut resolver = Resolver::new(sources, &xml)?;
    resolver.resolve_all()?;
    resolver.finish()
}

/// Top-level declaration kinds, each a separate symbol space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Type,
    Element,
    Attribute,
    Group,
    AttributeGroup,
}

struct Doc<'a> {
    source: &'a Source,
    /// Byte offsets at which lines start.
    line_starts: Vec<usize>,
    root: Node<'a, 'a>,
    file: FileId,
    target: Option<NsId>,
    elements_qualified: bool,
    attributes_qualified: bool,
}

struct Resolver<'a> {
    docs: Vec<Doc<'a>>,
    namespaces: Vec<Namespace>,
    decls: HashMap<(Kind, QName), (usize, Node<'a, 'a>)>,
    simple_types: Vec<SimpleType>,
    simple_by_name: HashMap<QName, SimpleId>,
    complex_types: Vec<Option<ComplexType>>,
    complex_by_name: HashMap<QName, ComplexId>,
    /// Global elements in document order, filled as they are resolved.
    elements: Vec<Option<ElementDecl>>,
    element_index: HashMap<QName, usize>,
    in_progress: HashSet<(Kind, QName)>,
}

/// Occurrence of a particle; `None` when `maxOccurs="0"`.
type Occurs = Option<(u32, MaxOccurs)>;

impl<'a> Resolver<'a> {
    fn new(sources: &'a [Source], xml: &'a [roxmltree::Document<'a>]) -> Result<Self, XsdError> {
        let mut resolver = Resolver {
            docs: Vec::new(),
            namespaces: Vec::new(),
            decls: HashMap::new(),
            simple_types: Vec::new(),
            simple_by_name: HashMap::new(),
            complex_types: Vec::new(),
            complex_by_name: HashMap::new(),
            elements: Vec::new(),
            element_index: HashMap::new(),
            in_progress: HashSet::new(),
        };
        let entry_root = xml[0].root_element();
        for (i, (source, doc)) in sources.iter().zip(xml).enumerate() {
            let root = doc.root_element();
            let target = match root.attribute("targetNamespace") {
                Some(uri) if !uri.is_empty() => Some(resolver.namespace_id(uri, entry_root, root)),
                _ => None,
            };
            let line_starts = std::iter::once(0)
                .chain(source.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let d = Doc {
                source,
                line_starts,
                root,
                file: FileId(i),
                target,
                elements_qualified: root.attribute("elementFormDefault") == Some("qualified"),
                attributes_qualified: root.attribute("attributeFormDefault") == Some("qualified"),
            };
            resolver.docs.push(d);
            resolver.check_attributes(
                i,
                root,
                &[
                    "targetNamespace",
                    "elementFormDefault",
                    "attributeFormDefault",
                    "version",
                    "id",
                ],
            )?;
        }
        for i in 0..resolver.docs.len() {
            resolver.register(i)?;
        }
        Ok(resolver)
    }

    fn namespace_id(&mut self, uri: &str, entry: Node, own: Node) -> NsId {
        if let Some(i) = self.namespaces.iter().position(|n| n.uri == uri) {
            return NsId(i);
        }
        let prefix = [entry, own]
            .iter()
            .find_map(|node| {
                node.namespaces()
                    .find(|ns| ns.uri() == uri && ns.name().is_some())
                    .and_then(|ns| ns.name())
            })
            .map_or_else(|| format!("ns{}", self.namespaces.len()), str::to_owned);
        self.namespaces.push(Namespace {
            uri: uri.to_owned(),
            prefix,
        });
        NsId(self.namespaces.len() - 1)
    }

    // ----- errors and small helpers ---------------------------------------------------------

    fn error(&self, doc: usize, node: Node, message: impl Into<String>) -> XsdError {
        let source = self.docs[doc].source;
        XsdError::at(&source.path, &source.text, node.range().start, message)
    }

    fn location(&self, doc: usize, node: Node) -> Location {
        let d = &self.docs[doc];
        let offset = node.range().start;
        // The last line start at or before the offset.
        let line = d.line_starts.partition_point(|&start| start <= offset);
        let line_start = d.line_starts[line - 1];
        let column = d.source.text[line_start..offset].chars().count() + 1;
        Location {
            file: d.file,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// Schema children of a node, without annotations.
    fn children(node: Node<'a, 'a>) -> impl Iterator<Item = Node<'a, 'a>> {
        node.children().filter(|n| n.is_element()).filter(|n| {
            !(n.tag_name().namespace() == Some(XS) && n.tag_name().name() == "annotation")
        })
    }

    /// The `xs:` local name of a schema element, or an error for elements of
    /// other namespaces (which XSD allows only inside annotations).
    fn kind(&self, doc: usize, node: Node<'a, 'a>) -> Result<&'a str, XsdError> {
        if node.tag_name().namespace() == Some(XS) {
            Ok(node.tag_name().name())
        } else {
            Err(self.error(
                doc,
                node,
                format!(
                    "element `{}` outside the XML Schema namespace is not a schema construct",
                    node.tag_name().name()
                ),
            ))
        }
    }

    /// Refuses attributes a construct does not support (attributes of other
    /// namespaces are annotations and are allowed).
    fn check_attributes(&self, doc: usize, node: Node, allowed: &[&str]) -> Result<(), XsdError> {
        for attribute in node.attributes() {
            if attribute.namespace().is_some() {
                continue;
            }
            if !allowed.contains(&attribute.name()) {
                return Err(self
                    .error(
                        doc,
                        node,
                        format!(
                            "unsupported attribute `{}` on `xs:{}`",
                            attribute.name(),
                            node.tag_name().name()
                        ),
                    )
                    .with_help(format!(
                        "the generator supports these attributes here: {}",
                        allowed.join(", ")
                    )));
            }
        }
        Ok(())
    }

    fn unsupported(&self, doc: usize, node: Node, parent: &str) -> XsdError {
        self.error(
            doc,
            node,
            format!(
                "unsupported construct `xs:{}` in `xs:{parent}`",
                node.tag_name().name()
            ),
        )
    }

    fn required_attribute(
        &self,
        doc: usize,
        node: Node<'a, 'a>,
        name: &str,
    ) -> Result<&'a str, XsdError> {
        node.attribute(name).ok_or_else(|| {
            self.error(
                doc,
                node,
                format!("`xs:{}` needs a `{name}` attribute", node.tag_name().name()),
            )
        })
    }

    /// Resolves a QName written in an attribute value, in the scope of `node`.
    fn qname(
        &self,
        doc: usize,
        node: Node,
        value: &str,
    ) -> Result<(Option<String>, String), XsdError> {
        let value = value.trim();
        let (prefix, local) = match value.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, value),
        };
        let uri = node.lookup_namespace_uri(prefix);
        if prefix.is_some() && uri.is_none() {
            return Err(self.error(
                doc,
                node,
                format!(
                    "prefix `{}` of `{value}` is not declared",
                    prefix.unwrap_or_default()
                ),
            ));
        }
        Ok((
            uri.filter(|u| !u.is_empty()).map(str::to_owned),
            local.to_owned(),
        ))
    }

    /// Resolves a QName to a name in the model; it must be in a namespace of the set.
    fn component_name(&self, doc: usize, node: Node, value: &str) -> Result<QName, XsdError> {
        let (uri, local) = self.qname(doc, node, value)?;
        let ns = match uri {
            None => None,
            Some(uri) => Some(
                self.namespaces
                    .iter()
                    .position(|n| n.uri == uri)
                    .map(NsId)
                    .ok_or_else(|| {
                        self.error(
                            doc,
                            node,
                            format!("`{value}` is in namespace `{uri}`, which no document of the schema set declares"),
                        )
                    })?,
            ),
        };
        Ok(QName { ns, local })
    }

    // ----- registration ---------------------------------------------------------------------

    fn register(&mut self, doc: usize) -> Result<(), XsdError> {
        let root = self.docs[doc].root;
        let target = self.docs[doc].target;
        for child in Self::children(root) {
            let kind = match self.kind(doc, child)? {
                "import" => {
                    self.check_attributes(doc, child, &["namespace", "schemaLocation", "id"])?;
                    continue;
                }
                "include" => {
                    self.check_attributes(doc, child, &["schemaLocation", "id"])?;
                    continue;
                }
                "simpleType" | "complexType" => Kind::Type,
                "element" => Kind::Element,
                "attribute" => Kind::Attribute,
                "group" => Kind::Group,
                "attributeGroup" => Kind::AttributeGroup,
                _ => return Err(self.unsupported(doc, child, "schema")),
            };
            let local = self.required_attribute(doc, child, "name")?;
            let name = QName {
                ns: target,
                local: local.to_owned(),
            };
            if kind == Kind::Element {
                self.element_index.insert(name.clone(), self.elements.len());
                self.elements.push(None);
            }
            if self
                .decls
                .insert((kind, name.clone()), (doc, child))
                .is_some()
            {
                return Err(self.error(doc, child, format!("`{local}` is declared twice")));
            }
        }
        Ok(())
    }

    fn resolve_all(&mut self) -> Result<(), XsdError> {
        for doc in 0..self.docs.len() {
            let target = self.docs[doc].target;
            for child in Self::children(self.docs[doc].root) {
                let Some(local) = child.attribute("name") else {
                    continue;
                };
                let name = QName {
                    ns: target,
                    local: local.to_owned(),
                };
                match child.tag_name().name() {
                    "simpleType" => {
                        self.named_simple(&name)?;
                    }
                    "complexType" => {
                        self.named_complex(&name)?;
                    }
                    "element" => {
                        self.global_element(&name)?;
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<SchemaSet, XsdError> {
        let complex_types = self
            .complex_types
            .into_iter()
            .map(|c| c.expect("every complex type is resolved before finishing"))
            .collect();
        let elements = self
            .elements
            .into_iter()
            .map(|e| e.expect("every global element is resolved before finishing"))
            .collect();
        let files = self
            .docs
            .iter()
            .map(|d| SourceFile {
                name: d.source.name.clone(),
                target_namespace: d.target,
            })
            .collect();
        Ok(SchemaSet {
            namespaces: self.namespaces,
            files,
            simple_types: self.simple_types,
            complex_types,
            elements,
        })
    }

    // ----- type references ------------------------------------------------------------------

    /// Resolves the type named by an attribute value (`type`, `base`).
    fn type_ref(&mut self, doc: usize, node: Node, value: &str) -> Result<TypeRef, XsdError> {
        let (uri, local) = self.qname(doc, node, value)?;
        if uri.as_deref() == Some(XS) {
            if local == "anyType" {
                return Err(self
                    .error(doc, node, "`xs:anyType` is not supported")
                    .with_help("give the element or attribute a declared type"));
            }
            return Builtin::from_xsd_name(&local)
                .map(|b| TypeRef::Simple(SimpleRef::Builtin(b)))
                .ok_or_else(|| {
                    self.error(
                        doc,
                        node,
                        format!("built-in type `xs:{local}` is not supported"),
                    )
                });
        }
        let name = self.component_name(doc, node, value)?;
        match self.decls.get(&(Kind::Type, name.clone())) {
            Some((_, decl)) if decl.tag_name().name() == "simpleType" => Ok(TypeRef::Simple(
                SimpleRef::Declared(self.named_simple(&name)?),
            )),
            Some(_) => Ok(TypeRef::Complex(self.named_complex(&name)?)),
            None => Err(self.error(doc, node, format!("unknown type `{value}`"))),
        }
    }

    fn simple_ref(&mut self, doc: usize, node: Node, value: &str) -> Result<SimpleRef, XsdError> {
        match self.type_ref(doc, node, value)? {
            TypeRef::Simple(s) => Ok(s),
            TypeRef::Complex(_) => Err(self.error(
                doc,
                node,
                format!("`{value}` is a complex type; a simple type is needed here"),
            )),
        }
    }

    fn begin(&mut self, doc: usize, node: Node, kind: Kind, name: &QName) -> Result<(), XsdError> {
        if !self.in_progress.insert((kind, name.clone())) {
            return Err(self.error(
                doc,
                node,
                format!("`{}` is defined in terms of itself", name.local),
            ));
        }
        Ok(())
    }

    // ----- simple types ---------------------------------------------------------------------

    fn named_simple(&mut self, name: &QName) -> Result<SimpleId, XsdError> {
        if let Some(id) = self.simple_by_name.get(name) {
            return Ok(*id);
        }
        let (doc, node) = self.decls[&(Kind::Type, name.clone())];
        self.begin(doc, node, Kind::Type, name)?;
        let id = self.simple_type(doc, node, Some(name.clone()), Vec::new())?;
        self.in_progress.remove(&(Kind::Type, name.clone()));
        self.simple_by_name.insert(name.clone(), id);
        Ok(id)
    }

    /// Reads an `xs:simpleType`.
    fn simple_type(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        name: Option<QName>,
        context: Context,
    ) -> Result<SimpleId, XsdError> {
        self.check_attributes(doc, node, &["name", "id"])?;
        let mut children = Self::children(node);
        let Some(body) = children.next() else {
            return Err(self.error(doc, node, "`xs:simpleType` needs an `xs:restriction`"));
        };
        if let Some(extra) = children.next() {
            return Err(self.unsupported(doc, extra, "simpleType"));
        }
        match self.kind(doc, body)? {
            "restriction" => {}
            "list" | "union" => {
                return Err(self.error(
                    doc,
                    body,
                    format!(
                        "`xs:{}` simple types are not supported",
                        body.tag_name().name()
                    ),
                ));
            }
            _ => return Err(self.unsupported(doc, body, "simpleType")),
        }
        self.check_attributes(doc, body, &["base", "id"])?;
        let mut items = Self::children(body).peekable();
        let base = match body.attribute("base") {
            Some(base) => self.simple_ref(doc, body, base)?,
            None => match items.peek() {
                Some(inner) if inner.tag_name().name() == "simpleType" => {
                    let inner = *inner;
                    items.next();
                    let mut inner_context = context.clone();
                    inner_context.push("Base".to_owned());
                    SimpleRef::Declared(self.simple_type(doc, inner, None, inner_context)?)
                }
                _ => {
                    return Err(self.error(
                        doc,
                        body,
                        "`xs:restriction` needs a `base` attribute or an inline `xs:simpleType`",
                    ));
                }
            },
        };
        let builtin = self.builtin_of(base);
        let mut facets = Facets::default();
        for facet in items {
            self.facet(doc, facet, builtin, &mut facets)?;
        }
        let location = self.location(doc, node);
        self.simple_types.push(SimpleType {
            name,
            context,
            base,
            builtin,
            facets,
            location,
        });
        Ok(SimpleId(self.simple_types.len() - 1))
    }

    fn builtin_of(&self, ty: SimpleRef) -> Builtin {
        match ty {
            SimpleRef::Builtin(b) => b,
            SimpleRef::Declared(id) => self.simple_types[id.0].builtin,
        }
    }

    /// Reads one facet of a restriction into `facets`.
    fn facet(
        &self,
        doc: usize,
        node: Node,
        builtin: Builtin,
        facets: &mut Facets,
    ) -> Result<(), XsdError> {
        let kind = self.kind(doc, node)?;
        let known = matches!(
            kind,
            "enumeration"
                | "pattern"
                | "length"
                | "minLength"
                | "maxLength"
                | "minInclusive"
                | "minExclusive"
                | "maxInclusive"
                | "maxExclusive"
                | "totalDigits"
                | "fractionDigits"
                | "whiteSpace"
        );
        if !known {
            return Err(self.unsupported(doc, node, "restriction"));
        }
        if !builtin.accepts_facet(kind) {
            return Err(self.error(
                doc,
                node,
                format!(
                    "facet `xs:{kind}` does not apply to a type derived from `xs:{}`",
                    builtin.xsd_name()
                ),
            ));
        }
        self.check_attributes(doc, node, &["value", "fixed", "id"])?;
        let value = self.required_attribute(doc, node, "value")?;
        let count = |what: &str| -> Result<u64, XsdError> {
            value.trim().parse::<u64>().map_err(|_| {
                self.error(
                    doc,
                    node,
                    format!("`{what}` needs a non-negative integer, not `{value}`"),
                )
            })
        };
        let ordered = |facets_value: &mut Option<String>| -> Result<(), XsdError> {
            if !is_number_literal(builtin, value) {
                return Err(self.error(
                    doc,
                    node,
                    format!(
                        "`{value}` is not a valid `xs:{}` value for facet `xs:{kind}`",
                        builtin.xsd_name()
                    ),
                ));
            }
            *facets_value = Some(value.trim().to_owned());
            Ok(())
        };
        match kind {
            "enumeration" => facets.enumeration.push(value.to_owned()),
            "pattern" => {
                let regex = pattern::parse(value).map_err(|(at, message)| {
                    self.error(
                        doc,
                        node,
                        format!(
                            "invalid pattern `{value}` at character {}: {message}",
                            at + 1
                        ),
                    )
                })?;
                facets.patterns.push(Pattern {
                    source: value.to_owned(),
                    regex,
                });
            }
            "length" => facets.length = Some(count(kind)?),
            "minLength" => facets.min_length = Some(count(kind)?),
            "maxLength" => facets.max_length = Some(count(kind)?),
            "totalDigits" => {
                let n = u32::try_from(count(kind)?).unwrap_or(u32::MAX);
                if n == 0 {
                    return Err(self.error(doc, node, "`totalDigits` must be positive"));
                }
                facets.total_digits = Some(n);
            }
            "fractionDigits" => {
                facets.fraction_digits = Some(u32::try_from(count(kind)?).unwrap_or(u32::MAX))
            }
            "minInclusive" => ordered(&mut facets.min_inclusive)?,
            "minExclusive" => ordered(&mut facets.min_exclusive)?,
            "maxInclusive" => ordered(&mut facets.max_inclusive)?,
            "maxExclusive" => ordered(&mut facets.max_exclusive)?,
            "whiteSpace" => {
                facets.white_space = Some(match value.trim() {
                    "preserve" => WhiteSpace::Preserve,
                    "replace" => WhiteSpace::Replace,
                    "collapse" => WhiteSpace::Collapse,
                    other => {
                        return Err(self.error(
                            doc,
                            node,
                            format!(
                                "`whiteSpace` must be preserve, replace or collapse, not `{other}`"
                            ),
                        ));
                    }
                })
            }
            _ => unreachable!("facet kinds are checked above"),
        }
        Ok(())
    }

    // ----- complex types --------------------------------------------------------------------

    fn named_complex(&mut self, name: &QName) -> Result<ComplexId, XsdError> {
        if let Some(id) = self.complex_by_name.get(name) {
            return Ok(*id);
        }
        let (doc, node) = self.decls[&(Kind::Type, name.clone())];
        let id = ComplexId(self.complex_types.len());
        self.complex_types.push(None);
        self.complex_by_name.insert(name.clone(), id);
        self.begin(doc, node, Kind::Type, name)?;
        let ty = self.complex_type(doc, node, Some(name.clone()), Vec::new())?;
        self.in_progress.remove(&(Kind::Type, name.clone()));
        self.complex_types[id.0] = Some(ty);
        Ok(id)
    }

    fn anonymous_complex(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        context: Context,
    ) -> Result<ComplexId, XsdError> {
        let id = ComplexId(self.complex_types.len());
        self.complex_types.push(None);
        let ty = self.complex_type(doc, node, None, context)?;
        self.complex_types[id.0] = Some(ty);
        Ok(id)
    }

    /// The resolved complex type a derivation builds on.
    fn base_complex(
        &mut self,
        doc: usize,
        node: Node,
        id: ComplexId,
    ) -> Result<ComplexType, XsdError> {
        self.complex_types[id.0]
            .clone()
            .ok_or_else(|| self.error(doc, node, "circular derivation: a type derives from itself"))
    }

    /// Reads an `xs:complexType`.
    fn complex_type(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        name: Option<QName>,
        context: Context,
    ) -> Result<ComplexType, XsdError> {
        self.check_attributes(doc, node, &["name", "abstract", "mixed", "id"])?;
        let owner = match &name {
            Some(n) => vec![n.local.clone()],
            None => context.clone(),
        };
        let is_abstract = bool_attribute(node.attribute("abstract"));
        let mut mixed = bool_attribute(node.attribute("mixed"));
        let location = self.location(doc, node);
        let children: Vec<_> = Self::children(node).collect();
        let first = children.first().map(|c| c.tag_name().name());

        let (derivation, attributes, content) = match first {
            Some("simpleContent") => {
                if children.len() > 1 {
                    return Err(self.unsupported(doc, children[1], "complexType"));
                }
                self.simple_content(doc, children[0], &owner)?
            }
            Some("complexContent") => {
                if children.len() > 1 {
                    return Err(self.unsupported(doc, children[1], "complexType"));
                }
                let cc = children[0];
                self.check_attributes(doc, cc, &["mixed", "id"])?;
                if let Some(m) = cc.attribute("mixed") {
                    mixed = bool_attribute(Some(m));
                }
                let (derivation, attributes, content, base_mixed) =
                    self.complex_content(doc, cc, &owner)?;
                mixed |= base_mixed && derivation.method == DerivationMethod::Extension;
                (Some(derivation), attributes, content)
            }
            _ => {
                let (particle, attributes) =
                    self.particle_and_attributes(doc, node, &children, &owner)?;
                let content = match particle {
                    Some(p) => Content::Elements(p),
                    None => Content::Empty,
                };
                (None, attributes, content)
            }
        };
        let content = normalize_content(content);
        Ok(ComplexType {
            name,
            context,
            is_abstract,
            mixed,
            derivation,
            attributes,
            content,
            location,
        })
    }

    /// The optional particle and the attributes that make up a content model.
    fn particle_and_attributes(
        &mut self,
        doc: usize,
        parent: Node<'a, 'a>,
        children: &[Node<'a, 'a>],
        owner: &Context,
    ) -> Result<(Option<Particle>, Vec<AttributeUse>), XsdError> {
        let mut particle = None;
        let mut attributes = Vec::new();
        for (i, &child) in children.iter().enumerate() {
            match self.kind(doc, child)? {
                "sequence" | "choice" | "group" if i == 0 => {
                    particle = self.particle(doc, child, owner)?;
                }
                "attribute" | "attributeGroup" => {
                    self.attribute_item(doc, child, owner, &mut attributes)?;
                }
                _ => return Err(self.unsupported(doc, child, parent.tag_name().name())),
            }
        }
        Ok((particle, attributes))
    }

    /// The `xs:extension` or `xs:restriction` of an `xs:simpleContent` or
    /// `xs:complexContent`: its node, method, base name and resolved base.
    #[allow(clippy::type_complexity)]
    fn derivation(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
    ) -> Result<(Node<'a, 'a>, DerivationMethod, &'a str, TypeRef), XsdError> {
        let parent = node.tag_name().name();
        let mut children = Self::children(node);
        let Some(derive) = children.next() else {
            return Err(self.error(
                doc,
                node,
                format!("`xs:{parent}` needs an extension or restriction"),
            ));
        };
        if let Some(extra) = children.next() {
            return Err(self.unsupported(doc, extra, parent));
        }
        let method = match self.kind(doc, derive)? {
            "extension" => DerivationMethod::Extension,
            "restriction" => DerivationMethod::Restriction,
            _ => return Err(self.unsupported(doc, derive, parent)),
        };
        self.check_attributes(doc, derive, &["base", "id"])?;
        let base_name = self.required_attribute(doc, derive, "base")?;
        let base = self.type_ref(doc, derive, base_name)?;
        Ok((derive, method, base_name, base))
    }

    fn simple_content(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        owner: &Context,
    ) -> Result<(Option<Derivation>, Vec<AttributeUse>, Content), XsdError> {
        self.check_attributes(doc, node, &["id"])?;
        let (derive, method, base_name, base) = self.derivation(doc, node)?;
        let (base_simple, mut attributes) = match base {
            TypeRef::Simple(s) if method == DerivationMethod::Extension => (s, Vec::new()),
            TypeRef::Simple(_) => {
                return Err(self.error(
                    doc,
                    derive,
                    "a simpleContent restriction needs a complex base type with simple content",
                ));
            }
            TypeRef::Complex(id) => {
                let base_type = self.base_complex(doc, derive, id)?;
                match base_type.content {
                    Content::Simple(s) => (s, base_type.attributes),
                    _ => {
                        return Err(self.error(
                            doc,
                            derive,
                            format!("base type `{base_name}` does not have simple content"),
                        ));
                    }
                }
            }
        };
        let items: Vec<_> = Self::children(derive).collect();
        let mut own = Vec::new();
        let value_type = match method {
            DerivationMethod::Extension => {
                for &item in &items {
                    match self.kind(doc, item)? {
                        "attribute" | "attributeGroup" => {
                            self.attribute_item(doc, item, owner, &mut own)?
                        }
                        _ => return Err(self.unsupported(doc, item, "extension")),
                    }
                }
                base_simple
            }
            DerivationMethod::Restriction => {
                let builtin = self.builtin_of(base_simple);
                let mut facets = Facets::default();
                let mut restricted_base = base_simple;
                for &item in &items {
                    match self.kind(doc, item)? {
                        "attribute" | "attributeGroup" => {
                            self.attribute_item(doc, item, owner, &mut own)?
                        }
                        "simpleType" => {
                            let mut context = owner.clone();
                            context.push("Base".to_owned());
                            restricted_base =
                                SimpleRef::Declared(self.simple_type(doc, item, None, context)?);
                        }
                        _ => self.facet(doc, item, builtin, &mut facets)?,
                    }
                }
                if facets.is_empty() && restricted_base == base_simple {
                    base_simple
                } else {
                    let mut context = owner.clone();
                    context.push("Value".to_owned());
                    let location = self.location(doc, derive);
                    self.simple_types.push(SimpleType {
                        name: None,
                        context,
                        base: restricted_base,
                        builtin: self.builtin_of(restricted_base),
                        facets,
                        location,
                    });
                    SimpleRef::Declared(SimpleId(self.simple_types.len() - 1))
                }
            }
        };
        merge_attributes(&mut attributes, own, method);
        Ok((
            Some(Derivation { method, base }),
            attributes,
            Content::Simple(value_type),
        ))
    }

    fn complex_content(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        owner: &Context,
    ) -> Result<(Derivation, Vec<AttributeUse>, Content, bool), XsdError> {
        let (derive, method, base_name, base) = self.derivation(doc, node)?;
        let TypeRef::Complex(base_id) = base else {
            return Err(self.error(
                doc,
                derive,
                format!(
                    "`{base_name}` is a simple type; complexContent derives from a complex type"
                ),
            ));
        };
        let base_type = self.base_complex(doc, derive, base_id)?;
        let items: Vec<_> = Self::children(derive).collect();
        let (particle, own) = self.particle_and_attributes(doc, derive, &items, owner)?;
        let mut attributes = base_type.attributes.clone();
        merge_attributes(&mut attributes, own, method);
        let content = match method {
            DerivationMethod::Extension => match (base_type.content, particle) {
                (Content::Simple(_), _) => {
                    return Err(self.error(
                        doc,
                        derive,
                        format!(
                            "`{base_name}` has simple content: extend it with xs:simpleContent"
                        ),
                    ));
                }
                (Content::Empty, None) => Content::Empty,
                (Content::Empty, Some(p)) => Content::Elements(p),
                (Content::Elements(b), None) => Content::Elements(b),
                (Content::Elements(b), Some(p)) => Content::Elements(Particle {
                    min: 1,
                    max: MaxOccurs::Bounded(1),
                    term: Term::Sequence(vec![b, p]),
                }),
            },
            DerivationMethod::Restriction => match particle {
                Some(p) => Content::Elements(p),
                None => Content::Empty,
            },
        };
        Ok((
            Derivation { method, base },
            attributes,
            content,
            base_type.mixed,
        ))
    }

    // ----- particles ------------------------------------------------------------------------

    fn occurs(&self, doc: usize, node: Node) -> Result<Occurs, XsdError> {
        let min = match node.attribute("minOccurs") {
            None => 1,
            Some(v) => v.trim().parse::<u32>().map_err(|_| {
                self.error(
                    doc,
                    node,
                    format!("minOccurs must be a non-negative integer, not `{v}`"),
                )
            })?,
        };
        let max = match node.attribute("maxOccurs").map(str::trim) {
            None => MaxOccurs::Bounded(1),
            Some("unbounded") => MaxOccurs::Unbounded,
            Some(v) => MaxOccurs::Bounded(v.parse::<u32>().map_err(|_| {
                self.error(
                    doc,
                    node,
                    format!("maxOccurs must be a non-negative integer or `unbounded`, not `{v}`"),
                )
            })?),
        };
        match max {
            MaxOccurs::Bounded(0) if min == 0 => Ok(None),
            MaxOccurs::Bounded(m) if m < min => Err(self.error(
                doc,
                node,
                format!("maxOccurs ({m}) is less than minOccurs ({min})"),
            )),
            _ => Ok(Some((min, max))),
        }
    }

    /// Reads a particle: `xs:element`, `xs:sequence`, `xs:choice`, `xs:group` or
    /// `xs:any`. `None` when it can never occur (`maxOccurs="0"`).
    fn particle(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        owner: &Context,
    ) -> Result<Option<Particle>, XsdError> {
        let kind = self.kind(doc, node)?;
        match kind {
            "element" => {
                self.check_attributes(
                    doc,
                    node,
                    &[
                        "name",
                        "ref",
                        "type",
                        "minOccurs",
                        "maxOccurs",
                        "default",
                        "fixed",
                        "nillable",
                        "form",
                        "id",
                    ],
                )?;
                let Some(occurs) = self.occurs(doc, node)? else {
                    return Ok(None);
                };
                let decl = self.local_element(doc, node, owner)?;
                Ok(Some(particle(occurs, Term::Element(decl))))
            }
            "any" => {
                self.check_attributes(
                    doc,
                    node,
                    &[
                        "namespace",
                        "processContents",
                        "minOccurs",
                        "maxOccurs",
                        "id",
                    ],
                )?;
                let Some(occurs) = self.occurs(doc, node)? else {
                    return Ok(None);
                };
                Ok(Some(particle(occurs, Term::Any(self.wildcard(doc, node)?))))
            }
            "group" => {
                self.check_attributes(doc, node, &["ref", "minOccurs", "maxOccurs", "id"])?;
                let Some(occurs) = self.occurs(doc, node)? else {
                    return Ok(None);
                };
                let reference = self.required_attribute(doc, node, "ref")?;
                let name = self.component_name(doc, node, reference)?;
                let Some(&(gdoc, group)) = self.decls.get(&(Kind::Group, name.clone())) else {
                    return Err(self.error(doc, node, format!("unknown group `{reference}`")));
                };
                self.begin(doc, node, Kind::Group, &name)?;
                let mut inner = Self::children(group);
                let body = inner.next();
                let result = match body {
                    Some(body) if matches!(body.tag_name().name(), "sequence" | "choice") => {
                        self.particle(gdoc, body, owner)?
                    }
                    Some(other) => return Err(self.unsupported(gdoc, other, "group")),
                    None => None,
                };
                self.in_progress.remove(&(Kind::Group, name));
                // A group reference is a particle whose term is the group's model group.
                Ok(result.map(|p| particle(occurs, Term::Sequence(vec![p]))))
            }
            "sequence" | "choice" => {
                self.check_attributes(doc, node, &["minOccurs", "maxOccurs", "id"])?;
                let Some(occurs) = self.occurs(doc, node)? else {
                    return Ok(None);
                };
                let mut items = Vec::new();
                for child in Self::children(node) {
                    match self.kind(doc, child)? {
                        "element" | "any" | "group" | "sequence" | "choice" => {
                            if let Some(p) = self.particle(doc, child, owner)? {
                                items.push(p);
                            }
                        }
                        _ => return Err(self.unsupported(doc, child, kind)),
                    }
                }
                let term = if kind == "sequence" {
                    Term::Sequence(items)
                } else {
                    if items.is_empty() && occurs.0 > 0 {
                        return Err(self.error(
                            doc,
                            node,
                            "an empty `xs:choice` can never be satisfied",
                        ));
                    }
                    Term::Choice(items)
                };
                Ok(Some(particle(occurs, term)))
            }
            _ => Err(self.unsupported(doc, node, "content model")),
        }
    }

    fn wildcard(&self, doc: usize, node: Node) -> Result<Wildcard, XsdError> {
        let target = self.docs[doc]
            .target
            .map(|ns| self.namespaces[ns.0].uri.clone());
        let namespaces = match node.attribute("namespace").map(str::trim) {
            None | Some("##any") => NamespaceConstraint::Any,
            Some("##other") => NamespaceConstraint::Other(target),
            Some(list) => NamespaceConstraint::List(
                list.split_ascii_whitespace()
                    .map(|item| match item {
                        "##local" => None,
                        "##targetNamespace" => target.clone(),
                        uri => Some(uri.to_owned()),
                    })
                    .collect(),
            ),
        };
        let process = match node.attribute("processContents").map(str::trim) {
            None | Some("strict") => ProcessContents::Strict,
            Some("lax") => ProcessContents::Lax,
            Some("skip") => ProcessContents::Skip,
            Some(other) => {
                return Err(self.error(
                    doc,
                    node,
                    format!("processContents must be strict, lax or skip, not `{other}`"),
                ));
            }
        };
        Ok(Wildcard {
            namespaces,
            process,
            location: self.location(doc, node),
        })
    }

    // ----- elements -------------------------------------------------------------------------

    fn global_element(&mut self, name: &QName) -> Result<usize, XsdError> {
        let index = self.element_index[name];
        if self.elements[index].is_some() {
            return Ok(index);
        }
        let (doc, node) = self.decls[&(Kind::Element, name.clone())];
        self.check_attributes(
            doc,
            node,
            &[
                "name", "type", "default", "fixed", "nillable", "abstract", "id",
            ],
        )?;
        self.begin(doc, node, Kind::Element, name)?;
        let ty = self.element_type(doc, node, vec![name.local.clone()])?;
        self.in_progress.remove(&(Kind::Element, name.clone()));
        let decl = ElementDecl {
            name: name.clone(),
            ty,
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
            nillable: bool_attribute(node.attribute("nillable")),
            is_abstract: bool_attribute(node.attribute("abstract")),
            global: Some(index),
            location: self.location(doc, node),
        };
        self.elements[index] = Some(decl);
        Ok(index)
    }

    fn local_element(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        owner: &Context,
    ) -> Result<ElementDecl, XsdError> {
        if let Some(reference) = node.attribute("ref") {
            for conflicting in ["name", "type", "default", "fixed", "nillable", "form"] {
                if node.attribute(conflicting).is_some() {
                    return Err(self.error(
                        doc,
                        node,
                        format!("an element reference cannot have a `{conflicting}` attribute"),
                    ));
                }
            }
            let name = self.component_name(doc, node, reference)?;
            if !self.element_index.contains_key(&name) {
                return Err(self.error(doc, node, format!("unknown element `{reference}`")));
            }
            let index = self.global_element(&name)?;
            let mut decl = self.elements[index].clone().expect("resolved just above");
            decl.location = self.location(doc, node);
            return Ok(decl);
        }
        let local = self.required_attribute(doc, node, "name")?;
        let qualified = match node.attribute("form") {
            Some("qualified") => true,
            Some("unqualified") => false,
            Some(other) => {
                return Err(self.error(
                    doc,
                    node,
                    format!("form must be qualified or unqualified, not `{other}`"),
                ));
            }
            None => self.docs[doc].elements_qualified,
        };
        let name = QName {
            ns: if qualified {
                self.docs[doc].target
            } else {
                None
            },
            local: local.to_owned(),
        };
        let mut context = owner.clone();
        context.push(local.to_owned());
        let ty = self.element_type(doc, node, context)?;
        Ok(ElementDecl {
            name,
            ty,
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
            nillable: bool_attribute(node.attribute("nillable")),
            is_abstract: false,
            global: None,
            location: self.location(doc, node),
        })
    }

    /// The type of an element declaration: named by `type`, or declared inline.
    fn element_type(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        context: Context,
    ) -> Result<TypeRef, XsdError> {
        let inline: Vec<_> = Self::children(node).collect();
        match (node.attribute("type"), inline.as_slice()) {
            (Some(ty), []) => self.type_ref(doc, node, ty),
            (None, [one]) => match self.kind(doc, *one)? {
                "simpleType" => Ok(TypeRef::Simple(SimpleRef::Declared(
                    self.simple_type(doc, *one, None, context)?,
                ))),
                "complexType" => Ok(TypeRef::Complex(
                    self.anonymous_complex(doc, *one, context)?,
                )),
                _ => Err(self.unsupported(doc, *one, "element")),
            },
            (None, []) => Err(self
                .error(
                    doc,
                    node,
                    "an element without a type (`xs:anyType`) is not supported",
                )
                .with_help("give the element a `type` attribute or an inline type")),
            (Some(_), [first, ..]) => Err(self.error(
                doc,
                *first,
                "an element cannot have both a `type` attribute and an inline type",
            )),
            (None, [_, second, ..]) => Err(self.unsupported(doc, *second, "element")),
        }
    }

    // ----- attributes -----------------------------------------------------------------------

    fn attribute_item(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        owner: &Context,
        out: &mut Vec<AttributeUse>,
    ) -> Result<(), XsdError> {
        if node.tag_name().name() == "attributeGroup" {
            self.check_attributes(doc, node, &["ref", "id"])?;
            let reference = self.required_attribute(doc, node, "ref")?;
            let name = self.component_name(doc, node, reference)?;
            let Some(&(gdoc, group)) = self.decls.get(&(Kind::AttributeGroup, name.clone())) else {
                return Err(self.error(
                    doc,
                    node,
                    format!("unknown attribute group `{reference}`"),
                ));
            };
            self.begin(doc, node, Kind::AttributeGroup, &name)?;
            for item in Self::children(group) {
                match self.kind(gdoc, item)? {
                    "attribute" | "attributeGroup" => {
                        self.attribute_item(gdoc, item, owner, out)?
                    }
                    _ => return Err(self.unsupported(gdoc, item, "attributeGroup")),
                }
            }
            self.in_progress.remove(&(Kind::AttributeGroup, name));
            return Ok(());
        }
        self.check_attributes(
            doc,
            node,
            &[
                "name", "ref", "type", "use", "default", "fixed", "form", "id",
            ],
        )?;
        let usage = node.attribute("use").map(str::trim).unwrap_or("optional");
        if !matches!(usage, "optional" | "required" | "prohibited") {
            return Err(self.error(
                doc,
                node,
                format!("use must be optional, required or prohibited, not `{usage}`"),
            ));
        }
        let (name, ty, decl_node) = if let Some(reference) = node.attribute("ref") {
            let name = self.component_name(doc, node, reference)?;
            let Some(&(gdoc, global)) = self.decls.get(&(Kind::Attribute, name.clone())) else {
                return Err(self.error(doc, node, format!("unknown attribute `{reference}`")));
            };
            let ty = self.attribute_type(gdoc, global, owner)?;
            (name, ty, global)
        } else {
            let local = self.required_attribute(doc, node, "name")?;
            let qualified = match node.attribute("form") {
                Some("qualified") => true,
                Some(_) => false,
                None => self.docs[doc].attributes_qualified,
            };
            let name = QName {
                ns: if qualified {
                    self.docs[doc].target
                } else {
                    None
                },
                local: local.to_owned(),
            };
            let ty = self.attribute_type(doc, node, owner)?;
            (name, ty, node)
        };
        let default = node
            .attribute("default")
            .or_else(|| decl_node.attribute("default"))
            .map(str::to_owned);
        let fixed = node
            .attribute("fixed")
            .or_else(|| decl_node.attribute("fixed"))
            .map(str::to_owned);
        if usage == "prohibited" {
            out.retain(|a| a.name != name);
            out.push(AttributeUse {
                name,
                ty,
                required: false,
                default: None,
                fixed: Some(PROHIBITED.to_owned()),
                location: self.location(doc, node),
            });
            return Ok(());
        }
        if out.iter().any(|a| a.name == name) {
            return Err(self.error(
                doc,
                node,
                format!("attribute `{}` is declared twice", name.local),
            ));
        }
        out.push(AttributeUse {
            name,
            ty,
            required: usage == "required",
            default,
            fixed,
            location: self.location(doc, node),
        });
        Ok(())
    }

    fn attribute_type(
        &mut self,
        doc: usize,
        node: Node<'a, 'a>,
        owner: &Context,
    ) -> Result<SimpleRef, XsdError> {
        let inline: Vec<_> = Self::children(node).collect();
        match (node.attribute("type"), inline.as_slice()) {
            (Some(ty), []) => self.simple_ref(doc, node, ty),
            (None, [one]) if one.tag_name().name() == "simpleType" => {
                let mut context = owner.clone();
                context.push(node.attribute("name").unwrap_or("Attribute").to_owned());
                Ok(SimpleRef::Declared(
                    self.simple_type(doc, *one, None, context)?,
                ))
            }
            (None, []) => Ok(SimpleRef::Builtin(Builtin::AnySimpleType)),
            (_, [first, ..]) => Err(self.unsupported(doc, *first, "attribute")),
        }
    }
}

/// Marks an attribute use removed by `use="prohibited"` while merging.
const PROHIBITED: &str = "\u{0}prohibited";

/// Applies a derivation's own attribute uses to the inherited ones.
fn merge_attributes(
    inherited: &mut Vec<AttributeUse>,
    own: Vec<AttributeUse>,
    method: DerivationMethod,
) {
    for attribute in own {
        let prohibited = attribute.fixed.as_deref() == Some(PROHIBITED);
        match inherited.iter().position(|a| a.name == attribute.name) {
            Some(i) if prohibited => {
                inherited.remove(i);
            }
            Some(i) if method == DerivationMethod::Restriction => inherited[i] = attribute,
            _ if prohibited => {}
            _ => inherited.push(attribute),
        }
    }
    inherited.retain(|a| a.fixed.as_deref() != Some(PROHIBITED));
}

fn particle((min, max): (u32, MaxOccurs), term: Term) -> Particle {
    Particle { min, max, term }
}

fn bool_attribute(value: Option<&str>) -> bool {
    matches!(value.map(str::trim), Some("true") | Some("1"))
}

/// Whether a facet value is a lexically valid number for an ordered facet.
fn is_number_literal(builtin: Builtin, value: &str) -> bool {
    let v = value.trim();
    match builtin.family() {
        Family::Decimal => {
            let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
            let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
            let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
            let ok = !(int.is_empty() && frac.is_empty()) && all_digits(int) && all_digits(frac);
            ok && (!builtin.is_integer() || !digits.contains('.'))
        }
        Family::Float | Family::Double => {
            matches!(v, "INF" | "-INF" | "NaN")
                || v.parse::<f64>()
                    .is_ok_and(|_| !v.contains(['i', 'n', 'I', 'N']))
        }
        _ => false,
    }
}

// ----- particle normalisation ---------------------------------------------------------------

/// Simplifies a content model without changing the language it accepts: groups
/// with one particle are folded into it, nested groups of the same kind are
/// spliced, and choices with an optional alternative become optional choices.
fn normalize_content(content: Content) -> Content {
    match content {
        Content::Elements(p) => match normalize(p) {
            Some(p) => Content::Elements(p),
            None => Content::Empty,
        },
        other => other,
    }
}

fn normalize(p: Particle) -> Option<Particle> {
    let Particle { min, max, term } = p;
    let (is_sequence, items) = match term {
        Term::Sequence(items) => (true, items),
        Term::Choice(items) => (false, items),
        leaf => {
            return Some(Particle {
                min,
                max,
                term: leaf,
            });
        }
    };
    let mut out: Vec<Particle> = Vec::new();
    for item in items.into_iter().filter_map(normalize) {
        let splice = item.min == 1
            && item.max.is_one()
            && matches!(
                (&item.term, is_sequence),
                (Term::Sequence(_), true) | (Term::Choice(_), false)
            );
        if splice {
            match item.term {
                Term::Sequence(inner) | Term::Choice(inner) => out.extend(inner),
                _ => unreachable!(),
            }
        } else {
            out.push(item);
        }
    }
    let mut min = min;
    if !is_sequence && out.iter().any(Particle::is_nullable) {
        // (a? | b) accepts what (a | b)? accepts.
        min = 0;
        for alternative in &mut out {
            if alternative.min == 0 && alternative.max != MaxOccurs::Bounded(0) {
                alternative.min = 1;
            }
        }
    }
    if out.is_empty() {
        return None;
    }
    if out.len() == 1 {
        let only = &out[0];
        let folded = if min == 1 && max.is_one() {
            Some((only.min, only.max))
        } else if only.min == 1 && only.max.is_one() {
            Some((min, max))
        } else if min == 0 && max.is_one() && only.min <= 1 {
            Some((0, only.max))
        } else {
            None
        };
        if let Some((fmin, fmax)) = folded {
            let mut only = out.pop().expect("one particle");
            only.min = fmin;
            only.max = fmax;
            return Some(only);
        }
    }
    let term = if is_sequence {
        Term::Sequence(out)
    } else {
        Term::Choice(out)
    };
    Some(Particle { min, max, term })
}
