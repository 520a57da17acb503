//! Middleware and request details that only HTTP has: the reader's language, rate limits,
//! security headers, CORS on the API, the API dialect a request speaks.

pub mod body;
pub mod cors;
pub mod dialect;
pub mod lang;
pub mod metrics;
pub mod observe;
pub mod proxy;
pub mod rate;
pub mod security;
pub mod server;
