//! Service, port, host and transport parsing (src/resolve.rs), compared
//! with a reference built on the C library's own strtoul and isspace: a
//! port is what a textbook's C would accept (C white space around decimal
//! digits, no sign, 1 to 65535, no overflow), a number likewise within
//! u32, and trimming strips exactly C's white space.  Host literals,
//! loopback names and address ordering are checked for their invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sockshim::resolve::{self, Service, Transport};
use sockshim_fuzz::{Input, c_isspace, strtoul_number, strtoul_port};
use std::net::{IpAddr, SocketAddr};

sockshim_fuzz::offline!();

/// `bytes` without C white space at either end.
fn c_trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !c_isspace(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !c_isspace(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end.max(start)]
}

/// A services database made from the input: a name is known (with a port
/// derived from it) when its length is even.
fn services(name: &str, transport: &str) -> Option<u16> {
    (name.len() & 1 == 0 && transport == "tcp").then(|| name.len() as u16 * 7 + 1)
}

fn check_text(bytes: &[u8], base: u16, datagram: bool, addresses: &[SocketAddr]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    // Numbers and ports: exactly strtoul's verdict with C's white space.
    assert_eq!(resolve::parse_port(text), strtoul_port(bytes), "{text:?}");
    assert_eq!(
        resolve::parse_number(text),
        strtoul_number(bytes),
        "{text:?}"
    );
    let trimmed = c_trim(bytes);
    assert_eq!(resolve::trim(text).as_bytes(), trimmed, "{text:?}");

    // A service is a number exactly when its trimmed text is all digits
    // (or empty); a name is the trimmed text.
    let all_digits = trimmed.iter().all(u8::is_ascii_digit);
    match Service::parse(text) {
        Service::Number(n) => {
            assert!(all_digits, "{text:?}");
            assert_eq!(n, strtoul_number(bytes), "{text:?}");
            assert_eq!(
                resolve::service_port(Service::parse(text), "tcp", base, &services),
                strtoul_port(bytes),
                "a number is never shifted: {text:?}"
            );
        }
        Service::Name(name) => {
            assert!(!all_digits, "{text:?}");
            assert_eq!(name.as_bytes(), trimmed);
            let port = resolve::service_port(Service::parse(text), "tcp", base, &services);
            let known = resolve::named_port(name, "tcp", &services);
            assert_eq!(
                port,
                known.map(|p| p.wrapping_add(base)).filter(|&p| p != 0),
                "{text:?}"
            );
        }
    }

    // Transports.
    match Transport::parse(text) {
        Transport::Tcp => assert_eq!(text, "tcp"),
        Transport::Udp => assert_eq!(text, "udp"),
        Transport::Other(name) => assert!(name == text && text != "tcp" && text != "udp"),
    }

    // A literal host is the trimmed text read as an address, and prints
    // back as the same address.
    if let Some(ip) = resolve::literal_host(text) {
        assert_eq!(resolve::trim(text).parse::<IpAddr>().ok(), Some(ip));
        assert_eq!(ip.to_string().parse::<IpAddr>().ok(), Some(ip));
    }

    // Loopback names: "localhost" or a name under it, any case, one final
    // dot allowed.
    let lower = text.to_ascii_lowercase();
    let name = lower.strip_suffix('.').unwrap_or(&lower);
    assert_eq!(
        resolve::is_loopback_name(text),
        name == "localhost" || name.ends_with(".localhost"),
        "{text:?}"
    );

    // Address order: IPv4 first, no duplicates, a datagram client keeps
    // IPv6 only without IPv4; nothing for an empty or too long name.
    let db = |_: &str| Some(addresses.to_vec()).filter(|a| !a.is_empty());
    let found = resolve::host_addresses(text, datagram, &db);
    let name = resolve::trim(text);
    if name.is_empty() || name.len() > resolve::MAX_HOST_LEN {
        assert_eq!(found, None, "{text:?}");
    }
    if let Some(list) = found {
        assert!(!list.is_empty());
        let first_v6 = list
            .iter()
            .position(SocketAddr::is_ipv6)
            .unwrap_or(list.len());
        assert!(list[first_v6..].iter().all(SocketAddr::is_ipv6), "{list:?}");
        for (i, a) in list.iter().enumerate() {
            assert!(!list[..i].contains(a), "duplicate {a} in {list:?}");
        }
        if datagram && first_v6 > 0 {
            assert_eq!(first_v6, list.len(), "{list:?}");
        }
    }

    // The hosts file and nsswitch.conf parsers never panic, and a name
    // they answer comes from the text.
    let table = resolve::HostsTable::parse(text);
    if let Some(ips) = table.addresses(name) {
        assert!(!ips.is_empty());
    }
    let _ = resolve::hosts_file_first(text);
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let base = u16::from_le_bytes([input.byte(), input.byte()]);
    let datagram = input.byte() & 1 == 1;
    let count = usize::from(input.byte() % 6);
    let addresses: Vec<SocketAddr> = (0..count)
        .map(|_| {
            let kind = input.byte();
            let b = input.byte();
            let ip: IpAddr = if kind & 1 == 0 {
                [127, 0, 0, b % 4].into()
            } else {
                [0, 0, 0, 0, 0, 0, 0, u16::from(b % 4)].into()
            };
            SocketAddr::new(ip, 0)
        })
        .collect();
    // C's isspace and ours agree on every byte.
    let b = input.byte();
    assert_eq!(resolve::is_c_space(b), c_isspace(b), "byte {b:#x}");
    // A C string: up to its NUL.
    check_text(input.bytes(), base, datagram, &addresses);
});
