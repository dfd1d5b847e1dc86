//! Many echo clients at once from a few threads, on non-blocking sockets
//! with epoll: used by the burst test (tests/faults.rs, 1000 connects at
//! once) and by `make stress` (examples/stress.rs, 1000 clients of 1 MiB).
//!
//! Every client connects (all of a thread's clients before any sends, so
//! the connects arrive as a burst), sends its bytes while reading the echo,
//! shuts down its sending side once everything is sent, and reads until
//! the server closes.  Every byte that comes back is compared with the
//! byte sent at that offset, and both directions are checksummed.  The
//! bytes of client `c` at offset `i` are a fixed function of (c, i), so
//! nothing is stored.  Bounded: a client that has made no progress for
//! `stall` is given up as stalled.
#![allow(dead_code)]

use std::io;
use std::net::SocketAddrV4;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub port: u16,
    pub clients: usize,
    /// Bytes each client sends (and expects back).
    pub bytes: usize,
    /// Client threads (each with its share of the clients).
    pub threads: usize,
    /// A client with no progress for this long is counted as stalled.
    pub stall: Duration,
    /// Whether the server echoes (else whatever it sends is taken as its
    /// answer, e.g. a daytime server's line, and not compared).
    pub echo: bool,
}

/// How a client ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Every byte came back, intact, then the server closed.
    Served,
    /// ECONNRESET (or EPIPE) at any point.
    Reset,
    /// ECONNREFUSED.
    Refused,
    /// The server closed before echoing everything.
    Short,
    /// A byte came back different from the byte sent.
    Corrupt,
    /// No progress within the stall limit.
    Stalled,
    /// Another error (its errno).
    Error(i32),
}

/// The outcome of a run.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub served: usize,
    pub resets: usize,
    pub refused: usize,
    pub short: usize,
    pub corrupt: usize,
    pub stalled: usize,
    pub errors: Vec<i32>,
    /// Bytes sent and received, over all clients.
    pub sent: u64,
    pub received: u64,
    /// Checksums of everything sent and everything received (a sum of
    /// per-byte hashes of (client, offset, byte), so order-independent).
    pub sent_sum: u64,
    pub received_sum: u64,
    pub elapsed: Duration,
}

impl Report {
    fn add(&mut self, end: End) {
        match end {
            End::Served => self.served += 1,
            End::Reset => self.resets += 1,
            End::Refused => self.refused += 1,
            End::Short => self.short += 1,
            End::Corrupt => self.corrupt += 1,
            End::Stalled => self.stalled += 1,
            End::Error(e) => self.errors.push(e),
        }
    }

    fn merge(&mut self, other: Report) {
        self.served += other.served;
        self.resets += other.resets;
        self.refused += other.refused;
        self.short += other.short;
        self.corrupt += other.corrupt;
        self.stalled += other.stalled;
        self.errors.extend(other.errors);
        self.sent += other.sent;
        self.received += other.received;
        self.sent_sum = self.sent_sum.wrapping_add(other.sent_sum);
        self.received_sum = self.received_sum.wrapping_add(other.received_sum);
    }

    /// Whether every client was served with every byte intact (for an
    /// echo; for another server, whether each got an answer and an end).
    pub fn all_served(&self, clients: usize) -> bool {
        self.served == clients && self.sent == self.received && self.sent_sum == self.received_sum
    }
}

/// Byte `offset` of client `client`'s stream.
pub fn byte_at(client: usize, offset: u64) -> u8 {
    let mut x = offset ^ ((client as u64) << 40) ^ 0x9E37_79B9_7F4A_7C15;
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (x >> 32) as u8
}

/// The checksum contribution of `byte` at `offset` of client `client`.
fn hash(client: usize, offset: u64, byte: u8) -> u64 {
    let x = (offset << 8 | u64::from(byte)) ^ ((client as u64) << 48);
    x.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17)
}

/// Sends and receives in chunks of this size.
const CHUNK: usize = 64 << 10;

struct Client {
    index: usize,
    fd: OwnedFd,
    connected: bool,
    sent: u64,
    received: u64,
    write_closed: bool,
    end: Option<End>,
    last_progress: Instant,
}

