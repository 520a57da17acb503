//! What each connection is doing, and since when, for its watchdog ([`ConnClock::expired`]).
//!
//! A connection is either waiting for a request head (since it opened, or since the first byte
//! of a later request), answering requests, or idle between them. A request counts as being
//! answered from its head until the last byte of its answer's body has been handed to the
//! socket, or its answer dropped (a client that reset an HTTP/2 stream, a handler that
//! panicked): [`InFlight`] is a guard, held by the answer's body ([`Tracked`]).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Notify;

use crate::config::ServerConfig;

/// The high bit of [`ConnClock::state`]: idle between requests (clear: waiting for a head).
const IDLE: u64 = 1 << 63;

/// A connection's phase and its start, read by its watchdog.
pub(super) struct ConnClock {
    origin: Instant,
    /// [`IDLE`] or not, and the milliseconds from `origin` to the start of the phase (or to the
    /// last write while idle), in one word so the watchdog never pairs one with the other's
    /// older value.
    state: AtomicU64,
    /// Requests being answered (several at once on HTTP/2).
    in_flight: AtomicUsize,
    /// HTTP/2 sends frames of its own (pings, window updates) between requests: its reads do
    /// not start a head.
    http2: AtomicBool,
    /// Wakes the watchdog when its deadline moves closer (a head begun, the last answer given).
    changed: Notify,
}

impl ConnClock {
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Self {
            origin: Instant::now(),
            state: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            http2: AtomicBool::new(false),
            changed: Notify::new(),
        })
    }

    fn now(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX >> 1) & !IDLE
    }

    /// A request's head has come: it is being answered until the guard drops.
    pub(super) fn begin(self: &Arc<Self>, http2: bool) -> InFlight {
        if http2 {
            self.http2.store(true, Ordering::Release);
        }
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(self.clone())
    }

    /// Bytes came in: on an idle HTTP/1 connection, a new request's head has begun.
    fn read(&self) {
        if self.in_flight.load(Ordering::Acquire) == 0
            && !self.http2.load(Ordering::Acquire)
            && self.state.load(Ordering::Acquire) & IDLE != 0
        {
            self.state.store(self.now(), Ordering::Release);
            self.changed.notify_one();
        }
    }

    /// Bytes went out: an idle connection still being written to is not idle.
    fn wrote(&self) {
        let state = self.state.load(Ordering::Acquire);
        if self.in_flight.load(Ordering::Acquire) == 0 && state & IDLE != 0 {
            // Lost to a concurrent change of phase, which is newer anyway.
            let _ = self.state.compare_exchange(
                state,
                IDLE | self.now(),
                Ordering::AcqRel,
                Ordering::Acquire,
            );
        }
    }

    /// Resolves when the connection has waited too long for a head, or idled too long.
    pub(super) async fn expired(&self, config: &ServerConfig) {
        loop {
            let state = self.state.load(Ordering::Acquire);
            let wait = if self.in_flight.load(Ordering::Acquire) > 0 {
                // A request under way has the body timeout and the app's own: look again later.
                config.header_timeout
            } else {
                let limit = if state & IDLE != 0 {
                    config.keepalive_timeout
                } else {
                    config.header_timeout
                };
                let deadline = (state & !IDLE).saturating_add(millis(limit));
                let now = self.now();
                if now >= deadline {
                    return;
                }
                Duration::from_millis(deadline - now)
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {},
                () = self.changed.notified() => {},
            }
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX >> 1)
}

/// A request being answered; its drop makes the connection idle when it was the last one.
pub(super) struct InFlight(Arc<ConnClock>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let clock = &self.0;
        if clock.in_flight.fetch_sub(1, Ordering::AcqRel) == 1 {
            clock.state.store(IDLE | clock.now(), Ordering::Release);
            clock.changed.notify_one();
        }
    }
}

/// An answer's body that holds its request's [`InFlight`] until its last frame.
pub(super) struct Tracked<B> {
    inner: B,
    guard: Option<InFlight>,
}

impl<B> Tracked<B> {
    pub(super) fn new(inner: B, guard: InFlight) -> Self {
        Self {
            inner,
            guard: Some(guard),
        }
    }
}

impl<B: Body + Unpin> Body for Tracked<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None | Some(Err(_)))) {
            self.guard = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A socket that tells its [`ConnClock`] when bytes move.
pub(super) struct Watched {
    inner: TcpStream,
    clock: Arc<ConnClock>,
}

impl Watched {
    pub(super) fn new(inner: TcpStream, clock: Arc<ConnClock>) -> Self {
        Self { inner, clock }
    }
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
