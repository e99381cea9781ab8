//! The routes of the directory's named records (departments,
//! organisations, locations), defined once: [`Named`] says what differs
//! between them (their bodies, their id, their use cases), the generic
//! handlers below do the rest, and [`named_record_routes!`] gives each
//! record its own handlers, with its own paths, tag, operation ids and
//! descriptions in the OpenAPI document.

use crate::Services;
use crate::access::Caller;
use crate::bodies::query::PageQuery;
use crate::edge::{Body, IfMatch, created, lookup, ok, page_of, run, tagged};
use crate::problem::ApiError;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use panda_domain::common::text::Label;
use panda_domain::directory::service::{DirectoryChange, DirectoryError, DirectoryService};
use panda_domain::{Actor, Page, PageRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What one kind of named record's routes need.
pub trait Named: 'static {
    /// Its id.
    type Id: Send + 'static;
    /// The record, as the use cases return it.
    type Record: Send + 'static;
    /// The body of a creation and of a PUT.
    type New: DeserializeOwned + 'static;
    /// The body of a PATCH (a PUT is a PATCH of every field).
    type Patch: DeserializeOwned + From<Self::New> + 'static;
    /// The checked values of [`Named::New`].
    type Values: Send + 'static;
    /// The record as sent.
    type Body: Serialize + for<'a> From<&'a Self::Record>;
    /// A page of them as sent.
    type Page: Serialize;
    /// The collection's path segment: `departments`.
    const COLLECTION: &'static str;

    /// The id in a path segment; a bad one is a 422 naming `id`.
    fn id(segment: &str) -> Result<Self::Id, ApiError>;
    /// The id of a record, as its address shows it.
    fn id_of(record: &Self::Record) -> String;
    /// Its version, for `ETag`.
    fn version(record: &Self::Record) -> i64;
    /// Checks a creation's body, every refusal at once.
    fn values(body: &Self::New) -> Result<Self::Values, ApiError>;
    /// Checks a change, every refusal at once.
    fn change(
        patch: &Self::Patch,
        version: Option<i64>,
    ) -> Result<DirectoryChange<Label>, ApiError>;
    /// Creates one.
    fn create(
        directory: &DirectoryService,
        values: Self::Values,
        actor: &Actor,
    ) -> Result<Self::Record, DirectoryError>;
    /// Reads one.
    fn get(directory: &DirectoryService, id: Self::Id) -> Result<Self::Record, DirectoryError>;
    /// Changes one.
    fn apply(
        directory: &DirectoryService,
        id: Self::Id,
        change: DirectoryChange<Label>,
        actor: &Actor,
    ) -> Result<Self::Record, DirectoryError>;
    /// A page of them, by name.
    fn list(
        directory: &DirectoryService,
        page: PageRequest,
    ) -> Result<Page<Self::Record>, DirectoryError>;
    /// A page as sent.
    fn page(found: &Page<Self::Record>, request: PageRequest) -> Self::Page;
}

/// `POST`: creates one; 201 with `Location` and `ETag`.
pub async fn create<N: Named>(
    services: web::Data<Services>,
    caller: Caller,
    body: Body<N::New>,
) -> Result<HttpResponse, ApiError> {
    let values = N::values(&body)?;
    let directory = services.directory.clone();
    let record = run(move || N::create(&directory, values, &caller.actor())).await?;
    let location = format!(
        "{}/{}/{}",
        crate::limits::API_PREFIX,
        N::COLLECTION,
        N::id_of(&record)
    );
    Ok(created(
        &location,
        Some(N::version(&record)),
        N::Body::from(&record),
    ))
}

/// `GET` of one, with its version as `ETag`.
pub async fn get<N: Named>(
    services: web::Data<Services>,
    segment: &str,
) -> Result<HttpResponse, ApiError> {
    let id = N::id(segment)?;
    let directory = services.directory.clone();
    let record = lookup(&services, move || N::get(&directory, id)).await?;
    Ok(tagged(
        StatusCode::OK,
        N::version(&record),
        N::Body::from(&record),
    ))
}

/// `GET` of the collection: a page, by name.
pub async fn list<N: Named>(
    services: web::Data<Services>,
    query: &PageQuery,
) -> Result<HttpResponse, ApiError> {
    let page = page_of(query)?;
    let directory = services.directory.clone();
    let found = run(move || N::list(&directory, page)).await?;
    Ok(ok(N::page(&found, page)))
}

/// `PATCH` (and `PUT`, as a patch of every field), under `If-Match`.
pub async fn update<N: Named>(
    services: web::Data<Services>,
    caller: Caller,
    segment: &str,
    if_match: IfMatch,
    patch: &N::Patch,
) -> Result<HttpResponse, ApiError> {
    let id = N::id(segment)?;
    let change = N::change(patch, if_match.version())?;
    let directory = services.directory.clone();
    let record = run(move || N::apply(&directory, id, change, &caller.actor()))
        .await
        .map_err(ApiError::precondition_failed_when_stale)?;
    Ok(tagged(
        StatusCode::OK,
        N::version(&record),
        N::Body::from(&record),
    ))
}

