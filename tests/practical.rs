//! The Practical.h layer (Donahoo & Calvert, 2nd edition) driven from C
//! programs that include "Practical.h", linked against the shared and the
//! static library: every function's output byte for byte with its stream
//! and exit status, the server path end to end on loopback (IPv4 and ::1),
//! the knobs, and programs that keep their own versions of the functions.
//! The facts are in ../shared/books/practical.md.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Compiles a program of tests/c/practical/ against `link`, with the book's
/// header found as the book's programs find it (`-I` its directory).
fn build(name: &str, link: Link) -> PathBuf {
    let include = root().join("include/sockshim/practical");
    let source = format!("tests/c/practical/{name}.c");
    build_c_with(
        &format!("practical_{name}"),
        &[&source],
        link,
        &["-I", include.to_str().unwrap()],
    )
}

/// The test driver (tests/c/practical/practical.c), built once per link.
fn driver(link: Link) -> PathBuf {
    static BUILT: [OnceLock<PathBuf>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = match link {
        Link::Shared => &BUILT[0],
        Link::Static => &BUILT[1],
    };
    slot.get_or_init(|| build("practical", link)).clone()
}

/// Runs the driver and returns (exit status, stdout, stderr).
fn practical(link: Link, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = run_env(&driver(link), args, None, env);
    (out.code(), out.stdout, out.stderr)
}

/// What `practical` returns for a run that printed `stdout` and exited 0.
fn ok(stdout: &str) -> (i32, String, String) {
    (0, stdout.to_string(), String::new())
}

/// What `practical` returns for a run that died with `stderr`, exit 1.
fn died(stdout: &str, stderr: &str) -> (i32, String, String) {
    (1, stdout.to_string(), stderr.to_string())
}

/// Whether ::1 works here (CI machines have it).
fn have_ipv6() -> bool {
    let ok = TcpListener::bind("[::1]:0").is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI machines have IPv6 loopback"
    );
    ok
}

