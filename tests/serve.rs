//! sockshim-serve answered by real clients over TCP and UDP: our own test
//! client and the unchanged lecture clients, meeting it through
//! SOCKSHIM_PORTBASE; clean shutdown on SIGTERM; --help; out of
//! descriptors and out of threads, it keeps serving.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const PORTS: [u16; 5] = [7, 9, 13, 19, 37];

fn serve() -> PathBuf {
    let path = root().join("build/bin/sockshim-serve");
    assert!(path.exists(), "run `make` first");
    path
}

/// A port base under which all five services' TCP and UDP ports are free
/// (sockshim-serve binds the wildcard address).
fn free_base() -> u16 {
    free_port_base("0.0.0.0", &PORTS)
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

/// The echo service alone, under `limit` (applied to the command).
fn start_echo_only(base: u16, limit: impl FnOnce(&mut Command)) -> Server {
    let mut cmd = Command::new(serve());
    cmd.args(["--only", "echo", "--portbase", &base.to_string()]);
    limit(&mut cmd);
    Server::start_command(cmd)
}

/// Reads `expected.len()` bytes from `stream` and compares them.
fn expect_echo(stream: &mut TcpStream, expected: &[u8], what: &str) {
    let mut back = vec![0u8; expected.len()];
    stream
        .read_exact(&mut back)
        .unwrap_or_else(|e| panic!("{what}: no echo: {e}"));
    assert_eq!(back, expected, "{what}");
}

#[test]
fn out_of_descriptors_it_waits_without_spinning_then_serves_every_client() {
    let base = free_base();
    let mut server = start_echo_only(base, |cmd| limit_in_child(cmd, libc::RLIMIT_NOFILE, 20));
    let pid = server.pid();
    // 30 clients, more than 20 descriptors hold: the first ones are
    // accepted and served, the others wait in the listen queue.
    let mut clients: Vec<(TcpStream, Vec<u8>)> = (0..30)
        .map(|i| {
            let mut stream = tcp(base + 7);
            let message = format!("client {i:02}\n").into_bytes();
            stream.write_all(&message).unwrap();
            (stream, message)
        })
        .collect();
    assert_eq!(
        server.stderr_line(Duration::from_secs(20)).as_deref(),
        Some(
            "sockshim-serve: echo: cannot accept a client (Too many open files): \
             waiting for others to leave"
        )
    );
    // Descriptors 0 to 19 are all taken (inherited ones above the limit
    // do not count).
    let low = (0..20)
        .filter(|fd| std::fs::symlink_metadata(format!("/proc/{pid}/fd/{fd}")).is_ok())
        .count();
    assert_eq!(low, 20, "the server has used up its descriptors");

    // While it waits, it sleeps between attempts instead of spinning on
    // accept: in a second it uses less than a tenth of a second of CPU
    // (spinning, it used a quarter to all of a core, as the load allowed).
    let (ticks, started) = (cpu_ticks(pid), Instant::now());
    std::thread::sleep(Duration::from_secs(1));
    let used = cpu_ticks(pid) - ticks;
    let window = started.elapsed().as_millis() as u64 * ticks_per_second() / 1000;
    assert!(
        used * 10 <= window,
        "{used} of {window} clock ticks of CPU while out of descriptors"
    );

    // Each client that leaves frees a descriptor for the next: every one is
    // served, in the end.
    for (i, (stream, message)) in clients.iter_mut().enumerate() {
        expect_echo(stream, message, &format!("client {i}"));
        stream.shutdown(std::net::Shutdown::Both).unwrap();
    }
    drop(clients);
    assert_eq!(
        server.stderr_line(Duration::from_secs(20)).as_deref(),
        Some("sockshim-serve: echo: accepting clients again")
    );
    let mut late = tcp(base + 7);
    late.write_all(b"late\n").unwrap();
    expect_echo(&mut late, b"late\n", "a client after the shortage");
    assert!(server.is_running());
}

#[test]
fn when_no_thread_can_be_started_that_client_is_closed_and_serving_goes_on() {
    // RLIMIT_NPROC does not bind root, so as root the server runs as a user
    // of its own (that owns no other process) with the limit; as another
    // user the limit would count every process of that user, which this
    // test cannot control.
    if !is_root() {
        eprintln!(
            "SKIPPED: thread-creation failure needs root here (RLIMIT_NPROC \
             for a user id of its own); run `make test` as root to provoke it"
        );
        return;
    }
    let base = free_base();
    let uid = unused_uid();
    // The main thread, the TCP and the UDP thread, and two client threads.
    let mut server = start_echo_only(base, |cmd| as_user_with_task_limit(cmd, uid, 5));
    let mut served: Vec<TcpStream> = Vec::new();
    for i in 0..2 {
        let mut stream = tcp(base + 7);
        stream.write_all(b"held\n").unwrap();
        expect_echo(&mut stream, b"held\n", &format!("client {i}"));
        served.push(stream);
    }
    // A third client finds no thread: its connection is closed at once.
    let mut third = tcp(base + 7);
    let _ = third.write_all(b"third\n");
    let mut rest = Vec::new();
    let _ = third.read_to_end(&mut rest);
    assert!(rest.is_empty(), "the third client got {rest:?}");
    assert_eq!(
        server.stderr_line(Duration::from_secs(20)).as_deref(),
        Some(
            "sockshim-serve: echo: cannot start a thread for a client \
             (Resource temporarily unavailable): closed that connection"
        )
    );
    // The first clients are still served; once one leaves, new clients are
    // served again (each attempt before its thread has ended is closed and
    // says so).
    expect_echo_after_write(&mut served[1], b"still here\n");
    served.remove(0);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut stream = tcp(base + 7);
        let _ = stream.write_all(b"again\n");
        let mut back = [0u8; 6];
        if stream.read_exact(&mut back).is_ok() {
            assert_eq!(&back, b"again\n");
            break;
        }
        let line = server.stderr_line(Duration::from_secs(20));
        assert!(
            line.as_deref()
                .is_some_and(|l| l.contains("cannot start a thread for a client")),
            "{line:?}"
        );
        assert!(Instant::now() < deadline, "no client served after one left");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(server.is_running());
}

fn expect_echo_after_write(stream: &mut TcpStream, message: &[u8]) {
    stream.write_all(message).unwrap();
    expect_echo(stream, message, "a client served before");
}
