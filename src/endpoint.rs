//! The one core every layer shares: open a connected or a passive socket
//! from names or from resolved candidates, trying every address in order,
//! with owned descriptors that are closed on every error path; accept; echo.
//! Failures say which call failed and keep that call's errno; each layer
//! maps them to its own book's messages.

use crate::error::{Call, CallError, Failure};
use crate::lookup::Candidate;
use crate::resolve::{self, Service, Transport};
use crate::{config, ffi, socket, sysdb, trace};
use std::io;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::time::Duration;

/// A client's or server's names, converted once at the boundary: the
/// transport and the service are decided values; the host stays optional
/// (no host means "any" for a server and is an error for a client).
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    pub host: Option<&'a str>,
    pub service: Service<'a>,
    pub transport: Transport<'a>,
}

impl<'a> Names<'a> {
    /// Converts a layer's text arguments (None: NULL or not text).  A
    /// missing transport is reported first, then a missing service, as the
    /// textbooks resolved them.
    pub fn from_text(
        host: Option<&'a str>,
        service: Option<&'a str>,
        transport: Option<&'a str>,
    ) -> Result<Names<'a>, Failure> {
        let transport = Transport::parse(transport.ok_or(Failure::Protocol)?);
        let service = Service::parse(service.ok_or(Failure::Service { named: false })?);
        Ok(Names {
            host,
            service,
            transport,
        })
    }
}

/// How a client connects.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientOptions {
    /// Added to the port of a named service (SOCKSHIM_PORTBASE).
    pub base: u16,
    /// Bound on each connect attempt; `None` waits as long as the kernel does.
    pub timeout: Option<Duration>,
}

impl ClientOptions {
    /// The knobs' client options: SOCKSHIM_PORTBASE, SOCKSHIM_CONNECT_TIMEOUT_MS.
    pub fn from_knobs() -> ClientOptions {
        let knobs = config::get();
        ClientOptions {
            base: knobs.portbase,
            timeout: knobs.connect_timeout,
        }
    }
}

/// How a passive socket is made.
#[derive(Debug, Clone, Copy)]
pub struct ServerOptions {
    /// Added to the port of a named service (portbase or SOCKSHIM_PORTBASE).
    pub base: u16,
    /// An IPv6 socket that also accepts IPv4 (only when no host is given).
    pub dualstack: bool,
    /// SO_REUSEADDR on stream sockets.
    pub reuse_addr: bool,
    /// Whether "0" asks for an ephemeral port (the textbooks call it an error).
    pub allow_port_zero: bool,
}

impl ServerOptions {
    /// Comer & Stevens' passive sockets (also used by the sockshim_* API):
    /// the port base is the program's own non-zero `portbase`, else
    /// SOCKSHIM_PORTBASE; the other knobs as set.
    pub fn from_knobs() -> ServerOptions {
        let knobs = config::get();
        ServerOptions {
            base: match ffi::portbase_value() {
                0 => knobs.portbase,
                own => own,
            },
            dualstack: knobs.dualstack,
            reuse_addr: knobs.reuseaddr,
            allow_port_zero: false,
        }
    }
}

/// What a passive socket should be.
#[derive(Debug, Clone, Copy)]
pub struct Passive {
    pub addr: SocketAddr,
    pub sock_type: i32,
    pub protocol: i32,
    /// `listen` backlog for stream sockets; `None`: no listen here.
    pub backlog: Option<i32>,
    pub reuse_addr: bool,
    /// For IPv6 addresses: IPV6_V6ONLY on or off, or `None` to keep the
    /// system's default.
    pub v6only: Option<bool>,
}

/// Resolves a transport to its protocol number.
fn protocol_of(transport: Transport) -> Result<i32, Failure> {
    let protocol = transport
        .protocol(&sysdb::protocol_number)
        .ok_or(Failure::Protocol)?;
    trace::line(|| format!("protocol {:?} -> {protocol}", transport.name()));
    Ok(protocol)
}

