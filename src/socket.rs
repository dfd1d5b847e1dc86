//! Thin owned-descriptor wrappers over the libc socket calls.
//!
//! Raw libc with explicit flags, because the textbook contract is a plain
//! descriptor: no CLOEXEC, no non-blocking mode, no options we did not ask
//! for (std::net and socket2 would add some).  Every function returns the
//! errno of the call that failed, captured before anything else runs.

use std::ffi::{c_int, c_void};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

unsafe extern "C" {
    // Not in the libc crate for this target.
    fn inet_ntop(
        af: c_int,
        src: *const c_void,
        dst: *mut std::ffi::c_char,
        size: libc::socklen_t,
    ) -> *const std::ffi::c_char;
}

/// Turns a libc return value into a result carrying errno.
fn check(ret: c_int) -> io::Result<c_int> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

/// Retries `call` while it fails with EINTR.
fn retry_eintr<T>(mut call: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match call() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// socket(2) with exactly the given family, type and protocol.
pub fn open(family: c_int, sock_type: c_int, protocol: c_int) -> io::Result<OwnedFd> {
    // SAFETY: socket(2) takes no pointers.
    let fd = check(unsafe { libc::socket(family, sock_type, protocol) })?;
    // SAFETY: `fd` is a new descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// The address family of a std socket address.
pub fn family_of(addr: &SocketAddr) -> c_int {
    if addr.is_ipv4() {
        libc::AF_INET
    } else {
        libc::AF_INET6
    }
}

/// A std socket address as a C `sockaddr_storage` and its length.
pub fn std_to_sockaddr(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match addr {
        SocketAddr::V4(v4) => {
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in.
            let sin = unsafe { &mut *(&raw mut storage).cast::<libc::sockaddr_in>() };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = v4.port().to_be();
            sin.sin_addr.s_addr = u32::from(*v4.ip()).to_be();
            size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(v6) => {
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in6.
            let sin6 = unsafe { &mut *(&raw mut storage).cast::<libc::sockaddr_in6>() };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = v6.port().to_be();
            sin6.sin6_addr.s6_addr = v6.ip().octets();
            sin6.sin6_flowinfo = v6.flowinfo();
            sin6.sin6_scope_id = v6.scope_id();
            size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as libc::socklen_t)
}

/// Converts a C socket address to std's, for the IPv4 and IPv6 families.
///
/// # Safety
/// `addr` must point at `len` readable bytes holding a socket address.
pub unsafe fn sockaddr_to_std(
    addr: *const libc::sockaddr_storage,
    len: libc::socklen_t,
) -> Option<SocketAddr> {
    if addr.is_null() {
        return None;
    }
    let len = len as usize;
    // SAFETY: every socket address starts with its family; the caller vouches for the bytes.
    match c_int::from(unsafe { (*addr).ss_family }) {
        libc::AF_INET if len >= size_of::<libc::sockaddr_in>() => {
            // SAFETY: family and length say this is a sockaddr_in.
            let sin = unsafe { &*addr.cast::<libc::sockaddr_in>() };
            let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
            Some(SocketAddr::V4(SocketAddrV4::new(
                ip,
                u16::from_be(sin.sin_port),
            )))
        }
        libc::AF_INET6 if len >= size_of::<libc::sockaddr_in6>() => {
            // SAFETY: family and length say this is a sockaddr_in6.
            let sin6 = unsafe { &*addr.cast::<libc::sockaddr_in6>() };
            let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
            let port = u16::from_be(sin6.sin6_port);
            Some(SocketAddr::V6(SocketAddrV6::new(
                ip,
                port,
                sin6.sin6_flowinfo,
                sin6.sin6_scope_id,
            )))
        }
        _ => None,
    }
}

/// connect(2).  An interrupted connect goes on in the kernel, so EINTR waits
/// for it to finish instead of failing.
pub fn connect(fd: &OwnedFd, addr: &SocketAddr) -> io::Result<()> {
    let (storage, len) = std_to_sockaddr(addr);
    // SAFETY: `storage` holds a socket address of `len` bytes.
    let ret = unsafe { libc::connect(fd.as_raw_fd(), (&raw const storage).cast(), len) };
    match check(ret) {
        Err(e) if e.kind() == io::ErrorKind::Interrupted => wait_connected(fd.as_raw_fd(), None),
        other => other.map(drop),
    }
}

/// connect(2) bounded by `timeout`: the attempt runs non-blocking and the
/// descriptor is put back to its original (blocking) mode before returning,
/// whatever the outcome.  Expiry is ETIMEDOUT.
pub fn connect_timeout(fd: &OwnedFd, addr: &SocketAddr, timeout: Duration) -> io::Result<()> {
    let raw = fd.as_raw_fd();
    // SAFETY: fcntl F_GETFL takes no pointers.
    let flags = check(unsafe { libc::fcntl(raw, libc::F_GETFL) })?;
    // SAFETY: fcntl F_SETFL takes no pointers.
    check(unsafe { libc::fcntl(raw, libc::F_SETFL, flags | libc::O_NONBLOCK) })?;
    let (storage, len) = std_to_sockaddr(addr);
    // SAFETY: `storage` holds a socket address of `len` bytes.
    let started = check(unsafe { libc::connect(raw, (&raw const storage).cast(), len) });
    let result = match started {
        Ok(_) => Ok(()),
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {
            wait_connected(raw, Some(Instant::now() + timeout))
        }
        Err(e) => Err(e),
    };
    // SAFETY: fcntl F_SETFL takes no pointers.
    let restored = check(unsafe { libc::fcntl(raw, libc::F_SETFL, flags) });
    result.and(restored.map(drop))
}

/// Waits until a connect in progress on `fd` ends, or `deadline` (if any)
/// passes (ETIMEDOUT), and returns its outcome.  EINTR keeps waiting.
fn wait_connected(fd: RawFd, deadline: Option<Instant>) -> io::Result<()> {
    loop {
        let ms = match deadline {
            None => -1,
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(io::Error::from_raw_os_error(libc::ETIMEDOUT));
                }
                c_int::try_from(left.as_millis().max(1)).unwrap_or(c_int::MAX)
            }
        };
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLOUT,
            revents: 0,
        };
        // SAFETY: `poll` is one valid pollfd.
        match check(unsafe { libc::poll(&mut poll, 1, ms) }) {
            Ok(0) => continue,
            Ok(_) => {
                return match socket_error(fd)? {
                    0 => Ok(()),
                    errno => Err(io::Error::from_raw_os_error(errno)),
                };
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// The pending error of a socket (SO_ERROR), 0 if none.
pub fn socket_error(fd: RawFd) -> io::Result<c_int> {
    let mut errno: c_int = 0;
    let mut len = size_of::<c_int>() as libc::socklen_t;
    // SAFETY: `errno` and `len` are valid for the option's size.
    let ret = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_ERROR,
            (&raw mut errno).cast::<c_void>(),
            &mut len,
        )
    };
    check(ret).map(|_| errno)
}

/// Sets SO_REUSEADDR, so a restarted server can bind at once.
pub fn set_reuseaddr(fd: &OwnedFd) -> io::Result<()> {
    let on: c_int = 1;
    let len = size_of::<c_int>() as libc::socklen_t;
    // SAFETY: `on` is a valid int option value of `len` bytes.
    let ret = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_REUSEADDR,
            (&raw const on).cast(),
            len,
        )
    };
    check(ret).map(drop)
}

/// Sets IPV6_V6ONLY on an IPv6 socket; off makes it accept IPv4 too.
pub fn set_v6only(fd: &OwnedFd, only: bool) -> io::Result<()> {
    let value: c_int = only.into();
    let len = size_of::<c_int>() as libc::socklen_t;
    // SAFETY: `value` is a valid int option value of `len` bytes.
    let ret = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::IPPROTO_IPV6,
            libc::IPV6_V6ONLY,
            (&raw const value).cast(),
            len,
        )
    };
    check(ret).map(drop)
}

