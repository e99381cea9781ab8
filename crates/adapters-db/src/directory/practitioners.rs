//! [`PractitionerRepository`] for [`Database`].

use crate::connection::{Database, DbConnection};
use crate::errors::repository_error;
use crate::paging::{limit, offset, settle_update, total};
use crate::rows::{DepartmentRow, PractitionerRow, RoleRow};
use crate::schema::{departments, practitioner_roles, practitioners};
use diesel::prelude::*;
use panda_domain::audit::AuditRecord;
use panda_domain::common::ids::{DepartmentId, PractitionerId};
use panda_domain::directory::{Practitioner, PractitionerRepository, PractitionerRole};
use panda_domain::{Page, PageRequest, RepositoryError};

/// The practitioner `id` with their department, read by one join.
fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Practitioner>, RepositoryError> {
    practitioners::table
        .inner_join(departments::table)
        .filter(practitioners::id.eq(id))
        .select((PractitionerRow::as_select(), DepartmentRow::as_select()))
        .first::<(PractitionerRow, DepartmentRow)>(conn)
        .optional()
        .map_err(repository_error)?
        .map(|(practitioner, department)| practitioner.into_domain(department))
        .transpose()
}

impl PractitionerRepository for Database {
    fn insert(
        &self,
        practitioner: &Practitioner,
        audit: &AuditRecord,
    ) -> Result<Practitioner, RepositoryError> {
        let key = practitioner.id.to_string();
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            diesel::insert_into(practitioners::table)
                .values(PractitionerRow::new(practitioner, 1))
                .execute(conn)
                .map_err(repository_error)?;
            // Read back so the department is the stored one, not the caller's copy.
            find(conn, &key)?.ok_or(RepositoryError::NotFound)
        })
    }

    fn get(&self, id: PractitionerId) -> Result<Option<Practitioner>, RepositoryError> {
        self.read(|conn| find(conn, &id.to_string()))
    }

    fn update(
        &self,
        practitioner: &Practitioner,
        audit: &AuditRecord,
    ) -> Result<Practitioner, RepositoryError> {
        let key = practitioner.id.to_string();
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            let updated = diesel::update(
                practitioners::table
                    .filter(practitioners::id.eq(&key))
                    .filter(practitioners::version.eq(practitioner.version)),
            )
            .set((
                practitioners::name.eq(practitioner.name.as_ref()),
                practitioners::department_id.eq(practitioner.department.id.to_string()),
                practitioners::version.eq(practitioners::version + 1),
            ))
            .execute(conn)
            .map_err(repository_error)?;
            settle_update(updated, || {
                diesel::select(diesel::dsl::exists(practitioners::table.find(&key)))
                    .get_result(conn)
            })?;
            find(conn, &key)?.ok_or(RepositoryError::NotFound)
        })
    }

    fn list(
        &self,
        department: Option<DepartmentId>,
        page: PageRequest,
    ) -> Result<Page<Practitioner>, RepositoryError> {
        let department = department.map(|d| d.to_string());
        let filtered = || {
            let mut query = practitioners::table
                .inner_join(departments::table)
                .into_boxed();
            if let Some(department) = &department {
                query = query.filter(practitioners::department_id.eq(department.clone()));
            }
            query
        };
        self.scan(|conn| {
            let count: i64 = filtered()
                .count()
                .get_result(conn)
                .map_err(repository_error)?;
            let rows: Vec<(PractitionerRow, DepartmentRow)> = filtered()
                .order((practitioners::name, practitioners::id))
                .offset(offset(page))
                .limit(limit(page))
                .select((PractitionerRow::as_select(), DepartmentRow::as_select()))
                .load(conn)
                .map_err(repository_error)?;
            let items = rows
                .into_iter()
                .map(|(practitioner, department)| practitioner.into_domain(department))
                .collect::<Result<_, _>>()?;
            Ok(Page {
                items,
                total: total(count),
            })
        })
    }

    fn add_role(
        &self,
        role: &PractitionerRole,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError> {
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            diesel::insert_into(practitioner_roles::table)
                .values(RoleRow::new(role))
                .execute(conn)
                .map_err(repository_error)?;
            Ok(())
        })
    }

    fn roles(&self, id: PractitionerId) -> Result<Vec<PractitionerRole>, RepositoryError> {
        self.read(|conn| {
            let rows: Vec<RoleRow> = practitioner_roles::table
                .filter(practitioner_roles::practitioner_id.eq(id.to_string()))
                .order(practitioner_roles::id)
                .select(RoleRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            rows.into_iter().map(RoleRow::into_domain).collect()
        })
    }
}
