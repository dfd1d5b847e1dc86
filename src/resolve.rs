//! Service, host and protocol resolution: from the text a program passes to
//! the numbers and addresses a socket needs.  Pure logic; the system
//! databases are passed in, so every rule here is unit-tested.

use std::net::{IpAddr, SocketAddr};

/// The longest host name DNS can carry (RFC 1035: 253 characters of text).
pub const MAX_HOST_LEN: usize = 253;

/// Well-known services, used when the services database lacks the name
/// (minimal containers ship no /etc/services).  Same numbers on tcp and udp.
pub const BUILTIN_SERVICES: &[(&str, u16)] = &[
    ("echo", 7),
    ("discard", 9),
    ("daytime", 13),
    ("qotd", 17),
    ("chargen", 19),
    ("ftp-data", 20),
    ("ftp", 21),
    ("ssh", 22),
    ("telnet", 23),
    ("smtp", 25),
    ("time", 37),
    ("domain", 53),
    ("finger", 79),
    ("http", 80),
    ("www", 80),
    ("pop3", 110),
    ("sunrpc", 111),
    ("ntp", 123),
    ("imap", 143),
    ("https", 443),
];

/// Protocols, used when the protocols database lacks the name.
pub const BUILTIN_PROTOCOLS: &[(&str, i32)] = &[
    ("ip", 0),
    ("IP", 0),
    ("icmp", 1),
    ("ICMP", 1),
    ("tcp", libc::IPPROTO_TCP),
    ("TCP", libc::IPPROTO_TCP),
    ("udp", libc::IPPROTO_UDP),
    ("UDP", libc::IPPROTO_UDP),
];

/// A lookup in a services database: (name, transport) to a port.
pub type ServiceDb<'a> = &'a dyn Fn(&str, &str) -> Option<u16>;
/// A lookup in a protocols database: name to protocol number.
pub type ProtocolDb<'a> = &'a dyn Fn(&str) -> Option<i32>;
/// A host name lookup: name to its addresses, in resolver order.
pub type HostDb<'a> = &'a dyn Fn(&str) -> Option<Vec<SocketAddr>>;

/// Strips the white space a program may leave around a value (`fgets` keeps `\n`).
pub fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_ascii_whitespace())
}

/// A decimal port in 1..=65535, white space around it tolerated.
/// Anything else (signs, junk, 0, overflow) is `None`, never truncated.
pub fn parse_port(text: &str) -> Option<u16> {
    parse_number(text)
        .filter(|&n| n >= 1)
        .and_then(|n| u16::try_from(n).ok())
}

/// A whole decimal number (white space around it tolerated), any size up
/// to u32; `None` for anything else.
pub fn parse_number(text: &str) -> Option<u32> {
    let digits = trim(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u32>().ok()
}

/// Whether `text` would be looked up as a service name (not a number, not empty).
pub fn looks_like_name(text: &str) -> bool {
    let name = trim(text);
    !name.is_empty() && !name.bytes().all(|b| b.is_ascii_digit())
}

/// The built-in port of a well-known service, for tcp and udp only.
pub fn builtin_service_port(name: &str, transport: &str) -> Option<u16> {
    if !matches!(transport, "tcp" | "udp") {
        return None;
    }
    BUILTIN_SERVICES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|&(_, port)| port)
}

/// The port for `service` on `transport`.
///
/// A number is taken as it is (never shifted by `base`).  A name is looked up
/// in `db`, then in the built-in table, and `base` is added (wrapping, as an
/// `unsigned short` would); a result of 0 is an error.
pub fn service_port(service: &str, transport: &str, base: u16, db: ServiceDb) -> Option<u16> {
    let name = trim(service);
    if !looks_like_name(name) {
        return parse_port(name);
    }
    let port = db(name, transport).or_else(|| builtin_service_port(name, transport))?;
    Some(port.wrapping_add(base)).filter(|&p| p != 0)
}