fn errno_end(errno: i32) -> End {
    match errno {
        libc::ECONNRESET | libc::EPIPE => End::Reset,
        libc::ECONNREFUSED => End::Refused,
        e => End::Error(e),
    }
}

fn last_errno() -> i32 {
    io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// A non-blocking TCP socket with a connect to 127.0.0.1:`port` under way.
fn start_connect(port: u16) -> Result<(OwnedFd, bool), i32> {
    // SAFETY: socket(2) takes no pointers; the result is checked.
    let fd = unsafe {
        libc::socket(
            libc::AF_INET,
            libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
            0,
        )
    };
    if fd < 0 {
        return Err(last_errno());
    }
    // SAFETY: `fd` is a new descriptor that nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let addr = SocketAddrV4::new(std::net::Ipv4Addr::LOCALHOST, port);
    let sin = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: addr.port().to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from(*addr.ip()).to_be(),
        },
        sin_zero: [0; 8],
    };
    // SAFETY: `sin` is a valid sockaddr_in of the given length.
    let rc = unsafe {
        libc::connect(
            fd.as_raw_fd(),
            (&raw const sin).cast(),
            size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        return Ok((fd, true));
    }
    match last_errno() {
        libc::EINPROGRESS => Ok((fd, false)),
        e => Err(e),
    }
}

fn epoll_set(epoll: RawFd, op: i32, fd: RawFd, events: u32, token: usize) {
    let mut event = libc::epoll_event {
        events,
        u64: token as u64,
    };
    // SAFETY: `event` is a valid epoll_event; the descriptors are open.
    let rc = unsafe { libc::epoll_ctl(epoll, op, fd, &mut event) };
    assert_eq!(rc, 0, "epoll_ctl: {}", io::Error::last_os_error());
}

/// The error pending on a socket (SO_ERROR), 0 if none.
fn socket_error(fd: RawFd) -> i32 {
    let mut value: libc::c_int = 0;
    let mut len = size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `value` has room for an int and `len` says so.
    unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_ERROR,
            (&raw mut value).cast(),
            &mut len,
        )
    };
    value
}

