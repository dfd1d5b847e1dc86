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

/// Whether `byte` is white space as C's isspace() says in the C locale
/// (Rust's ASCII white space lacks the vertical tab).
pub fn is_c_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Strips the white space a program may leave around a value (`fgets` keeps `\n`).
pub fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|&b| !is_c_space(b));
    let end = bytes.iter().rposition(|&b| !is_c_space(b));
    match (start, end) {
        // Both ends are next to ASCII bytes: character boundaries.
        (Some(start), Some(end)) => &text[start..=end],
        _ => "",
    }
}

/// A decimal port in 1..=65535, white space around it tolerated.
/// Anything else (signs, junk, 0, overflow) is `None`, never truncated.
pub fn parse_port(text: &str) -> Option<u16> {
    parse_number(text)
        .filter(|&n| n >= 1)
        .and_then(|n| u16::try_from(n).ok())
}

/// A port number as it stands (1 to 5 digits, at most 65535, no white
/// space), which every lookup takes as that port: the case a known answer
/// may skip the lookup for.
pub fn plain_port(text: &[u8]) -> Option<u16> {
    match digits_value(text) {
        Digits::Value(Some(n)) if text.len() <= 5 => u16::try_from(n).ok(),
        _ => None,
    }
}

/// A whole decimal number (white space around it tolerated), any size up
/// to u32; `None` for anything else.
pub fn parse_number(text: &str) -> Option<u32> {
    match digits_value(trim(text).as_bytes()) {
        Digits::Value(n) => n,
        Digits::Empty | Digits::Other => None,
    }
}

/// What a run of bytes is as a decimal number.
enum Digits {
    Empty,
    /// A byte that is not an ASCII digit.
    Other,
    /// All digits: the value, `None` beyond u32.
    Value(Option<u32>),
}

/// One pass over `bytes` (the connect and listen paths parse a port on
/// every call).
fn digits_value(bytes: &[u8]) -> Digits {
    if bytes.is_empty() {
        return Digits::Empty;
    }
    const BEYOND: u64 = u32::MAX as u64 + 1;
    let mut n: u64 = 0;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return Digits::Other;
        }
        // Held at BEYOND once past u32, so leading zeros still parse.
        n = (n * 10 + u64::from(b - b'0')).min(BEYOND);
    }
    Digits::Value(u32::try_from(n).ok())
}

/// A service as a program gives it, decided once: a name to look up, or a
/// number (white space around either tolerated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service<'a> {
    /// Anything that is not all digits: looked up in the services database
    /// (trimmed; "80abc" is a name that no database knows).
    Name(&'a str),
    /// All digits: the number, or `None` when it is empty or beyond u32.
    Number(Option<u32>),
}

impl<'a> Service<'a> {
    /// Decides whether `text` names a service or gives its port.
    pub fn parse(text: &'a str) -> Service<'a> {
        let name = trim(text);
        match digits_value(name.as_bytes()) {
            Digits::Other => Service::Name(name),
            Digits::Empty => Service::Number(None),
            Digits::Value(n) => Service::Number(n),
        }
    }

    /// Whether the service is a name (to be looked up, and shifted by a port base).
    pub fn is_name(&self) -> bool {
        matches!(self, Service::Name(_))
    }

    /// Whether the service is the number 0 (an ephemeral port, where allowed).
    pub fn is_zero(&self) -> bool {
        *self == Service::Number(Some(0))
    }
}

/// A transport as a program names it, decided once.  Comer & Stevens look
/// any name up in the protocols database; the socket is a datagram socket
/// exactly when the name is "udp".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport<'a> {
    Tcp,
    Udp,
    /// Any other protocol name ("TCP", "sctp", "nosuchproto", "").
    Other(&'a str),
}

impl<'a> Transport<'a> {
    /// Classifies a transport name.
    pub fn parse(name: &'a str) -> Transport<'a> {
        match name {
            "tcp" => Transport::Tcp,
            "udp" => Transport::Udp,
            other => Transport::Other(other),
        }
    }

    /// The name, as the services database knows transports.
    pub fn name(&self) -> &'a str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
            Transport::Other(name) => name,
        }
    }

    /// Whether the socket is a datagram socket.
    pub fn is_datagram(&self) -> bool {
        *self == Transport::Udp
    }

    /// The socket type: datagram exactly for "udp".
    pub fn socket_type(&self) -> i32 {
        if self.is_datagram() {
            libc::SOCK_DGRAM
        } else {
            libc::SOCK_STREAM
        }
    }

