//! SOCKSHIM_EXPLAIN: one or two hint lines after a failure's textbook line,
//! saying what usually causes it and what to try.  Pure: the hints are made
//! from the failure and its inputs, and unit-tested here.

use crate::error::{Call, Failure};
use crate::resolve;
use std::io;
use std::net::SocketAddr;

/// What the program asked for, to make hints concrete.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inputs<'a> {
    pub host: Option<&'a str>,
    pub service: Option<&'a str>,
    /// Whether the service is a name (not a port number).
    pub named: bool,
    /// The port base in effect (portbase or SOCKSHIM_PORTBASE).
    pub base: u16,
}

fn hint(text: impl AsRef<str>) -> String {
    format!("sockshim: hint: {}", text.as_ref())
}

/// Hints for a failure of the shared core.
pub fn for_failure(failure: &Failure, inputs: &Inputs) -> Vec<String> {
    match failure {
        Failure::Service { named } => service_hints(*named, inputs.service),
        Failure::Host => vec![hint(format!(
            "the name \"{}\" does not resolve here: check its spelling and /etc/hosts, or give an address such as 127.0.0.1",
            inputs.host.unwrap_or("(null)")
        ))],
        Failure::Protocol => vec![hint("the transport must be \"tcp\" or \"udp\"")],
        Failure::Call(call) => for_call(call.call, &call.error, call.addr, inputs),
    }
}

fn service_hints(named: bool, service: Option<&str>) -> Vec<String> {
    match service {
        Some(name) if named => vec![hint(format!(
            "\"{}\" is not a service name this system knows (/etc/services) nor a port number: give the port as a number, 1 to 65535",
            resolve::trim(name)
        ))],
        _ => vec![hint("a port is a whole number from 1 to 65535")],
    }
}

