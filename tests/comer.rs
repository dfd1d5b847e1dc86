//! Comer & Stevens entry points, driven from C programs linked against the
//! shared and the static library: success paths, every textbook message byte
//! for byte, portbase, and the descriptors they return.

mod common;
use common::*;
use std::net::{TcpListener, UdpSocket};

#[test]
fn connect_tcp_and_udp_exchange_bytes_with_servers() {
    for link in BOTH {
        let client = build_c("client", &["tests/c/client.c"], link);
        let tcp_echod = build_c("tcp_echod", &["tests/c/tcp_echod.c"], link);
        let udp_echod = build_c("udp_echod", &["tests/c/udp_echod.c"], link);

        let port = free_tcp_port().to_string();
        let _tcp = Server::start(&tcp_echod, &[&port, "2"]);
        let out = run(
            &client,
            &["tcp", "127.0.0.1", &port, "hello over tcp"],
            None,
        );
        assert_eq!(
            (out.code(), out.stdout.as_str()),
            (0, "hello over tcp"),
            "{link:?} {out:?}"
        );
        let out = run(
            &client,
            &["tcp", "localhost", &format!(" {port}\n"), "by name"],
            None,
        );
        assert_eq!(
            (out.code(), out.stdout.as_str()),
            (0, "by name"),
            "{link:?} {out:?}"
        );

        let port = free_udp_port().to_string();
        let _udp = Server::start(&udp_echod, &[&port, "2"]);
        let out = run(
            &client,
            &["udp", "127.0.0.1", &port, "hello over udp"],
            None,
        );
        assert_eq!(
            (out.code(), out.stdout.as_str()),
            (0, "hello over udp"),
            "{link:?} {out:?}"
        );
        let out = run(&client, &["udp", "localhost", &port, "udp by name"], None);
        assert_eq!(
            (out.code(), out.stdout.as_str()),
            (0, "udp by name"),
            "{link:?} {out:?}"
        );
    }
}

#[test]
fn connectsock_returns_plain_connected_sockets() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    for link in BOTH {
        let out = run(
            &call(link),
            &["connectsock", "127.0.0.1", &port, "tcp"],
            None,
        );
        assert_eq!(out.code(), 0, "{out:?}");
        assert!(
            out.stdout
                .starts_with("ok family=AF_INET type=SOCK_STREAM "),
            "{out:?}"
        );
        assert!(
            out.stdout.ends_with("reuseaddr=0 cloexec=0 nonblock=0\n"),
            "{out:?}"
        );
        let out = run(&call(link), &["connectUDP", "127.0.0.1", &port], None);
        assert!(
            out.stdout.starts_with("ok family=AF_INET type=SOCK_DGRAM "),
            "{out:?}"
        );
        assert!(out.stdout.ends_with("cloexec=0 nonblock=0\n"), "{out:?}");
    }
}

#[test]
fn passive_sockets_are_ipv4_of_the_right_type() {
    for link in BOTH {
        let port = free_tcp_port().to_string();
        let out = run(&call(link), &["passiveTCP", &port, "5"], None);
        assert_eq!(
            out.stdout,
            format!(
                "ok family=AF_INET type=SOCK_STREAM port={port} peer=0 reuseaddr=1 cloexec=0 nonblock=0\n"
            )
        );
        let port = free_udp_port().to_string();
        let out = run(&call(link), &["passiveUDP", &port], None);
        assert_eq!(
            out.stdout,
            format!(
                "ok family=AF_INET type=SOCK_DGRAM port={port} peer=0 reuseaddr=0 cloexec=0 nonblock=0\n"
            )
        );
        let port = free_tcp_port().to_string();
        let out = run(
            &call(link),
            &["passivesock", &port, "tcp", "2147483647"],
            None,
        );
        assert!(
            out.stdout.starts_with("ok family=AF_INET type=SOCK_STREAM"),
            "huge qlen is capped: {out:?}"
        );
        // listen(2) takes a negative backlog as the largest, so the
        // textbook helper listened; so does sockshim's.
        let port = free_tcp_port().to_string();
        let out = run(&call(link), &["passiveTCP", &port, "-1"], None);
        assert_eq!(
            out.stdout,
            format!(
                "ok family=AF_INET type=SOCK_STREAM port={port} peer=0 reuseaddr=1 cloexec=0 nonblock=0\n"
            ),
            "{out:?}"
        );
    }
}

