//! Reports in formats other than JSON: CSV for spreadsheets and an SVG
//! chart drawn on the server. The CLI uses the same writers.

pub mod chart;
pub mod csv;
