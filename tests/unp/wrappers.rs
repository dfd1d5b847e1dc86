//! The socket, Unix, stdio and inet wrappers: the success path of each,
//! and each one's failure message (`<name> error: <strerror>`, lower-case)
//! with exit status 1.

use crate::common::*;
use crate::{expect, expect_fail};

#[test]
fn socket_wrappers_work_on_loopback() {
    let expected = "\
Socket Bind Listen Getsockname ok
Connect Accept Getpeername ok
Setsockopt Getsockopt keepalive=1 stream=1
Send Recv 5 hello
Sendto Recvfrom 5 world
Sendmsg Recvmsg 7 abcdefg
Sockatmark 0
Select 1 readable=1
Poll 1 pollin=1
Write Read 1 x
Shutdown Read 0
Socketpair Writen Readn 4 pair
Readn at EOF 0
";
    for link in BOTH {
        expect(link, &["sockets"], 0, expected, "");
    }
}

#[test]
fn unix_stdio_and_inet_wrappers_work() {
    let unix = "\
Pipe Write Read 4
Ioctl FIONREAD 0
Fcntl nonblock=0
Dup2 1
Mkstemp Open Read 4
Unlink gone=1
Strdup duplicate
Calloc zeroed=1
Malloc Mmap m
Sysconf open_max>0=1
Gettimeofday 1
Sigismember 1 0
Sigprocmask Sigpending 1
Sigfillset 1
Fork Waitpid 1 7
Fork Wait 1 9
";
    let stdio = "Fgets [first line\n]\nFgets [second]\nFgets at EOF: NULL\n";
    let inet = "Inet_pton Inet_ntop 192.0.2.33 1\nInet_pton Inet_ntop 2001:db8::1\n";
    for link in BOTH {
        expect(link, &["unix"], 0, unix, "");
        expect(link, &["stdio"], 0, stdio, "");
        expect(link, &["inet"], 0, inet, "");
    }
}

/// `unpcall fail NAME` and the line it must print.
const FAILURES: &[(&str, &str)] = &[
    ("accept", "accept error: Bad file descriptor\n"),
    ("bind", "bind error: Bad file descriptor\n"),
    (
        "getpeername",
        "getpeername error: Transport endpoint is not connected\n",
    ),
    ("getsockname", "getsockname error: Bad file descriptor\n"),
    ("getsockopt", "getsockopt error: Protocol not available\n"),
    ("listen", "listen error: Bad file descriptor\n"),
    ("poll", "poll error: Bad address\n"),
    ("recv", "recv error: Bad file descriptor\n"),
    ("recvfrom", "recvfrom error: Bad file descriptor\n"),
    ("recvmsg", "recvmsg error: Bad file descriptor\n"),
    ("select", "select error: Invalid argument\n"),
    ("send", "send error: Bad file descriptor\n"),
    ("sendmsg", "sendmsg error: Bad file descriptor\n"),
    ("sendto", "sendto error: Bad file descriptor\n"),
    ("setsockopt", "setsockopt error: Bad file descriptor\n"),
    (
        "shutdown",
        "shutdown error: Transport endpoint is not connected\n",
    ),
    ("sockatmark", "sockatmark error: Bad file descriptor\n"),
    (
        "socket",
        "socket error: Address family not supported by protocol\n",
    ),
    ("socketpair", "socketpair error: Operation not supported\n"),
    ("calloc", "calloc error: Cannot allocate memory\n"),
    ("close", "close error: Bad file descriptor\n"),
    ("dup2", "dup2 error: Bad file descriptor\n"),
    ("fcntl", "fcntl error: Bad file descriptor\n"),
    ("fork", "fork error: Resource temporarily unavailable\n"),
    ("ioctl", "ioctl error: Bad file descriptor\n"),
    ("malloc", "malloc error: Cannot allocate memory\n"),
    // err_quit: no errno text.
    ("mkstemp", "mkstemp error\n"),
    ("mmap", "mmap error: Bad file descriptor\n"),
    (
        "open",
        "open error for /nonexistent/dir/file: No such file or directory\n",
    ),
    ("pipe", "pipe error: Too many open files\n"),
    ("read", "read error: Bad file descriptor\n"),
    ("sigaddset", "sigaddset error: Invalid argument\n"),
    ("sigdelset", "sigdelset error: Invalid argument\n"),
    ("sigemptyset", "sigemptyset error: Invalid argument\n"),
    ("sigfillset", "sigfillset error: Invalid argument\n"),
    ("sigismember", "sigismember error: Invalid argument\n"),
    ("sigpending", "sigpending error: Bad address\n"),
    ("sigprocmask", "sigprocmask error: Invalid argument\n"),
    ("strdup", "strdup error: Cannot allocate memory\n"),
    ("sysconf", "sysconf error: Invalid argument\n"),
    // -1 without an error is fatal too, and errno was cleared first.
    ("sysconf_indeterminate", "sysconf error: Success\n"),
    (
        "unlink",
        "unlink error for /nonexistent/dir/file: No such file or directory\n",
    ),
    ("wait", "wait error: No child processes\n"),
    ("waitpid", "waitpid error: No child processes\n"),
    ("write", "write error: Bad file descriptor\n"),
    ("fclose", "fclose error: Bad file descriptor\n"),
    ("fdopen", "fdopen error: Bad file descriptor\n"),
    ("fgets", "fgets error: Bad file descriptor\n"),
    // No file name in this one.
    ("fopen", "fopen error: No such file or directory\n"),
    ("fputs", "fputs error: No space left on device\n"),
    ("inet_ntop_null", "NULL 3rd argument to inet_ntop\n"),
    (
        "inet_ntop_small",
        "inet_ntop error: No space left on device\n",
    ),
    (
        "inet_ntop_family",
        "inet_ntop error: Address family not supported by protocol\n",
    ),
    // inet_pton returning 0 is err_quit, -1 is err_sys.
    ("inet_pton_bad", "inet_pton error for 1.2.3.x\n"),
    (
        "inet_pton_family",
        "inet_pton error for 1.2.3.4: Address family not supported by protocol\n",
    ),
    ("readn", "readn error: Bad file descriptor\n"),
    ("writen", "writen error: Bad file descriptor\n"),
    ("readline", "readline error: Bad file descriptor\n"),
];

#[test]
fn every_wrapper_fails_with_its_book_message_and_status_1() {
    for link in BOTH {
        for (name, message) in FAILURES {
            expect_fail(link, &["fail", name], message);
        }
        let refused = free_tcp_port().to_string();
        expect_fail(
            link,
            &["fail", "connect", &refused],
            "connect error: Connection refused\n",
        );
    }
}
