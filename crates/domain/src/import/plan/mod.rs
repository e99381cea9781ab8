//! The import's decisions, as pure functions over plain values: what a
//! batch creates, what it finds unchanged, what differs from the stored
//! record, and what is rejected. The adapter reads a snapshot of what the
//! batch touches, asks these for a plan, and writes the plan in its one
//! transaction (`panda_adapters_db`'s `import`), so the rules are unit
//! tested here without a database.
//!
//! The steps, in the order the adapter takes them:
//! 1. [`plan_patients`]: new patients are created (the first of repeats
//!    within the file), stored ones compared: the same is `unchanged`,
//!    another is `import-differs`.
//! 2. [`plan_appointments`]: stored appointments (by id) are compared the
//!    same way; new ones must name a patient of the file or of the store.
//! 3. [`plan_directory`]: the directory records the kept appointments name
//!    are found or created: a department per name, a practitioner per
//!    (department, name), a location per postcode (named after it), and a
//!    role without an organisation tying them together.
//! 4. The adapter inserts the new appointments; the database judges the
//!    per-day and no-overlap rules and rejects the clashing ones.
//! 5. [`DirectoryPlan::settle`]: what the kept appointments name is counted
//!    as created or unchanged, and (skipping invalid records) what was made
//!    only for rejected appointments is removed again: a skipped record
//!    leaves nothing behind.

mod compare;
mod directory;
mod records;
#[cfg(test)]
mod tests;

pub use compare::{appointment_differs, patient_differs};
pub use directory::{
    DirectoryPlan, DirectorySnapshot, Place, Removal, Resolved, RoleKey, Settlement,
    directory_names, plan_directory,
};
pub use records::{
    AppointmentPlan, PatientPlan, created_entry, patient_keys, plan_appointments, plan_patients,
    rejection,
};
