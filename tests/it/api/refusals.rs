//! A call refused before any handler reads its body (a key that does not hold, on either
//! dialect) leaves the connection usable: clients (`requests`, `ckanapi`) send the body after
//! the headers and then reuse the connection for their next call, which must not find it
//! closed under them, nor take the unread body for a request of its own.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::TestApp;

/// Sends `headers`, waits for the server to have answered them, sends `body`, then a second
/// request on the same connection; everything the server wrote back until it is done.
async fn refused_then_next(app: &TestApp, headers: &str, body: &str) -> String {
    let host = app.url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    stream.write_all(headers.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Written even if the server closed the connection meanwhile (the test then sees it).
    let _ = stream.write_all(body.as_bytes()).await;
    let _ = stream
        .write_all(b"GET /ping HTTP/1.1\r\nHost: vitrine\r\nConnection: close\r\n\r\n")
        .await;
    let mut answers = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answers));
    let _ = read.await;
    String::from_utf8_lossy(&answers).into_owned()
}

#[tokio::test]
async fn a_refusal_before_the_body_is_read_keeps_the_connection_usable() {
    let app = TestApp::new().await;
    let body = r#"{"name": "late-body", "title": "A body sent after its headers"}"#;
    for (path, key, refused) in [
        (
            "/api/3/action/ckanext_showcase_create",
            "Authorization: wrong",
            "403",
        ),
        ("/api/1/reuses/", "X-API-KEY: wrong", "401"),
    ] {
        let headers = format!(
            "POST {path} HTTP/1.1\r\nHost: vitrine\r\n{key}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let answers = refused_then_next(&app, &headers, body).await;
        // Each answer's status line (a JSON body ends with no line break before the next).
        let statuses: Vec<&str> = answers
            .match_indices("HTTP/1.1 ")
            .map(|(at, _)| &answers[at + 9..at + 12])
            .collect();
        assert_eq!(statuses, [refused, "200"], "{path}: {answers}");
    }
}
