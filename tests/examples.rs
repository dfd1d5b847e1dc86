//! The example programs of c-examples/, as `make` builds them into build/bin:
//! every server on a free loopback port driven by its own client with the
//! exact output checked, the concurrent echo servers under 100 simultaneous
//! clients of 256 KiB each without leaving a zombie, and hello_browser
//! answered by real HTTP clients.
//!
//! A server counts as started once /proc shows its own socket listening (TCP)
//! or bound (UDP) on the port: no probe connection, so the servers' output
//! can be checked line for line.  Each server runs in its own process group,
//! and the whole group is killed when the test ends, also when it fails.

mod common;
use common::*;
use std::collections::HashSet;
use std::ffi::CStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener};
use std::os::unix::process::CommandExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long a server may take to listen, to reap, to print, to exit.
const WAIT: Duration = Duration::from_secs(10);

/// An example program as `make` built it.
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

/// One line of /proc/<pid>/stat, the fields we need.
#[derive(Debug)]
struct Proc {
    pid: i32,
    state: char,
    ppid: i32,
    pgrp: i32,
}

/// Every process of the machine (thread group leaders) as /proc shows it.
fn processes() -> Vec<Proc> {
    let mut procs = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        // The process may be gone already.
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid pgrp ..."; comm may contain spaces and ')'.
        let Some(close) = stat.rfind(')') else {
            continue;
        };
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        if fields.len() < 3 {
            continue;
        }
        procs.push(Proc {
            pid,
            state: fields[0].chars().next().unwrap_or('?'),
            ppid: fields[1].parse().unwrap_or(0),
            pgrp: fields[2].parse().unwrap_or(0),
        });
    }
    procs
}

/// The inodes of the sockets that process `pid` has open.
fn socket_inodes(pid: i32) -> HashSet<String> {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return HashSet::new();
    };
    fds.flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter_map(|target| {
            let target = target.to_string_lossy().into_owned();
            let inode = target.strip_prefix("socket:[")?.strip_suffix(']')?;
            Some(inode.to_owned())
        })
        .collect()
}

/// Whether one of process `pid`'s own sockets listens (TCP) or is bound
/// (UDP) on `port`.
fn has_socket_on(pid: i32, port: u16, proto: Proto) -> bool {
    let inodes = socket_inodes(pid);
    let (tables, state) = match proto {
        Proto::Tcp => (["/proc/net/tcp", "/proc/net/tcp6"], "0A"),
        Proto::Udp => (["/proc/net/udp", "/proc/net/udp6"], "07"),
    };
    tables.iter().any(|table| {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        text.lines().skip(1).any(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            f.len() > 9
                && f[3] == state
                && f[1]
                    .rsplit(':')
                    .next()
                    .and_then(|hex| u16::from_str_radix(hex, 16).ok())
                    == Some(port)
                && inodes.contains(f[9])
        })
    })
}

/// An example server running in its own process group.  Dropping it kills
/// the whole group (forked children included) and reaps the server; should
/// the test process die first, the kernel kills the server
/// (PR_SET_PDEATHSIG).
struct Example {
    name: String,
    pid: i32,
    child: Guard,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
    stopped: bool,
}

