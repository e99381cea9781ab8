//! [`AuditRepository`] for [`Database`]: the trail read back, pseudonyms
//! and vault references replaced by what they stand for while the patient
//! is not erased.

use crate::connection::{Database, DbConnection};
use crate::errors::{corrupt, repository_error};
use crate::rows::{instant_from_db, instant_to_db};
use crate::schema::{audit_log, audit_subjects, audit_vault};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use panda_domain::audit::{
    AuditAction, AuditFilter, AuditRepository, AuditValue, Change, Entity, StoredRecord,
};
use panda_domain::{Page, PageRequest, RepositoryError};
use serde_json::Value;
use std::collections::HashMap;

/// A record as stored.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
struct AuditRow {
    sequence: i64,
    at: NaiveDateTime,
    actor: String,
    actor_name: String,
    action: String,
    entity: String,
    entity_id: Option<String>,
    subject: Option<String>,
    changes: String,
}

impl AuditRepository for Database {
    fn list(
        &self,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Page<StoredRecord>, RepositoryError> {
        self.scan(|conn| {
            let mut query = audit_log::table.into_boxed();
            let mut count = audit_log::table.into_boxed();
            macro_rules! both {
                ($condition:expr) => {
                    query = query.filter($condition);
                    count = count.filter($condition);
                };
            }
            if let Some(entity) = filter.entity {
                both!(audit_log::entity.eq(entity.as_str()));
            }
            match (filter.entity, &filter.entity_id) {
                (Some(Entity::Patient), Some(nhs)) => {
                    let pseudonym = audit_subjects::table
                        .filter(audit_subjects::nhs_number.eq(nhs))
                        .select(audit_subjects::pseudonym)
                        .first::<String>(conn)
                        .optional()
                        .map_err(repository_error)?;
                    let Some(pseudonym) = pseudonym else {
                        return Ok(Page {
                            items: Vec::new(),
                            total: 0,
                        });
                    };
                    both!(audit_log::entity_id.eq(pseudonym.clone()));
                }
                (_, Some(id)) => {
                    both!(audit_log::entity_id.eq(id.clone()));
                }
                (_, None) => {}
            }
            if let Some(actor) = &filter.actor {
                both!(audit_log::actor.eq(actor.clone()));
            }
            if let Some(action) = filter.action {
                both!(audit_log::action.eq(action.as_str()));
            }
            if let Some(from) = filter.from {
                both!(audit_log::at.ge(instant_to_db(from)));
            }
            if let Some(to) = filter.to {
                both!(audit_log::at.lt(instant_to_db(to)));
            }
            let total: i64 = count.count().get_result(conn).map_err(repository_error)?;
            let rows: Vec<AuditRow> = query
                .order(audit_log::sequence.desc())
                .offset(crate::paging::offset(page))
                .limit(crate::paging::limit(page))
                .select(AuditRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            let items = read_back(conn, rows)?;
            Ok(Page {
                items,
                total: crate::paging::total(total),
            })
        })
    }
}

/// The stored rows as records: pseudonyms and vault references replaced by
/// what they stand for, where the patient is not erased.
fn read_back(
    conn: &mut DbConnection,
    rows: Vec<AuditRow>,
) -> Result<Vec<StoredRecord>, RepositoryError> {
    let pseudonyms: Vec<&String> = rows.iter().filter_map(|r| r.subject.as_ref()).collect();
    let subjects: HashMap<String, String> = audit_subjects::table
        .filter(audit_subjects::pseudonym.eq_any(pseudonyms))
        .select((audit_subjects::pseudonym, audit_subjects::nhs_number))
        .load::<(String, String)>(conn)
        .map_err(repository_error)?
        .into_iter()
        .collect();
    let mut parsed = Vec::with_capacity(rows.len());
    let mut vault_ids = Vec::new();
    for row in rows {
        let changes: Vec<Value> = serde_json::from_str(&row.changes)
            .map_err(|e| corrupt("audit record", &row.sequence.to_string(), e))?;
        for change in &changes {
            for side in ["old", "new"] {
                if let Some(id) = change[side]["vault"].as_i64() {
                    vault_ids.push(id);
                }
            }
        }
        parsed.push((row, changes));
    }
    let vault: HashMap<i64, String> = audit_vault::table
        .filter(audit_vault::id.eq_any(&vault_ids))
        .select((audit_vault::id, audit_vault::value))
        .load::<(i64, String)>(conn)
        .map_err(repository_error)?
        .into_iter()
        .collect();
    parsed
        .into_iter()
        .map(|(row, changes)| {
            let key = row.sequence.to_string();
            let patient = row.subject.as_ref().and_then(|p| subjects.get(p)).cloned();
            let value = |stored: &Value| -> Option<AuditValue> {
                match stored {
                    Value::Null => None,
                    Value::String(text) => Some(AuditValue::Plain(text.clone())),
                    other if other["subject"] == Value::Bool(true) => Some(
                        patient
                            .clone()
                            .map_or(AuditValue::Erased, AuditValue::Personal),
                    ),
                    other => Some(
                        other["vault"]
                            .as_i64()
                            .and_then(|id| vault.get(&id))
                            .cloned()
                            .map_or(AuditValue::Erased, AuditValue::Personal),
                    ),
                }
            };
            let changes = changes
                .iter()
                .map(|c| Change {
                    field: c["field"].as_str().unwrap_or_default().to_owned(),
                    old: value(&c["old"]),
                    new: value(&c["new"]),
                })
                .collect();
            let entity =
                Entity::parse(&row.entity).map_err(|e| corrupt("audit record", &key, e))?;
            let entity_id = match entity {
                Entity::Patient => patient.clone(),
                _ => row.entity_id,
            };
            Ok(StoredRecord {
                sequence: row.sequence,
                at: instant_from_db(row.at),
                actor: row.actor,
                actor_name: row.actor_name,
                action: AuditAction::parse(&row.action)
                    .ok_or_else(|| corrupt("audit record", &key, "action"))?,
                entity,
                entity_id,
                subject: patient,
                changes,
            })
        })
        .collect()
}