/// Resolves a service for `transport`, adding `base` to names.
fn port_of(service: Service, transport: Transport, base: u16) -> Result<u16, Failure> {
    let transport = transport.name();
    let port = resolve::service_port(service, transport, base, &sysdb::service_port);
    trace::line(|| match (port, service) {
        (Some(port), Service::Name(name)) => {
            format!("service {name:?}/{transport} -> port {port} (port base {base})")
        }
        (Some(port), Service::Number(_)) => {
            format!("service \"{port}\"/{transport} -> port {port} (port base {base})")
        }
        (None, Service::Name(name)) => format!("service {name:?}/{transport} -> not found"),
        (None, Service::Number(_)) => format!("service number/{transport} -> not a port"),
    });
    port.ok_or(Failure::Service {
        named: service.is_name(),
    })
}

/// Resolves `host` to the addresses to try, in order.
fn addresses_of(host: Option<&str>, datagram: bool) -> Result<Vec<SocketAddr>, Failure> {
    let found =
        host.and_then(|name| resolve::host_addresses(name, datagram, &sysdb::host_addresses));
    trace::line(|| match &found {
        Some(list) => format!(
            "host {:?} -> {}",
            host.unwrap_or(""),
            trace::addresses(list)
        ),
        None => format!("host {:?} -> not found", host.unwrap_or("(null)")),
    });
    found.ok_or(Failure::Host)
}

/// A socket connected to the service on the host over the transport, trying
/// each address of the host in textbook order.  Resolution happens in the
/// textbooks' order (service, host, protocol), so the first error reported
/// is the same.
///
/// An address literal needs no list: that path allocates nothing.
pub fn connect_named(names: &Names, options: &ClientOptions) -> Result<OwnedFd, Failure> {
    let port = port_of(names.service, names.transport, options.base)?;
    let sock_type = names.transport.socket_type();
    let connected = match names.host.and_then(resolve::literal_host) {
        Some(ip) => {
            trace::line(|| format!("host {:?} -> {ip}", names.host.unwrap_or("")));
            let protocol = protocol_of(names.transport)?;
            let only = Candidate::new(SocketAddr::new(ip, port), sock_type, protocol);
            connect_first(std::slice::from_ref(&only), options.timeout)
        }
        None => {
            let mut addrs = addresses_of(names.host, names.transport.is_datagram())?;
            let protocol = protocol_of(names.transport)?;
            addrs.iter_mut().for_each(|addr| addr.set_port(port));
            let candidates: Vec<Candidate> = addrs
                .iter()
                .map(|&addr| Candidate::new(addr, sock_type, protocol))
                .collect();
            connect_first(&candidates, options.timeout)
        }
    };
    connected.map_err(|errors| Failure::Call(textbook_error(errors)))
}

/// Creates a socket for a candidate and connects it, within `timeout` if given.
fn connect_one(candidate: &Candidate, timeout: Option<Duration>) -> Result<OwnedFd, CallError> {
    let Candidate {
        addr,
        sock_type,
        protocol,
        ..
    } = *candidate;
    let family = socket::family_of(&addr);
    let fd = socket::open(family, sock_type, protocol);
    trace::line(|| {
        let name = (trace::family_name(family), trace::type_name(sock_type));
        format!(
            "socket({}, {}, {protocol}) -> {}",
            name.0,
            name.1,
            trace::outcome(&fd)
        )
    });
    let fd = fd.map_err(CallError::at(Call::Socket, addr))?;
    let connected = match timeout {
        Some(limit) => socket::connect_timeout(&fd, &addr, limit),
        None => socket::connect(&fd, &addr),
    };
    trace::line(|| format!("connect to {addr} -> {}", trace::outcome(&connected)));
    connected
        .map(|()| fd)
        .map_err(CallError::at(Call::Connect, addr))
}

