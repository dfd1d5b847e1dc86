//! The 2nd edition's programs (c-examples/practical, `#include "Practical.h"`)
//! as `make` builds them into build/bin/practical: every server on a free
//! loopback port with its own client and with the 1st edition's clients, the
//! exact output (`Binding to 0.0.0.0-<port>`, `Handling client
//! 127.0.0.1-<port>`), IPv6 clients on ::1, the UDP pair, the getaddrinfo
//! printer, the books' failure lines, and 100 concurrent clients of 256 KiB
//! each against the fork, thread and select servers.  The harness (servers in
//! their own process group, killed with it) is tests/example_harness.

mod common;
mod example_harness;
use common::*;
use example_harness::*;
use std::ffi::CStr;
use std::io::{Read, Write};
use std::net::{TcpListener, ToSocketAddrs, UdpSocket};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// The echo servers, all of which take `<Server Port/Service>`.
const SERVERS: [&str; 4] = [
    "TCPEchoServer",
    "TCPEchoServer-Fork",
    "TCPEchoServer-Thread",
    "TCPEchoServer-Select",
];

/// A 2nd-edition program: make puts them into build/bin/practical, as they
/// are named like the 1st edition's.
fn practical(name: &str) -> String {
    format!("practical/{name}")
}

/// Checks "Handling client <host>-<port>" and returns the port.
fn client_port(line: &str, host: &str) -> u16 {
    let prefix = format!("Handling client {host}-");
    let port = line
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{line:?} does not start with {prefix:?}"));
    match port.parse::<u16>() {
        Ok(p) if p > 0 && p.to_string() == port => p,
        _ => panic!("no client port in {line:?}"),
    }
}

/// What gai_strerror() says for `code`.
fn gai_text(code: i32) -> String {
    // SAFETY: gai_strerror returns a pointer to a constant C string.
    unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned()
}

/// Sends `data` on a new connection to 127.0.0.1:`port`, reads the echo to
/// the end, and returns the connection's own port.
fn echo_once(port: u16, data: &[u8]) -> u16 {
    let stream = tcp_client(port);
    let me = stream.local_addr().unwrap().port();
    assert_eq!(echo_back(stream, data), data, "echo from port {port}");
    me
}

/// Runs the echo client `client` (build/bin/`client`) as `client HOST WORD
/// PORT`, expects exactly the echo of `word`, then the server's line
/// "Handling client <host>-<port>".
fn echo_word(server: &Example, client: &str, host: &str, word: &str, port: &str, what: &str) {
    let out = run(&bin(client), &[host, word, port], None);
    expect_output(&out, &format!("Received: {word}\n"), what);
    client_port(&server.lines(1)[0], host);
}

fn ipv6_loopback() -> bool {
    let ok = TcpListener::bind("[::1]:0").is_ok();
    if !ok {
        eprintln!("skipped: no IPv6 loopback on this host");
    }
    ok
}

