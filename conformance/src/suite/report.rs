//! Reports a spec author attaches to a modification's impact assessment.