/// Connects to the first candidate that accepts, in order.  When none
/// does, every attempt's error comes back, in order (never empty: no
/// candidate at all is one EHOSTUNREACH).
pub fn connect_first(
    candidates: &[Candidate],
    timeout: Option<Duration>,
) -> Result<OwnedFd, Vec<CallError>> {
    let mut errors = Vec::new();
    for candidate in candidates {
        match connect_one(candidate, timeout) {
            Ok(fd) => return Ok(fd),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        errors.push(CallError {
            call: Call::Connect,
            error: io::Error::from_raw_os_error(libc::EHOSTUNREACH),
            addr: None,
        });
    }
    Err(errors)
}

/// The error a getaddrinfo layer's loop leaves in errno when no address
/// worked: the last attempt's, as the books' loops leave it, passing over
/// an attempt at ::1 that found no IPv6 loopback on this host (connect:
/// EADDRNOTAVAIL; socket: EAFNOSUPPORT) when an earlier one failed
/// otherwise.  sockshim answers "localhost" with 127.0.0.1 and ::1 itself;
/// on such a host the C library's answer would not have held ::1
/// (AI_ADDRCONFIG, or an /etc/hosts without it), and the book reported the
/// IPv4 attempt's error, e.g. "Connection refused".
pub fn last_attempt_error(errors: &[CallError]) -> Option<&CallError> {
    let no_ipv6_loopback = |e: &&CallError| {
        e.addr
            .is_some_and(|addr| addr.ip() == IpAddr::V6(Ipv6Addr::LOCALHOST))
            && matches!(
                (e.call, e.error.raw_os_error()),
                (Call::Connect, Some(libc::EADDRNOTAVAIL))
                    | (Call::Socket, Some(libc::EAFNOSUPPORT))
            )
    };
    errors
        .iter()
        .rev()
        .find(|e| !no_ipv6_loopback(e))
        .or(errors.last())
}

/// The error a textbook client reports when no address connected: the first
/// connect error (the IPv4 one the textbook would have seen), or the first
/// socket error if no socket could be created at all.
pub fn textbook_error(errors: Vec<CallError>) -> CallError {
    let mut chosen: Option<CallError> = None;
    for e in errors {
        let better = match &chosen {
            None => true,
            Some(seen) => seen.call == Call::Socket && e.call == Call::Connect,
        };
        if better {
            chosen = Some(e);
        }
    }
    chosen.expect("connect_first reports at least one error")
}

/// A passive socket for the service over the transport, bound to the host
/// (or, for `None`, to every local IPv4 address, or IPv6 and IPv4 in
/// dual-stack mode).
pub fn passive_named(
    names: &Names,
    qlen: i32,
    options: &ServerOptions,
) -> Result<OwnedFd, Failure> {
    let port = if options.allow_port_zero && names.service.is_zero() {
        0
    } else {
        port_of(names.service, names.transport, options.base)?
    };
    let dualstack = names.host.is_none() && options.dualstack;
    let addr = match names.host {
        None => socket::any_address(dualstack, port),
        Some(name) => {
            let mut first = addresses_of(Some(name), false)?[0];
            first.set_port(port);
            first
        }
    };
    let protocol = protocol_of(names.transport)?;
    let sock_type = names.transport.socket_type();
    let stream = sock_type == libc::SOCK_STREAM;
    let spec = Passive {
        addr,
        sock_type,
        protocol,
        backlog: stream.then_some(qlen),
        reuse_addr: stream && options.reuse_addr,
        v6only: Some(!dualstack),
    };
    open_passive(&spec).map_err(Failure::Call)
}

/// socket, SO_REUSEADDR if asked, bind, and listen if asked.  A dual-stack
/// socket on a system without IPv6 falls back to IPv4.
pub fn open_passive(spec: &Passive) -> Result<OwnedFd, CallError> {
    match open_passive_once(spec) {
        Err(e)
            if spec.v6only == Some(false)
                && e.call == Call::Socket
                && e.error.raw_os_error() == Some(libc::EAFNOSUPPORT) =>
        {
            let v4 = Passive {
                addr: socket::any_address(false, spec.addr.port()),
                v6only: None,
                ..*spec
            };
            open_passive_once(&v4)
        }
        other => other,
    }
}

/// Says once per process, on stderr, that a dual-stack UDP socket answers
/// IPv4 clients from IPv4-mapped IPv6 addresses, which a program that
/// receives into a `struct sockaddr_in` cannot reply to.
fn warn_dualstack_udp() {
    // An atomic flag, not a lock: nothing to wait for, also after fork.
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        crate::stdio::print_stderr(
            "sockshim: SOCKSHIM_DUALSTACK=1 makes this UDP socket IPv6: a program that \
             receives into a struct sockaddr_in cannot reply to its clients (unset it for UDP servers)",
        )
    }
}

