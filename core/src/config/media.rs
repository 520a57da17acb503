//! Where images are stored: the data directory (the default) or object storage.

use super::ConfigError;
use super::sources::Values;

/// `VITRINE_MEDIA_*`.
#[derive(Clone, Debug, Default)]
pub struct MediaConfig {}

impl MediaConfig {
    pub(super) fn from_values(_values: &Values) -> Result<Self, ConfigError> {
        Ok(Self::default())
    }
}
