//! Shared test harness: build C programs against the built library (shared
//! and static), pick free loopback ports, run programs with a time bound,
//! and own every server so that it is killed even when a test fails.
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How a test program links against sockshim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Shared,
    Static,
}

pub const BOTH: [Link; 2] = [Link::Shared, Link::Static];

/// What a program linked with the static library also needs, as `make`
/// wrote it from rustc's report.
pub fn static_libs() -> Vec<String> {
    let path = lib_dir().join("static-libs.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `make` first)", path.display()));
    text.split_whitespace().map(str::to_string).collect()
}

/// Upper bound for any single program run in a test.
pub const RUN_LIMIT: Duration = Duration::from_secs(60);

// How `make check-sanitize` and `make check-valgrind` rerun these tests
// (none of this is set by `make test`):
// - SHIMTEST_BIN_DIR: where the example programs are (default build/bin),
//   e.g. examples built with -fsanitize=address,undefined;
// - SHIMTEST_CFLAGS: extra compiler flags for the test programs build_c
//   makes, and SHIMTEST_FLAVOR the directory they go to under target/ctest;
// - SHIMTEST_WRAPPER: a command (split at spaces) that runs every program
//   of this repository the tests start, e.g. `valgrind --tool=memcheck ...`.

/// The extra compiler flags of SHIMTEST_CFLAGS.
fn extra_cflags() -> Vec<String> {
    std::env::var("SHIMTEST_CFLAGS")
        .map(|flags| flags.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// A command for `program`, run through SHIMTEST_WRAPPER when it is set
/// and the program is one of this repository's (not python3, nm, ...).
pub fn command_for(program: &Path) -> Command {
    let wrapper = std::env::var("SHIMTEST_WRAPPER").unwrap_or_default();
    let mut words = wrapper.split_whitespace();
    match words.next() {
        Some(tool) if program.starts_with(root()) => {
            let mut cmd = Command::new(tool);
            cmd.args(words).arg(program);
            cmd
        }
        _ => Command::new(program),
    }
}

/// Whether the test programs are built with sanitizers (make check-sanitize).
pub fn sanitized() -> bool {
    std::env::var("SHIMTEST_FLAVOR").is_ok_and(|f| f == "sanitize")
}

/// Whether the programs run under a wrapper (valgrind): slower, and with
/// descriptors of its own.
pub fn wrapped() -> bool {
    std::env::var("SHIMTEST_WRAPPER").is_ok_and(|w| !w.trim().is_empty())
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn lib_dir() -> PathBuf {
    let dir = root().join("build/lib");
    assert!(
        dir.join("libsockshim.so").exists() && dir.join("libsockshim.a").exists(),
        "run `make` first"
    );
    dir
}

/// Compiles C `sources` (paths relative to the repository) into a program
/// linked against sockshim, with -Wall -Wextra -Werror; returns its path.
pub fn build_c(name: &str, sources: &[&str], link: Link) -> PathBuf {
    build_c_with(name, sources, link, &[])
}

pub fn build_c_with(name: &str, sources: &[&str], link: Link, extra: &[&str]) -> PathBuf {
    let lib = lib_dir();
    let flavor = std::env::var("SHIMTEST_FLAVOR").unwrap_or_else(|_| "plain".into());
    let out_dir = root()
        .join("target/ctest")
        .join(flavor)
        .join(format!("{link:?}").to_lowercase());
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join(name);
    // Parallel tests may build the same program: compile to a unique name, then rename.
    let tmp = out_dir.join(format!(
        ".{name}.{}.{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut cc = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()));
    cc.args(["-O1", "-Wall", "-Wextra", "-Werror", "-pthread", "-I"])
        .arg(root().join("include"));
    cc.args(extra).args(extra_cflags());
    for src in sources {
        cc.arg(root().join(src));
    }
    cc.arg("-o").arg(&tmp);
    match link {
        Link::Shared => {
            cc.args(shared_link_args());
        }
        Link::Static => {
            cc.arg(lib.join("libsockshim.a")).args(static_libs());
        }
    }
    let result = cc.output().expect("a C compiler is installed");
    assert!(
        result.status.success(),
        "compiling {name} ({link:?}) failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::rename(&tmp, &out).unwrap();
    out
}

/// The compiler arguments that link a program with the built shared
/// library, found at run time through its run path.
pub fn shared_link_args() -> [String; 4] {
    let lib = lib_dir();
    [
        "-L".to_string(),
        lib.display().to_string(),
        "-lsockshim".to_string(),
        format!("-Wl,-rpath,{}", lib.display()),
    ]
}

/// A loopback TCP port that nothing listens on right now.
pub fn free_tcp_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A loopback UDP port that nothing is bound to right now.
pub fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The finished run of a program.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The exit code; panics (with the output) if a signal ended the program.
    pub fn code(&self) -> i32 {
        self.status
            .code()
            .unwrap_or_else(|| panic!("killed by a signal: {self:?}"))
    }
}

/// Runs `program` with `args` and optional stdin, bounded by RUN_LIMIT.
pub fn run(program: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    run_env(program, args, stdin, &[])
}

pub fn run_env(program: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut cmd = command_for(program);
    cmd.args(args).envs(env.iter().copied());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = Guard(
        cmd.spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", program.display())),
    );
    if let Some(input) = stdin {
        let mut pipe = child.0.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    let out = collect(child.0.stdout.take().unwrap());
    let err = collect(child.0.stderr.take().unwrap());
    let deadline = Instant::now() + RUN_LIMIT;
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "{} {args:?} did not finish in {RUN_LIMIT:?}",
            program.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        status,
        stdout: out.recv().unwrap(),
        stderr: err.recv().unwrap(),
    }
}

/// Reads a pipe to its end on a thread; the text arrives on the channel.
fn collect(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = tx.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    rx
}

/// Kills and reaps its child when dropped, also when a test panics.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A server program running in the background; killed when dropped.
pub struct Server {
    child: Guard,
    stderr_lines: mpsc::Receiver<String>,
    stdout: Option<ChildStdout>,
}

impl Server {
    /// Starts `program` and waits until its first stderr line says `ready`.
    pub fn start(program: &Path, args: &[&str]) -> Server {
        Server::start_env(program, args, &[])
    }

    pub fn start_env(program: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = command_for(program);
        cmd.args(args).envs(env.iter().copied());
        Server::start_command(cmd)
    }

    /// Starts a prepared command (its arguments, environment and pre_exec
    /// set by the caller) as a Server.
    pub fn start_command(mut cmd: Command) -> Server {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let what = format!("{cmd:?}");
        let mut child = Guard(cmd.spawn().unwrap());
        let stderr = child.0.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stdout = child.0.stdout.take();
        let server = Server {
            child,
            stderr_lines: rx,
            stdout,
        };
        let line = server.stderr_line(Duration::from_secs(20));
        assert!(
            line.as_deref().is_some_and(|l| l.contains("ready")),
            "{what} did not start: {line:?}"
        );
        server
    }

    /// The next line the server prints on stderr, if one comes in time.
    pub fn stderr_line(&self, wait: Duration) -> Option<String> {
        self.stderr_lines.recv_timeout(wait).ok()
    }

    /// Takes the server's stdout pipe (to read its output).
    pub fn take_stdout(&mut self) -> ChildStdout {
        self.stdout.take().expect("stdout taken once")
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.0.id()
    }

    /// Whether the server is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.0.try_wait().unwrap().is_none()
    }

    /// Waits (bounded) for the server to exit by itself; returns its status.
    pub fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.0.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "server did not exit within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Connects to 127.0.0.1:port with a bounded timeout on every operation.
pub fn tcp_client(port: u16) -> TcpStream {
    tcp_connect(([127, 0, 0, 1], port).into())
}

/// Connects to `addr` with a bounded timeout on every operation.
pub fn tcp_connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
}

/// Sends `data` on `stream` and reads the echo back concurrently, until the
/// server closes; returns what came back.
pub fn echo_back(mut stream: TcpStream, data: &[u8]) -> Vec<u8> {
    let mut writer = stream.try_clone().unwrap();
    let payload = data.to_vec();
    let sender = std::thread::spawn(move || {
        writer.write_all(&payload).unwrap();
        writer.shutdown(std::net::Shutdown::Write).unwrap();
    });
    let mut back = Vec::with_capacity(data.len());
    stream.read_to_end(&mut back).unwrap();
    sender.join().unwrap();
    back
}

/// Two clients of the echo server at `port` that reset their connection:
/// one after sending 16 MiB without reading, so the server is blocked in
/// send when the reset arrives (EPIPE/ECONNRESET, and SIGPIPE unless the
/// library avoids it), and one after a partial message.
pub fn reset_mid_stream(port: u16) {
    {
        let mut stream = tcp_client(port);
        stream
            .set_write_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let chunk = vec![7u8; 1 << 20];
        for _ in 0..16 {
            if stream.write_all(&chunk).is_err() {
                break;
            }
        }
        abort_on_close(&stream);
    }
    {
        let mut stream = tcp_client(port);
        stream.write_all(b"partial").unwrap();
        abort_on_close(&stream);
    }
}

/// Makes the kernel send RST instead of FIN when `stream` is closed.
pub fn abort_on_close(stream: &TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: `linger` is a valid option value of the given size.
    let ret = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&raw const linger).cast(),
            size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(ret, 0);
}

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
pub fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// The `call` test driver (tests/c/call.c) built for `link`.
pub fn call(link: Link) -> PathBuf {
    build_c("call", &["tests/c/call.c"], link)
}

/// Runs `call ARGS` and expects exactly `message` on stderr, nothing on
/// stdout, and exit status 1.
pub fn expect_failure(link: Link, args: &[&str], message: &str) {
    // Under sanitizers two cases cannot hold: the runtime needs descriptors
    // of its own (LeakSanitizer reads /proc, a report goes to a log file)
    // and hangs without them, and it leaves errno set when main starts, so
    // a bare DieWithError does not print "Success".
    if sanitized() && matches!(args.first(), Some(&"-n" | &"DieWithError")) {
        eprintln!("skipped under sanitizers: call {args:?}");
        return;
    }
    let out = run(&call(link), args, None);
    assert_eq!(
        (out.code(), out.stderr.as_str(), out.stdout.as_str()),
        (1, message, ""),
        "{link:?} call {args:?}"
    );
}

/// A loopback listener whose accept queue is full (backlog 0, one pending
/// connection that is never accepted): further SYNs are dropped, so a plain
/// connect to its port hangs.  Keep the returned values alive while used.
pub fn full_listener() -> (std::os::fd::OwnedFd, Vec<TcpStream>, u16) {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    // SAFETY: plain socket calls on a descriptor this function owns.
    let listener = unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0);
        OwnedFd::from_raw_fd(fd)
    };
    let addr = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: 0,
        sin_addr: libc::in_addr {
            s_addr: u32::from(std::net::Ipv4Addr::LOCALHOST).to_be(),
        },
        sin_zero: [0; 8],
    };
    let len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: `addr` is a valid sockaddr_in of `len` bytes.
    let bound = unsafe { libc::bind(listener.as_raw_fd(), (&raw const addr).cast(), len) };
    assert_eq!(bound, 0);
    // SAFETY: listen takes no pointers.
    assert_eq!(unsafe { libc::listen(listener.as_raw_fd(), 0) }, 0);
    let mut bound: libc::sockaddr_in = addr;
    let mut bound_len = len;
    // SAFETY: `bound` has room for `bound_len` bytes.
    unsafe {
        libc::getsockname(
            listener.as_raw_fd(),
            (&raw mut bound).cast(),
            &mut bound_len,
        )
    };
    let port = u16::from_be(bound.sin_port);
    // Fill the queue: connect until one attempt times out (bounded).
    let mut fillers = Vec::new();
    for _ in 0..8 {
        match TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(300))
        {
            Ok(stream) => fillers.push(stream),
            Err(_) => return (listener, fillers, port),
        }
    }
    panic!("could not fill the accept queue of port {port}");
}

