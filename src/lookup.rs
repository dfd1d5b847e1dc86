//! Name lookup for the layers whose helpers call getaddrinfo (Donahoo &
//! Calvert 2nd ed., UNP, CS:APP): the C library's own getaddrinfo, so the
//! results, their order and the error codes are what the books' loops saw,
//! with SPEC §3's improvements made invisibly:
//! - a named service that the services database lacks comes from the
//!   built-in table, and SOCKSHIM_PORTBASE shifts named services;
//! - white space around a host or a numeric port is tolerated, and a port
//!   number beyond 65535 is an unknown service (EAI_SERVICE) instead of
//!   the C library's silent truncation to 16 bits (SPEC §3);
//! - with AI_ADDRCONFIG, a lookup that finds no address is retried without
//!   it (glibc may count no address as configured on a loopback-only host);
//! - loopback names and address literals never reach the C library's
//!   resolver, nor its AI_ADDRCONFIG check (fork safety: README).

use crate::error::Eai;
use crate::resolve::{self, Service};
use crate::sysdb::{self, AddrInfoList, Hints};
use crate::trace;
use smallvec::SmallVec;
use std::ffi::{CStr, CString, c_int};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

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

/// The addresses to try, in order: held inline when there are at most two
/// (a literal, a loopback name, the two wildcards), so that the connect
/// and listen paths of those allocate nothing.
pub type Candidates = SmallVec<[Candidate; 2]>;

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
                        format!("service {name:?} -> port {shifted} (port base {base})")
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
    let start = bytes.iter().position(|&b| !resolve::is_c_space(b))?;
    let end = bytes.iter().rposition(|&b| !resolve::is_c_space(b))? + 1;
    if start == 0 && end == bytes.len() {
        return None;
    }
    CString::new(&bytes[start..end]).ok()
}

/// A question's texts as they go to the C library: the host without white
/// space, a service name replaced by its number where needed (and whether
/// a name was replaced).
struct Asked<'a> {
    query: &'a Query<'a>,
    host: Option<CString>,
    service: Option<(CString, bool)>,
}

impl<'a> Asked<'a> {
    fn new(query: &'a Query<'a>, base: u16, db: resolve::ServiceDb) -> Asked<'a> {
        Asked {
            query,
            host: query.host.and_then(host_text),
            service: query
                .service
                .and_then(|service| service_text(service, &query.hints, base, db)),
        }
    }

    fn host(&self) -> Option<&CStr> {
        self.host.as_deref().or(self.query.host)
    }

    fn service(&self) -> Option<&CStr> {
        let replaced = self.service.as_ref().map(|(text, _)| text.as_c_str());
        replaced.or(self.query.service)
    }
}

/// getaddrinfo with the improvements above; `base` is the port base for
/// named services (SOCKSHIM_PORTBASE).
pub fn lookup(query: &Query, base: u16) -> Result<AddrInfoList, Eai> {
    lookup_with(query, base, &sysdb::service_port)
}

/// Whether `service` is all digits but no 16-bit port: a number beyond
/// 65535 (or beyond any integer), which the C library would truncate.
fn port_out_of_range(service: &CStr) -> bool {
    let Ok(text) = service.to_str() else {
        return false;
    };
    let digits = resolve::trim(text);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && resolve::parse_number(digits).is_none_or(|n| n > u32::from(u16::MAX))
}

fn lookup_with(query: &Query, base: u16, db: resolve::ServiceDb) -> Result<AddrInfoList, Eai> {
    let answer = answer(&Asked::new(query, base, db));
    trace::line(|| describe(query, &answer));
    answer
}

