//! The UNP layer (unp.h, unpthread.h) driven through `unpcall`
//! (tests/c/unp/call_*.c), a C program with one sub-command per case, built
//! once against the shared and once against the static library.  Every case
//! checks the exact stdout, stderr and exit status a book program would see.
//!
//! - [`errors`]: err_sys and friends, their format, limits and syslog path;
//! - [`wrappers`]: the socket, Unix, stdio and inet wrappers, success and
//!   every failure message;
//! - [`names`]: tcp_connect, tcp_listen, udp_*, host_serv, the sock_*
//!   helpers, and the SOCKSHIM_* knobs on them;
//! - [`quirks`]: what the book's text depends on (Signal and SIGALRM, EINTR
//!   fatal in Select and Accept, Accept's retries, SIGPIPE, $LISTENQ);
//! - [`misc`]: the echo helpers, timeouts, daemons, descriptor passing,
//!   gf_time, tv_sub, my_addrs, in_cksum and the pthread wrappers.

#[path = "../common/mod.rs"]
mod common;

mod errors;
mod misc;
mod names;
mod quirks;
mod wrappers;

use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `-I` the directory of unp.h, as `pkg-config --cflags sockshim-unp` gives.
pub fn unp_include() -> String {
    root()
        .join("include/sockshim/unp")
        .to_str()
        .expect("a UTF-8 checkout path")
        .to_string()
}

/// The unpcall driver for `link`, built once per test run.
pub fn unpcall(link: Link) -> &'static Path {
    static SHARED: OnceLock<PathBuf> = OnceLock::new();
    static STATIC: OnceLock<PathBuf> = OnceLock::new();
    let cell = match link {
        Link::Shared => &SHARED,
        Link::Static => &STATIC,
    };
    cell.get_or_init(|| {
        build_c_with(
            "unpcall",
            &[
                "tests/c/unp/call_main.c",
                "tests/c/unp/call_wrap.c",
                "tests/c/unp/call_names.c",
                "tests/c/unp/call_misc.c",
            ],
            link,
            &["-I", &unp_include()],
        )
    })
}

/// Runs `unpcall ARGS` with `stdin` and the environment `env`.
pub fn unp_run(link: Link, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    run_env(unpcall(link), args, stdin, env)
}

/// Runs `unpcall ARGS` and expects exactly this exit code, stdout and stderr.
#[track_caller]
pub fn expect(link: Link, args: &[&str], code: i32, stdout: &str, stderr: &str) {
    let out = unp_run(link, args, None, &[]);
    assert_eq!(
        (out.code(), out.stdout.as_str(), out.stderr.as_str()),
        (code, stdout, stderr),
        "{link:?} unpcall {args:?}"
    );
}

/// Expects `message` on stderr, nothing on stdout, exit status 1: how every
/// UNP wrapper fails.
#[track_caller]
pub fn expect_fail(link: Link, args: &[&str], message: &str) {
    expect(link, args, 1, "", message);
}

/// Starts `unpcall ARGS` as a server (it says "ready" on stderr once it
/// listens); killed when dropped.
pub fn unp_server(link: Link, args: &[&str], env: &[(&str, &str)]) -> Server {
    Server::start_env(unpcall(link), args, env)
}

/// How long a helper thread waits for the program under test.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(20);

/// A loopback TCP listener that serves exactly one connection with `serve`
/// on a thread (accept bounded by PATIENCE); returns the port and the thread.
pub fn one_tcp_client<F>(serve: F) -> (u16, std::thread::JoinHandle<()>)
where
    F: FnOnce(std::net::TcpStream) + Send + 'static,
{
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let handle = std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            match listener.accept() {
                Ok((stream, _)) => {
                    stream.set_nonblocking(false).unwrap();
                    stream.set_read_timeout(Some(PATIENCE)).unwrap();
                    stream.set_write_timeout(Some(PATIENCE)).unwrap();
                    serve(stream);
                    return;
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if std::time::Instant::now() > deadline {
                        return;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(e) => panic!("accept: {e}"),
            }
        }
    });
    (port, handle)
}

/// Echoes lines on one connection until the client closes.
pub fn echo_lines(stream: std::net::TcpStream) {
    use std::io::{BufRead, BufReader, Write};
    let mut writer = stream.try_clone().unwrap();
    for line in BufReader::new(stream).lines() {
        let Ok(line) = line else { return };
        if writer.write_all(format!("{line}\n").as_bytes()).is_err() {
            return;
        }
    }
}

/// A loopback UDP socket that answers up to `count` datagrams with
/// `prefix` + the datagram (bounded by PATIENCE); returns its port.
pub fn udp_answerer(count: usize, prefix: &'static str) -> (u16, std::thread::JoinHandle<()>) {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = socket.local_addr().unwrap().port();
    socket.set_read_timeout(Some(PATIENCE)).unwrap();
    let handle = std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        for _ in 0..count {
            let Ok((n, from)) = socket.recv_from(&mut buf) else {
                return;
            };
            let mut reply = prefix.as_bytes().to_vec();
            reply.extend_from_slice(&buf[..n]);
            socket.send_to(&reply, from).unwrap();
        }
    });
    (port, handle)
}