/// Whether clang is installed.  .ci/run installs it, so under CI its
/// absence is a failure, not a reason to skip.
pub fn have_clang() -> bool {
    let found = Command::new("clang")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI must have clang (.ci/run installs it)"
    );
    found
}

/// Runs `program args` (with `env` added) with /etc/services and
/// /etc/protocols empty, as in a minimal container (a private mount
/// namespace; needs root).  `None` when this machine cannot make one.
pub fn run_without_databases(program: &Path, args: &[&str], env: &[(&str, &str)]) -> Option<Run> {
    let script = "mount --bind /dev/null /etc/services && mount --bind /dev/null /etc/protocols && exec \"$@\"";
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c", script, "sh", "true"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root and must be able to unshare"
        );
        eprintln!("skipped: no private mount namespace here");
        return None;
    }
    let mut full = vec!["-m", "sh", "-c", script, "sh", program.to_str().unwrap()];
    full.extend_from_slice(args);
    Some(run_env(Path::new("/usr/bin/unshare"), &full, None, env))
}

/// Makes `cmd`'s process start with `resource` (RLIMIT_NOFILE, ...) limited
/// to `value`, soft and hard, as `ulimit` in a shell would.
pub fn limit_in_child(cmd: &mut Command, resource: libc::__rlimit_resource_t, value: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs between fork and exec and only calls
    // setrlimit, which is async-signal-safe.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: value,
                rlim_max: value,
            };
            if libc::setrlimit(resource, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// A user id that owns no process on this machine now (for a child that
/// must be alone under its user's process limit).
pub fn unused_uid() -> u32 {
    let mut used = std::collections::HashSet::<u32>::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        for line in status.lines().filter(|l| l.starts_with("Uid:")) {
            used.extend(
                line.split_whitespace()
                    .skip(1)
                    .filter_map(|u| u.parse::<u32>().ok()),
            );
        }
    }
    let start = 60_000 + std::process::id() % 4_000;
    (start..start + 1_000)
        .find(|uid| !used.contains(uid))
        .expect("a free user id")
}