    /// The protocol number.  "tcp" and "udp" are fixed by IANA and answered
    /// without reading a file; others go to `db`, then the built-in table.
    pub fn protocol(&self, db: ProtocolDb) -> Option<i32> {
        match self {
            Transport::Tcp => Some(libc::IPPROTO_TCP),
            Transport::Udp => Some(libc::IPPROTO_UDP),
            Transport::Other("") => None,
            Transport::Other(name) => db(name).or_else(|| {
                BUILTIN_PROTOCOLS
                    .iter()
                    .find(|(known, _)| known == name)
                    .map(|&(_, n)| n)
            }),
        }
    }
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

/// The port of service `name` on `transport`: the database, then the
/// built-in table.
pub fn named_port(name: &str, transport: &str, db: ServiceDb) -> Option<u16> {
    db(name, transport).or_else(|| builtin_service_port(name, transport))
}

/// The port for `service` on `transport`.
///
/// A number is taken as it is (never shifted by `base`) when it is 1..=65535.
/// A name is looked up in `db`, then in the built-in table, and `base` is
/// added (wrapping, as an `unsigned short` would); a result of 0 is an error.
pub fn service_port(service: Service, transport: &str, base: u16, db: ServiceDb) -> Option<u16> {
    match service {
        Service::Number(n) => n.filter(|&n| n >= 1).and_then(|n| u16::try_from(n).ok()),
        Service::Name(name) => {
            let port = named_port(name, transport, db)?;
            Some(port.wrapping_add(base)).filter(|&p| p != 0)
        }
    }
}

/// An IPv4 dotted quad or an IPv6 literal, parsed without the resolver.
pub fn parse_numeric_host(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>().ok()
}

/// A host given as an address literal (white space around it tolerated),
/// which needs no lookup at all.
pub fn literal_host(host: &str) -> Option<IpAddr> {
    let name = trim(host);
    if name.len() > MAX_HOST_LEN {
        return None;
    }
    parse_numeric_host(name)
}

/// Whether `name` is one of the loopback names of RFC 6761 ("localhost"
/// and the names under it, any case, with or without the final dot), which
/// are answered without the resolver: 127.0.0.1, then ::1.
pub fn is_loopback_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let tail = name.len().saturating_sub("localhost".len());
    name.get(tail..)
        .is_some_and(|end| end.eq_ignore_ascii_case("localhost"))
        && (tail == 0 || name.as_bytes()[tail - 1] == b'.')
}

/// The loopback addresses, in the order a loopback name answers.
pub const LOOPBACK: [IpAddr; 2] = [
    IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
    IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
];

/// The addresses to try for `host`, in the order to try them, or `None`
/// when the name is empty, too long or unknown.  Literals and loopback
/// names are answered here; other names go to `db`.
pub fn host_addresses(host: &str, datagram: bool, db: HostDb) -> Option<Vec<SocketAddr>> {
    let name = trim(host);
    if name.is_empty() || name.len() > MAX_HOST_LEN {
        return None;
    }
    let found = match parse_numeric_host(name) {
        Some(ip) => vec![SocketAddr::new(ip, 0)],
        None if is_loopback_name(name) => LOOPBACK.map(|ip| SocketAddr::new(ip, 0)).to_vec(),
        None => db(name)?,
    };
    Some(order_addresses(found, datagram)).filter(|list| !list.is_empty())
}

/// The entries of an /etc/hosts file, in file order.  A name on a line whose
/// address this parser does not read (e.g. one with a scope, `fe80::1%eth0`)
/// is kept without an address, so that looking it up goes to the resolver.
#[derive(Debug, Default)]
pub struct HostsTable {
    entries: Vec<(String, Option<IpAddr>)>,
}

impl HostsTable {
    /// Parses the text of a hosts file: an address, then names, per line;
    /// `#` starts a comment.
    pub fn parse(text: &str) -> HostsTable {
        let mut entries = Vec::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut fields = line.split_ascii_whitespace();
            let Some(address) = fields.next() else {
                continue;
            };
            let ip = address.parse::<IpAddr>().ok();
            entries.extend(fields.map(|name| (name.to_ascii_lowercase(), ip)));
        }
        HostsTable { entries }
    }

    /// Every address the file gives `name` (any case), in file order;
    /// `None` when the file does not name it, or names it on a line this
    /// parser cannot read.
    pub fn addresses(&self, name: &str) -> Option<Vec<IpAddr>> {
        let mut found = Vec::new();
        for (known, ip) in &self.entries {
            if known.eq_ignore_ascii_case(name) {
                found.push((*ip)?);
            }
        }
        (!found.is_empty()).then_some(found)
    }
}

