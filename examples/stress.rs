//! `make stress`: many clients at once, each sending a stream of bytes and
//! reading its echo, against every concurrent example server and
//! sockshim-serve's echo; every byte is compared with what was sent and
//! both directions are checksummed.  Before and after each run it counts
//! the server's descriptors, threads and child processes (and zombies);
//! it prints a table and fails when any client was not served intact, was
//! reset, or the server did not come back to its resting counts.
//!
//!     cargo run --release --example stress -- [--clients N] [--bytes N] [--only NAME,...]
//!
//! Defaults: 1000 clients of 1 MiB each (STRESS_CLIENTS and STRESS_BYTES in
//! `make stress`).  Servers run on free loopback ports, in their own process
//! groups, and are killed at the end.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/example_harness/mod.rs"]
mod example_harness;
#[path = "../tests/load/mod.rs"]
mod load;

use common::*;
use example_harness::*;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The concurrent echo servers: (program under build/bin, extra arguments).
const SERVERS: &[(&str, &[&str])] = &[
    ("TCPechod", &[]),
    ("TCPmtechod", &[]),
    ("TCPmechod", &[]),
    ("TCPEchoServer-Fork", &[]),
    ("TCPEchoServer-Thread", &[]),
    ("TCPEchoServer-ForkN", &["32"]),
    ("practical/TCPEchoServer-Fork", &[]),
    ("practical/TCPEchoServer-Thread", &[]),
    ("practical/TCPEchoServer-Select", &[]),
    ("unpechosrv", &[]),
    ("unpechothread", &[]),
    ("unpechoselect", &[]),
    ("echoserverp", &[]),
    ("echoservert", &[]),
    ("echoservert_pre", &[]),
    ("echoservers", &[]),
    ("sockshim-serve", &[]),
];

/// What a server looks like at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    fds: usize,
    threads: usize,
    children: usize,
    zombies: usize,
}

fn counts(server: &Example) -> Counts {
    let pid = server.pid as u32;
    let children = server.children();
    Counts {
        fds: fd_count(pid),
        threads: thread_count(pid),
        children: children.len(),
        zombies: children.iter().filter(|p| p.state == 'Z').count(),
    }
}

struct Row {
    name: String,
    report: load::Report,
    before: Counts,
    after: Counts,
    ok: bool,
}

/// A port base under which sockshim-serve's echo port (base + 7) is free
/// for TCP and UDP.
fn serve_base() -> u16 {
    for _ in 0..50 {
        let base = free_tcp_port().saturating_sub(7);
        let free = std::net::TcpListener::bind(("0.0.0.0", base + 7)).is_ok()
            && std::net::UdpSocket::bind(("0.0.0.0", base + 7)).is_ok();
        if base > 1024 && free {
            return base;
        }
    }
    panic!("no free port base");
}

fn run_one(name: &str, extra: &[&str], clients: usize, bytes: usize) -> Row {
    let (args, port): (Vec<String>, u16) = if name == "sockshim-serve" {
        let base = serve_base();
        let args = ["--only", "echo", "--portbase", &base.to_string()].map(String::from);
        (args.to_vec(), base + 7)
    } else {
        let port = free_tcp_port();
        let mut args = vec![port.to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        (args, port)
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut server = Example::start(name, &args, Proto::Tcp, port);
    // Children that a server forks at start (ForkN's workers) are part of
    // its resting state.
    let _ = wait_for(Duration::from_secs(5), || {
        !name.contains("ForkN") || server.children().len() == 32
    });
    let before = counts(&server);
    let report = load::run(load::Spec {
        port,
        clients,
        bytes,
        threads: 4,
        stall: Duration::from_secs(60),
        echo: true,
    });
    // Connections end on the server's side a little after the clients see
    // them end: wait (bounded) for the resting counts to come back.
    let mut after = counts(&server);
    let deadline = Instant::now() + Duration::from_secs(20);
    while after != before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        after = counts(&server);
    }
    let alive = server
        .child
        .0
        .try_wait()
        .is_ok_and(|status| status.is_none());
    let ok = alive && report.all_served(clients) && report.resets == 0 && after == before;
    drop(server);
    Row {
        name: name.to_string(),
        report,
        before,
        after,
        ok,
    }
}

fn print_table(rows: &[Row], clients: usize, bytes: usize) {
    println!(
        "\n{clients} clients x {} KiB each, at once, per server (every byte compared, both directions checksummed)\n",
        bytes >> 10
    );
    println!(
        "{:<32} {:>6} {:>6} {:>7} {:>6} {:>8} {:>9} {:>8} {:>11} {:>9} {:>9} {:>7}  result",
        "server",
        "served",
        "resets",
        "refused",
        "other",
        "checksum",
        "MiB",
        "MiB/s",
        "fds",
        "threads",
        "children",
        "zombies",
    );
    for row in rows {
        let r = &row.report;
        let other = r.short + r.corrupt + r.stalled + r.errors.len();
        let mib = (r.sent + r.received) as f64 / f64::from(1 << 20);
        let rate = mib / r.elapsed.as_secs_f64().max(1e-9);
        let pair = |a: usize, b: usize| format!("{a}->{b}");
        println!(
            "{:<32} {:>6} {:>6} {:>7} {:>6} {:>8} {:>9.0} {:>8.0} {:>11} {:>9} {:>9} {:>7}  {}",
            row.name,
            r.served,
            r.resets,
            r.refused,
            other,
            if r.sent_sum == r.received_sum {
                "equal"
            } else {
                "DIFFER"
            },
            mib,
            rate,
            pair(row.before.fds, row.after.fds),
            pair(row.before.threads, row.after.threads),
            pair(row.before.children, row.after.children),
            row.after.zombies,
            if row.ok { "ok" } else { "FAILED" }
        );
    }
    println!();
}

fn main() -> ExitCode {
    let mut clients = 1000usize;
    let mut bytes = 1usize << 20;
    let mut only: Option<Vec<String>> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--clients" => clients = value().parse().expect("--clients N"),
            "--bytes" => bytes = value().parse().expect("--bytes N"),
            "--only" => only = Some(value().split(',').map(String::from).collect()),
            other => {
                eprintln!("stress: unknown argument {other:?}");
                return ExitCode::from(2);
            }
        }
    }
    let limit = load::raise_fd_limit();
    if (limit as usize) < clients * 2 + 100 {
        eprintln!("stress: a descriptor limit of {limit} is too low for {clients} clients");
        return ExitCode::FAILURE;
    }
    let mut rows = Vec::new();
    for &(name, extra) in SERVERS {
        if only.as_ref().is_some_and(|o| !o.iter().any(|n| n == name)) {
            continue;
        }
        eprintln!("stress: {name} ...");
        let row = run_one(name, extra, clients, bytes);
        if !row.ok {
            eprintln!("stress: {name}: {:?}", row.report);
        }
        rows.push(row);
    }
    print_table(&rows, clients, bytes);
    let failed = rows.iter().filter(|r| !r.ok).count();
    println!("{} passed, {failed} failed", rows.len() - failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