/// The five routes of one named record, each with its OpenAPI description:
/// `$module::{create, get, list, replace, update}`.
macro_rules! named_record_routes {
    (
        $module:ident: $named:ty, $new:ty, $patch:ty, $body:ty, $page:ty,
        paths $collection:literal $item:literal, tag $tag:literal,
        ids [$create_id:literal, $get_id:literal, $list_id:literal, $replace_id:literal, $update_id:literal],
        docs [$create_doc:literal, $get_doc:literal, $list_doc:literal],
        answers [$one:literal, $page_doc:literal, $replaced:literal, $changed:literal],
        $id_doc:literal, $not_found:literal,
        conflicts [$($conflict:tt),*]
    ) => {
        pub mod $module {
            //! One named record's routes, from [`super::named`].

            /// `POST`.
            pub mod create {
                use crate::Services;
                use crate::access::Caller;
                use crate::edge::Body;
                use crate::problem::{ApiError, ProblemBody};
                use actix_web::{HttpResponse, web};

                #[doc = $create_doc]
                #[utoipa::path(
                    post, path = $collection, tag = $tag, operation_id = $create_id,
                    request_body = $new,
                    responses(
                        (status = 201, description = "Created; `Location` and `ETag` are set", body = $body),
                        $($conflict,)*
                        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
                    )
                )]
                pub async fn create(
                    services: web::Data<Services>,
                    caller: Caller,
                    body: Body<$new>,
                ) -> Result<HttpResponse, ApiError> {
                    crate::handlers::directory::named::create::<$named>(services, caller, body).await
                }
            }

            /// `GET` of one.
            pub mod get {
                use crate::Services;
                use crate::problem::{ApiError, ProblemBody};
                use actix_web::{HttpResponse, web};

                #[doc = $get_doc]
                #[utoipa::path(
                    get, path = $item, tag = $tag, operation_id = $get_id,
                    params(("id" = String, Path, description = $id_doc)),
                    responses(
                        (status = 200, description = $one, body = $body),
                        (status = 404, description = $not_found, body = ProblemBody, content_type = "application/problem+json"),
                        (status = 422, description = "Not a UUID", body = ProblemBody, content_type = "application/problem+json"),
                    )
                )]
                pub async fn get(
                    services: web::Data<Services>,
                    path: web::Path<String>,
                ) -> Result<HttpResponse, ApiError> {
                    crate::handlers::directory::named::get::<$named>(services, &path).await
                }
            }

            /// `GET` of the collection.
            pub mod list {
                use crate::Services;
                use crate::bodies::query::PageQuery;
                use crate::problem::{ApiError, ProblemBody};
                use actix_web::{HttpResponse, web};

                #[doc = $list_doc]
                #[utoipa::path(
                    get, path = $collection, tag = $tag, operation_id = $list_id,
                    params(PageQuery),
                    responses(
                        (status = 200, description = $page_doc, body = $page),
                        (status = 400, description = "Unknown query parameter", body = ProblemBody, content_type = "application/problem+json"),
                        (status = 422, description = "Invalid paging, all listed", body = ProblemBody, content_type = "application/problem+json"),
                    )
                )]
                pub async fn list(
                    services: web::Data<Services>,
                    query: web::Query<PageQuery>,
                ) -> Result<HttpResponse, ApiError> {
                    crate::handlers::directory::named::list::<$named>(services, &query).await
                }
            }

            /// `PUT`.
            pub mod replace {
                use crate::Services;
                use crate::access::Caller;
                use crate::edge::{Body, IfMatch};
                use crate::problem::{ApiError, ProblemBody};
                use actix_web::{HttpResponse, web};

                /// Replaces every detail.
                #[utoipa::path(
                    put, path = $item, tag = $tag, operation_id = $replace_id,
                    params(
                        ("id" = String, Path, description = $id_doc),
                        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
                    ),
                    request_body = $new,
                    responses(
                        (status = 200, description = $replaced, body = $body),
                        (status = 404, description = $not_found, body = ProblemBody, content_type = "application/problem+json"),
                        $($conflict,)*
                        (status = 412, description = "`stale-version`: changed since read", body = ProblemBody, content_type = "application/problem+json"),
                        (status = 428, description = "`if-match-required`: send the `ETag` read", body = ProblemBody, content_type = "application/problem+json"),
                        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
                    )
                )]
                pub async fn replace(
                    services: web::Data<Services>,
                    caller: Caller,
                    path: web::Path<String>,
                    if_match: IfMatch,
                    body: Body<$new>,
                ) -> Result<HttpResponse, ApiError> {
                    let patch = <$patch>::from(body.into_inner());
                    crate::handlers::directory::named::update::<$named>(services, caller, &path, if_match, &patch).await
                }
            }

            /// `PATCH`.
            pub mod update {
                use crate::Services;
                use crate::access::Caller;
                use crate::edge::{Body, IfMatch};
                use crate::problem::{ApiError, ProblemBody};
                use actix_web::{HttpResponse, web};

                /// Changes the fields given.
                #[utoipa::path(
                    patch, path = $item, tag = $tag, operation_id = $update_id,
                    params(
                        ("id" = String, Path, description = $id_doc),
                        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
                    ),
                    request_body = $patch,
                    responses(
                        (status = 200, description = $changed, body = $body),
                        (status = 404, description = $not_found, body = ProblemBody, content_type = "application/problem+json"),
                        $($conflict,)*
                        (status = 412, description = "`stale-version`: changed since read", body = ProblemBody, content_type = "application/problem+json"),
                        (status = 428, description = "`if-match-required`: send the `ETag` read", body = ProblemBody, content_type = "application/problem+json"),
                        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
                    )
                )]
                pub async fn update(
                    services: web::Data<Services>,
                    caller: Caller,
                    path: web::Path<String>,
                    if_match: IfMatch,
                    body: Body<$patch>,
                ) -> Result<HttpResponse, ApiError> {
                    crate::handlers::directory::named::update::<$named>(services, caller, &path, if_match, &body).await
                }
            }
        }
    };
}

pub(crate) use named_record_routes;
