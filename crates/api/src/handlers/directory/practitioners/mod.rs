//! `/api/v1/practitioners`: clinicians and their roles.

pub mod add_role;
pub mod create;
pub mod get;
pub mod list;
pub mod replace;
pub mod roles;
pub mod update;

use crate::edge::path_value;
use crate::problem::ApiError;
use panda_domain::common::ids::PractitionerId;

/// The practitioner id in the address; a bad one is a 422 naming `id`.
pub(crate) fn id_in_path(segment: &str) -> Result<PractitionerId, ApiError> {
    path_value("id", PractitionerId::parse(segment))
}
