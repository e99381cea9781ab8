//! The error vocabulary shared by every operation: a kind that the edge maps
//! to a transport status, and a stable code that names the problem for
//! people (the localisation key) and for programs (the problem `type`).

use std::fmt;

/// What sort of failure an error is, independent of any transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The caller sent a value that can never be accepted as it is.
    Invalid,
    /// The thing named does not exist.
    NotFound,
    /// The request is well formed but clashes with the current state.
    Conflict,
    /// The caller did not prove who they are.
    Unauthenticated,
    /// The request was not allowed for this caller.
    Forbidden,
    /// Something outside the caller's control failed (storage, clock, ...).
    Unexpected,
}

/// A failure that can be shown to a user: every domain error implements it.
///
/// `code` is stable across releases: clients switch on it and translators key
/// messages by it. `params` are the named values a message may quote.
pub trait Problem: std::error::Error {
    /// The kind of failure, which the edge turns into a status.
    fn kind(&self) -> ErrorKind;
    /// A stable, kebab-case code such as `nhs-number-checksum`.
    fn code(&self) -> &'static str;
    /// Named values the message may quote, such as a maximum length.
    fn params(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// The refused fields, when the failure is a set of them (an
    /// [`InvalidInput`], or an error that carries one): the edge then
    /// names each field.
    fn fields(&self) -> Option<&InvalidInput> {
        None
    }
}

/// A value from outside was refused: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as the caller spelled it (`date_of_birth`, `time`).
    pub field: String,
    /// A stable code such as `postcode-format`.
    pub code: &'static str,
    /// Named values the message may quote.
    pub params: Vec<(&'static str, String)>,
    /// The English message, for logs and for callers that do not localise.
    pub message: String,
}

impl FieldError {
    /// The field error for `field` carrying the problem `error`.
    pub fn new(field: impl Into<String>, error: &dyn Problem) -> Self {
        Self {
            field: field.into(),
            code: error.code(),
            params: error.params(),
            message: error.to_string(),
        }
    }
}

/// Every field that was refused, collected so the caller can fix them all at
/// once rather than one per round trip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvalidInput {
    /// One entry per refused field, in the order they were checked.
    pub errors: Vec<FieldError>,
}

impl InvalidInput {
    /// Runs `result`, keeping its value or recording its error under `field`.
    pub fn check<T, E: Problem>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.errors.push(FieldError::new(field, &error));
                None
            }
        }
    }

    /// Records a refusal of `field` directly.
    pub fn push(&mut self, field: &str, error: &dyn Problem) {
        self.errors.push(FieldError::new(field, error));
    }

    /// True when nothing was refused.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(())` when nothing was refused, the collected errors otherwise.
    pub fn finish(self) -> Result<(), InvalidInput> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid input:")?;
        for e in &self.errors {
            write!(f, " {}: {};", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidInput {}

impl Problem for InvalidInput {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "invalid-input"
    }
    fn fields(&self) -> Option<&InvalidInput> {
        Some(self)
    }
}