/// bind(2).
pub fn bind(fd: &OwnedFd, addr: &SocketAddr) -> io::Result<()> {
    let (storage, len) = std_to_sockaddr(addr);
    // SAFETY: `storage` holds a socket address of `len` bytes.
    check(unsafe { libc::bind(fd.as_raw_fd(), (&raw const storage).cast(), len) }).map(drop)
}

/// Whether this host has an IPv4 address other than 127.0.0.1, which is
/// what the C library's AI_ADDRCONFIG counts as IPv4 being configured
/// (an address on any interface, up or not), asked through `fd`, any IPv4
/// socket, with one SIOCGIFCONF in place of the C library's netlink
/// exchange.  `None` when the kernel refuses, or the list fills the room
/// with loopback addresses only (an answer could lie beyond it).
pub fn has_ipv4_address(fd: &OwnedFd) -> Option<bool> {
    const ROOM: usize = 16;
    let mut entries = [const { std::mem::MaybeUninit::<libc::ifreq>::uninit() }; ROOM];
    let mut conf = libc::ifconf {
        ifc_len: size_of_val(&entries) as c_int,
        ifc_ifcu: libc::__c_anonymous_ifc_ifcu {
            ifcu_req: entries.as_mut_ptr().cast(),
        },
    };
    // SAFETY: `conf` points at `entries`, ifc_len bytes the kernel fills.
    check(unsafe { libc::ioctl(fd.as_raw_fd(), libc::SIOCGIFCONF, &raw mut conf) }).ok()?;
    let filled = usize::try_from(conf.ifc_len).ok()? / size_of::<libc::ifreq>();
    let seen = entries[..filled.min(ROOM)].iter().any(|entry| {
        // SAFETY: the kernel wrote the first `filled` entries, each with an
        // address in ifru_addr (a sockaddr_in: port, then the address).
        let addr = unsafe { entry.assume_init_ref().ifr_ifru.ifru_addr };
        let octets = [2, 3, 4, 5].map(|i| addr.sa_data[i] as u8);
        c_int::from(addr.sa_family) == libc::AF_INET && octets != [127, 0, 0, 1]
    });
    (seen || filled < ROOM).then_some(seen)
}

