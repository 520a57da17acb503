//! The HTTP server's limits against clients that misbehave, over raw sockets: request heads sent a
//! byte at a time, idle kept-alive connections, too many connections, bodies that never come.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::app::TestApp;

fn addr(app: &TestApp) -> SocketAddr {
    app.url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

/// Whether the server closes `stream` (end of file or reset) within `limit`; bytes it sends
/// first are kept in `seen`.
async fn closed_within(stream: &mut TcpStream, limit: Duration, seen: &mut Vec<u8>) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

/// One request on an open connection; the head of its answer.
async fn exchange(stream: &mut TcpStream, path: &str) -> String {
    let request = format!("GET {path} HTTP/1.1\r\nHost: vitrine.test\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
            .await
            .expect("an answer")
            .unwrap();
        assert!(n > 0, "closed before answering");
        answer.extend_from_slice(&buf[..n]);
    }
    // `/ping` answers `pong`, which may come in the same read or the next.
    if !answer.ends_with(b"pong") {
        let _ = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf)).await;
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_head_sent_too_slowly_is_dropped_but_an_idle_connection_waits_its_own_time() {
    let app = TestApp::with_env(&[
        ("VITRINE_HTTP_HEADER_TIMEOUT", "1s"),
        ("VITRINE_HTTP_KEEPALIVE_TIMEOUT", "60s"),
    ])
    .await;
    let mut slow = TcpStream::connect(addr(&app)).await.unwrap();
    let trickle = tokio::spawn({
        let head = b"GET /ping HTTP/1.1\r\nHost: vitrine.test\r\nX-Padding: ".to_vec();
        async move {
            for byte in head.into_iter().chain(std::iter::repeat(b'a')) {
                if slow.write_all(&[byte]).await.is_err() {
                    return slow;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            slow
        }
    });
    // Kept alive past the head's timeout, with nothing under way: still open, still served.
    let mut idle = TcpStream::connect(addr(&app)).await.unwrap();
    assert!(
        exchange(&mut idle, "/ping")
            .await
            .starts_with("HTTP/1.1 200")
    );
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(
        exchange(&mut idle, "/ping")
            .await
            .starts_with("HTTP/1.1 200")
    );

    let mut slow = tokio::time::timeout(Duration::from_secs(15), trickle)
        .await
        .expect("the slow head was dropped")
        .unwrap();
    let mut seen = Vec::new();
    assert!(closed_within(&mut slow, Duration::from_secs(5), &mut seen).await);
    assert!(
        seen.is_empty() || seen.starts_with(b"HTTP/1.1 408"),
        "{seen:?}"
    );

    // A connection that never sends anything is a head that never comes.
    let mut silent = TcpStream::connect(addr(&app)).await.unwrap();
    assert!(closed_within(&mut silent, Duration::from_secs(10), &mut Vec::new()).await);
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_its_timeout() {
    let app = TestApp::with_env(&[("VITRINE_HTTP_KEEPALIVE_TIMEOUT", "1s")]).await;
    let mut idle = TcpStream::connect(addr(&app)).await.unwrap();
    assert!(
        exchange(&mut idle, "/ping")
            .await
            .starts_with("HTTP/1.1 200")
    );
    // Well before the head's timeout (10 s by default), which must not be what closes it.
    assert!(closed_within(&mut idle, Duration::from_secs(6), &mut Vec::new()).await);
}

#[tokio::test]
async fn connections_over_the_limit_are_refused_cleanly_until_some_close() {
    let app = TestApp::with_env(&[("VITRINE_HTTP_MAX_CONNECTIONS", "3")]).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut stream = TcpStream::connect(addr(&app)).await.unwrap();
        assert!(
            exchange(&mut stream, "/ping")
                .await
                .starts_with("HTTP/1.1 200")
        );
        held.push(stream);
    }
    let mut over = TcpStream::connect(addr(&app)).await.unwrap();
    let mut answer = Vec::new();
    assert!(closed_within(&mut over, Duration::from_secs(10), &mut answer).await);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("Retry-After"), "{answer}");

    held.clear();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut stream = TcpStream::connect(addr(&app)).await.unwrap();
        let mut buf = Vec::new();
        stream
            .write_all(b"GET /ping HTTP/1.1\r\nHost: vitrine.test\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let _ = closed_within(&mut stream, Duration::from_secs(5), &mut buf).await;
        if buf.starts_with(b"HTTP/1.1 200") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still refused once the others closed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_body_that_does_not_come_is_answered_408_and_the_connection_closed() {
    let app = TestApp::with_env(&[("VITRINE_HTTP_BODY_TIMEOUT", "1s")]).await;
    let mut stream = TcpStream::connect(addr(&app)).await.unwrap();
    stream
        .write_all(
            b"POST /api/1/reuses/ HTTP/1.1\r\nHost: vitrine.test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"title\":",
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    assert!(closed_within(&mut stream, Duration::from_secs(10), &mut answer).await);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("did not arrive within 1 s"), "{answer}");
}

#[tokio::test]
async fn thousands_of_slow_heads_leave_the_others_served_and_are_all_dropped() {
    const SLOW: usize = 2000;
    let app = TestApp::with_env(&[("VITRINE_HTTP_HEADER_TIMEOUT", "3s")]).await;
    let target = addr(&app);
    let mut slow = Vec::with_capacity(SLOW);
    for _ in 0..SLOW {
        let mut stream = TcpStream::connect(target).await.unwrap();
        stream.write_all(b"G").await.unwrap();
        slow.push(stream);
    }
    // One byte more on each, every half second, from one task: never a whole head.
    let trickle = tokio::spawn(async move {
        let mut open = vec![true; slow.len()];
        for _ in 0..40 {
            for (stream, open) in slow.iter_mut().zip(open.iter_mut()) {
                if *open && stream.write_all(b"E").await.is_err() {
                    *open = false;
                }
            }
            if !open.contains(&true) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        slow
    });

    let client = reqwest::Client::new();
    let mut latencies = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        let response = client.get(format!("{}ping", app.url)).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        latencies.push(started.elapsed());
    }
    latencies.sort();
    println!(
        "with {SLOW} slow connections: p50 {:?}, p99 {:?}, max {:?} over {} requests",
        latencies[latencies.len() / 2],
        latencies[latencies.len() * 99 / 100],
        latencies[latencies.len() - 1],
        latencies.len()
    );

    let mut slow = trickle.await.unwrap();
    let mut still_open = 0;
    for stream in &mut slow {
        if !closed_within(stream, Duration::from_millis(200), &mut Vec::new()).await {
            still_open += 1;
        }
    }
    assert_eq!(still_open, 0, "slow connections the server kept");
}

/// An HTTP/2 client that gives up on a request (a stream reset while its body is still coming)
/// leaves an idle connection, which the keep-alive timeout closes like any other.
#[tokio::test]
async fn an_http2_stream_reset_mid_request_leaves_the_connection_to_its_idle_timeout() {
    use http_body_util::StreamBody;
    use hyper::body::{Bytes, Frame};
    use hyper_util::rt::{TokioExecutor, TokioIo};

    let app = TestApp::with_env(&[("VITRINE_HTTP_KEEPALIVE_TIMEOUT", "1s")]).await;
    let stream = TcpStream::connect(addr(&app)).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .unwrap();
    let driver = tokio::spawn(connection);
    let never = futures_util::stream::pending::<Result<Frame<Bytes>, std::convert::Infallible>>();
    let request = hyper::Request::post(format!("{}api/1/reuses/", app.url))
        .header("content-type", "application/json")
        .body(StreamBody::new(never))
        .unwrap();
    let answer =
        tokio::time::timeout(Duration::from_millis(500), sender.send_request(request)).await;
    assert!(answer.is_err(), "the server waits for the body");
    // The request's future is dropped: the stream is reset. The sender stays, so the client
    // keeps the connection; only the server can close it now.
    let closed = tokio::time::timeout(Duration::from_secs(8), driver).await;
    assert!(closed.is_ok(), "the server kept an idle HTTP/2 connection");
    drop(sender);
}
