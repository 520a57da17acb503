//! Moderation: spam holds, reports, the audit log of moderators' and admins' acts, rate limits.

pub mod audit;
pub mod candidates;
pub mod curation;
pub mod queue;
pub mod reports;
pub mod spam;
pub mod subjects;
