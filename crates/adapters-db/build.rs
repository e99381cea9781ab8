//! The migrations are embedded by `embed_migrations!`, which cargo does not
//! track: without this, a change to a migration alone would leave a binary
//! with the old ones.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