/// Runs the clients `first..first + count` in this thread.
fn run_share(spec: Spec, first: usize, count: usize) -> Report {
    let mut report = Report::default();
    // SAFETY: epoll_create1 takes no pointers; the result is checked.
    let epoll = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    assert!(epoll >= 0, "epoll_create1: {}", io::Error::last_os_error());
    // SAFETY: a new descriptor that nothing else owns.
    let epoll = unsafe { OwnedFd::from_raw_fd(epoll) };
    let mut clients: Vec<Client> = Vec::with_capacity(count);
    for index in first..first + count {
        match start_connect(spec.port) {
            Ok((fd, connected)) => {
                let token = clients.len();
                epoll_set(
                    epoll.as_raw_fd(),
                    libc::EPOLL_CTL_ADD,
                    fd.as_raw_fd(),
                    (libc::EPOLLIN | libc::EPOLLOUT) as u32,
                    token,
                );
                clients.push(Client {
                    index,
                    fd,
                    connected,
                    sent: 0,
                    received: 0,
                    write_closed: false,
                    end: None,
                    last_progress: Instant::now(),
                });
            }
            Err(e) => report.add(errno_end(e)),
        }
    }
    let mut open = clients.len();
    let mut buf = vec![0u8; CHUNK];
    let mut out = vec![0u8; CHUNK];
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 256];
    let total = spec.bytes as u64;
    while open > 0 {
        // SAFETY: `events` has room for its length of entries.
        let n = unsafe {
            libc::epoll_wait(
                epoll.as_raw_fd(),
                events.as_mut_ptr(),
                events.len() as i32,
                100,
            )
        };
        if n < 0 {
            assert_eq!(last_errno(), libc::EINTR, "epoll_wait");
            continue;
        }
        for event in &events[..n as usize] {
            let token = event.u64 as usize;
            let flags = event.events;
            let client = &mut clients[token];
            if client.end.is_some() {
                continue;
            }
            let fd = client.fd.as_raw_fd();
            let mut end = None;
            if !client.connected {
                match socket_error(fd) {
                    0 => client.connected = true,
                    e => end = Some(errno_end(e)),
                }
            }
            // Send what the socket takes.
            if end.is_none() && flags & libc::EPOLLOUT as u32 != 0 && client.sent < total {
                let len = (total - client.sent).min(CHUNK as u64) as usize;
                for (i, b) in out[..len].iter_mut().enumerate() {
                    *b = byte_at(client.index, client.sent + i as u64);
                }
                // SAFETY: `out` holds `len` initialised bytes.
                let rc = unsafe { libc::send(fd, out.as_ptr().cast(), len, libc::MSG_NOSIGNAL) };
                if rc > 0 {
                    for (i, &b) in out[..rc as usize].iter().enumerate() {
                        report.sent_sum = report.sent_sum.wrapping_add(hash(
                            client.index,
                            client.sent + i as u64,
                            b,
                        ));
                    }
                    client.sent += rc as u64;
                    report.sent += rc as u64;
                    client.last_progress = Instant::now();
                } else if rc < 0 && !matches!(last_errno(), libc::EAGAIN | libc::EINTR) {
                    end = Some(errno_end(last_errno()));
                }
            }
            if end.is_none() && client.sent == total && !client.write_closed {
                // SAFETY: shutdown(2) takes no pointers.
                unsafe { libc::shutdown(fd, libc::SHUT_WR) };
                client.write_closed = true;
                epoll_set(
                    epoll.as_raw_fd(),
                    libc::EPOLL_CTL_MOD,
                    fd,
                    libc::EPOLLIN as u32,
                    token,
                );
            }
            // Read what came back and check it.
            if end.is_none()
                && flags & (libc::EPOLLIN | libc::EPOLLHUP | libc::EPOLLERR) as u32 != 0
            {
                // SAFETY: `buf` has room for its length of bytes.
                let rc = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
                if rc > 0 {
                    for (i, &b) in buf[..rc as usize].iter().enumerate() {
                        let offset = client.received + i as u64;
                        if !spec.echo {
                            continue;
                        }
                        report.received_sum =
                            report
                                .received_sum
                                .wrapping_add(hash(client.index, offset, b));
                        if offset >= total || b != byte_at(client.index, offset) {
                            end = Some(End::Corrupt);
                        }
                    }
                    client.received += rc as u64;
                    if spec.echo {
                        report.received += rc as u64;
                    }
                    client.last_progress = Instant::now();
                } else if rc == 0 {
                    let complete = !spec.echo || client.received == total;
                    end = Some(if complete && client.write_closed {
                        End::Served
                    } else {
                        End::Short
                    });
                } else if !matches!(last_errno(), libc::EAGAIN | libc::EINTR) {
                    end = Some(errno_end(last_errno()));
                } else if flags & libc::EPOLLERR as u32 != 0 {
                    end = Some(errno_end(socket_error(fd)));
                }
            }
            if let Some(end) = end {
                client.end = Some(end);
                report.add(end);
                epoll_set(epoll.as_raw_fd(), libc::EPOLL_CTL_DEL, fd, 0, token);
                open -= 1;
            }
        }
        // Give up on clients that made no progress for too long.
        let now = Instant::now();
        for client in clients.iter_mut().filter(|c| c.end.is_none()) {
            if now.duration_since(client.last_progress) > spec.stall {
                client.end = Some(End::Stalled);
                report.add(End::Stalled);
                open -= 1;
            }
        }
    }
    report
}

/// Runs `spec.clients` clients against 127.0.0.1:`spec.port`.
pub fn run(spec: Spec) -> Report {
    let started = Instant::now();
    let threads = spec.threads.clamp(1, spec.clients.max(1));
    let per = spec.clients.div_ceil(threads);
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let first = t * per;
            let count = per.min(spec.clients.saturating_sub(first));
            std::thread::spawn(move || run_share(spec, first, count))
        })
        .collect();
    let mut report = Report::default();
    for handle in handles {
        report.merge(handle.join().expect("a client thread panicked"));
    }
    report.elapsed = started.elapsed();
    report
}

/// Raises this process's descriptor limit to its hard limit (a run of many
/// clients needs one descriptor each); returns the new soft limit.
pub fn raise_fd_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid rlimit to fill and then to set.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
    }
    limit.rlim_cur
}
