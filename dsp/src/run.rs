//! [`Run`]: one request going through the generated validator. The generated
//! code calls [`Run::rule`] for each rule of the tables, in order, with the
//! rule's conditions written as calls of the predicates below; `Run` keeps
//! the trace and the outcome.

use std::fmt;

use duis_runtime::value::DateTime;

use crate::config::{Config, Modification};
use crate::context::{DccContext, DeviceStatus, DeviceType, Smets, Submission, UserRole};
use crate::outcome::{Outcome, Processing, Step, StepKind, StepResult};
use crate::tables::{Action, Effect, Rule, SmetsApplicability, Srv};

/// The header fields the rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// BusinessOriginatorID: the User ID.
    pub originator: &'a str,
    /// BusinessTargetID: the device (or the DCC, for Non-Device requests).
    pub target: &'a str,
    pub command_variant: u8,
    pub service_reference: &'a str,
}

/// The request was rejected: the outcome holds the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop;

/// A rejection found by a hook for checks the tables do not specify yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// A response code of the version (e.g. `ResponseCode::E080801.as_str()`).
    pub code: &'static str,
    pub reason: String,
}

/// The hook for the specific checks the tables do not specify yet, as a
/// version's SRV checks call it: the user's `PendingChecks`, bound to the
/// request being validated.
pub type Pending<'p> = dyn Fn(&dyn DccContext) -> Option<Rejection> + 'p;

/// Splits a RequestID (`originator:target:counter`) into the BusinessOriginatorID
/// and the BusinessTargetID.
pub fn split_request_id(request_id: &str) -> (&str, &str) {
    let mut parts = request_id.split(':');
    let originator = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("");
    (originator, target)
}

/// A device a rule speaks of: its ID, or none (an absent optional field, or
/// the subject of a request that concerns no device).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dev(Option<String>);

impl Dev {
    pub fn id(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl fmt::Display for Dev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or("(no device)"))
    }
}

/// One request under validation.
pub struct Run<'a> {
    srv: &'static Srv,
    header: Header<'a>,
    body_fits: bool,
    submission: &'a Submission,
    context: &'a dyn DccContext,
    config: &'a Config,
    subject: Dev,
    rejected: Option<&'static str>,
    specified: bool,
    warnings: Vec<&'static str>,
    processing: Vec<Processing>,
    trace: Vec<Step>,
}