/// Makes `cmd`'s process run as user and group `uid` (no supplementary
/// groups) with at most `tasks` processes and threads for that user: only
/// for root, whom RLIMIT_NPROC does not bind.
pub fn as_user_with_task_limit(cmd: &mut Command, uid: u32, tasks: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs between fork and exec and only makes
    // async-signal-safe system calls.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: tasks,
                rlim_max: tasks,
            };
            if libc::setrlimit(libc::RLIMIT_NPROC, &limit) != 0
                || libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(uid) != 0
                || libc::setuid(uid) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Whether this test runs as root.
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The CPU time (user and system, in clock ticks) process `pid` has used.
pub fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_comm = &stat[stat.rfind(')').unwrap() + 1..];
    let fields: Vec<&str> = after_comm.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of stat(5); fields[0] is field 3.
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// The clock ticks per second of cpu_ticks.
pub fn ticks_per_second() -> u64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_CLK_TCK) as u64 }
}

/// How many descriptors process `pid` has open.
pub fn fd_count(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|dir| dir.count())
        .unwrap_or(0)
}

/// How many threads process `pid` has.
pub fn thread_count(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|dir| dir.count())
        .unwrap_or(0)
}

/// Waits (bounded by `limit`) until `done()` holds; false if it never did.
pub fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
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

