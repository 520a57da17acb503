//! `VITRINE_LINKCHECK_*`: how often the link checker runs, how it visits, and which private
//! addresses it may visit (none, outside tests and benchmarks).

use std::time::Duration;

use super::catalog::parse_duration;
use super::sources::Values;
use super::validate::positive;
use super::{ConfigError, IpRange};
use crate::linkcheck::PrivateAccess;

/// The link checker's settings.
#[derive(Clone, Debug)]
pub struct LinkCheckConfig {
    /// Between two passes over what is due; zero turns the scheduled job off
    /// (`vitrine linkcheck --once` still runs).
    pub interval: Duration,
    /// Bound on each request, connection included.
    pub timeout: Duration,
    /// The shortest gap between two requests to the same host.
    pub host_gap: Duration,
    /// Links visited at the same time.
    pub concurrency: usize,
    /// Private addresses let through: `true` for all, or a list of ranges (tests only).
    pub private: PrivateAccess,
}

impl LinkCheckConfig {
    /// Reads the `VITRINE_LINKCHECK_*` variables.
    pub(super) fn from_values(values: &Values) -> Result<Self, ConfigError> {
        let duration = |key: &str, default: Duration, zero_ok: bool| match values.get(key) {
            None => Ok(default),
            Some(text) => parse_duration(text)
                .filter(|duration| zero_ok || !duration.is_zero())
                .ok_or_else(|| {
                    ConfigError::new(
                        &format!("VITRINE_{key}"),
                        format!("{text:?} is not a duration like 10m, 30s or 500ms"),
                    )
                }),
        };
        Ok(Self {
            interval: duration("LINKCHECK_INTERVAL", Duration::from_secs(10 * 60), true)?,
            timeout: duration("LINKCHECK_TIMEOUT", Duration::from_secs(10), false)?,
            host_gap: duration("LINKCHECK_HOST_GAP", Duration::from_secs(1), true)?,
            concurrency: positive(values, "LINKCHECK_CONCURRENCY", 64, "a positive number")?,
            private: private_access(values.get("LINKCHECK_ALLOW_PRIVATE"))?,
        })
    }
}

/// `VITRINE_LINKCHECK_ALLOW_PRIVATE`: `false` (the default), `true`, or comma-separated ranges.
fn private_access(text: Option<&str>) -> Result<PrivateAccess, ConfigError> {
    match text.map(str::trim) {
        None | Some("" | "false" | "0" | "no" | "off") => Ok(PrivateAccess::Never),
        Some("true" | "1" | "yes" | "on") => Ok(PrivateAccess::Always),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .map(|item| {
                IpRange::parse(item).ok_or_else(|| {
                    ConfigError::new(
                        "VITRINE_LINKCHECK_ALLOW_PRIVATE",
                        format!(
                            "{item:?} is neither true, false nor an address range like 127.0.0.0/8"
                        ),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(PrivateAccess::Ranges),
    }
}