fn answer(asked: &Asked) -> Result<AddrInfoList, Eai> {
    if asked.query.service.is_some_and(port_out_of_range) {
        return Err(Eai::new(libc::EAI_SERVICE));
    }
    let (host, service, hints) = (asked.host(), asked.service(), &asked.query.hints);
    let mut answer = match known_addresses(host, service, hints) {
        Some(addresses) => numeric_lookup(addresses, service, hints),
        None if is_literal(host) => {
            // An address literal: the C library only fills it in.  Without
            // AI_ADDRCONFIG, which would only have it ask the kernel for the
            // configured families (under a lock of its own that a child
            // forked meanwhile inherits locked) to end where the retry below
            // ends.
            let numeric = Hints {
                flags: (hints.flags | libc::AI_NUMERICHOST) & !libc::AI_ADDRCONFIG,
                ..*hints
            };
            sysdb::getaddrinfo(host, service, &numeric).map(|mut list| {
                list.set_flags(hints.flags);
                list
            })
        }
        None => sysdb::getaddrinfo(host, service, hints),
    };
    let addrconfig = hints.flags & libc::AI_ADDRCONFIG != 0;
    let no_address = matches!(&answer, Err(e) if NO_ADDRESS.contains(&e.code));
    if addrconfig && no_address {
        let hints = Hints {
            flags: hints.flags & !libc::AI_ADDRCONFIG,
            ..*hints
        };
        if let Ok(list) = sysdb::getaddrinfo(host, service, &hints) {
            answer = Ok(list);
        }
    }
    if asked.service.as_ref().is_some_and(|(_, name)| *name) {
        // A named service never gives raw sockets; its number, asked with
        // no socket type, would.
        if let Ok(list) = &mut answer {
            list.retain(|info| info.ai_socktype != libc::SOCK_RAW);
        }
    }
    answer
}

/// The addresses to try for a question: [`candidates`] of [`lookup`]'s
/// answer, made without the C library when the answer is known (an address
/// literal, a loopback name or a passive wildcard; a numeric port; a stream
/// or datagram socket; no flags but AI_PASSIVE, AI_NUMERICSERV and
/// AI_ADDRCONFIG): the same candidates in the same order, without the C
/// library's work.  AI_ADDRCONFIG changes nothing for a literal, since a
/// lookup that it empties is asked again without it, but the C library
/// asks the kernel for the interfaces first (a netlink exchange).
pub fn lookup_candidates(query: &Query, base: u16) -> Result<Candidates, Eai> {
    // The texts as given first (a plain port and host need no rewriting),
    // then as they go to the C library (trimmed, a name's port shifted).
    let found = match known_candidates(query.host, query.service, &query.hints) {
        Some(found) => Ok(found),
        None => {
            let asked = Asked::new(query, base, &sysdb::service_port);
            match known_candidates(asked.host(), asked.service(), &query.hints) {
                Some(found) => Ok(found),
                None => answer(&asked).map(|list| candidates(&list)),
            }
        }
    };
    trace::line(|| {
        let found = found
            .as_ref()
            .map(|list| list.iter().map(|c| c.addr).collect());
        describe_found(query, &found)
    });
    found
}

fn known_candidates(
    host: Option<&CStr>,
    service: Option<&CStr>,
    hints: &Hints,
) -> Option<Candidates> {
    let simple = libc::AI_PASSIVE | libc::AI_NUMERICSERV | libc::AI_ADDRCONFIG;
    let protocol = match (hints.sock_type, hints.protocol) {
        (libc::SOCK_STREAM, 0 | libc::IPPROTO_TCP) => libc::IPPROTO_TCP,
        (libc::SOCK_DGRAM, 0 | libc::IPPROTO_UDP) => libc::IPPROTO_UDP,
        _ => return None,
    };
    if hints.flags & !simple != 0 {
        return None;
    }
    let port = resolve::plain_port(service?.to_bytes())?;
    let wanted = |ip: &IpAddr| hints.family == libc::AF_UNSPEC || hints.family == family_of(ip);
    let candidate = |ip| Candidate::new(SocketAddr::new(ip, port), hints.sock_type, protocol);
    if let Some(ip) = host.and_then(literal_as_given) {
        return wanted(&ip).then(|| smallvec::smallvec![candidate(ip)]);
    }
    let mut found = Candidates::new();
    for &(_, ip) in known_addresses(host, service, hints)? {
        if wanted(&ip) {
            found.push(candidate(ip));
        }
    }
    (!found.is_empty()).then_some(found)
}

