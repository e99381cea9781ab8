//! The handlers, one file per action (`handlers/<resource>/<action>.rs`),
//! or per small resource's actions (`handlers/schedule/<resource>.rs`).
//! Each parses its input into domain values (collecting every refused
//! field), runs the use case on the blocking pool, and builds the reply.

pub mod appointments;
pub mod audit;
pub mod directory;
pub mod docs;
pub mod health;
pub mod patients;
pub mod reports;
pub mod schedule;
pub mod series;
