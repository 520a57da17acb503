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
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Addr, Endpoint, EndpointExt, IntoEndpoint};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

use super::proxy;
use crate::config::ServerConfig;

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
        let clock = Arc::new(ConnClock::new());
        let io = TokioIo::new(Watched {
            inner: stream,
            clock: clock.clone(),
        });
        let service = {
            let (ep, config, local, clock) =
                (ep.clone(), config.clone(), local.clone(), clock.clone());
            hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let (ep, config, local, clock) =
                    (ep.clone(), config.clone(), local.clone(), clock.clone());
                async move {
                    let client = proxy::resolve(&config, peer, req.headers());
                    let remote = RemoteAddr(Addr::SocketAddr(client.addr));
                    clock.begin();
                    let request: poem::Request = (req, local, remote, client.scheme).into();
                    let response = ep.get_response(request).await;
                    clock.end();
                    Ok::<_, Infallible>(hyper::Response::from(response))
                }
            })
        };
        let connection = auto::Builder::new(TokioExecutor::new())
            .serve_connection_with_upgrades(io, service)
            .into_owned();
        let watched = graceful.watch(connection);
        let config = config.clone();
        tokio::spawn(async move {
            let _guard = guard;
            tokio::select! {
                result = watched => if let Err(err) = result {
                    tracing::debug!(error = %err, "connection ended with an error");
                },
                () = clock.expired(&config) => {
                    tracing::debug!(peer = %peer, "connection closed: too slow or idle too long");
                },
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

/// Waiting for a request head (since the connection opened or a later request's first byte).
const HEAD: u8 = 0;
/// Between requests, with nothing under way.
const IDLE: u8 = 1;

/// What a connection is doing, and since when: read by its watchdog, [`ConnClock::expired`].
struct ConnClock {
    origin: Instant,
    phase: AtomicU8,
    /// Milliseconds from `origin` to the last change of phase (or the last write while idle).
    since: AtomicU64,
    /// Requests being answered (several at once on HTTP/2).
    in_flight: AtomicUsize,
    /// Wakes the watchdog when its deadline moves closer (a head begun, the last answer given).
    changed: Notify,
}

impl ConnClock {
    fn new() -> Self {
        Self {
            origin: Instant::now(),
            phase: AtomicU8::new(HEAD),
            since: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            changed: Notify::new(),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn begin(&self) {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
    }

    fn end(&self) {
        if self.in_flight.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.since.store(self.now(), Ordering::Release);
            self.phase.store(IDLE, Ordering::Release);
            self.changed.notify_one();
        }
    }

    /// Bytes came in: on an idle connection, a new request's head has begun.
    fn read(&self) {
        if self.in_flight.load(Ordering::Acquire) == 0 && self.phase.load(Ordering::Acquire) == IDLE
        {
            self.since.store(self.now(), Ordering::Release);
            self.phase.store(HEAD, Ordering::Release);
            self.changed.notify_one();
        }
    }

    /// Bytes went out: an answer still being written keeps an idle connection alive.
    fn wrote(&self) {
        if self.in_flight.load(Ordering::Acquire) == 0 && self.phase.load(Ordering::Acquire) == IDLE
        {
            self.since.store(self.now(), Ordering::Release);
        }
    }

    /// Resolves when the connection has waited too long for a head, or idled too long.
    async fn expired(&self, config: &ServerConfig) {
        loop {
            let since = self.since.load(Ordering::Acquire);
            let limit = if self.in_flight.load(Ordering::Acquire) > 0 {
                None
            } else if self.phase.load(Ordering::Acquire) == HEAD {
                Some(config.header_timeout)
            } else {
                Some(config.keepalive_timeout)
            };
            let wait = match limit {
                // A request under way has the body timeout and the app's own.
                None => config.header_timeout,
                Some(limit) => {
                    let deadline = since.saturating_add(duration_ms(limit));
                    let now = self.now();
                    if now >= deadline {
                        return;
                    }
                    Duration::from_millis(deadline - now)
                }
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {},
                () = self.changed.notified() => {},
            }
        }
    }
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A socket that tells its [`ConnClock`] when bytes move.
struct Watched {
    inner: TcpStream,
    clock: Arc<ConnClock>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.clock.read();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.clock.wrote();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.clock.wrote();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
