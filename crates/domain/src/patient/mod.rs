//! Patients: the NHS number, date of birth, the record and its port.

pub mod date_of_birth;
pub mod model;
pub mod nhs_number;
pub mod ports;
pub mod service;

pub use date_of_birth::{DateOfBirth, DateOfBirthError};
pub use model::{Patient, PatientFilter};
pub use nhs_number::{NhsNumber, NhsNumberError};
pub use ports::PatientRepository;
