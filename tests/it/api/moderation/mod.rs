//! Moderation by API: spam holds ([`held`]), reports and how they close ([`reports`]), the
//! showcase order and archiving ([`showcase`]), deactivated accounts and the audit log
//! ([`accounts`]), rate limits ([`rate_limits`]), and who may do each of these
//! ([`permissions`]).
//!
//! A mail or a notification that must not go out is checked once the outbox is drained (see
//! [`crate::support::mail`]).

mod accounts;
mod held;
mod permissions;
mod rate_limits;
mod reports;
mod showcase;
