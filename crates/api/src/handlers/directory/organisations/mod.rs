//! `/api/v1/organisations`: create, read, change and list organisations.

pub mod create;
pub mod get;
pub mod list;
pub mod replace;
pub mod update;

use crate::edge::path_value;
use crate::problem::ApiError;
use panda_domain::common::ids::OrganisationId;

/// The id in the address; a bad one is a 422 naming `id`.
pub(crate) fn id_in_path(segment: &str) -> Result<OrganisationId, ApiError> {
    path_value("id", OrganisationId::parse(segment))
}
