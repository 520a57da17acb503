//! The prober against local servers: one that answers, one that is gone, one that hangs, a
//! redirect loop, a redirect to a private address, a server refusing HEAD; and a second server
//! on another loopback address that must never be reached.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::guard::PrivateAccess;
use super::probe::{ProbeSettings, Prober, Verdict};
use crate::config::IpRange;

/// Requests a test server received, as "METHOD /path".
type Hits = Arc<Mutex<Vec<String>>>;

/// Serves on `ip` until the test ends; answers by path.
async fn server(ip: &str, other: Option<SocketAddr>) -> (SocketAddr, Hits) {
    let listener = TcpListener::bind((ip, 0))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let hits: Hits = Arc::default();
    let seen = Arc::clone(&hits);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0_u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&head)
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let mut parts = line.split(' ');
                let (method, path) = (
                    parts.next().unwrap_or_default(),
                    parts.next().unwrap_or_default(),
                );
                if let Ok(mut seen) = seen.lock() {
                    seen.push(format!("{method} {path}"));
                }
                let answer = match (method, path) {
                    (_, "/ok") => "200 OK\r\n".to_owned(),
                    (_, "/gone") => "404 Not Found\r\n".to_owned(),
                    (_, "/loop") => "302 Found\r\nLocation: /loop\r\n".to_owned(),
                    (_, "/private") => format!(
                        "302 Found\r\nLocation: http://{}/ok\r\n",
                        other.map(|a| a.to_string()).unwrap_or_default()
                    ),
                    ("HEAD", "/no-head") => "405 Method Not Allowed\r\n".to_owned(),
                    ("GET", "/no-head") => "200 OK\r\n".to_owned(),
                    (_, "/hang") => {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        return;
                    }
                    _ => "500 Internal Server Error\r\n".to_owned(),
                };
                let reply =
                    format!("HTTP/1.1 {answer}Content-Length: 0\r\nConnection: close\r\n\r\n");
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    (addr, hits)
}

fn prober(private: PrivateAccess) -> Prober {
    Prober::new(&ProbeSettings {
        // Long enough for a loaded machine to answer locally, short for the server that hangs.
        timeout: Duration::from_secs(2),
        host_gap: Duration::ZERO,
        site_url: "https://vitrine.test".to_owned(),
        private,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn only(ip: &str) -> PrivateAccess {
    PrivateAccess::Ranges(IpRange::parse(ip).into_iter().collect())
}

fn count(hits: &Hits) -> usize {
    hits.lock().map(|h| h.len()).unwrap_or_default()
}

#[tokio::test]
async fn each_kind_of_link_is_judged_and_private_hops_are_refused() {
    let (forbidden, forbidden_hits) = server("127.0.0.2", None).await;
    let (addr, hits) = server("127.0.0.1", Some(forbidden)).await;
    let checker = prober(only("127.0.0.1"));
    let expect: HashMap<&str, (Verdict, &str)> = HashMap::from([
        ("/ok", (Verdict::Works, "ok")),
        ("/no-head", (Verdict::Works, "ok")),
        ("/gone", (Verdict::Fails, "http_404")),
        ("/hang", (Verdict::Fails, "timeout")),
        ("/loop", (Verdict::Fails, "too_many_redirects")),
        ("/private", (Verdict::Fails, "private_address")),
    ]);
    for (path, (verdict, reason)) in &expect {
        let probe = checker.check(&format!("http://{addr}{path}")).await;
        assert_eq!(
            (probe.verdict, probe.reason.as_str()),
            (*verdict, *reason),
            "{path}"
        );
    }
    // The loop was followed five times, then given up.
    let loops = hits
        .lock()
        .map(|h| h.iter().filter(|l| l.ends_with("/loop")).count())
        .unwrap_or_default();
    assert_eq!(loops, 6);
    // A HEAD refused is asked again with GET; one that works is not.
    let seen = hits.lock().map(|h| h.clone()).unwrap_or_default();
    assert!(seen.contains(&"GET /no-head".to_owned()), "{seen:?}");
    assert!(!seen.contains(&"GET /ok".to_owned()), "{seen:?}");

    // A private address given directly, by number or by name: refused, never reached.
    let direct = checker.check(&format!("http://{forbidden}/ok")).await;
    assert_eq!(direct.reason, "private_address");
    let strict = prober(PrivateAccess::Never);
    assert_eq!(
        strict.check(&format!("http://{addr}/ok")).await.reason,
        "private_address"
    );
    assert_eq!(
        strict
            .check(&format!("http://localhost:{}/ok", addr.port()))
            .await
            .reason,
        "private_address"
    );
    assert_eq!(count(&forbidden_hits), 0);
    assert_eq!(
        strict.check("ftp://example.org/file").await.reason,
        "not_http"
    );
}
