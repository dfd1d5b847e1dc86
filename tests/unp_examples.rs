//! The UNP-style programs of c-examples/unp/, as `make` builds them into
//! build/bin: each server on a free loopback port driven by its client (and
//! by many clients at once for the concurrent ones), with the exact output
//! checked; the forking server leaves no zombie; the programs fail with the
//! book's messages.
//!
//! The servers run as tests/example_harness's Example: started once /proc
//! shows their own socket on the port (no probe connection disturbs them),
//! each in its own process group, killed (with any children) when the test
//! ends, also when it fails.

mod common;
mod example_harness;
use common::*;
use example_harness::*;
use std::io::{BufRead, BufReader, Write};
use std::time::{SystemTime, UNIX_EPOCH};

fn ctime(t: i64) -> String {
    let mut buf = [0 as libc::c_char; 64];
    let t = t as libc::time_t;
    // SAFETY: ctime_r writes at most 26 bytes into buf.
    let p = unsafe { libc::ctime_r(&t, buf.as_mut_ptr()) };
    assert!(!p.is_null());
    // SAFETY: ctime_r NUL-terminated buf.
    unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn daytime_client_prints_the_servers_time_over_ipv4_and_ipv6() {
    for (server_args, client_host) in [
        (vec![], "127.0.0.1"),
        (vec![], "localhost"),
        (vec!["::"], "::1"),
        (vec!["::"], "127.0.0.1"),
    ] {
        let port = free_tcp_port();
        let p = port.to_string();
        let mut args = server_args.clone();
        args.push(&p);
        let server = Example::start("unpdaytimesrv", &args, Proto::Tcp, port);
        let before = now();
        let out = run(&bin("unpdaytimecli"), &[client_host, &p], None);
        let after = now();
        assert_eq!((out.code(), out.stderr.as_str()), (0, ""), "{out:?}");
        let expected: Vec<String> = (before..=after)
            .map(|t| format!("{}\r\n", &ctime(t)[..24]))
            .collect();
        assert!(
            expected.contains(&out.stdout),
            "{:?} not in {expected:?}",
            out.stdout
        );
        server.stop_quietly();
    }
}

/// `clients` TCP clients at once, each sending `lines` lines and reading
/// every one back.
fn many_echo_clients(port: u16, clients: usize, lines: usize) {
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            std::thread::spawn(move || {
                let stream = tcp_client(port);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                for l in 0..lines {
                    let text = format!("client {c} line {l} {}\n", "x".repeat(l % 300));
                    writer.write_all(text.as_bytes()).unwrap();
                    let mut back = String::new();
                    reader.read_line(&mut back).unwrap();
                    assert_eq!(back, text);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
}

fn echo_with_the_book_client(port: u16) {
    let input = "hello\n\nthe second line is empty\n".to_string() + &"y".repeat(3000) + "\n";
    let out = run(
        &bin("unpechocli"),
        &["127.0.0.1", &port.to_string()],
        Some(input.as_bytes()),
    );
    assert_eq!(
        (out.code(), out.stdout.as_str(), out.stderr.as_str()),
        (0, input.as_str(), "")
    );
}

#[test]
fn the_forking_echo_server_serves_many_clients_and_reaps_every_child() {
    let port = free_tcp_port();
    let server = Example::start("unpechosrv", &[&port.to_string()], Proto::Tcp, port);
    echo_with_the_book_client(port);
    many_echo_clients(port, 20, 50);
    server.expect_children_reaped(false);
    server.stop_quietly();
}

#[test]
fn the_select_echo_server_serves_many_clients_in_one_process() {
    let port = free_tcp_port();
    let server = Example::start("unpechoselect", &[&port.to_string()], Proto::Tcp, port);
    echo_with_the_book_client(port);
    many_echo_clients(port, 20, 50);
    server.stop_quietly();
}

#[test]
fn the_threaded_echo_server_serves_many_clients() {
    let port = free_tcp_port();
    let server = Example::start("unpechothread", &[&port.to_string()], Proto::Tcp, port);
    echo_with_the_book_client(port);
    many_echo_clients(port, 20, 50);
    server.stop_quietly();
}

#[test]
fn the_udp_echo_client_and_server_exchange_lines() {
    let port = free_udp_port();
    let p = port.to_string();
    let server = Example::start("unpudpsrv", &[&p], Proto::Udp, port);
    let input = "one\ntwo words\nthree\n";
    let out = run(
        &bin("unpudpcli"),
        &["127.0.0.1", &p],
        Some(input.as_bytes()),
    );
    assert_eq!(
        (out.code(), out.stdout.as_str(), out.stderr.as_str()),
        (0, input, "")
    );
    server.stop_quietly();
}

#[test]
fn the_examples_fail_with_the_books_messages() {
    let refused = free_tcp_port().to_string();
    let busy = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
    let busy = busy.local_addr().unwrap().port().to_string();
    let cases: Vec<(&str, Vec<&str>, String)> = vec![
        (
            "unpdaytimecli",
            vec!["127.0.0.1", &refused],
            format!("tcp_connect error for 127.0.0.1, {refused}: Connection refused\n"),
        ),
        (
            "unpechocli",
            vec!["127.0.0.1", &refused],
            format!("tcp_connect error for 127.0.0.1, {refused}: Connection refused\n"),
        ),
        (
            "unpdaytimesrv",
            vec![&busy],
            format!("tcp_listen error for (null), {busy}: Address already in use\n"),
        ),
        (
            "unpechosrv",
            vec![],
            "usage: unpechosrv <service or port#>\n".to_string(),
        ),
        (
            "unpudpcli",
            vec!["127.0.0.1"],
            "usage: unpudpcli <hostname/IPaddress> <service/port#>\n".to_string(),
        ),
    ];
    for (name, args, message) in cases {
        let out = run(&bin(name), &args, None);
        assert_eq!(
            (out.code(), out.stdout.as_str(), out.stderr.as_str()),
            (1, "", message.as_str()),
            "{name} {args:?}"
        );
    }
}
