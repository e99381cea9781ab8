//! Clinicians, their departments, organisations, locations and roles.

pub mod model;
pub mod ports;
pub mod service;

pub use model::{Department, Location, Organisation, Practitioner, PractitionerRole};
pub use ports::{
    DepartmentRepository, LocationRepository, OrganisationRepository, PractitionerRepository,
};