/// listen(2).  The kernel caps a large backlog, and takes a negative one
/// as the largest, as it did for the textbooks' own helpers.
pub fn listen(fd: &OwnedFd, backlog: c_int) -> io::Result<()> {
    // SAFETY: listen(2) takes no pointers.
    check(unsafe { libc::listen(fd.as_raw_fd(), backlog) }).map(drop)
}

/// accept(2), retried when a signal interrupts it or the peer aborted the
/// connection before it was taken (accept(2) says to retry those).
pub fn accept(listener: RawFd) -> io::Result<(OwnedFd, Option<SocketAddr>)> {
    let (fd, storage, len) = accept_raw(listener)?;
    // SAFETY: accept wrote `len` bytes of a socket address into `storage`.
    Ok((fd, unsafe { sockaddr_to_std(&storage, len) }))
}

/// How long accept waits in all for a descriptor (or kernel memory) to come
/// free before it reports the shortage, as the textbooks would at once.
pub const RESOURCE_WAIT_LIMIT: Duration = Duration::from_secs(30);

/// Errors after which accept can succeed once descriptors or memory come free.
fn short_of_resources(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
}

/// The wait of an accept for a descriptor (or kernel memory) to come free:
/// 1 ms at first, twice as long each time up to 100 ms, RESOURCE_WAIT_LIMIT
/// in all.
struct ResourceWait {
    pause: Duration,
    waited: Duration,
}

impl ResourceWait {
    fn new() -> ResourceWait {
        ResourceWait {
            pause: Duration::from_millis(1),
            waited: Duration::ZERO,
        }
    }

