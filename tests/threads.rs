//! Thread safety: 8 threads each calling connectTCP 500 times against one
//! local server, by address and by name, without a single failure.

mod common;
use common::*;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[test]
fn eight_threads_connect_500_times_each() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    listener.set_nonblocking(true).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let acceptor = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut accepted = 0usize;
            while !stop.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok(_) => accepted += 1,
                    Err(_) => std::thread::sleep(std::time::Duration::from_micros(200)),
                }
            }
            accepted
        })
    };
    for link in BOTH {
        let prog = build_c("threads", &["tests/c/threads.c"], link);
        for host in ["127.0.0.1", "localhost"] {
            let out = run(&prog, &[host, &port, "8", "500"], None);
            assert_eq!(
                (out.code(), out.stdout.as_str(), out.stderr.as_str()),
                (0, "done 4000\n", ""),
                "{link:?} {host}"
            );
        }
    }
    stop.store(true, Ordering::Relaxed);
    assert!(acceptor.join().unwrap() > 0);
}
