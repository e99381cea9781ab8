//! Availability: a practitioner's working pattern and absences
//! (`/api/v1/practitioners/{id}/schedule`, `.../absences`), the free-slot
//! search (`/api/v1/slots`) and holds (`/api/v1/holds`).

pub mod absences;
pub mod holds;
pub mod pattern;
pub mod slots;
