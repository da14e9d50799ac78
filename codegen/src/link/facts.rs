//! The facts of a schema set the spec cross-checks need, as plain strings.

use crate::model::{Content, SchemaSet, SimpleRef, Term, TypeRef};
use crate::spec::check::SchemaFacts;

/// The enumeration of the named simple type `local` (in any namespace).
fn enumeration(set: &SchemaSet, local: &str) -> Vec<String> {
    set.simple_types
        .iter()
        .enumerate()
        .find(|(_, t)| t.name.as_ref().is_some_and(|n| n.local == local))
        .and_then(|(i, _)| set.enumeration(SimpleRef::Declared(crate::model::SimpleId(i))))
        .map(<[String]>::to_vec)
        .unwrap_or_default()
}

/// The local names of the elements of `Request/Body`.
fn body_elements(set: &SchemaSet) -> Vec<String> {
    let child_type = |ty: TypeRef, local: &str| -> Option<TypeRef> {
        let TypeRef::Complex(id) = ty else {
            return None;
        };
        let Content::Elements(p) = &set.complex(id).content else {
            return None;
        };
        find_element(&p.term, local)
    };
    let Some(request) = set
        .elements
        .iter()
        .find(|e| e.name.local == "Request" && e.name.ns.is_some())
    else {
        return Vec::new();
    };
    let Some(TypeRef::Complex(body)) = child_type(request.ty, "Body") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Content::Elements(p) = &set.complex(body).content {
        collect_elements(&p.term, &mut out);
    }
    out
}

fn find_element(term: &Term, local: &str) -> Option<TypeRef> {
    match term {
        Term::Element(e) if e.name.local == local => Some(e.ty),
        Term::Sequence(items) | Term::Choice(items) => {
            items.iter().find_map(|p| find_element(&p.term, local))
        }
        _ => None,
    }
}

fn collect_elements(term: &Term, out: &mut Vec<String>) {
    match term {
        Term::Element(e) => out.push(e.name.local.clone()),
        Term::Sequence(items) | Term::Choice(items) => {
            items.iter().for_each(|p| collect_elements(&p.term, out))
        }
        Term::Any(_) => {}
    }
}

/// What the spec's cross-checks need of one version's schema set.
pub fn schema_facts(set: &SchemaSet) -> SchemaFacts {
    SchemaFacts {
        srvs: enumeration(set, "ServiceReferenceVariant"),
        references: enumeration(set, "ServiceReference"),
        scheduled_srvs: enumeration(set, "DSPScheduledServiceReferenceVariant"),
        scheduled_references: enumeration(set, "DSPScheduledServiceReference"),
        response_codes: enumeration(set, "ResponseCode"),
        body_elements: body_elements(set),
        device_types: enumeration(set, "DeviceType"),
        device_statuses: enumeration(set, "DeviceStatus"),
    }
}
