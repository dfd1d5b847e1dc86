//! The SOCKSHIM_* knobs, each switched on for unchanged textbook-style
//! programs: port base on both sides, dual stack, connect timeout, reuseaddr
//! off, trace, explain, and an invalid value.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// Finds a port base that puts `well_known` on a free TCP port.
fn base_for(well_known: u16) -> (u16, String) {
    let port = free_tcp_port();
    (port, (port - well_known).to_string())
}

#[test]
fn portbase_lets_an_unchanged_client_and_server_meet_on_a_high_port() {
    for link in BOTH {
        let server = build_c("comer_echod", &["tests/c/comer_echod.c"], link);
        let client = build_c("client", &["tests/c/client.c"], link);
        let (port, base) = base_for(7);
        let env = [("SOCKSHIM_PORTBASE", base.as_str())];
        let _server = Server::start_env(&server, &["echo", "1"], &env);
        let out = run_env(
            &client,
            &["tcp", "localhost", "echo", "met at the port base"],
            None,
            &env,
        );
        assert_eq!(
            (out.code(), out.stdout.as_str()),
            (0, "met at the port base"),
            "{link:?} {out:?}"
        );
        // Numeric ports are never shifted: the socket is on the port given.
        let numeric = free_tcp_port().to_string();
        let out = run_env(&call(link), &["passiveTCP", &numeric, "5"], None, &env);
        assert_eq!(out.code(), 0, "{out:?}");
        assert!(out.stdout.starts_with("ok "), "{out:?}");
        assert!(out.stdout.contains(&format!(" port={numeric} ")), "{out:?}");
        assert!(!out.stdout.contains(&format!("port={port} ")), "{out:?}");
    }
}

#[test]
fn the_programs_own_portbase_wins_on_the_server_side() {
    for link in BOTH {
        let (port, base) = base_for(7);
        let env = [("SOCKSHIM_PORTBASE", "20000")];
        let out = run_env(
            &call(link),
            &["-p", &base, "passiveTCP", "echo", "5"],
            None,
            &env,
        );
        assert!(
            out.stdout.contains(&format!(" port={port} ")),
            "{link:?} {out:?}"
        );
        let (port, base) = base_for(7);
        let env = [("SOCKSHIM_PORTBASE", base.as_str())];
        let out = run_env(&call(link), &["passiveTCP", "echo", "5"], None, &env);
        assert!(
            out.stdout.contains(&format!(" port={port} ")),
            "{link:?} {out:?}"
        );
    }
}

#[test]
fn dualstack_servers_accept_ipv4_and_ipv6_and_print_both_plainly() {
    if TcpListener::bind("[::1]:0").is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI machines have IPv6 loopback"
        );
        return;
    }
    for link in BOTH {
        let prog = build_c("tcp_echod", &["tests/c/tcp_echod.c"], link);
        let port = free_tcp_port();
        let env = [("SOCKSHIM_DUALSTACK", "1")];
        let mut server = Server::start_env(&prog, &[&port.to_string(), "2"], &env);
        let mut stdout = server.take_stdout();
        for addr in [format!("127.0.0.1:{port}"), format!("[::1]:{port}")] {
            let mut stream = TcpStream::connect(&addr).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            stream.write_all(b"both").unwrap();
            stream.shutdown(std::net::Shutdown::Write).unwrap();
            let mut back = String::new();
            stream.read_to_string(&mut back).unwrap();
            assert_eq!(back, "both", "{link:?} {addr}");
        }
        assert!(server.wait_exit(Duration::from_secs(20)).success());
        let mut printed = String::new();
        stdout.read_to_string(&mut printed).unwrap();
        assert_eq!(
            printed, "Handling client 127.0.0.1\nHandling client ::1\n",
            "{link:?}"
        );

        let out = run_env(
            &call(link),
            &["passiveUDP", &free_udp_port().to_string()],
            None,
            &env,
        );
        assert!(
            out.stdout.starts_with("ok family=AF_INET6 type=SOCK_DGRAM"),
            "{out:?}"
        );
    }
}

#[test]
fn connect_timeout_bounds_each_attempt_and_keeps_the_textbook_line() {
    let (_listener, _fillers, full) = full_listener();
    let full = full.to_string();
    for link in BOTH {
        let env = [("SOCKSHIM_CONNECT_TIMEOUT_MS", "300")];
        let started = Instant::now();
        let out = run_env(&call(link), &["connectTCP", "127.0.0.1", &full], None, &env);
        assert_eq!(
            (out.code(), out.stderr.clone()),
            (
                1,
                format!("can't connect to 127.0.0.1.{full}: Connection timed out\n")
            ),
            "{link:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the timeout bounded the attempt"
        );
        // A successful connect under the knob returns a plain blocking socket.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port().to_string();
        let out = run_env(&call(link), &["connectTCP", "localhost", &port], None, &env);
        assert!(out.stdout.ends_with("cloexec=0 nonblock=0\n"), "{out:?}");
    }
}

