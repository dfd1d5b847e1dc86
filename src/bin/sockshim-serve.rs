//! sockshim-serve: the classic simple services (echo, discard, daytime,
//! chargen, time) on TCP and UDP, at a port base plus the well-known port,
//! so unchanged textbook clients have something to talk to without inetd
//! or root.  Thread per TCP client (bounded), one thread per UDP socket;
//! SIGINT/SIGTERM stop it cleanly.

use sockshim::endpoint::{self, Names, ServerOptions};
use sockshim::{config, fatal};
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::fd::OwnedFd;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const USAGE: &str = "\
usage: sockshim-serve [--portbase N] [--bind ADDRESS] [--only SERVICE,...]

Serves echo (7), discard (9), daytime (13), chargen (19) and time (37) on
TCP and UDP, each at the port base plus its well-known port.  The port base
is --portbase, else SOCKSHIM_PORTBASE, else 0 (which needs root).

  --portbase N      add N to every well-known port (e.g. 10000: echo on 10007)
  --bind ADDRESS    listen on ADDRESS only (default: every local address;
                    IPv6 and IPv4 with SOCKSHIM_DUALSTACK=1)
  --only LIST       serve only these services, e.g. --only echo,daytime
  --version         print sockshim-serve's version and exit
  --help            this text

Example:  sockshim-serve --portbase 10000 &
          SOCKSHIM_PORTBASE=10000 ./TCPdaytime localhost
Stops on SIGINT (Ctrl-C) or SIGTERM.
";

/// The services, their well-known ports.
const SERVICES: &[(&str, u16)] = &[
    ("echo", 7),
    ("discard", 9),
    ("daytime", 13),
    ("chargen", 19),
    ("time", 37),
];

/// Seconds from 1900 (RFC 868) to 1970 (Unix).
const RFC868_OFFSET: u64 = 2_208_988_800;

/// At most this many TCP clients are served at once; more are closed at once.
const MAX_CLIENTS: usize = 1024;

/// A client that neither sends nor reads for this long is dropped.
const IDLE_LIMIT: Duration = Duration::from_secs(120);

struct Options {
    portbase: u16,
    bind: Option<String>,
    only: Vec<&'static str>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        portbase: config::get().portbase,
        bind: None,
        only: SERVICES.iter().map(|s| s.0).collect(),
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| rest.next().cloned().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--portbase" => {
                let text = value("--portbase")?;
                options.portbase = text
                    .trim()
                    .parse()
                    .map_err(|_| format!("--portbase {text:?}: expected 0 to 65535"))?;
            }
            "--bind" => options.bind = Some(value("--bind")?),
            "--only" => {
                let list = value("--only")?;
                options.only = Vec::new();
                for name in list.split(',') {
                    let known = SERVICES
                        .iter()
                        .find(|s| s.0 == name.trim())
                        .ok_or(format!("unknown service {name:?}"))?;
                    options.only.push(known.0);
                }
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(options)
}

/// What --version prints: the program and the library's version (one
/// version, Cargo.toml's).
fn version_line() -> String {
    format!("sockshim-serve {}", env!("CARGO_PKG_VERSION"))
}

/// The daytime text: as ctime(3) prints the local time.
fn daytime() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as libc::time_t;
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: ctime_r writes at most 26 bytes into `buf`, which has 64.
    let text = unsafe { libc::ctime_r(&now, buf.as_mut_ptr()) };
    if text.is_null() {
        return "unknown time\n".to_string();
    }
    // SAFETY: ctime_r succeeded, so `buf` holds a NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// The time reply: seconds since 1900 as 4 big-endian bytes (RFC 868).
fn time_reply() -> [u8; 4] {
    let unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    ((unix + RFC868_OFFSET) as u32).to_be_bytes()
}

/// Line `n` of the chargen pattern (RFC 864): 72 printable characters from
/// a rotating start, then CR LF.
fn chargen_line(n: usize) -> Vec<u8> {
    let mut line: Vec<u8> = (0..72).map(|i| b' ' + ((n + i) % 95) as u8).collect();
    line.extend_from_slice(b"\r\n");
    line
}

