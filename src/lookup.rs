//! Name lookup for the layers whose helpers call getaddrinfo (Donahoo &
//! Calvert 2nd ed., UNP, CS:APP): the C library's own getaddrinfo, so the
//! results, their order and the error codes are what the books' loops saw,
//! with SPEC §3's improvements made invisibly:
//! - a named service that the services database lacks comes from the
//!   built-in table, and SOCKSHIM_PORTBASE shifts named services;
//! - white space around a host or a numeric port is tolerated;
//! - with AI_ADDRCONFIG, a lookup that finds no address is retried without
//!   it (glibc may count no address as configured on a loopback-only host).

use crate::error::Eai;
use crate::resolve::{self, Service};
use crate::sysdb::{self, AddrInfoList, Hints};
use crate::trace;
use std::ffi::{CStr, CString, c_int};
use std::net::SocketAddr;

/// A getaddrinfo question, as a layer's helper asks it.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    pub host: Option<&'a CStr>,
    pub service: Option<&'a CStr>,
    pub hints: Hints,
}

/// One address to try, with the socket type and protocol to try it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub addr: SocketAddr,
    pub sock_type: c_int,
    pub protocol: c_int,
    /// ai_addrlen, which some books hand back to the program.
    pub addr_len: libc::socklen_t,
}

impl Candidate {
    /// A candidate for `addr`, with its family's address length.
    pub fn new(addr: SocketAddr, sock_type: c_int, protocol: c_int) -> Candidate {
        let addr_len = match addr {
            SocketAddr::V4(_) => size_of::<libc::sockaddr_in>(),
            SocketAddr::V6(_) => size_of::<libc::sockaddr_in6>(),
        };
        Candidate {
            addr,
            sock_type,
            protocol,
            addr_len: addr_len as libc::socklen_t,
        }
    }
}

/// Codes that mean "no address", after which a lookup with AI_ADDRCONFIG
/// is tried again without it.
const NO_ADDRESS: &[c_int] = &[libc::EAI_NONAME, libc::EAI_NODATA, EAI_ADDRFAMILY];

/// glibc's "address family for host not supported" (a GNU extension that
/// the libc crate does not carry).
const EAI_ADDRFAMILY: c_int = -9;

/// The transports a named service is looked up for, from the hints.
fn transports(hints: &Hints) -> &'static [&'static str] {
    match (hints.sock_type, hints.protocol) {
        (libc::SOCK_DGRAM, _) | (_, libc::IPPROTO_UDP) => &["udp"],
        (libc::SOCK_STREAM, _) | (_, libc::IPPROTO_TCP) => &["tcp"],
        _ => &["tcp", "udp"],
    }
}

/// What to pass to getaddrinfo for `service`: the text itself when the
/// database knows the name and no port base applies (so the C library
/// answers exactly as it did), else the port as a number.  `None` keeps the
/// text (a NULL service, a name no table knows: the C library's error).
/// Returns the text and whether a name was replaced by its number.
fn service_text(
    service: &CStr,
    hints: &Hints,
    base: u16,
    db: resolve::ServiceDb,
) -> Option<(CString, bool)> {
    let text = service.to_str().ok()?;
    match Service::parse(text) {
        Service::Number(_) => {
            let trimmed = resolve::trim(text);
            if trimmed.len() == text.len() {
                return None;
            }
            Some((CString::new(trimmed).ok()?, false))
        }
        Service::Name(_) if hints.flags & libc::AI_NUMERICSERV != 0 => None,
        Service::Name(name) => {
            let found = transports(hints).iter().find_map(|transport| {
                let known = db(name, transport);
                let port = known.or_else(|| resolve::builtin_service_port(name, transport))?;
                Some((known.is_some(), port))
            });
            match found {
                Some((true, _)) if base == 0 && name.len() == text.len() => None,
                Some((_, port)) => {
                    let shifted = port.wrapping_add(base);
                    trace::line(|| {
                        format!("service \"{name}\" -> port {shifted} (port base {base})")
                    });
                    Some((CString::new(shifted.to_string()).ok()?, true))
                }
                None => None,
            }
        }
    }
}

