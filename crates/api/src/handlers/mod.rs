//! The handlers, one file per action: `handlers/<resource>/<action>.rs`.
//! Each parses its input into domain values (collecting every refused
//! field), runs the use case on the blocking pool, and builds the reply.

pub mod appointments;
pub mod audit;
pub mod departments;
pub mod docs;
pub mod health;
pub mod locations;
pub mod organisations;
pub mod patients;
pub mod practitioners;
pub mod reports;
