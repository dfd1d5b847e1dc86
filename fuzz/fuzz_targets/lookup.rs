//! lookup::lookup, the getaddrinfo of the getaddrinfo-based layers: any
//! host and service text (white space, port base, AI_ADDRCONFIG retry,
//! loopback names answered without the resolver) with any hints.  The
//! answer must be a well-formed list: entries of the family and socket
//! type asked for, the port of a numeric service, loopback addresses for a
//! loopback name, and candidates() agreeing with the list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sockshim::lookup::{self, Query};
use sockshim::resolve;
use sockshim::sysdb::{self, Hints};
use sockshim_fuzz::{Input, strtoul_number};

sockshim_fuzz::offline!();

const FLAGS: [i32; 7] = [
    libc::AI_PASSIVE,
    libc::AI_CANONNAME,
    libc::AI_NUMERICHOST,
    libc::AI_NUMERICSERV,
    libc::AI_ADDRCONFIG,
    libc::AI_V4MAPPED,
    libc::AI_ALL,
];

fn pick(byte: u8, choices: &[i32], any: i32) -> i32 {
    choices
        .get(usize::from(byte) % (choices.len() + 1))
        .copied()
        .unwrap_or(any)
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let mask = input.byte();
    let flags = FLAGS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .fold(0, |all, (_, f)| all | f);
    let hints = Hints {
        flags,
        family: pick(
            input.byte(),
            &[libc::AF_UNSPEC, libc::AF_INET, libc::AF_INET6],
            input.int(),
        ),
        sock_type: pick(
            input.byte(),
            &[0, libc::SOCK_STREAM, libc::SOCK_DGRAM],
            input.int(),
        ),
        protocol: pick(
            input.byte(),
            &[0, libc::IPPROTO_TCP, libc::IPPROTO_UDP],
            input.int(),
        ),
    };
    let base = u16::from_le_bytes([input.byte(), input.byte()]);
    let host = input.text_or_null();
    let service = input.text_or_null();
    let query = Query {
        host: host.as_deref(),
        service: service.as_deref(),
        hints,
    };
    let Ok(list) = lookup::lookup(&query, base) else {
        return;
    };
    let entries: Vec<&libc::addrinfo> = list.iter().collect();
    assert!(!entries.is_empty(), "an answer has entries");
    for info in &entries {
        if hints.family != libc::AF_UNSPEC {
            assert_eq!(info.ai_family, hints.family, "{query:?}");
        }
        if hints.sock_type != 0 {
            assert_eq!(info.ai_socktype, hints.sock_type, "{query:?}");
        }
    }
    let candidates = lookup::candidates(&list);
    let inet = entries
        .iter()
        .filter(|i| matches!(i.ai_family, libc::AF_INET | libc::AF_INET6))
        .count();
    assert_eq!(candidates.len(), inet, "{query:?}");
    // A numeric service (white space around it allowed) is the port.
    let numeric = service
        .as_deref()
        .and_then(|s| strtoul_number(s.to_bytes()))
        .filter(|&p| p <= 65535);
    if let Some(port) = numeric {
        for c in &candidates {
            assert_eq!(u32::from(c.addr.port()), port, "{query:?}");
        }
    }
    // A loopback name (without AI_CANONNAME) gives loopback addresses.
    let loopback = host
        .as_deref()
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| resolve::is_loopback_name(resolve::trim(h)));
    if loopback && flags & libc::AI_CANONNAME == 0 {
        for c in &candidates {
            assert!(c.addr.ip().is_loopback(), "{query:?}: {c:?}");
        }
    }
    for info in &entries {
        let _ = sysdb::entry_address(info);
    }
    // Handing the list to C and back frees it once.
    let raw = list.into_raw();
    // SAFETY: the list came from getaddrinfo and is freed exactly once.
    unsafe { libc::freeaddrinfo(raw) };
});
