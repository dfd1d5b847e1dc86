//! The example programs of c-examples/, as `make` builds them into build/bin:
//! every server on a free loopback port driven by its own client with the
//! exact output checked, the concurrent echo servers under 100 simultaneous
//! clients of 256 KiB each without leaving a zombie, and hello_browser
//! answered by real HTTP clients.
//!
//! The servers, clients and the harness they share are in
//! tests/example_harness; the 2nd edition's programs (c-examples/practical)
//! are tested in tests/practical_examples.rs.

mod common;
mod example_harness;
use common::*;
use example_harness::*;
use std::ffi::CStr;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// What ctime() prints for Unix time `t` (in this process's time zone,
/// which the programs share).
fn ctime(t: i64) -> String {
    let mut buf = [0 as libc::c_char; 64];
    let time: libc::time_t = t;
    // SAFETY: ctime_r writes at most 26 bytes into the 64-byte buffer.
    let text = unsafe { libc::ctime_r(&time, buf.as_mut_ptr()) };
    assert!(!text.is_null());
    // SAFETY: ctime_r returned the buffer, now holding a C string.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// Runs `client args` and expects the ctime() text of the moment it ran.
fn expect_current_time(client: &str, args: &[&str]) {
    let before = now();
    let out = run(&bin(client), args, None);
    let after = now();
    assert_eq!(
        (out.code(), out.stderr.as_str()),
        (0, ""),
        "{client} {args:?}"
    );
    assert!(
        (before..=after).any(|t| ctime(t) == out.stdout),
        "{client} printed {:?}, not the time between {:?} and {:?}",
        out.stdout,
        ctime(before),
        ctime(after)
    );
}

#[test]
fn make_built_every_example_against_the_shared_library_with_its_run_path() {
    let lib = root().join("build/lib");
    let readme = std::fs::read_to_string(root().join("c-examples/README.md")).unwrap();
    let mut count = 0;
    // The 2nd edition's programs are named like the 1st edition's, so make
    // puts them into build/bin/practical/.
    for (dir, prefix) in [
        ("comer", ""),
        ("donahoo", ""),
        ("lecture", ""),
        ("practical", "practical/"),
        ("unp", ""),
        ("csapp", ""),
    ] {
        for entry in std::fs::read_dir(root().join("c-examples").join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|ext| ext != "c") {
                continue;
            }
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let name = format!("{prefix}{stem}");
            let out = Command::new("readelf")
                .arg("-d")
                .arg(bin(&name))
                .output()
                .expect("readelf (binutils) is installed");
            let dynamic = String::from_utf8_lossy(&out.stdout);
            assert!(
                dynamic.contains("Shared library: [libsockshim.so.0]"),
                "{name} does not use libsockshim.so.0:\n{dynamic}"
            );
            assert!(
                dynamic.contains(&format!("path: [{}]", lib.display())),
                "{name} lacks the run path {}:\n{dynamic}",
                lib.display()
            );
            assert!(
                readme.contains(&format!("`{name}`")),
                "c-examples/README.md does not describe {name}"
            );
            count += 1;
        }
    }
    assert!(count >= 43, "only {count} example programs");
}

#[test]
fn tcp_daytime_server_answers_its_client_with_the_current_time() {
    let port = free_tcp_port();
    let p = port.to_string();
    let server = Example::start("TCPdaytimed", &[&p], Proto::Tcp, port);
    expect_current_time("TCPdaytime", &["localhost", &p]);
    expect_current_time("TCPdaytime", &["127.0.0.1", &p]);
    server.stop_quietly();
}

#[test]
fn udp_time_server_answers_its_client_with_the_current_time() {
    let port = free_udp_port();
    let p = port.to_string();
    let server = Example::start("UDPtimed", &[&p], Proto::Udp, port);
    expect_current_time("UDPtime", &["localhost", &p]);
    expect_current_time("UDPtime", &["127.0.0.1", &p]);
    server.stop_quietly();
}