impl Example {
    /// Starts build/bin/`name` with `args` and waits until it listens on
    /// (TCP) or is bound to (UDP) `port`.
    fn start(name: &str, args: &[&str], proto: Proto, port: u16) -> Example {
        let mut cmd = Command::new(bin(name));
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        let parent = std::process::id();
        // SAFETY: the closure runs in the child between fork and exec and
        // only makes async-signal-safe system calls.
        unsafe {
            cmd.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::getppid() as u32 != parent {
                    return Err(std::io::Error::other("the test process is gone"));
                }
                Ok(())
            });
        }
        let mut child = Guard(cmd.spawn().unwrap_or_else(|e| panic!("spawn {name}: {e}")));
        let pid = child.0.id() as i32;
        let out = child.0.stdout.take().unwrap();
        let err = child.0.stderr.take().unwrap();
        let (out_tx, stdout) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if out_tx.send(line).is_err() {
                    break;
                }
            }
        });
        let (err_tx, stderr) = mpsc::channel();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = BufReader::new(err).read_to_end(&mut bytes);
            let _ = err_tx.send(String::from_utf8_lossy(&bytes).into_owned());
        });
        let mut server = Example {
            name: name.to_owned(),
            pid,
            child,
            stdout,
            stderr,
            stopped: false,
        };
        let deadline = Instant::now() + WAIT;
        while !has_socket_on(pid, port, proto) {
            if let Some(status) = server.child.0.try_wait().unwrap() {
                let stderr = server.stderr.recv_timeout(WAIT).unwrap_or_default();
                panic!("{name} {args:?} exited ({status}) before serving: {stderr:?}");
            }
            assert!(
                Instant::now() < deadline,
                "{name} {args:?} is not on {proto:?} port {port} after {WAIT:?}"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        server
    }

    /// The next `n` lines the server prints on stdout (bounded wait).
    fn lines(&self, n: usize) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        let mut lines = Vec::new();
        while lines.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) => lines.push(line),
                Err(_) => panic!(
                    "{}: {} of {n} stdout lines in {WAIT:?}: {lines:?}",
                    self.name,
                    lines.len()
                ),
            }
        }
        lines
    }

    fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on the pid of a child we have not reaped yet.
        assert_eq!(unsafe { libc::kill(self.pid, sig) }, 0);
    }

    /// Waits (bounded) for the server to exit by itself.
    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.0.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "{} did not exit in {WAIT:?}",
                self.name
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The server's child processes.
    fn children(&self) -> Vec<Proc> {
        processes()
            .into_iter()
            .filter(|p| p.ppid == self.pid)
            .collect()
    }

    /// Waits (bounded) until the server has reaped every child that exited,
    /// and, if `all_gone`, until it has no child at all.
    fn expect_children_reaped(&self, all_gone: bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let children = self.children();
            let zombies: Vec<i32> = children
                .iter()
                .filter(|p| p.state == 'Z')
                .map(|p| p.pid)
                .collect();
            if zombies.is_empty() && (!all_gone || children.is_empty()) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{}: children left after {WAIT:?} (zombies {zombies:?}): {children:?}",
                self.name
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Kills the server's process group: first the processes the server
    /// started, while it is alive to reap them (no zombie is left to init),
    /// then the server and whatever is left of its group.
    fn kill_group(&mut self) {
        let members: Vec<i32> = processes()
            .into_iter()
            .filter(|p| p.pgrp == self.pid && p.pid != self.pid && p.state != 'Z')
            .map(|p| p.pid)
            .collect();
        for &pid in &members {
            // SAFETY: kill(2) on a process of the group this test created.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while !members.is_empty()
            && Instant::now() < deadline
            && processes()
                .iter()
                .any(|p| p.ppid == self.pid && members.contains(&p.pid))
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        // While the server is not reaped, its pid names its group.
        if let Ok(None) = self.child.0.try_wait() {
            // SAFETY: kill(2) on the process group this test created.
            unsafe { libc::kill(-self.pid, libc::SIGKILL) };
        }
    }

    /// Kills the server (and its group); returns the stdout lines not read
    /// yet and everything it printed on stderr.
    fn stop(mut self) -> (Vec<String>, String) {
        self.kill_group();
        let _ = self.child.0.wait();
        self.stopped = true;
        let deadline = Instant::now() + WAIT;
        let mut rest = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) => rest.push(line),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    panic!("{}: stdout still open after {WAIT:?}", self.name)
                }
            }
        }
        let stderr = self
            .stderr
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("{}: stderr still open after {WAIT:?}", self.name));
        (rest, stderr)
    }

    /// Kills the server and expects no further output from it at all.
    fn stop_quietly(self) {
        let name = self.name.clone();
        let (rest, stderr) = self.stop();
        assert_eq!(
            (rest, stderr.as_str()),
            (Vec::new(), ""),
            "{name}: unexpected output"
        );
    }
}

impl Drop for Example {
    fn drop(&mut self) {
        // The Guard field then kills and reaps the server itself.
        if !self.stopped {
            self.kill_group();
        }
    }
}

/// Expects a client run to succeed with exactly `stdout` and no stderr.
fn expect_output(run: &Run, stdout: &str, what: &str) {
    assert_eq!(
        (run.code(), run.stdout.as_str(), run.stderr.as_str()),
        (0, stdout, ""),
        "{what}"
    );
}