    /// After a failed accept: whether to try again (having waited), that
    /// is, whether `error` is a shortage and the time is not up.
    fn again(&mut self, error: &io::Error) -> bool {
        if !short_of_resources(error) || self.waited >= RESOURCE_WAIT_LIMIT {
            return false;
        }
        std::thread::sleep(self.pause);
        self.waited += self.pause;
        self.pause = (self.pause * 2).min(Duration::from_millis(100));
        true
    }
}

/// [`accept`], with the peer's address as the C library gave it.  Out of
/// descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM), it waits, 1 ms
/// at first and at most 100 ms at a time, for a connection to close and
/// tries again, so a busy server serves the client a little later instead
/// of dying; after RESOURCE_WAIT_LIMIT in all it reports the error.
pub fn accept_raw(
    listener: RawFd,
) -> io::Result<(OwnedFd, libc::sockaddr_storage, libc::socklen_t)> {
    let mut wait = ResourceWait::new();
    loop {
        // SAFETY: all-zero bytes are a valid sockaddr_storage.
        let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
        let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: `storage` has room for `len` bytes, which accept updates.
        let ret = unsafe { libc::accept(listener, (&raw mut storage).cast(), &mut len) };
        match check(ret) {
            Ok(fd) => {
                // SAFETY: `fd` is a new descriptor that nothing else owns.
                let owned = unsafe { OwnedFd::from_raw_fd(fd) };
                return Ok((owned, storage, len));
            }
            Err(e) if matches!(e.raw_os_error(), Some(libc::EINTR | libc::ECONNABORTED)) => {
                continue;
            }
            Err(e) if wait.again(&e) => {}
            Err(e) => return Err(e),
        }
    }
}

/// accept(2) exactly as a book's wrapper calls it (the program's address
/// buffer, any error left in errno for the book's own handling), except
/// that a shortage of descriptors or memory is waited out as by
/// [`accept_raw`] before it is reported.  Inlined, so that a connection
/// that is there costs the caller the accept alone.
///
/// # Safety
/// `addr` and `addrlen` are what accept(2) accepts: both NULL, or a buffer
/// of `*addrlen` writable bytes and a valid length.
#[inline]
pub unsafe fn accept_waiting(
    listener: RawFd,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
) -> c_int {
    // SAFETY: the caller's contract is accept(2)'s.
    let fd = unsafe { libc::accept(listener, addr, addrlen) };
    if fd >= 0 {
        return fd;
    }
    // SAFETY: as above; a failed accept wrote nothing, so the same buffer
    // and length serve a retry.
    unsafe { accept_again_while_short(listener, addr, addrlen) }
}

/// After a failed accept: while the failure is a shortage that
/// [`ResourceWait`] still waits out, waits and accepts again.  Returns the
/// new descriptor, or -1 with errno as the last accept left it.
///
/// # Safety
/// As [`accept_waiting`].
#[cold]
#[inline(never)]
unsafe fn accept_again_while_short(
    listener: RawFd,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
) -> c_int {
    let mut wait = ResourceWait::new();
    while wait.again(&io::Error::last_os_error()) {
        // SAFETY: the caller's contract is accept(2)'s.
        let fd = unsafe { libc::accept(listener, addr, addrlen) };
        if fd >= 0 {
            return fd;
        }
    }
    -1
}

/// recv(2) into `buf`, retried on EINTR; 0 means the peer closed.
pub fn recv(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    retry_eintr(|| {
        // SAFETY: `buf` is valid for `buf.len()` writable bytes.
        let got = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
        if got < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(got as usize)
        }
    })
}

/// recv(2) into a buffer that need not be initialised first (no zeroing of
/// a large echo buffer per session), retried on EINTR; returns the bytes
/// received, empty when the peer closed.
pub fn recv_uninit(fd: RawFd, buf: &mut [std::mem::MaybeUninit<u8>]) -> io::Result<&[u8]> {
    let got = retry_eintr(|| {
        // SAFETY: `buf` is valid for `buf.len()` writable bytes; recv only
        // writes to them.
        check_len(unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) })
    })?;
    // SAFETY: recv initialised the first `got` bytes (got <= buf.len()).
    Ok(unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), got) })
}

