//! [`OrganisationRepository`] for [`Database`].

use crate::connection::Database;
use crate::errors::repository_error;
use crate::paging::{limit, offset, settle_update, total};
use crate::rows::OrganisationRow;
use crate::schema::organisations;
use diesel::prelude::*;
use panda_domain::audit::AuditRecord;
use panda_domain::common::ids::OrganisationId;
use panda_domain::directory::{Organisation, OrganisationRepository};
use panda_domain::{Page, PageRequest, RepositoryError};

impl OrganisationRepository for Database {
    fn insert(
        &self,
        organisation: &Organisation,
        audit: &AuditRecord,
    ) -> Result<Organisation, RepositoryError> {
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            diesel::insert_into(organisations::table)
                .values(OrganisationRow::new(organisation, 1))
                .execute(conn)
                .map_err(repository_error)?;
            Ok(Organisation {
                version: 1,
                ..organisation.clone()
            })
        })
    }

    fn get(&self, id: OrganisationId) -> Result<Option<Organisation>, RepositoryError> {
        self.read(|conn| {
            organisations::table
                .find(id.to_string())
                .select(OrganisationRow::as_select())
                .first(conn)
                .optional()
                .map_err(repository_error)?
                .map(OrganisationRow::into_domain)
                .transpose()
        })
    }

    fn update(
        &self,
        organisation: &Organisation,
        audit: &AuditRecord,
    ) -> Result<Organisation, RepositoryError> {
        let key = organisation.id.to_string();
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            let updated = diesel::update(
                organisations::table
                    .filter(organisations::id.eq(&key))
                    .filter(organisations::version.eq(organisation.version)),
            )
            .set((
                organisations::name.eq(organisation.name.as_ref()),
                organisations::version.eq(organisations::version + 1),
            ))
            .execute(conn)
            .map_err(repository_error)?;
            settle_update(updated, || {
                diesel::select(diesel::dsl::exists(organisations::table.find(&key)))
                    .get_result(conn)
            })?;
            Ok(Organisation {
                version: organisation.version + 1,
                ..organisation.clone()
            })
        })
    }

    fn list(&self, page: PageRequest) -> Result<Page<Organisation>, RepositoryError> {
        self.scan(|conn| {
            let count: i64 = organisations::table
                .count()
                .get_result(conn)
                .map_err(repository_error)?;
            let rows: Vec<OrganisationRow> = organisations::table
                .order((organisations::name, organisations::id))
                .offset(offset(page))
                .limit(limit(page))
                .select(OrganisationRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            let items = rows
                .into_iter()
                .map(OrganisationRow::into_domain)
                .collect::<Result<_, _>>()?;
            Ok(Page {
                items,
                total: total(count),
            })
        })
    }
}