#[test]
fn comer_echo_servers_echo_every_line_of_tcpecho() {
    let input = tcpecho_input();
    for name in ["TCPechod", "TCPmtechod", "TCPmechod"] {
        let port = free_tcp_port();
        let p = port.to_string();
        let server = Example::start(name, &[&p], Proto::Tcp, port);
        for host in ["localhost", "127.0.0.1"] {
            let out = run(&bin("TCPecho"), &[host, &p], Some(input.as_bytes()));
            expect_output(&out, &input, &format!("TCPecho {host} against {name}"));
        }
        let out = run(&bin("TCPecho"), &["localhost", &p], Some(b""));
        expect_output(&out, "", &format!("TCPecho with no input against {name}"));
        server.expect_children_reaped(true);
        server.stop_quietly();
    }
}

#[test]
fn donahoo_echo_servers_echo_tcpechoclient_and_print_each_client() {
    let servers: [(&str, &[&str]); 4] = [
        ("TCPEchoServer", &[]),
        ("TCPEchoServer-Fork", &[]),
        ("TCPEchoServer-Thread", &[]),
        ("TCPEchoServer-ForkN", &["3"]),
    ];
    let input = tcpecho_input();
    for (name, extra) in servers {
        let port = free_tcp_port();
        let p = port.to_string();
        let mut args = vec![p.as_str()];
        args.extend_from_slice(extra);
        let mut server = Example::start(name, &args, Proto::Tcp, port);
        for word in ["Echo this!", "x"] {
            let out = run(&bin("TCPEchoClient"), &["127.0.0.1", word, &p], None);
            expect_output(&out, &format!("Received: {word}\n"), name);
            assert_eq!(server.lines(1), ["Handling client 127.0.0.1"], "{name}");
        }
        // The Comer client talks to the Donahoo servers too.
        let out = run(&bin("TCPecho"), &["localhost", &p], Some(input.as_bytes()));
        expect_output(&out, &input, &format!("TCPecho against {name}"));
        assert_eq!(server.lines(1), ["Handling client 127.0.0.1"], "{name}");

        if name == "TCPEchoServer-ForkN" {
            assert_eq!(server.children().len(), 3, "ForkN runs 3 workers");
            expect_graceful_stop(&mut server);
        } else {
            server.expect_children_reaped(true);
        }
        server.stop_quietly();
    }
}