#[test]
fn reuseaddr_can_be_turned_off() {
    for link in BOTH {
        let port = free_tcp_port().to_string();
        let out = run_env(
            &call(link),
            &["passiveTCP", &port, "5"],
            None,
            &[("SOCKSHIM_REUSEADDR", "0")],
        );
        assert!(out.stdout.contains(" reuseaddr=0 "), "{out:?}");
        let out = run_env(
            &call(link),
            &["CreateTCPServerSocket", &port],
            None,
            &[("SOCKSHIM_REUSEADDR", "0")],
        );
        assert!(out.stdout.contains(" reuseaddr=0 "), "{out:?}");
    }
}

#[test]
fn trace_shows_each_resolution_and_attempt() {
    let closed = free_tcp_port().to_string();
    for link in BOTH {
        let out = run_env(
            &call(link),
            &["connectTCP", "localhost", &closed],
            None,
            &[("SOCKSHIM_TRACE", "1")],
        );
        let lines: Vec<&str> = out.stderr.lines().collect();
        let expected_start = [
            format!("sockshim: service \"{closed}\"/tcp -> port {closed} (port base 0)"),
            // A loopback name is answered without the resolver (RFC 6761).
            "sockshim: host \"localhost\" -> 127.0.0.1, ::1".to_string(),
            "sockshim: protocol \"tcp\" -> 6".to_string(),
            "sockshim: socket(AF_INET, SOCK_STREAM, 6) -> ok".to_string(),
            format!("sockshim: connect to 127.0.0.1:{closed} -> Connection refused"),
        ];
        assert!(lines.len() >= 6, "{link:?} {lines:?}");
        assert_eq!(&lines[..2], &expected_start[..2], "{link:?}");
        assert!(
            lines.contains(&expected_start[2].as_str())
                && lines.contains(&expected_start[3].as_str()),
            "{lines:?}"
        );
        assert!(lines.contains(&expected_start[4].as_str()), "{lines:?}");
        assert_eq!(
            *lines.last().unwrap(),
            format!("can't connect to localhost.{closed}: Connection refused")
        );

        let port = free_tcp_port();
        let out = run_env(
            &call(link),
            &["passiveTCP", &port.to_string(), "5"],
            None,
            &[("SOCKSHIM_TRACE", "1")],
        );
        assert!(
            out.stderr
                .contains(&format!("sockshim: bind to 0.0.0.0:{port} -> ok\n")),
            "{out:?}"
        );
        assert!(
            out.stderr
                .contains("sockshim: listen backlog 5 (raised to 4096) -> ok\n"),
            "{out:?}"
        );
    }
}

#[test]
fn explain_adds_hints_after_the_unchanged_textbook_line() {
    let closed = free_tcp_port().to_string();
    let busy = TcpListener::bind("0.0.0.0:0").unwrap();
    let busy_port = busy.local_addr().unwrap().port().to_string();
    let env = [("SOCKSHIM_EXPLAIN", "1")];
    for link in BOTH {
        let out = run_env(
            &call(link),
            &["connectTCP", "127.0.0.1", &closed],
            None,
            &env,
        );
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(out.code(), 1);
        assert_eq!(
            lines[0],
            format!("can't connect to 127.0.0.1.{closed}: Connection refused"),
            "{link:?}"
        );
        assert_eq!(
            lines[1],
            format!(
                "sockshim: hint: nothing listens on 127.0.0.1:{closed}: is the server running, and on this port?"
            )
        );

        let out = run_env(
            &call(link),
            &["CreateTCPServerSocket", &busy_port],
            None,
            &env,
        );
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(
            lines[0], "bind() failed: Address already in use",
            "{link:?}"
        );
        assert!(
            lines[1].starts_with(&format!("sockshim: hint: port {busy_port} is taken"))
                && lines[1].contains("ss -tuan"),
            "{lines:?}"
        );

        let out = run_env(
            &call(link),
            &["connectTCP", "nosuchhost.invalid", "7"],
            None,
            &env,
        );
        assert!(
            out.stderr
                .starts_with("can't get \"nosuchhost.invalid\" host entry\nsockshim: hint: "),
            "{out:?}"
        );

        // A program's own errexit still prints first; the hint follows it.
        let prog = build_c("override", &["tests/c/override.c"], link);
        let out = run_env(&prog, &["errexit", "nosuchservice"], None, &env);
        assert_eq!(out.code(), 4);
        assert!(out.stderr.starts_with(
            "program errexit: can't get \"nosuchservice\" service entry\nsockshim: hint: "
        ));
    }
}

#[test]
fn an_invalid_knob_value_gets_one_line_and_the_default() {
    for link in BOTH {
        let port = free_tcp_port();
        let base = (port - 7).to_string();
        let env = [("SOCKSHIM_PORTBASE", "lots"), ("SOCKSHIM_TRACE", "2")];
        let out = run_env(
            &call(link),
            &["-p", &base, "passiveTCP", "echo", "5"],
            None,
            &env,
        );
        assert_eq!(
            out.stderr,
            "sockshim: ignoring SOCKSHIM_PORTBASE=\"lots\": expected a number from 0 to 65535\n\
             sockshim: ignoring SOCKSHIM_TRACE=\"2\": expected 1 or 0\n",
            "{link:?}"
        );
        assert!(out.stdout.contains(&format!(" port={port} ")), "{out:?}");
    }
}
