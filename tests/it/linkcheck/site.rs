//! A website the link checker visits in tests: answers by path, counts every request, and can
//! be told to answer `/flaky` with another status, so a link can break and come back.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A running site.
pub struct Site {
    /// Where it listens.
    pub addr: SocketAddr,
    hits: Arc<Mutex<Vec<String>>>,
    flaky: Arc<AtomicU16>,
}

impl Site {
    /// Serves on `ip` until the test ends. `/ok` answers 200, `/gone` 404, `/loop` redirects to
    /// itself, `/private` redirects to `/ok` on `elsewhere`, `/hang` never answers, `/no-head`
    /// refuses HEAD and answers GET, `/flaky` answers what [`Site::answer_flaky`] last set
    /// (404 first).
    pub async fn start(ip: &str, elsewhere: Option<SocketAddr>) -> Self {
        let listener = TcpListener::bind((ip, 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hits: Arc<Mutex<Vec<String>>> = Arc::default();
        let flaky = Arc::new(AtomicU16::new(404));
        let (seen, status) = (hits.clone(), flaky.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(answer(socket, seen.clone(), status.clone(), elsewhere));
            }
        });
        Self { addr, hits, flaky }
    }

    /// `http://<addr><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request received, as `METHOD /path`.
    pub fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }

    /// The requests received for `path`.
    pub fn hits_on(&self, path: &str) -> usize {
        self.hits()
            .iter()
            .filter(|hit| hit.ends_with(&format!(" {path}")))
            .count()
    }

    /// What `/flaky` answers from now on.
    pub fn answer_flaky(&self, status: u16) {
        self.flaky.store(status, Ordering::SeqCst);
    }
}

async fn answer(
    mut socket: tokio::net::TcpStream,
    seen: Arc<Mutex<Vec<String>>>,
    flaky: Arc<AtomicU16>,
    elsewhere: Option<SocketAddr>,
) {
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
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
    );
    seen.lock().unwrap().push(format!("{method} {path}"));
    let status = match (method.as_str(), path.as_str()) {
        (_, "/ok") => "200 OK\r\n".to_owned(),
        (_, "/gone") => "404 Not Found\r\n".to_owned(),
        (_, "/loop") => "302 Found\r\nLocation: /loop\r\n".to_owned(),
        (_, "/private") => format!(
            "302 Found\r\nLocation: http://{}/ok\r\n",
            elsewhere.map(|a| a.to_string()).unwrap_or_default()
        ),
        ("HEAD", "/no-head") => "405 Method Not Allowed\r\n".to_owned(),
        ("GET", "/no-head") => "200 OK\r\n".to_owned(),
        (_, "/flaky") => format!("{} Flaky\r\n", flaky.load(Ordering::SeqCst)),
        (_, "/hang") => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            return;
        }
        _ => "500 Internal Server Error\r\n".to_owned(),
    };
    let reply = format!("HTTP/1.1 {status}Content-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = socket.write_all(reply.as_bytes()).await;
}
