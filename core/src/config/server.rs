//! The HTTP server's limits, the reverse proxies it trusts, and its log format.

use super::ConfigError;
use super::sources::Values;

/// `VITRINE_HTTP_*`, `VITRINE_TRUSTED_PROXIES`, `VITRINE_LOG_FORMAT`.
#[derive(Clone, Debug, Default)]
pub struct ServerConfig {}

impl ServerConfig {
    pub(super) fn from_values(_values: &Values) -> Result<Self, ConfigError> {
        Ok(Self::default())
    }
}