/// TCPEchoServer-ForkN on SIGTERM: stops its workers, reaps them, exits 0.
fn expect_graceful_stop(server: &mut Example) {
    server.signal(libc::SIGTERM);
    let status = server.wait_exit();
    assert_eq!(status.code(), Some(0), "{}: {status}", server.name);
    let deadline = Instant::now() + WAIT;
    loop {
        let left: Vec<Proc> = processes()
            .into_iter()
            .filter(|p| p.pgrp == server.pid)
            .collect();
        if left.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{}: workers left after exit: {left:?}",
            server.name
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn udp_echo_server_answers_both_clients_and_prints_each_datagram() {
    let port = free_udp_port();
    let p = port.to_string();
    let server = Example::start("UDPEchoServer", &[&p], Proto::Udp, port);
    let out = run(
        &bin("UDPEchoClient"),
        &["127.0.0.1", "Echo this!", &p],
        None,
    );
    expect_output(&out, "Received: Echo this!\n", "UDPEchoClient");
    assert_eq!(server.lines(1), ["Handling client 127.0.0.1"]);

    let input = "one\ntwo words\n\nlast";
    let out = run(&bin("UDPecho"), &["localhost", &p], Some(input.as_bytes()));
    expect_output(&out, input, "UDPecho");
    assert_eq!(server.lines(4), vec!["Handling client 127.0.0.1"; 4]);
    server.stop_quietly();
}

/// Checks a dgram_receiver report: "received <n> bytes from 127.0.0.1:<port>: <text>".
fn expect_report(line: &str, n: usize, text: &str) {
    let prefix = format!("received {n} bytes from 127.0.0.1:");
    let rest = line
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{line:?} does not start with {prefix:?}"));
    let (port, payload) = rest
        .split_once(": ")
        .unwrap_or_else(|| panic!("no ': ' in {line:?}"));
    assert!(
        port.parse::<u16>().is_ok_and(|p| p > 0),
        "sender port {port:?} in {line:?}"
    );
    assert_eq!(payload, text, "{line:?}");
}

#[test]
fn dgram_receiver_reports_what_dgram_sender_sends_and_quits() {
    let port = free_udp_port();
    let p = port.to_string();
    let sender = bin("dgram_sender");
    let mut receiver = Example::start("dgram_receiver", &[&p], Proto::Udp, port);

    let out = run(&sender, &["localhost", &p], None);
    expect_output(&out, "sent 11 bytes\n", "default message");
    expect_report(&receiver.lines(1)[0], 11, "Hello World");

    let out = run(&sender, &["127.0.0.1", &p, "two\nlines\n"], None);
    expect_output(&out, "sent 10 bytes\n", "two lines");
    let lines = receiver.lines(3);
    expect_report(&lines[0], 10, "two");
    assert_eq!(lines[1..], ["lines", ""], "the payload, byte for byte");

    let out = run(&sender, &["localhost", &p, "quit"], None);
    expect_output(&out, "sent 4 bytes\n", "quit");
    expect_report(&receiver.lines(1)[0], 4, "quit");
    let status = receiver.wait_exit();
    assert_eq!(
        status.code(),
        Some(0),
        "dgram_receiver after quit: {status}"
    );
    receiver.stop_quietly();
}

/// The exact answer of hello_browser to `request`.
fn hello_page(request: &str) -> String {
    let shown = request
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n\
         <html><body><h1>Hello browser</h1>\n<p>Your request was:</p>\n\
         <pre>{shown}</pre>\n</body></html>\n"
    )
}

/// python3's http.client: prints the response as received (status line,
/// headers, empty line, body), with CRLF line ends in the head.
const PYTHON_CLIENT: &str = r#"
import http.client, sys
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=20)
conn.request("GET", "/hello?name=<b>&x=1", headers={"X-Test": "1 < 2 & 3 > 2"})
resp = conn.getresponse()
head = "HTTP/%d.%d %d %s\r\n" % (resp.version // 10, resp.version % 10, resp.status, resp.reason)
head += "".join("%s: %s\r\n" % kv for kv in resp.getheaders()) + "\r\n"
sys.stdout.buffer.write(head.encode("latin-1") + resp.read())
"#;

#[test]
fn hello_browser_answers_real_http_clients_with_the_escaped_request() {
    let port = free_tcp_port();
    let p = port.to_string();
    let server = Example::start("hello_browser", &[&p], Proto::Tcp, port);
    let host = format!("127.0.0.1:{port}");
    let mut clients = 0;

    if available("python3") {
        let out = run(
            std::path::Path::new("python3"),
            &["-c", PYTHON_CLIENT, &p],
            None,
        );
        let request = format!(
            "GET /hello?name=<b>&x=1 HTTP/1.1\r\nHost: {host}\r\n\
             Accept-Encoding: identity\r\nX-Test: 1 < 2 & 3 > 2\r\n\r\n"
        );
        expect_output(&out, &hello_page(&request), "python3 http.client");
        clients += 1;
    }
    if available("curl") {
        // No User-Agent and no Accept header: the request is then exact.
        let url = format!("http://{host}/curl/<i>&amp;");
        let out = run(
            std::path::Path::new("curl"),
            &[
                "-s",
                "-i",
                "--max-time",
                "20",
                "-A",
                "",
                "-H",
                "Accept:",
                &url,
            ],
            None,
        );
        let request = format!("GET /curl/<i>&amp; HTTP/1.1\r\nHost: {host}\r\n\r\n");
        expect_output(&out, &hello_page(&request), "curl");
        clients += 1;
    }
    assert!(clients > 0, "neither python3 nor curl is installed");

    // A bare-newline HTTP/1.0 request with a body: the body is not shown.
    let mut stream = tcp_client(port);
    let request = "GET /raw HTTP/1.0\nX-A: <&>\n\n";
    stream
        .write_all(format!("{request}body that is discarded").as_bytes())
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert_eq!(answer, hello_page(request), "bare newlines");
    server.stop_quietly();
}

#[test]
fn clients_and_servers_fail_with_the_textbook_messages() {
    let port = free_tcp_port();
    let p = port.to_string();
    // Nothing listens on `port`.
    let out = run(&bin("TCPdaytime"), &["127.0.0.1", &p], None);
    expect_error(
        &out,
        &format!("can't connect to 127.0.0.1.{p}: Connection refused\n"),
        "TCPdaytime",
    );
    let out = run(&bin("TCPecho"), &["localhost", &p], Some(b"hi\n"));
    expect_error(
        &out,
        &format!("can't connect to localhost.{p}: Connection refused\n"),
        "TCPecho",
    );
    let out = run(&bin("TCPEchoClient"), &["127.0.0.1", "hi", &p], None);
    expect_error(
        &out,
        "connect() failed: Connection refused\n",
        "TCPEchoClient",
    );

    // Something else listens on `port`.
    let busy = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let p = busy.local_addr().unwrap().port().to_string();
    let out = run(&bin("TCPdaytimed"), &[&p], None);
    expect_error(
        &out,
        &format!("can't bind to {p} port: Address already in use\n"),
        "TCPdaytimed",
    );
    let out = run(&bin("TCPEchoServer"), &[&p], None);
    expect_error(
        &out,
        "bind() failed: Address already in use\n",
        "TCPEchoServer",
    );
}

/// `name` serves CLIENTS simultaneous clients of PER_CLIENT bytes each;
/// afterwards no zombie is left, Donahoo servers printed one line per
/// client, and the server printed no error.
fn serves_concurrent_clients(name: &str, extra: &[&str], prints_clients: bool) {
    let port = free_tcp_port();
    let p = port.to_string();
    let mut args = vec![p.as_str()];
    args.extend_from_slice(extra);
    let mut server = Example::start(name, &args, Proto::Tcp, port);
    let started = Instant::now();
    run_concurrent_clients(port);
    eprintln!("{name}: {CLIENTS} clients in {:?}", started.elapsed());
    if prints_clients {
        assert_eq!(
            server.lines(CLIENTS),
            vec!["Handling client 127.0.0.1"; CLIENTS],
            "{name}"
        );
    }
    if name == "TCPEchoServer-ForkN" {
        // The workers live on; none of them is a zombie.
        server.expect_children_reaped(false);
        expect_graceful_stop(&mut server);
    } else {
        server.expect_children_reaped(true);
    }
    server.stop_quietly();
}

#[test]
fn tcpechod_serves_100_concurrent_clients_and_reaps_every_child() {
    serves_concurrent_clients("TCPechod", &[], false);
}

#[test]
fn tcpmtechod_serves_100_concurrent_clients() {
    serves_concurrent_clients("TCPmtechod", &[], false);
}

#[test]
fn tcpmechod_serves_100_concurrent_clients() {
    serves_concurrent_clients("TCPmechod", &[], false);
}

#[test]
fn tcpechoserver_fork_serves_100_concurrent_clients_and_reaps_every_child() {
    serves_concurrent_clients("TCPEchoServer-Fork", &[], true);
}

#[test]
fn tcpechoserver_thread_serves_100_concurrent_clients() {
    serves_concurrent_clients("TCPEchoServer-Thread", &[], true);
}

#[test]
fn tcpechoserver_forkn_serves_100_concurrent_clients_and_stops_cleanly() {
    serves_concurrent_clients("TCPEchoServer-ForkN", &["100"], true);
}
