//! Helpers for the CS:APP layer's tests (tests/csapp*.rs): building programs
//! against include/sockshim/csapp/csapp.h, the test drivers, expectations
//! on a finished run, and book-style servers (which print no "ready" line)
//! run in their own process group, watched through /proc.
#![allow(dead_code)]

use crate::common::*;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{OnceLock, mpsc};
use std::time::{Duration, Instant};

/// How long a server may take to listen, to reap, to exit.
pub const WAIT: Duration = Duration::from_secs(10);

/// The directory of our csapp.h.
pub fn include_dir() -> String {
    root()
        .join("include/sockshim/csapp")
        .to_string_lossy()
        .into_owned()
}

/// Builds a program of `sources` against csapp.h and `link`.
pub fn build(name: &str, sources: &[&str], link: Link) -> PathBuf {
    build_with(name, sources, link, &[])
}

pub fn build_with(name: &str, sources: &[&str], link: Link, extra: &[&str]) -> PathBuf {
    let inc = include_dir();
    let mut flags = vec!["-I", inc.as_str()];
    flags.extend_from_slice(extra);
    build_c_with(&format!("csapp_{name}"), sources, link, &flags)
}

/// Builds `source` once per test process and link.
fn cached(cell: &'static [OnceLock<PathBuf>; 2], name: &str, source: &str, link: Link) -> PathBuf {
    let slot = &cell[usize::from(link == Link::Static)];
    slot.get_or_init(|| build(name, &[source], link)).clone()
}

/// tests/c/csapp/csapp_call.c: one sub-command per group of functions.
pub fn csapp_call(link: Link) -> PathBuf {
    static CELL: [OnceLock<PathBuf>; 2] = [OnceLock::new(), OnceLock::new()];
    cached(&CELL, "call", "tests/c/csapp/csapp_call.c", link)
}

/// tests/c/csapp/csapp_rio.c: the Rio driver.
pub fn csapp_rio(link: Link) -> PathBuf {
    static CELL: [OnceLock<PathBuf>; 2] = [OnceLock::new(), OnceLock::new()];
    cached(&CELL, "rio", "tests/c/csapp/csapp_rio.c", link)
}

/// An example program of c-examples/csapp, built against the shared library.
pub fn example(name: &str) -> PathBuf {
    build(
        &format!("example_{name}"),
        &[&format!("c-examples/csapp/{name}.c")],
        Link::Shared,
    )
}

/// Expects exactly this exit code, stdout and stderr.
#[track_caller]
pub fn expect(out: &Run, code: i32, stdout: &str, stderr: &str, what: &str) {
    assert_eq!(
        (out.code(), out.stdout.as_str(), out.stderr.as_str()),
        (code, stdout, stderr),
        "{what}"
    );
}

/// Expects a book failure: `stderr` exactly, nothing on stdout, status 0.
#[track_caller]
pub fn expect_book_failure(out: &Run, stderr: &str, what: &str) {
    expect(out, 0, "", stderr, what);
}

/// Expects a success: `stdout` exactly, nothing on stderr, status 0.
#[track_caller]
pub fn expect_success(out: &Run, stdout: &str, what: &str) {
    expect(out, 0, stdout, "", what);
}

/// Whether `program --version` runs.
pub fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// One process as /proc/<pid>/stat shows it.
#[derive(Debug)]
pub struct Proc {
    pub pid: i32,
    pub state: char,
    pub ppid: i32,
    pub pgrp: i32,
}

/// Every process of the machine (thread group leaders).
pub fn processes() -> Vec<Proc> {
    let mut procs = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
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

/// Whether one of process `pid`'s own sockets listens on TCP `port`.
fn listens_on(pid: i32, port: u16) -> bool {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    let inodes: HashSet<String> = fds
        .flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter_map(|target| {
            let target = target.to_string_lossy().into_owned();
            Some(
                target
                    .strip_prefix("socket:[")?
                    .strip_suffix(']')?
                    .to_owned(),
            )
        })
        .collect();
    ["/proc/net/tcp", "/proc/net/tcp6"].iter().any(|table| {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        text.lines().skip(1).any(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            f.len() > 9
                && f[3] == "0A"
                && f[1]
                    .rsplit(':')
                    .next()
                    .and_then(|hex| u16::from_str_radix(hex, 16).ok())
                    == Some(port)
                && inodes.contains(f[9])
        })
    })
}

