//! The core both textbook layers share: open a connected or a passive socket
//! from names, trying every address in order, with owned descriptors that
//! are closed on every error path.  Failures say which step failed and keep
//! that call's errno; each layer maps them to its own messages.

use crate::{resolve, socket, sysdb, trace};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::time::Duration;

/// The system call that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Socket,
    Connect,
    Bind,
    Listen,
}

/// A failed system call, its errno, and the address it was about.
#[derive(Debug)]
pub struct StepError {
    pub step: Step,
    pub error: io::Error,
    pub addr: Option<SocketAddr>,
}

impl StepError {
    fn at(step: Step, addr: SocketAddr) -> impl FnOnce(io::Error) -> StepError {
        move |error| StepError {
            step,
            error,
            addr: Some(addr),
        }
    }
}

/// Why a socket could not be opened from names.
#[derive(Debug)]
pub enum Failure {
    /// The service is not a known name nor a port in 1..=65535.
    Service,
    /// The host name is empty, too long or unknown.
    Host,
    /// The transport is not a known protocol.
    Protocol,
    /// A system call failed.
    Call(StepError),
}

impl Failure {
    /// The errno this failure stands for, for callers that report by errno:
    /// EINVAL for a port number out of range or a bad transport, ENOENT for
    /// a name that is not known (a service name may start with a digit).
    pub fn errno(&self, service: Option<&str>) -> i32 {
        match self {
            Failure::Call(call) => call.error.raw_os_error().unwrap_or(libc::EIO),
            Failure::Service if service.is_some_and(resolve::looks_like_name) => libc::ENOENT,
            Failure::Host => libc::ENOENT,
            Failure::Service | Failure::Protocol => libc::EINVAL,
        }
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

/// What a passive socket should be.
#[derive(Debug, Clone, Copy)]
pub struct Passive {
    pub addr: SocketAddr,
    pub sock_type: i32,
    pub protocol: i32,
    /// `listen` backlog for stream sockets; `None` for datagram sockets.
    pub backlog: Option<i32>,
    pub reuse_addr: bool,
    /// For IPv6 addresses: accept IPv4 too (IPV6_V6ONLY off).
    pub dualstack: bool,
}

/// Resolves `transport` to (socket type, protocol number).
fn transport_of(transport: Option<&str>) -> Result<(i32, i32), Failure> {
    let name = transport.ok_or(Failure::Protocol)?;
    let protocol =
        resolve::protocol_number(name, &sysdb::protocol_number).ok_or(Failure::Protocol)?;
    trace::line(|| format!("protocol \"{name}\" -> {protocol}"));
    Ok((resolve::socket_type(name), protocol))
}

/// Resolves a service name or number for `transport`, adding `base` to names.
fn port_of(service: Option<&str>, transport: Option<&str>, base: u16) -> Result<u16, Failure> {
    let (service, transport) = (service.ok_or(Failure::Service)?, transport.unwrap_or(""));
    let port = resolve::service_port(service, transport, base, &sysdb::service_port);
    trace::line(|| match port {
        Some(port) => {
            format!("service \"{service}\"/{transport} -> port {port} (port base {base})")
        }
        None => format!("service \"{service}\"/{transport} -> not found"),
    });
    port.ok_or(Failure::Service)
}

/// Resolves `host` to the addresses to try, in order.
fn addresses_of(host: Option<&str>, datagram: bool) -> Result<Vec<SocketAddr>, Failure> {
    let found =
        host.and_then(|name| resolve::host_addresses(name, datagram, &sysdb::host_addresses));
    trace::line(|| match &found {
        Some(list) => format!(
            "host \"{}\" -> {}",
            host.unwrap_or(""),
            trace::addresses(list)
        ),
        None => format!("host \"{}\" -> not found", host.unwrap_or("(null)")),
    });
    found.ok_or(Failure::Host)
}

/// A socket connected to `service` on `host` over `transport`, trying each
/// address of the host in textbook order.  Resolution happens in the
/// textbooks' order (service, host, protocol), so the first error reported is
/// the same; a NULL transport is reported first.
pub fn connect_named(
    host: Option<&str>,
    service: Option<&str>,
    transport: Option<&str>,
    options: &ClientOptions,
) -> Result<OwnedFd, Failure> {
    transport.ok_or(Failure::Protocol)?;
    let port = port_of(service, transport, options.base)?;
    let mut addrs = addresses_of(host, transport == Some("udp"))?;
    let (sock_type, protocol) = transport_of(transport)?;
    addrs.iter_mut().for_each(|addr| addr.set_port(port));
    connect_any(&addrs, sock_type, protocol, options.timeout).map_err(Failure::Call)
}

/// Creates a socket for `addr` and connects it, within `timeout` if given.
fn connect_one(
    addr: &SocketAddr,
    sock_type: i32,
    protocol: i32,
    timeout: Option<Duration>,
) -> Result<OwnedFd, StepError> {
    let family = socket::family_of(addr);
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
    let fd = fd.map_err(StepError::at(Step::Socket, *addr))?;
    let connected = match timeout {
        Some(limit) => socket::connect_timeout(&fd, addr, limit),
        None => socket::connect(&fd, addr),
    };
    trace::line(|| format!("connect to {addr} -> {}", trace::outcome(&connected)));
    connected
        .map(|()| fd)
        .map_err(StepError::at(Step::Connect, *addr))
}

/// Connects to the first address that accepts.  When none does, the first
/// connect error is reported (it is the IPv4 one the textbook would have
/// seen), or the first socket error if no socket could be created at all.
pub fn connect_any(
    addrs: &[SocketAddr],
    sock_type: i32,
    protocol: i32,
    timeout: Option<Duration>,
) -> Result<OwnedFd, StepError> {
    let mut first_error: Option<StepError> = None;
    for addr in addrs {
        match connect_one(addr, sock_type, protocol, timeout) {
            Ok(fd) => return Ok(fd),
            Err(e) => {
                let better = match &first_error {
                    None => true,
                    Some(seen) => seen.step == Step::Socket && e.step == Step::Connect,
                };
                if better {
                    first_error = Some(e);
                }
            }
        }
    }
    Err(first_error.unwrap_or(StepError {
        step: Step::Connect,
        error: io::Error::from_raw_os_error(libc::EHOSTUNREACH),
        addr: None,
    }))
}

/// A passive socket for `service` over `transport`, bound to `host` (or, for
/// `None`, to every local IPv4 address, or IPv6 and IPv4 in dual-stack mode).
pub fn passive_named(
    host: Option<&str>,
    service: Option<&str>,
    transport: Option<&str>,
    qlen: i32,
    options: &ServerOptions,
) -> Result<OwnedFd, Failure> {
    transport.ok_or(Failure::Protocol)?;
    let zero =
        options.allow_port_zero && service.is_some_and(|s| resolve::parse_number(s) == Some(0));
    let port = if zero {
        0
    } else {
        port_of(service, transport, options.base)?
    };
    let addr = match host {
        None => socket::any_address(options.dualstack, port),
        Some(name) => {
            let mut first = addresses_of(Some(name), false)?[0];
            first.set_port(port);
            first
        }
    };
    let (sock_type, protocol) = transport_of(transport)?;
    let stream = sock_type == libc::SOCK_STREAM;
    let spec = Passive {
        addr,
        sock_type,
        protocol,
        backlog: stream.then_some(qlen),
        reuse_addr: stream && options.reuse_addr,
        dualstack: host.is_none() && options.dualstack,
    };
    open_passive(&spec).map_err(Failure::Call)
}

/// socket, SO_REUSEADDR if asked, bind, and listen for stream sockets.  A
/// dual-stack socket on a system without IPv6 falls back to IPv4.
pub fn open_passive(spec: &Passive) -> Result<OwnedFd, StepError> {
    match open_passive_once(spec) {
        Err(e)
            if spec.dualstack
                && e.step == Step::Socket
                && e.error.raw_os_error() == Some(libc::EAFNOSUPPORT) =>
        {
            let v4 = Passive {
                addr: socket::any_address(false, spec.addr.port()),
                dualstack: false,
                ..*spec
            };
            open_passive_once(&v4)
        }
        other => other,
    }
}

fn open_passive_once(spec: &Passive) -> Result<OwnedFd, StepError> {
    let addr = spec.addr;
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
    let fd = fd.map_err(StepError::at(Step::Socket, addr))?;
    if spec.reuse_addr {
        socket::set_reuseaddr(&fd).map_err(StepError::at(Step::Bind, addr))?;
    }
    if addr.is_ipv6() {
        socket::set_v6only(&fd, !spec.dualstack).map_err(StepError::at(Step::Bind, addr))?;
    }
    let bound = socket::bind(&fd, &addr);
    trace::line(|| format!("bind to {addr} -> {}", trace::outcome(&bound)));
    bound.map_err(StepError::at(Step::Bind, addr))?;
    if let Some(backlog) = spec.backlog {
        let listening = socket::listen(&fd, backlog);
        trace::line(|| format!("listen backlog {backlog} -> {}", trace::outcome(&listening)));
        listening.map_err(StepError::at(Step::Listen, addr))?;
    }
    Ok(fd)
}

/// Accepts one connection; returns the new descriptor and the peer's address.
pub fn accept_client(listener: RawFd) -> io::Result<(OwnedFd, Option<SocketAddr>)> {
    socket::accept(listener)
}

/// How a client address is shown: IPv4 (also IPv4-mapped IPv6) as a dotted
/// quad, IPv6 in its usual text form.
pub fn client_text(addr: Option<SocketAddr>) -> String {
    match addr.map(|a| a.ip()) {
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => v6.to_string(),
        },
        Some(IpAddr::V4(v4)) => v4.to_string(),
        None => "0.0.0.0".to_string(),
    }
}

/// Size of the echo buffer: large enough to keep up with a raw 64 KiB loop.
pub const ECHO_BUFFER: usize = 128 * 1024;

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
pub fn echo_until_closed(fd: RawFd) -> EchoEnd {
    let mut buf = vec![0u8; ECHO_BUFFER];
    loop {
        let got = match socket::recv(fd, &mut buf) {
            Ok(0) => return EchoEnd::PeerGone,
            Ok(n) => n,
            Err(e) if peer_gone(&e) => return EchoEnd::PeerGone,
            Err(e) => return EchoEnd::Recv(e),
        };
        match socket::send_all(fd, &buf[..got]) {
            Ok(()) => {}
            Err(e) if peer_gone(&e) => return EchoEnd::PeerGone,
            Err(e) => return EchoEnd::Send(e),
        }
    }
}

/// Errors that mean the peer closed or reset the connection.
fn peer_gone(error: &io::Error) -> bool {
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

    fn listener() -> (OwnedFd, u16) {
        let fd = passive_named(Some("127.0.0.1"), Some("0"), Some("tcp"), 5, &API).unwrap();
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
        assert!(connect_named(Some("127.0.0.1"), Some(&service), Some("tcp"), &CLIENT).is_ok());
        let spaced = format!(" {port}\n");
        assert!(connect_named(Some(" localhost\n"), Some(&spaced), Some("tcp"), &CLIENT).is_ok());
        let bounded = ClientOptions {
            timeout: Some(Duration::from_secs(5)),
            ..CLIENT
        };
        assert!(connect_named(Some("localhost"), Some(&service), Some("tcp"), &bounded).is_ok());
    }

    #[test]
    fn failures_name_the_step_in_textbook_order() {
        let (_server, port) = listener();
        let service = port.to_string();
        let s = Some(service.as_str());
        let lo = Some("127.0.0.1");
        assert_eq!(
            kind(connect_named(lo, Some("80abc"), Some("tcp"), &CLIENT)),
            "Service"
        );
        assert_eq!(kind(connect_named(None, s, Some("tcp"), &CLIENT)), "Host");
        assert_eq!(
            kind(connect_named(
                Some("no-such-host.invalid"),
                s,
                Some("tcp"),
                &CLIENT
            )),
            "Host"
        );
        assert_eq!(
            kind(connect_named(lo, s, Some("nosuchproto"), &CLIENT)),
            "Protocol"
        );
        assert_eq!(kind(connect_named(lo, s, None, &CLIENT)), "Protocol");
        assert_eq!(
            kind(connect_named(
                lo,
                Some("echo"),
                Some("nosuchproto"),
                &CLIENT
            )),
            "Service"
        );
    }

    #[test]
    fn failures_map_to_errno_for_the_non_exiting_api() {
        assert_eq!(Failure::Service.errno(Some("65536")), libc::EINVAL);
        assert_eq!(Failure::Service.errno(Some(" 0\n")), libc::EINVAL);
        assert_eq!(Failure::Service.errno(Some("80abc")), libc::ENOENT);
        assert_eq!(Failure::Service.errno(Some("nosuchservice")), libc::ENOENT);
        assert_eq!(Failure::Host.errno(None), libc::ENOENT);
        assert_eq!(Failure::Protocol.errno(None), libc::EINVAL);
    }

    #[test]
    fn refused_connect_reports_connect_with_errno_and_address() {
        let port = listener().1;
        match connect_named(
            Some("127.0.0.1"),
            Some(&port.to_string()),
            Some("tcp"),
            &CLIENT,
        ) {
            Err(Failure::Call(e)) => {
                assert_eq!(e.step, Step::Connect);
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
        assert!(connect_any(&[dead, live], libc::SOCK_STREAM, libc::IPPROTO_TCP, None).is_ok());
        let err = connect_any(&[dead], libc::SOCK_STREAM, libc::IPPROTO_TCP, None).unwrap_err();
        assert_eq!(err.step, Step::Connect);
    }

    #[test]
    fn port_zero_is_an_error_for_textbooks_and_ephemeral_for_the_api() {
        assert_eq!(
            kind(passive_named(None, Some("0"), Some("tcp"), 5, &TEXTBOOK)),
            "Service"
        );
        let fd = passive_named(None, Some("0"), Some("udp"), 0, &API).unwrap();
        assert_ne!(local_port(&fd).unwrap(), 0);
    }

    #[test]
    fn negative_backlog_fails_at_listen() {
        match passive_named(None, Some("0"), Some("tcp"), -1, &API) {
            Err(Failure::Call(e)) => assert_eq!(e.step, Step::Listen),
            other => panic!("expected a listen failure, got {other:?}"),
        }
    }

    #[test]
    fn dualstack_sockets_are_ipv6_and_accept_ipv4() {
        let dual = ServerOptions {
            dualstack: true,
            ..API
        };
        let fd = passive_named(None, Some("0"), Some("tcp"), 5, &dual).unwrap();
        let addr = socket::local_addr(fd.as_raw_fd()).unwrap().unwrap();
        if addr.is_ipv6() {
            let v4 = SocketAddr::from(([127, 0, 0, 1], addr.port()));
            assert!(connect_any(&[v4], libc::SOCK_STREAM, libc::IPPROTO_TCP, None).is_ok());
            let (_conn, peer) = accept_client(fd.as_raw_fd()).unwrap();
            assert_eq!(client_text(peer), "127.0.0.1");
        }
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
