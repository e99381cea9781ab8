//! The directory's bodies: practitioners and their roles (`practitioner`),
//! and the named records they work in (`named`: departments, organisations,
//! locations).

mod named;
mod practitioner;

pub use named::{LocationBody, LocationPatch, NamedBody, NamedPatch, NewLocation, NewNamed};
pub use practitioner::{NewPractitioner, NewRole, PractitionerBody, PractitionerPatch, RoleBody};
