//! Whether and where `/metrics` is served: never publicly unless asked.

use super::ConfigError;
use super::sources::Values;

/// `VITRINE_METRICS_*`.
#[derive(Clone, Debug, Default)]
pub struct MetricsConfig {}

impl MetricsConfig {
    pub(super) fn from_values(_values: &Values) -> Result<Self, ConfigError> {
        Ok(Self::default())
    }
}
