//! The CS:APP-style example programs of c-examples/csapp, built against the
//! library: the Rio echo client with the iterative server, 100 simultaneous
//! clients of 256 KiB each against every concurrent echo server (every byte
//! echoed, no zombie left), the tiny web server answered by real HTTP
//! clients (python3's http.client, and curl when installed), and hostinfo.

mod common;
mod csapp_util;
mod example_harness;
use common::*;
use csapp_util::*;
use example_harness::{Example, Gate, run_clients};
use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

#[test]
fn echoclient_and_the_iterative_server_echo_every_line() {
    let server_bin = example("echoserveri");
    let client = example("echoclient");
    let port = free_tcp_port();
    let p = port.to_string();
    let server = Example::start_program(&server_bin, &[&p], Proto::Tcp, port);

    // Short lines, an empty line, and one longer than MAXLINE (Fgets and
    // Rio_readlineb then carry it in pieces).
    let mut input = b"hello\n\nworld, twice\n".to_vec();
    input.extend(std::iter::repeat_n(b'L', 10000));
    input.extend_from_slice(b"\nlast\n");
    for round in 0..2 {
        let out = run(&client, &["localhost", &p], Some(&input));
        assert_eq!((out.code(), out.stderr.as_str()), (0, ""), "round {round}");
        assert!(
            out.stdout.as_bytes() == input,
            "round {round}: echo differs"
        );
        let lines = server.lines(2);
        assert!(
            lines[0].starts_with("connected: 127.0.0.1 port "),
            "{lines:?}"
        );
        assert_eq!(lines[1], format!("echoed {} bytes", input.len()));
    }
    assert_eq!(server.stop().1, "");

    let out = run(&client, &["127.0.0.1", &p], Some(b"nobody there\n"));
    expect_book_failure(&out, "Open_clientfd error: Connection refused\n", "refused");
    let out = run(&client, &["localhost"], None);
    assert_eq!(out.code(), 0, "usage errors exit 0 in the book's style");
}

const CLIENTS: usize = 100;
const PER_CLIENT: usize = 256 << 10;
/// Clients connecting at once, at most.
const CONNECTING: usize = 8;

/// PER_CLIENT bytes of text lines for client `seed`: random printable
/// bytes, lines of 0 to 300 bytes and now and then one of 10000 (longer
/// than MAXLINE); the last byte is a newline.
fn lines_for(seed: u64) -> Vec<u8> {
    let noise = random_bytes(PER_CLIENT, seed);
    let mut data = Vec::with_capacity(PER_CLIENT);
    let mut i = 0;
    while data.len() < PER_CLIENT {
        let len = if noise[i] == 0 {
            10000
        } else {
            usize::from(noise[i]) + usize::from(noise[(i + 1) % PER_CLIENT] % 64)
        };
        for k in 0..len {
            data.push(b' ' + noise[(i + k) % PER_CLIENT] % 95);
        }
        data.push(b'\n');
        i = (i + 2) % PER_CLIENT;
    }
    data.truncate(PER_CLIENT);
    *data.last_mut().unwrap() = b'\n';
    data
}

/// Client `index`: gets its first lines echoed, then (if `all_at_once`)
/// waits until every client is being served, then sends the rest while
/// reading the echo concurrently, and compares every byte.
fn client(port: u16, index: usize, gate: &Gate, all_at_once: bool) {
    let data = lines_for(index as u64 + 1);
    let first = data[1000..].iter().position(|&b| b == b'\n').unwrap() + 1001;
    gate.wait_until(index.saturating_sub(CONNECTING - 1));
    let mut stream = tcp_client(port);
    if all_at_once {
        stream.write_all(&data[..first]).unwrap();
        let mut echoed = vec![0; first];
        stream.read_exact(&mut echoed).unwrap();
        assert!(
            echoed == data[..first],
            "client {index}: first lines differ"
        );
        gate.add_served();
        gate.wait_until(CLIENTS);
    } else {
        gate.add_served();
    }
    let start = if all_at_once { first } else { 0 };
    let back = echo_back(stream, &data[start..]);
    assert_eq!(
        back.len(),
        PER_CLIENT - start,
        "client {index}: echo length"
    );
    assert!(back == data[start..], "client {index}: echoed bytes differ");
}

