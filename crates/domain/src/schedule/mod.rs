//! Availability: when practitioners work (weekly patterns in their time
//! zone), when they do not (absences), short holds on their time, and the
//! free-slot search that answers "when can this patient be seen?" with
//! exactly the slots a booking would be accepted at.

mod clock;
pub mod model;
pub mod pattern;
pub mod ports;
pub mod search;
pub mod service;
pub mod slots;

pub use model::{Absence, Diary, Hold, Period, PeriodError};
pub use pattern::{ClockTime, LocalDays, PatternError, Session, Span, TimeZone, WorkingPattern};
pub use ports::{HoldRepository, ScheduleRepository, SlotSource};
pub use slots::{BookedDay, BusyTime, Candidate, SearchError, Slot, SlotFilter, SlotQuery};

#[cfg(test)]
mod tests;
