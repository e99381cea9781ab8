//! The access log and request ids.

use crate::support::{Mocks, NHS, patient, send};
use actix_web::test::TestRequest;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Everything logged while `f` runs on this thread, as text.
async fn logged<T>(f: impl Future<Output = T>) -> (T, String) {
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    let out = f.await;
    drop(guard);
    let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    (out, text)
}

#[actix_web::test]
async fn a_request_is_logged_by_route_and_status_never_by_its_nhs_number() {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_get()
        .returning(|_| Ok(Some(patient())));
    let (reply, log) =
        logged(mocks.send(TestRequest::get().uri(&format!("/api/v1/patients/{NHS}")))).await;
    assert_eq!(reply.status, 200);
    let line = log
        .lines()
        .find(|l| l.contains("panda::access"))
        .expect(&log);
    assert!(
        line.contains("route=/api/v1/patients/{nhs_number}"),
        "{line}"
    );
    assert!(
        line.contains("status=200") && line.contains("method=GET"),
        "{line}"
    );
    assert!(
        line.contains(&format!("id={}", reply.header("x-request-id").unwrap())),
        "{line}"
    );
    assert!(!log.contains(NHS), "{log}");
}

#[actix_web::test]
async fn a_search_is_logged_without_its_query() {
    let (reply, log) = logged(send(
        TestRequest::get().uri("/api/v1/nothing?name=Mary+Thomas"),
    ))
    .await;
    assert_eq!(reply.status, 404);
    let line = log
        .lines()
        .find(|l| l.contains("panda::access"))
        .expect(&log);
    assert!(
        line.contains("route=-") && line.contains("status=404"),
        "{line}"
    );
    assert!(!log.contains("Mary") && !log.contains("nothing"), "{log}");
}

#[actix_web::test]
async fn every_response_gets_its_own_request_id() {
    let first = send(TestRequest::get().uri("/health")).await;
    let second = send(TestRequest::get().uri("/api/v1/nothing")).await;
    let (a, b) = (first.header("x-request-id"), second.header("x-request-id"));
    assert!(a.is_some_and(|a| !a.is_empty()), "{:?}", first.headers);
    assert!(b.is_some());
    assert_ne!(a, b);
}

#[actix_web::test]
async fn a_plain_client_request_id_is_kept() {
    let request = TestRequest::get()
        .uri("/health")
        .insert_header(("x-request-id", "lb-7f3a.42:1"));
    let reply = send(request).await;
    assert_eq!(reply.header("x-request-id"), Some("lb-7f3a.42:1"));
}

#[actix_web::test]
async fn a_client_request_id_that_could_forge_a_log_line_is_replaced() {
    for bad in ["two words", "a\"b", &"x".repeat(65), ""] {
        let request = TestRequest::get()
            .uri("/health")
            .insert_header(("x-request-id", bad));
        let reply = send(request).await;
        let id = reply.header("x-request-id").unwrap();
        assert_ne!(id, bad);
        assert!(!id.is_empty());
    }
}