/// Whether a pipe has data to read right now.
fn readable(pipe: &impl AsRawFd) -> bool {
    let mut poll = libc::pollfd {
        fd: pipe.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd; a zero timeout does not block.
    let ready = unsafe { libc::poll(&mut poll, 1, 0) };
    assert!(ready >= 0);
    poll.revents & libc::POLLIN != 0
}

/// Everything the server printed on stdout, after it exited by itself.
fn server_output(server: &mut Server, mut stdout: impl Read) -> String {
    let status = server.wait_exit(Duration::from_secs(20));
    assert_eq!(status.code(), Some(0), "server ended by {status:?}");
    let mut printed = String::new();
    stdout.read_to_string(&mut printed).unwrap();
    assert!(
        server.stderr_line(Duration::from_millis(100)).is_none(),
        "the server printed an error"
    );
    printed
}

/// A loopback address with `port`.
fn v4(port: u16) -> SocketAddr {
    ([127, 0, 0, 1], port).into()
}

fn v6(port: u16) -> SocketAddr {
    (std::net::Ipv6Addr::LOCALHOST, port).into()
}

#[test]
fn die_with_user_message_prints_msg_colon_detail_on_stderr_and_exits_1() {
    for link in BOTH {
        let run = |msg, detail| practical(link, &["user", msg, detail], &[]);
        // The program's unflushed output still comes out: exit(3) flushes.
        let out = died(
            "program output\n",
            "SetupTCPClientSocket() failed: unable to connect\n",
        );
        assert_eq!(
            run("SetupTCPClientSocket() failed", "unable to connect"),
            out,
            "{link:?}"
        );
        assert_eq!(run("", ""), died("program output\n", ": \n"), "{link:?}");
        assert_eq!(
            run("%s%n", "%d"),
            died("program output\n", "%s%n: %d\n"),
            "{link:?}"
        );
        // The book's version crashes on NULL; ours prints (null).
        assert_eq!(
            run("msg", "NULL"),
            died("program output\n", "msg: (null)\n"),
            "{link:?}"
        );
    }
}

#[test]
fn die_with_system_message_is_perror_with_the_errno_it_finds() {
    for link in BOTH {
        let run = |msg, errno: i32| practical(link, &["system", msg, &errno.to_string()], &[]);
        assert_eq!(
            run("recv() failed", libc::ECONNRESET),
            died(
                "program output\n",
                "recv() failed: Connection reset by peer\n"
            ),
            "{link:?}"
        );
        assert_eq!(
            run("socket() failed", 0),
            died("program output\n", "socket() failed: Success\n")
        );
        // perror's own rules for a NULL or empty message.
        assert_eq!(
            run("NULL", libc::ECONNREFUSED),
            died("program output\n", "Connection refused\n")
        );
        assert_eq!(
            run("", libc::EACCES),
            died("program output\n", "Permission denied\n")
        );
    }
}

#[test]
fn print_socket_address_prints_address_hyphen_port_without_newline() {
    for link in BOTH {
        for (address, printed) in [
            ("v4,127.0.0.1,54321", "127.0.0.1-54321"),
            ("v4,0.0.0.0,5000", "0.0.0.0-5000"),
            ("v4,10.1.2.3,0", "10.1.2.3"),
            ("v6,::1,54321", "::1-54321"),
            ("v6,::,0", "::"),
            ("v6,fe80::1,7,2", "fe80::1-7"),
            ("v6,::ffff:1.2.3.4,80", "::ffff:1.2.3.4-80"),
            ("v6,2001:db8::1,65535", "2001:db8::1-65535"),
            ("unix", "[unknown type]"),
            ("NULL", ""),
        ] {
            assert_eq!(
                practical(link, &["print", address], &[]),
                ok(printed),
                "{link:?} {address}"
            );
        }
        // On the stream given, and nothing at all for a NULL stream.
        let out = practical(link, &["print", "v6,::1,7", "stderr"], &[]);
        assert_eq!(out, (0, String::new(), "::1-7".to_string()), "{link:?}");
        let out = practical(link, &["print-null-stream", "v4,127.0.0.1,7"], &[]);
        assert_eq!(out, ok(""), "{link:?}");
    }
}

#[test]
fn sock_addrs_equal_follows_the_books_truth_table() {
    for link in BOTH {
        for (a, b, equal) in [
            ("NULL", "NULL", true),
            ("NULL", "v4,1.2.3.4,5", false),
            ("v4,1.2.3.4,5", "NULL", false),
            ("v4,1.2.3.4,5", "v4,1.2.3.4,5", true),
            ("v4,1.2.3.4,5", "v4,1.2.3.4,6", false),
            ("v4,1.2.3.4,5", "v4,1.2.3.5,5", false),
            ("v4,1.2.3.4,5", "v6,::ffff:1.2.3.4,5", false),
            ("v6,::ffff:1.2.3.4,5", "v4,1.2.3.4,5", false),
            ("v6,::1,5", "v6,::1,5", true),
            ("v6,::1,5", "v6,::2,5", false),
            ("v6,::1,5", "v6,::1,6", false),
            ("v6,fe80::1,5,1", "v6,fe80::1,5,2", true),
            ("unix", "unix", false),
            ("unix", "v4,1.2.3.4,5", false),
        ] {
            let expected = if equal { "true" } else { "false" };
            assert_eq!(
                practical(link, &["equal", a, b], &[]),
                ok(expected),
                "{link:?} {a} {b}"
            );
        }
    }
}

#[test]
fn setup_tcp_client_socket_connects_over_ipv4_and_ipv6() {
    let ipv6 = have_ipv6();
    for link in BOTH {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        for service in [port.to_string(), format!(" {port}\n")] {
            let out = practical(link, &["client", "127.0.0.1", &service], &[]);
            let (_, peer) = listener.accept().unwrap();
            let expected = format!(
                "family=AF_INET listening=0 reuseaddr=0 cloexec=0 nonblock=0 v6only=-1 \
                 local=127.0.0.1-{} peer=127.0.0.1-{port}\n",
                peer.port()
            );
            assert_eq!(out, ok(&expected), "{link:?} {service:?}");
        }
        if ipv6 {
            let listener = TcpListener::bind("[::1]:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let out = practical(link, &["client", "::1", &port.to_string()], &[]);
            let (_, peer) = listener.accept().unwrap();
            let expected = format!(
                "family=AF_INET6 listening=0 reuseaddr=0 cloexec=0 nonblock=0 v6only=0 \
                 local=::1-{} peer=::1-{port}\n",
                peer.port()
            );
            assert_eq!(out, ok(&expected), "{link:?}");
        }
    }
}

#[test]
fn setup_tcp_client_socket_to_localhost_on_a_host_without_ipv6_sets_the_ipv4_errno() {
    // With no ::1 on the host the C library's answer for "localhost" is
    // 127.0.0.1 alone (an /etc/hosts without ::1), and the book's errno was
    // that attempt's, not that of sockshim's ::1 attempt.
    for link in BOTH {
        let port = free_tcp_port().to_string();
        let args = ["client", "localhost", port.as_str()];
        let Some(out) = run_in_namespace(IPV4_ONLY_HOST, &driver(link), &args) else {
            return;
        };
        assert_eq!(
            (out.code(), out.stdout, out.stderr),
            died(
                "-1 ECONNREFUSED\n",
                "SetupTCPClientSocket() failed: unable to connect\n"
            ),
            "{link:?}"
        );
    }
}

#[test]
fn setup_tcp_client_socket_returns_minus_1_or_dies_in_getaddrinfo() {
    for link in BOTH {
        // Nothing listens: -1 with errno ECONNREFUSED, and the library
        // prints nothing (the line is the program's own).
        let closed = free_tcp_port().to_string();
        assert_eq!(
            practical(link, &["client", "127.0.0.1", &closed], &[]),
            died(
                "-1 ECONNREFUSED\n",
                "SetupTCPClientSocket() failed: unable to connect\n"
            ),
            "{link:?}"
        );
        assert_eq!(
            practical(link, &["client", "127.0.0.1", "nosuchservice"], &[]),
            died(
                "",
                "getaddrinfo() failed: Servname not supported for ai_socktype\n"
            ),
            "{link:?}"
        );
        assert_eq!(
            practical(link, &["client", "NULL", "NULL"], &[]),
            died("", "getaddrinfo() failed: Name or service not known\n"),
            "{link:?}"
        );
        // A name that does not resolve (the text is the resolver's).
        let (code, stdout, stderr) = practical(link, &["client", "nosuchhost.invalid", "7"], &[]);
        assert_eq!((code, stdout.as_str()), (1, ""), "{link:?}");
        assert!(
            stderr.starts_with("getaddrinfo() failed: ") && stderr.lines().count() == 1,
            "{link:?} {stderr:?}"
        );
    }
}

#[test]
fn setup_tcp_server_socket_binds_ipv4_prints_binding_and_listens() {
    for link in BOTH {
        let port = free_tcp_port();
        let out = practical(link, &["server", &port.to_string()], &[]);
        let expected = format!(
            "program output\nBinding to 0.0.0.0-{port}\n\
             family=AF_INET listening=1 reuseaddr=1 cloexec=0 nonblock=0 v6only=-1 \
             local=0.0.0.0-{port} peer=\n"
        );
        assert_eq!(out, ok(&expected), "{link:?}");

        // A port in use: -1 and EADDRINUSE; the message is the program's.
        let busy = TcpListener::bind("0.0.0.0:0").unwrap();
        let busy = busy.local_addr().unwrap().port().to_string();
        assert_eq!(
            practical(link, &["server", &busy], &[]),
            died(
                "program output\n-1 EADDRINUSE\n",
                &format!("SetupTCPServerSocket() failed: {busy}\n")
            ),
            "{link:?}"
        );
        assert_eq!(
            practical(link, &["server", "nosuchservice"], &[]),
            died(
                "program output\n",
                "getaddrinfo() failed: Servname not supported for ai_socktype\n"
            ),
            "{link:?}"
        );
    }
}

/// The book's backlog is 5, which sockshim raises to at least SOMAXCONN
/// unless SOCKSHIM_RAISE_BACKLOG=0.  With the book's 5, Linux queues
/// backlog + 1 connections that the server has not accepted and drops the
/// SYN of the next one; raised, many more wait.
#[test]
fn setup_tcp_server_socket_listens_with_the_books_backlog_or_a_raised_one() {
    for link in BOTH {
        for (env, queued, next_waits) in [
            (&[("SOCKSHIM_RAISE_BACKLOG", "0")][..], 6, false),
            (&[][..], 16, true),
        ] {
            let port = free_tcp_port();
            let _server = Server::start_env(&driver(link), &["serve", &port.to_string(), "1"], env);
            // The one client the server accepts, busy echoing.
            let mut first = tcp_connect(v4(port));
            first.write_all(b"x").unwrap();
            let mut byte = [0u8; 1];
            first.read_exact(&mut byte).unwrap();
            // These wait in the accept queue.
            let waiting: Vec<TcpStream> = (0..queued).map(|_| tcp_connect(v4(port))).collect();
            let next = TcpStream::connect_timeout(&v4(port), Duration::from_millis(500));
            assert_eq!(
                next.is_ok(),
                next_waits,
                "{link:?} {env:?}: connection {} after {queued} waiting",
                queued + 2
            );
            drop(waiting);
        }
    }
}

#[test]
fn accept_and_handle_echo_every_byte_print_the_client_and_leave_stdout_unflushed() {
    for link in BOTH {
        let port = free_tcp_port();
        let mut server = Server::start(&driver(link), &["serve", &port.to_string(), "2"]);
        let stdout = server.take_stdout();

        let mut first = tcp_connect(v4(port));
        let first_port = first.local_addr().unwrap().port();
        first.write_all(b"ping").unwrap();
        let mut back = [0u8; 4];
        first.read_exact(&mut back).unwrap();
        assert_eq!(&back, b"ping");
        // The server has printed "Binding to" and "Handling client" and is
        // echoing; in a pipe, nothing is flushed yet (as with the book).
        assert!(!readable(&stdout), "{link:?}: the library flushed stdout");
        let data = random_bytes(4 << 20, 2);
        assert!(
            echo_back(first, &data) == data,
            "{link:?}: 4 MiB echo differs"
        );

        let second = tcp_connect(v4(port));
        let second_port = second.local_addr().unwrap().port();
        assert_eq!(echo_back(second, b"second"), b"second", "{link:?}");

        assert_eq!(
            server_output(&mut server, stdout),
            format!(
                "program output\nBinding to 0.0.0.0-{port}\n\
                 Handling client 127.0.0.1-{first_port}\nhandled closed\n\
                 Handling client 127.0.0.1-{second_port}\nhandled closed\n"
            ),
            "{link:?}"
        );
    }
}

#[test]
fn a_client_reset_ends_only_that_connection_without_sigpipe() {
    for link in BOTH {
        let port = free_tcp_port();
        let mut server = Server::start(&driver(link), &["serve", &port.to_string(), "5"]);
        let stdout = server.take_stdout();
        reset_mid_stream(port);
        {
            // A client that sends, closes its half (the server's socket is
            // in CLOSE_WAIT) and then resets, while the server is busy with
            // another client: the server's first send to it fails with
            // EPIPE, which raises SIGPIPE unless the library avoids it.
            let mut busy = tcp_connect(v4(port));
            busy.write_all(b"busy").unwrap();
            let mut back = [0u8; 4];
            busy.read_exact(&mut back).unwrap();
            let mut stream = tcp_connect(v4(port));
            let client_port = stream.local_addr().unwrap().port();
            stream.write_all(&[1u8; 1024]).unwrap();
            stream.shutdown(Shutdown::Write).unwrap();
            wait_server_side(port, client_port, |state| state == Some(CLOSE_WAIT));
            abort_on_close(&stream);
            drop(stream);
            wait_server_side(port, client_port, |state| state != Some(CLOSE_WAIT));
            assert_eq!(echo_back(busy, b""), b"", "{link:?}");
        }
        let Ok(last) = TcpStream::connect_timeout(&v4(port), Duration::from_secs(10)) else {
            let status = server.wait_exit(Duration::from_secs(20));
            panic!("{link:?}: the server ended by {status:?}");
        };
        assert_eq!(echo_back(last, b"still serving"), b"still serving");
        let printed = server_output(&mut server, stdout);
        assert_eq!(
            printed.matches("handled closed\n").count(),
            5,
            "{link:?} {printed}"
        );
    }
}

/// The TCP state number of CLOSE_WAIT in /proc/net/tcp.
const CLOSE_WAIT: u8 = 8;

/// The state of the server's end of the loopback connection from
/// `client_port` to `server_port`, as /proc/net/tcp shows it.
fn server_side_state(server_port: u16, client_port: u16) -> Option<u8> {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let port = |address: &str| u16::from_str_radix(address.rsplit(':').next()?, 16).ok();
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let matches =
            port(fields.get(1)?) == Some(server_port) && port(fields.get(2)?) == Some(client_port);
        matches.then(|| u8::from_str_radix(fields.get(3)?, 16).ok())?
    })
}