/// A book-style server in its own process group.  Dropping it kills the
/// group (forked children included) and reaps the server; should the test
/// process die first, the kernel kills the server (PR_SET_PDEATHSIG).
pub struct BookServer {
    pub name: String,
    pub pid: i32,
    child: Guard,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
}

impl BookServer {
    /// Starts `program args` and waits until it listens on TCP `port`.
    pub fn start(program: &Path, args: &[&str], port: u16) -> BookServer {
        let name = program.file_name().unwrap().to_string_lossy().into_owned();
        let mut cmd = Command::new(program);
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
        let mut server = BookServer {
            name,
            pid,
            child,
            stdout,
            stderr,
        };
        let deadline = Instant::now() + WAIT;
        while !listens_on(pid, port) {
            if let Some(status) = server.child.0.try_wait().unwrap() {
                let stderr = server.stderr.recv_timeout(WAIT).unwrap_or_default();
                panic!(
                    "{} {args:?} exited ({status}) before serving: {stderr:?}",
                    server.name
                );
            }
            assert!(
                Instant::now() < deadline,
                "{} {args:?} is not listening on port {port} after {WAIT:?}",
                server.name
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

    /// Whether the server is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.0.try_wait().unwrap().is_none()
    }

    /// Waits (bounded) until no child of the server is a zombie and, if
    /// `all_gone`, until it has no child at all.
    pub fn expect_children_reaped(&self, all_gone: bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let children: Vec<Proc> = processes()
                .into_iter()
                .filter(|p| p.ppid == self.pid)
                .collect();
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

    /// Kills the group: first the processes the server started, while it
    /// is alive to reap them, then the server and whatever is left.
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
        if let Ok(None) = self.child.0.try_wait() {
            // SAFETY: kill(2) on the process group this test created.
            unsafe { libc::kill(-self.pid, libc::SIGKILL) };
        }
    }

    /// Kills the server; returns what it printed on stderr.
    pub fn stop(mut self) -> String {
        self.kill_group();
        let _ = self.child.0.wait();
        self.stderr
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("{}: stderr still open after {WAIT:?}", self.name))
    }
}

impl Drop for BookServer {
    fn drop(&mut self) {
        self.kill_group();
    }
}

/// Runs `program args` in a new network namespace that has only the
/// loopback interface, brought up (needs root or user namespaces).  `None`
/// (after saying so on stderr) where this machine cannot make one.
pub fn run_loopback_only(program: &Path, args: &[&str]) -> Option<Run> {
    let script = "ip link set lo up && exec \"$@\"";
    let probe = Command::new("unshare")
        .args(["-n", "sh", "-c", script, "sh", "true"])
        .output();
    let (unshare, prefix): (&str, &[&str]) = if probe.is_ok_and(|o| o.status.success()) {
        ("unshare", &["-n"])
    } else if Command::new("unshare")
        .args(["-rn", "sh", "-c", script, "sh", "true"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        ("unshare", &["-rn"])
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root and must be able to make a network namespace"
        );
        eprintln!("SKIPPED: no network namespace with only lo can be made here");
        return None;
    };
    let mut full: Vec<&str> = prefix.to_vec();
    full.extend(["sh", "-c", script, "sh", program.to_str().unwrap()]);
    full.extend_from_slice(args);
    let path = Command::new("sh")
        .args(["-c", &format!("command -v {unshare}")])
        .output()
        .unwrap();
    let path = String::from_utf8_lossy(&path.stdout).trim().to_owned();
    Some(run(Path::new(&path), &full, None))
}
