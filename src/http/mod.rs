//! Middleware and request details that only HTTP has: the reader's language, rate limits,
//! security headers, CORS on the API.

pub mod cors;
pub mod lang;
pub mod rate;
pub mod security;