fn serve_tcp_client(service: &str, mut stream: TcpStream) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_LIMIT))?;
    stream.set_write_timeout(Some(IDLE_LIMIT))?;
    let mut buf = vec![0u8; 64 * 1024];
    match service {
        "echo" => loop {
            let n = stream.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            stream.write_all(&buf[..n])?;
        },
        "discard" => while stream.read(&mut buf)? > 0 {},
        "daytime" => stream.write_all(daytime().as_bytes())?,
        "time" => stream.write_all(&time_reply())?,
        "chargen" => {
            for n in 0.. {
                stream.write_all(&chargen_line(n))?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn serve_tcp(service: &'static str, listener: TcpListener, active: Arc<AtomicUsize>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CLIENTS {
            active.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let active = active.clone();
        std::thread::spawn(move || {
            let _ = serve_tcp_client(service, stream);
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

fn serve_udp(service: &'static str, socket: UdpSocket) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut lines = 0usize;
    loop {
        let Ok((n, from)) = socket.recv_from(&mut buf) else {
            continue;
        };
        let reply: Vec<u8> = match service {
            "echo" => buf[..n].to_vec(),
            "daytime" => daytime().into_bytes(),
            "time" => time_reply().to_vec(),
            "chargen" => {
                lines += 1;
                (0..(lines % 7))
                    .flat_map(|i| chargen_line(lines + i))
                    .collect()
            }
            _ => continue,
        };
        let _ = socket.send_to(&reply, from);
    }
}

/// Opens the TCP or UDP socket for a service through the library's core.
fn open(bind: Option<&str>, port: u16, transport: &str) -> Result<OwnedFd, String> {
    let knobs = config::get();
    let options = ServerOptions {
        base: 0,
        dualstack: knobs.dualstack,
        reuse_addr: true,
        allow_port_zero: false,
    };
    let service = port.to_string();
    Names::from_text(bind, Some(&service), Some(transport))
        .and_then(|names| endpoint::passive_named(&names, 128, &options))
        .map_err(|failure| {
            let message = fatal::comer_message(
                &failure,
                c"",
                &std::ffi::CString::new(service.clone()).unwrap_or_default(),
                c"",
            );
            format!("{} ({transport})", fatal::render(&message))
        })
}

/// Blocks SIGINT and SIGTERM in every thread and returns the set, so the
/// main thread can wait for them with sigwait.
fn block_stop_signals() -> libc::sigset_t {
    // SAFETY: the set is initialised by sigemptyset/sigaddset before use.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        set
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        println!("{}", version_line());
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(&args) {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("sockshim-serve: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let stop_signals = block_stop_signals();
    let active = Arc::new(AtomicUsize::new(0));
    let mut ports = Vec::new();
    for &(name, well_known) in SERVICES.iter().filter(|s| options.only.contains(&s.0)) {
        let Some(port) = well_known.checked_add(options.portbase) else {
            eprintln!(
                "sockshim-serve: port base {} puts {name} above 65535",
                options.portbase
            );
            return ExitCode::FAILURE;
        };
        let opened = open(options.bind.as_deref(), port, "tcp")
            .and_then(|t| Ok((t, open(options.bind.as_deref(), port, "udp")?)));
        let (tcp, udp) = match opened {
            Ok(pair) => pair,
            Err(problem) => {
                eprintln!("sockshim-serve: {problem}");
                if port < 1024 {
                    eprintln!("sockshim-serve: ports below 1024 need root: try --portbase 10000");
                }
                return ExitCode::FAILURE;
            }
        };
        let active = active.clone();
        std::thread::spawn(move || serve_tcp(name, TcpListener::from(tcp), active));
        std::thread::spawn(move || serve_udp(name, UdpSocket::from(udp)));
        ports.push(format!("{name} {port}"));
    }
    eprintln!("sockshim-serve: ready: {} (tcp and udp)", ports.join(", "));
    let mut signal: libc::c_int = 0;
    // SAFETY: `stop_signals` is an initialised set blocked in every thread.
    unsafe { libc::sigwait(&stop_signals, &mut signal) };
    eprintln!("sockshim-serve: stopped by signal {signal}");
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chargen_lines_rotate_through_printable_ascii() {
        assert_eq!(&chargen_line(0)[..3], b" !\"");
        assert_eq!(&chargen_line(1)[..3], b"!\"#");
        assert_eq!(chargen_line(0).len(), 74);
        assert!(
            chargen_line(94)
                .iter()
                .take(72)
                .all(|b| (32..127).contains(b))
        );
    }

    #[test]
    fn time_is_rfc_868() {
        let unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let expected = (unix + RFC868_OFFSET) as u32;
        let got = u32::from_be_bytes(time_reply());
        assert!(got.wrapping_sub(expected) < 5, "{got} vs {expected}");
    }

    #[test]
    fn arguments_are_checked() {
        let parse =
            |args: &[&str]| parse_args(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(parse(&["--portbase", "10000"]).unwrap().portbase, 10000);
        assert!(parse(&["--portbase", "x"]).is_err());
        assert!(parse(&["--only", "echo,nope"]).is_err());
        assert_eq!(
            parse(&["--only", "echo,time"]).unwrap().only,
            vec!["echo", "time"]
        );
        assert!(parse(&["--bogus"]).is_err());
    }

    #[test]
    fn version_is_the_libraries() {
        let library = sockshim::api::VERSION.to_str().unwrap();
        assert_eq!(version_line(), format!("sockshim-serve {library}"));
    }
}