/// The host text without surrounding white space (a name read with fgets).
fn host_text(host: &CStr) -> Option<CString> {
    let bytes = host.to_bytes();
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace())? + 1;
    if start == 0 && end == bytes.len() {
        return None;
    }
    CString::new(&bytes[start..end]).ok()
}

/// getaddrinfo with the improvements above; `base` is the port base for
/// named services (SOCKSHIM_PORTBASE).
pub fn lookup(query: &Query, base: u16) -> Result<AddrInfoList, Eai> {
    lookup_with(query, base, &sysdb::service_port)
}

fn lookup_with(query: &Query, base: u16, db: resolve::ServiceDb) -> Result<AddrInfoList, Eai> {
    let host = query.host.and_then(host_text);
    let host = host.as_deref().or(query.host);
    let replaced = query
        .service
        .and_then(|service| service_text(service, &query.hints, base, db));
    let service = replaced.as_ref().map(|(text, _)| text.as_c_str());
    let service = service.or(query.service);
    let known = known_addresses(host, service, &query.hints);
    let mut answer = match known {
        Some(addresses) => numeric_lookup(addresses, service, &query.hints),
        None => sysdb::getaddrinfo(host, service, &query.hints),
    };
    let addrconfig = query.hints.flags & libc::AI_ADDRCONFIG != 0;
    if let Err(e) = &answer
        && addrconfig
        && NO_ADDRESS.contains(&e.code)
    {
        let hints = Hints {
            flags: query.hints.flags & !libc::AI_ADDRCONFIG,
            ..query.hints
        };
        if let Ok(list) = sysdb::getaddrinfo(host, service, &hints) {
            answer = Ok(list);
        }
    }
    if let Ok(list) = &mut answer
        && replaced.is_some_and(|(_, name)| name)
    {
        // A named service never gives raw sockets; its number, asked with
        // no socket type, would.
        list.retain(|info| info.ai_socktype != libc::SOCK_RAW);
    }
    trace::line(|| describe(query, &answer));
    answer
}

/// The loopback names' addresses, in the order they answer.
const LOOPBACK: &[(&CStr, c_int)] = &[(c"127.0.0.1", libc::AF_INET), (c"::1", libc::AF_INET6)];

/// The wildcard addresses of a passive lookup without a host, in the order
/// the C library sorts them (its RFC 3484 rules put 0.0.0.0 first).
const WILDCARD: &[(&CStr, c_int)] = &[(c"0.0.0.0", libc::AF_INET), (c"::", libc::AF_INET6)];

/// The addresses of a question whose answer needs no resolver and no
/// sorting: a loopback name (RFC 6761), or no host with AI_PASSIVE and a
/// service.  `None` for every other question, and when AI_CANONNAME asks
/// for a name, or AI_ADDRCONFIG for the C library's view of the interfaces.
fn known_addresses(
    host: Option<&CStr>,
    service: Option<&CStr>,
    hints: &Hints,
) -> Option<&'static [(&'static CStr, c_int)]> {
    if hints.flags & libc::AI_CANONNAME != 0 {
        return None;
    }
    match host {
        Some(name) => name
            .to_str()
            .ok()
            .is_some_and(resolve::is_loopback_name)
            .then_some(LOOPBACK),
        None => (service.is_some()
            && hints.flags & libc::AI_PASSIVE != 0
            && hints.flags & libc::AI_ADDRCONFIG == 0)
            .then_some(WILDCARD),
    }
}

