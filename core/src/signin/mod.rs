//! Signing in: OAuth 2.0 / OpenID Connect providers, and the confirmation of email addresses.

pub mod email_confirmation;
pub mod oauth;

/// Whether two secrets are equal, in a time that does not tell where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