/// `name` serves CLIENTS clients of PER_CLIENT bytes each (all of them at
/// once if `all_at_once`); no zombie is left and nothing on stderr.
fn serves_concurrent_clients(name: &str, all_at_once: bool) -> Example {
    let port = free_tcp_port();
    let server = Example::start_program(&example(name), &[&port.to_string()], Proto::Tcp, port);
    let started = Instant::now();
    let ok = run_clients(CLIENTS, move |index, gate| {
        client(port, index, gate, all_at_once)
    })
    .len();
    assert_eq!(ok, CLIENTS, "{name}: clients that got their 256 KiB back");
    eprintln!("{name}: {CLIENTS} clients in {:?}", started.elapsed());
    server.expect_children_reaped(true);
    server
}

#[test]
fn process_based_server_serves_100_clients_and_reaps_every_child() {
    let mut server = serves_concurrent_clients("echoserverp", true);
    assert!(server.is_running());
    assert_eq!(server.stop().1, "");
}

#[test]
fn select_based_server_serves_100_clients() {
    let mut server = serves_concurrent_clients("echoservers", true);
    assert!(server.is_running());
    assert_eq!(server.stop().1, "");
}

#[test]
fn thread_based_server_serves_100_clients() {
    let mut server = serves_concurrent_clients("echoservert", true);
    assert!(server.is_running());
    assert_eq!(server.stop().1, "");
}

#[test]
fn prethreaded_server_serves_100_clients_through_its_bounded_buffer() {
    // Four workers and eight slots: the clients queue, the main thread
    // waits in P for free slots.
    let mut server = serves_concurrent_clients("echoservert_pre", false);
    assert!(server.is_running());
    assert_eq!(server.lines(1), vec!["workers running"]);
    assert_eq!(server.stop().1, "");
}

/// A document tree for tinyweb.
fn docroot() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("csapp-tinyweb-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("index.html"), "<html><body>home</body></html>\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "plain text\nsecond line\n").unwrap();
    std::fs::write(dir.join("sub/page.html"), "<p>sub page</p>\n").unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let big: String = (0..20000).map(|i| format!("{i}\n")).collect();
    std::fs::write(dir.join("big.txt"), big).unwrap();
    dir
}

/// python3's http.client: for each path, prints the status, the content
/// type and length headers and the body.
const PYTHON_CLIENT: &str = r#"
import http.client, sys
port = int(sys.argv[1])
for method, path in (a.split(" ", 1) for a in sys.argv[2:]):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request(method, path)
    resp = conn.getresponse()
    body = resp.read()
    sys.stdout.write("%d %s|%s|%s|%d|" % (resp.status, resp.reason,
        resp.getheader("Content-type"), resp.getheader("Content-length"), len(body)))
    sys.stdout.write(body.decode("latin-1") + "\n")
    conn.close()
"#;

/// The error page tinyweb sends.
fn error_page(status: &str, why: &str) -> String {
    format!("<html><body><h1>{status}</h1><p>{why}</p></body></html>\n")
}