/// The answer for known addresses, without the resolver and without the C
/// library's sorting (which opens a netlink socket and probes a route for
/// each address): each address as the C library makes entries for it, in
/// order, as the family allows; the entries carry the caller's flags.
fn numeric_lookup(
    addresses: &[(&CStr, c_int)],
    service: Option<&CStr>,
    hints: &Hints,
) -> Result<AddrInfoList, Eai> {
    let numeric = Hints {
        flags: (hints.flags | libc::AI_NUMERICHOST) & !libc::AI_ADDRCONFIG,
        ..*hints
    };
    let mut joined: Option<AddrInfoList> = None;
    let mut first_error = None;
    for &(address, family) in addresses {
        if hints.family != libc::AF_UNSPEC && hints.family != family {
            continue;
        }
        match sysdb::getaddrinfo(Some(address), service, &numeric) {
            Ok(list) => match &mut joined {
                Some(all) => all.append(list),
                None => joined = Some(list),
            },
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let mut list = joined.ok_or(first_error.unwrap_or(Eai::new(libc::EAI_FAMILY)))?;
    list.set_flags(hints.flags);
    Ok(list)
}

/// A trace line for a lookup's result.
fn describe(query: &Query, answer: &Result<AddrInfoList, Eai>) -> String {
    fn text(arg: Option<&CStr>) -> String {
        arg.map_or("(null)".into(), |t| t.to_string_lossy().into_owned())
    }
    let asked = format!(
        "getaddrinfo(\"{}\", \"{}\")",
        text(query.host),
        text(query.service)
    );
    match answer {
        Ok(list) => {
            let found: Vec<SocketAddr> = list.iter().filter_map(sysdb::entry_address).collect();
            format!("{asked} -> {}", trace::socket_addresses(&found))
        }
        Err(e) => format!("{asked} -> {}", e.text().to_string_lossy()),
    }
}

/// The IPv4 and IPv6 entries of a list, in order, as addresses to try.
pub fn candidates(list: &AddrInfoList) -> Vec<Candidate> {
    list.iter()
        .filter_map(|info| {
            Some(Candidate {
                addr: sysdb::entry_address(info)?,
                sock_type: info.ai_socktype,
                protocol: info.ai_protocol,
                addr_len: info.ai_addrlen,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream() -> Hints {
        Hints {
            family: libc::AF_UNSPEC,
            sock_type: libc::SOCK_STREAM,
            ..Hints::default()
        }
    }

    fn ports(list: &AddrInfoList) -> Vec<u16> {
        candidates(list).iter().map(|c| c.addr.port()).collect()
    }

    fn no_services(_: &str, _: &str) -> Option<u16> {
        None
    }

    #[test]
    fn numeric_ports_pass_through_and_white_space_is_tolerated() {
        let query = Query {
            host: Some(c"127.0.0.1"),
            service: Some(c"5000\n"),
            hints: stream(),
        };
        let list = lookup_with(&query, 100, &no_services).unwrap();
        assert_eq!(ports(&list), vec![5000]);
        let query = Query {
            host: Some(c" 127.0.0.1\n"),
            service: Some(c"5000"),
            ..query
        };
        assert_eq!(ports(&lookup(&query, 0).unwrap()), vec![5000]);
    }

    #[test]
    fn names_missing_from_the_database_come_from_the_table_plus_base() {
        let query = Query {
            host: Some(c"127.0.0.1"),
            service: Some(c"echo"),
            hints: stream(),
        };
        assert_eq!(
            ports(&lookup_with(&query, 0, &no_services).unwrap()),
            vec![7]
        );
        assert_eq!(
            ports(&lookup_with(&query, 10000, &no_services).unwrap()),
            vec![10007]
        );
        let any_type = Query {
            hints: Hints {
                sock_type: 0,
                ..stream()
            },
            ..query
        };
        let list = lookup_with(&any_type, 0, &no_services).unwrap();
        let types: Vec<c_int> = candidates(&list).iter().map(|c| c.sock_type).collect();
        assert_eq!(types, vec![libc::SOCK_STREAM, libc::SOCK_DGRAM]);
    }

    #[test]
    fn unknown_names_fail_with_the_c_librarys_code() {
        let query = Query {
            host: Some(c"127.0.0.1"),
            service: Some(c"nosuchservice"),
            hints: stream(),
        };
        let err = lookup_with(&query, 0, &no_services).unwrap_err();
        assert_eq!(err.code, libc::EAI_SERVICE);
        let numeric_only = Query {
            hints: Hints {
                flags: libc::AI_NUMERICSERV,
                ..stream()
            },
            service: Some(c"echo"),
            ..query
        };
        let err = lookup_with(&numeric_only, 0, &no_services).unwrap_err();
        assert_eq!(err.code, libc::EAI_NONAME);
        let no_host = Query {
            host: Some(c"no-such-host.invalid"),
            service: Some(c"80"),
            ..query
        };
        assert!(lookup(&no_host, 0).is_err());
    }

    #[test]
    fn loopback_names_answer_ipv4_then_ipv6_without_the_resolver() {
        let query = Query {
            host: Some(c"LOCALHOST"),
            service: Some(c"5000"),
            hints: stream(),
        };
        let list = lookup(&query, 0).unwrap();
        let addrs: Vec<SocketAddr> = candidates(&list).iter().map(|c| c.addr).collect();
        assert_eq!(
            addrs,
            vec![
                "127.0.0.1:5000".parse().unwrap(),
                "[::1]:5000".parse().unwrap()
            ]
        );
        let v6_only = Query {
            hints: Hints {
                family: libc::AF_INET6,
                ..stream()
            },
            ..query
        };
        let list = lookup(&v6_only, 0).unwrap();
        assert_eq!(candidates(&list)[0].addr, "[::1]:5000".parse().unwrap());
        assert_eq!(candidates(&list).len(), 1);
        assert!(
            list.iter().all(|entry| entry.ai_flags == 0),
            "the caller's flags"
        );
    }

    /// Every field a program can read of each entry but the address
    /// pointer, and the address itself.
    fn entries(list: &AddrInfoList) -> Vec<(c_int, c_int, c_int, c_int, u32, Option<SocketAddr>)> {
        list.iter()
            .map(|i| {
                let e = (
                    i.ai_flags,
                    i.ai_family,
                    i.ai_socktype,
                    i.ai_protocol,
                    i.ai_addrlen,
                );
                (e.0, e.1, e.2, e.3, e.4, sysdb::entry_address(i))
            })
            .collect()
    }

    #[test]
    fn passive_wildcards_are_the_c_librarys_answer_without_its_sorting() {
        for (family, sock_type, flags) in [
            (libc::AF_UNSPEC, libc::SOCK_STREAM, libc::AI_PASSIVE),
            (libc::AF_UNSPEC, 0, libc::AI_PASSIVE | libc::AI_NUMERICSERV),
            (libc::AF_UNSPEC, libc::SOCK_DGRAM, libc::AI_PASSIVE),
            (libc::AF_INET, libc::SOCK_STREAM, libc::AI_PASSIVE),
            (libc::AF_INET6, libc::SOCK_STREAM, libc::AI_PASSIVE),
        ] {
            let hints = Hints {
                flags,
                family,
                sock_type,
                protocol: 0,
            };
            assert!(known_addresses(None, Some(c"5000"), &hints).is_some());
            let ours = lookup(
                &Query {
                    host: None,
                    service: Some(c"5000"),
                    hints,
                },
                0,
            )
            .unwrap();
            let libc = sysdb::getaddrinfo(None, Some(c"5000"), &hints).unwrap();
            assert_eq!(entries(&ours), entries(&libc), "{hints:?}");
        }
        let addrconfig = Hints {
            flags: libc::AI_PASSIVE | libc::AI_ADDRCONFIG,
            ..stream()
        };
        assert!(known_addresses(None, Some(c"5000"), &addrconfig).is_none());
        let passive = Hints {
            flags: libc::AI_PASSIVE,
            ..stream()
        };
        assert!(known_addresses(None, None, &passive).is_none());
        assert!(known_addresses(None, Some(c"5000"), &stream()).is_none());
    }

    #[test]
    fn passive_wildcards_come_in_the_c_librarys_order() {
        let query = Query {
            host: None,
            service: Some(c"5000"),
            hints: Hints {
                flags: libc::AI_PASSIVE | libc::AI_ADDRCONFIG,
                ..stream()
            },
        };
        let list = lookup(&query, 0).unwrap();
        let first = candidates(&list)[0];
        assert_eq!(first.addr, "0.0.0.0:5000".parse().unwrap());
        assert_eq!(first.addr_len as usize, size_of::<libc::sockaddr_in>());
    }
}
