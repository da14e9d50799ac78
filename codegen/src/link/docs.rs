//! The documentation the spec gives the generated code: SRV names on the
//! values of `ServiceReferenceVariant` and on the request body elements,
//! response code meanings on the values of `ResponseCode`.

use std::collections::BTreeMap;

use crate::emit::Docs;
use crate::spec::Spec;

/// Documentation from the spec tables, per version.
pub struct SpecDocs {
    /// Per version: SRV → name.
    srv_names: BTreeMap<String, BTreeMap<String, String>>,
    /// Per version: body element → "SRV x 'name'" lines.
    bodies: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Per version: code → description.
    codes: BTreeMap<String, BTreeMap<String, String>>,
}

impl SpecDocs {
    pub fn new(spec: &Spec) -> SpecDocs {
        let mut docs = SpecDocs {
            srv_names: BTreeMap::new(),
            bodies: BTreeMap::new(),
            codes: BTreeMap::new(),
        };
        for version in &spec.universe.versions {
            let view = spec.view(version);
            let id = version.id.clone();
            for row in &view.matrix {
                docs.srv_names
                    .entry(id.clone())
                    .or_default()
                    .insert(row.srv.value.clone(), row.name.clone());
                docs.bodies
                    .entry(id.clone())
                    .or_default()
                    .entry(row.body.value.clone())
                    .or_default()
                    .push(format!("SRV {} '{}'", row.srv.value, row.name));
            }
            for code in &view.codes {
                docs.codes
                    .entry(id.clone())
                    .or_default()
                    .insert(code.code.value.clone(), code.description.clone());
            }
        }
        docs
    }
}

impl Docs for SpecDocs {
    fn enum_value(&self, version: &str, type_name: &str, value: &str) -> Option<String> {
        let local = type_name.rsplit(':').next().unwrap_or(type_name);
        match local {
            "ResponseCode" => self.codes.get(version)?.get(value).cloned(),
            "ServiceReferenceVariant" | "DSPScheduledServiceReferenceVariant" => self
                .srv_names
                .get(version)?
                .get(value)
                .map(|name| format!("'{name}'")),
            _ => None,
        }
    }

    fn element(&self, version: &str, local: &str) -> Option<String> {
        let srvs = self.bodies.get(version)?.get(local)?;
        Some(format!("The body of {}.", srvs.join(" and ")))
    }
}
