//! The directory's routes: `/api/v1/practitioners` (and their roles),
//! `/api/v1/departments`, `/api/v1/organisations` and `/api/v1/locations`.

pub mod departments;
pub mod locations;
pub mod organisations;
pub mod practitioners;
