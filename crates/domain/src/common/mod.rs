//! What the areas share: errors, ids, text, postcodes and the basic ports.

pub mod error;
pub mod hex;
pub mod ids;
pub mod instant;
pub mod ports;
pub mod postcode;
pub mod repository;
pub mod text;
