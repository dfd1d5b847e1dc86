//! What the tests of the example programs share (tests/examples.rs for the
//! 1st-edition-style programs, tests/practical_examples.rs for the 2nd
//! edition's): the programs as `make` built them, servers started in their
//! own process group and killed with it, exact-output helpers, and 100
//! concurrent clients of 256 KiB each.
//!
//! A server counts as started once /proc shows its own socket listening (TCP)
//! or bound (UDP) on the port: no probe connection, so the servers' output
//! can be checked line for line.  Each server runs in its own process group,
//! and the whole group is killed when the test ends, also when it fails.
#![allow(dead_code)]

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::CommandExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// How long a server may take to listen, to reap, to print, to exit.
pub const WAIT: Duration = Duration::from_secs(10);

/// An example program as `make` built it.
pub fn bin(name: &str) -> PathBuf {
    let dir = std::env::var_os("SHIMTEST_BIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("build/bin"));
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: run `make` first",
        path.display()
    );
    path
}

/// An example server running in its own process group.  Dropping it kills
/// the whole group (forked children included) and reaps the server; should
/// the test process die first, the kernel kills the server
/// (PR_SET_PDEATHSIG).
pub struct Example {
    pub name: String,
    pub pid: i32,
    pub child: Guard,
    pub stdout: mpsc::Receiver<String>,
    pub stderr: mpsc::Receiver<String>,
    pub stopped: bool,
}

impl Example {
    /// Starts build/bin/`name` with `args` and waits until it listens on
    /// (TCP) or is bound to (UDP) `port`.
    pub fn start(name: &str, args: &[&str], proto: Proto, port: u16) -> Example {
        Example::start_env(name, args, &[], proto, port)
    }

    /// Example::start with environment variables set for the server.
    pub fn start_env(
        name: &str,
        args: &[&str],
        env: &[(&str, &str)],
        proto: Proto,
        port: u16,
    ) -> Example {
        Example::start_with(name, args, env, proto, port, |_| {})
    }

    /// Example::start_env, with `configure` applied to the command last
    /// (e.g. a resource limit for the server).
    pub fn start_with(
        name: &str,
        args: &[&str],
        env: &[(&str, &str)],
        proto: Proto,
        port: u16,
        configure: impl FnOnce(&mut Command),
    ) -> Example {
        let mut cmd = command_for(&bin(name));
        cmd.args(args).envs(env.iter().copied());
        Example::launch(name, cmd, args, proto, port, configure)
    }

    /// Starts `program` (a path, e.g. a program a test built) with `args`
    /// and waits until it listens on (TCP) or is bound to (UDP) `port`.
    pub fn start_program(program: &Path, args: &[&str], proto: Proto, port: u16) -> Example {
        let name = program.file_name().unwrap().to_string_lossy().into_owned();
        let mut cmd = command_for(program);
        cmd.args(args);
        Example::launch(&name, cmd, args, proto, port, |_| {})
    }

    /// Spawns `cmd` (program, arguments and environment set) in its own
    /// process group, made to die with the test, with `configure` applied
    /// last, and waits until it serves `port`.
    fn launch(
        name: &str,
        mut cmd: Command,
        args: &[&str],
        proto: Proto,
        port: u16,
        configure: impl FnOnce(&mut Command),
    ) -> Example {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        die_with_parent(&mut cmd);
        configure(&mut cmd);
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
    pub fn lines(&self, n: usize) -> Vec<String> {
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

    pub fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on the pid of a child we have not reaped yet.
        assert_eq!(unsafe { libc::kill(self.pid, sig) }, 0);
    }

    /// Whether the server is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.0.try_wait().unwrap().is_none()
    }

