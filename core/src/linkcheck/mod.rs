//! The link checker: whether the reuses' pages still answer. One visit is a [`probe`]; the
//! addresses a visit may reach are decided by the [`guard`] (public ones only), after DNS
//! resolution and again on every redirect; what a link's visits add up to (working, failing,
//! broken) is its [`health`].

pub mod guard;
pub mod health;
pub mod pass;
pub mod probe;
pub mod queue;
pub mod record;
pub mod report;

#[cfg(test)]
mod tests;

pub use guard::{PrivateAccess, is_public};
pub use health::{Change, Health, LinkState};
pub use probe::{Probe, ProbeSettings, Prober, Verdict};
pub use queue::LinkKind;
pub use record::Tally;