/// Sends all of `buf`, retrying short sends and EINTR.  MSG_NOSIGNAL: a
/// closed peer gives EPIPE instead of killing the process with SIGPIPE.
pub fn send_all(fd: RawFd, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        let sent = retry_eintr(|| {
            // SAFETY: `buf` is valid for `buf.len()` readable bytes.
            let n = unsafe { libc::send(fd, buf.as_ptr().cast(), buf.len(), libc::MSG_NOSIGNAL) };
            if n < 0 {
                Err(io::Error::last_os_error())
            } else {
                Ok(n as usize)
            }
        })?;
        buf = &buf[sent..];
    }
    Ok(())
}

/// One read(2) into `buf`, retried on EINTR; 0 means end of file.
pub fn read_once(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    retry_eintr(|| {
        // SAFETY: `buf` is valid for `buf.len()` writable bytes.
        check_len(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) })
    })
}

/// Reads until `buf` is full or end of file; returns how many bytes came.
/// Works on any descriptor; EINTR is retried.
pub fn read_full(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    read_full_ending(fd, buf, |_| false)
}

/// [`read_full`], where an error for which `ends` is true counts as the end
/// of the data (e.g. a connection the peer reset: what came before it
/// stands, as at end of file).
pub fn read_full_ending(
    fd: RawFd,
    buf: &mut [u8],
    ends: impl Fn(&io::Error) -> bool,
) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        let n = match read_once(fd, &mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if ends(&e) => break,
            Err(e) => return Err(e),
        };
        got += n;
    }
    Ok(got)
}

/// Writes all of `buf` to any descriptor without raising SIGPIPE: sockets
/// get MSG_NOSIGNAL; for other descriptors (pipes) SIGPIPE is blocked in
/// this thread during the write and a SIGPIPE it caused is consumed.
pub fn write_full(fd: RawFd, buf: &[u8]) -> io::Result<()> {
    match send_all(fd, buf) {
        Err(e) if e.raw_os_error() == Some(libc::ENOTSOCK) => {
            without_sigpipe(|| write_all_plain(fd, buf))
        }
        other => other,
    }
}

/// Writes all of `buf` with write(2), EINTR retried, and SIGPIPE left to
/// the system: a write to a closed connection raises it, as the programs of
/// the books whose helpers did so (UNP's writen) expect.  A write that
/// writes nothing is EIO (no endless loop).
pub fn write_all_plain(fd: RawFd, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        // SAFETY: `buf` is valid for `buf.len()` readable bytes.
        let n =
            retry_eintr(|| check_len(unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) }))?;
        if n == 0 {
            return Err(io::Error::from_raw_os_error(libc::EIO));
        }
        buf = &buf[n..];
    }
    Ok(())
}

/// Runs `write` with SIGPIPE blocked for this thread; a SIGPIPE it raised is
/// taken off the pending set before the old mask comes back.
fn without_sigpipe<T>(write: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    // SAFETY: the sigset_t values are initialised by sigemptyset/sigaddset
    // before use, and every call gets valid pointers.
    unsafe {
        let mut pipe: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        let mut pending: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut pipe);
        libc::sigaddset(&mut pipe, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &pipe, &mut old);
        libc::sigpending(&mut pending);
        let was_pending = libc::sigismember(&pending, libc::SIGPIPE) == 1;
        let result = write();
        if !was_pending && matches!(&result, Err(e) if e.raw_os_error() == Some(libc::EPIPE)) {
            let zero = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            let errno = *libc::__errno_location();
            while libc::sigtimedwait(&pipe, std::ptr::null_mut(), &zero) == -1
                && *libc::__errno_location() == libc::EINTR
            {}
            *libc::__errno_location() = errno;
        }
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        result
    }
}

