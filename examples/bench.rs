//! `make bench`: sockshim against the raw system calls and the textbook
//! helpers, printed as one Markdown table (the README's "Performance").
//!
//!     cargo run --release --quiet --example bench -- build/bench
//!
//! The C programs that `make bench` builds from bench/ measure; this program
//! runs them, counts system calls with strace, and prints medians and ratios:
//! - forms.c: one call of every call form of every layer against the raw
//!   system calls that do the same work, interleaved call by call;
//! - programs.c: echo throughput and ping-pong, start-up of a trivial
//!   program, sessions of a fork-per-client server;
//! - the static link's size, from the stripped programs make built.
//!
//! Every ratio is sockshim's cost over the other's, per round (the median of
//! that round's calls); the table gives the min, median and max over rounds.
//! A round in which the kernel counted listen-queue overflows or drops
//! (/proc/net/netstat, as nstat reads it) is reported and left out.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Rounds of every measurement, and calls per variant per round for the call forms.
const ROUNDS: usize = 15;
const CALLS: usize = 300;
const PING_TRIPS: usize = 200;
/// Echo throughput swings widely from round to round (three threads sharing
/// one CPU): more rounds, longer transfers.
const ECHO_ROUNDS: usize = 21;
const ECHO_MIB: usize = 32;
const STARTS: usize = 40;
const SESSIONS: usize = 60;

/// One call form, as `forms list` describes it.
struct Form {
    id: String,
    layer: String,
    call: String,
    raw: String,
    extra: String,
}