/// Expects a client run to fail with status 1, exactly `stderr`, no stdout.
fn expect_error(run: &Run, stderr: &str, what: &str) {
    assert_eq!(
        (run.code(), run.stdout.as_str(), run.stderr.as_str()),
        (1, "", stderr),
        "{what}"
    );
}

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
    for dir in ["comer", "donahoo", "lecture", "csapp"] {
        for entry in std::fs::read_dir(root().join("c-examples").join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|ext| ext != "c") {
                continue;
            }
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
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
    assert!(count >= 27, "only {count} example programs");
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

/// What TCPecho sends: short, empty, long (near its 4096-byte line buffer)
/// lines, and a last line without a newline.
fn tcpecho_input() -> String {
    format!(
        "hello, world\n\n{}\n\ttabs and  spaces \nno newline at the end",
        "0123456789".repeat(400)
    )
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

/// Whether `program --version` runs.
fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
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

const CLIENTS: usize = 100;
const PER_CLIENT: usize = 256 << 10;
/// Echoed before the gate: proves the client is being served.
const FIRST: usize = 1000;
/// Clients connecting at once, at most: the Donahoo servers listen with
/// the textbook backlog of 5, and a burst beyond it overflows the accept
/// queue (the kernel then drops handshakes and data for seconds).
const CONNECTING: usize = 4;

/// Where the concurrent clients meet; waits give up (instead of hanging)
/// when one client fails or time runs out.
#[derive(Default)]
struct Gate {
    served: AtomicUsize,
    failed: AtomicBool,
}

impl Gate {
    /// Waits until `count` clients are being served.
    fn wait_until(&self, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.served.load(Ordering::SeqCst) < count {
            assert!(!self.failed.load(Ordering::SeqCst), "another client failed");
            assert!(
                Instant::now() < deadline,
                "only {} of {count} clients were being served after 30 s",
                self.served.load(Ordering::SeqCst)
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// Client number `index`: connects once few enough others are connecting,
/// gets a first chunk echoed, waits until all the clients are being served
/// at once, then sends the rest while reading the echo concurrently.
fn concurrent_client(port: u16, index: usize, gate: &Gate) {
    let data = random_bytes(PER_CLIENT, index as u64 + 1);
    gate.wait_until(index.saturating_sub(CONNECTING - 1));
    let mut stream = tcp_client(port);
    stream.write_all(&data[..FIRST]).unwrap();
    let mut first = vec![0; FIRST];
    stream.read_exact(&mut first).unwrap();
    assert!(
        first == data[..FIRST],
        "client {index}: first chunk differs"
    );
    gate.served.fetch_add(1, Ordering::SeqCst);

    gate.wait_until(CLIENTS);

    let mut writer = stream.try_clone().unwrap();
    let rest = data[FIRST..].to_vec();
    let sender = std::thread::spawn(move || {
        writer.write_all(&rest).unwrap();
        writer.shutdown(Shutdown::Write).unwrap();
    });
    let mut back = Vec::with_capacity(PER_CLIENT);
    stream.read_to_end(&mut back).unwrap();
    sender.join().unwrap();
    assert_eq!(
        back.len(),
        PER_CLIENT - FIRST,
        "client {index}: echo length"
    );
    assert!(back == data[FIRST..], "client {index}: echoed bytes differ");
}

/// Runs CLIENTS concurrent clients against `port`; panics unless every one
/// got all its bytes back.
fn run_concurrent_clients(port: u16) {
    let gate = Arc::new(Gate::default());
    let handles: Vec<_> = (0..CLIENTS)
        .map(|index| {
            let gate = gate.clone();
            std::thread::spawn(move || {
                let result =
                    catch_unwind(AssertUnwindSafe(|| concurrent_client(port, index, &gate)));
                if result.is_err() {
                    gate.failed.store(true, Ordering::SeqCst);
                }
                result.is_ok()
            })
        })
        .collect();
    let ok = handles
        .into_iter()
        .map(|h| h.join().unwrap_or(false))
        .filter(|&ok| ok)
        .count();
    assert_eq!(ok, CLIENTS, "clients that got their 256 KiB back intact");
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