/// Whether an nsswitch.conf text has the C library read /etc/hosts first
/// ("hosts:" line whose first source is "files").
pub fn hosts_file_first(nsswitch: &str) -> bool {
    nsswitch
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .find_map(|line| line.strip_prefix("hosts:"))
        .and_then(|sources| sources.split_ascii_whitespace().next())
        .is_some_and(|first| first == "files")
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

    /// Every string over a small alphabet up to `len` bytes, and `count`
    /// pseudo-random longer ones over `alphabet`.
    fn strings(alphabet: &[u8], len: usize, count: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |&b| format!("{s}{}", b as char)))
                .collect();
            all.extend(last.iter().cloned());
        }
        let mut seed: u64 = 0x5eed;
        for _ in 0..count {
            let mut s = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 60) + 4 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(alphabet[(seed >> 33) as usize % alphabet.len()] as char);
            }
            all.push(s);
        }
        all
    }

    #[test]
    fn numbers_agree_with_a_checked_parse_on_every_input_tried() {
        for text in strings(b"0129 x+", 6, 0)
            .into_iter()
            .chain(strings(b"0123456789", 0, 20_000))
            .chain(["4294967295", "4294967296", "000000000000004294967295"].map(String::from))
        {
            let digits = trim(&text);
            let expected = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse::<u32>().ok())
                .flatten();
            assert_eq!(parse_number(&text), expected, "{text:?}");
            let name = !digits.is_empty() && !digits.bytes().all(|b| b.is_ascii_digit());
            let want = if name {
                Service::Name(digits)
            } else {
                Service::Number(expected)
            };
            assert_eq!(Service::parse(&text), want, "{text:?}");
        }
    }

    #[test]
    fn plain_ports_are_numbers_as_they_stand() {
        for (text, port) in [
            ("0", Some(0)),
            ("80", Some(80)),
            ("00080", Some(80)),
            ("65535", Some(65535)),
            ("65536", None),
            ("000080", None),
            (" 80", None),
            ("80\n", None),
            ("", None),
            ("echo", None),
            ("8o", None),
        ] {
            assert_eq!(plain_port(text.as_bytes()), port, "{text:?}");
        }
    }

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
        assert_eq!(parse_port("\x0b8080\x0c"), Some(8080));
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
        assert_eq!(
            service_port(Service::parse("7"), "tcp", 10000, &db),
            Some(7)
        );
        assert_eq!(service_port(Service::parse(" 7\n"), "udp", 0, &db), Some(7));
        assert_eq!(service_port(Service::parse("0"), "tcp", 10000, &db), None);
        assert_eq!(service_port(Service::parse("65536"), "tcp", 0, &db), None);
    }

    #[test]
    fn named_services_come_from_the_database_plus_base() {
        assert_eq!(
            service_port(Service::parse("myservice"), "tcp", 0, &etc_services),
            Some(5000)
        );
        assert_eq!(
            service_port(Service::parse("echo"), "udp", 10000, &etc_services),
            Some(10007)
        );
        assert_eq!(
            service_port(Service::parse(" echo\n"), "tcp", 0, &etc_services),
            Some(7)
        );
        assert_eq!(
            service_port(Service::parse("myservice"), "udp", 0, &etc_services),
            None
        );
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
                service_port(Service::parse(name), "tcp", 0, &no_services),
                Some(port),
                "{name}/tcp"
            );
            assert_eq!(
                service_port(Service::parse(name), "udp", 0, &no_services),
                Some(port),
                "{name}/udp"
            );
        }
        assert_eq!(
            service_port(Service::parse("time"), "udp", 100, &no_services),
            Some(137)
        );
        assert_eq!(
            service_port(Service::parse("echo"), "sctp", 0, &no_services),
            None
        );
        assert_eq!(
            service_port(Service::parse("nosuchservice"), "tcp", 0, &no_services),
            None
        );
    }

    #[test]
    fn bad_service_names_are_errors() {
        for bad in ["", "  ", "-1", "80abc", "echo echo"] {
            assert_eq!(
                service_port(Service::parse(bad), "tcp", 0, &etc_services),
                None,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn base_wraps_like_an_unsigned_short_and_zero_is_an_error() {
        assert_eq!(
            service_port(Service::parse("echo"), "tcp", 65535, &etc_services),
            Some(6)
        );
        assert_eq!(
            service_port(Service::parse("echo"), "tcp", 65529, &etc_services),
            None
        );
    }

    #[test]
    fn protocols_resolve_from_fast_path_database_or_table() {
        let none = |_: &str| None;
        let db = |name: &str| (name == "sctp").then_some(132);
        let protocol = |name, db: ProtocolDb| Transport::parse(name).protocol(db);
        assert_eq!(protocol("tcp", &none), Some(6));
        assert_eq!(protocol("udp", &none), Some(17));
        assert_eq!(protocol("TCP", &none), Some(6));
        assert_eq!(protocol("sctp", &db), Some(132));
        assert_eq!(protocol("nosuchproto", &db), None);
        assert_eq!(protocol("", &db), None);
    }

    #[test]
    fn only_udp_is_a_datagram_transport() {
        assert_eq!(Transport::parse("udp").socket_type(), libc::SOCK_DGRAM);
        assert_eq!(Transport::parse("tcp").socket_type(), libc::SOCK_STREAM);
        assert_eq!(Transport::parse("UDP").socket_type(), libc::SOCK_STREAM);
        assert_eq!(Transport::parse("UDP").name(), "UDP");
    }

    #[test]
    fn services_are_names_or_numbers_once_and_for_all() {
        assert_eq!(Service::parse(" echo\n"), Service::Name("echo"));
        assert_eq!(Service::parse("80abc"), Service::Name("80abc"));
        assert_eq!(Service::parse(" 0\n"), Service::Number(Some(0)));
        assert!(Service::parse("0").is_zero());
        assert_eq!(Service::parse("65536"), Service::Number(Some(65536)));
        assert_eq!(Service::parse(""), Service::Number(None));
        assert_eq!(
            Service::parse("99999999999999999999"),
            Service::Number(None)
        );
        assert_eq!(parse_number("4294967295"), Some(u32::MAX));
        assert_eq!(parse_number("4294967296"), None);
        assert_eq!(parse_number("\x0c12\x0b"), Some(12));
        assert!(!Service::parse("65536").is_name());
        assert!(Service::parse("nosuchservice").is_name());
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
    fn loopback_names_skip_the_resolver() {
        let db = |_: &str| -> Option<Vec<SocketAddr>> {
            panic!("a loopback name must not reach the resolver")
        };
        let v4 = SocketAddr::from(([127, 0, 0, 1], 0));
        let v6 = SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 0);
        for name in ["localhost", "LocalHost.", " localhost\n", "a.b.localhost"] {
            assert_eq!(
                host_addresses(name, false, &db),
                Some(vec![v4, v6]),
                "{name}"
            );
            assert_eq!(host_addresses(name, true, &db), Some(vec![v4]), "{name}");
        }
        for name in [
            "notlocalhost",
            "localhost.com",
            "localhost..",
            "localhostx",
            "",
        ] {
            assert!(!is_loopback_name(name), "{name}");
        }
        assert_eq!(
            literal_host(" 10.0.0.1\n"),
            Some("10.0.0.1".parse().unwrap())
        );
        assert_eq!(literal_host("localhost"), None);
    }

    #[test]
    fn hosts_files_are_read_as_the_c_library_reads_them() {
        let table = HostsTable::parse(
            "127.0.0.1\tlocalhost\n\
             # a comment line\n\
             10.0.0.5 server.example Server # trailing comment\n\
             fd00::5 server.example\n\
             fe80::1%eth0 linklocal\n\
             bogus\n",
        );
        let ips = |list: &[&str]| list.iter().map(|a| a.parse::<IpAddr>().unwrap()).collect();
        assert_eq!(
            table.addresses("SERVER.example"),
            Some(ips(&["10.0.0.5", "fd00::5"]))
        );
        assert_eq!(table.addresses("server"), Some(ips(&["10.0.0.5"])));
        assert_eq!(table.addresses("linklocal"), None);
        assert_eq!(table.addresses("nothere"), None);
        assert_eq!(table.addresses("comment"), None);
    }

    #[test]
    fn nsswitch_decides_whether_the_hosts_file_comes_first() {
        assert!(hosts_file_first("passwd: files\nhosts:  files dns\n"));
        assert!(hosts_file_first(
            "hosts: files myhostname mdns4_minimal [NOTFOUND=return] dns"
        ));
        assert!(!hosts_file_first("hosts: dns files\n"));
        assert!(!hosts_file_first("# hosts: files\npasswd: files\n"));
        assert!(!hosts_file_first(""));
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
