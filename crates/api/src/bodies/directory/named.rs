//! Department, organisation and location bodies.

use crate::bodies::optional;
use crate::edge::finish;
use crate::problem::ApiError;
use panda_domain::InvalidInput;
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::Label;
use panda_domain::directory::service::DirectoryChange;
use panda_domain::directory::{Department, Location, Organisation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A department or organisation to create, or its new name (PUT).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNamed {
    /// The name.
    #[schema(example = "oncology", min_length = 1, max_length = 200)]
    pub name: String,
}

impl NewNamed {
    /// The name.
    pub fn parse(&self) -> Result<Label, ApiError> {
        let mut input = InvalidInput::default();
        let name = input.check("name", Label::parse(&self.name));
        finish(input, name)
    }
}

/// Some of a department's or organisation's details (PATCH).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedPatch {
    /// A new name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
}

impl From<NewNamed> for NamedPatch {
    fn from(body: NewNamed) -> Self {
        Self {
            name: Some(body.name),
        }
    }
}

impl NamedPatch {
    /// The change.
    pub fn parse(&self, expected_version: Option<i64>) -> Result<DirectoryChange<Label>, ApiError> {
        LocationPatch {
            name: self.name.clone(),
            postcode: None,
        }
        .parse(expected_version)
    }
}

/// A location to create, or all of its details (PUT).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLocation {
    /// The name people know it by.
    #[schema(example = "Whittington Hospital", min_length = 1, max_length = 200)]
    pub name: String,
    /// Its postcode.
    #[schema(
        example = "N19 5NF",
        pattern = "^\\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\\s*[0-9][A-Za-z]{2}\\s*$"
    )]
    pub postcode: String,
}

impl NewLocation {
    /// The name and postcode; all refusals at once.
    pub fn parse(&self) -> Result<(Label, Postcode), ApiError> {
        let mut input = InvalidInput::default();
        let name = input.check("name", Label::parse(&self.name));
        let postcode = input.check("postcode", Postcode::parse(&self.postcode));
        finish(input, name.zip(postcode))
    }
}

/// Some of a location's details (PATCH).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationPatch {
    /// A new name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// A new postcode.
    #[schema(pattern = "^\\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\\s*[0-9][A-Za-z]{2}\\s*$")]
    pub postcode: Option<String>,
}

impl From<NewLocation> for LocationPatch {
    fn from(body: NewLocation) -> Self {
        Self {
            name: Some(body.name),
            postcode: Some(body.postcode),
        }
    }
}

impl LocationPatch {
    /// The change; all refusals at once.
    pub fn parse(&self, expected_version: Option<i64>) -> Result<DirectoryChange<Label>, ApiError> {
        let mut input = InvalidInput::default();
        let change = DirectoryChange {
            name: optional(&mut input, "name", self.name.as_deref(), Label::parse),
            department: None,
            postcode: optional(
                &mut input,
                "postcode",
                self.postcode.as_deref(),
                Postcode::parse,
            ),
            expected_version,
        };
        finish(input, Some(change))
    }
}

/// A department or an organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct NamedBody {
    /// The id.
    #[schema(format = Uuid)]
    pub id: String,
    /// The name.
    pub name: String,
    /// Bumped by every change; also the `ETag`.
    pub version: i64,
}

impl From<&Department> for NamedBody {
    fn from(d: &Department) -> Self {
        Self {
            id: d.id.to_string(),
            name: d.name.to_string(),
            version: d.version,
        }
    }
}

impl From<&Organisation> for NamedBody {
    fn from(o: &Organisation) -> Self {
        Self {
            id: o.id.to_string(),
            name: o.name.to_string(),
            version: o.version,
        }
    }
}

/// A location.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocationBody {
    /// The id.
    #[schema(format = Uuid)]
    pub id: String,
    /// The name.
    pub name: String,
    /// The canonical postcode.
    pub postcode: String,
    /// Bumped by every change; also the `ETag`.
    pub version: i64,
}

impl From<&Location> for LocationBody {
    fn from(l: &Location) -> Self {
        Self {
            id: l.id.to_string(),
            name: l.name.to_string(),
            postcode: l.postcode.to_string(),
            version: l.version,
        }
    }
}
