//! The rows of the tables, as the generated code holds them: the Service
//! Request Matrix ([`Srv`]), validation rules ([`Rule`]) and additional
//! processing ([`Action`]).

use crate::config::Modification;
use crate::context::UserRole;

/// The Future Dated response pattern of an SRV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FutureDated {
    No,
    Device,
    Dsp,
    DspAndDevice,
}

/// Whether SRV 5.1 'Create Schedule' may schedule an SRV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DccScheduled {
    No,
    Yes,
    /// For SMETS1 devices only.
    Smets1Only,
}

/// Which SMETS generations an SRV applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmetsApplicability {
    Both,
    Smets1Only,
    Smets2Only,
}

/// One row of the Service Request Matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Srv {
    /// The Service Reference Variant, e.g. `8.8.1`.
    pub variant: &'static str,
    /// The Service Reference, e.g. `8.8`.
    pub reference: &'static str,
    pub name: &'static str,
    /// The request body element the SRV takes.
    pub body: &'static str,
    pub critical: bool,
    pub on_demand: bool,
    pub future_dated: FutureDated,
    pub dcc_scheduled: DccScheduled,
    pub non_device: bool,
    pub roles: &'static [UserRole],
    pub smets: SmetsApplicability,
    /// For a Non-Device SRV about one device: the body field naming it
    /// (`/`-separated element names below the body element).
    pub subject: Option<&'static str>,
}

/// Whether a failed rule rejects the request or warns and goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Reject,
    Warn,
}

/// One validation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    /// The condition that must hold, as the table writes it.
    pub check: &'static str,
    /// When the rule applies (empty: always).
    pub when: &'static str,
    /// Its exemptions (empty: none).
    pub unless: &'static str,
    /// The response code when the check fails.
    pub code: &'static str,
    pub effect: Effect,
    pub description: &'static str,
    /// Whether the rule is one of the SRV's specific checks (not a general one).
    pub specific: bool,
    /// The modification that added or altered this form of the rule.
    pub modification: Option<&'static Modification>,
}

/// One row of additional processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    pub id: &'static str,
    /// The action, as the table writes it.
    pub action: &'static str,
    /// When it applies (empty: always).
    pub when: &'static str,
    pub description: &'static str,
    pub modification: Option<&'static Modification>,
}
