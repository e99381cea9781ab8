//! [`LocationRepository`] for [`Database`].

use crate::connection::Database;
use crate::errors::repository_error;
use crate::paging::{limit, offset, settle_update, total};
use crate::rows::LocationRow;
use crate::schema::locations;
use diesel::prelude::*;
use panda_domain::audit::AuditRecord;
use panda_domain::common::ids::LocationId;
use panda_domain::directory::{Location, LocationRepository};
use panda_domain::{Page, PageRequest, RepositoryError};

impl LocationRepository for Database {
    fn insert(
        &self,
        location: &Location,
        audit: &AuditRecord,
    ) -> Result<Location, RepositoryError> {
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            diesel::insert_into(locations::table)
                .values(LocationRow::new(location, 1))
                .execute(conn)
                .map_err(repository_error)?;
            Ok(Location {
                version: 1,
                ..location.clone()
            })
        })
    }

    fn get(&self, id: LocationId) -> Result<Option<Location>, RepositoryError> {
        self.read(|conn| {
            locations::table
                .find(id.to_string())
                .select(LocationRow::as_select())
                .first(conn)
                .optional()
                .map_err(repository_error)?
                .map(LocationRow::into_domain)
                .transpose()
        })
    }

    fn update(
        &self,
        location: &Location,
        audit: &AuditRecord,
    ) -> Result<Location, RepositoryError> {
        let key = location.id.to_string();
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            let updated = diesel::update(
                locations::table
                    .filter(locations::id.eq(&key))
                    .filter(locations::version.eq(location.version)),
            )
            .set((
                locations::name.eq(location.name.as_ref()),
                locations::postcode.eq(location.postcode.as_ref()),
                locations::version.eq(locations::version + 1),
            ))
            .execute(conn)
            .map_err(repository_error)?;
            settle_update(updated, || {
                diesel::select(diesel::dsl::exists(locations::table.find(&key))).get_result(conn)
            })?;
            Ok(Location {
                version: location.version + 1,
                ..location.clone()
            })
        })
    }

    fn list(&self, page: PageRequest) -> Result<Page<Location>, RepositoryError> {
        self.scan(|conn| {
            let count: i64 = locations::table
                .count()
                .get_result(conn)
                .map_err(repository_error)?;
            let rows: Vec<LocationRow> = locations::table
                .order((locations::name, locations::id))
                .offset(offset(page))
                .limit(limit(page))
                .select(LocationRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            let items = rows
                .into_iter()
                .map(LocationRow::into_domain)
                .collect::<Result<_, _>>()?;
            Ok(Page {
                items,
                total: total(count),
            })
        })
    }
}
