//! Applies a schema patch (`spec/patches/`) to a version's schema model,
//! making a draft version's schema set.

use crate::diagnostic::Located;
use crate::model::{
    ComplexId, Content, ElementDecl, QName, SchemaSet, SimpleId, SimpleRef, Term, TypeRef,
};
use crate::spec::cell::Text;
use crate::spec::patches::Patch;

/// Resolves `prefix:Local` with the schema set's own prefixes.
fn qname(set: &SchemaSet, text: &Text) -> Result<QName, Located> {
    let (prefix, local) = text
        .value
        .split_once(':')
        .ok_or_else(|| text.error("write the name as prefix:LocalName"))?;
    let ns = set
        .namespaces
        .iter()
        .position(|n| n.prefix == prefix)
        .ok_or_else(|| {
            let known: Vec<&str> = set.namespaces.iter().map(|n| n.prefix.as_str()).collect();
            text.error(format!(
                "unknown prefix `{prefix}` (the schema set's prefixes: {})",
                known.join(", ")
            ))
        })?;
    Ok(QName {
        ns: Some(crate::model::NsId(ns)),
        local: local.to_owned(),
    })
}

fn simple_type(set: &SchemaSet, text: &Text) -> Result<SimpleId, Located> {
    let name = qname(set, text)?;
    set.simple_types
        .iter()
        .position(|t| t.name.as_ref() == Some(&name))
        .map(SimpleId)
        .ok_or_else(|| {
            text.error(format!(
                "the schema set has no simple type `{}`",
                text.value
            ))
        })
}

fn type_ref(set: &SchemaSet, text: &Text) -> Result<TypeRef, Located> {
    let name = qname(set, text)?;
    if let Some(i) = set
        .complex_types
        .iter()
        .position(|t| t.name.as_ref() == Some(&name))
    {
        return Ok(TypeRef::Complex(ComplexId(i)));
    }
    if let Some(i) = set
        .simple_types
        .iter()
        .position(|t| t.name.as_ref() == Some(&name))
    {
        return Ok(TypeRef::Simple(SimpleRef::Declared(SimpleId(i))));
    }
    Err(text.error(format!("the schema set has no type `{}`", text.value)))
}

/// The choice (anywhere in the content) that has an element named `local`.
fn choice_with<'t>(term: &'t mut Term, local: &str) -> Option<&'t mut Vec<crate::model::Particle>> {
    match term {
        Term::Choice(items) => {
            if items
                .iter()
                .any(|p| matches!(&p.term, Term::Element(e) if e.name.local == local))
            {
                return Some(items);
            }
            items
                .iter_mut()
                .find_map(|p| choice_with(&mut p.term, local))
        }
        Term::Sequence(items) => items
            .iter_mut()
            .find_map(|p| choice_with(&mut p.term, local)),
        _ => None,
    }
}

/// Applies the patch; every problem names the patch file's line and column.
pub fn apply(set: &mut SchemaSet, patch: &Patch) -> Result<(), Vec<Located>> {
    let mut errors = Vec::new();
    for e in &patch.enumerations {
        let id = match simple_type(set, &e.type_name) {
            Ok(id) => id,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let facets = &mut set.simple_types[id.0].facets;
        if facets.enumeration.is_empty() {
            errors.push(e.type_name.error(format!(
                "`{}` has no enumeration of its own to add values to",
                e.type_name.value
            )));
            continue;
        }
        for value in &e.add {
            if facets.enumeration.contains(&value.value) {
                errors.push(value.error(format!(
                    "`{}` is already a value of `{}`",
                    value.value, e.type_name.value
                )));
            } else {
                facets.enumeration.push(value.value.clone());
            }
        }
    }
    for c in &patch.choices {
        let name = match qname(set, &c.type_name) {
            Ok(n) => n,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let Some(index) = set
            .complex_types
            .iter()
            .position(|t| t.name.as_ref() == Some(&name))
        else {
            errors.push(c.type_name.error(format!(
                "the schema set has no complex type `{}`",
                c.type_name.value
            )));
            continue;
        };
        let mut added = Vec::new();
        for (element, ty) in &c.add {
            match type_ref(set, ty) {
                Ok(t) => added.push((element, t)),
                Err(error) => errors.push(error),
            }
        }
        let ct = &mut set.complex_types[index];
        let Content::Elements(particle) = &mut ct.content else {
            errors.push(
                c.type_name
                    .error(format!("`{}` has no element content", c.type_name.value)),
            );
            continue;
        };
        let Some(items) = choice_with(&mut particle.term, &c.after.value) else {
            errors.push(c.after.error(format!(
                "`{}` has no choice with an element `{}`",
                c.type_name.value, c.after.value
            )));
            continue;
        };
        let Some(at) = items
            .iter()
            .position(|p| matches!(&p.term, Term::Element(e) if e.name.local == c.after.value))
        else {
            continue;
        };
        let template = items[at].clone();
        let Term::Element(after) = &template.term else {
            continue;
        };
        for (offset, (element, ty)) in added.into_iter().enumerate() {
            if items
                .iter()
                .any(|p| matches!(&p.term, Term::Element(e) if e.name.local == element.value))
            {
                errors.push(element.error(format!(
                    "the choice already has an element `{}`",
                    element.value
                )));
                continue;
            }
            let mut particle = template.clone();
            particle.term = Term::Element(ElementDecl {
                name: QName {
                    ns: after.name.ns,
                    local: element.value.clone(),
                },
                ty,
                default: None,
                fixed: None,
                nillable: false,
                is_abstract: false,
                global: None,
                location: after.location,
            });
            items.insert(at + 1 + offset, particle);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
