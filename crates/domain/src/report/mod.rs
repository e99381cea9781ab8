//! Missed-appointment analytics: how many appointments were missed and how
//! much clinician time that lost, by clinician, department, organisation and
//! location, over UTC periods.

pub mod error;
pub mod model;
pub mod period;
pub mod ports;
pub mod service;

pub use error::ReportError;
pub use model::{Counts, Dimension, GroupKey, MissedReportQuery, ReportFilter, ReportRow};
pub use period::Period;
pub use ports::ReportRepository;
pub use service::{MAX_REPORT_PERIODS, MAX_REPORT_ROWS, ReportService};