#[test]
fn portbase_applies_to_named_services_only_and_the_programs_value_is_honoured() {
    for link in BOTH {
        let port = free_tcp_port();
        let base = (port - 7).to_string();
        let out = run(&call(link), &["-p", &base, "passiveTCP", "echo", "5"], None);
        assert!(
            out.stdout.contains(&format!(" port={port} ")),
            "{link:?} {out:?}"
        );
        let out = run(&call(link), &["-p", &base, "passiveUDP", "time"], None);
        assert!(
            out.stdout.contains(&format!(" port={} ", port - 7 + 37)),
            "{link:?} {out:?}"
        );

        let numeric = free_tcp_port().to_string();
        let out = run(
            &call(link),
            &["-p", "1000", "passiveTCP", &numeric, "5"],
            None,
        );
        assert!(
            out.stdout.contains(&format!(" port={numeric} ")),
            "numeric ports ignore portbase: {out:?}"
        );

        // connectsock never adds portbase: a client given "echo" goes to port 7.
        let out = run(
            &call(link),
            &["-p", &base, "connectUDP", "127.0.0.1", "echo"],
            None,
        );
        assert!(out.stdout.contains(" type=SOCK_DGRAM "), "{out:?}");
        assert!(out.stdout.contains(" peer=7 "), "{out:?}");
    }
}

#[test]
fn udp_server_replies_with_sendto_of_the_sockaddr_in_it_received() {
    // udp_echod checks the recvfrom address is a struct sockaddr_in and
    // replies to it; a plain socket client sees the reply.
    for link in BOTH {
        let udp_echod = build_c("udp_echod", &["tests/c/udp_echod.c"], link);
        let port = free_udp_port();
        let mut server = Server::start(&udp_echod, &[&port.to_string(), "1"]);
        let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
        sock.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        sock.send_to(b"datagram", ("127.0.0.1", port)).unwrap();
        let mut buf = [0u8; 64];
        let (n, from) = sock.recv_from(&mut buf).unwrap();
        assert_eq!((&buf[..n], from.port()), (&b"datagram"[..], port));
        assert!(
            server
                .wait_exit(std::time::Duration::from_secs(10))
                .success()
        );
    }
}

#[test]
fn every_textbook_message_byte_for_byte() {
    let busy = TcpListener::bind("0.0.0.0:0").unwrap();
    let busy_port = busy.local_addr().unwrap().port().to_string();
    let busy_udp = UdpSocket::bind("0.0.0.0:0").unwrap();
    let busy_udp_port = busy_udp.local_addr().unwrap().port().to_string();
    let closed = free_tcp_port().to_string();
    for link in BOTH {
        expect_failure(
            link,
            &["connectTCP", "127.0.0.1", "nosuchservice"],
            "can't get \"nosuchservice\" service entry\n",
        );
        expect_failure(
            link,
            &["connectTCP", "no-such-host.invalid", "7"],
            "can't get \"no-such-host.invalid\" host entry\n",
        );
        expect_failure(
            link,
            &["connectsock", "127.0.0.1", "7", "nosuchproto"],
            "can't get \"nosuchproto\" protocol entry\n",
        );
        expect_failure(
            link,
            &["connectsock", "127.0.0.1", "7", "icmp"],
            "can't create socket: Protocol not supported\n",
        );
        expect_failure(
            link,
            &["-n", "3", "connectTCP", "127.0.0.1", "7"],
            "can't create socket: Too many open files\n",
        );
        expect_failure(
            link,
            &["connectTCP", "127.0.0.1", &closed],
            &format!("can't connect to 127.0.0.1.{closed}: Connection refused\n"),
        );
        expect_failure(
            link,
            &["connectTCP", "localhost", &closed],
            &format!("can't connect to localhost.{closed}: Connection refused\n"),
        );
        expect_failure(
            link,
            &["passiveTCP", &busy_port, "5"],
            &format!("can't bind to {busy_port} port: Address already in use\n"),
        );
        expect_failure(
            link,
            &["passiveUDP", &busy_udp_port],
            &format!("can't bind to {busy_udp_port} port: Address already in use\n"),
        );
        let port = free_tcp_port().to_string();
        expect_failure(
            link,
            &["-l", "98", "passiveTCP", &port, "5"],
            &format!("can't listen on {port} port: Address already in use\n"),
        );
        expect_failure(
            link,
            &["-n", "3", "passiveUDP", "9"],
            "can't create socket: Too many open files\n",
        );
        expect_failure(
            link,
            &["errexit", "value %s, no newline", "42"],
            "value 42, no newline",
        );
    }
}