#[test]
fn tinyweb_answers_real_http_clients() {
    let dir = docroot();
    let port = free_tcp_port();
    let p = port.to_string();
    let server = Example::start_program(
        &example("tinyweb"),
        &[&p, dir.to_str().unwrap()],
        Proto::Tcp,
        port,
    );
    let big = std::fs::read_to_string(dir.join("big.txt")).unwrap();
    let mut clients = 0;

    if available("python3") {
        let requests = [
            "GET /",
            "GET /notes.txt",
            "GET /sub/page.html?x=1",
            "GET /empty.txt",
            "GET /big.txt",
            "GET /missing.html",
            "GET /sub",
            "POST /notes.txt",
            "GET /../notes.txt",
        ];
        let mut args = vec!["-c", PYTHON_CLIENT, &p];
        args.extend(requests);
        let out = run(Path::new("python3"), &args, None);
        let page = |status: &str, why: &str| {
            let body = error_page(status, why);
            let (code, reason) = status.split_once(' ').unwrap();
            format!(
                "{code} {reason}|text/html|{}|{}|{body}\n",
                body.len(),
                body.len()
            )
        };
        let want = [
            "200 OK|text/html|31|31|<html><body>home</body></html>\n\n".to_string(),
            "200 OK|text/plain|23|23|plain text\nsecond line\n\n".to_string(),
            "200 OK|text/html|16|16|<p>sub page</p>\n\n".to_string(),
            "200 OK|text/plain|0|0|\n".to_string(),
            format!("200 OK|text/plain|{}|{}|{big}\n", big.len(), big.len()),
            page("404 Not found", "tinyweb could not find that file"),
            page("403 Forbidden", "tinyweb cannot read that file"),
            page("501 Not implemented", "tinyweb only knows GET"),
            page("403 Forbidden", "tinyweb will not serve that path"),
        ]
        .concat();
        expect_success(&out, &want, "python3 http.client");
        clients += 1;
    }
    if available("curl") {
        let url = format!("http://127.0.0.1:{p}/sub/page.html");
        let out = run(
            Path::new("curl"),
            &["-s", "-i", "--max-time", "20", &url],
            None,
        );
        expect_success(
            &out,
            "HTTP/1.0 200 OK\r\nServer: tinyweb\r\nContent-type: text/html\r\n\
             Content-length: 16\r\n\r\n<p>sub page</p>\n",
            "curl",
        );
        clients += 1;
    }
    assert!(clients > 0, "neither python3 nor curl is installed");
    assert_eq!(server.stop().1, "");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hostinfo_lists_the_addresses_of_a_name() {
    let prog = example("hostinfo");
    let out = run(&prog, &["localhost"], None);
    assert_eq!((out.code(), out.stderr.as_str()), (0, ""), "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.contains(&"127.0.0.1"), "{lines:?}");
    assert!(
        lines.iter().all(|l| *l == "127.0.0.1" || *l == "::1"),
        "{lines:?}"
    );
    let out = run(&prog, &["127.0.0.1"], None);
    expect_success(&out, "127.0.0.1\n", "numeric");
    let out = run(&prog, &["nosuchhost.invalid"], None);
    expect(
        &out,
        0,
        "",
        "nosuchhost.invalid: Name or service not known\n",
        "unknown name",
    );
}

#[test]
fn a_client_that_resets_ends_its_connection_not_the_iterative_server() {
    let server_bin = example("echoserveri");
    let client = example("echoclient");
    let port = free_tcp_port();
    let p = port.to_string();
    let server = Example::start_program(&server_bin, &[&p], Proto::Tcp, port);
    for round in 0..3 {
        // Lines the server echoes while this client never reads them, then
        // a reset: the server's writes and reads meet a connection that is
        // gone (EPIPE, ECONNRESET).  The book's csapp.c died of SIGPIPE or
        // exited with "Rio_writen error".
        let mut gone = tcp_client(port);
        let lines = "a line to echo back\n".repeat(20_000);
        let _ = gone.write_all(lines.as_bytes());
        abort_on_close(&gone);
        drop(gone);
        let out = run(&client, &["localhost", &p], Some(b"still here\n"));
        assert_eq!(
            (out.code(), out.stdout.as_str(), out.stderr.as_str()),
            (0, "still here\n", ""),
            "round {round}"
        );
    }
    assert_eq!(server.stop().1, "");
}