/// Reads one line through its '\n' into `buf` (at most `buf.len()` bytes),
/// never consuming a byte past the '\n': sockets are peeked first, other
/// descriptors are read a byte at a time.  Returns the bytes stored; 0 at EOF.
pub fn read_line(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        let rest = &mut buf[got..];
        let peeked = retry_eintr(|| {
            // SAFETY: `rest` is valid for `rest.len()` writable bytes.
            check_len(unsafe {
                libc::recv(fd, rest.as_mut_ptr().cast(), rest.len(), libc::MSG_PEEK)
            })
        });
        let want = match peeked {
            Ok(0) => break,
            Ok(n) => rest[..n]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(n, |i| i + 1),
            Err(e) if e.raw_os_error() == Some(libc::ENOTSOCK) => 1,
            Err(e) => return Err(e),
        };
        let n = read_full(fd, &mut rest[..want])?;
        got += n;
        if n == 0 || buf[got - 1] == b'\n' {
            break;
        }
    }
    Ok(got)
}

/// Turns a byte-count return value into a result carrying errno.
fn check_len(ret: isize) -> io::Result<usize> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret as usize)
    }
}

/// The local address a socket is bound to.
pub fn local_addr(fd: RawFd) -> io::Result<Option<SocketAddr>> {
    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: `storage` has room for `len` bytes, which getsockname updates.
    check(unsafe { libc::getsockname(fd, (&raw mut storage).cast(), &mut len) })?;
    // SAFETY: getsockname wrote `len` bytes of a socket address.
    Ok(unsafe { sockaddr_to_std(&storage, len) })
}

/// The IPv4 or IPv6 address a C `struct sockaddr *` holds, read as its
/// family says; for another family, `Err` with that family.
///
/// # Safety
/// `addr` is non-NULL and points at a socket address as large as its
/// family's (the books pass addresses without their length).
pub unsafe fn sockaddr_at(addr: *const libc::sockaddr) -> Result<SocketAddr, c_int> {
    // SAFETY: every socket address starts with its family.
    let family = c_int::from(unsafe { (*addr).sa_family });
    let len = match family {
        libc::AF_INET => size_of::<libc::sockaddr_in>(),
        libc::AF_INET6 => size_of::<libc::sockaddr_in6>(),
        other => return Err(other),
    };
    // SAFETY: the caller vouches for the family's size; sockaddr_to_std
    // reads only that many bytes for these families.
    unsafe { sockaddr_to_std(addr.cast(), len as libc::socklen_t) }.ok_or(family)
}

/// An IP address in the C library's text form (inet_ntop), which differs
/// from Rust's for some IPv6 addresses (e.g. `::1.2.3.4`).
pub fn ntop(ip: &IpAddr) -> String {
    ntop_in(ip, &mut [0; NTOP_LEN]).to_string()
}

/// Room for any address's text ([`ntop_in`]), more than INET6_ADDRSTRLEN.
pub(crate) const NTOP_LEN: usize = 64;

/// [`ntop`]'s text, written into `buf` (no allocation).  An IPv4 address is
/// formatted here: its dotted quad is the same text, without the C
/// library's sprintf.
pub fn ntop_in<'a>(ip: &IpAddr, buf: &'a mut [u8; NTOP_LEN]) -> &'a str {
    let v6 = match ip {
        IpAddr::V4(v4) => {
            let mut len = 0;
            for (i, octet) in v4.octets().into_iter().enumerate() {
                if i > 0 {
                    buf[len] = b'.';
                    len += 1;
                }
                let mut room = [0; 10];
                let digits = crate::stdio::decimal(octet.into(), &mut room).as_bytes();
                buf[len..len + digits.len()].copy_from_slice(digits);
                len += digits.len();
            }
            return std::str::from_utf8(&buf[..len]).unwrap_or("");
        }
        IpAddr::V6(v6) => v6.octets(),
    };
    // SAFETY: `v6` holds an in6_addr, and `buf` has room for NTOP_LEN
    // bytes, more than INET6_ADDRSTRLEN.
    let text = unsafe {
        inet_ntop(
            libc::AF_INET6,
            v6.as_ptr().cast(),
            buf.as_mut_ptr().cast(),
            NTOP_LEN as libc::socklen_t,
        )
    };
    if text.is_null() {
        return "";
    }
    // SAFETY: inet_ntop succeeded, so `buf` holds a NUL-terminated string.
    let text = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr().cast()) };
    text.to_str().unwrap_or("")
}

