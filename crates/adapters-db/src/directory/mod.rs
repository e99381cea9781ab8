//! The directory's ports for [`crate::Database`]: practitioners and their
//! roles, and the named records (departments, organisations, locations),
//! whose repositories are defined once in [`named`].

mod named;
mod practitioners;

use crate::connection::Database;
use crate::errors::repository_error;
use crate::paging::{limit, offset, settle_update, total};
use crate::rows::{DepartmentRow, LocationRow, OrganisationRow};
use crate::schema::{departments, locations, organisations};
use diesel::prelude::*;
use named::named_repository;
use panda_domain::audit::AuditRecord;
use panda_domain::common::ids::{DepartmentId, LocationId, OrganisationId};
use panda_domain::common::text::Label;
use panda_domain::directory::{
    Department, DepartmentRepository, Location, LocationRepository, Organisation,
    OrganisationRepository,
};
use panda_domain::{Page, PageRequest, RepositoryError};

named_repository!(
    DepartmentRepository for departments, DepartmentRow, Department, DepartmentId,
    set |d| (departments::name.eq(d.name.as_ref())),
    extra {
        fn find_by_name(&self, name: &Label) -> Result<Option<Department>, RepositoryError> {
            self.read(|conn| {
                departments::table
                    .filter(departments::name.eq(name.as_ref()))
                    .select(DepartmentRow::as_select())
                    .first(conn)
                    .optional()
                    .map_err(repository_error)?
                    .map(DepartmentRow::into_domain)
                    .transpose()
            })
        }
    }
);

named_repository!(
    OrganisationRepository for organisations, OrganisationRow, Organisation, OrganisationId,
    set |o| (organisations::name.eq(o.name.as_ref()))
);

named_repository!(
    LocationRepository for locations, LocationRow, Location, LocationId,
    set |l| (
        locations::name.eq(l.name.as_ref()),
        locations::postcode.eq(l.postcode.as_ref()),
    )
);
