//! The example servers under faults: clients that reset mid-stream,
//! half-close, read slowly or vanish while the server writes (SIGPIPE),
//! against every concurrent echo server (Comer & Stevens, Donahoo & Calvert
//! 1st and 2nd edition, CS:APP), while other clients are being served; a
//! storm of signals without SA_RESTART while servers wait in
//! AcceptTCPConnection; servers out of descriptors that recover; a burst of
//! 1000 connects.  UNP's threaded and select servers are left out of the
//! misbehaving-client runs on purpose: the book's str_echo ends the process
//! on a read error and its Writen raises SIGPIPE (UNP chapter 5 teaches
//! exactly these; tests/unp covers them as quirks).

mod common;
mod example_harness;
mod load;
use common::*;
use example_harness::*;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Sends `data`, closes the sending side, and returns everything echoed,
/// reading `chunk` bytes at a time with `pause` between reads.
fn echo_with(port: u16, data: Vec<u8>, chunk: usize, pause: Duration) -> Vec<u8> {
    let mut stream = tcp_client(port);
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        writer.write_all(&data).unwrap();
        writer.shutdown(Shutdown::Write).unwrap();
    });
    let mut back = Vec::new();
    let mut buf = vec![0u8; chunk];
    loop {
        let n = stream.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        back.extend_from_slice(&buf[..n]);
        std::thread::sleep(pause);
    }
    sender.join().unwrap();
    back
}

/// One request and its echo on a connection that stays open.
fn round_trip(stream: &mut TcpStream, text: &str) {
    stream.write_all(text.as_bytes()).unwrap();
    let mut back = vec![0u8; text.len()];
    stream.read_exact(&mut back).unwrap();
    assert_eq!(back, text.as_bytes());
}

/// What a server may print on stderr about clients that reset: the Comer
/// servers' own lines (their children or threads report and end), UNP's
/// str_echo and Writen in a child of unpechosrv ("str_echo: read error",
/// "writen error": the child ends), nothing from the other books' library
/// functions.
fn expected_stderr(name: &str, stderr: &str) {
    let reasons = ["Connection reset by peer", "Broken pipe"];
    let prefixes: &[&str] = match name {
        "TCPechod" | "TCPmtechod" | "TCPmechod" => &["echo: ", "echo read: ", "echo write: "],
        "unpechosrv" => &["str_echo: read error: ", "writen error: "],
        _ => &[],
    };
    for line in stderr.lines() {
        let known = prefixes.iter().any(|prefix| {
            line.strip_prefix(prefix)
                .is_some_and(|r| reasons.contains(&r))
        });
        assert!(known, "{name} printed {line:?} on stderr");
    }
}

/// Clients that reset mid-stream, half-close, read slowly, and vanish while
/// the server echoes (a write to them raises SIGPIPE unless avoided), while
/// three other clients are connected: those are still served, a new client
/// is served, the server is alive and printed nothing but its own lines.
fn survives_misbehaving_clients(name: &str, extra: &[&str]) {
    let port = free_tcp_port();
    let p = port.to_string();
    let mut args = vec![p.as_str()];
    args.extend_from_slice(extra);
    let mut server = Example::start(name, &args, Proto::Tcp, port);
    let mut bystanders: Vec<TcpStream> = (0..3)
        .map(|i| {
            let mut stream = tcp_client(port);
            round_trip(&mut stream, &format!("bystander {i}\n"));
            stream
        })
        .collect();

    // Reset mid-stream: part of the echo read, the rest refused with RST.
    for _ in 0..3 {
        let mut stream = tcp_client(port);
        stream.write_all(&random_bytes(64 << 10, 7)).unwrap();
        let mut some = [0u8; 1024];
        stream.read_exact(&mut some).unwrap();
        abort_on_close(&stream);
    }
    // Gone while the server echoes: 200 KB sent, nothing read, closed at
    // once (the unread echo makes it a reset).  The server's next send
    // fails with EPIPE, which raises SIGPIPE unless the library prevents it.
    // (One attempt in three or so hits that window.)
    let gone = random_bytes(200_000, 9);
    for _ in 0..20 {
        let mut stream = tcp_client(port);
        stream.write_all(&gone).unwrap();
        drop(stream);
        std::thread::sleep(Duration::from_millis(2));
    }
    // Half-close: everything sent is echoed before the server closes.
    let data = random_bytes(300_000, 11);
    assert!(
        echo_with(port, data.clone(), 64 << 10, Duration::ZERO) == data,
        "{name}: half-closed client's echo"
    );
    // A slow reader (4 KiB every 2 ms) of 512 KiB, while the bystanders go on.
    let slow_data = random_bytes(512 << 10, 13);
    let slow = {
        let data = slow_data.clone();
        std::thread::spawn(move || echo_with(port, data, 4096, Duration::from_millis(2)))
    };
    for round in 0..3 {
        for (i, stream) in bystanders.iter_mut().enumerate() {
            round_trip(stream, &format!("bystander {i} round {round}\n"));
        }
    }
    assert!(
        slow.join().unwrap() == slow_data,
        "{name}: slow reader's echo"
    );
    let mut late = tcp_client(port);
    round_trip(&mut late, "a new client\n");
    drop((late, bystanders));

    assert!(
        server.child.0.try_wait().unwrap().is_none(),
        "{name} died: {:?}",
        server.child.0.try_wait()
    );
    let (lines, stderr) = server.stop();
    if name.contains("TCPEchoServer") {
        for line in &lines {
            assert!(
                line.starts_with("Handling client 127.0.0.1") || line.starts_with("Binding to "),
                "{name} printed {line:?}"
            );
        }
    }
    expected_stderr(name, &stderr);
}

