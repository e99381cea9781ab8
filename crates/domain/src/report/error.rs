//! What can go wrong with a report, in domain words.

use crate::common::error::{ErrorKind, Problem};
use crate::common::repository::RepositoryError;

/// Why a report was not built.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The range holds more periods than one report may have.
    #[error("a report covers at most {max} periods; narrow from and to, or choose a longer period")]
    TooManyPeriods {
        /// The most periods a report may have.
        max: usize,
    },
    /// The report would have more rows than one report may have.
    #[error(
        "a report has at most {max} rows; narrow from and to, choose a longer period, group by fewer dimensions or filter"
    )]
    TooManyRows {
        /// The most rows a report may have.
        max: usize,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl Problem for ReportError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::TooManyPeriods { .. } | Self::TooManyRows { .. } => ErrorKind::Invalid,
            Self::Repository(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::TooManyPeriods { .. } => "report-too-many-periods",
            Self::TooManyRows { .. } => "report-too-many-rows",
            Self::Repository(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::TooManyPeriods { max } | Self::TooManyRows { max } => {
                vec![("max", max.to_string())]
            }
            Self::Repository(e) => e.params(),
        }
    }
}
