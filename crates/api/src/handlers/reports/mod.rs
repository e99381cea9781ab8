//! `/api/v1/reports`: analytics over the appointment records.

pub mod missed;
mod negotiate;
