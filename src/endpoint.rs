//! The core both textbook layers share: open a connected or a passive socket
//! from names, trying every address in order, with owned descriptors that
//! are closed on every error path.  Failures say which step failed and keep
//! that call's errno; each layer maps them to its own messages.

use crate::{resolve, socket, sysdb};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

/// The system call that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Socket,
    Connect,
    Bind,
    Listen,
}

/// A failed system call and its errno.
#[derive(Debug)]
pub struct StepError {
    pub step: Step,
    pub error: io::Error,
}

impl StepError {
    fn at(step: Step) -> impl FnOnce(io::Error) -> StepError {
        move |error| StepError { step, error }
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

/// What a passive socket should be.
#[derive(Debug, Clone, Copy)]
pub struct Passive {
    pub addr: SocketAddr,
    pub sock_type: i32,
    pub protocol: i32,
    /// `listen` backlog for stream sockets; `None` for datagram sockets.
    pub backlog: Option<i32>,
    pub reuse_addr: bool,
}

/// Resolves `transport` to (socket type, protocol number).
fn transport_of(transport: Option<&str>) -> Result<(i32, i32), Failure> {
    let name = transport.ok_or(Failure::Protocol)?;
    let protocol =
        resolve::protocol_number(name, &sysdb::protocol_number).ok_or(Failure::Protocol)?;
    Ok((resolve::socket_type(name), protocol))
}

/// Resolves a service name or number for `transport`, adding `base` to names.
fn port_of(service: Option<&str>, transport: Option<&str>, base: u16) -> Result<u16, Failure> {
    let (service, transport) = (service.ok_or(Failure::Service)?, transport.unwrap_or(""));
    resolve::service_port(service, transport, base, &sysdb::service_port).ok_or(Failure::Service)
}

/// A socket connected to `service` on `host` over `transport`, trying each
/// address of the host in textbook order.  Resolution happens in the
/// textbooks' order (service, host, protocol), so the first error reported is
/// the same; a NULL transport is reported first.
pub fn connect_named(
    host: Option<&str>,
    service: Option<&str>,
    transport: Option<&str>,
) -> Result<OwnedFd, Failure> {
    transport.ok_or(Failure::Protocol)?;
    let port = port_of(service, transport, 0)?;
    let datagram = transport == Some("udp");
    let mut addrs = host
        .and_then(|name| resolve::host_addresses(name, datagram, &sysdb::host_addresses))
        .ok_or(Failure::Host)?;
    let (sock_type, protocol) = transport_of(transport)?;
    addrs.iter_mut().for_each(|addr| addr.set_port(port));
    connect_any(&addrs, sock_type, protocol).map_err(Failure::Call)
}

/// Connects to the first address that accepts.  When none does, the first
/// connect error is reported (it is the IPv4 one the textbook would have
/// seen), or the first socket error if no socket could be created at all.
pub fn connect_any(
    addrs: &[SocketAddr],
    sock_type: i32,
    protocol: i32,
) -> Result<OwnedFd, StepError> {
    let mut first_error: Option<StepError> = None;
    for addr in addrs {
        let attempt = socket::open(socket::family_of(addr), sock_type, protocol)
            .map_err(StepError::at(Step::Socket))
            .and_then(|fd| {
                socket::connect(&fd, addr)
                    .map(|()| fd)
                    .map_err(StepError::at(Step::Connect))
            });
        match attempt {
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
    }))
}

/// A passive IPv4 socket for `service` over `transport`, bound to every
/// local address; names get `base` added to their port.
pub fn passive_named(
    service: Option<&str>,
    transport: Option<&str>,
    qlen: i32,
    base: u16,
) -> Result<OwnedFd, Failure> {
    transport.ok_or(Failure::Protocol)?;
    let port = port_of(service, transport, base)?;
    let (sock_type, protocol) = transport_of(transport)?;
    let stream = sock_type == libc::SOCK_STREAM;
    open_passive(&Passive {
        addr: socket::any_address(false, port),
        sock_type,
        protocol,
        backlog: stream.then_some(qlen),
        reuse_addr: stream,
    })
    .map_err(Failure::Call)
}

/// socket, SO_REUSEADDR if asked, bind, and listen for stream sockets.
pub fn open_passive(spec: &Passive) -> Result<OwnedFd, StepError> {
    let fd = socket::open(socket::family_of(&spec.addr), spec.sock_type, spec.protocol)
        .map_err(StepError::at(Step::Socket))?;
    if spec.reuse_addr {
        socket::set_reuseaddr(&fd).map_err(StepError::at(Step::Bind))?;
    }
    socket::bind(&fd, &spec.addr).map_err(StepError::at(Step::Bind))?;
    if let Some(backlog) = spec.backlog {
        socket::listen(&fd, backlog).map_err(StepError::at(Step::Listen))?;
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

    fn listener() -> (OwnedFd, u16) {
        let fd = passive_named(Some("0"), Some("tcp"), 5, 0)
            .map(Some)
            .unwrap_or(None);
        assert!(fd.is_none(), "port 0 must be refused");
        let spec = Passive {
            addr: "127.0.0.1:0".parse().unwrap(),
            sock_type: libc::SOCK_STREAM,
            protocol: libc::IPPROTO_TCP,
            backlog: Some(5),
            reuse_addr: true,
        };
        let fd = open_passive(&spec).unwrap();
        let port = local_port(&fd).unwrap();
        (fd, port)
    }

    #[test]
    fn connects_by_name_and_number() {
        let (_server, port) = listener();
        let service = port.to_string();
        assert!(connect_named(Some("127.0.0.1"), Some(&service), Some("tcp")).is_ok());
        assert!(
            connect_named(
                Some(" localhost\n"),
                Some(&format!(" {port}\n")),
                Some("tcp")
            )
            .is_ok()
        );
    }

    #[test]
    fn failures_name_the_step_in_textbook_order() {
        let (_server, port) = listener();
        let service = port.to_string();
        let is = |r: Result<OwnedFd, Failure>, want: &str| {
            let got = format!("{:?}", r.err());
            assert!(got.starts_with(&format!("Some({want}")), "{got} != {want}");
        };
        is(
            connect_named(Some("127.0.0.1"), Some("80abc"), Some("tcp")),
            "Service",
        );
        is(connect_named(None, Some(&service), Some("tcp")), "Host");
        is(
            connect_named(Some("no-such-host.invalid"), Some(&service), Some("tcp")),
            "Host",
        );
        is(
            connect_named(Some("127.0.0.1"), Some(&service), Some("nosuchproto")),
            "Protocol",
        );
        is(
            connect_named(Some("127.0.0.1"), Some(&service), None),
            "Protocol",
        );
        is(
            connect_named(Some("127.0.0.1"), Some("echo"), Some("nosuchproto")),
            "Service",
        );
    }

    #[test]
    fn refused_connect_reports_connect_with_errno() {
        let port = {
            let (_server, port) = listener();
            port
        };
        match connect_named(Some("127.0.0.1"), Some(&port.to_string()), Some("tcp")) {
            Err(Failure::Call(e)) => {
                assert_eq!(e.step, Step::Connect);
                assert_eq!(e.error.raw_os_error(), Some(libc::ECONNREFUSED));
            }
            other => panic!("expected a refused connect, got {other:?}"),
        }
    }

    #[test]
    fn tries_every_address_until_one_answers() {
        let (_server, port) = listener();
        let dead: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let live: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        assert!(connect_any(&[dead, live], libc::SOCK_STREAM, libc::IPPROTO_TCP).is_ok());
        let err = connect_any(&[dead], libc::SOCK_STREAM, libc::IPPROTO_TCP).unwrap_err();
        assert_eq!(err.step, Step::Connect);
    }

    #[test]
    fn negative_backlog_fails_at_listen() {
        let err = passive_named(Some("0"), Some("tcp"), -1, 0).unwrap_err();
        assert!(matches!(err, Failure::Service));
        let spec = Passive {
            addr: "127.0.0.1:0".parse().unwrap(),
            sock_type: libc::SOCK_STREAM,
            protocol: libc::IPPROTO_TCP,
            backlog: Some(-1),
            reuse_addr: true,
        };
        assert_eq!(open_passive(&spec).unwrap_err().step, Step::Listen);
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
