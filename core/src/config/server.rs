//! The HTTP server's limits, the reverse proxies it trusts, and its log format.

use std::net::IpAddr;
use std::time::Duration;

use super::ConfigError;
use super::catalog::parse_duration;
use super::sources::Values;
use super::validate::positive;

/// `VITRINE_HTTP_*`, `VITRINE_TRUSTED_PROXIES`, `VITRINE_LOG_FORMAT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// A connection must have sent a whole request head this long after it opened, or after
    /// the first byte of a later request: slow clients cannot hold connections for ever.
    pub header_timeout: Duration,
    /// A kept-alive connection with no request under way is closed after this long.
    pub keepalive_timeout: Duration,
    /// A request body must have arrived whole this long after its head.
    pub body_timeout: Duration,
    /// Connections served at once; the next ones are answered 503 and closed.
    pub max_connections: usize,
    /// How long in-flight requests (and claimed mails) may take to finish on SIGTERM.
    pub drain_timeout: Duration,
    /// Peers whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    pub trusted_proxies: Vec<IpRange>,
    /// How log lines are written.
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// For people reading a terminal.
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

/// An address range in CIDR notation (`10.0.0.0/8`, `::1/128`), or one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Reads `addr` or `addr/prefix`; `None` when it is neither.
    pub fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = addr.trim().parse().ok()?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.trim().parse::<u8>().ok().filter(|p| *p <= bits)?,
            None => bits,
        };
        Some(Self { network, prefix })
    }

    /// Whether `addr` is in the range (an IPv4-mapped IPv6 address counts as its IPv4 one).
    pub fn contains(&self, addr: IpAddr) -> bool {
        let addr = match addr {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, addr) {
            (IpAddr::V4(net), IpAddr::V4(addr)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(addr) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(addr)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(addr) & mask
            }
            _ => false,
        }
    }
}

impl ServerConfig {
    /// Whether a peer is one of the trusted proxies.
    pub fn trusts(&self, peer: IpAddr) -> bool {
        self.trusted_proxies
            .iter()
            .any(|range| range.contains(peer))
    }

    pub(super) fn from_values(values: &Values) -> Result<Self, ConfigError> {
        let duration = |key: &str, default: u64| -> Result<Duration, ConfigError> {
            match values.get(key) {
                None => Ok(Duration::from_secs(default)),
                Some(text) => parse_duration(text)
                    .filter(|d| !d.is_zero())
                    .ok_or_else(|| {
                        ConfigError::new(
                            &format!("VITRINE_{key}"),
                            format!("{text:?} is not a positive duration like 10s"),
                        )
                    }),
            }
        };
        let trusted_proxies = values
            .get("TRUSTED_PROXIES")
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                IpRange::parse(item).ok_or_else(|| {
                    ConfigError::new(
                        "VITRINE_TRUSTED_PROXIES",
                        format!("{item:?} is not an address or a CIDR range like 10.0.0.0/8"),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        let log_format = match values.get("LOG_FORMAT") {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::new(
                    "VITRINE_LOG_FORMAT",
                    format!("{other:?} is not text or json"),
                ));
            }
        };
        Ok(Self {
            header_timeout: duration("HTTP_HEADER_TIMEOUT", 10)?,
            keepalive_timeout: duration("HTTP_KEEPALIVE_TIMEOUT", 75)?,
            body_timeout: duration("HTTP_BODY_TIMEOUT", 60)?,
            max_connections: positive(
                values,
                "HTTP_MAX_CONNECTIONS",
                4096,
                "a positive number of connections",
            )?,
            drain_timeout: duration("HTTP_DRAIN_TIMEOUT", 10)?,
            trusted_proxies,
            log_format,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::IpRange;

    #[test]
    fn ranges_hold_what_their_prefix_says() {
        let range = |text| IpRange::parse(text).unwrap();
        let ip = |text: &str| text.parse().unwrap();
        assert!(range("10.0.0.0/8").contains(ip("10.200.1.2")));
        assert!(!range("10.0.0.0/8").contains(ip("11.0.0.1")));
        assert!(range("127.0.0.1").contains(ip("127.0.0.1")));
        assert!(!range("127.0.0.1").contains(ip("127.0.0.2")));
        assert!(range("0.0.0.0/0").contains(ip("203.0.113.9")));
        assert!(range("127.0.0.1").contains(ip("::ffff:127.0.0.1")));
        assert!(range("fd00::/8").contains(ip("fd12::1")));
        assert!(!range("fd00::/8").contains(ip("10.0.0.1")));
        for bad in ["10.0.0.0/33", "nope", "10.0.0/8", "::1/129", ""] {
            assert_eq!(IpRange::parse(bad), None, "{bad}");
        }
    }
}
