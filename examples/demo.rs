//! `make demo`: the example programs of c-examples/ (built by `make` into
//! build/bin, linked with -lsockshim) talking over loopback, with a short
//! transcript of every command and its answer.
//!
//!     cargo run --release --quiet --example demo -- [BIN_DIR]
//!
//! Servers run on free high ports (no root needed).  Every server is killed
//! when the demo ends, on every path: a `Server` kills and reaps its process
//! when dropped (also when the demo fails or panics), and each server asks
//! the kernel to kill it should the demo itself die (PR_SET_PDEATHSIG).
//! The servers stay in the demo's process group, so Ctrl-C stops them too.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{Proto, die_with_parent, has_socket_on};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Bound on every wait: a server getting ready, a client finishing.
const LIMIT: Duration = Duration::from_secs(10);

type Result<T> = std::result::Result<T, String>;

/// A port nothing is bound to right now.
fn free_port(proto: Proto) -> Result<u16> {
    let port = match proto {
        Proto::Tcp => TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()),
        Proto::Udp => UdpSocket::bind("127.0.0.1:0").and_then(|s| s.local_addr()),
    };
    port.map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// A command made to die with the demo, whatever ends the demo.
fn command(program: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args);
    die_with_parent(&mut cmd);
    cmd
}

/// Quotes a shell word for the transcript if it needs it.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-:=+,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Environment settings for a program: (name, value) pairs.
type Env<'a> = &'a [(&'a str, &'a str)];

