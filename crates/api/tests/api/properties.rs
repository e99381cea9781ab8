//! The edge under arbitrary input: JSON bodies and query strings of any
//! shape get an answer from the documented set, never a 500 or a panic.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::Page;
use proptest::prelude::*;

/// Bodies near the patient shape: real field names and values, wrong
/// types, extra fields, truncation, arbitrary text.
fn body() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("\"9434765919\"".to_owned()),
        Just("\"Mary Thomas\"".to_owned()),
        Just("\"1980-01-02\"".to_owned()),
        Just("\"N6 2FA\"".to_owned()),
        Just("null".to_owned()),
        Just("[]".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<String>().prop_map(|s| serde_json::Value::String(s).to_string()),
    ];
    let field =
        prop::sample::select(&["nhs_number", "name", "date_of_birth", "postcode", "x", ""][..]);
    let object = prop::collection::vec((field, value), 0..6).prop_map(|pairs| {
        let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        format!("{{{}}}", inner.join(", "))
    });
    prop_oneof![
        4 => object.clone(),
        1 => (object, any::<usize>()).prop_map(|(o, cut)| o.chars().take(cut % (o.len() + 1)).collect()),
        1 => any::<String>(),
    ]
}

fn query() -> impl Strategy<Value = String> {
    let key = prop::sample::select(&["name", "postcode", "offset", "limit", "x", "", "name[]"][..]);
    let value = prop_oneof!["[a-zA-Z0-9 %+&=]{0,12}", any::<String>(), "-?[0-9]{1,25}"];
    prop::collection::vec((key, value), 0..5).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace(['#', ' '], "%20")))
            .collect::<Vec<_>>()
            .join("&")
    })
}

fn serve(request: TestRequest) -> u16 {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_insert()
        .returning(|p, _| Ok(p.clone()));
    mocks.patients.expect_list().returning(|_, _| {
        Ok(Page {
            items: vec![],
            total: 0,
        })
    });
    let reply = actix_web::rt::System::new().block_on(mocks.send(request));
    reply.status.as_u16()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_body_gets_a_documented_answer(body in body()) {
        let request = TestRequest::post()
            .uri("/api/v1/patients")
            .insert_header(("content-type", "application/json"))
            .set_payload(body.clone());
        let status = serve(request);
        prop_assert!([201, 400, 422].contains(&status), "{} for {:?}", status, body);
    }

    #[test]
    fn any_query_gets_a_documented_answer(query in query()) {
        let uri = format!("/api/v1/patients?{query}");
        prop_assume!(actix_web::http::Uri::try_from(uri.as_str()).is_ok());
        let status = serve(TestRequest::get().uri(&uri));
        prop_assert!([200, 400, 422].contains(&status), "{} for {:?}", status, query);
    }
}
