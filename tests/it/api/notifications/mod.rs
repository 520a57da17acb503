//! Notifications against a real SMTP server: who hears about each event, in the app and by mail,
//! and who does not ([`audiences`]); preferences, watches, mutes and one-click unsubscribe
//! ([`preferences`]); well-formed mails, and writes while the worker sends ([`mails`]); the
//! daily digest ([`digest`]); the notifications API ([`inbox`]).
//!
//! A mail that must not go out is checked once the outbox is drained (see
//! [`crate::support::mail`]).

mod audiences;
mod digest;
mod inbox;
mod mails;
mod preferences;
