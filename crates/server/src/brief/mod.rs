//! The NHS brief's JSON file format, read by `panda import` and written by
//! `panda export`: patients keyed by NHS number, and appointments that name
//! their clinician, department and location postcode.

pub mod export;
pub mod file;
pub mod parse;

pub use file::{FileProblem, read_file};

/// The largest file `panda import` reads, in bytes.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