fn open_passive_once(spec: &Passive) -> Result<OwnedFd, CallError> {
    let addr = spec.addr;
    if spec.sock_type == libc::SOCK_DGRAM && addr.is_ipv6() && spec.v6only == Some(false) {
        warn_dualstack_udp();
    }
    let family = socket::family_of(&addr);
    let fd = socket::open(family, spec.sock_type, spec.protocol);
    trace::line(|| {
        let name = (trace::family_name(family), trace::type_name(spec.sock_type));
        format!(
            "socket({}, {}, {}) -> {}",
            name.0,
            name.1,
            spec.protocol,
            trace::outcome(&fd)
        )
    });
    let fd = fd.map_err(CallError::at(Call::Socket, addr))?;
    bind_passive(fd, spec)
}

/// The rest of [`open_passive_once`] on its socket: the options, bind, and
/// listen if asked.
fn bind_passive(fd: OwnedFd, spec: &Passive) -> Result<OwnedFd, CallError> {
    let addr = spec.addr;
    if spec.reuse_addr {
        socket::set_reuseaddr(&fd).map_err(CallError::at(Call::Bind, addr))?;
    }
    if let (true, Some(only)) = (addr.is_ipv6(), spec.v6only) {
        socket::set_v6only(&fd, only).map_err(CallError::at(Call::Bind, addr))?;
    }
    let bound = socket::bind(&fd, &addr);
    trace::line(|| format!("bind to {addr} -> {}", trace::outcome(&bound)));
    bound.map_err(CallError::at(Call::Bind, addr))?;
    if let Some(backlog) = spec.backlog {
        listen(&fd, backlog).map_err(CallError::at(Call::Listen, addr))?;
    }
    Ok(fd)
}

/// A stream socket listening on 0.0.0.0:`port` (SO_REUSEADDR if asked),
/// made without a lookup when it is what a passive AI_ADDRCONFIG lookup,
/// IPv4 first, would try first: when this host has an IPv4 address other
/// than 127.0.0.1 (the lookup then has 0.0.0.0), asked through the new
/// socket itself, one ioctl where the C library exchanges netlink messages
/// and probes routes.  `None`, the socket closed, when the host has no such
/// address or anything fails: the lookup then decides, and reports; also
/// with tracing on (the lookup's trace says what it found) and in dual-stack
/// mode (where [`passive_first`] tries IPv6 wildcards first).
pub fn listen_on_ipv4_wildcard(port: u16, backlog: i32, reuse_addr: bool) -> Option<OwnedFd> {
    let knobs = config::get();
    if knobs.trace || knobs.dualstack {
        return None;
    }
    let fd = socket::open(libc::AF_INET, libc::SOCK_STREAM, libc::IPPROTO_TCP).ok()?;
    if socket::has_ipv4_address(&fd) != Some(true) {
        return None;
    }
    let spec = Passive {
        addr: socket::any_address(false, port),
        sock_type: libc::SOCK_STREAM,
        protocol: libc::IPPROTO_TCP,
        backlog: Some(backlog),
        reuse_addr,
        v6only: None,
    };
    bind_passive(fd, &spec).ok()
}

/// The backlog to listen with when a program asks for `asked`: at least
/// SOMAXCONN (the kernel caps it at net.core.somaxconn), because a burst of
/// clients overflowing a textbook backlog of 5 gets connections reset,
/// while a longer queue only serves them; SOCKSHIM_RAISE_BACKLOG=0 keeps
/// the program's value (for teaching listen-queue behaviour).  A negative
/// value stays as asked: listen(2) takes it as the largest backlog.
pub fn backlog_for(asked: i32, raise: bool) -> i32 {
    if raise && asked >= 0 {
        asked.max(libc::SOMAXCONN)
    } else {
        asked
    }
}

/// listen(2) with the library's backlog (see [`backlog_for`]), traced.
pub fn listen(fd: &OwnedFd, asked: i32) -> io::Result<()> {
    let backlog = backlog_for(asked, config::get().raise_backlog);
    let listening = socket::listen(fd, backlog);
    trace::line(|| match backlog == asked {
        true => format!("listen backlog {backlog} -> {}", trace::outcome(&listening)),
        false => format!(
            "listen backlog {asked} (raised to {backlog}) -> {}",
            trace::outcome(&listening)
        ),
    });
    listening
}

