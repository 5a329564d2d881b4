//! Who is on the other end: the client's address and scheme, believing forwarding headers only from a trusted proxy.
//!
//! Behind a reverse proxy every request's TCP peer is the proxy, so rate limits and audit entries
//! would all see one address. The proxy says who its client was in `X-Forwarded-For` (or
//! `Forwarded`) and whether it came over HTTPS in `X-Forwarded-Proto`, but anyone can send those
//! headers: they are read only when the peer is inside a `--trusted-proxy` range, and then only
//! up to the first hop that is not itself a trusted proxy (each proxy appends, so everything left
//! of that hop was written by the client).

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::HeaderValue;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::str::FromStr;

/// An address range such as `10.0.0.0/8` or `::1/128`; a bare address is its own range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

#[derive(Debug, thiserror::Error)]
#[error("not an address range (e.g. 10.0.0.0/8 or ::1): {0}")]
pub struct CidrError(String);

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Cidr, CidrError> {
        let bad = || CidrError(text.to_owned());
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text.trim(), None),
        };
        let network: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().map_err(|_| bad())?,
            None => max,
        };
        if prefix > max {
            return Err(bad());
        }
        Ok(Cidr { network, prefix })
    }
}

impl TryFrom<String> for Cidr {
    type Error = CidrError;

    fn try_from(text: String) -> Result<Cidr, CidrError> {
        text.parse()
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 peer on a dual-stack socket arrives as `::ffff:a.b.c.d`.
        let ip = canonical(ip);
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                prefix_eq(&n.octets(), &a.octets(), self.prefix.into())
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                prefix_eq(&n.octets(), &a.octets(), self.prefix.into())
            }
            _ => false,
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: usize) -> bool {
    let whole = bits / 8;
    if a[..whole] != b[..whole] {
        return false;
    }
    let rest = bits % 8;
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[whole] & mask == b[whole] & mask
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The client of a request: its address for rate limits and the audit trail, and whether it
/// reached the deployment over HTTPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientInfo {
    pub address: IpAddr,
    pub https: bool,
    /// The app marks its writes (`X-Duban-Client: app`); a script or a test calling the API does not.
    /// Only a label for the audit trail: it grants nothing.
    pub app: bool,
}

impl ClientInfo {
    /// Reads the request's peer (from axum's `ConnectInfo`) and, from a trusted peer only, the
    /// forwarding headers. `https_always` is the deployment's own setting.
    pub fn of(parts: &Parts, trusted: &[Cidr], https_always: bool) -> ClientInfo {
        // Without connection info (a router driven in-process) there is no peer to trust.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| canonical(c.0.ip()));
        let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
        let app = parts
            .headers
            .get("x-duban-client")
            .is_some_and(|v| v.as_bytes() == b"app");
        if !is_trusted(peer) {
            return ClientInfo {
                address: peer,
                https: https_always,
                app,
            };
        }
        let headers = &parts.headers;
        let hops = forwarded_for(headers.get_all("x-forwarded-for").iter(), split_xff)
            .or_else(|| forwarded_for(headers.get_all("forwarded").iter(), split_forwarded));
        let address = hops.map_or(peer, |hops| client_of(peer, &hops, is_trusted));
        let proto = last_value(headers.get_all("x-forwarded-proto").iter())
            .or_else(|| last_forwarded_proto(headers.get_all("forwarded").iter()));
        ClientInfo {
            address,
            https: https_always || proto.is_some_and(|p| p.eq_ignore_ascii_case("https")),
            app,
        }
    }
}

impl FromRequestParts<AppState> for ClientInfo {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(ClientInfo::of(
            parts,
            &state.settings.trusted_proxies,
            state.settings.session.secure_cookie,
        ))
    }
}

/// The hops from the client to the last proxy, in order; `None` when the headers are absent.
/// An entry that is not an address is kept as `None`: nothing left of it can be believed.
fn forwarded_for<'a>(
    values: impl Iterator<Item = &'a HeaderValue>,
    split: fn(&str) -> Vec<Option<IpAddr>>,
) -> Option<Vec<Option<IpAddr>>> {
    let mut hops = Vec::new();
    let mut any = false;
    for value in values {
        any = true;
        match value.to_str() {
            Ok(text) => hops.extend(split(text)),
            Err(_) => hops.push(None),
        }
    }
    any.then_some(hops)
}

fn split_xff(text: &str) -> Vec<Option<IpAddr>> {
    text.split(',').map(|hop| parse_hop(hop.trim())).collect()
}

/// `Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"` (RFC 7239).
fn split_forwarded(text: &str) -> Vec<Option<IpAddr>> {
    text.split(',')
        .map(|element| {
            element
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                .and_then(|(_, v)| parse_hop(v.trim().trim_matches('"')))
        })
        .collect()
}

/// An address, with or without a port (`1.2.3.4:80`, `[::1]:80`).
fn parse_hop(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            text.strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .and_then(|t| t.parse().ok())
        })
        .map(canonical)
}

