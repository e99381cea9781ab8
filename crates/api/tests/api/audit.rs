//! `GET /api/v1/audit` over a mocked trail: filters reach the store, values
//! come back as text, erased values as null and flagged, bad filters are
//! problems naming them.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::Page;
use panda_domain::audit::{AuditAction, AuditValue, Change, Entity, StoredRecord};

fn record() -> StoredRecord {
    StoredRecord {
        sequence: 7,
        at: at(9, 0),
        actor: "token:0193e5f2-8c4a-7d2e-9b1a-3f6c2d8e4a10".to_owned(),
        actor_name: "front-desk".to_owned(),
        action: AuditAction::Update,
        entity: Entity::Patient,
        entity_id: None,
        subject: None,
        changes: vec![Change {
            field: "name".to_owned(),
            old: Some(AuditValue::Erased),
            new: Some(AuditValue::Erased),
        }],
    }
}

#[actix_web::test]
async fn the_trail_is_a_page_of_records_with_erased_values_null_and_flagged() {
    let mut mocks = Mocks::new();
    mocks
        .audit
        .expect_list()
        .withf(|f, page| {
            f.entity == Some(Entity::Patient)
                && f.entity_id.as_deref() == Some(NHS)
                && f.action == Some(AuditAction::Update)
                && f.from == Some(at(8, 0))
                && page.limit == 10
        })
        .returning(|_, _| {
            Ok(Page {
                items: vec![record()],
                total: 1,
            })
        });
    let uri = format!(
        "/api/v1/audit?entity_type=patient&entity_id={NHS}&action=update&from=2030-01-15T08:00:00Z&limit=10"
    );
    let reply = mocks.send(TestRequest::get().uri(&uri)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let item = &reply.body["items"][0];
    assert_eq!(item["sequence"], 7);
    assert_eq!(item["actor_name"], "front-desk");
    assert_eq!(item["entity_type"], "patient");
    assert_eq!(item["entity_id"], serde_json::Value::Null);
    assert_eq!(item["changes"][0]["field"], "name");
    assert_eq!(item["changes"][0]["new"], serde_json::Value::Null);
    assert_eq!(item["changes"][0]["erased"], true);
    assert_eq!(reply.body["total"], 1);
}

#[actix_web::test]
async fn bad_filters_are_each_named_and_the_store_is_not_asked() {
    let uri = "/api/v1/audit?entity_type=patients&action=remove&from=yesterday";
    let reply = send(TestRequest::get().uri(uri)).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(reply.fields(), ["entity_type", "action", "from"]);
    let unknown = send(TestRequest::get().uri("/api/v1/audit?who=me")).await;
    unknown.assert_problem(400, "invalid-query");
}