/// The unspecified ("any") address of a family, with `port`.
pub fn any_address(ipv6: bool, port: u16) -> SocketAddr {
    if ipv6 {
        SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, port, 0, 0))
    } else {
        SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, port))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The IPv4 addresses other than 127.0.0.1 in getifaddrs's list (which
    /// asks over netlink, as the C library's AI_ADDRCONFIG does).
    fn ipv4_addresses_listed() -> usize {
        let mut list = std::ptr::null_mut();
        // SAFETY: getifaddrs fills `list`, freed below.
        assert_eq!(unsafe { libc::getifaddrs(&mut list) }, 0);
        let mut found = 0;
        let mut entry = list;
        while !entry.is_null() {
            // SAFETY: a node of the list getifaddrs made.
            let ifa = unsafe { &*entry };
            let addr = ifa.ifa_addr.cast::<libc::sockaddr_in>();
            // SAFETY: a non-null ifa_addr starts with its family; one of
            // family AF_INET is a sockaddr_in.
            let ipv4 =
                !addr.is_null() && unsafe { c_int::from((*addr).sin_family) } == libc::AF_INET;
            // SAFETY: as above.
            found += usize::from(
                ipv4 && unsafe { (*addr).sin_addr.s_addr }
                    != u32::from(Ipv4Addr::LOCALHOST).to_be(),
            );
            entry = ifa.ifa_next;
        }
        // SAFETY: the list getifaddrs made, freed once.
        unsafe { libc::freeifaddrs(list) };
        found
    }

    #[test]
    fn the_ipv4_question_has_the_interface_lists_answer() {
        for sock_type in [libc::SOCK_STREAM, libc::SOCK_DGRAM] {
            let fd = open(libc::AF_INET, sock_type, 0).unwrap();
            assert_eq!(has_ipv4_address(&fd), Some(ipv4_addresses_listed() > 0));
        }
        // Not a socket: no answer.
        let file = OwnedFd::from(std::fs::File::open("/dev/null").unwrap());
        assert_eq!(has_ipv4_address(&file), None);
    }

    #[test]
    fn addresses_print_as_the_c_library_prints_them() {
        assert_eq!(ntop(&"127.0.0.1".parse().unwrap()), "127.0.0.1");
        assert_eq!(ntop(&"::1".parse().unwrap()), "::1");
        assert_eq!(ntop(&"::ffff:10.1.2.3".parse().unwrap()), "::ffff:10.1.2.3");
        assert_eq!(ntop(&"::1.2.3.4".parse().unwrap()), "::1.2.3.4");
        assert_eq!(ntop(&"2001:db8::1".parse().unwrap()), "2001:db8::1");
        assert_eq!(ntop(&"255.255.255.255".parse().unwrap()), "255.255.255.255");
        assert_eq!(ntop(&"0.0.0.0".parse().unwrap()), "0.0.0.0");
        let widest = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        assert_eq!(ntop(&widest.parse().unwrap()), widest);
        assert_eq!(
            ntop(&"::ffff:255.255.255.255".parse().unwrap()),
            "::ffff:255.255.255.255"
        );
    }

    #[test]
    fn ipv4_text_is_the_c_librarys() {
        for text in [
            "0.0.0.0",
            "1.2.3.4",
            "10.0.0.255",
            "127.0.0.1",
            "255.255.255.255",
        ] {
            let ip: Ipv4Addr = text.parse().unwrap();
            let mut buf = [0 as std::ffi::c_char; NTOP_LEN];
            let octets = ip.octets();
            // SAFETY: `octets` is an in_addr; `buf` has room for NTOP_LEN bytes.
            let c = unsafe {
                inet_ntop(
                    libc::AF_INET,
                    octets.as_ptr().cast(),
                    buf.as_mut_ptr(),
                    NTOP_LEN as u32,
                );
                std::ffi::CStr::from_ptr(buf.as_ptr())
            };
            assert_eq!(
                ntop_in(&IpAddr::V4(ip), &mut [0; NTOP_LEN]),
                c.to_str().unwrap()
            );
        }
    }

    #[test]
    fn sockaddr_round_trips() {
        for text in ["127.0.0.1:7", "[::1]:8080", "[fe80::1%2]:9"] {
            let addr: SocketAddr = text.parse().unwrap();
            let (storage, len) = std_to_sockaddr(&addr);
            // SAFETY: std_to_sockaddr wrote `len` bytes of a socket address.
            assert_eq!(unsafe { sockaddr_to_std(&storage, len) }, Some(addr));
        }
    }

    #[test]
    fn sockets_have_no_hidden_flags_and_errors_carry_errno() {
        let fd = open(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        // SAFETY: fcntl F_GETFD/F_GETFL take no pointers.
        let (fd_flags, fl_flags) = unsafe {
            (
                libc::fcntl(fd.as_raw_fd(), libc::F_GETFD),
                libc::fcntl(fd.as_raw_fd(), libc::F_GETFL),
            )
        };
        assert_eq!(fd_flags & libc::FD_CLOEXEC, 0);
        assert_eq!(fl_flags & libc::O_NONBLOCK, 0);
        // A negative backlog is the kernel's to take (as the largest).
        assert!(listen(&fd, -1).is_ok());
        let udp = open(libc::AF_INET, libc::SOCK_DGRAM, 0).unwrap();
        assert_eq!(
            listen(&udp, 5).unwrap_err().raw_os_error(),
            Some(libc::EOPNOTSUPP)
        );
        assert_eq!(
            recv(-1, &mut [0; 4]).unwrap_err().raw_os_error(),
            Some(libc::EBADF)
        );
    }

    #[test]
    fn bind_listen_connect_accept_on_loopback() {
        let server = open(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        bind(&server, &"127.0.0.1:0".parse().unwrap()).unwrap();
        listen(&server, 5).unwrap();
        let addr = local_addr(server.as_raw_fd()).unwrap().unwrap();
        let client = open(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        connect(&client, &addr).unwrap();
        let (conn, peer) = accept(server.as_raw_fd()).unwrap();
        assert_eq!(peer, local_addr(client.as_raw_fd()).unwrap());
        send_all(client.as_raw_fd(), b"ping").unwrap();
        let mut buf = [0u8; 4];
        assert_eq!(recv(conn.as_raw_fd(), &mut buf).unwrap(), 4);
        assert_eq!(&buf, b"ping");
    }

    #[test]
    fn connect_with_timeout_succeeds_fails_fast_and_leaves_the_socket_blocking() {
        let server = open(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        bind(&server, &"127.0.0.1:0".parse().unwrap()).unwrap();
        listen(&server, 5).unwrap();
        let addr = local_addr(server.as_raw_fd()).unwrap().unwrap();
        let client = open(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        connect_timeout(&client, &addr, Duration::from_secs(5)).unwrap();
        // SAFETY: fcntl F_GETFL takes no pointers.
        let flags = unsafe { libc::fcntl(client.as_raw_fd(), libc::F_GETFL) };
        assert_eq!(flags & libc::O_NONBLOCK, 0);
        drop(server);
        let client = open(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        let err = connect_timeout(&client, &addr, Duration::from_secs(5)).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ECONNREFUSED));
    }
}