/// Runs `program args` and returns its stdout; stops the bench if it fails.
fn output(program: &Path, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    assert!(
        out.status.success(),
        "{} {args:?} failed: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The numbers of every output line whose first word is `name`, by line.
fn rows(text: &str, name: &str) -> Vec<Vec<f64>> {
    text.lines()
        .filter(|line| line.split_whitespace().next() == Some(name))
        .map(|line| {
            line.split_whitespace()
                .skip(1)
                .filter_map(|w| w.parse().ok())
                .collect()
        })
        .collect()
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// "min / median / max" of per-round ratios.
fn spread(ratios: &[f64]) -> String {
    let min = ratios.iter().copied().fold(f64::INFINITY, f64::min);
    let max = ratios.iter().copied().fold(0.0, f64::max);
    format!("{min:.2} / **{:.2}** / {max:.2}", median(ratios))
}

/// The system calls of each traced call (between close(-2) and close(-3)).
fn traced_calls(trace: &str) -> Vec<Vec<String>> {
    let mut calls = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in trace.lines() {
        let name = line.split('(').next().unwrap_or("");
        if line.starts_with("close(-2)") {
            current = Some(Vec::new());
        } else if line.starts_with("close(-3)") {
            calls.extend(current.take());
        } else if let Some(list) = current.as_mut() {
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                list.push(name.to_string());
            }
        }
    }
    calls
}

/// The system calls of one call of `form` (raw or shim) in the steady state
/// (the last 4 of 8 calls, which must agree: the first calls may fill a
/// cache or grow the heap); `Err` when strace cannot run.
fn syscalls(dir: &Path, form: &str, variant: &str) -> Result<Vec<String>, String> {
    let trace = std::env::temp_dir().join(format!("sockshim-bench-{}.trace", std::process::id()));
    let out = Command::new("strace")
        .arg("-o")
        .arg(&trace)
        .arg(dir.join("forms"))
        .args(["trace", form, variant, "8"])
        .output()
        .map_err(|e| format!("strace: {e}"))?;
    let text = std::fs::read_to_string(&trace).unwrap_or_default();
    let _ = std::fs::remove_file(&trace);
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let calls = traced_calls(&text);
    match calls.get(4..) {
        Some(steady @ [first, ..]) if steady.iter().all(|c| c == first) => Ok(first.clone()),
        _ => Err(format!("{form} {variant}: calls differ: {calls:?}")),
    }
}

/// The machine, for the table's heading.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let version = std::fs::read_to_string("/proc/version").unwrap_or_default();
    let sandbox = if version.contains("gVisor") {
        ", gVisor sandbox"
    } else {
        ""
    };
    let date = output(Path::new("/bin/date"), &["+%Y-%m-%d"]);
    format!(
        "{}, {cpus} CPUs ({cpu}), Linux {}{sandbox}",
        date.trim(),
        kernel.trim()
    )
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "build/bench".into()),
    );
    let forms: Vec<Form> = output(&dir.join("forms"), &["list"])
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Form {
                id: f[0].into(),
                layer: f[1].into(),
                call: f[2].into(),
                raw: f[4].into(),
                extra: f[5].into(),
            }
        })
        .collect();
    let mut notes = Vec::new();

    let timed = output(
        &dir.join("forms"),
        &["time", &ROUNDS.to_string(), &CALLS.to_string()],
    );
    println!("sockshim `make bench`, {}.\n", machine());
    println!(
        "| layer | call form | raw equivalent | raw µs | sockshim µs | sockshim / raw: min / **median** / max | system calls raw → sockshim | target |"
    );
    println!("|---|---|---|---:|---:|---|---|---|");
    for form in &forms {
        let all = rows(&timed, &form.id);
        let quiet: Vec<&Vec<f64>> = all.iter().filter(|r| r[3] == 0.0 && r[4] == 0.0).collect();
        for r in all.iter().filter(|r| r[3] != 0.0 || r[4] != 0.0) {
            notes.push(format!(
                "round {} of {} `{}` disturbed (listen overflows {}, drops {}): left out",
                r[0], form.layer, form.call, r[3], r[4]
            ));
        }
        let used: Vec<&Vec<f64>> = if quiet.is_empty() {
            all.iter().collect()
        } else {
            quiet
        };
        let ratios: Vec<f64> = used.iter().map(|r| r[2] / r[1]).collect();
        let raw_us = median(&used.iter().map(|r| r[1] / 1e3).collect::<Vec<_>>());
        let shim_us = median(&used.iter().map(|r| r[2] / 1e3).collect::<Vec<_>>());
        let counts = match (
            syscalls(&dir, &form.id, "raw"),
            syscalls(&dir, &form.id, "shim"),
        ) {
            (Ok(raw), Ok(shim)) => Some((raw, shim)),
            (Err(e), _) | (_, Err(e)) => {
                notes.push(format!("system calls of `{}` not counted: {e}", form.call));
                None
            }
        };
        let allowed = usize::from(!form.extra.is_empty()); // one call of that name
        let calls_text = match &counts {
            Some((raw, shim)) if raw == shim => format!("{} → {}", raw.len(), shim.len()),
            Some((raw, shim)) => format!(
                "{} → {} (+{})",
                raw.len(),
                shim.len(),
                shim.iter()
                    .filter(|c| !raw.contains(c))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "?".into(),
        };
        let ratio_ok = median(&ratios) <= 1.05;
        let calls_ok = counts
            .as_ref()
            .is_some_and(|(raw, shim)| shim.len() <= raw.len() + allowed);
        println!(
            "| {} | `{}` | {} | {raw_us:.1} | {shim_us:.1} | {} | {calls_text} | {} |",
            form.layer,
            form.call,
            form.raw,
            spread(&ratios),
            if ratio_ok && calls_ok {
                "met"
            } else {
                "**missed**"
            }
        );
    }

    println!();
    println!(
        "| program or stream | sockshim | raw loop (128 KiB) | textbook | sockshim / other: min / **median** / max | target |"
    );
    println!("|---|---:|---:|---:|---|---|");
    let programs = dir.join("programs");
    let echo = rows(
        &output(
            &programs,
            &[
                "throughput",
                &ECHO_ROUNDS.to_string(),
                &ECHO_MIB.to_string(),
            ],
        ),
        "throughput",
    );
    for (column, name) in [
        (1, "`HandleTCPClient` (1st ed.)"),
        (2, "`HandleTCPClient` (2nd ed.)"),
    ] {
        let ratios: Vec<f64> = echo.iter().map(|r| r[column] / r[3]).collect();
        println!(
            "| echo throughput, MiB/s, {name} | {:.0} | {:.0} | | {} (of raw) | |",
            median(&echo.iter().map(|r| r[column]).collect::<Vec<_>>()),
            median(&echo.iter().map(|r| r[3]).collect::<Vec<_>>()),
            spread(&ratios)
        );
    }
    let ping = output(
        &programs,
        &["pingpong", &ROUNDS.to_string(), &PING_TRIPS.to_string()],
    );
    for size in [1, 100] {
        let r = rows(&ping, &format!("pingpong{size}"));
        let col = |i: usize| median(&r.iter().map(|x| x[i] / 1e3).collect::<Vec<_>>());
        let ratios: Vec<f64> = r.iter().map(|x| x[1] / x[2]).collect();
        println!(
            "| ping-pong {size} B, µs per round trip, `HandleTCPClient` | {:.1} | {:.1} | {:.1} | {} (of raw) | |",
            col(1),
            col(2),
            col(3),
            spread(&ratios)
        );
    }
    let dirs = |name: &str| dir.join(name).display().to_string();
    for (program, how) in [
        ("trivial-installed", "loaded by path, as installed"),
        ("trivial-so", "found through -rpath"),
    ] {
        let starts = rows(
            &output(
                &programs,
                &[
                    "startup",
                    &ROUNDS.to_string(),
                    &STARTS.to_string(),
                    &dirs(program),
                    &dirs("trivial-o"),
                ],
            ),
            "startup",
        );
        let ratios: Vec<f64> = starts.iter().map(|r| r[1] / r[2]).collect();
        println!(
            "| start-to-exit of a trivial program, µs, `.so` ({how}) vs textbook `.o` | {:.0} | | {:.0} | {} | ≤ 1.10: {} |",
            median(&starts.iter().map(|r| r[1] / 1e3).collect::<Vec<_>>()),
            median(&starts.iter().map(|r| r[2] / 1e3).collect::<Vec<_>>()),
            spread(&ratios),
            if median(&ratios) <= 1.10 {
                "met"
            } else {
                "**missed**"
            }
        );
    }
    let sessions = rows(
        &output(
            &programs,
            &[
                "sessions",
                &ROUNDS.to_string(),
                &SESSIONS.to_string(),
                &dirs("forkecho-so"),
                &dirs("forkecho-o"),
            ],
        ),
        "sessions",
    );
    let ratios: Vec<f64> = sessions.iter().map(|r| r[2] / r[1]).collect();
    println!(
        "| fork-per-client echo server, sessions/s, `.so` vs textbook `.o` | {:.0} | | {:.0} | {} | ≥ 0.97: {} |",
        median(&sessions.iter().map(|r| 1e9 / r[1]).collect::<Vec<_>>()),
        median(&sessions.iter().map(|r| 1e9 / r[2]).collect::<Vec<_>>()),
        spread(&ratios),
        if median(&ratios) >= 0.97 {
            "met"
        } else {
            "**missed**"
        }
    );
    let size = |name: &str| std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
    let added = size("trivial-static") as i64 - size("trivial-o.stripped") as i64;
    println!(
        "| static link: bytes added to a stripped program (`--gc-sections`) | {} | | {} | +{} | ≤ 400 kB: {} |",
        size("trivial-static"),
        size("trivial-o.stripped"),
        added,
        if added <= 400_000 {
            "met"
        } else {
            "**missed**"
        }
    );
    if !notes.is_empty() {
        println!();
    }
    for note in notes {
        println!("- {note}");
    }
}