/// A host that is an address literal as it stands (no spaces).
fn literal_as_given(host: &CStr) -> Option<IpAddr> {
    let text = host.to_bytes();
    // SAFETY: ASCII is UTF-8.
    text.is_ascii()
        .then(|| unsafe { std::str::from_utf8_unchecked(text) })
        .and_then(resolve::parse_numeric_host)
}

fn family_of(ip: &IpAddr) -> c_int {
    match ip {
        IpAddr::V4(_) => libc::AF_INET,
        IpAddr::V6(_) => libc::AF_INET6,
    }
}

/// The loopback names' addresses, in the order they answer.
const LOOPBACK: &[(&CStr, IpAddr)] = &[
    (c"127.0.0.1", IpAddr::V4(Ipv4Addr::LOCALHOST)),
    (c"::1", IpAddr::V6(Ipv6Addr::LOCALHOST)),
];

/// The wildcard addresses of a passive lookup without a host, in the order
/// the C library sorts them (its RFC 3484 rules put 0.0.0.0 first).
const WILDCARD: &[(&CStr, IpAddr)] = &[
    (c"0.0.0.0", IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
    (c"::", IpAddr::V6(Ipv6Addr::UNSPECIFIED)),
];

/// The addresses of a question whose answer needs no resolver and no
/// sorting: a loopback name (RFC 6761), or no host with AI_PASSIVE and a
/// service.  `None` for every other question, and when AI_CANONNAME asks
/// for a name, AI_NUMERICHOST refuses one, or AI_ADDRCONFIG asks for the C
/// library's view of the interfaces.
fn known_addresses(
    host: Option<&CStr>,
    service: Option<&CStr>,
    hints: &Hints,
) -> Option<&'static [(&'static CStr, IpAddr)]> {
    if hints.flags & libc::AI_CANONNAME != 0 {
        return None;
    }
    match host {
        Some(name) => (hints.flags & libc::AI_NUMERICHOST == 0
            && name.to_str().ok().is_some_and(resolve::is_loopback_name))
        .then_some(LOOPBACK),
        None => (service.is_some()
            && hints.flags & libc::AI_PASSIVE != 0
            && hints.flags & libc::AI_ADDRCONFIG == 0)
            .then_some(WILDCARD),
    }
}

/// Whether `host` is an address literal (white space around it allowed).
fn is_literal(host: Option<&CStr>) -> bool {
    host.and_then(|h| h.to_str().ok())
        .and_then(resolve::literal_host)
        .is_some()
}

