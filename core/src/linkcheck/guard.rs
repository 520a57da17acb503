//! Which addresses the link checker may connect to: public unicast ones only. A reuse's URL is
//! typed by anybody, so without this the checker would probe the operator's own network
//! (loopback, private ranges, a cloud's metadata service at 169.254.169.254) for them.
//!
//! The check is made on the addresses a name resolves to, by the resolver the HTTP client
//! connects through ([`GuardedResolver`]): a name that resolves to a public address when
//! checked and to a private one when connected (DNS rebinding) cannot slip through, since the
//! client connects only to the addresses the guard let through.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::config::IpRange;

/// Whether the checker may connect to `ip`: not loopback, private, link-local, multicast,
/// unspecified, broadcast, shared (carrier-grade NAT), documentation or reserved space.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        // Shared address space (RFC 6598), in front of many private networks.
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments (192.0.0.0/24) and benchmarking (198.18.0.0/15).
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        // Reserved for future use (240.0.0.0/4).
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    // An IPv4 address written as IPv6 is judged as the IPv4 address it carries.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // Link-local (fe80::/10) and unique local (fc00::/7) addresses.
        || (first & 0xffc0) == 0xfe80
        || (first & 0xfe00) == 0xfc00
        // Documentation (2001:db8::/32).
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed IPv4 addresses that may be private.
        || first == 0x0064
        || first == 0x2002
        // IPv4-compatible addresses (::a.b.c.d), deprecated.
        || ip.segments()[..6].iter().all(|s| *s == 0))
}

/// Why the guard stopped a connection.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves only to addresses the link checker does not visit")]
pub struct Refused {
    /// The name asked for.
    pub host: String,
}

/// The addresses the guard lets through although they are not public: none in production;
/// in tests and benchmarks, the local servers they run (`VITRINE_LINKCHECK_ALLOW_PRIVATE`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PrivateAccess {
    /// Public addresses only.
    #[default]
    Never,
    /// Every address (`true`).
    Always,
    /// Public addresses and these ranges (a comma-separated list of addresses or CIDR ranges),
    /// so a test can serve on 127.0.0.1 and still see a hop to 127.0.0.2 refused.
    Ranges(Vec<IpRange>),
}

/// Resolves names with the system's resolver and keeps only the addresses the guard allows.
#[derive(Clone, Debug, Default)]
pub struct GuardedResolver {
    /// The exceptions to "public addresses only".
    pub private: Arc<PrivateAccess>,
}

impl GuardedResolver {
    /// Whether `ip` may be connected to under this resolver's rule.
    pub fn allows(&self, ip: IpAddr) -> bool {
        is_public(ip)
            || match &*self.private {
                PrivateAccess::Never => false,
                PrivateAccess::Always => true,
                PrivateAccess::Ranges(ranges) => ranges.iter().any(|range| range.contains(ip)),
            }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = self.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|addr| guard.allows(addr.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(Refused { host }) as Box<dyn std::error::Error + Send + Sync>);
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str) -> bool {
        is_public(text.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)))
    }

    #[test]
    fn private_and_special_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.7",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2002:a00:1::",
        ] {
            assert!(!public(ip), "{ip} let through");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for ip in [
            "1.1.1.1",
            "193.0.6.139",
            "172.32.0.1",
            "100.128.0.1",
            "2a00:1450:4007:80e::200e",
            "::ffff:8.8.8.8",
        ] {
            assert!(public(ip), "{ip} refused");
        }
    }

    #[test]
    fn tests_may_allow_some_private_addresses() {
        let guard = |private| GuardedResolver {
            private: Arc::new(private),
        };
        let [one, two] = ["127.0.0.1", "127.0.0.2"]
            .map(|ip| ip.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
        assert!(!guard(PrivateAccess::Never).allows(one));
        assert!(guard(PrivateAccess::Always).allows(two));
        let ranges = PrivateAccess::Ranges(IpRange::parse("127.0.0.1").into_iter().collect());
        assert!(guard(ranges.clone()).allows(one));
        assert!(!guard(ranges).allows(two));
    }
}