#[test]
fn practical_examples_compile_with_the_books_flags_and_as_strict_c11() {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root().join("c-examples/practical"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "c"))
        .collect();
    sources.sort();
    assert!(sources.len() >= 8, "only {} programs", sources.len());
    let mut compilers = vec![std::env::var("CC").unwrap_or_else(|_| "cc".into())];
    if have_clang() {
        compilers.push("clang".into());
    }
    let include = root().join("include/sockshim/practical");
    let book: &[&str] = &["-std=gnu99", "-Wall"];
    let strict: &[&str] = &["-std=c11", "-Wall", "-Wextra", "-Werror"];
    for cc in &compilers {
        for flags in [book, strict] {
            for src in &sources {
                let out = Command::new(cc)
                    .args(flags)
                    .args(["-pthread", "-fsyntax-only", "-I"])
                    .arg(&include)
                    .arg(src)
                    .output()
                    .expect("a C compiler is installed");
                assert!(
                    out.status.success() && out.stderr.is_empty(),
                    "{cc} {flags:?} {}:\n{}",
                    src.display(),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    }
}

#[test]
fn echo_servers_print_binding_and_every_client_with_its_port() {
    let input = tcpecho_input();
    for name in SERVERS {
        let port = free_tcp_port();
        let p = port.to_string();
        let server = Example::start(&practical(name), &[&p], Proto::Tcp, port);
        assert_eq!(
            server.lines(1),
            [format!("Binding to 0.0.0.0-{port}")],
            "{name}"
        );

        for word in ["Echo this!", "x"] {
            let client = practical("TCPEchoClient");
            echo_word(&server, &client, "127.0.0.1", word, &p, name);
        }
        // A client whose own port the test knows: the line is exact.
        let me = echo_once(port, b"exact line");
        assert_eq!(
            server.lines(1),
            [format!("Handling client 127.0.0.1-{me}")],
            "{name}"
        );
        // The 1st editions' clients talk to the 2nd edition's servers.
        echo_word(
            &server,
            "TCPEchoClient",
            "127.0.0.1",
            "first edition",
            &p,
            name,
        );
        let out = run(&bin("TCPecho"), &["localhost", &p], Some(input.as_bytes()));
        expect_output(&out, &input, &format!("TCPecho against {name}"));
        client_port(&server.lines(1)[0], "127.0.0.1");

        server.expect_children_reaped(true);
        server.stop_quietly();
    }
}

#[test]
fn the_second_editions_client_talks_to_the_first_editions_server() {
    let port = free_tcp_port();
    let p = port.to_string();
    let server = Example::start("TCPEchoServer", &[&p], Proto::Tcp, port);
    let out = run(
        &bin(&practical("TCPEchoClient")),
        &["localhost", "Echo this!", &p],
        None,
    );
    expect_output(&out, "Received: Echo this!\n", "TCPEchoClient (2nd)");
    // The 1st edition's server prints the address only.
    assert_eq!(server.lines(1), ["Handling client 127.0.0.1"]);
    server.stop_quietly();
}

#[test]
fn with_dualstack_the_servers_take_ipv6_and_ipv4_clients() {
    if !ipv6_loopback() {
        return;
    }
    let env = [("SOCKSHIM_DUALSTACK", "1")];
    for name in SERVERS {
        let port = free_tcp_port();
        let p = port.to_string();
        let server = Example::start_env(&practical(name), &[&p], &env, Proto::Tcp, port);
        assert_eq!(server.lines(1), [format!("Binding to ::-{port}")], "{name}");
        let client = practical("TCPEchoClient");
        echo_word(&server, &client, "::1", "over IPv6", &p, name);
        // IPv4 clients are shown as plain dotted quads, not ::ffff:...
        echo_word(&server, &client, "127.0.0.1", "over IPv4", &p, name);
        server.expect_children_reaped(true);
        server.stop_quietly();
    }
}

#[test]
fn without_dualstack_the_server_is_ipv4_only() {
    let port = free_tcp_port();
    let p = port.to_string();
    let server = Example::start(&practical("TCPEchoServer"), &[&p], Proto::Tcp, port);
    assert_eq!(server.lines(1), [format!("Binding to 0.0.0.0-{port}")]);
    let out = run(
        &bin(&practical("TCPEchoClient")),
        &["::1", "over IPv6", &p],
        None,
    );
    expect_error(
        &out,
        "SetupTCPClientSocket() failed: unable to connect\n",
        "an IPv6 client of an IPv4 server",
    );
    server.stop_quietly();
}

#[test]
fn tcp_client_reaches_an_ipv6_only_server() {
    if !ipv6_loopback() {
        return;
    }
    let listener = TcpListener::bind("[::1]:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let echo = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut word = Vec::new();
        let mut buf = [0; 64];
        while word.len() < 9 {
            let n = conn.read(&mut buf).unwrap();
            assert!(n > 0, "client closed early");
            word.extend_from_slice(&buf[..n]);
        }
        conn.write_all(&word).unwrap();
        word
    });
    let out = run(
        &bin(&practical("TCPEchoClient")),
        &["::1", "IPv6 only", &port.to_string()],
        None,
    );
    expect_output(&out, "Received: IPv6 only\n", "TCPEchoClient ::1");
    assert_eq!(echo.join().unwrap(), b"IPv6 only");
}

/// `name` serves CLIENTS simultaneous clients of PER_CLIENT bytes each,
/// prints exactly one line per client with that client's port, leaves no
/// zombie and prints no error.
fn serves_concurrent_clients(name: &str) {
    let port = free_tcp_port();
    let p = port.to_string();
    let server = Example::start(&practical(name), &[&p], Proto::Tcp, port);
    assert_eq!(
        server.lines(1),
        [format!("Binding to 0.0.0.0-{port}")],
        "{name}"
    );
    let started = Instant::now();
    let ports = run_concurrent_clients(port);
    eprintln!("{name}: {CLIENTS} clients in {:?}", started.elapsed());
    let mut printed = server.lines(CLIENTS);
    printed.sort();
    let mut expected: Vec<String> = ports
        .iter()
        .map(|p| format!("Handling client 127.0.0.1-{p}"))
        .collect();
    expected.sort();
    assert_eq!(printed, expected, "{name}");
    server.expect_children_reaped(true);
    server.stop_quietly();
}

#[test]
fn fork_server_serves_100_concurrent_clients_and_reaps_every_child() {
    serves_concurrent_clients("TCPEchoServer-Fork");
}

#[test]
fn thread_server_serves_100_concurrent_clients() {
    serves_concurrent_clients("TCPEchoServer-Thread");
}

#[test]
fn select_server_serves_100_concurrent_clients() {
    serves_concurrent_clients("TCPEchoServer-Select");
}

#[test]
fn udp_echo_server_answers_both_editions_clients_and_prints_each_datagram() {
    let port = free_udp_port();
    let p = port.to_string();
    let server = Example::start(&practical("UDPEchoServer"), &[&p], Proto::Udp, port);
    let client = practical("UDPEchoClient");
    let what = "UDPEchoClient (2nd)";
    echo_word(&server, &client, "127.0.0.1", "Echo this!", &p, what);

    // A client whose port the test knows, with the largest IPv4 datagram.
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let me = sock.local_addr().unwrap().port();
    let big = random_bytes(65507, 7);
    sock.send_to(&big, ("127.0.0.1", port)).unwrap();
    let mut back = vec![0; 65536];
    let (n, from) = sock.recv_from(&mut back).unwrap();
    assert_eq!((n, from.port()), (big.len(), port));
    assert!(back[..n] == big[..], "the datagram came back changed");
    assert_eq!(server.lines(1), [format!("Handling client 127.0.0.1-{me}")]);

    let what = "UDPEchoClient (1st)";
    echo_word(
        &server,
        "UDPEchoClient",
        "127.0.0.1",
        "first edition",
        &p,
        what,
    );
    let input = "one\ntwo words\n\nlast";
    let out = run(&bin("UDPecho"), &["localhost", &p], Some(input.as_bytes()));
    expect_output(&out, input, "UDPecho");
    let lines = server.lines(4);
    let first = client_port(&lines[0], "127.0.0.1");
    for line in &lines {
        assert_eq!(
            client_port(line, "127.0.0.1"),
            first,
            "one socket: {lines:?}"
        );
    }
    server.stop_quietly();
}

/// Answers one datagram on `server` from `replier` (the server itself, or
/// a stranger); returns what arrived.
fn answer_once(server: UdpSocket, replier: Option<UdpSocket>) -> std::thread::JoinHandle<Vec<u8>> {
    server
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    std::thread::spawn(move || {
        let mut buf = [0; 512];
        let (n, from) = server.recv_from(&mut buf).unwrap();
        replier
            .as_ref()
            .unwrap_or(&server)
            .send_to(&buf[..n], from)
            .unwrap();
        buf[..n].to_vec()
    })
}

#[test]
fn udp_echo_client_takes_ipv6_and_checks_where_the_reply_comes_from() {
    let client = bin(&practical("UDPEchoClient"));
    if ipv6_loopback() {
        let server = UdpSocket::bind("[::1]:0").unwrap();
        let p = server.local_addr().unwrap().port().to_string();
        let echo = answer_once(server, None);
        let out = run(&client, &["::1", "over IPv6", &p], None);
        expect_output(&out, "Received: over IPv6\n", "UDPEchoClient ::1");
        assert_eq!(echo.join().unwrap(), b"over IPv6");
    }

    // The answer comes from another port than the one asked.
    let server = UdpSocket::bind("127.0.0.1:0").unwrap();
    let p = server.local_addr().unwrap().port().to_string();
    let stranger = UdpSocket::bind("127.0.0.1:0").unwrap();
    let echo = answer_once(server, Some(stranger));
    let out = run(&client, &["127.0.0.1", "who is there", &p], None);
    expect_error(
        &out,
        "recvfrom(): received a packet from unknown source\n",
        "a reply from a stranger",
    );
    assert_eq!(echo.join().unwrap(), b"who is there");
}

#[test]
fn getaddrinfo_prints_every_address_with_its_port() {
    let program = bin(&practical("GetAddrInfo"));
    let cases = [
        (["127.0.0.1", "5000"], "127.0.0.1-5000\n"),
        (["::1", "54321"], "::1-54321\n"),
        (["::ffff:127.0.0.1", "7"], "::ffff:127.0.0.1-7\n"),
        // Port 0 is not printed.
        (["127.0.0.1", "0"], "127.0.0.1\n"),
    ];
    for (args, expected) in cases {
        let out = run(&program, &args, None);
        expect_output(&out, expected, &format!("GetAddrInfo {args:?}"));
    }
    // A name: every address, in the resolver's order.
    let expected: String = ("localhost", 8080)
        .to_socket_addrs()
        .unwrap()
        .map(|addr| format!("{}-{}\n", addr.ip(), addr.port()))
        .collect();
    assert!(!expected.is_empty());
    let out = run(&program, &["localhost", "8080"], None);
    expect_output(&out, &expected, "GetAddrInfo localhost 8080");

    let out = run(&program, &["127.0.0.1", "no-such-service"], None);
    expect_error(
        &out,
        &format!("getaddrinfo() failed: {}\n", gai_text(libc::EAI_SERVICE)),
        "GetAddrInfo with an unknown service",
    );
}

#[test]
fn programs_fail_with_the_books_messages() {
    let server_usage = "Parameter(s): <Server Port/Service>\n";
    for name in SERVERS.iter().chain(&["UDPEchoServer"]) {
        let out = run(&bin(&practical(name)), &[], None);
        expect_error(&out, server_usage, name);
    }
    let client_usage = "Parameter(s): <Server Address/Name> <Echo Word> [<Server Port/Service>]\n";
    for name in ["TCPEchoClient", "UDPEchoClient"] {
        let out = run(&bin(&practical(name)), &["127.0.0.1"], None);
        expect_error(&out, client_usage, name);
    }
    let out = run(&bin(&practical("GetAddrInfo")), &["localhost"], None);
    expect_error(
        &out,
        "Parameter(s): <Address/Name> <Port/Service>\n",
        "GetAddrInfo",
    );
    let long = "x".repeat(129);
    let out = run(
        &bin(&practical("UDPEchoClient")),
        &["127.0.0.1", &long, "7"],
        None,
    );
    expect_error(
        &out,
        &format!("{long}: string too long\n"),
        "UDPEchoClient, word over MAXSTRINGLENGTH",
    );

    // Nothing listens on the port.
    let p = free_tcp_port().to_string();
    let out = run(
        &bin(&practical("TCPEchoClient")),
        &["127.0.0.1", "hi", &p],
        None,
    );
    expect_error(
        &out,
        "SetupTCPClientSocket() failed: unable to connect\n",
        "TCPEchoClient",
    );

    // Something else listens on the port; an unknown service.
    let busy = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let p = busy.local_addr().unwrap().port().to_string();
    let unknown = format!("getaddrinfo() failed: {}\n", gai_text(libc::EAI_SERVICE));
    for name in SERVERS {
        let out = run(&bin(&practical(name)), &[&p], None);
        expect_error(&out, &format!("SetupTCPServerSocket() failed: {p}\n"), name);
        let out = run(&bin(&practical(name)), &["no-such-service"], None);
        expect_error(&out, &unknown, name);
    }
}
