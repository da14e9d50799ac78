//! What the DSP knows when it validates a request: the [`DccContext`], and the
//! [`Submission`] (who sent the request, when).

use std::fmt;
use std::str::FromStr;

use duis_runtime::value::DateTime;

/// Enumerations of the domain, written as in the DUIS schemas and the SEC.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every value, in the order of the spec.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The value as the spec writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, String> {
                match text {
                    $($text => Ok($name::$variant),)*
                    _ => Err(format!(
                        "`{text}` is not a {} (one of: {})",
                        stringify!($name),
                        [$($text),*].join(", ")
                    )),
                }
            }
        }
    };
}

named_enum! {
    /// A DCC User Role.
    UserRole {
        /// Import Supplier.
        IS = "IS",
        /// Export Supplier.
        ES = "ES",
        /// Gas Supplier.
        GS = "GS",
        /// Registered Supplier Agent.
        RSA = "RSA",
        /// Electricity Distributor (a Network Operator).
        ED = "ED",
        /// Gas Transporter (a Network Operator).
        GT = "GT",
        /// Other User.
        OU = "OU",
    }
}

named_enum! {
    /// A device type of the Smart Metering Inventory (schema type `DeviceType`).
    DeviceType {
        /// Electricity Smart Metering Equipment.
        ESME = "ESME",
        /// Gas Smart Metering Equipment.
        GSME = "GSME",
        /// Gas Proxy Function.
        GPF = "GPF",
        /// Communications Hub Function.
        CHF = "CHF",
        /// HAN Connected Auxiliary Load Control Switch.
        HCALCS = "HCALCS",
        /// Prepayment Interface Device.
        PPMID = "PPMID",
        /// In-Home Display.
        IHD = "IHD",
        /// Consumer Access Device.
        CAD = "CAD",
    }
}

named_enum! {
    /// A device's status in the Smart Metering Inventory (schema type `DeviceStatus`).
    DeviceStatus {
        Pending = "Pending",
        Whitelisted = "Whitelisted",
        InstalledNotCommissioned = "InstalledNotCommissioned",
        Commissioned = "Commissioned",
        Decommissioned = "Decommissioned",
        Withdrawn = "Withdrawn",
        Suspended = "Suspended",
        Recovery = "Recovery",
        Recovered = "Recovered",
    }
}

named_enum! {
    /// The SMETS generation of a device.
    Smets {
        /// SMETS1, reached through a SMETS1 Service Provider.
        Smets1 = "SMETS1",
        /// SMETS2, reached through the Communications Hub.
        Smets2 = "SMETS2",
    }
}

/// A User ID's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The party the User ID belongs to, as Registration Data names it.
    pub party: String,
    /// The User Roles the User ID may act in.
    pub roles: Vec<UserRole>,
    /// Whether the User's status allows it to send Service Requests.
    pub active: bool,
}

/// A device's record in the Smart Metering Inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub device_type: DeviceType,
    pub status: DeviceStatus,
    pub smets: Smets,
    /// The meter point (MPAN or MPRN) the device serves, if any.
    pub meter_point: Option<String>,
}

/// Registration Data for a meter point: the parties responsible for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registration {
    /// The Responsible Supplier (import electricity, or gas).
    pub supplier: Option<String>,
    /// The export supplier of an export MPAN.
    pub export_supplier: Option<String>,
    /// The Electricity Distributor or Gas Transporter.
    pub network_operator: Option<String>,
    /// The Registered Supplier Agent.
    pub supplier_agent: Option<String>,
}

/// What the DSP knows. Device and User IDs are written as in DUIS messages:
/// EUI-64s as eight hyphen-separated pairs of hex digits.
pub trait DccContext {
    /// The record of a User ID, if it is a DCC User.
    fn user(&self, user_id: &str) -> Option<User>;

    /// The record of a device, if the inventory holds it.
    fn device(&self, device_id: &str) -> Option<Device>;

    /// Whether the inventory records the two devices as joined.
    fn joined(&self, device_id: &str, other_device_id: &str) -> bool;

    /// The Gas Proxy Function on the same Communications Hub as a CHF.
    fn gas_proxy_of(&self, chf_id: &str) -> Option<String>;

    /// Registration Data of a meter point.
    fn registration(&self, meter_point: &str) -> Option<Registration>;

    /// The Service Reference Variant of a request the DSP handled before,
    /// by its RequestID.
    fn original_request(&self, request_id: &str) -> Option<String>;

    /// The WAN variants the Communications Service Providers report for a
    /// property (by UPRN): `"420"`, `"Cellular"`, … or `" "` for coverage
    /// whose variant is not confirmed.
    fn wan_variants(&self, uprn: &str) -> Vec<String>;
}

/// How a request reached the DSP: the User Role it was sent in (from the
/// signing certificate) and when it was received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub role: UserRole,
    pub received: DateTime,
}
