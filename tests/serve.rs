//! sockshim-serve answered by real clients over TCP and UDP: our own test
//! client and the unchanged lecture clients, meeting it through
//! SOCKSHIM_PORTBASE; clean shutdown on SIGTERM; --help.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::time::Duration;

const PORTS: [u16; 5] = [7, 9, 13, 19, 37];

fn serve() -> PathBuf {
    let path = root().join("build/bin/sockshim-serve");
    assert!(path.exists(), "run `make` first");
    path
}

/// A port base under which all five services' TCP and UDP ports are free.
fn free_base() -> u16 {
    for _ in 0..50 {
        let base = free_tcp_port().saturating_sub(37);
        let all_free = PORTS.iter().all(|p| {
            TcpListener::bind(("0.0.0.0", base + p)).is_ok()
                && UdpSocket::bind(("0.0.0.0", base + p)).is_ok()
        });
        if base > 1024 && all_free {
            return base;
        }
    }
    panic!("no free port base found");
}

fn start(base: u16) -> Server {
    Server::start(&serve(), &["--portbase", &base.to_string()])
}

fn tcp(port: u16) -> TcpStream {
    let stream = tcp_client(port);
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

#[test]
fn every_service_answers_over_tcp() {
    let base = free_base();
    let _server = start(base);
    let mut echo = tcp(base + 7);
    echo.write_all(b"echo me\n").unwrap();
    let mut back = [0u8; 8];
    echo.read_exact(&mut back).unwrap();
    assert_eq!(&back, b"echo me\n");

    let mut discard = tcp(base + 9);
    discard.write_all(&[1u8; 100_000]).unwrap();
    discard.shutdown(std::net::Shutdown::Write).unwrap();
    let mut nothing = Vec::new();
    discard.read_to_end(&mut nothing).unwrap();
    assert!(nothing.is_empty());

    let mut text = String::new();
    tcp(base + 13).read_to_string(&mut text).unwrap();
    assert!(
        text.ends_with('\n') && text.len() == 25,
        "ctime-style daytime: {text:?}"
    );

    let mut line = [0u8; 74];
    tcp(base + 19).read_exact(&mut line).unwrap();
    assert_eq!(&line[..3], b" !\"");
    assert_eq!(&line[72..], b"\r\n");

    let mut time = Vec::new();
    tcp(base + 37).read_to_end(&mut time).unwrap();
    assert_eq!(time.len(), 4);
    let unix = u32::from_be_bytes(time.try_into().unwrap()).wrapping_sub(2_208_988_800);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as u32;
    assert!(now.wrapping_sub(unix) < 60, "time {unix} vs now {now}");
}

#[test]
fn every_service_answers_over_udp() {
    let base = free_base();
    let _server = start(base);
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = [0u8; 2048];
    let mut ask = |port: u16, what: &[u8]| -> Vec<u8> {
        for _ in 0..5 {
            sock.send_to(what, ("127.0.0.1", base + port)).unwrap();
            if let Ok((n, _)) = sock.recv_from(&mut buf) {
                return buf[..n].to_vec();
            }
        }
        panic!("no UDP answer on {}", base + port);
    };
    assert_eq!(ask(7, b"datagram"), b"datagram");
    assert_eq!(ask(13, b"").len(), 25);
    assert_eq!(ask(37, b"").len(), 4);
}

#[test]
fn unchanged_lecture_clients_meet_it_through_the_port_base() {
    let base = free_base();
    let _server = start(base);
    let base_text = base.to_string();
    let env = [("SOCKSHIM_PORTBASE", base_text.as_str())];
    for link in BOTH {
        let client = build_c("client", &["tests/c/client.c"], link);
        let out = run_env(
            &client,
            &["tcp", "localhost", "echo", "hello serve"],
            None,
            &env,
        );
        assert_eq!(
            (out.code(), out.stdout.as_str()),
            (0, "hello serve"),
            "{link:?} {out:?}"
        );
        let out = run_env(
            &client,
            &["udp", "localhost", "echo", "hello udp"],
            None,
            &env,
        );
        assert_eq!(
            (out.code(), out.stdout.as_str()),
            (0, "hello udp"),
            "{link:?} {out:?}"
        );
    }
    for program in ["TCPdaytime", "UDPtime"] {
        let path = root().join("build/bin").join(program);
        assert!(path.exists(), "run `make` first: {program}");
        let out = run_env(&path, &["localhost"], None, &env);
        assert_eq!(out.code(), 0, "{program}: {out:?}");
        assert_eq!(
            out.stdout.len(),
            25,
            "{program} prints a ctime line: {out:?}"
        );
    }
}

#[test]
fn stops_cleanly_on_sigterm_and_explains_itself() {
    let base = free_base();
    let mut server = start(base);
    // SAFETY: kill(2) takes no pointers; the pid is our own child's.
    unsafe { libc::kill(server.pid() as i32, libc::SIGTERM) };
    let status = server.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0));
    assert!(
        TcpListener::bind(("0.0.0.0", base + 7)).is_ok(),
        "port released"
    );

    let out = run(&serve(), &["--help"], None);
    assert_eq!(out.code(), 0);
    assert!(out.stdout.contains("--portbase N") && out.stdout.contains("SOCKSHIM_PORTBASE"));
    let out = run(&serve(), &["--portbase", "lots"], None);
    assert_eq!(out.code(), 2);
    assert!(
        out.stderr
            .starts_with("sockshim-serve: --portbase \"lots\": expected 0 to 65535"),
        "{out:?}"
    );
}