    /// Waits (bounded) for the server to exit by itself.
    pub fn wait_exit(&mut self) -> ExitStatus {
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
    pub fn children(&self) -> Vec<Proc> {
        processes()
            .into_iter()
            .filter(|p| p.ppid == self.pid)
            .collect()
    }

    /// Waits (bounded) until the server has reaped every child that exited,
    /// and, if `all_gone`, until it has no child at all.
    pub fn expect_children_reaped(&self, all_gone: bool) {
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
    pub fn kill_group(&mut self) {
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
    pub fn stop(mut self) -> (Vec<String>, String) {
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
    pub fn stop_quietly(self) {
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
pub fn expect_output(run: &Run, stdout: &str, what: &str) {
    assert_eq!(
        (run.code(), run.stdout.as_str(), run.stderr.as_str()),
        (0, stdout, ""),
        "{what}"
    );
}

/// Expects a client run to fail with status 1, exactly `stderr`, no stdout.
pub fn expect_error(run: &Run, stderr: &str, what: &str) {
    assert_eq!(
        (run.code(), run.stdout.as_str(), run.stderr.as_str()),
        (1, "", stderr),
        "{what}"
    );
}

/// What TCPecho sends: short, empty, long (near its 4096-byte line buffer)
/// lines, and a last line without a newline.
pub fn tcpecho_input() -> String {
    format!(
        "hello, world\n\n{}\n\ttabs and  spaces \nno newline at the end",
        "0123456789".repeat(400)
    )
}

pub const CLIENTS: usize = 100;
pub const PER_CLIENT: usize = 256 << 10;
/// Echoed before the gate: proves the client is being served.
pub const FIRST: usize = 1000;
/// Clients connecting at once, at most: the Donahoo servers listen with
/// the textbook backlog of 5, and a burst beyond it overflows the accept
/// queue (the kernel then drops handshakes and data for seconds).
pub const CONNECTING: usize = 4;

/// Where the concurrent clients meet; waits give up (instead of hanging)
/// when one client fails or time runs out.
#[derive(Default)]
pub struct Gate {
    served: AtomicUsize,
    failed: AtomicBool,
}

impl Gate {
    /// Counts one more client as being served.
    pub fn add_served(&self) {
        self.served.fetch_add(1, Ordering::SeqCst);
    }

    /// Waits until `count` clients are being served.
    pub fn wait_until(&self, count: usize) {
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

/// Runs `count` clients at once, each on a thread of its own as
/// `client(index, gate)`; a client that panics fails the gate, so the
/// others stop waiting for it.  Returns what the clients that did not
/// panic returned.
pub fn run_clients<T: Send + 'static>(
    count: usize,
    client: impl Fn(usize, &Gate) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let gate = Arc::new(Gate::default());
    let client = Arc::new(client);
    let handles: Vec<_> = (0..count)
        .map(|index| {
            let gate = gate.clone();
            let client = client.clone();
            std::thread::spawn(move || {
                let result = catch_unwind(AssertUnwindSafe(|| client(index, &gate)));
                if result.is_err() {
                    gate.failed.store(true, Ordering::SeqCst);
                }
                result.ok()
            })
        })
        .collect();
    handles
        .into_iter()
        .filter_map(|h| h.join().ok().flatten())
        .collect()
}

/// Client number `index`: connects once few enough others are connecting,
/// gets a first chunk echoed, waits until all the clients are being served
/// at once, then sends the rest while reading the echo concurrently.
pub fn concurrent_client(port: u16, index: usize, gate: &Gate) -> u16 {
    let data = random_bytes(PER_CLIENT, index as u64 + 1);
    gate.wait_until(index.saturating_sub(CONNECTING - 1));
    let mut stream = tcp_client(port);
    let local_port = stream.local_addr().unwrap().port();
    stream.write_all(&data[..FIRST]).unwrap();
    let mut first = vec![0; FIRST];
    stream.read_exact(&mut first).unwrap();
    assert!(
        first == data[..FIRST],
        "client {index}: first chunk differs"
    );
    gate.add_served();

    gate.wait_until(CLIENTS);

    let back = echo_back(stream, &data[FIRST..]);
    assert_eq!(
        back.len(),
        PER_CLIENT - FIRST,
        "client {index}: echo length"
    );
    assert!(back == data[FIRST..], "client {index}: echoed bytes differ");
    local_port
}

/// Runs CLIENTS concurrent clients against `port`; panics unless every one
/// got all its bytes back.  Returns the clients' own (local) ports.
pub fn run_concurrent_clients(port: u16) -> Vec<u16> {
    let ports = run_clients(CLIENTS, move |index, gate| {
        concurrent_client(port, index, gate)
    });
    assert_eq!(
        ports.len(),
        CLIENTS,
        "clients that got their 256 KiB back intact"
    );
    ports
}
