//! Problems found in the spec: errors stop generation, warnings do not.
//! Every problem names its file, line and column.

use miette::Diagnostic;

use crate::diagnostic::Located;

/// The problems found while loading or checking the spec.
#[derive(Debug, Default)]
pub struct Problems {
    pub errors: Vec<Located>,
    pub warnings: Vec<Located>,
    /// Ids of rows that could not be read (their own error is reported;
    /// references to them are not reported again).
    pub broken: Vec<String>,
}

impl Problems {
    pub fn error(&mut self, problem: Located) {
        self.errors.push(problem);
    }

    pub fn warn(&mut self, problem: Located) {
        self.warnings.push(problem);
    }

    /// Errors if there are any, sorted by file and position.
    pub fn into_result(mut self) -> Result<Vec<Located>, SpecErrors> {
        if self.errors.is_empty() {
            Ok(self.warnings)
        } else {
            sort(&mut self.errors);
            sort(&mut self.warnings);
            Err(SpecErrors {
                count: self.errors.len(),
                errors: self.errors,
                warnings: self.warnings,
            })
        }
    }
}

fn sort(problems: &mut [Located]) {
    problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
}

/// The spec has errors; each one is a related diagnostic.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("the spec has {count} error(s); nothing was generated")]
#[diagnostic(help("fix each error at the file, line and column it names"))]
pub struct SpecErrors {
    pub count: usize,
    #[related]
    pub errors: Vec<Located>,
    pub warnings: Vec<Located>,
}
