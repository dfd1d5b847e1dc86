//! The UNP-style programs of c-examples/unp/, as `make` builds them into
//! build/bin: each server on a free loopback port driven by its client (and
//! by many clients at once for the concurrent ones), with the exact output
//! checked; the forking server leaves no zombie; the programs fail with the
//! book's messages.
//!
//! A server counts as started once /proc shows its own socket listening
//! (TCP) or bound (UDP) on the port, so no probe connection disturbs it.
//! Each server runs in its own process group, killed (with any children)
//! when the test ends, also when it fails.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const WAIT: Duration = Duration::from_secs(10);

fn bin(name: &str) -> PathBuf {
    let path = root().join("build/bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run `make` first",
        path.display()
    );
    path
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Proto {
    Tcp,
    Udp,
}

/// The socket inodes process `pid` has open.
fn socket_inodes(pid: u32) -> Vec<String> {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    fds.flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter_map(|t| {
            let t = t.to_string_lossy().into_owned();
            Some(t.strip_prefix("socket:[")?.strip_suffix(']')?.to_owned())
        })
        .collect()
}

/// Whether one of `pid`'s sockets listens (TCP) or is bound (UDP) on `port`.
fn has_socket_on(pid: u32, port: u16, proto: Proto) -> bool {
    let inodes = socket_inodes(pid);
    let (tables, state) = match proto {
        Proto::Tcp => (["/proc/net/tcp", "/proc/net/tcp6"], "0A"),
        Proto::Udp => (["/proc/net/udp", "/proc/net/udp6"], "07"),
    };
    tables.iter().any(|table| {
        std::fs::read_to_string(table)
            .unwrap_or_default()
            .lines()
            .skip(1)
            .any(|line| {
                let f: Vec<&str> = line.split_whitespace().collect();
                f.len() > 9
                    && f[3] == state
                    && f[1]
                        .rsplit(':')
                        .next()
                        .and_then(|h| u16::from_str_radix(h, 16).ok())
                        == Some(port)
                    && inodes.iter().any(|i| i == f[9])
            })
    })
}

/// The children of `pid` that are zombies.
fn zombie_children(pid: u32) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some(close) = stat.rfind(')') else {
            continue;
        };
        let f: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        if f.len() > 2 && f[0] == "Z" && f[1] == pid.to_string() {
            count += 1;
        }
    }
    count
}

/// An example server in its own process group; the group dies on drop.
struct Example {
    child: Guard,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
}

fn collect(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        let _ = tx.send(text);
    });
    rx
}

impl Example {
    fn start(name: &str, args: &[&str], proto: Proto, port: u16) -> Example {
        let mut cmd = Command::new(bin(name));
        cmd.args(args)
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // SAFETY: prctl is async-signal-safe; the closure touches nothing else.
        unsafe {
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let mut child = Guard(cmd.spawn().unwrap());
        let stdout = collect(child.0.stdout.take().unwrap());
        let stderr = collect(child.0.stderr.take().unwrap());
        let mut example = Example {
            child,
            stdout,
            stderr,
        };
        let deadline = Instant::now() + WAIT;
        while !has_socket_on(example.pid(), port, proto) {
            if let Some(status) = example.child.0.try_wait().unwrap() {
                panic!(
                    "{name} {args:?} exited ({status:?}): {}",
                    example.stderr.recv_timeout(WAIT).unwrap_or_default()
                );
            }
            assert!(Instant::now() < deadline, "{name} {args:?} did not start");
            std::thread::sleep(Duration::from_millis(5));
        }
        example
    }

    fn pid(&self) -> u32 {
        self.child.0.id()
    }

    /// Stops the server; returns what it printed on stdout and stderr.
    fn stop(mut self) -> (String, String) {
        // SAFETY: kill takes no pointers; the group is the server's own.
        unsafe { libc::kill(-(self.pid() as i32), libc::SIGKILL) };
        let _ = self.child.0.wait();
        (
            self.stdout.recv_timeout(WAIT).unwrap_or_default(),
            self.stderr.recv_timeout(WAIT).unwrap_or_default(),
        )
    }
}

impl Drop for Example {
    fn drop(&mut self) {
        // SAFETY: as in stop().
        unsafe { libc::kill(-(self.child.0.id() as i32), libc::SIGKILL) };
    }
}

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
        assert_eq!(server.stop(), (String::new(), String::new()));
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
    let deadline = Instant::now() + WAIT;
    while zombie_children(server.pid()) > 0 {
        assert!(Instant::now() < deadline, "zombies left behind");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(server.stop(), (String::new(), String::new()));
}

#[test]
fn the_select_echo_server_serves_many_clients_in_one_process() {
    let port = free_tcp_port();
    let server = Example::start("unpechoselect", &[&port.to_string()], Proto::Tcp, port);
    echo_with_the_book_client(port);
    many_echo_clients(port, 20, 50);
    assert_eq!(server.stop(), (String::new(), String::new()));
}

#[test]
fn the_threaded_echo_server_serves_many_clients() {
    let port = free_tcp_port();
    let server = Example::start("unpechothread", &[&port.to_string()], Proto::Tcp, port);
    echo_with_the_book_client(port);
    many_echo_clients(port, 20, 50);
    assert_eq!(server.stop(), (String::new(), String::new()));
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
    assert_eq!(server.stop(), (String::new(), String::new()));
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
