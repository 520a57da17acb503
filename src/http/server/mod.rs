//! The HTTP server: hyper's HTTP/1.1 and HTTP/2 under poem's endpoint, with the limits poem's
//! own server lacks.
//!
//! - **Request heads:** a connection that has not sent a whole request head
//!   [`ServerConfig::header_timeout`] after it opened (or after the first byte of a later
//!   request) is closed: a client that sends its headers a byte at a time cannot hold a
//!   connection, and a few thousand of them cannot take the site down.
//! - **Idle keep-alive:** a connection with no request under way is closed after
//!   [`ServerConfig::keepalive_timeout`] (longer than a proxy's usual 60 s pool, so the proxy
//!   closes first and never sends on a connection being closed).
//! - **Connections:** beyond [`ServerConfig::max_connections`] a new one is answered
//!   `503 Service Unavailable` and closed, rather than left to wait or to exhaust file handles.
//! - **Sockets:** `TCP_NODELAY`, so small answers are not held back by Nagle's algorithm.
//! - **Proxies:** the client's address and scheme are resolved here ([`super::proxy`]).
//! - **Shutdown:** accepting stops; each connection finishes its requests in flight and closes
//!   (idle ones at once); what is left after [`ServerConfig::drain_timeout`] is cut.
//!
//! The request body's own timeout is the app's (`limit_body` in the crate's root).

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Addr, Endpoint, EndpointExt, IntoEndpoint};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

use self::clock::{ConnClock, Tracked, Watched};
use super::proxy;
use crate::config::ServerConfig;

mod clock;

/// Streams an HTTP/2 connection may have open at once (hyper's default is 200): each may hold a
/// request body of up to 8 MB while it is read.
const HTTP2_STREAMS: u32 = 32;

/// What a full server answers, in one write, before closing.
const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 45\r\nRetry-After: 5\r\nConnection: close\r\n\r\nThe server is busy; please retry in a moment.";

/// Serves `ep` on `listener` until `shutdown` resolves, then drains.
pub async fn run<E>(
    listener: TcpListener,
    ep: E,
    config: ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()>
where
    E: IntoEndpoint,
    E::Endpoint: 'static,
{
    let ep = Arc::new(ep.into_endpoint().map_to_response().boxed());
    let config = Arc::new(config);
    let local = LocalAddr(Addr::SocketAddr(listener.local_addr()?));
    let open = Arc::new(AtomicUsize::new(0));
    let graceful = GracefulShutdown::new();
    // Connections still open when the drain ends are dropped on this signal.
    let cut = tokio::sync::watch::Sender::new(false);
    warn_if_few_file_handles(config.max_connections);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file handles, most likely: wait for some to be given back.
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(error = %err, "TCP_NODELAY not set");
        }
        if open.load(Ordering::Acquire) >= config.max_connections {
            tokio::spawn(refuse(stream));
            continue;
        }
        let guard = OpenGuard::new(open.clone());
        let clock = ConnClock::new();
        let io = TokioIo::new(Watched::new(stream, clock.clone()));
        let service = {
            let (ep, config, local, clock) =
                (ep.clone(), config.clone(), local.clone(), clock.clone());
            hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let (ep, config, local, clock) =
                    (ep.clone(), config.clone(), local.clone(), clock.clone());
                async move {
                    let in_flight = clock.begin(req.version() == poem::http::Version::HTTP_2);
                    let client = proxy::resolve(&config, peer, req.headers());
                    let remote = RemoteAddr(Addr::SocketAddr(client.addr));
                    let request: poem::Request = (req, local, remote, client.scheme).into();
                    let response = ep.get_response(request).await;
                    let response = hyper::Response::from(response);
                    Ok::<_, Infallible>(response.map(|body| Tracked::new(body, in_flight)))
                }
            })
        };
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder.http2().max_concurrent_streams(HTTP2_STREAMS);
        let connection = builder
            .serve_connection_with_upgrades(io, service)
            .into_owned();
        let watched = graceful.watch(connection);
        let (config, mut cut) = (config.clone(), cut.subscribe());
        tokio::spawn(async move {
            let _guard = guard;
            tokio::select! {
                result = watched => if let Err(err) = result {
                    tracing::debug!(error = %err, "connection ended with an error");
                },
                () = clock.expired(&config) => {
                    tracing::debug!(peer = %peer, "connection closed: too slow or idle too long");
                },
                _ = cut.wait_for(|cut| *cut) => {},
            }
        });
    }
    drop(listener);
    let draining = graceful.count();
    if draining > 0 {
        tracing::info!(connections = draining, "waiting for requests in flight");
    }
    if tokio::time::timeout(config.drain_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after the drain timeout were cut");
        cut.send_replace(true);
    }
    Ok(())
}

/// Answers 503 to a connection over the limit, without reading it.
async fn refuse(mut stream: TcpStream) {
    let written = tokio::time::timeout(Duration::from_secs(2), async {
        stream.write_all(REFUSAL).await?;
        stream.shutdown().await
    })
    .await;
    if !matches!(written, Ok(Ok(()))) {
        tracing::debug!("a refused connection did not take its answer");
    }
}

/// Counts a connection as open while it lives.
struct OpenGuard(Arc<AtomicUsize>);

impl OpenGuard {
    fn new(open: Arc<AtomicUsize>) -> Self {
        open.fetch_add(1, Ordering::AcqRel);
        Self(open)
    }
}

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Warns when the process may open fewer files than it may serve connections (Linux only: read
/// from `/proc/self/limits`): past that, connections fail to be accepted instead of being
/// refused with a 503.
fn warn_if_few_file_handles(max_connections: usize) {
    let Ok(limits) = std::fs::read_to_string("/proc/self/limits") else {
        return;
    };
    let soft = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .and_then(|line| line.split_whitespace().nth(3))
        .and_then(|soft| soft.parse::<usize>().ok());
    // Room for the database pool, Redis, SMTP, the catalog and the files being read.
    if let Some(soft) = soft
        && soft < max_connections.saturating_add(256)
    {
        tracing::warn!(
            open_files = soft,
            max_connections,
            "the open-files limit is below VITRINE_HTTP_MAX_CONNECTIONS and a margin of 256: \
             raise it (ulimit -n, systemd's LimitNOFILE) or lower the connections"
        );
    }
}