impl<'a> Run<'a> {
    /// Starts validating a request of the SRV `srv`. `body_fits` says whether
    /// the body is the element the SRV takes (or a signed pre-command).
    pub fn new(
        srv: &'static Srv,
        header: Header<'a>,
        body_fits: bool,
        submission: &'a Submission,
        context: &'a dyn DccContext,
        config: &'a Config,
    ) -> Run<'a> {
        let subject = if srv.non_device {
            Dev(None)
        } else {
            Dev(Some(header.target.to_owned()))
        };
        Run {
            srv,
            header,
            body_fits,
            submission,
            context,
            config,
            subject,
            rejected: None,
            specified: false,
            warnings: Vec::new(),
            processing: Vec::new(),
            trace: Vec::new(),
        }
    }

    /// Names the device a Non-Device request concerns (the matrix's subject).
    pub fn set_subject(&mut self, subject: Dev) {
        self.subject = subject;
    }

    /// What the DSP knows (for hooks).
    pub fn context(&self) -> &'a dyn DccContext {
        self.context
    }

    /// Whether a modification is in force under the configuration.
    pub fn active(&self, modification: &Modification) -> bool {
        self.config.is_active(modification)
    }

    /// Evaluates one rule: not applicable unless `when` holds, exempt when
    /// `unless` holds, else `check` decides. A failed check that rejects
    /// stops the validation.
    pub fn rule(
        &mut self,
        rule: &'static Rule,
        when: impl FnOnce(&Run<'a>) -> bool,
        unless: impl FnOnce(&Run<'a>) -> bool,
        check: impl FnOnce(&Run<'a>) -> bool,
    ) -> Result<(), Stop> {
        if rule.specific {
            self.specified = true;
        }
        let result = if !when(self) {
            StepResult::NotApplicable
        } else if unless(self) {
            StepResult::Exempt
        } else if check(self) {
            StepResult::Passed
        } else {
            match rule.effect {
                Effect::Reject => StepResult::Failed(rule.code),
                Effect::Warn => StepResult::Warned(rule.code),
            }
        };
        self.step_for_rule(rule, result.clone());
        match result {
            StepResult::Failed(code) => {
                self.rejected = Some(code);
                Err(Stop)
            }
            StepResult::Warned(code) => {
                self.warnings.push(code);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A rule that a modification in force takes out.
    pub fn removed(&mut self, rule: &'static Rule, by: &'static Modification) {
        self.step_for_rule(rule, StepResult::Removed(by.id));
    }

    /// A rule that reads body fields, when the body is a signed pre-command.
    pub fn body_unavailable(&mut self, rule: &'static Rule) {
        if rule.specific {
            self.specified = true;
        }
        self.step_for_rule(rule, StepResult::BodyUnavailable);
    }

    /// The tables' statement that the SRV has no specific validation.
    pub fn no_specific_validation(&mut self, rule: &'static Rule) {
        self.specified = true;
        self.step_for_rule(rule, StepResult::NoSpecificValidation);
    }

    /// Whether any specific rule of the SRV was met (if none, the hook runs).
    pub fn is_specified(&self) -> bool {
        self.specified
    }

    /// The hook for the SRV's specific checks that the tables do not specify yet.
    pub fn hook(&mut self, name: &'static str, found: Option<Rejection>) -> Result<(), Stop> {
        let code = found.as_ref().map(|r| r.code);
        let description = match &found {
            Some(rejection) => format!("{name}: {}", rejection.reason),
            None => format!(
                "the specific checks of SRV {} are not in the tables: {name} found nothing",
                self.srv.variant
            ),
        };
        self.trace.push(Step {
            id: "hook",
            kind: StepKind::Pending,
            result: StepResult::Hook(code),
            description,
            modification: None,
        });
        match code {
            Some(code) => {
                self.rejected = Some(code);
                Err(Stop)
            }
            None => Ok(()),
        }
    }

    /// One row of additional processing: applies when `when` holds.
    pub fn process(
        &mut self,
        action: &'static Action,
        verb: &'static str,
        when: impl FnOnce(&Run<'a>) -> bool,
        arguments: impl FnOnce(&Run<'a>) -> Vec<String>,
    ) {
        let applies = when(self);
        if applies {
            let arguments = arguments(self);
            self.processing.push(Processing {
                id: action.id,
                action: verb,
                arguments,
                description: action.description,
            });
        }
        self.trace.push(Step {
            id: action.id,
            kind: StepKind::Processing,
            result: if applies {
                StepResult::Applied
            } else {
                StepResult::NotTriggered
            },
            description: action.description.to_owned(),
            modification: action.modification.map(|m| m.id),
        });
    }

    /// A processing row that reads body fields, when the body is a signed
    /// pre-command.
    pub fn process_body_unavailable(&mut self, action: &'static Action) {
        self.trace.push(Step {
            id: action.id,
            kind: StepKind::Processing,
            result: StepResult::BodyUnavailable,
            description: action.description.to_owned(),
            modification: action.modification.map(|m| m.id),
        });
    }

    /// A processing row that a modification in force takes out.
    pub fn process_removed(&mut self, action: &'static Action, by: &'static Modification) {
        self.trace.push(Step {
            id: action.id,
            kind: StepKind::Processing,
            result: StepResult::Removed(by.id),
            description: action.description.to_owned(),
            modification: None,
        });
    }

    /// Whether the request has been rejected.
    pub fn is_rejected(&self) -> bool {
        self.rejected.is_some()
    }

    /// The outcome: the first rejection's code, or `I0` (Non-Device requests,
    /// answered by the DSP) or `I99` (acknowledged and sent on to the device).
    pub fn finish(self) -> Outcome {
        let (code, accepted, processing) = match self.rejected {
            Some(code) => (code, false, Vec::new()),
            None if self.srv.non_device => ("I0", true, self.processing),
            None => ("I99", true, self.processing),
        };
        Outcome {
            srv: self.srv.variant,
            srv_name: self.srv.name,
            code,
            accepted,
            warnings: self.warnings,
            processing,
            trace: self.trace,
        }
    }

    fn step_for_rule(&mut self, rule: &'static Rule, result: StepResult) {
        self.trace.push(Step {
            id: rule.id,
            kind: StepKind::Rule,
            result,
            description: rule.description.to_owned(),
            modification: rule.modification.map(|m| m.id),
        });
    }

    // ----- terms ------------------------------------------------------------------------------

    /// `target`: the BusinessTargetID.
    pub fn target(&self) -> Dev {
        Dev(Some(self.header.target.to_owned()))
    }

    /// `subject`: the device the request concerns (the target, or for a
    /// Non-Device request the device its body names, if any).
    pub fn subject(&self) -> Dev {
        self.subject.clone()
    }

    /// `device(body/…)`: the device a body field names.
    pub fn device(&self, id: Option<&str>) -> Dev {
        Dev(id.map(str::to_owned))
    }

    /// `gas-proxy-of(D)`: the GPF on the same Communications Hub as the CHF `D`.
    pub fn gas_proxy_of(&self, chf: &Dev) -> Dev {
        Dev(chf.id().and_then(|id| self.context.gas_proxy_of(id)))
    }

    // ----- predicates -------------------------------------------------------------------------

    /// `user-known`: the User ID is a DCC User that may act in the role sent.
    pub fn user_known(&self) -> bool {
        self.context
            .user(self.header.originator)
            .is_some_and(|user| user.roles.contains(&self.submission.role))
    }

    /// `role-eligible`: the matrix lists the role for the SRV.
    pub fn role_eligible(&self) -> bool {
        self.srv.roles.contains(&self.submission.role)
    }

    /// `user-active`: the User's status allows it to send requests.
    pub fn user_active(&self) -> bool {
        self.context
            .user(self.header.originator)
            .is_some_and(|user| user.active)
    }

    /// `device-known(D)`: the inventory holds the device.
    pub fn device_known(&self, device: &Dev) -> bool {
        device
            .id()
            .is_some_and(|id| self.context.device(id).is_some())
    }

    /// `has-subject`: the request concerns a device.
    pub fn has_subject(&self) -> bool {
        self.subject.id().is_some()
    }

    /// `registration-party(D)`: by Registration Data, the User's party is the
    /// one responsible, in the User's role, for the meter point the device serves.
    pub fn registration_party(&self, device: &Dev) -> bool {
        let Some(user) = self.context.user(self.header.originator) else {
            return false;
        };
        let Some(record) = device.id().and_then(|id| self.context.device(id)) else {
            return false;
        };
        let Some(registration) = record
            .meter_point
            .as_deref()
            .and_then(|mpxn| self.context.registration(mpxn))
        else {
            return false;
        };
        let responsible = match self.submission.role {
            UserRole::IS | UserRole::GS => registration.supplier,
            UserRole::ES => registration.export_supplier,
            UserRole::ED | UserRole::GT => registration.network_operator,
            UserRole::RSA => registration.supplier_agent,
            UserRole::OU => None,
        };
        responsible.is_some_and(|party| party == user.party)
    }

    /// `status-in(D, S…)`: the device's SMI status is one of these.
    pub fn status_in(&self, device: &Dev, statuses: &[DeviceStatus]) -> bool {
        self.record(device)
            .is_some_and(|d| statuses.contains(&d.status))
    }

    /// `type-in(D, T…)`: the device is of one of these types.
    pub fn type_in(&self, device: &Dev, types: &[DeviceType]) -> bool {
        self.record(device)
            .is_some_and(|d| types.contains(&d.device_type))
    }

    /// `smets(D, 1|2)`: the device's SMETS generation.
    pub fn smets(&self, device: &Dev, generation: Smets) -> bool {
        self.record(device).is_some_and(|d| d.smets == generation)
    }

    /// `smets-applicable(D)`: the matrix applies the SRV to the device's
    /// SMETS generation (a device not in the inventory is left to `device-known`).
    pub fn smets_applicable(&self, device: &Dev) -> bool {
        !matches!(
            (self.srv.smets, self.record(device).map(|d| d.smets)),
            (SmetsApplicability::Smets1Only, Some(Smets::Smets2))
                | (SmetsApplicability::Smets2Only, Some(Smets::Smets1))
        )
    }

    /// `role-in(R…)`: the role the request was sent in.
    pub fn role_in(&self, roles: &[UserRole]) -> bool {
        roles.contains(&self.submission.role)
    }

    /// `srv-in(V…)`: the request's Service Reference Variant.
    pub fn srv_in(&self, variants: &[&str]) -> bool {
        variants.contains(&self.srv.variant)
    }

    /// `critical`: the matrix marks the SRV Critical.
    pub fn critical(&self) -> bool {
        self.srv.critical
    }

    /// `non-device`: the matrix marks the SRV a Non-Device request.
    pub fn non_device(&self) -> bool {
        self.srv.non_device
    }

    /// `command-variant-in(N…)`.
    pub fn command_variant_in(&self, variants: &[u8]) -> bool {
        variants.contains(&self.header.command_variant)
    }

    /// `command-variant-fits`: 8 for a Non-Device SRV, 4 to 7 for a Critical
    /// one, 1 to 3 otherwise (9 is the DSP's own, for schedules it runs).
    pub fn command_variant_fits(&self) -> bool {
        let cv = self.header.command_variant;
        if self.srv.non_device {
            cv == 8
        } else if self.srv.critical {
            (4..=7).contains(&cv)
        } else {
            (1..=3).contains(&cv)
        }
    }

    /// `reference-fits`: the header's Service Reference is the SRV's.
    pub fn reference_fits(&self) -> bool {
        self.header.service_reference == self.srv.reference
    }

    /// `body-fits`: the body is the element the SRV takes (a signed
    /// pre-command for Command Variants 5 to 7).
    pub fn body_fits(&self) -> bool {
        self.body_fits
    }

    /// `joined(D, D)`: the inventory records the two devices as joined.
    pub fn joined(&self, device: &Dev, other: &Dev) -> bool {
        match (device.id(), other.id()) {
            (Some(a), Some(b)) => self.context.joined(a, b),
            _ => false,
        }
    }

    /// `not-future(F)`: the date and time is not after the request was received
    /// (an absent optional field passes).
    pub fn not_future(&self, value: Option<&DateTime>) -> bool {
        value.is_none_or(|v| v.unix_nanos() <= self.submission.received.unix_nanos())
    }

    /// `value-in(F, V…)`: the field's value is one of these.
    pub fn value_in(&self, value: Option<&str>, values: &[&str]) -> bool {
        value.is_some_and(|v| values.contains(&v))
    }

    /// `original-srv-in(F, V…)`: the request whose RequestID the field holds
    /// was of one of these SRVs.
    pub fn original_srv_in(&self, request_id: Option<&str>, variants: &[&str]) -> bool {
        request_id
            .and_then(|id| self.context.original_request(id))
            .is_some_and(|srv| variants.contains(&srv.as_str()))
    }

    /// `csp-wan-variant-in(F, V…)`: a Communications Service Provider
    /// reports one of these WAN variants for the property (UPRN) in the field.
    pub fn csp_wan_variant_in(&self, uprn: Option<&str>, variants: &[&str]) -> bool {
        uprn.is_some_and(|uprn| {
            self.context
                .wan_variants(uprn)
                .iter()
                .any(|v| variants.contains(&v.as_str()))
        })
    }

    fn record(&self, device: &Dev) -> Option<crate::context::Device> {
        device.id().and_then(|id| self.context.device(id))
    }
}