/// The rightmost hop that is not a trusted proxy; when every hop is trusted, the leftmost; when a
/// hop cannot be read, the trusted hop right of it (the last one whose word is good).
fn client_of(peer: IpAddr, hops: &[Option<IpAddr>], trusted: impl Fn(IpAddr) -> bool) -> IpAddr {
    let mut last_trusted = peer;
    for hop in hops.iter().rev() {
        match hop {
            Some(ip) if trusted(*ip) => last_trusted = *ip,
            Some(ip) => return *ip,
            None => return last_trusted,
        }
    }
    last_trusted
}

/// The value the nearest proxy wrote: the last of a comma-separated header.
fn last_value<'a>(values: impl Iterator<Item = &'a HeaderValue>) -> Option<String> {
    values
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_owned())
        .last()
}

fn last_forwarded_proto<'a>(values: impl Iterator<Item = &'a HeaderValue>) -> Option<String> {
    let last = last_value(values)?;
    last.split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("proto"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
}

/// Two years, the preload list's minimum; subdomains are left out, since the university's other
/// hosts are not this deployment's to commit to HTTPS.
pub const HSTS: &str = "max-age=63072000";

/// Adds `Strict-Transport-Security` to every response of a request that came over HTTPS, the
/// same test that makes the session cookie `Secure`.
pub async fn hsts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let client = ClientInfo::of(
        &parts,
        &state.settings.trusted_proxies,
        state.settings.session.secure_cookie,
    );
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if client.https {
        response.headers_mut().insert(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request as HttpRequest;

    fn parts(peer: &str, headers: &[(&str, &str)]) -> Parts {
        let mut builder = HttpRequest::builder().uri("/api/me");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let (mut parts, ()) = builder.body(()).expect("request").into_parts();
        let peer: SocketAddr = peer.parse().expect("socket address");
        parts.extensions.insert(ConnectInfo(peer));
        parts
    }

    fn cidrs(list: &[&str]) -> Vec<Cidr> {
        list.iter().map(|c| c.parse().expect("cidr")).collect()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn ranges_hold_their_addresses_only() {
        let lan: Cidr = "10.1.0.0/16".parse().expect("cidr");
        assert!(lan.contains(ip("10.1.200.3")));
        assert!(!lan.contains(ip("10.2.0.1")));
        assert!(lan.contains(ip("::ffff:10.1.0.9")), "v4 on a v6 socket");
        let odd: Cidr = "192.168.0.0/23".parse().expect("cidr");
        assert!(odd.contains(ip("192.168.1.255")) && !odd.contains(ip("192.168.2.0")));
        let one: Cidr = "::1".parse().expect("cidr");
        assert!(one.contains(ip("::1")) && !one.contains(ip("127.0.0.1")));
        for bad in ["10.0.0.0/33", "::/129", "example.org", "10.0.0.0/x", ""] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
        let p = parts(
            "203.0.113.7:5555",
            &[
                ("x-forwarded-for", "1.2.3.4"),
                ("x-forwarded-proto", "https"),
            ],
        );
        let c = ClientInfo::of(&p, &cidrs(&["10.0.0.0/8"]), false);
        assert_eq!(c.address, ip("203.0.113.7"));
        assert!(!c.https);
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let trusted = cidrs(&["10.0.0.0/8"]);
        // The client wrote "6.6.6.6" itself; the outer proxy appended the real client; the inner
        // proxy appended the outer one.
        let p = parts(
            "10.0.0.2:1",
            &[
                ("x-forwarded-for", "6.6.6.6, 198.51.100.9"),
                ("x-forwarded-for", "10.0.0.3"),
                ("x-forwarded-proto", "http, https"),
            ],
        );
        let c = ClientInfo::of(&p, &trusted, false);
        assert_eq!(c.address, ip("198.51.100.9"));
        assert!(c.https);
        let p = parts("10.0.0.2:1", &[("x-forwarded-for", "forged, 10.0.0.5")]);
        assert_eq!(ClientInfo::of(&p, &trusted, false).address, ip("10.0.0.5"));
        let p = parts("10.0.0.2:1", &[]);
        assert_eq!(ClientInfo::of(&p, &trusted, false).address, ip("10.0.0.2"));
    }

    #[test]
    fn the_standard_forwarded_header_is_read_too() {
        let p = parts(
            "[::1]:1",
            &[(
                "forwarded",
                "for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https",
            )],
        );
        let c = ClientInfo::of(&p, &cidrs(&["::1"]), false);
        assert_eq!(c.address, ip("2001:db8::7"));
        assert!(c.https);
    }

    #[test]
    fn the_https_setting_holds_for_every_peer() {
        let p = parts("203.0.113.7:5555", &[("x-forwarded-proto", "http")]);
        assert!(ClientInfo::of(&p, &[], true).https);
    }
}
