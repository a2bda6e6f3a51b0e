//! Where webhooks may go. A webhook URL is the retailer's to write, but the request leaves
//! from inside the operator's network: without a check, `http://10.0.0.5/admin` or
//! `http://169.254.169.254/` (a cloud's metadata service) would be reachable through Patron.
//! Unless `--allow-private-webhooks` is set, every address a target resolves to must be
//! public: the check runs in the HTTP client's own resolver, on the addresses it will
//! connect to, so a name that resolves differently a second time (DNS rebinding) gains
//! nothing. IP literals never reach a resolver and are checked before sending. Redirects are
//! not followed and no proxy is used, so the connection goes where it was checked.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Whether `ip` is a public unicast address: not loopback, private, link-local, shared
/// (carrier-grade NAT), unspecified, multicast, broadcast, documentation or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        // 100.64.0.0/10, shared address space (carrier-grade NAT).
        || (a == 100 && (64..128).contains(&b))
        // 192.0.0.0/24 (protocol assignments) and 198.18.0.0/15 (benchmarking).
        || (a == 192 && b == 0 && ip.octets()[2] == 0)
        || (a == 198 && (b == 18 || b == 19))
        // 240.0.0.0/4, reserved.
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 old site-local.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        // 2001:db8::/32, documentation.
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
        // 64:ff9b::/96 (NAT64) and ::/96 (IPv4-compatible) embed an IPv4 address: judge it.
        || (first == 0x0064 && ip.segments()[1] == 0xff9b && !is_public_v4(embedded_v4(ip)))
        || (ip.segments()[..6].iter().all(|s| *s == 0)))
}

fn embedded_v4(ip: Ipv6Addr) -> Ipv4Addr {
    let o = ip.octets();
    Ipv4Addr::new(o[12], o[13], o[14], o[15])
}

/// Why a target is refused, or `Ok` for a URL whose host is a name (the resolver checks it)
/// or a public address.
pub fn check_url(url: &reqwest::Url, allow_private: bool) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("refused: {} is not http or https", url.scheme()));
    }
    let Some(host) = url.host_str() else {
        return Err("refused: the URL has no host".into());
    };
    // The parsed URL writes every IP literal canonically (`http://2130706433/` is
    // `127.0.0.1`), IPv6 in brackets.
    let Ok(ip) = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    else {
        return Ok(());
    };
    if allow_private || is_public(ip) {
        Ok(())
    } else {
        Err(refusal(host, ip))
    }
}

fn refusal(host: &str, ip: IpAddr) -> String {
    format!(
        "refused: {host} is {ip}, a private, loopback or link-local address \
         (--allow-private-webhooks allows it)"
    )
}

/// The HTTP client's resolver: the system's, refusing a name any of whose addresses is not
/// public (unless private targets are allowed).
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if !allow_private {
                if let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
                    return Err(refusal(&host, bad.ip()).into());
                }
            }
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(s: &str) -> bool {
        is_public(s.parse().expect("ip"))
    }

    #[test]
    fn private_loopback_and_link_local_are_not_public() {
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
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "fc00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "::127.0.0.1",
        ] {
            assert!(!public(ip), "{ip} counted as public");
        }
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(public(ip), "{ip} counted as private");
        }
    }

    #[test]
    fn literal_hosts_are_checked_and_names_left_to_the_resolver() {
        let url = |s: &str| reqwest::Url::parse(s).expect("url");
        assert!(check_url(&url("http://127.0.0.1:9/x"), false)
            .expect_err("loopback")
            .contains("127.0.0.1"));
        assert!(check_url(&url("http://[::1]/x"), false).is_err());
        assert!(check_url(&url("http://127.0.0.1:9/x"), true).is_ok());
        assert!(check_url(&url("https://hooks.example.com/x"), false).is_ok());
        assert!(check_url(&url("https://8.8.8.8/x"), false).is_ok());
        assert!(check_url(&url("http://2130706433/x"), false).is_err());
        assert!(check_url(&url("ftp://8.8.8.8/x"), true).is_err());
    }

    #[tokio::test]
    async fn the_resolver_refuses_a_name_for_a_private_address() {
        let guarded = GuardedResolver {
            allow_private: false,
        };
        let name: Name = "localhost".parse().expect("name");
        let refused = guarded.resolve(name).await.err().expect("refused");
        assert!(
            refused.to_string().contains("refused: localhost"),
            "{refused}"
        );
        let open = GuardedResolver {
            allow_private: true,
        };
        let name: Name = "localhost".parse().expect("name");
        assert!(open.resolve(name).await.is_ok());
    }
}