/// Waits (bounded) until that state satisfies `done`.
fn wait_server_side(server_port: u16, client_port: u16, done: impl Fn(Option<u8>) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done(server_side_state(server_port, client_port)) {
        assert!(
            Instant::now() < deadline,
            "connection state: {:?}",
            server_side_state(server_port, client_port)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The state letter of a process (R, S, ...) from /proc.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

/// Waits (bounded) until the server sleeps in a system call; fails if it
/// exits instead.
fn wait_asleep(server: &mut Server) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while process_state(server.pid()) != Some('S') {
        if !server.is_running() {
            panic!(
                "the server exited: {:?}",
                server.stderr_line(Duration::from_secs(1))
            );
        }
        assert!(Instant::now() < deadline, "the server never slept");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn accept_tcp_connection_retries_when_a_signal_interrupts_it() {
    for link in BOTH {
        let port = free_tcp_port();
        let mut server = Server::start(&driver(link), &["serve", &port.to_string(), "1", "intr"]);
        let stdout = server.take_stdout();
        // After "ready" the server's only blocking call is accept: each
        // signal, with a handler installed without SA_RESTART, makes it
        // fail with EINTR.
        for _ in 0..3 {
            wait_asleep(&mut server);
            // SAFETY: kill(2) on our own child process.
            assert_eq!(unsafe { libc::kill(server.pid() as i32, libc::SIGUSR1) }, 0);
        }
        wait_asleep(&mut server);
        let client = tcp_connect(v4(port));
        let client_port = client.local_addr().unwrap().port();
        assert_eq!(echo_back(client, b"after signals"), b"after signals");
        assert_eq!(
            server_output(&mut server, stdout),
            format!(
                "program output\nBinding to 0.0.0.0-{port}\n\
                 Handling client 127.0.0.1-{client_port}\nhandled closed\nsignals caught\n"
            ),
            "{link:?}"
        );
    }
}

#[test]
fn accept_and_handle_die_with_the_books_messages_on_bad_descriptors() {
    for link in BOTH {
        for (args, message) in [
            (["accept", "99"], "accept() failed: Bad file descriptor\n"),
            (["accept", "-1"], "accept() failed: Bad file descriptor\n"),
            (
                ["accept", "0"],
                "accept() failed: Socket operation on non-socket\n",
            ),
            (["handle", "99"], "recv() failed: Bad file descriptor\n"),
            (["handle", "-1"], "recv() failed: Bad file descriptor\n"),
        ] {
            assert_eq!(
                practical(link, &args, &[]),
                died("", message),
                "{link:?} {args:?}"
            );
        }
    }
}

#[test]
fn dualstack_server_is_ipv6_and_prints_ipv4_clients_as_dotted_quads() {
    if !have_ipv6() {
        return;
    }
    let env = [("SOCKSHIM_DUALSTACK", "1")];
    for link in BOTH {
        let port = free_tcp_port();
        let out = practical(link, &["server", &port.to_string()], &env);
        let expected = format!(
            "program output\nBinding to ::-{port}\n\
             family=AF_INET6 listening=1 reuseaddr=1 cloexec=0 nonblock=0 v6only=0 \
             local=::-{port} peer=\n"
        );
        assert_eq!(out, ok(&expected), "{link:?}");

        let port = free_tcp_port();
        let mut server = Server::start_env(&driver(link), &["serve", &port.to_string(), "2"], &env);
        let stdout = server.take_stdout();
        let mut clients = Vec::new();
        for addr in [v4(port), v6(port)] {
            let stream = tcp_connect(addr);
            clients.push(stream.local_addr().unwrap().port());
            assert_eq!(echo_back(stream, b"both"), b"both", "{link:?} {addr}");
        }
        assert_eq!(
            server_output(&mut server, stdout),
            format!(
                "program output\nBinding to ::-{port}\n\
                 Handling client 127.0.0.1-{}\nhandled closed\n\
                 Handling client ::1-{}\nhandled closed\n",
                clients[0], clients[1]
            ),
            "{link:?}"
        );
    }
}

#[test]
fn portbase_shifts_named_services_on_both_sides_and_never_numbers() {
    for link in BOTH {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = (port - 7).to_string();
        let env = [("SOCKSHIM_PORTBASE", base.as_str())];
        let (code, stdout, _) = practical(link, &["client", "127.0.0.1", "echo"], &env);
        assert_eq!(code, 0, "{link:?}");
        assert!(
            stdout.ends_with(&format!(" peer=127.0.0.1-{port}\n")),
            "{link:?} {stdout}"
        );
        // A numeric port is the port, with or without a base.
        let (code, stdout, _) = practical(
            link,
            &["client", "127.0.0.1", &port.to_string()],
            &[("SOCKSHIM_PORTBASE", "1000")],
        );
        assert_eq!(code, 0, "{link:?}");
        assert!(stdout.ends_with(&format!(" peer=127.0.0.1-{port}\n")));
        drop(listener);

        let port = free_tcp_port();
        let base = (port - 7).to_string();
        let env = [("SOCKSHIM_PORTBASE", base.as_str())];
        let (code, stdout, _) = practical(link, &["server", "echo"], &env);
        assert_eq!(code, 0, "{link:?}");
        assert!(
            stdout.starts_with(&format!("program output\nBinding to 0.0.0.0-{port}\n")),
            "{link:?} {stdout}"
        );
        let numeric = free_tcp_port().to_string();
        let (code, stdout, _) = practical(link, &["server", &numeric], &env);
        assert_eq!(code, 0, "{link:?}");
        assert!(
            stdout.starts_with(&format!("program output\nBinding to 0.0.0.0-{numeric}\n")),
            "{link:?} {stdout}"
        );
    }
}

#[test]
fn builtin_services_serve_when_etc_services_is_missing() {
    for link in BOTH {
        let port = free_tcp_port();
        let base = (port - 7).to_string();
        let env = [("SOCKSHIM_PORTBASE", base.as_str())];
        let Some(out) = run_without_databases(&driver(link), &["server", "echo"], &env) else {
            return;
        };
        assert!(
            out.stdout
                .starts_with(&format!("program output\nBinding to 0.0.0.0-{port}\n")),
            "{link:?} {out:?}"
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = (port - 13).to_string();
        let env = [("SOCKSHIM_PORTBASE", base.as_str())];
        let out = run_without_databases(&driver(link), &["client", "127.0.0.1", "daytime"], &env)
            .unwrap();
        assert!(
            out.stdout.ends_with(&format!(" peer=127.0.0.1-{port}\n")),
            "{link:?} {out:?}"
        );
    }
}

#[test]
fn trace_prints_each_lookup_and_attempt_and_explain_adds_hints() {
    for link in BOTH {
        let closed = free_tcp_port().to_string();
        let trace = [("SOCKSHIM_TRACE", "1")];
        let out = practical(link, &["client", "127.0.0.1", &closed], &trace);
        assert_eq!(
            out,
            died(
                "-1 ECONNREFUSED\n",
                &format!(
                    "sockshim: getaddrinfo(\"127.0.0.1\", \"{closed}\") -> 127.0.0.1:{closed}\n\
                     sockshim: socket(AF_INET, SOCK_STREAM, 6) -> ok\n\
                     sockshim: connect to 127.0.0.1:{closed} -> Connection refused\n\
                     SetupTCPClientSocket() failed: unable to connect\n"
                )
            ),
            "{link:?}"
        );
        let port = free_tcp_port();
        let (code, _, stderr) = practical(link, &["server", &port.to_string()], &trace);
        assert_eq!(code, 0);
        for line in [
            format!("sockshim: bind to 0.0.0.0:{port} -> ok\n"),
            "sockshim: listen backlog 5 (raised to ".to_string(),
        ] {
            assert!(stderr.contains(&line), "{link:?} {stderr}");
        }

        // SOCKSHIM_EXPLAIN: the program's own line first, then the hint.
        let explain = [("SOCKSHIM_EXPLAIN", "1")];
        let out = practical(link, &["client", "127.0.0.1", &closed], &explain);
        assert_eq!(
            out,
            died(
                "-1 ECONNREFUSED\n",
                &format!(
                    "SetupTCPClientSocket() failed: unable to connect\n\
                     sockshim: hint: nothing listens on 127.0.0.1:{closed}: \
                     is the server running, and on this port?\n"
                )
            ),
            "{link:?}"
        );
        let busy = TcpListener::bind("0.0.0.0:0").unwrap();
        let busy = busy.local_addr().unwrap().port().to_string();
        let (code, _, stderr) = practical(link, &["server", &busy], &explain);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(code, 1);
        assert_eq!(lines.len(), 3, "{link:?} {stderr}");
        assert_eq!(lines[0], format!("SetupTCPServerSocket() failed: {busy}"));
        assert!(
            lines[1].starts_with(&format!("sockshim: hint: port {busy} is taken"))
                && lines[2].contains("1024 to 32767"),
            "{link:?} {stderr}"
        );
        let (code, _, stderr) = practical(link, &["server", "nosuchservice"], &explain);
        assert_eq!(code, 1);
        assert!(
            stderr.starts_with(
                "getaddrinfo() failed: Servname not supported for ai_socktype\nsockshim: hint: "
            ),
            "{link:?} {stderr}"
        );
    }
}

#[test]
fn the_programs_own_functions_win_also_inside_the_library() {
    for link in BOTH {
        let prog = build("override", link);
        let run = |args: &[&str]| {
            let out = run(&prog, args, None);
            (out.code(), out.stdout, out.stderr)
        };
        let gai = "program DieWithUserMessage: getaddrinfo() failed: \
                   Servname not supported for ai_socktype\n";
        assert_eq!(
            run(&["server", "nosuchservice"]),
            (3, String::new(), gai.to_string()),
            "{link:?}"
        );
        assert_eq!(
            run(&["client", "nosuchservice"]),
            (3, String::new(), gai.to_string()),
            "{link:?}"
        );
        assert_eq!(
            run(&["accept", "99"]),
            (
                4,
                String::new(),
                "program DieWithSystemMessage: accept() failed: Bad file descriptor\n".to_string()
            ),
            "{link:?}"
        );
        assert_eq!(
            run(&["handle"]),
            (0, "program HandleTCPClient -1\n".to_string(), String::new()),
            "{link:?}"
        );

        // The library's Setup and Accept print through the program's
        // PrintSocketAddress.
        let prog = build("override_print", link);
        let port = free_tcp_port();
        let mut server = Server::start(&prog, &[&port.to_string()]);
        let stdout = server.take_stdout();
        let client = tcp_connect(v4(port));
        let client_port = client.local_addr().unwrap().port();
        assert_eq!(echo_back(client, b"mine"), b"mine");
        assert_eq!(
            server_output(&mut server, stdout),
            format!(
                "Binding to <program: family 2 port {port}>\n\
                 Handling client <program: family 2 port {client_port}>\n"
            ),
            "{link:?}"
        );
    }
}