#[test]
fn tcpechod_survives_misbehaving_clients() {
    survives_misbehaving_clients("TCPechod", &[]);
}

#[test]
fn tcpmtechod_survives_misbehaving_clients() {
    survives_misbehaving_clients("TCPmtechod", &[]);
}

#[test]
fn tcpmechod_survives_misbehaving_clients() {
    survives_misbehaving_clients("TCPmechod", &[]);
}

#[test]
fn tcpechoserver_fork_survives_misbehaving_clients() {
    survives_misbehaving_clients("TCPEchoServer-Fork", &[]);
}

#[test]
fn tcpechoserver_thread_survives_misbehaving_clients() {
    survives_misbehaving_clients("TCPEchoServer-Thread", &[]);
}

#[test]
fn tcpechoserver_forkn_survives_misbehaving_clients() {
    survives_misbehaving_clients("TCPEchoServer-ForkN", &["4"]);
}

#[test]
fn practical_fork_server_survives_misbehaving_clients() {
    survives_misbehaving_clients("practical/TCPEchoServer-Fork", &[]);
}

#[test]
fn practical_thread_server_survives_misbehaving_clients() {
    survives_misbehaving_clients("practical/TCPEchoServer-Thread", &[]);
}

#[test]
fn practical_select_server_survives_misbehaving_clients() {
    survives_misbehaving_clients("practical/TCPEchoServer-Select", &[]);
}

#[test]
fn unpechosrv_survives_misbehaving_clients() {
    survives_misbehaving_clients("unpechosrv", &[]);
}

#[test]
fn echoserverp_survives_misbehaving_clients() {
    survives_misbehaving_clients("echoserverp", &[]);
}

#[test]
fn echoservert_survives_misbehaving_clients() {
    survives_misbehaving_clients("echoservert", &[]);
}

#[test]
fn echoservert_pre_survives_misbehaving_clients() {
    survives_misbehaving_clients("echoservert_pre", &[]);
}

#[test]
fn echoservers_survives_misbehaving_clients() {
    survives_misbehaving_clients("echoservers", &[]);
}

/// Sends SIGUSR1 to `pid` without pause until `stop` is set.
fn signal_storm(pid: u32, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let mut sent = 0;
        while !stop.load(Ordering::SeqCst) {
            // SAFETY: kill(2) on our own child, which handles SIGUSR1.
            if unsafe { libc::kill(pid as i32, libc::SIGUSR1) } == 0 {
                sent += 1;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        sent
    })
}

#[test]
fn a_signal_storm_without_sa_restart_never_fails_accept_or_the_echo() {
    for (edition, flags) in [("first", &[][..]), ("practical", &["-DPRACTICAL"][..])] {
        let include = format!("-I{}", root().join("include/sockshim/practical").display());
        let mut extra = vec![include.as_str()];
        extra.extend_from_slice(flags);
        let program = build_c_with(
            &format!("eintr_echod_{edition}"),
            &["tests/c/eintr_echod.c"],
            Link::Shared,
            &extra,
        );
        let port = free_tcp_port();
        let mut server = Server::start(&program, &[&port.to_string(), "20"]);
        let stop = Arc::new(AtomicBool::new(false));
        let storm = signal_storm(server.pid(), stop.clone());
        for i in 0..20 {
            // The server waits in accept (and then in recv) while signals
            // keep arriving.
            std::thread::sleep(Duration::from_millis(10));
            let back = echo_with(
                port,
                format!("client {i}\n").into_bytes(),
                64,
                Duration::ZERO,
            );
            assert_eq!(back, format!("client {i}\n").as_bytes(), "{edition}");
        }
        stop.store(true, Ordering::SeqCst);
        let sent = storm.join().unwrap();
        let status = server.wait_exit(Duration::from_secs(20));
        let line = server
            .stderr_line(Duration::from_secs(5))
            .unwrap_or_default();
        assert_eq!(status.code(), Some(0), "{edition}: {status:?} {line:?}");
        let caught: u64 = line
            .strip_prefix("signals=")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{edition}: {line:?}"));
        assert!(caught > 0, "{edition}: {sent} signals sent, none caught");
    }
}

