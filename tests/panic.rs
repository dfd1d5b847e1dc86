//! No panic crosses into C: a panic inside an entry point's guard (a
//! sockshim bug) ends in the book's failure path, the textbook-format line
//! `sockshim: internal error in <entry>` from errexit and exit status 1,
//! instead of unwinding into the C caller.  The panicking call runs in a
//! child process (this test binary again), since it exits.

use std::process::Command;

/// Set in the child's environment: run the panicking entry point.
const CHILD: &str = "PANIC_TEST_CHILD";

#[test]
fn a_panic_inside_an_entry_point_ends_in_the_textbook_failure_path() {
    if std::env::var_os(CHILD).is_some() {
        let fd = sockshim::ffi::guard(c"connectTCP", || panic!("a deliberate test panic"));
        println!("returned {fd}: the guard did not exit");
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_panic_inside_an_entry_point_ends_in_the_textbook_failure_path",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr.ends_with("sockshim: internal error in connectTCP\n"),
        "{stderr}"
    );
    assert!(stderr.contains("a deliberate test panic"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("returned"));
}
