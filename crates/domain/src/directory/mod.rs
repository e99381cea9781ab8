//! The directory: clinicians (practitioners), the departments,
//! organisations and locations they work in, and their roles. Every crate
//! calls this area `directory`: `panda_domain::directory`,
//! `panda_adapters_db`'s `directory/`, the API's `handlers/directory/` and
//! `bodies/directory/`.

pub mod model;
pub mod ports;
pub mod service;

pub use model::{Department, Location, Organisation, Practitioner, PractitionerRole};
pub use ports::{
    DepartmentRepository, LocationRepository, OrganisationRepository, PractitionerRepository,
};
