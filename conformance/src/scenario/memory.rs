//! [`MemoryContext`]: a `DccContext` held in memory.

use std::collections::{BTreeMap, BTreeSet};

use duis::dsp::{
    DccContext, Device, DeviceStatus, DeviceType, Registration, Smets, User, UserRole,
};
use serde::Deserialize;
use toml::Spanned;

use super::File;

/// What the DCC knows, in memory: Users, the Smart Metering Inventory,
/// Registration Data, earlier requests and the CSPs' WAN coverage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryContext {
    pub users: BTreeMap<String, User>,
    pub devices: BTreeMap<String, Device>,
    /// Join relationships, each pair in both orders.
    pub joins: BTreeSet<(String, String)>,
    /// CHF → the GPF on the same Communications Hub.
    pub gas_proxies: BTreeMap<String, String>,
    pub registrations: BTreeMap<String, Registration>,
    /// RequestID → SRV of requests handled before.
    pub requests: BTreeMap<String, String>,
    /// UPRN → WAN variants the CSPs report.
    pub wan: BTreeMap<String, Vec<String>>,
}

impl DccContext for MemoryContext {
    fn user(&self, user_id: &str) -> Option<User> {
        self.users.get(user_id).cloned()
    }

    fn device(&self, device_id: &str) -> Option<Device> {
        self.devices.get(device_id).cloned()
    }

    fn joined(&self, device_id: &str, other_device_id: &str) -> bool {
        self.joins
            .contains(&(device_id.to_owned(), other_device_id.to_owned()))
    }

    fn gas_proxy_of(&self, chf_id: &str) -> Option<String> {
        self.gas_proxies.get(chf_id).cloned()
    }

    fn registration(&self, meter_point: &str) -> Option<Registration> {
        self.registrations.get(meter_point).cloned()
    }

    fn original_request(&self, request_id: &str) -> Option<String> {
        self.requests.get(request_id).cloned()
    }

    fn wan_variants(&self, uprn: &str) -> Vec<String> {
        self.wan.get(uprn).cloned().unwrap_or_default()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct UserFile {
    id: Spanned<String>,
    party: String,
    roles: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct DeviceFile {
    id: Spanned<String>,
    #[serde(rename = "type")]
    device_type: Spanned<String>,
    status: Spanned<String>,
    smets: Spanned<String>,
    meter_point: Option<String>,
    gas_proxy: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JoinFile {
    devices: Spanned<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RegistrationFile {
    meter_point: String,
    supplier: Option<String>,
    export_supplier: Option<String>,
    network_operator: Option<String>,
    supplier_agent: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RequestFile {
    id: String,
    srv: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WanFile {
    uprn: String,
    variants: Vec<String>,
}

fn parse<T: std::str::FromStr<Err = String>>(
    value: &Spanned<String>,
) -> Result<T, (usize, String)> {
    value.get_ref().parse().map_err(|m| (value.span().start, m))
}

fn eui(value: &Spanned<String>) -> Result<String, (usize, String)> {
    let text = value.get_ref();
    let ok = text.len() == 23
        && text.split('-').count() == 8
        && text
            .split('-')
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()));
    if ok {
        Ok(text.clone())
    } else {
        Err((
            value.span().start,
            format!("`{text}` is not an EUI-64 written as eight hyphen-separated hex pairs"),
        ))
    }
}

impl MemoryContext {
    pub(crate) fn from_file(file: &File) -> Result<MemoryContext, (usize, String)> {
        let mut context = MemoryContext::default();
        for u in &file.user {
            let roles = u
                .roles
                .iter()
                .map(parse::<UserRole>)
                .collect::<Result<Vec<_>, _>>()?;
            let id = eui(&u.id)?;
            if context
                .users
                .insert(
                    id.clone(),
                    User {
                        party: u.party.clone(),
                        roles,
                        active: u.active,
                    },
                )
                .is_some()
            {
                return Err((u.id.span().start, format!("user {id} is listed twice")));
            }
        }
        for d in &file.device {
            let id = eui(&d.id)?;
            let device = Device {
                device_type: parse::<DeviceType>(&d.device_type)?,
                status: parse::<DeviceStatus>(&d.status)?,
                smets: parse::<Smets>(&d.smets)?,
                meter_point: d.meter_point.clone(),
            };
            if context.devices.insert(id.clone(), device).is_some() {
                return Err((d.id.span().start, format!("device {id} is listed twice")));
            }
            if let Some(gpf) = &d.gas_proxy {
                context.gas_proxies.insert(id, gpf.clone());
            }
        }
        for j in &file.join {
            let [a, b] = j.devices.get_ref().as_slice() else {
                return Err((
                    j.devices.span().start,
                    "a join names two devices".to_owned(),
                ));
            };
            context.joins.insert((a.clone(), b.clone()));
            context.joins.insert((b.clone(), a.clone()));
        }
        for r in &file.registration {
            context.registrations.insert(
                r.meter_point.clone(),
                Registration {
                    supplier: r.supplier.clone(),
                    export_supplier: r.export_supplier.clone(),
                    network_operator: r.network_operator.clone(),
                    supplier_agent: r.supplier_agent.clone(),
                },
            );
        }
        for r in &file.request {
            context.requests.insert(r.id.clone(), r.srv.clone());
        }
        for w in &file.wan {
            context.wan.insert(w.uprn.clone(), w.variants.clone());
        }
        Ok(context)
    }
}
