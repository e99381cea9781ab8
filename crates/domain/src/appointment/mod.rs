//! Appointments: durations, the scheduling policy, the status lifecycle,
//! the record and its history, the port and the booking service.

pub mod duration;
pub mod model;
pub mod policy;
pub mod ports;
pub mod series;
pub mod service;
pub mod status;

pub use duration::{AppointmentDuration, DurationError};
pub use model::{Appointment, AppointmentFilter, AppointmentView, ChangedField, HistoryEntry};
pub use policy::{DurationRule, RuleViolation, SchedulingPolicy, WindowError};
pub use ports::AppointmentRepository;
pub use status::{AppointmentStatus, TransitionError};
