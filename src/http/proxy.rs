//! Who is really calling, behind a reverse proxy: the client's address from `X-Forwarded-For`
//! and the scheme from `X-Forwarded-Proto`, believed only from `VITRINE_TRUSTED_PROXIES`.
//!
//! The server resolves both once, before the request reaches the app, so that everything that
//! reads [`poem::Request::remote_addr`] or [`poem::Request::scheme`] (rate limits, reports,
//! cookies) sees the client and not the proxy.

use std::net::{IpAddr, SocketAddr};

use poem::http::HeaderMap;
use poem::http::uri::Scheme;

use crate::config::ServerConfig;

/// The client's address and the scheme it used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// The client's address (the peer's when no trusted proxy stands between).
    pub addr: SocketAddr,
    /// `https` when a trusted proxy says so.
    pub scheme: Scheme,
}

/// Resolves a request from `peer`: from a trusted proxy, the right-most address of
/// `X-Forwarded-For` that is not itself a trusted proxy (the ones before it could be written by
/// anyone), and the last `X-Forwarded-Proto`; from anyone else, the peer itself over HTTP.
pub fn resolve(config: &ServerConfig, peer: SocketAddr, headers: &HeaderMap) -> Client {
    // On a socket bound to `[::]`, IPv4 peers come as `::ffff:a.b.c.d`: each is its IPv4
    // address, not one shared IPv6 block.
    let peer = SocketAddr::new(peer.ip().to_canonical(), peer.port());
    let direct = Client {
        addr: peer,
        scheme: Scheme::HTTP,
    };
    if !config.trusts(peer.ip()) {
        return direct;
    }
    let mut client = peer.ip();
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect::<Vec<_>>();
    for hop in hops.iter().rev() {
        let Some(addr) = parse_hop(hop) else {
            // Garbage: nothing further left can be believed; the last good hop is the client.
            break;
        };
        client = addr;
        if !config.trusts(addr) {
            break;
        }
    }
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        // The last: the one the proxy next to us wrote (the ones before could be anyone's).
        .and_then(|value| value.split(',').next_back())
        .map(str::trim);
    Client {
        // The client's own port is not forwarded; 0 says so.
        addr: if client == peer.ip() {
            peer
        } else {
            SocketAddr::new(client, 0)
        },
        scheme: match scheme {
            Some(proto) if proto.eq_ignore_ascii_case("https") => Scheme::HTTPS,
            _ => Scheme::HTTP,
        },
    }
}

/// One hop: `203.0.113.7`, `203.0.113.7:5100`, `2001:db8::1`, `[2001:db8::1]` or
/// `[2001:db8::1]:5100`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    let bare = hop
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'));
    let addr = match bare.unwrap_or(hop).parse::<IpAddr>() {
        Ok(addr) => addr,
        Err(_) => hop.parse::<SocketAddr>().ok()?.ip(),
    };
    Some(addr.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::IpRange;

    fn config(trusted: &[&str]) -> ServerConfig {
        let mut config = crate::config::Config::from_sources(&Default::default(), None)
            .unwrap()
            .server;
        config.trusted_proxies = trusted.iter().map(|t| IpRange::parse(t).unwrap()).collect();
        config
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_trusted_peers_are_believed() {
        let peer: SocketAddr = "10.0.0.2:40000".parse().unwrap();
        let forwarded = headers(&[
            ("x-forwarded-for", "198.51.100.1, 203.0.113.9"),
            ("x-forwarded-proto", "https"),
        ]);
        let untrusted = resolve(&config(&[]), peer, &forwarded);
        assert_eq!((untrusted.addr, untrusted.scheme), (peer, Scheme::HTTP));

        let trusted = resolve(&config(&["10.0.0.0/8"]), peer, &forwarded);
        assert_eq!(trusted.addr.ip().to_string(), "203.0.113.9", "right-most");
        assert_eq!(trusted.scheme, Scheme::HTTPS);
    }

    #[test]
    fn trusted_hops_are_skipped_and_garbage_stops_the_walk() {
        let peer: SocketAddr = "10.0.0.2:40000".parse().unwrap();
        let config = config(&["10.0.0.0/8"]);
        let client = |xff| resolve(&config, peer, &headers(&[("x-forwarded-for", xff)])).addr;
        assert_eq!(client("192.0.2.5, 10.1.1.1").ip().to_string(), "192.0.2.5");
        assert_eq!(client("[2001:db8::1]:443").ip().to_string(), "2001:db8::1");
        assert_eq!(
            client("192.0.2.5, nonsense, 10.1.1.1").ip().to_string(),
            "10.1.1.1"
        );
        assert_eq!(client("").ip(), peer.ip());
        assert_eq!(client("[2001:db8::2]").ip().to_string(), "2001:db8::2");
        assert_eq!(client("::ffff:192.0.2.9").ip().to_string(), "192.0.2.9");
    }

    #[test]
    fn an_ipv4_mapped_peer_is_its_ipv4_address() {
        let peer: SocketAddr = "[::ffff:203.0.113.9]:40000".parse().unwrap();
        let client = resolve(&config(&[]), peer, &HeaderMap::new());
        assert_eq!(client.addr.ip().to_string(), "203.0.113.9");
    }
}