/// The protocol number of `transport`.  "tcp" and "udp" are fixed by IANA
/// and answered without reading a file; others go to `db`, then the table.
pub fn protocol_number(transport: &str, db: ProtocolDb) -> Option<i32> {
    match transport {
        "tcp" => Some(libc::IPPROTO_TCP),
        "udp" => Some(libc::IPPROTO_UDP),
        "" => None,
        other => db(other).or_else(|| {
            BUILTIN_PROTOCOLS
                .iter()
                .find(|(known, _)| *known == other)
                .map(|&(_, n)| n)
        }),
    }
}

/// The socket type for a transport: datagram exactly when it is "udp".
pub fn socket_type(transport: &str) -> i32 {
    if transport == "udp" {
        libc::SOCK_DGRAM
    } else {
        libc::SOCK_STREAM
    }
}

/// An IPv4 dotted quad or an IPv6 literal, parsed without the resolver.
pub fn parse_numeric_host(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>().ok()
}

/// The addresses to try for `host`, in the order to try them, or `None`
/// when the name is empty, too long or unknown.
pub fn host_addresses(host: &str, datagram: bool, db: HostDb) -> Option<Vec<SocketAddr>> {
    let name = trim(host);
    if name.is_empty() || name.len() > MAX_HOST_LEN {
        return None;
    }
    let found = match parse_numeric_host(name) {
        Some(ip) => vec![SocketAddr::new(ip, 0)],
        None => db(name)?,
    };
    Some(order_addresses(found, datagram)).filter(|list| !list.is_empty())
}

