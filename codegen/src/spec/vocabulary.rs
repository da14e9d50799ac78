//! The closed vocabulary of the rule tables: the predicates a condition may
//! use, the actions additional processing may name, and the terms for
//! devices and body fields. The runtime (`duis-dsp`) has one method per entry;
//! a table that uses anything else is an error.

/// The kind of one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// A device: `target`, `subject`, `device(body/…)`, `gas-proxy-of(D)`.
    Device,
    /// A body field: `body/Element/…`.
    Field,
    /// An SMI device status, e.g. `Commissioned`.
    Status,
    /// A device type, e.g. `CHF`.
    DeviceType,
    /// A User Role, e.g. `ED`.
    Role,
    /// A Service Reference Variant, e.g. `8.8.1`.
    Srv,
    /// A Command Variant, 1 to 9.
    CommandVariant,
    /// `SMETS1` or `SMETS2`.
    Smets,
    /// A value as written in a message (quote it with '…' if it has spaces).
    Value,
}

/// A predicate or action: its name, arguments and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    pub name: &'static str,
    pub params: &'static [Param],
    /// The last parameter takes one or more values.
    pub variadic: bool,
    pub doc: &'static str,
}

const fn sig(
    name: &'static str,
    params: &'static [Param],
    variadic: bool,
    doc: &'static str,
) -> Signature {
    Signature {
        name,
        params,
        variadic,
        doc,
    }
}

use Param::*;

/// Every predicate a rule's `when`, `unless` or `check` may use.
pub static PREDICATES: &[Signature] = &[
    sig(
        "user-known",
        &[],
        false,
        "the User ID is a DCC User holding the role the request was sent in",
    ),
    sig(
        "role-eligible",
        &[],
        false,
        "the Service Request Matrix lists the role for the SRV",
    ),
    sig(
        "user-active",
        &[],
        false,
        "the User's status allows it to send requests",
    ),
    sig(
        "has-subject",
        &[],
        false,
        "the request concerns a device (the target, or the matrix's subject field)",
    ),
    sig("critical", &[], false, "the matrix marks the SRV Critical"),
    sig(
        "non-device",
        &[],
        false,
        "the matrix marks the SRV a Non-Device request",
    ),
    sig(
        "command-variant-fits",
        &[],
        false,
        "the Command Variant is 8 for a Non-Device SRV, 4 to 7 for a Critical one, 1 to 3 otherwise",
    ),
    sig(
        "reference-fits",
        &[],
        false,
        "the header's Service Reference is the SRV's",
    ),
    sig(
        "body-fits",
        &[],
        false,
        "the body is the SRV's element (a signed pre-command for Command Variants 5 to 7)",
    ),
    sig(
        "device-known",
        &[Device],
        false,
        "the Smart Metering Inventory holds the device",
    ),
    sig(
        "registration-party",
        &[Device],
        false,
        "by Registration Data, the User's party is responsible, in the User's role, for the device's meter point",
    ),
    sig(
        "smets-applicable",
        &[Device],
        false,
        "the matrix applies the SRV to the device's SMETS generation",
    ),
    sig(
        "status-in",
        &[Device, Status],
        true,
        "the device's SMI status is one of these",
    ),
    sig(
        "type-in",
        &[Device, DeviceType],
        true,
        "the device is of one of these types",
    ),
    sig(
        "smets",
        &[Device, Smets],
        false,
        "the device is of this SMETS generation",
    ),
    sig(
        "role-in",
        &[Role],
        true,
        "the request was sent in one of these User Roles",
    ),
    sig(
        "srv-in",
        &[Srv],
        true,
        "the request is of one of these SRVs",
    ),
    sig(
        "command-variant-in",
        &[CommandVariant],
        true,
        "the Command Variant is one of these",
    ),
    sig(
        "joined",
        &[Device, Device],
        false,
        "the SMI records the two devices as joined",
    ),
    sig(
        "not-future",
        &[Field],
        false,
        "the date and time in the field is not after the request was received (absent: holds)",
    ),
    sig("present", &[Field], false, "the optional field is present"),
    sig(
        "value-in",
        &[Field, Value],
        true,
        "the field holds one of these values",
    ),
    sig(
        "original-srv-in",
        &[Field, Srv],
        true,
        "the request whose RequestID the field holds was of one of these SRVs",
    ),
    sig(
        "csp-wan-variant-in",
        &[Field, Value],
        true,
        "a Communications Service Provider reports one of these WAN variants for the property (UPRN) in the field",
    ),
];

