//! The DSP's validation of Service Requests, as the code that
//! `cargo xtask generate` writes from the tables in `spec/` runs it.
//!
//! The generated validators (`duis::v5_4::dsp::validate`, …) hold the rules;
//! this crate holds what they run on:
//!
//! - [`DccContext`]: what the DSP knows — the Smart Metering Inventory
//!   (devices, their type, status, SMETS generation and join relationships),
//!   Registration Data (who is responsible for a meter point) and Users (the
//!   roles of a User ID);
//! - [`Config`]: the SEC release and the feature switches in force, which
//!   decide which [`Modification`]s apply;
//! - [`Outcome`]: the response code, the warnings, the additional processing
//!   to apply, and a trace of every check with its result;
//! - [`Run`]: the evaluation of one request, with one method per predicate of
//!   the tables' closed vocabulary (see `spec/README.md`).
//!
//! Nothing here knows a particular SRV: that is in the tables only.

mod config;
mod context;
mod outcome;
mod run;
mod tables;

pub use config::{Config, Modification, SecRelease, Switch};
pub use context::{
    DccContext, Device, DeviceStatus, DeviceType, Registration, Smets, Submission, User, UserRole,
};
pub use duis_runtime::value::DateTime;
pub use outcome::{Outcome, Processing, Step, StepKind, StepResult};
pub use run::{Dev, Header, Pending, Rejection, Run, Stop, split_request_id};
pub use tables::{Action, DccScheduled, Effect, FutureDated, Rule, SmetsApplicability, Srv};