/// Orders addresses as the textbooks' clients would have: IPv4 first, then
/// IPv6 (each in resolver order, duplicates dropped).  A datagram client keeps
/// IPv6 only when there is no IPv4 address, because a UDP connect always
/// "succeeds" and a wrong first choice would never be corrected.
pub fn order_addresses(found: Vec<SocketAddr>, datagram: bool) -> Vec<SocketAddr> {
    let mut unique: Vec<SocketAddr> = Vec::with_capacity(found.len());
    for addr in found {
        if !unique.contains(&addr) {
            unique.push(addr);
        }
    }
    let (mut ordered, v6): (Vec<_>, Vec<_>) = unique.into_iter().partition(SocketAddr::is_ipv4);
    if !datagram || ordered.is_empty() {
        ordered.extend(v6);
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn no_services(_: &str, _: &str) -> Option<u16> {
        None
    }
    fn etc_services(name: &str, transport: &str) -> Option<u16> {
        match (name, transport) {
            ("echo", "tcp" | "udp") => Some(7),
            ("myservice", "tcp") => Some(5000),
            _ => None,
        }
    }
    fn v4(last: u8) -> SocketAddr {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, 0, 0, last)), 0)
    }
    fn v6(last: u16) -> SocketAddr {
        SocketAddr::new(IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, last)), 0)
    }

    #[test]
    fn ports_in_range_are_accepted_with_surrounding_space() {
        assert_eq!(parse_port("80"), Some(80));
        assert_eq!(parse_port("1"), Some(1));
        assert_eq!(parse_port("65535"), Some(65535));
        assert_eq!(parse_port(" 80\n"), Some(80));
        assert_eq!(parse_port("\t8080\r\n"), Some(8080));
        assert_eq!(parse_port("0080"), Some(80));
    }

    #[test]
    fn bad_ports_are_rejected_not_truncated() {
        for bad in [
            "",
            " ",
            "0",
            "65536",
            "-1",
            "+80",
            "80abc",
            "8 0",
            "0x50",
            "99999999999999999999",
            "1e3",
        ] {
            assert_eq!(parse_port(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn numeric_services_ignore_base_and_database() {
        let db =
            |_: &str, _: &str| -> Option<u16> { panic!("a number must not reach the database") };
        assert_eq!(service_port("7", "tcp", 10000, &db), Some(7));
        assert_eq!(service_port(" 7\n", "udp", 0, &db), Some(7));
        assert_eq!(service_port("0", "tcp", 10000, &db), None);
        assert_eq!(service_port("65536", "tcp", 0, &db), None);
    }

    #[test]
    fn named_services_come_from_the_database_plus_base() {
        assert_eq!(
            service_port("myservice", "tcp", 0, &etc_services),
            Some(5000)
        );
        assert_eq!(
            service_port("echo", "udp", 10000, &etc_services),
            Some(10007)
        );
        assert_eq!(service_port(" echo\n", "tcp", 0, &etc_services), Some(7));
        assert_eq!(service_port("myservice", "udp", 0, &etc_services), None);
    }

    #[test]
    fn builtin_table_answers_when_the_database_is_missing() {
        for (name, port) in [
            ("echo", 7),
            ("discard", 9),
            ("daytime", 13),
            ("chargen", 19),
            ("ftp", 21),
            ("telnet", 23),
            ("smtp", 25),
            ("time", 37),
            ("http", 80),
        ] {
            assert_eq!(
                service_port(name, "tcp", 0, &no_services),
                Some(port),
                "{name}/tcp"
            );
            assert_eq!(
                service_port(name, "udp", 0, &no_services),
                Some(port),
                "{name}/udp"
            );
        }
        assert_eq!(service_port("time", "udp", 100, &no_services), Some(137));
        assert_eq!(service_port("echo", "sctp", 0, &no_services), None);
        assert_eq!(service_port("nosuchservice", "tcp", 0, &no_services), None);
    }

    #[test]
    fn bad_service_names_are_errors() {
        for bad in ["", "  ", "-1", "80abc", "echo echo"] {
            assert_eq!(service_port(bad, "tcp", 0, &etc_services), None, "{bad:?}");
        }
    }

    #[test]
    fn base_wraps_like_an_unsigned_short_and_zero_is_an_error() {
        assert_eq!(service_port("echo", "tcp", 65535, &etc_services), Some(6));
        assert_eq!(service_port("echo", "tcp", 65529, &etc_services), None);
    }

    #[test]
    fn protocols_resolve_from_fast_path_database_or_table() {
        let none = |_: &str| None;
        let db = |name: &str| (name == "sctp").then_some(132);
        assert_eq!(protocol_number("tcp", &none), Some(6));
        assert_eq!(protocol_number("udp", &none), Some(17));
        assert_eq!(protocol_number("TCP", &none), Some(6));
        assert_eq!(protocol_number("sctp", &db), Some(132));
        assert_eq!(protocol_number("nosuchproto", &db), None);
        assert_eq!(protocol_number("", &db), None);
    }

    #[test]
    fn only_udp_is_a_datagram_transport() {
        assert_eq!(socket_type("udp"), libc::SOCK_DGRAM);
        assert_eq!(socket_type("tcp"), libc::SOCK_STREAM);
        assert_eq!(socket_type("UDP"), libc::SOCK_STREAM);
    }

    #[test]
    fn numeric_hosts_skip_the_resolver() {
        let db = |_: &str| -> Option<Vec<SocketAddr>> {
            panic!("a literal must not reach the resolver")
        };
        let got = host_addresses("127.0.0.1", false, &db).unwrap();
        assert_eq!(got, vec![SocketAddr::from(([127, 0, 0, 1], 0))]);
        let got = host_addresses(" ::1\n", true, &db).unwrap();
        assert_eq!(got[0].ip(), IpAddr::V6(Ipv6Addr::LOCALHOST));
    }

    #[test]
    fn bad_hosts_are_errors() {
        let db = |name: &str| (name == "known").then(|| vec![v4(1)]);
        assert_eq!(host_addresses("", false, &db), None);
        assert_eq!(host_addresses("unknown", false, &db), None);
        assert_eq!(host_addresses(&"a".repeat(300), false, &db), None);
        assert_eq!(host_addresses("known", false, &|_| Some(vec![])), None);
        assert_eq!(host_addresses("known\n", false, &db), Some(vec![v4(1)]));
    }

    #[test]
    fn stream_clients_try_ipv4_first_then_ipv6() {
        let got = order_addresses(vec![v6(1), v4(1), v6(2), v4(2), v4(1)], false);
        assert_eq!(got, vec![v4(1), v4(2), v6(1), v6(2)]);
    }

    #[test]
    fn datagram_clients_use_ipv6_only_without_ipv4() {
        assert_eq!(order_addresses(vec![v6(1), v4(1)], true), vec![v4(1)]);
        assert_eq!(
            order_addresses(vec![v6(1), v6(2)], true),
            vec![v6(1), v6(2)]
        );
    }
}