/// A port base under which `ports` (base + each) are free for TCP and UDP
/// on `ip` (the address the server will bind).
pub fn free_port_base(ip: &str, ports: &[u16]) -> u16 {
    for _ in 0..50 {
        let base = free_tcp_port().saturating_sub(37);
        let free = ports.iter().all(|p| {
            TcpListener::bind((ip, base + p)).is_ok() && UdpSocket::bind((ip, base + p)).is_ok()
        });
        if base > 1024 && free {
            return base;
        }
    }
    panic!("no free port base found");
}

/// Makes `cmd`'s process die when this process does (PR_SET_PDEATHSIG),
/// and not start at all if this process is gone already.
pub fn die_with_parent(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id();
    // SAFETY: the closure runs in the child between fork and exec and only
    // makes async-signal-safe system calls.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if libc::getppid() as u32 != parent {
                return Err(std::io::Error::other("the parent process is gone"));
            }
            Ok(())
        });
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Proto {
    Tcp,
    Udp,
}

/// One line of /proc/<pid>/stat, the fields we need.
#[derive(Debug)]
pub struct Proc {
    pub pid: i32,
    pub state: char,
    pub ppid: i32,
    pub pgrp: i32,
}

/// Every process of the machine (thread group leaders) as /proc shows it.
pub fn processes() -> Vec<Proc> {
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
pub fn socket_inodes(pid: i32) -> HashSet<String> {
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
pub fn has_socket_on(pid: i32, port: u16, proto: Proto) -> bool {
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

/// Upper bound for a make, compiler or packaging run.
pub const TOOL_LIMIT: Duration = Duration::from_secs(300);

/// A directory of a test's own, target/`area`/`name`-<pid>, removed
/// afterwards unless the test failed.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(area: &str, name: &str) -> Scratch {
        let dir = root()
            .join("target")
            .join(area)
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    pub fn text(&self, rel: &str) -> String {
        self.path(rel).to_str().unwrap().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("kept {} for inspection", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Runs `cmd` to its end within `limit`, killing it otherwise.
pub fn exec(mut cmd: Command, limit: Duration) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = Guard(cmd.spawn().unwrap_or_else(|e| panic!("{cmd:?}: {e}")));
    let pipe = |mut p: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = p.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = pipe(Box::new(child.0.stdout.take().unwrap()));
    let err = pipe(Box::new(child.0.stderr.take().unwrap()));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "{cmd:?} ran over {limit:?}");
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// Bytes a program printed, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `make ARGS` in `dir`, with none of the caller's make state.
pub fn make_in(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("make");
    cmd.current_dir(dir).args(args);
    for var in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"] {
        cmd.env_remove(var);
    }
    cmd
}

/// A shell script at `path`: `#!/bin/sh`, then `body`.
pub fn script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The dynamic section's NEEDED libraries and RUNPATH of an executable.
pub fn dynamic_section(program: &Path) -> (Vec<String>, Option<String>) {
    let out = Command::new("readelf")
        .arg("-d")
        .arg(program)
        .output()
        .unwrap();
    let bracketed = |l: &str| l.split('[').nth(1)?.split(']').next().map(str::to_string);
    let lines = text(&out.stdout);
    let needed = lines
        .lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(bracketed)
        .collect();
    let runpath = lines
        .lines()
        .find(|l| l.contains("(RUNPATH)") || l.contains("(RPATH)"))
        .and_then(bracketed);
    (needed, runpath)
}

/// `nm ARGS --defined-only FILE`: (symbol, type letter) of every symbol a
/// library or object defines.
pub fn defined_symbols(args: &[&str], file: &Path) -> Vec<(String, char)> {
    let out = Command::new("nm")
        .args(args)
        .arg("--defined-only")
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "nm {args:?} {}", file.display());
    text(&out.stdout)
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            (f.len() == 3).then(|| (f[2].to_string(), f[1].chars().next().unwrap()))
        })
        .collect()
}

/// Runs `program args` in a new network namespace that has only the
/// loopback interface, brought up (needs root or user namespaces).  `None`
/// (after saying so on stderr) where this machine cannot make one.
pub fn run_loopback_only(program: &Path, args: &[&str]) -> Option<Run> {
    run_in_namespace("true", program, args)
}

/// Runs `program args` in a new network namespace with only the loopback
/// interface, brought up, after the shell commands `setup` (`ip addr ...`);
/// `None` as [`run_loopback_only`].
pub fn run_in_namespace(setup: &str, program: &Path, args: &[&str]) -> Option<Run> {
    let script = format!("ip link set lo up && {setup} && exec \"$@\"");
    let script = script.as_str();
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

/// A `run_in_namespace` setup: a host with an IPv4 address and IPv6 turned
/// off (no ::1), as in many containers.
pub const IPV4_ONLY_HOST: &str = "ip addr add 10.9.8.7/8 dev lo && \
    echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && \
    echo 1 > /proc/sys/net/ipv6/conf/lo/disable_ipv6";
