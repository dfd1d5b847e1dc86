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

/// The ports to advise: registered ports below Linux's default range for
/// clients' (ephemeral) ports, so that no connection can be holding them.
const FREE_PORTS: &str = "1024 to 32767";

/// Linux's default ephemeral port range (net.ipv4.ip_local_port_range).
const CLIENT_PORTS: (u16, u16) = (32768, 60999);

/// What the port base can (or cannot) do for a port below 1024 that failed
/// to bind: it moves named services only, never a port number.
fn port_base_hint(inputs: &Inputs, port: u16) -> Option<String> {
    let service = inputs.service.map(resolve::trim).unwrap_or("");
    match (inputs.named, inputs.base) {
        (true, 0) => Some(hint(
            "or set SOCKSHIM_PORTBASE (e.g. 10000) for server and client to shift every named service",
        )),
        (true, base) => Some(hint(format!(
            "the port base {base} moves \"{service}\" only to port {port}: use a base of 1024 or more (e.g. 10000), the same for server and client"
        ))),
        (false, 0) => None,
        (false, base) => Some(hint(format!(
            "the port base {base} moves named services only, never a port number such as {port}"
        ))),
    }
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
            } else if named {
                hints.push(hint(format!(
                    "the port base {} is in effect here: the server must use the same one (SOCKSHIM_PORTBASE={0}, or sockshim-serve --portbase {0})",
                    inputs.base
                )));
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
            hints.push(hint(format!("ports below 1024 need root: use a port from {FREE_PORTS}")));
            hints.extend(port_base_hint(inputs, addr.map_or(0, |a| a.port())));
        }
        (Call::Bind, libc::EADDRINUSE) => {
            let port = addr.map_or(0, |a| a.port());
            hints.push(hint(format!(
                "port {port} is taken: a server listens there, or a connection (also a client's) holds it; `ss -tuan 'sport = :{port}'` shows which"
            )));
            hints.push(hint(if (CLIENT_PORTS.0..=CLIENT_PORTS.1).contains(&port) {
                format!(
                    "ports {}-{} are handed out to clients' connections, so any of them may be busy: use a port from {FREE_PORTS}",
                    CLIENT_PORTS.0, CLIENT_PORTS.1
                )
            } else {
                format!("stop that program, or use another port from {FREE_PORTS}")
            }));
        }
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

    /// Inputs for a service (named or a number) under a port base.
    fn service(service: &'static str, named: bool, base: u16) -> Inputs<'static> {
        Inputs {
            host: Some("localhost"),
            service: Some(service),
            named,
            base,
        }
    }

    /// Whether any hint tells the user to set the port base.
    fn advises_setting_the_port_base(hints: &[String]) -> bool {
        hints.iter().any(|h| {
            h.contains("set SOCKSHIM_PORTBASE") || h.contains("set the same SOCKSHIM_PORTBASE")
        })
    }

    #[test]
    fn low_ports_need_root_and_the_port_base_is_advised_only_where_it_helps() {
        let denied = |port: &str, inputs: &Inputs| {
            for_failure(
                &call_failure(Call::Bind, libc::EACCES, &format!("0.0.0.0:{port}")),
                inputs,
            )
        };
        // A named service without a port base: the port base would move it.
        let hints = denied("7", &service("echo", true, 0));
        assert_eq!(
            hints,
            [
                "sockshim: hint: ports below 1024 need root: use a port from 1024 to 32767",
                "sockshim: hint: or set SOCKSHIM_PORTBASE (e.g. 10000) for server and client to shift every named service",
            ]
        );
        // A port number: the port base never moves it.
        for base in [0, 10000] {
            let hints = denied("7", &service("7", false, base));
            assert!(hints[0].contains("below 1024 need root"), "{hints:?}");
            assert!(!advises_setting_the_port_base(&hints), "{hints:?}");
        }
        assert_eq!(denied("7", &service("7", false, 0)).len(), 1);
        assert!(
            denied("7", &service("7", false, 10000))[1].contains("never a port number such as 7")
        );
        // A port base already set, too small to leave the root-only ports.
        let hints = denied("107", &service("echo", true, 100));
        assert!(!advises_setting_the_port_base(&hints), "{hints:?}");
        assert!(
            hints[1].contains("the port base 100 moves \"echo\" only to port 107"),
            "{hints:?}"
        );
        // Donahoo & Calvert's CreateTCPServerSocket takes a number.
        assert!(!advises_setting_the_port_base(&denied(
            "7",
            &Inputs::default()
        )));
    }

    #[test]
    fn refused_connects_advise_the_port_base_only_when_none_is_set() {
        let refused = |inputs: &Inputs| {
            for_failure(
                &call_failure(Call::Connect, libc::ECONNREFUSED, "127.0.0.1:10013"),
                inputs,
            )
        };
        assert!(advises_setting_the_port_base(&refused(&service(
            "daytime", true, 0
        ))));
        let hints = refused(&service("daytime", true, 10000));
        assert!(!advises_setting_the_port_base(&hints), "{hints:?}");
        assert!(
            hints[1].contains("port base 10000 is in effect"),
            "{hints:?}"
        );
        let hints = refused(&service("10013", false, 10000));
        assert_eq!(hints.len(), 1, "{hints:?}");
    }

    #[test]
    fn busy_ports_name_the_port_and_the_connections_that_may_hold_it() {
        let busy = |port: u16| {
            for_failure(
                &call_failure(Call::Bind, libc::EADDRINUSE, &format!("0.0.0.0:{port}")),
                &Inputs::default(),
            )
        };
        let hints = busy(8080);
        assert_eq!(
            hints,
            [
                "sockshim: hint: port 8080 is taken: a server listens there, or a connection (also a client's) holds it; `ss -tuan 'sport = :8080'` shows which",
                "sockshim: hint: stop that program, or use another port from 1024 to 32767",
            ]
        );
        assert!(busy(61000)[1].contains("stop that program"));
        for port in [32768, 45000, 60999] {
            let hints = busy(port);
            assert!(
                hints[0].contains(&format!("port {port} is taken")),
                "{hints:?}"
            );
            assert!(
                hints[1].contains("handed out to clients' connections")
                    && hints[1].contains("1024 to 32767"),
                "{hints:?}"
            );
        }
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