/// Binds (and, with `backlog`, listens on) the first candidate that works,
/// in order.  Each candidate gets SO_REUSEADDR when `reuse_addr` and it is a
/// stream socket; IPv6 candidates keep the system's IPV6_V6ONLY default
/// unless `dualstack` (SOCKSHIM_DUALSTACK=1), which turns it off and tries
/// IPv6 wildcards first.  When none works, every attempt's error comes back.
pub fn passive_first(
    candidates: &[Candidate],
    backlog: Option<i32>,
    reuse_addr: bool,
    dualstack: bool,
) -> Result<OwnedFd, Vec<CallError>> {
    // In dual-stack mode the IPv6 wildcards first, each group in order.
    let first = |c: &&Candidate| dualstack && c.addr.is_ipv6() && c.addr.ip().is_unspecified();
    let rest = |c: &&Candidate| !first(c);
    let order = candidates
        .iter()
        .filter(first)
        .chain(candidates.iter().filter(rest));
    let mut errors = Vec::new();
    for candidate in order {
        let stream = candidate.sock_type == libc::SOCK_STREAM;
        let spec = Passive {
            addr: candidate.addr,
            sock_type: candidate.sock_type,
            protocol: candidate.protocol,
            backlog: backlog.filter(|_| stream),
            reuse_addr: reuse_addr && stream,
            v6only: dualstack.then_some(false),
        };
        match open_passive_once(&spec) {
            Ok(fd) => return Ok(fd),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        errors.push(CallError {
            call: Call::Bind,
            error: io::Error::from_raw_os_error(libc::EADDRNOTAVAIL),
            addr: None,
        });
    }
    Err(errors)
}

/// Accepts one connection; returns the new descriptor and the peer's address.
pub fn accept_client(listener: RawFd) -> io::Result<(OwnedFd, Option<SocketAddr>)> {
    socket::accept(listener)
}

/// How a client address is shown: IPv4 (also IPv4-mapped IPv6) as a dotted
/// quad, IPv6 in its usual text form.
pub fn client_text(addr: Option<SocketAddr>) -> String {
    client_ip(addr).to_string()
}

/// The address [`client_text`] shows (0.0.0.0 when there is none).
pub fn client_ip(addr: Option<SocketAddr>) -> IpAddr {
    addr.map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), |a| {
        unmapped(a).ip()
    })
}

/// An IPv4-mapped IPv6 address (a dual-stack socket's IPv4 peer) as the
/// plain IPv4 address it stands for; any other address as it is.
pub fn unmapped(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => SocketAddr::new(IpAddr::V4(v4), addr.port()),
            None => addr,
        },
        IpAddr::V4(_) => addr,
    }
}

/// Size of the echo buffer: large enough to keep up with a raw 64 KiB loop.
pub const ECHO_BUFFER: usize = 128 * 1024;

/// Size of the first echo buffer, on the stack: what an exchange of lines or
/// requests needs, without touching the heap.
pub(crate) const SMALL_ECHO_BUFFER: usize = 2048;

/// How an echo session ended.
#[derive(Debug)]
pub enum EchoEnd {
    /// The peer closed or reset the connection: this connection is over.
    PeerGone,
    /// recv failed otherwise.
    Recv(io::Error),
    /// send failed otherwise.
    Send(io::Error),
}

/// Echoes every byte received on `fd` back to it until the peer goes away.
/// Small exchanges go through a buffer on the stack; the first receive that
/// fills it brings in the large buffer (allocated, not zeroed), so a bulk
/// transfer keeps up with a raw loop while a short session (a forked
/// child's, say) never touches the heap.
pub fn echo_until_closed(fd: RawFd) -> EchoEnd {
    let mut small = [std::mem::MaybeUninit::<u8>::uninit(); SMALL_ECHO_BUFFER];
    let mut large: Vec<u8> = Vec::new();
    loop {
        let space = match large.capacity() {
            0 => &mut small[..],
            _ => large.spare_capacity_mut(),
        };
        let got = match socket::recv_uninit(fd, space) {
            Ok([]) => return EchoEnd::PeerGone,
            Ok(bytes) => bytes,
            Err(e) if peer_gone(&e) => return EchoEnd::PeerGone,
            Err(e) => return EchoEnd::Recv(e),
        };
        let filled = got.len() == SMALL_ECHO_BUFFER;
        match socket::send_all(fd, got) {
            Ok(()) => {}
            Err(e) if peer_gone(&e) => return EchoEnd::PeerGone,
            Err(e) => return EchoEnd::Send(e),
        }
        if filled && large.capacity() == 0 {
            large = Vec::with_capacity(ECHO_BUFFER);
        }
    }
}