#[test]
fn bad_input_gets_a_textbook_message_and_status_1_never_a_signal() {
    let long_host = "h".repeat(300);
    let port = free_tcp_port().to_string();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["connectTCP", "NULL", "7"],
            "can't get \"(null)\" host entry\n".into(),
        ),
        (
            vec!["connectTCP", "127.0.0.1", "NULL"],
            "can't get \"(null)\" service entry\n".into(),
        ),
        (
            vec!["connectsock", "127.0.0.1", "7", "NULL"],
            "can't get \"(null)\" protocol entry\n".into(),
        ),
        (
            vec!["connectsock", "127.0.0.1", "7", ""],
            "can't get \"\" protocol entry\n".into(),
        ),
        (
            vec!["connectTCP", "", "7"],
            "can't get \"\" host entry\n".into(),
        ),
        (
            vec!["connectTCP", "127.0.0.1", ""],
            "can't get \"\" service entry\n".into(),
        ),
        (
            vec!["connectTCP", &long_host, "7"],
            format!("can't get \"{long_host}\" host entry\n"),
        ),
        (
            vec!["passiveTCP", "NULL", "5"],
            "can't get \"(null)\" service entry\n".into(),
        ),
        (
            vec!["passivesock", &port, "NULL", "5"],
            "can't get \"(null)\" protocol entry\n".into(),
        ),
        (
            vec!["passivesock", &port, "nosuchproto", "5"],
            "can't get \"nosuchproto\" protocol entry\n".into(),
        ),
        (
            vec!["errexit", "NULL", "x"],
            "errexit: called with a NULL format\n".into(),
        ),
    ];
    for link in BOTH {
        for (args, message) in &cases {
            expect_failure(link, args, message);
        }
        for bad in ["0", "65536", "-1", "80abc", "99999999999", "+80", "0x50"] {
            let message = format!("can't get \"{bad}\" service entry\n");
            expect_failure(link, &["connectTCP", "127.0.0.1", bad], &message);
            expect_failure(link, &["passiveTCP", bad, "5"], &message);
            expect_failure(link, &["passiveUDP", bad], &message);
        }
    }
}

#[test]
fn a_port_read_with_fgets_is_accepted() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    for link in BOTH {
        let out = run(
            &call(link),
            &["connectTCP", "127.0.0.1\n", &format!(" {port}\n")],
            None,
        );
        assert_eq!(out.code(), 0, "{out:?}");
        let free = free_tcp_port();
        let out = run(
            &call(link),
            &["passiveTCP", &format!(" {free}\n"), "5"],
            None,
        );
        assert!(out.stdout.contains(&format!(" port={free} ")), "{out:?}");
    }
}

#[test]
fn builtin_tables_serve_when_the_system_databases_are_missing() {
    for link in BOTH {
        let port = free_tcp_port();
        let base = (port - 7).to_string();
        let Some(out) =
            run_without_databases(&call(link), &["-p", &base, "passiveTCP", "echo", "5"], &[])
        else {
            return;
        };
        assert!(
            out.stdout.contains(&format!(" port={port} ")),
            "{link:?} {out:?}"
        );
        let out = run_without_databases(
            &call(link),
            &["-p", &base, "passivesock", "daytime", "udp", "0"],
            &[],
        )
        .unwrap();
        assert!(out.stdout.contains("type=SOCK_DGRAM"), "{link:?} {out:?}");
        assert!(
            out.stdout.contains(&format!(" port={} ", port - 7 + 13)),
            "{link:?} {out:?}"
        );
        let out = run_without_databases(
            &call(link),
            &["connectsock", "127.0.0.1", "nosuchservice", "tcp"],
            &[],
        )
        .unwrap();
        assert_eq!(out.stderr, "can't get \"nosuchservice\" service entry\n");
    }
}
