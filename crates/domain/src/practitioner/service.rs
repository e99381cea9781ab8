//! Use cases (being written).