/// `name` under a limit of 20 descriptors with 30 clients connected at once:
/// the first ones fill the descriptor table, the rest wait in the listen
/// queue while AcceptTCPConnection waits for a descriptor; as clients
/// leave, every one is served, and the server lives on.
fn recovers_from_descriptor_exhaustion(name: &str) {
    let port = free_tcp_port();
    let p = port.to_string();
    let server = Example::start_with(name, &[&p], &[], Proto::Tcp, port, |cmd| {
        limit_in_child(cmd, libc::RLIMIT_NOFILE, 20)
    });
    let mut clients: Vec<(TcpStream, String)> = (0..30)
        .map(|i| {
            let mut stream = tcp_client(port);
            let text = format!("client {i:02}\n");
            stream.write_all(text.as_bytes()).unwrap();
            (stream, text)
        })
        .collect();
    let pid = server.pid;
    let full = wait_for(WAIT, || {
        (0..20).all(|fd| std::fs::symlink_metadata(format!("/proc/{pid}/fd/{fd}")).is_ok())
    });
    assert!(full, "{name} never ran out of descriptors");
    for (stream, text) in &mut clients {
        let mut back = vec![0u8; text.len()];
        stream
            .read_exact(&mut back)
            .unwrap_or_else(|e| panic!("{name}: {text:?} not echoed: {e}"));
        assert_eq!(back, text.as_bytes(), "{name}");
        stream.shutdown(Shutdown::Both).unwrap();
    }
    drop(clients);
    let mut late = tcp_client(port);
    round_trip(&mut late, "after the shortage\n");
    drop(late);
    if name.contains("TCPEchoServer") {
        let handled = server
            .lines(if name.starts_with("practical/") {
                32
            } else {
                31
            })
            .iter()
            .filter(|l| l.starts_with("Handling client 127.0.0.1"))
            .count();
        assert_eq!(handled, 31, "{name}: one line per client");
    }
    let mut server = server;
    assert!(server.child.0.try_wait().unwrap().is_none(), "{name} died");
    let (_, stderr) = server.stop();
    assert_eq!(stderr, "", "{name}");
}

#[test]
fn tcpechoserver_thread_recovers_from_descriptor_exhaustion() {
    recovers_from_descriptor_exhaustion("TCPEchoServer-Thread");
}

#[test]
fn practical_thread_server_recovers_from_descriptor_exhaustion() {
    recovers_from_descriptor_exhaustion("practical/TCPEchoServer-Thread");
}

#[test]
fn unpechothread_recovers_from_descriptor_exhaustion() {
    recovers_from_descriptor_exhaustion("unpechothread");
}

#[test]
fn echoservert_recovers_from_descriptor_exhaustion() {
    recovers_from_descriptor_exhaustion("echoservert");
}

/// Connects BURST clients at once to `name` (each sends a short message,
/// reads its echo, and closes; for a server that is not an echo server,
/// each sends nothing and reads the answer): with the library's raised
/// backlog, none is reset, refused or left hanging.
fn burst(name: &str, extra: &[&str], echo: bool) -> load::Report {
    let port = free_tcp_port();
    let p = port.to_string();
    let mut args = vec![p.as_str()];
    args.extend_from_slice(extra);
    let server = Example::start(name, &args, Proto::Tcp, port);
    let report = load::run(load::Spec {
        port,
        clients: BURST,
        bytes: if echo { 64 } else { 0 },
        threads: 2,
        stall: Duration::from_secs(30),
        echo,
    });
    drop(server);
    report
}

/// How many clients connect at once.
const BURST: usize = 1000;

#[test]
fn a_burst_of_1000_connects_gets_no_reset_from_any_example_server() {
    load::raise_fd_limit();
    let site = std::env::temp_dir();
    let site = site.to_str().unwrap();
    let servers: [(&str, &[&str], bool); 23] = [
        ("TCPdaytimed", &[], false),
        ("TCPechod", &[], true),
        ("TCPmtechod", &[], true),
        ("TCPmechod", &[], true),
        ("TCPEchoServer", &[], true),
        ("TCPEchoServer-Fork", &[], true),
        ("TCPEchoServer-Thread", &[], true),
        ("TCPEchoServer-ForkN", &["8"], true),
        ("practical/TCPEchoServer", &[], true),
        ("practical/TCPEchoServer-Fork", &[], true),
        ("practical/TCPEchoServer-Thread", &[], true),
        ("practical/TCPEchoServer-Select", &[], true),
        ("hello_browser", &[], false),
        ("unpdaytimesrv", &[], false),
        ("unpechosrv", &[], true),
        ("unpechothread", &[], true),
        ("unpechoselect", &[], true),
        ("echoserveri", &[], true),
        ("echoserverp", &[], true),
        ("echoservers", &[], true),
        ("echoservert", &[], true),
        ("echoservert_pre", &[], true),
        ("tinyweb", &[site], false),
    ];
    let mut failed = Vec::new();
    for (name, extra, echo) in servers {
        let report = burst(name, extra, echo);
        eprintln!(
            "{name}: {BURST} connects at once: {} served, {} reset, {} refused, in {:?}",
            report.served, report.resets, report.refused, report.elapsed
        );
        if !report.all_served(BURST) {
            failed.push(format!("{name}: {report:?}"));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}
