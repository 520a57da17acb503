//! `VITRINE_IMPACT_*`: how often the impact indicators are counted, and whether `/impact/`
//! shows the searches that found nothing.

use std::time::Duration;

use super::ConfigError;
use super::catalog::parse_duration;
use super::sources::Values;
use super::validate::flag;

/// The impact indicators' settings.
#[derive(Clone, Debug)]
pub struct ImpactConfig {
    /// Between two counts; zero turns the scheduled job off (`vitrine impact` still counts).
    pub interval: Duration,
    /// Whether `/impact/` lists the searches that found nothing (animators always see them).
    pub show_searches: bool,
}

impl ImpactConfig {
    /// Reads the `VITRINE_IMPACT_*` variables.
    pub(super) fn from_values(values: &Values) -> Result<Self, ConfigError> {
        let interval = match values.get("IMPACT_INTERVAL") {
            None => Duration::from_secs(60 * 60),
            Some(text) => parse_duration(text).ok_or_else(|| {
                ConfigError::new(
                    "VITRINE_IMPACT_INTERVAL",
                    format!("{text:?} is not a duration like 1h, 30m or 0 (off)"),
                )
            })?,
        };
        Ok(Self {
            interval,
            show_searches: flag(values, "IMPACT_SHOW_SEARCHES", false)?,
        })
    }
}
