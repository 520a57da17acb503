//! Whether and where `/metrics` is served: never publicly unless asked.

use std::fmt;
use std::net::SocketAddr;

use super::ConfigError;
use super::sources::Values;

/// The shortest `VITRINE_METRICS_TOKEN` taken.
const TOKEN_MIN_LEN: usize = 16;

/// `VITRINE_METRICS_*`: with neither set, `/metrics` is not served at all (404).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct MetricsConfig {
    /// `VITRINE_METRICS_BIND`: an address of its own where a listener serves `/metrics` alone,
    /// to anyone who reaches it (bind it to a private interface).
    pub bind: Option<SocketAddr>,
    /// `VITRINE_METRICS_TOKEN`: `/metrics` on the main port too, to
    /// `Authorization: Bearer <token>` only.
    pub token: Option<String>,
}

impl MetricsConfig {
    /// Whether metrics are recorded and served somewhere.
    pub fn enabled(&self) -> bool {
        self.bind.is_some() || self.token.is_some()
    }

    pub(super) fn from_values(values: &Values) -> Result<Self, ConfigError> {
        let bind = match values.get("METRICS_BIND") {
            None => None,
            Some(text) => {
                let addr: SocketAddr = text.parse().map_err(|_| {
                    ConfigError::new(
                        "VITRINE_METRICS_BIND",
                        format!("{text:?} is not an address like 127.0.0.1:9090"),
                    )
                })?;
                // VITRINE_BIND's own errors are told by its own check.
                let main = values.get("BIND").unwrap_or("127.0.0.1:8080").parse().ok();
                if main == Some(addr) {
                    return Err(ConfigError::new(
                        "VITRINE_METRICS_BIND",
                        "must differ from VITRINE_BIND: /metrics gets a listener of its own",
                    ));
                }
                Some(addr)
            }
        };
        let token = match values.get("METRICS_TOKEN") {
            None => None,
            Some(token)
                if token.len() >= TOKEN_MIN_LEN
                    && token.bytes().all(|byte| byte.is_ascii_graphic()) =>
            {
                Some(token.to_owned())
            }
            Some(_) => {
                return Err(ConfigError::new(
                    "VITRINE_METRICS_TOKEN",
                    format!(
                        "must be at least {TOKEN_MIN_LEN} characters long, printable ASCII \
                         without spaces"
                    ),
                ));
            }
        };
        Ok(Self { bind, token })
    }
}

/// The token is never printed.
impl fmt::Debug for MetricsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetricsConfig")
            .field("bind", &self.bind)
            .field("token", &self.token.as_ref().map(|_| "…"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::config::Config;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, crate::config::ConfigError> {
        let env: BTreeMap<String, String> = pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect();
        Config::from_sources(&env, None)
    }

    #[test]
    fn metrics_are_off_unless_asked() {
        let metrics = config(&[]).unwrap().metrics;
        assert!(!metrics.enabled());
        let metrics = config(&[
            ("VITRINE_METRICS_BIND", "127.0.0.1:9090"),
            ("VITRINE_METRICS_TOKEN", "a-long-enough-token"),
        ])
        .unwrap()
        .metrics;
        assert!(metrics.enabled());
        assert_eq!(metrics.bind, Some("127.0.0.1:9090".parse().unwrap()));
        assert!(!format!("{metrics:?}").contains("a-long-enough-token"));
    }

    #[test]
    fn refused_settings_name_their_variable() {
        for (pairs, key) in [
            (
                &[("VITRINE_METRICS_BIND", "localhost")][..],
                "VITRINE_METRICS_BIND",
            ),
            (
                &[("VITRINE_METRICS_BIND", "127.0.0.1:8080")][..],
                "VITRINE_METRICS_BIND",
            ),
            (
                &[
                    ("VITRINE_BIND", "0.0.0.0:80"),
                    ("VITRINE_METRICS_BIND", "0.0.0.0:80"),
                ][..],
                "VITRINE_METRICS_BIND",
            ),
            (
                &[("VITRINE_METRICS_TOKEN", "short")][..],
                "VITRINE_METRICS_TOKEN",
            ),
            (
                &[("VITRINE_METRICS_TOKEN", "long enough but with spaces")][..],
                "VITRINE_METRICS_TOKEN",
            ),
        ] {
            assert_eq!(config(pairs).unwrap_err().key, key, "{pairs:?}");
        }
    }
}
