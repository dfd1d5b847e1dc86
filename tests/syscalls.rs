//! The system calls of every call form of bench/forms.c, counted exactly
//! with strace (issue 11): each form makes the raw equivalent's calls, plus
//! only the one call the form allows (a stat to revalidate a cache, or an
//! ioctl that asks whether the host has IPv4).  Counts are
//! deterministic, so this is a test; the times are `make bench`'s business.

mod common;

use common::Link;
use std::path::Path;
use std::process::Command;

/// The system calls of each raw kind of bench/forms.c, per call.
const RAW: &[(&str, &[&str])] = &[
    ("CONNECT", &["socket", "connect", "close"]),
    ("UDP", &["socket", "connect", "close"]),
    (
        "LISTEN",
        &["socket", "setsockopt", "bind", "listen", "close"],
    ),
    (
        "LISTEN_ENV",
        &["socket", "setsockopt", "bind", "listen", "close"],
    ),
    (
        "LISTEN_PRINT",
        &[
            "socket",
            "setsockopt",
            "bind",
            "listen",
            "getsockname",
            "close",
        ],
    ),
    ("ACCEPT_FLUSH", &["accept", "write"]),
    ("ACCEPT", &["accept"]),
    ("SESSION", &["recvfrom", "sendto", "recvfrom", "close"]),
    ("ACCEPT_PLAIN", &["accept"]),
    ("UDP_SOCKET", &["socket", "close"]),
    ("SESSION_RW", &["read", "write", "read", "close"]),
];

/// What "stat" may be in a system call trace.
const STAT: &[&str] = &["stat", "newfstatat", "statx", "fstatat64"];

/// Whether this host has an IPv4 address other than 127.0.0.1 (the
/// interface list from getifaddrs, which asks over netlink).
fn host_has_ipv4() -> bool {
    let mut list = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list`, freed below.
    assert_eq!(unsafe { libc::getifaddrs(&mut list) }, 0);
    let mut seen = false;
    let mut entry = list;
    while !entry.is_null() {
        // SAFETY: a node of the list getifaddrs made.
        let ifa = unsafe { &*entry };
        // SAFETY: a non-null ifa_addr of family AF_INET is a sockaddr_in.
        seen |= !ifa.ifa_addr.is_null()
            && unsafe { (*ifa.ifa_addr).sa_family } == libc::AF_INET as libc::sa_family_t
            && unsafe { (*ifa.ifa_addr.cast::<libc::sockaddr_in>()).sin_addr.s_addr }
                != u32::from_be_bytes([127, 0, 0, 1]).to_be();
        entry = ifa.ifa_next;
    }
    // SAFETY: the list getifaddrs made, freed once.
    unsafe { libc::freeifaddrs(list) };
    seen
}

/// The system calls of each call, between the marker calls close(-2) and close(-3).
fn calls_in(trace: &str) -> Vec<Vec<String>> {
    let mut calls = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in trace.lines() {
        if line.starts_with("close(-2)") {
            current = Some(Vec::new());
        } else if line.starts_with("close(-3)") {
            calls.extend(current.take());
        } else if let (Some(list), Some((name, _))) = (current.as_mut(), line.split_once('(')) {
            list.push(name.to_string());
        }
    }
    calls
}

/// The calls of `forms trace ID VARIANT 8` under strace, once steady: the
/// last four calls (the first may fill a cache or grow the heap) must agree.
fn steady_calls(forms: &Path, id: &str, variant: &str) -> Vec<String> {
    let trace =
        std::env::temp_dir().join(format!("syscalls-{}-{id}-{variant}", std::process::id()));
    let out = Command::new("strace")
        .arg("-o")
        .arg(&trace)
        .arg(forms)
        .args(["trace", id, variant, "8"])
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&trace).unwrap_or_default();
    let _ = std::fs::remove_file(&trace);
    assert!(
        out.status.success(),
        "{id} {variant}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls = calls_in(&text);
    assert_eq!(calls.len(), 8, "{id} {variant}: {text}");
    for call in &calls[5..] {
        assert_eq!(call, &calls[4], "{id} {variant}: calls differ: {calls:?}");
    }
    calls[4].clone()
}

/// Whether strace can trace here; skips loudly where ptrace is not
/// permitted (a container without CAP_SYS_PTRACE), never under CI.
fn strace_works() -> bool {
    match Command::new("strace")
        .args(["-o", "/dev/null", "true"])
        .output()
    {
        Ok(out) if out.status.success() => true,
        Ok(out) => {
            let why = String::from_utf8_lossy(&out.stderr);
            assert!(
                why.contains("Operation not permitted"),
                "strace failed: {why}"
            );
            eprintln!("SKIPPED: system-call counts: ptrace is not permitted here ({why})");
            false
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have strace (.ci/run installs it): {e}"
            );
            eprintln!("SKIPPED: system-call counts: strace is not installed ({e})");
            false
        }
    }
}

#[test]
fn every_call_form_makes_the_raw_system_calls_and_at_most_one_more() {
    if !strace_works() {
        return;
    }
    let forms = common::build_c("forms", &["bench/forms.c"], Link::Shared);
    let list = common::run(&forms, &["list"], None);
    assert_eq!(list.code(), 0);
    let mut checked = 0;
    for line in list.stdout.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let (id, kind, extra) = (fields[0], fields[3], fields[5]);
        let expected = RAW.iter().find(|(k, _)| *k == kind).unwrap().1;
        let raw = steady_calls(&forms, id, "raw");
        assert_eq!(raw, expected, "{id}: the raw variant");
        let mut shim = steady_calls(&forms, id, "shim");
        // The one call a form may add: a stat to revalidate a cache, or
        // the ioctl that asks the new socket whether the host has IPv4.
        let (extra_names, allowed): (&[&str], usize) = match extra {
            "stat" => (STAT, 1),
            "ioctl" if host_has_ipv4() => (&["ioctl"], 1),
            "ioctl" => {
                // No IPv4 here: the C library's AI_ADDRCONFIG work comes
                // first, its netlink exchange and, for two answers, a
                // route probe per address.
                let work = shim.len().saturating_sub(raw.len());
                let (asked, rest) = shim.split_at(work);
                let netlink = [
                    "socket",
                    "ioctl",
                    "bind",
                    "getsockname",
                    "sendto",
                    "recvmsg",
                    "close",
                    "connect",
                ];
                assert!(
                    work > 0 && asked.iter().all(|c| netlink.contains(&c.as_str())),
                    "{id}: {shim:?}"
                );
                shim = rest.to_vec();
                (&[], 0)
            }
            _ => (&[], 0),
        };
        let (extras, rest): (Vec<String>, Vec<String>) = shim
            .iter()
            .cloned()
            .partition(|c| extra_names.contains(&c.as_str()));
        assert_eq!(rest, raw, "{id}: sockshim {shim:?} against raw {raw:?}");
        assert_eq!(extras.len(), allowed, "{id}: {extra} calls in {shim:?}");
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} forms listed");
}
