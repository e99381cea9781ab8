//! Requests framed to deceive, sent byte by byte over a raw connection to
//! the real server: a slow body, a truncated body, and both
//! `Transfer-Encoding` and `Content-Length`. None may create a record.

use crate::on_both_backends;
use crate::support::App;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const NHS: &str = "9434765919";

fn body() -> String {
    format!(
        r#"{{"nhs_number": "{NHS}", "name": "Mary Thomas", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"}}"#
    )
}

fn head(app: &App, extra: &str) -> String {
    format!(
        "POST /api/v1/patients HTTP/1.1\r\nHost: panda\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\n{extra}\r\n",
        app.admin
    )
}

/// Everything the server sends until it closes the connection (or 10 s pass).
fn read_all(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn assert_no_patient(app: &App) {
    let reply = app.get(&format!("/api/v1/patients/{NHS}")).await;
    assert_eq!(reply.status, 404, "a record was created: {}", reply.body);
}

async fn a_body_shorter_than_its_content_length_is_never_acted_on(app: &App) {
    let body = body();
    let mut stream = TcpStream::connect(app.address()).unwrap();
    let request = head(app, &format!("Content-Length: {}\r\n", body.len() + 20)) + &body;
    stream.write_all(request.as_bytes()).unwrap();
    // The client goes away before the rest of the declared length.
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let reply = read_all(&mut stream);
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
    assert!(reply.contains("body-incomplete"), "{reply}");
    assert_no_patient(app).await;
}

async fn transfer_encoding_with_content_length_is_refused_and_the_connection_closed(app: &App) {
    let body = body();
    let chunked = format!("{:x}\r\n{body}\r\n0\r\n\r\n", body.len());
    let mut stream = TcpStream::connect(app.address()).unwrap();
    let request = head(app, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + &chunked;
    stream.write_all(request.as_bytes()).unwrap();
    let reply = read_all(&mut stream);
    // actix-http (3.19 on) refuses such a request in its parser, with a
    // bare 400, before PANDA's own check (`ambiguous-framing`) could: either
    // way it is refused, the connection closed, and nothing written.
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
    assert!(
        reply.contains("ambiguous-framing") || reply.contains("content-length: 0"),
        "{reply}"
    );
    assert!(
        reply.to_ascii_lowercase().contains("connection: close"),
        "{reply}"
    );
    assert_no_patient(app).await;
}

async fn slow_bodies_time_out_with_a_408_and_do_not_starve_other_clients(app: &App) {
    // Sixty clients each start a body and then send one byte a second.
    let body = body();
    let mut slow: Vec<TcpStream> = (0..60)
        .map(|_| {
            let mut stream = TcpStream::connect(app.address()).unwrap();
            let request = head(app, &format!("Content-Length: {}\r\n", body.len())) + &body[..10];
            stream.write_all(request.as_bytes()).unwrap();
            stream
        })
        .collect();
    // Meanwhile an honest client is served.
    let health = app.get("/health").await;
    assert_eq!(health.status, 200);
    let started = Instant::now();
    let mut replies = Vec::new();
    for (i, stream) in slow.iter_mut().enumerate() {
        // One more byte each: still far short of the declared length.
        let _ = stream.write_all(&body.as_bytes()[10 + i % 5..11 + i % 5]);
    }
    for stream in &mut slow {
        replies.push(read_all(stream));
    }
    // PANDA_BODY_TIMEOUT is 2 s in these tests (support.rs).
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    for reply in &replies {
        assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
        assert!(reply.contains("request-timeout"), "{reply}");
    }
    assert_no_patient(app).await;
}

on_both_backends!(
    a_body_shorter_than_its_content_length_is_never_acted_on,
    transfer_encoding_with_content_length_is_refused_and_the_connection_closed,
    slow_bodies_time_out_with_a_408_and_do_not_starve_other_clients,
);