fn shell_line(program: &Path, args: &[&str], env: Env) -> String {
    env.iter()
        .map(|(name, value)| format!("{name}={}", shell_word(value)))
        .chain(std::iter::once(program.display().to_string()))
        .chain(args.iter().map(|a| shell_word(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A server in the background; killed and reaped when dropped.
struct Server {
    name: String,
    child: Child,
    stdout: mpsc::Receiver<String>,
}

impl Server {
    /// Starts `program args` (printing the command) and waits until it
    /// serves `port`.
    fn start(program: &Path, args: &[&str], env: Env, proto: Proto, port: u16) -> Result<Server> {
        println!("$ {} &", shell_line(program, args, env));
        // "TCPEchoServer", or "practical/TCPEchoServer" for the 2nd edition's.
        let mut parts: Vec<String> = program
            .iter()
            .rev()
            .take_while(|part| *part != "bin")
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        parts.reverse();
        let name = parts.join("/");
        let child = command(program, args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        let mut server = Server {
            name,
            child,
            stdout: mpsc::channel().1,
        };
        let out = server.child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        server.stdout = rx;
        let deadline = Instant::now() + LIMIT;
        while !has_socket_on(server.child.id() as i32, port, proto) {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("{} stopped at once ({status})", server.name));
            }
            if Instant::now() > deadline {
                return Err(format!("{} is not serving after {LIMIT:?}", server.name));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        Ok(server)
    }

    /// Shows the next line the server prints on stdout.
    fn show_line(&self) -> Result<()> {
        let line = self
            .stdout
            .recv_timeout(LIMIT)
            .map_err(|_| format!("{} printed nothing", self.name))?;
        println!("  [{} prints] {line}", self.name);
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM, as `kill` in a shell; SIGKILL if the server lingers.
        if let Ok(None) = self.child.try_wait() {
            // SAFETY: kill(2) on our own child, not reaped yet.
            unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(2);
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads a pipe to its end on a thread.
fn collect(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = tx.send(bytes);
    });
    rx
}

/// Runs a client (printing the command and its answer), bounded by LIMIT;
/// returns its exit status.
fn client(program: &Path, args: &[&str], env: Env, input: Option<&str>) -> Result<ExitStatus> {
    match input {
        Some(text) => println!(
            "$ printf {} | {}",
            shell_word(&text.replace('\n', r"\n")),
            shell_line(program, args, env)
        ),
        None => println!("$ {}", shell_line(program, args, env)),
    }
    let mut child = command(program, args)
        .envs(env.iter().copied())
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if let (Some(text), Some(mut pipe)) = (input, child.stdin.take()) {
        let text = text.to_owned();
        std::thread::spawn(move || {
            let _ = pipe.write_all(text.as_bytes());
        });
    }
    let out = collect(child.stdout.take().expect("stdout is piped"));
    let err = collect(child.stderr.take().expect("stderr is piped"));
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{} did not finish in {LIMIT:?}", program.display()));
            }
        }
    };
    let mut stdout = std::io::stdout().lock();
    for bytes in [
        out.recv().unwrap_or_default(),
        err.recv().unwrap_or_default(),
    ] {
        let _ = stdout.write_all(&bytes);
    }
    if !status.success() {
        println!("(exit status {})", status.code().unwrap_or(-1));
    }
    Ok(status)
}

/// Expects a client to succeed.
fn ok(status: ExitStatus) -> Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(format!("a client failed ({status})"))
    }
}

/// The programs the demo runs.
const PROGRAMS: [&str; 15] = [
    "sockshim-serve",
    "TCPdaytimed",
    "TCPdaytime",
    "UDPtimed",
    "UDPtime",
    "TCPechod",
    "TCPecho",
    "TCPEchoServer-Thread",
    "TCPEchoClient",
    "practical/TCPEchoServer-Thread",
    "practical/TCPEchoClient",
    "unpechosrv",
    "unpechocli",
    "echoserveri",
    "echoclient",
];

fn demo(bin: &Path) -> Result<()> {
    for name in PROGRAMS {
        if !bin.join(name).exists() {
            return Err(format!(
                "{} is missing: run `make` first",
                bin.join(name).display()
            ));
        }
    }
    let program = |name: &str| bin.join(name);
    let tcp = Proto::Tcp;
    println!("sockshim demo: the textbook example programs (c-examples/), unchanged,");
    println!("linked with -lsockshim, talking over loopback on free high ports.");

    println!("\n# Comer & Stevens: DAYTIME over TCP (iterative server)");
    let port = free_port(tcp)?;
    let daytime_port = port.to_string();
    let p = daytime_port.as_str();
    let daytimed = Server::start(&program("TCPdaytimed"), &[p], &[], tcp, port)?;
    ok(client(
        &program("TCPdaytime"),
        &["localhost", p],
        &[],
        None,
    )?)?;

    println!("\n# Comer & Stevens: TIME over UDP (4 bytes, seconds since 1900)");
    let port = free_port(Proto::Udp)?;
    let p = &port.to_string();
    let timed = Server::start(&program("UDPtimed"), &[p], &[], Proto::Udp, port)?;
    ok(client(&program("UDPtime"), &["localhost", p], &[], None)?)?;

    println!("\n# Comer & Stevens: ECHO over TCP (one process per client)");
    let port = free_port(tcp)?;
    let p = &port.to_string();
    let echod = Server::start(&program("TCPechod"), &[p], &[], tcp, port)?;
    let lines = Some("hello\nworld\n");
    ok(client(&program("TCPecho"), &["localhost", p], &[], lines)?)?;

    println!("\n# Donahoo & Calvert, 1st edition: ECHO over TCP (one thread per client)");
    let port = free_port(tcp)?;
    let p = &port.to_string();
    let threaded = Server::start(&program("TCPEchoServer-Thread"), &[p], &[], tcp, port)?;
    let args = ["127.0.0.1", "Echo this!", p];
    ok(client(&program("TCPEchoClient"), &args, &[], None)?)?;
    threaded.show_line()?;

    println!("\n# Donahoo & Calvert, 2nd edition (#include \"Practical.h\"): the same pair, the");
    println!("# same library; this edition's AcceptTCPConnection also prints the port");
    let port = free_port(tcp)?;
    let p = &port.to_string();
    let second = Server::start(
        &program("practical/TCPEchoServer-Thread"),
        &[p],
        &[],
        tcp,
        port,
    )?;
    second.show_line()?;
    let args = ["127.0.0.1", "Echo this!", p];
    ok(client(
        &program("practical/TCPEchoClient"),
        &args,
        &[],
        None,
    )?)?;
    second.show_line()?;

    println!("\n# UNIX Network Programming: str_cli and str_echo over TCP (#include \"unp.h\")");
    let port = free_port(tcp)?;
    let p = &port.to_string();
    let unp = Server::start(&program("unpechosrv"), &[p], &[], tcp, port)?;
    let lines = Some("from unp.h\n");
    ok(client(
        &program("unpechocli"),
        &["127.0.0.1", p],
        &[],
        lines,
    )?)?;

    println!("\n# CS:APP: ECHO over TCP with Rio (#include \"csapp.h\", iterative server)");
    let port = free_port(tcp)?;
    let csapp_port = port.to_string();
    let p = csapp_port.as_str();
    let csapp = Server::start(&program("echoserveri"), &[p], &[], tcp, port)?;
    let lines = Some("hello\nworld\n");
    ok(client(
        &program("echoclient"),
        &["localhost", p],
        &[],
        lines,
    )?)?;
    csapp.show_line()?;
    csapp.show_line()?;

    println!("\n# Without a port argument the programs use \"daytime\" (13, root only);");
    println!("# SOCKSHIM_PORTBASE moves named services to high ports on both sides");
    let port = free_port(tcp)?;
    let base = (port - 13).to_string();
    let env = [("SOCKSHIM_PORTBASE", base.as_str())];
    let named = Server::start(&program("TCPdaytimed"), &[], &env, tcp, port)?;
    ok(client(&program("TCPdaytime"), &[], &env, None)?)?;

    println!("\n# sockshim-serve: echo, discard, daytime, chargen and time for textbook");
    println!("# clients, at a port base, without inetd or root");
    let port = free_port(tcp)?;
    let base = (port - 7).to_string();
    let env = [("SOCKSHIM_PORTBASE", base.as_str())];
    let serve_args = ["--portbase", base.as_str(), "--only", "echo,time"];
    let serve = Server::start(&program("sockshim-serve"), &serve_args, &[], tcp, port)?;
    ok(client(
        &program("TCPecho"),
        &["localhost"],
        &env,
        Some("served by sockshim-serve\n"),
    )?)?;
    ok(client(&program("UDPtime"), &["localhost"], &env, None)?)?;

    println!("\n# Stop the servers; a client then gets the textbook error message,");
    println!("# and with SOCKSHIM_EXPLAIN=1 a hint after it");
    let servers = [
        daytimed, timed, echod, threaded, second, unp, csapp, named, serve,
    ];
    let pids: Vec<String> = servers.iter().map(|s| s.child.id().to_string()).collect();
    println!("$ kill {}", pids.join(" "));
    let count = servers.len();
    drop(servers);
    let status = client(
        &program("TCPdaytime"),
        &["localhost", &daytime_port],
        &[],
        None,
    )?;
    if status.code() != Some(1) {
        return Err("TCPdaytime should have failed with status 1".into());
    }
    let explain = [("SOCKSHIM_EXPLAIN", "1")];
    let status = client(
        &program("TCPdaytime"),
        &["localhost", &daytime_port],
        &explain,
        None,
    )?;
    if status.code() != Some(1) {
        return Err("TCPdaytime should have failed with status 1".into());
    }
    println!(
        "\n# CS:APP's wrappers print the book's line and exit with status 0, as the book's do"
    );
    let status = client(
        &program("echoclient"),
        &["localhost", &csapp_port],
        &[],
        None,
    )?;
    if status.code() != Some(0) {
        return Err("echoclient should have failed with the book's status 0".into());
    }
    println!("(exit status 0)");
    println!("\ndemo done: {count} servers started, answered and stopped.");
    Ok(())
}

fn main() {
    let bin = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "build/bin".into()),
    );
    // The servers are owned inside demo(), so they are gone before exit().
    let code = match demo(&bin) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("demo failed: {message}");
            1
        }
    };
    std::process::exit(code);
}
