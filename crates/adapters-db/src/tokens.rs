//! [`TokenRepository`] for [`Database`]: API tokens, kept as the hashes of
//! their secrets.

use crate::connection::Database;
use crate::errors::{corrupt, repository_error};
use crate::rows::{instant_from_db, instant_to_db, parse};
use crate::schema::api_tokens;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use panda_domain::RepositoryError;
use panda_domain::access::{
    ApiToken, NewToken, Role, TokenHash, TokenId, TokenName, TokenRepository,
};
use panda_domain::audit::AuditRecord;

/// A token as stored.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
struct TokenRow {
    id: String,
    name: String,
    role: String,
    secret_hash: String,
    created_at: NaiveDateTime,
    expires_at: Option<NaiveDateTime>,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

impl TokenRow {
    fn new(new: &NewToken) -> Self {
        let t = &new.token;
        Self {
            id: t.id.to_string(),
            name: t.name.to_string(),
            role: t.role.as_str().to_owned(),
            secret_hash: new.hash.to_hex(),
            created_at: instant_to_db(t.created_at),
            expires_at: t.expires_at.map(instant_to_db),
            last_used_at: t.last_used_at.map(instant_to_db),
            revoked_at: t.revoked_at.map(instant_to_db),
        }
    }

    fn into_domain(self) -> Result<(ApiToken, TokenHash), RepositoryError> {
        let key = self.id.clone();
        let at = |t: Option<NaiveDateTime>| t.map(instant_from_db);
        let token = ApiToken {
            id: TokenId::parse(&self.id).ok_or_else(|| corrupt("token", &key, "id"))?,
            name: parse("token", &key, &self.name, TokenName::parse)?,
            role: parse("token", &key, &self.role, Role::parse)?,
            created_at: instant_from_db(self.created_at),
            expires_at: at(self.expires_at),
            last_used_at: at(self.last_used_at),
            revoked_at: at(self.revoked_at),
        };
        let hash =
            TokenHash::from_hex(&self.secret_hash).ok_or_else(|| corrupt("token", &key, "hash"))?;
        Ok((token, hash))
    }
}

impl TokenRepository for Database {
    fn insert(&self, new: &NewToken, audit: &AuditRecord) -> Result<ApiToken, RepositoryError> {
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            diesel::insert_into(api_tokens::table)
                .values(TokenRow::new(new))
                .execute(conn)
                .map_err(repository_error)?;
            Ok(new.token.clone())
        })
    }

    fn find_by_hash(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<(ApiToken, TokenHash)>, RepositoryError> {
        self.read(|conn| {
            api_tokens::table
                .filter(api_tokens::secret_hash.eq(hash.to_hex()))
                .select(TokenRow::as_select())
                .first(conn)
                .optional()
                .map_err(repository_error)?
                .map(TokenRow::into_domain)
                .transpose()
        })
    }

    fn list(&self) -> Result<Vec<ApiToken>, RepositoryError> {
        self.scan(|conn| {
            api_tokens::table
                .order((api_tokens::created_at.desc(), api_tokens::id))
                .select(TokenRow::as_select())
                .load(conn)
                .map_err(repository_error)?
                .into_iter()
                .map(|row| row.into_domain().map(|(token, _)| token))
                .collect()
        })
    }

    fn revoke(
        &self,
        id: TokenId,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<ApiToken, RepositoryError> {
        let key = id.to_string();
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            // The first revocation stands: revoking again changes nothing.
            diesel::update(
                api_tokens::table
                    .find(&key)
                    .filter(api_tokens::revoked_at.is_null()),
            )
            .set(api_tokens::revoked_at.eq(instant_to_db(at)))
            .execute(conn)
            .map_err(repository_error)?;
            api_tokens::table
                .find(&key)
                .select(TokenRow::as_select())
                .first(conn)
                .optional()
                .map_err(repository_error)?
                .ok_or(RepositoryError::NotFound)?
                .into_domain()
                .map(|(token, _)| token)
        })
    }

    fn touch(&self, id: TokenId, at: DateTime<Utc>) -> Result<(), RepositoryError> {
        self.write(|conn| {
            diesel::update(api_tokens::table.find(id.to_string()))
                .set(api_tokens::last_used_at.eq(instant_to_db(at)))
                .execute(conn)
                .map(drop)
                .map_err(repository_error)
        })
    }
}
