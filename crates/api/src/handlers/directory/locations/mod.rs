//! `/api/v1/locations`: create, read, change and list locations.

pub mod create;
pub mod get;
pub mod list;
pub mod replace;
pub mod update;

use crate::edge::path_value;
use crate::problem::ApiError;
use panda_domain::common::ids::LocationId;

/// The id in the address; a bad one is a 422 naming `id`.
pub(crate) fn id_in_path(segment: &str) -> Result<LocationId, ApiError> {
    path_value("id", LocationId::parse(segment))
}
