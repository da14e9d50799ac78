//! What validating a request gives: the response code, the warnings, the
//! additional processing to apply, and the trace of every check.

use std::fmt;

/// The DSP's outcome for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The Service Reference Variant validated, e.g. `8.8.1`.
    pub srv: &'static str,
    /// Its name in the Service Request Matrix.
    pub srv_name: &'static str,
    /// The response code: `I0` or `I99` when accepted, else the first failed
    /// check's error code.
    pub code: &'static str,
    pub accepted: bool,
    /// Codes of the warnings raised (processing went on).
    pub warnings: Vec<&'static str>,
    /// Additional processing to apply, in order (when the device answers, or
    /// at once for Non-Device requests).
    pub processing: Vec<Processing>,
    /// Every check and processing row considered, in order, with its result.
    pub trace: Vec<Step>,
}

/// One action of additional processing, its arguments resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processing {
    /// The processing row's id in the tables.
    pub id: &'static str,
    /// The action, e.g. `set-status`.
    pub action: &'static str,
    /// Its arguments, e.g. a device ID and a status.
    pub arguments: Vec<String>,
    pub description: &'static str,
}

/// What a step of the trace is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// A validation rule.
    Rule,
    /// A row of additional processing.
    Processing,
    /// The hook for specific checks the tables do not specify yet.
    Pending,
}

/// What became of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepResult {
    /// The check held.
    Passed,
    /// The check failed and rejected the request with this code.
    Failed(&'static str),
    /// The check failed and raised this warning.
    Warned(&'static str),
    /// The rule's `when` condition did not hold.
    NotApplicable,
    /// One of the rule's exemptions held.
    Exempt,
    /// The rule is taken out by this modification, which is in force.
    Removed(&'static str),
    /// The rule reads body fields, and the body is a signed pre-command.
    BodyUnavailable,
    /// The processing applies.
    Applied,
    /// The processing's condition did not hold.
    NotTriggered,
    /// No specific checks are specified yet: the hook ran and found nothing
    /// (or rejected the request with the code it gave).
    Hook(Option<&'static str>),
    /// The tables state that the SRV has no specific validation.
    NoSpecificValidation,
}

/// One step of the trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The rule's or processing row's id (the hook's name for hooks).
    pub id: &'static str,
    pub kind: StepKind,
    pub result: StepResult,
    /// What the step checks or does, as the tables describe it.
    pub description: String,
    /// The modification that added or altered the rule, if any.
    pub modification: Option<&'static str>,
}

impl fmt::Display for StepResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepResult::Passed => f.write_str("passed"),
            StepResult::Failed(code) => write!(f, "FAILED {code}"),
            StepResult::Warned(code) => write!(f, "WARNING {code}"),
            StepResult::NotApplicable => f.write_str("not applicable"),
            StepResult::Exempt => f.write_str("exempt"),
            StepResult::Removed(by) => write!(f, "removed by {by}"),
            StepResult::BodyUnavailable => f.write_str("not evaluated: pre-command"),
            StepResult::Applied => f.write_str("applies"),
            StepResult::NotTriggered => f.write_str("does not apply"),
            StepResult::Hook(None) => f.write_str("hook found nothing"),
            StepResult::Hook(Some(code)) => write!(f, "hook FAILED {code}"),
            StepResult::NoSpecificValidation => f.write_str("no specific validation"),
        }
    }
}

impl fmt::Display for Processing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.action, self.arguments.join(", "))
    }
}

impl fmt::Display for Outcome {
    /// A readable report: the verdict, the warnings, the processing and the trace.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.accepted {
            "accepted"
        } else {
            "rejected"
        };
        writeln!(f, "SRV {} '{}'", self.srv, self.srv_name)?;
        writeln!(f, "response: {} ({verdict})", self.code)?;
        if self.warnings.is_empty() {
            writeln!(f, "warnings: none")?;
        } else {
            writeln!(f, "warnings: {}", self.warnings.join(", "))?;
        }
        if self.processing.is_empty() {
            writeln!(f, "processing: none")?;
        } else {
            writeln!(f, "processing:")?;
            for p in &self.processing {
                writeln!(f, "  {:<10} {p}", p.id)?;
            }
        }
        writeln!(f, "trace:")?;
        for step in &self.trace {
            let by = step
                .modification
                .map(|m| format!(" [{m}]"))
                .unwrap_or_default();
            writeln!(
                f,
                "  {:<10} {:<26} {}{by}",
                step.id,
                step.result.to_string(),
                step.description
            )?;
        }
        Ok(())
    }
}
