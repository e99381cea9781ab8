//! `/api/v1/departments`: create, read, change and list departments.

pub mod create;
pub mod get;
pub mod list;
pub mod replace;
pub mod update;

use crate::edge::path_value;
use crate::problem::ApiError;
use panda_domain::common::ids::DepartmentId;

/// The id in the address; a bad one is a 422 naming `id`.
pub(crate) fn id_in_path(segment: &str) -> Result<DepartmentId, ApiError> {
    path_value("id", DepartmentId::parse(segment))
}
