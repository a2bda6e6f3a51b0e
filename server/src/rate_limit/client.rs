//! Who is asking: the client's address, as budgets are kept per client.
//!
//! The connection's peer address is the client, unless the peer is one of the operator's
//! proxies (`--trusted-proxies`): then `X-Forwarded-For` is read from the right (the hop our
//! proxy added) leftwards, skipping the trusted proxies, and the first address not among them
//! is the client. Anything further left was written by the client itself and proves nothing.
//! A peer that is not a trusted proxy cannot choose its key by sending the header.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The budget key of one client. An IPv6 client is its /64 network: one subscriber usually
/// gets a whole /64, so counting single addresses would give each of them 2^64 budgets (and
/// the limiter's table 2^64 keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    /// The address (an IPv6 client's /64 network) budgets are kept for.
    pub fn ip(self) -> IpAddr {
        self.0
    }

    pub fn of(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V4(v4) => Self(IpAddr::V4(v4)),
            IpAddr::V6(v6) => {
                let net = u128::from(v6) & !((1u128 << 64) - 1);
                Self(IpAddr::V6(Ipv6Addr::from(net)))
            }
        }
    }
}

/// `--trusted-proxies`: the networks whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>) -> Self {
        Self(nets)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address for a request that came from `peer`.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        // Several headers count as one list, in order; the last entry is the nearest hop.
        for value in headers.get_all("x-forwarded-for").iter().rev() {
            let Ok(list) = value.to_str() else {
                return client;
            };
            for hop in list.rsplit(',') {
                let Some(ip) = parse_hop(hop.trim()) else {
                    return client;
                };
                client = ip;
                if !self.trusts(ip) {
                    return ip;
                }
            }
        }
        client
    }
}

/// `203.0.113.7`, `2001:db8::1`, or with a port as some proxies write it
/// (`203.0.113.7:5123`, `[2001:db8::1]:5123`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// One `--trusted-proxies` entry: a CIDR (`10.0.0.0/8`) or a single address.
pub fn parse_trusted_proxy(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{s:?} is not a CIDR (10.0.0.0/8, fd00::/8) or an IP address"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).expect("value"));
        }
        h
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(
            list.iter()
                .map(|s| parse_trusted_proxy(s).expect("cidr"))
                .collect(),
        )
    }

    #[test]
    fn the_header_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let h = forwarded(&["198.51.100.9"]);
        assert_eq!(
            TrustedProxies::default().client_ip(ip("203.0.113.7"), &h),
            ip("203.0.113.7")
        );
        assert_eq!(
            proxies(&["10.0.0.0/8"]).client_ip(ip("203.0.113.7"), &h),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn the_first_untrusted_hop_from_the_right_is_the_client() {
        let p = proxies(&["10.0.0.0/8", "fd00::/8"]);
        // The client wrote a fake first entry; our two proxies appended the rest.
        let h = forwarded(&["1.1.1.1, 198.51.100.9", "10.1.2.3"]);
        assert_eq!(p.client_ip(ip("10.0.0.1"), &h), ip("198.51.100.9"));
        let h = forwarded(&["[2001:db8::5]:443"]);
        assert_eq!(p.client_ip(ip("fd00::1"), &h), ip("2001:db8::5"));
        // Nothing but proxies: the leftmost of them.
        let h = forwarded(&["10.9.9.9"]);
        assert_eq!(p.client_ip(ip("10.0.0.1"), &h), ip("10.9.9.9"));
        // No header: the proxy itself.
        assert_eq!(
            p.client_ip(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
        // Garbage stops the walk at the last hop we could read.
        let h = forwarded(&["not-an-ip, 10.2.2.2"]);
        assert_eq!(p.client_ip(ip("10.0.0.1"), &h), ip("10.2.2.2"));
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64() {
        assert_eq!(
            ClientKey::of(ip("2001:db8:1:2:aaaa::1")),
            ClientKey::of(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            ClientKey::of(ip("2001:db8:1:2::1")),
            ClientKey::of(ip("2001:db8:1:3::1"))
        );
        assert_eq!(
            ClientKey::of(ip("::ffff:203.0.113.7")),
            ClientKey::of(ip("203.0.113.7"))
        );
    }

    #[test]
    fn proxies_parse_as_cidrs_or_addresses() {
        assert!(parse_trusted_proxy("10.0.0.0/8").is_ok());
        assert!(parse_trusted_proxy("127.0.0.1").is_ok());
        assert!(parse_trusted_proxy("::1").is_ok());
        assert!(parse_trusted_proxy("10.0.0.0/33").is_err());
        assert!(parse_trusted_proxy("proxy.example.com").is_err());
    }
}