/// Every action additional processing may name.
pub static ACTIONS: &[Signature] = &[
    sig(
        "set-status",
        &[Device, Status],
        false,
        "set the device's SMI status",
    ),
    sig(
        "remove-join",
        &[Device, Device],
        false,
        "remove the SMI's join record of the two devices (there must be one)",
    ),
    sig(
        "reconcile-device-certificates",
        &[Device],
        false,
        "compare the device's certificates in the response with the inventory; update the inventory and the SMKI Repository if they differ",
    ),
    sig(
        "process-returned-response",
        &[Field],
        false,
        "process the locally delivered command's response returned for the request in the field",
    ),
    sig(
        "return-wan-coverage",
        &[Field],
        false,
        "return the CSPs' SM WAN coverage for the property (UPRN) in the field",
    ),
    sig(
        "mark-wan-variant-unconfirmed",
        &[Field],
        false,
        "report that coverage is expected for the property but its WAN variant is not confirmed (a single space)",
    ),
];

/// The device terms.
pub static DEVICE_TERMS: &[(&str, &str)] = &[
    ("target", "the BusinessTargetID of the request"),
    (
        "subject",
        "the device the request concerns: the target, or for a Non-Device SRV the matrix's subject field",
    ),
    ("device(body/…)", "the device whose ID is in a body field"),
    (
        "gas-proxy-of(D)",
        "the Gas Proxy Function on the same Communications Hub as the CHF D",
    ),
];

pub const STATUSES: &[&str] = &[
    "Pending",
    "Whitelisted",
    "InstalledNotCommissioned",
    "Commissioned",
    "Decommissioned",
    "Withdrawn",
    "Suspended",
    "Recovery",
    "Recovered",
];
pub const DEVICE_TYPES: &[&str] = &[
    "ESME", "GSME", "GPF", "CHF", "HCALCS", "PPMID", "IHD", "CAD",
];
pub const ROLES: &[&str] = &["IS", "ES", "GS", "RSA", "ED", "GT", "OU"];
pub const SMETS: &[&str] = &["SMETS1", "SMETS2"];

pub fn predicate(name: &str) -> Option<&'static Signature> {
    PREDICATES.iter().find(|s| s.name == name)
}

pub fn action(name: &str) -> Option<&'static Signature> {
    ACTIONS.iter().find(|s| s.name == name)
}

/// The vocabulary as Markdown, for `cargo xtask spec vocabulary` and the spec README.
pub fn markdown() -> String {
    let mut out = String::from("## Predicates\n\n| predicate | meaning |\n| --- | --- |\n");
    let show = |s: &Signature| {
        if s.params.is_empty() {
            return format!("`{}`", s.name);
        }
        let mut args: Vec<String> = s.params.iter().map(|p| param_name(*p).to_owned()).collect();
        if s.variadic
            && let Some(last) = args.last_mut()
        {
            last.push('…');
        }
        format!("`{}({})`", s.name, args.join(" "))
    };
    for s in PREDICATES {
        out.push_str(&format!("| {} | {} |\n", show(s), s.doc));
    }
    out.push_str("\nConditions combine predicates with `and`, `or`, `not` and parentheses.\n");
    out.push_str("\n## Actions\n\n| action | meaning |\n| --- | --- |\n");
    for s in ACTIONS {
        out.push_str(&format!("| {} | {} |\n", show(s), s.doc));
    }
    out.push_str("\n## Terms\n\n| term | meaning |\n| --- | --- |\n");
    for (term, doc) in DEVICE_TERMS {
        out.push_str(&format!("| `{term}` | {doc} |\n"));
    }
    out.push_str("| `body/A/B` | the field B of the element A of the request's body element |\n");
    out
}

pub fn param_name(p: Param) -> &'static str {
    match p {
        Device => "D",
        Field => "body/…",
        Status => "status",
        DeviceType => "type",
        Role => "role",
        Srv => "srv",
        CommandVariant => "n",
        Smets => "SMETS1|SMETS2",
        Value => "value",
    }
}