/// Errors that mean the peer closed or reset the connection.
pub fn peer_gone(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::ECONNRESET | libc::EPIPE | libc::ETIMEDOUT)
    )
}

/// The port a socket is bound to (for tests and callers that bound port 0).
pub fn local_port(fd: &OwnedFd) -> io::Result<u16> {
    socket::local_addr(fd.as_raw_fd())?
        .map(|addr| addr.port())
        .ok_or_else(|| io::Error::from_raw_os_error(libc::EAFNOSUPPORT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passive_first_tries_ipv6_wildcards_first_only_in_dual_stack_mode() {
        let stream = |text: &str| {
            Candidate::new(text.parse().unwrap(), libc::SOCK_STREAM, libc::IPPROTO_TCP)
        };
        let list = [stream("127.0.0.1:0"), stream("0.0.0.0:0"), stream("[::]:0")];
        let bound = |dualstack| {
            let fd = passive_first(&list, Some(5), true, dualstack).unwrap();
            socket::local_addr(fd.as_raw_fd()).unwrap().unwrap().ip()
        };
        assert_eq!(bound(false), "127.0.0.1".parse::<IpAddr>().unwrap());
        if socket::open(libc::AF_INET6, libc::SOCK_STREAM, 0).is_ok() {
            assert_eq!(bound(true), "::".parse::<IpAddr>().unwrap());
        }
    }

    #[test]
    fn echo_returns_every_byte_across_the_switch_to_the_large_buffer() {
        use std::io::{Read, Write};
        use std::os::unix::net::UnixStream;
        let (mut client, server) = UnixStream::pair().unwrap();
        let echo = std::thread::spawn(move || {
            let end = echo_until_closed(server.as_raw_fd());
            drop(server);
            end
        });
        let mut data = Vec::new();
        for (i, size) in [1, SMALL_ECHO_BUFFER - 1, SMALL_ECHO_BUFFER, 1, 300_000]
            .into_iter()
            .enumerate()
        {
            data.extend((0..size).map(|n| (n * 7 + i) as u8));
        }
        let mut writer = client.try_clone().unwrap();
        let sent = data.clone();
        let send = std::thread::spawn(move || {
            writer.write_all(&sent).unwrap();
            writer.shutdown(std::net::Shutdown::Write).unwrap();
        });
        let mut back = Vec::new();
        client.read_to_end(&mut back).unwrap();
        send.join().unwrap();
        assert!(matches!(echo.join().unwrap(), EchoEnd::PeerGone));
        assert!(back == data, "{} bytes back of {}", back.len(), data.len());
    }

    const CLIENT: ClientOptions = ClientOptions {
        base: 0,
        timeout: None,
    };
    const API: ServerOptions = ServerOptions {
        base: 0,
        dualstack: false,
        reuse_addr: true,
        allow_port_zero: true,
    };
    const TEXTBOOK: ServerOptions = ServerOptions {
        allow_port_zero: false,
        ..API
    };

    /// connect_named from text arguments, as a layer calls it.
    fn connect_text(
        host: Option<&str>,
        service: Option<&str>,
        transport: Option<&str>,
        options: &ClientOptions,
    ) -> Result<OwnedFd, Failure> {
        connect_named(&Names::from_text(host, service, transport)?, options)
    }

    /// passive_named from text arguments, as a layer calls it.
    fn passive_text(
        host: Option<&str>,
        service: Option<&str>,
        transport: Option<&str>,
        qlen: i32,
        options: &ServerOptions,
    ) -> Result<OwnedFd, Failure> {
        passive_named(&Names::from_text(host, service, transport)?, qlen, options)
    }

    fn listener() -> (OwnedFd, u16) {
        let fd = passive_text(Some("127.0.0.1"), Some("0"), Some("tcp"), 5, &API).unwrap();
        let port = local_port(&fd).unwrap();
        (fd, port)
    }

    fn kind(result: Result<OwnedFd, Failure>) -> String {
        format!("{:?}", result.err())
            .split(['(', ')', ' ', '{'])
            .nth(1)
            .unwrap_or("")
            .to_string()
    }

    #[test]
    fn connects_by_name_and_number_with_and_without_timeout() {
        let (_server, port) = listener();
        let service = port.to_string();
        assert!(connect_text(Some("127.0.0.1"), Some(&service), Some("tcp"), &CLIENT).is_ok());
        let spaced = format!(" {port}\n");
        assert!(connect_text(Some(" localhost\n"), Some(&spaced), Some("tcp"), &CLIENT).is_ok());
        let bounded = ClientOptions {
            timeout: Some(Duration::from_secs(5)),
            ..CLIENT
        };
        assert!(connect_text(Some("localhost"), Some(&service), Some("tcp"), &bounded).is_ok());
    }

    #[test]
    fn failures_name_the_step_in_textbook_order() {
        let (_server, port) = listener();
        let service = port.to_string();
        let s = Some(service.as_str());
        let lo = Some("127.0.0.1");
        assert_eq!(
            kind(connect_text(lo, Some("80abc"), Some("tcp"), &CLIENT)),
            "Service"
        );
        assert_eq!(kind(connect_text(None, s, Some("tcp"), &CLIENT)), "Host");
        assert_eq!(
            kind(connect_text(
                Some("no-such-host.invalid"),
                s,
                Some("tcp"),
                &CLIENT
            )),
            "Host"
        );
        assert_eq!(
            kind(connect_text(lo, s, Some("nosuchproto"), &CLIENT)),
            "Protocol"
        );
        assert_eq!(kind(connect_text(lo, s, None, &CLIENT)), "Protocol");
        assert_eq!(
            kind(connect_text(lo, Some("echo"), Some("nosuchproto"), &CLIENT)),
            "Service"
        );
    }

    #[test]
    fn failures_map_to_errno_for_the_non_exiting_api() {
        let errno = |service| {
            connect_text(Some("127.0.0.1"), service, Some("tcp"), &CLIENT)
                .unwrap_err()
                .errno()
        };
        assert_eq!(errno(Some("65536")), libc::EINVAL);
        assert_eq!(errno(Some(" 0\n")), libc::EINVAL);
        assert_eq!(errno(Some("80abc")), libc::ENOENT);
        assert_eq!(errno(Some("nosuchservice")), libc::ENOENT);
        assert_eq!(errno(None), libc::EINVAL);
        let host = connect_text(None, Some("echo"), Some("tcp"), &CLIENT);
        assert_eq!(host.unwrap_err().errno(), libc::ENOENT);
        let protocol = connect_text(Some("127.0.0.1"), Some("7"), None, &CLIENT);
        assert_eq!(protocol.unwrap_err().errno(), libc::EINVAL);
    }

    #[test]
    fn refused_connect_reports_connect_with_errno_and_address() {
        let port = listener().1;
        match connect_text(
            Some("127.0.0.1"),
            Some(&port.to_string()),
            Some("tcp"),
            &CLIENT,
        ) {
            Err(Failure::Call(e)) => {
                assert_eq!(e.call, Call::Connect);
                assert_eq!(e.error.raw_os_error(), Some(libc::ECONNREFUSED));
                assert_eq!(e.addr, Some(SocketAddr::from(([127, 0, 0, 1], port))));
            }
            other => panic!("expected a refused connect, got {other:?}"),
        }
    }

    #[test]
    fn tries_every_address_until_one_answers() {
        let (_server, port) = listener();
        let dead: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let live: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let tcp = |addr| Candidate::new(addr, libc::SOCK_STREAM, libc::IPPROTO_TCP);
        assert!(connect_first(&[tcp(dead), tcp(live)], None).is_ok());
        let err = textbook_error(connect_first(&[tcp(dead)], None).unwrap_err());
        assert_eq!(err.call, Call::Connect);
    }

    #[test]
    fn port_zero_is_an_error_for_textbooks_and_ephemeral_for_the_api() {
        assert_eq!(
            kind(passive_text(None, Some("0"), Some("tcp"), 5, &TEXTBOOK)),
            "Service"
        );
        let fd = passive_text(None, Some("0"), Some("udp"), 0, &API).unwrap();
        assert_ne!(local_port(&fd).unwrap(), 0);
    }

    #[test]
    fn backlogs_are_raised_to_somaxconn_unless_kept() {
        assert_eq!(backlog_for(5, true), libc::SOMAXCONN);
        assert_eq!(backlog_for(100_000, true), 100_000);
        assert_eq!(backlog_for(5, false), 5);
        assert_eq!(backlog_for(-1, true), -1);
    }

    #[test]
    fn the_last_attempts_error_passes_over_a_missing_ipv6_loopback() {
        let attempt = |call, errno, addr: &str| CallError {
            call,
            error: io::Error::from_raw_os_error(errno),
            addr: Some(addr.parse().unwrap()),
        };
        let refused = || attempt(Call::Connect, libc::ECONNREFUSED, "127.0.0.1:9");
        let timed_out = || attempt(Call::Connect, libc::ETIMEDOUT, "127.0.0.1:9");
        let no_v6 = || attempt(Call::Connect, libc::EADDRNOTAVAIL, "[::1]:9");
        let no_inet6 = || attempt(Call::Socket, libc::EAFNOSUPPORT, "[::1]:9");
        let v6_refused = || attempt(Call::Connect, libc::ECONNRESET, "[::1]:9");
        let not_here = || attempt(Call::Connect, libc::EADDRNOTAVAIL, "[2001:db8::1]:9");
        let cases = [
            // Passed over: ::1 missing, after an IPv4 error.
            (vec![refused(), no_v6()], libc::ECONNREFUSED),
            (vec![refused(), no_inet6()], libc::ECONNREFUSED),
            // Kept: the last error whenever ::1 answered, or was alone,
            // or the address was not the loopback.
            (vec![refused(), v6_refused()], libc::ECONNRESET),
            (vec![no_v6()], libc::EADDRNOTAVAIL),
            (vec![timed_out(), not_here()], libc::EADDRNOTAVAIL),
        ];
        for (errors, expected) in cases {
            let chosen = last_attempt_error(&errors).and_then(|e| e.error.raw_os_error());
            assert_eq!(chosen, Some(expected), "{errors:?}");
        }
        assert!(last_attempt_error(&[]).is_none());
    }

    #[test]
    fn negative_backlog_listens_as_listen_2_takes_it() {
        let fd = passive_text(None, Some("0"), Some("tcp"), -1, &API).unwrap();
        let port = local_port(&fd).unwrap();
        let client = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let (accepted, _) = socket::accept(fd.as_raw_fd()).unwrap();
        assert_eq!(
            local_port(&accepted).unwrap(),
            client.peer_addr().unwrap().port()
        );
    }

    #[test]
    fn dualstack_sockets_are_ipv6_and_accept_ipv4() {
        let dual = ServerOptions {
            dualstack: true,
            ..API
        };
        let fd = passive_text(None, Some("0"), Some("tcp"), 5, &dual).unwrap();
        let addr = socket::local_addr(fd.as_raw_fd()).unwrap().unwrap();
        if socket::open(libc::AF_INET6, libc::SOCK_STREAM, 0).is_err() {
            eprintln!("SKIPPED: this system has no IPv6; only the IPv4 fallback was tested");
            assert!(addr.is_ipv4());
            return;
        }
        assert!(addr.is_ipv6(), "a dual-stack socket must be IPv6: {addr}");
        let v4 = SocketAddr::from(([127, 0, 0, 1], addr.port()));
        let tcp = Candidate::new(v4, libc::SOCK_STREAM, libc::IPPROTO_TCP);
        assert!(connect_first(&[tcp], None).is_ok());
        let (_conn, peer) = accept_client(fd.as_raw_fd()).unwrap();
        assert_eq!(client_text(peer), "127.0.0.1");
    }

    #[test]
    fn client_addresses_print_as_the_textbook_did() {
        assert_eq!(client_text(Some("10.1.2.3:5".parse().unwrap())), "10.1.2.3");
        assert_eq!(
            client_text(Some("[::ffff:10.1.2.3]:5".parse().unwrap())),
            "10.1.2.3"
        );
        assert_eq!(
            client_text(Some("[2001:db8::1]:5".parse().unwrap())),
            "2001:db8::1"
        );
    }
}