/// The answer for known addresses, without the resolver and without the C
/// library's sorting (which opens a netlink socket and probes a route for
/// each address): each address as the C library makes entries for it, in
/// order, as the family allows; the entries carry the caller's flags.
fn numeric_lookup(
    addresses: &[(&CStr, IpAddr)],
    service: Option<&CStr>,
    hints: &Hints,
) -> Result<AddrInfoList, Eai> {
    let numeric = Hints {
        flags: (hints.flags | libc::AI_NUMERICHOST) & !libc::AI_ADDRCONFIG,
        ..*hints
    };
    let mut joined: Option<AddrInfoList> = None;
    let mut first_error = None;
    for (address, ip) in addresses {
        if hints.family != libc::AF_UNSPEC && hints.family != family_of(ip) {
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
    let found = answer
        .as_ref()
        .map(|list| list.iter().filter_map(sysdb::entry_address).collect());
    describe_found(query, &found)
}

fn describe_found(query: &Query, found: &Result<Vec<SocketAddr>, &Eai>) -> String {
    fn text(arg: Option<&CStr>) -> String {
        arg.map_or("(null)".into(), |t| t.to_string_lossy().into_owned())
    }
    let asked = format!(
        "getaddrinfo({:?}, {:?})",
        text(query.host),
        text(query.service)
    );
    match found {
        Ok(found) => format!("{asked} -> {}", trace::socket_addresses(found)),
        Err(e) => format!("{asked} -> {}", e.text().to_string_lossy()),
    }
}

/// The IPv4 and IPv6 entries of a list, in order, as addresses to try.
pub fn candidates(list: &AddrInfoList) -> Candidates {
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
    fn ports_beyond_16_bits_are_unknown_services_not_truncated() {
        for service in [c"65536", c"99999", c"99999999999999999999", c" 70000\n"] {
            let query = Query {
                host: Some(c"127.0.0.1"),
                service: Some(service),
                hints: stream(),
            };
            let err = lookup(&query, 0).unwrap_err();
            assert_eq!(err.code, libc::EAI_SERVICE, "{service:?}");
        }
        let query = Query {
            host: Some(c"127.0.0.1"),
            service: Some(c"65535"),
            hints: stream(),
        };
        assert_eq!(ports(&lookup(&query, 0).unwrap()), vec![65535]);
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
        let numeric_only = Query {
            hints: Hints {
                flags: libc::AI_NUMERICHOST,
                ..stream()
            },
            ..query
        };
        let refused = sysdb::getaddrinfo(Some(c"localhost"), Some(c"5000"), &numeric_only.hints);
        assert_eq!(
            lookup(&numeric_only, 0).unwrap_err().code,
            refused.unwrap_err().code
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
    fn known_candidates_are_the_lookups_candidates() {
        let protocols = [
            (libc::SOCK_STREAM, 0),
            (libc::SOCK_STREAM, libc::IPPROTO_TCP),
            (libc::SOCK_DGRAM, 0),
            (libc::SOCK_DGRAM, libc::IPPROTO_UDP),
            (libc::SOCK_STREAM, libc::IPPROTO_UDP),
            (0, 0),
        ];
        let mut fast = 0;
        for host in [
            None,
            Some(c"localhost"),
            Some(c" LocalHost.\n"),
            Some(c"127.0.0.1"),
            Some(c"\t10.1.2.3 "),
            Some(c"::1"),
            Some(c"::ffff:127.0.0.1"),
            Some(c"127.1"),
            Some(c"fe80::1%1"),
        ] {
            for service in [
                c"5000", c" 5000\n", c"0", c"0080", c"65535", c"65536", c"echo",
            ] {
                for family in [
                    libc::AF_UNSPEC,
                    libc::AF_INET,
                    libc::AF_INET6,
                    libc::AF_UNIX,
                ] {
                    for (sock_type, protocol) in protocols {
                        for flags in [
                            0,
                            libc::AI_PASSIVE,
                            libc::AI_PASSIVE | libc::AI_NUMERICSERV,
                            libc::AI_NUMERICHOST,
                            libc::AI_ADDRCONFIG,
                            libc::AI_ADDRCONFIG | libc::AI_NUMERICSERV | libc::AI_PASSIVE,
                        ] {
                            let hints = Hints {
                                flags,
                                family,
                                sock_type,
                                protocol,
                            };
                            let query = Query {
                                host,
                                service: Some(service),
                                hints,
                            };
                            let asked = Asked::new(&query, 10000, &no_services);
                            let known = known_candidates(asked.host(), asked.service(), &hints);
                            fast += usize::from(known.is_some());
                            let slow = lookup_with(&query, 10000, &no_services);
                            assert_eq!(
                                lookup_candidates(&query, 10000).map_err(|e| e.code),
                                slow.as_ref().map(candidates).map_err(|e| e.code),
                                "{query:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(
            fast > 100,
            "{fast} questions answered without the C library"
        );
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