/// Hints for a failed system call.
pub fn for_call(
    call: Call,
    error: &io::Error,
    addr: Option<SocketAddr>,
    inputs: &Inputs,
) -> Vec<String> {
    let errno = error.raw_os_error().unwrap_or(0);
    let place = addr.map_or_else(|| "there".to_string(), |a| a.to_string());
    let named = inputs.named;
    let ipv6 = addr.is_some_and(|a| a.is_ipv6());
    let mut hints = Vec::new();
    match (call, errno) {
        (_, libc::EMFILE | libc::ENFILE) => {
            hints.push(hint("the process has run out of file descriptors: close the sockets you are done with (see ulimit -n)"))
        }
        (Call::Socket, libc::EAFNOSUPPORT) => hints.push(hint("this system does not support that address family (is IPv6 disabled?)")),
        (Call::Socket, libc::EPROTONOSUPPORT | libc::ESOCKTNOSUPPORT | libc::EPROTOTYPE) => {
            hints.push(hint("that transport does not fit a socket type: use \"tcp\" or \"udp\""))
        }
        (Call::Connect, libc::ECONNREFUSED) => {
            hints.push(hint(format!("nothing listens on {place}: is the server running, and on this port?")));
            if ipv6 {
                hints.push(hint("textbook servers listen on IPv4 only: connect to 127.0.0.1, or start the server with SOCKSHIM_DUALSTACK=1"));
            } else if named && inputs.base == 0 {
                hints.push(hint("a server started without root may listen on a shifted port: set the same SOCKSHIM_PORTBASE for server and client"));
            }
        }
        (Call::Connect, libc::ETIMEDOUT) => hints.push(hint(format!(
            "no answer from {place} in time: a wrong address, a firewall that drops packets, or a server too busy to accept"
        ))),
        (Call::Connect, libc::ENETUNREACH | libc::EHOSTUNREACH | libc::EADDRNOTAVAIL) if ipv6 => {
            hints.push(hint("this host cannot reach that IPv6 address: use an IPv4 address or a name that has one"))
        }
        (Call::Connect, libc::ENETUNREACH | libc::EHOSTUNREACH) => hints.push(hint(format!("no route to {place}: check the address"))),
        (Call::Bind, libc::EACCES) if addr.is_some_and(|a| a.port() < 1024) => {
            hints.push(hint("ports below 1024 need root: use a port of 1024 or more"));
            hints.push(hint("or set SOCKSHIM_PORTBASE (e.g. 10000) for server and client to shift every named service"));
        }
        (Call::Bind, libc::EADDRINUSE) => hints.push(hint(format!(
            "another program (or another run of this one) holds port {}: stop it, or choose another port",
            addr.map_or(0, |a| a.port())
        ))),
        (Call::Bind, libc::EADDRNOTAVAIL) => hints.push(hint("that address is not one of this host's")),
        (Call::Listen, libc::EINVAL) => hints.push(hint("the queue length (qlen) must not be negative")),
        (Call::Accept, libc::EBADF | libc::ENOTSOCK | libc::EINVAL | libc::EOPNOTSUPP) => {
            hints.push(hint("accept needs the listening socket that CreateTCPServerSocket or passiveTCP returned"))
        }
        (Call::Recv | Call::Send, libc::EBADF | libc::ENOTSOCK | libc::ENOTCONN) => {
            hints.push(hint("HandleTCPClient needs a connected socket, as AcceptTCPConnection returns"))
        }
        _ => {}
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CallError;

    fn call_failure(call: Call, errno: i32, addr: &str) -> Failure {
        Failure::Call(CallError {
            call,
            error: io::Error::from_raw_os_error(errno),
            addr: addr.parse().ok(),
        })
    }

    #[test]
    fn refused_connect_asks_whether_the_server_runs() {
        let inputs = Inputs {
            host: Some("localhost"),
            service: Some("daytime"),
            named: true,
            base: 0,
        };
        let hints = for_failure(
            &call_failure(Call::Connect, libc::ECONNREFUSED, "127.0.0.1:13"),
            &inputs,
        );
        assert_eq!(
            hints[0],
            "sockshim: hint: nothing listens on 127.0.0.1:13: is the server running, and on this port?"
        );
        assert!(hints[1].contains("SOCKSHIM_PORTBASE"), "{hints:?}");
        let numeric = Inputs {
            service: Some("13"),
            named: false,
            ..inputs
        };
        assert_eq!(
            for_failure(
                &call_failure(Call::Connect, libc::ECONNREFUSED, "127.0.0.1:13"),
                &numeric
            )
            .len(),
            1
        );
    }

    #[test]
    fn ipv6_refusals_point_at_the_ipv4_only_server() {
        let hints = for_failure(
            &call_failure(Call::Connect, libc::ECONNREFUSED, "[::1]:13"),
            &Inputs::default(),
        );
        assert!(hints[1].contains("SOCKSHIM_DUALSTACK=1"), "{hints:?}");
    }

    #[test]
    fn low_ports_need_root_and_busy_ports_name_the_port() {
        let hints = for_failure(
            &call_failure(Call::Bind, libc::EACCES, "0.0.0.0:7"),
            &Inputs::default(),
        );
        assert!(
            hints[0].contains("below 1024 need root") && hints[1].contains("SOCKSHIM_PORTBASE"),
            "{hints:?}"
        );
        let hints = for_failure(
            &call_failure(Call::Bind, libc::EADDRINUSE, "0.0.0.0:8080"),
            &Inputs::default(),
        );
        assert!(hints[0].contains("holds port 8080"), "{hints:?}");
    }

    #[test]
    fn names_get_name_hints() {
        let inputs = Inputs {
            host: Some("nosuchhost"),
            service: Some("nosuchservice"),
            named: true,
            base: 0,
        };
        assert!(
            for_failure(&Failure::Host, &inputs)[0].contains("\"nosuchhost\" does not resolve")
        );
        let unknown = Failure::Service { named: true };
        assert!(
            for_failure(&unknown, &inputs)[0].contains("\"nosuchservice\" is not a service name")
        );
        let junk = Inputs {
            service: Some("80abc"),
            ..inputs
        };
        assert!(for_failure(&unknown, &junk)[0].contains("\"80abc\""));
        let zero = Inputs {
            service: Some("0"),
            named: false,
            ..inputs
        };
        let bad_port = Failure::Service { named: false };
        assert!(for_failure(&bad_port, &zero)[0].contains("1 to 65535"));
        assert!(for_failure(&Failure::Protocol, &inputs)[0].contains("\"tcp\" or \"udp\""));
    }

    #[test]
    fn donahoo_calls_get_hints_too() {
        let bad = io::Error::from_raw_os_error(libc::EBADF);
        assert!(
            for_call(Call::Accept, &bad, None, &Inputs::default())[0].contains("listening socket")
        );
        assert!(
            for_call(Call::Recv, &bad, None, &Inputs::default())[0].contains("connected socket")
        );
        let other = io::Error::from_raw_os_error(libc::EIO);
        assert!(for_call(Call::Send, &other, None, &Inputs::default()).is_empty());
    }
}
