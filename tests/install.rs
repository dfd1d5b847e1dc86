//! The library installed like a C library: `make install` into a prefix and
//! into a staging DESTDIR, programs built with pkg-config (shared, static and
//! the compat profile for pre-ANSI course code) and run against local
//! servers, the man pages, and `make uninstall` leaving nothing behind.
//!
//! Every test works in its own directory under target/install-test (named
//! after the test and the process), bounds every program it runs, and kills
//! every server it starts.  `make test` has built everything, and `make
//! install` copies the built files without ever rebuilding them, so
//! concurrent tests and test processes never write the same file.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the tests' Scratch directories go, under target/.
const AREA: &str = "install-test";

/// The functions that must each have their own man3 page (not an alias).
const FUNCTIONS: &[&str] = &[
    "connectTCP",
    "connectUDP",
    "connectsock",
    "passiveTCP",
    "passiveUDP",
    "passivesock",
    "errexit",
    "CreateTCPServerSocket",
    "AcceptTCPConnection",
    "HandleTCPClient",
    "DieWithError",
    "sockshim_connect",
    "sockshim_listen",
    "sockshim_local_port",
    "sockshim_last_error",
    "sockshim_readn",
    "sockshim_writen",
    "sockshim_readline",
    "sockshim_version",
];

/// Every knob, as the library defines them.
const KNOBS: &[&str] = sockshim::config::KNOBS;

/// The library's messages: key, as a man page shows it, as the source has it.
const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "service",
        r#"can't get "service" service entry"#,
        r#"can't get \"%s\" service entry"#,
    ),
    (
        "host",
        r#"can't get "host" host entry"#,
        r#"can't get \"%s\" host entry"#,
    ),
    (
        "protocol",
        r#"can't get "transport" protocol entry"#,
        r#"can't get \"%s\" protocol entry"#,
    ),
    (
        "socket",
        "can't create socket: reason",
        "can't create socket: %s",
    ),
    (
        "connect",
        "can't connect to host.service: reason",
        "can't connect to %s.%s: %s",
    ),
    (
        "bind",
        "can't bind to service port: reason",
        "can't bind to %s port: %s",
    ),
    (
        "listen",
        "can't listen on service port: reason",
        "can't listen on %s port: %s",
    ),
    (
        "null",
        "errexit: called with a NULL format",
        "errexit: called with a NULL format",
    ),
    ("socket()", "socket() failed", "socket() failed"),
    ("bind()", "bind() failed", "bind() failed"),
    ("listen()", "listen() failed", "listen() failed"),
    ("accept()", "accept() failed", "accept() failed"),
    ("recv()", "recv() failed", "recv() failed"),
    ("send()", "send() failed", "send() failed"),
    ("handling", "Handling client ", "\"Handling client \""),
    (
        "getaddrinfo()",
        "getaddrinfo() failed: ",
        "c\"getaddrinfo() failed\"",
    ),
    (
        "getsockname()",
        "getsockname() failed: ",
        "c\"getsockname() failed\"",
    ),
    ("binding", "Binding to 0.0.0.0-5000", "\"Binding to \""),
    (
        "handling-port",
        "Handling client 127.0.0.1-54321",
        "\"Handling client \"",
    ),
];

/// The sections of a function's full page (the Practical.h pages have all
/// but ERRORS).
const PAGE_SECTIONS: [&str; 8] = [
    "NAME",
    "SYNOPSIS",
    "DESCRIPTION",
    "RETURN VALUE",
    "ERRORS",
    "ENVIRONMENT",
    "EXAMPLES",
    "SEE ALSO",
];

/// The Practical.h layer's functions, each with its page <Name>.3practical
/// (section 3practical: the 1st edition keeps AcceptTCPConnection(3) and
/// HandleTCPClient(3)).
const PRACTICAL_FUNCTIONS: &[&str] = &[
    "DieWithUserMessage",
    "DieWithSystemMessage",
    "PrintSocketAddress",
    "SockAddrsEqual",
    "SetupTCPClientSocket",
    "SetupTCPServerSocket",
    "AcceptTCPConnection",
    "HandleTCPClient",
];

/// Which of MESSAGES the Practical.h pages must show (by file name).
const PRACTICAL_PAGE_MESSAGES: &[(&str, &[&str])] = &[
    (
        "practical.3",
        &[
            "getaddrinfo()",
            "getsockname()",
            "binding",
            "handling-port",
            "accept()",
            "recv()",
            "send()",
        ],
    ),
    ("SetupTCPClientSocket.3practical", &["getaddrinfo()"]),
    (
        "SetupTCPServerSocket.3practical",
        &["getaddrinfo()", "getsockname()", "binding"],
    ),
    (
        "AcceptTCPConnection.3practical",
        &["accept()", "handling-port"],
    ),
    ("HandleTCPClient.3practical", &["recv()", "send()"]),
];

/// Which of MESSAGES each page must show.
const PAGE_MESSAGES: &[(&str, &[&str])] = &[
    ("connectTCP", &["service", "host", "socket", "connect"]),
    ("connectUDP", &["service", "host", "socket", "connect"]),
    (
        "connectsock",
        &["service", "host", "protocol", "socket", "connect"],
    ),
    ("passiveUDP", &["service", "socket", "bind"]),
    ("passiveTCP", &["service", "socket", "bind", "listen"]),
    (
        "passivesock",
        &["service", "protocol", "socket", "bind", "listen"],
    ),
    ("errexit", &["null"]),
    ("CreateTCPServerSocket", &["socket()", "bind()", "listen()"]),
    ("AcceptTCPConnection", &["accept()", "handling"]),
    ("HandleTCPClient", &["recv()", "send()"]),
    (
        "DieWithError",
        &[
            "socket()", "bind()", "listen()", "accept()", "recv()", "send()",
        ],
    ),
];

/// `make ARGS` in the repository (install and uninstall never build), with
/// none of the caller's make state or install variables, and without
/// touching the system's loader cache or man index.
fn make(args: &[&str]) -> Output {
    lib_dir();
    let mut cmd = make_in(&root(), args);
    cmd.args(["LDCONFIG=true", "MANDB=true"]);
    for var in [
        "PREFIX",
        "DESTDIR",
        "BINDIR",
        "LIBDIR",
        "INCLUDEDIR",
        "MANDIR",
        "PKGCONFIGDIR",
        "DATADIR",
        "DIRS_RECORD",
        "OUT",
    ] {
        cmd.env_remove(var);
    }
    exec(cmd, TOOL_LIMIT)
}

/// `make install` into the scratch directory's usr; returns that prefix.
fn install_into(scratch: &Scratch) -> PathBuf {
    let prefix = scratch.path("usr");
    make_ok(&["install", &format!("PREFIX={}", prefix.display())]);
    prefix
}

fn make_ok(args: &[&str]) {
    let out = make(args);
    assert!(
        out.status.success(),
        "make {args:?} failed:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// Every file and symbolic link under `dir`, as paths relative to it.
fn tree(dir: &Path) -> BTreeSet<String> {
    fn walk(base: &Path, dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_dir() {
                walk(base, &path, found);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                found.insert(rel.to_str().unwrap().to_string());
            }
        }
    }
    let mut found = BTreeSet::new();
    if dir.exists() {
        walk(dir, dir, &mut found);
    }
    found
}

/// Every directory under `dir` (itself included, as ""), relative to it.
fn directories(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::from([String::new()]);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if std::fs::symlink_metadata(&path).unwrap().is_dir() {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            for sub in directories(&path) {
                found.insert(if sub.is_empty() {
                    name.clone()
                } else {
                    format!("{name}/{sub}")
                });
            }
        }
    }
    found
}

/// `mandb` runs after an install or uninstall into a system man directory
/// (SYSTEM_MANDIRS; here the test's own, with a `mandb` that records its
/// arguments), and not for a staged (DESTDIR) or private prefix.
#[test]
fn mandb_runs_for_system_man_directories_only() {
    let scratch = Scratch::new(AREA, "mandb");
    let prefix = scratch.path("usr");
    let mandir = prefix.join("share/man");
    let calls = scratch.path("calls");
    let mandb = scratch.path("mandb");
    script(&mandb, &format!("echo \"$@\" >> '{}'\n", calls.display()));
    let run = |target: &str, system: &Path, destdir: Option<&Path>| {
        let mut cmd = make_in(&root(), &[target]);
        cmd.arg(format!("PREFIX={}", prefix.display()))
            .arg(format!("MANDB={}", mandb.display()))
            .arg(format!(
                "SYSTEM_MANDIRS=/usr/share/man {}",
                system.display()
            ))
            .arg("LDCONFIG=true");
        if let Some(destdir) = destdir {
            cmd.arg(format!("DESTDIR={}", destdir.display()));
        }
        let out = exec(cmd, TOOL_LIMIT);
        assert!(out.status.success(), "{}", text(&out.stderr));
        std::fs::read_to_string(&calls).unwrap_or_default()
    };
    let system = mandir.as_path();
    let private = Path::new("/nonexistent/share/man");
    assert_eq!(run("install", private, None), "", "private prefix");
    let stage = scratch.path("stage");
    assert_eq!(run("install", system, Some(&stage)), "", "DESTDIR");
    let once = format!("-q {}\n", mandir.display());
    assert_eq!(run("install", system, None), once);
    assert_eq!(run("uninstall", system, None), once.repeat(2));
    assert!(!prefix.exists(), "uninstall removed the prefix it created");
}

/// The source man pages: (section directory, file name).
fn man_sources() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for section in ["man1", "man3", "man7"] {
        for entry in std::fs::read_dir(root().join("man").join(section)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            pages.push((section.to_string(), name));
        }
    }
    pages.sort();
    pages
}

/// What `make install` must install, relative to the prefix, with the
/// default directory layout.
fn expected_files(bin: &str, lib: &str, include: &str, man: &str) -> BTreeSet<String> {
    let mut files: BTreeSet<String> = [
        format!("{bin}/sockshim-serve"),
        format!("{include}/sockshim.h"),
        format!("{include}/sockshim-compat.h"),
        format!("{lib}/libsockshim.so.{VERSION}"),
        format!("{lib}/libsockshim.so.0"),
        format!("{lib}/libsockshim.so"),
        format!("{lib}/libsockshim.a"),
    ]
    .into();
    for entry in std::fs::read_dir(root().join("pkgconfig")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let pc = name
            .strip_suffix(".pc.in")
            .expect("pkgconfig/ holds .pc.in files");
        files.insert(format!("{lib}/pkgconfig/{pc}.pc"));
    }
    assert!(files.contains(&format!("{lib}/pkgconfig/sockshim-compat.pc")));
    let books = root().join("include");
    for header in tree(&books.join("sockshim")) {
        files.insert(format!("{include}/sockshim/{header}"));
    }
    assert!(files.contains(&format!("{include}/sockshim/practical/Practical.h")));
    for (section, page) in man_sources() {
        files.insert(format!("{man}/{section}/{page}"));
    }
    // What `make uninstall` reads to remove the directories install made.
    let share = man.strip_suffix("/man").expect("MANDIR is DATADIR/man");
    files.insert(format!("{share}/sockshim/installed-dirs"));
    files
}

/// `man ARGS` on the pages installed under `prefix`, which must render
/// without a warning; returns the page.
fn installed_man(prefix: &Path, args: &[&str]) -> String {
    let mut cmd = Command::new("man");
    cmd.arg("--warnings")
        .arg("-M")
        .arg(prefix.join("share/man"))
        .args(args)
        .env("MANWIDTH", "100")
        .env_remove("MANPAGER")
        .env_remove("PAGER");
    let out = exec(cmd, TOOL_LIMIT);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "man {args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// pkg-config, looking only at `pcdir` (and through `sysroot`, if given).
struct PkgConfig {
    pcdir: PathBuf,
    sysroot: Option<PathBuf>,
}

impl PkgConfig {
    /// pkg-config for the .pc files in `pcdir`, without a sysroot.
    fn at(pcdir: PathBuf) -> PkgConfig {
        PkgConfig {
            pcdir,
            sysroot: None,
        }
    }

    fn query(&self, args: &[&str]) -> String {
        let mut cmd = Command::new("pkg-config");
        cmd.args(args)
            .env("PKG_CONFIG_LIBDIR", &self.pcdir)
            .env_remove("PKG_CONFIG_PATH")
            .env_remove("PKG_CONFIG_SYSROOT_DIR");
        if let Some(sysroot) = &self.sysroot {
            cmd.env("PKG_CONFIG_SYSROOT_DIR", sysroot);
        }
        let out = exec(cmd, TOOL_LIMIT);
        assert!(
            out.status.success(),
            "pkg-config {args:?}: {}",
            text(&out.stderr)
        );
        text(&out.stdout).trim().to_string()
    }

    fn flags(&self, args: &[&str]) -> Vec<String> {
        self.query(args)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }
}

/// How a test program is linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Linking {
    /// `$(pkg-config --cflags --libs PKG)`.
    Shared,
    /// libsockshim.a, the rest shared: the recipe of sockshim(7).
    Static,
}

/// Compiles `sources` with `compiler` and the flags pkg-config gives for
/// `package`; returns the compiler's output (not asserted).
fn compile(
    compiler: &str,
    pc: &PkgConfig,
    package: &str,
    linking: Linking,
    sources: &[PathBuf],
    out: &Path,
) -> Output {
    let mut args: Vec<String> = Vec::new();
    args.extend(sources.iter().map(|s| s.to_str().unwrap().to_string()));
    args.extend(pc.flags(&["--cflags", package]));
    args.push("-o".into());
    args.push(out.to_str().unwrap().into());
    match linking {
        Linking::Shared => args.extend(pc.flags(&["--libs", package])),
        Linking::Static => {
            args.extend(
                [
                    "-Wl,-Bstatic",
                    "-lsockshim",
                    "-Wl,-Bdynamic",
                    "-Wl,--as-needed",
                ]
                .map(String::from),
            );
            args.extend(pc.flags(&["--static", "--libs", package]));
        }
    }
    let mut cmd = Command::new(compiler);
    cmd.args(&args).env("LC_ALL", "C");
    exec(cmd, TOOL_LIMIT)
}

fn compile_ok(
    compiler: &str,
    pc: &PkgConfig,
    package: &str,
    linking: Linking,
    sources: &[PathBuf],
    out: &Path,
) {
    let result = compile(compiler, pc, package, linking, sources, out);
    assert!(
        result.status.success(),
        "{compiler} {package} {linking:?} {sources:?}:\n{}",
        text(&result.stderr)
    );
}

/// The compilers to build C with: gcc always, clang when installed
/// (.ci/run installs it; required under CI).
fn c_compilers() -> Vec<&'static str> {
    let have_clang = have_clang();
    if have_clang {
        vec!["gcc", "clang"]
    } else {
        vec!["gcc"]
    }
}

/// What the programs are built with: every compiler of c_compilers() with
/// the shared library, gcc with the static one.
fn builds() -> Vec<(&'static str, Linking)> {
    let mut builds: Vec<(&str, Linking)> = c_compilers()
        .into_iter()
        .map(|compiler| (compiler, Linking::Shared))
        .collect();
    builds.push(("gcc", Linking::Static));
    builds
}

fn compiler_major(compiler: &str) -> u32 {
    let out = Command::new(compiler).arg("-dumpversion").output().unwrap();
    text(&out.stdout)
        .trim()
        .split('.')
        .next()
        .and_then(|major| major.parse().ok())
        .unwrap_or(0)
}

/// `ctime()` of `secs` in UTC, as the C library prints it (with the newline).
fn ctime_utc(secs: i64) -> String {
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days to civil date (proleptic Gregorian), after H. Hinnant.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {}\n",
        WEEKDAYS[(days + 4).rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        day,
        rest / 3600,
        rest / 60 % 60,
        rest % 60,
        year
    )
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Checks the output of tests/compat/oldtime.c: the current time in
/// seconds, then ctime() of it (the client runs with TZ=UTC).
fn assert_time_output(out: &Run, what: &str) {
    assert_eq!(
        (out.code(), out.stderr.as_str()),
        (0, ""),
        "{what}: {out:?}"
    );
    let mut lines = out.stdout.lines();
    let secs: i64 = lines
        .next()
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| panic!("{what}: no seconds in {:?}", out.stdout));
    assert!(
        (secs - unix_now()).abs() <= 30,
        "{what}: {secs} is not the current time"
    );
    assert_eq!(
        out.stdout,
        format!("{secs}\n{}", ctime_utc(secs)),
        "{what}: ctime line"
    );
}

/// `make install` installs what `make` built and never builds (so `sudo
/// make install` needs no Rust toolchain): with the built tree it runs no
/// cargo; with the built files missing it stops, naming them, with "run
/// make first", before it copies anything.
#[test]
fn install_never_builds_and_asks_for_make_when_unbuilt() {
    let scratch = Scratch::new(AREA, "nobuild");
    // A cargo and a rustc that record any call and fail.
    let fake = scratch.path("fake-bin");
    std::fs::create_dir_all(&fake).unwrap();
    let calls = scratch.path("calls");
    for tool in ["cargo", "rustc"] {
        script(
            &fake.join(tool),
            &format!("echo {tool} \"$@\" >> '{}'\nexit 1\n", calls.display()),
        );
    }
    let path = format!("{}:{}", fake.display(), std::env::var("PATH").unwrap());
    let install = |prefix: &Path, extra: &[&str]| {
        let mut cmd = make_in(&root(), &["install"]);
        cmd.arg(format!("PREFIX={}", prefix.display()))
            .args(["LDCONFIG=true", "MANDB=true"])
            .args(extra)
            .env("PATH", &path);
        exec(cmd, TOOL_LIMIT)
    };

    let prefix = scratch.path("usr");
    let out = install(&prefix, &[]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        !calls.exists(),
        "install ran {:?}",
        std::fs::read_to_string(&calls)
    );
    assert!(
        !text(&out.stdout).contains("cargo"),
        "{}",
        text(&out.stdout)
    );
    assert!(prefix.join("lib/libsockshim.a").exists());

    // An unbuilt tree (an empty build directory).
    let empty = scratch.path("empty-build");
    std::fs::create_dir_all(&empty).unwrap();
    let prefix = scratch.path("other");
    let out = install(&prefix, &[&format!("OUT={}", empty.display())]);
    assert!(!out.status.success());
    let errors = text(&out.stderr);
    assert!(
        errors.contains(&format!(
            "install: not built: {}/bin/sockshim-serve",
            empty.display()
        )) && errors.contains("/lib/libsockshim.a")
            && errors.contains("install: run make first"),
        "{errors}"
    );
    assert!(
        !prefix.exists(),
        "nothing is installed from an unbuilt tree"
    );
    assert!(
        !calls.exists(),
        "install ran {:?}",
        std::fs::read_to_string(&calls)
    );
}

#[test]
fn ctime_utc_matches_known_dates() {
    assert_eq!(ctime_utc(0), "Thu Jan  1 00:00:00 1970\n");
    assert_eq!(ctime_utc(951_782_400), "Tue Feb 29 00:00:00 2000\n");
    assert_eq!(ctime_utc(1_700_000_000), "Tue Nov 14 22:13:20 2023\n");
}

/// Install into a prefix (no DESTDIR), then build and run programs the way
/// users do: pkg-config for the shared and static library and for the
/// compat profile, gcc and clang, against the installed sockshim-serve and
/// against an old-style server of our own.
#[test]
fn installed_library_builds_and_runs_programs_with_pkg_config() {
    let scratch = Scratch::new(AREA, "prefix");
    let prefix = install_into(&scratch);

    // Exactly the expected files, with the soname links and modes of a C library.
    assert_eq!(
        tree(&prefix),
        expected_files("bin", "lib", "include", "share/man")
    );
    let lib = prefix.join("lib");
    let link = |name: &str| {
        std::fs::read_link(lib.join(name))
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(link("libsockshim.so"), "libsockshim.so.0");
    assert_eq!(
        link("libsockshim.so.0"),
        format!("libsockshim.so.{VERSION}")
    );
    let mode = |path: PathBuf| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(lib.join(format!("libsockshim.so.{VERSION}"))), 0o755);
    assert_eq!(mode(lib.join("libsockshim.a")), 0o644);
    assert_eq!(mode(prefix.join("bin/sockshim-serve")), 0o755);
    assert_eq!(mode(prefix.join("include/sockshim.h")), 0o644);
    assert_eq!(
        std::fs::read(prefix.join("include/sockshim.h")).unwrap(),
        std::fs::read(root().join("include/sockshim.h")).unwrap()
    );

    // `man` finds the installed pages by name, the alias included.
    for (section, name, title) in [
        ("3", "connectTCP", "CONNECTTCP(3)"),
        ("3", "portbase", "PASSIVESOCK(3)"),
        ("3", "sockshim_readline", "SOCKSHIM_READLINE(3)"),
        ("3", "unp", "UNP(3)"),
        ("3", "tcp_connect", "TCP_CONNECT(3unp)"),
        ("7", "sockshim", "SOCKSHIM(7)"),
        ("1", "sockshim-serve", "SOCKSHIM-SERVE(1)"),
    ] {
        let page = installed_man(&prefix, &[section, name]);
        assert!(page.starts_with(title), "man {section} {name}");
        // The footer has the version (install puts it into the .TH line).
        let footer = page.trim_end().lines().last().unwrap_or_default();
        assert!(
            footer.starts_with(&format!("sockshim {VERSION} ")),
            "man {section} {name}: footer {footer:?}"
        );
    }

    // What pkg-config tells.
    let pc = PkgConfig::at(lib.join("pkgconfig"));
    let (p, l) = (prefix.display(), lib.display());
    assert_eq!(pc.query(&["--modversion", "sockshim"]), VERSION);
    assert_eq!(pc.query(&["--modversion", "sockshim-compat"]), VERSION);
    assert_eq!(
        pc.query(&["--cflags", "sockshim"]),
        format!("-I{p}/include")
    );
    assert_eq!(
        pc.query(&["--libs", "sockshim"]),
        format!("-L{l} -lsockshim")
    );
    assert_eq!(
        pc.query(&["--static", "--libs", "sockshim"]),
        format!(
            "-L{l} -lsockshim -Wl,--gc-sections {}",
            static_libs().join(" ")
        )
    );
    assert_eq!(pc.query(&["--variable=libdir", "sockshim"]), l.to_string());
    let compat = pc.query(&["--cflags", "sockshim-compat"]);
    for flag in [
        "-std=gnu89".to_string(),
        "-fcommon".to_string(),
        format!("-include {p}/include/sockshim-compat.h"),
        format!("-I{p}/include"),
    ] {
        assert!(compat.contains(&flag), "{flag} not in {compat}");
    }
    assert_eq!(
        pc.query(&["--libs", "sockshim-compat"]),
        format!("-L{l} -lsockshim")
    );

    let shared_env = [("LD_LIBRARY_PATH", l.to_string())];
    let shared_env: Vec<(&str, &str)> = shared_env.iter().map(|(k, v)| (*k, v.as_str())).collect();

    // The installed server, on loopback at a free port base.
    let base = free_port_base("127.0.0.1", &[7, 37]);
    let base_text = base.to_string();
    let _serve = Server::start(
        &prefix.join("bin/sockshim-serve"),
        &[
            "--portbase",
            &base_text,
            "--only",
            "echo,time",
            "--bind",
            "127.0.0.1",
        ],
    );

    // A modern client (tests/c/client.c) linked both ways, finding the echo
    // service through SOCKSHIM_PORTBASE.
    let client_src = [root().join("tests/c/client.c")];
    for linking in [Linking::Shared, Linking::Static] {
        let exe = scratch.path(&format!("client-{linking:?}"));
        compile_ok("gcc", &pc, "sockshim", linking, &client_src, &exe);
        let (deps, _) = dynamic_section(&exe);
        assert_eq!(
            deps.iter().any(|d| d == "libsockshim.so.0"),
            linking == Linking::Shared,
            "{linking:?} client needs {deps:?}"
        );
        let mut env = vec![("SOCKSHIM_PORTBASE", base_text.as_str())];
        if linking == Linking::Shared {
            env.extend(shared_env.iter().copied());
        }
        let out = run_env(&exe, &["tcp", "127.0.0.1", "echo", "hello"], None, &env);
        assert_eq!(
            (out.code(), out.stdout.as_str(), out.stderr.as_str()),
            (0, "hello", ""),
            "{linking:?} client"
        );
    }

    // A UNP program, unchanged, built with pkg-config sockshim-unp: the
    // echo client of c-examples/unp against the installed server's echo
    // service, found by name through SOCKSHIM_PORTBASE.
    assert_eq!(pc.query(&["--modversion", "sockshim-unp"]), VERSION);
    let unp_flags = pc.query(&["--cflags", "sockshim-unp"]);
    assert!(
        unp_flags.contains(&format!("-I{p}/include/sockshim/unp")),
        "{unp_flags}"
    );
    let unp_src = [root().join("c-examples/unp/unpechocli.c")];
    for linking in [Linking::Shared, Linking::Static] {
        let exe = scratch.path(&format!("unpechocli-{linking:?}"));
        compile_ok("gcc", &pc, "sockshim-unp", linking, &unp_src, &exe);
        let mut env = vec![("SOCKSHIM_PORTBASE", base_text.as_str())];
        if linking == Linking::Shared {
            env.extend(shared_env.iter().copied());
        }
        let out = run_env(&exe, &["127.0.0.1", "echo"], Some(b"one\ntwo\n"), &env);
        assert_eq!(
            (out.code(), out.stdout.as_str(), out.stderr.as_str()),
            (0, "one\ntwo\n", ""),
            "{linking:?} unpechocli"
        );
    }

    // The compat profile: old-style programs, unchanged, with gcc and clang.
    let compat_dir = root().join("tests/compat");
    let server_src = [compat_dir.join("oldtimed.c"), compat_dir.join("oldlog.c")];
    let client_src = [compat_dir.join("oldtime.c")];
    for (compiler, linking) in builds() {
        let what = format!("{compiler} {linking:?}");
        let server = scratch.path(&format!("oldtimed-{compiler}-{linking:?}"));
        let client = scratch.path(&format!("oldtime-{compiler}-{linking:?}"));
        for (src, exe) in [(&server_src[..], &server), (&client_src[..], &client)] {
            let out = compile(compiler, &pc, "sockshim-compat", linking, src, exe);
            let errors = text(&out.stderr);
            assert!(out.status.success(), "{what}: {src:?}:\n{errors}");
            assert!(
                !errors.contains("implicit declaration")
                    && !errors.contains("implicitly declaring"),
                "{what}: the compat header must declare the C library:\n{errors}"
            );
        }
        let mut env: Vec<(&str, &str)> = vec![("TZ", "UTC")];
        if linking == Linking::Shared {
            env.extend(shared_env.iter().copied());
        }

        // Against our own old-style server: 2 clients, logged to a file.
        let port = free_tcp_port().to_string();
        let log = scratch.text(&format!("log-{compiler}-{linking:?}"));
        let mut old_server = Server::start_env(&server, &[&port, "2", &log], &env);
        for host in ["127.0.0.1", "localhost"] {
            let out = run_env(&client, &[host, &port], None, &env);
            assert_time_output(&out, &format!("{what} oldtime {host}"));
        }
        assert!(old_server.wait_exit(Duration::from_secs(20)).success());
        let logged = std::fs::read_to_string(&log).unwrap();
        let lines: Vec<&str> = logged.lines().collect();
        assert_eq!(lines.len(), 2, "{what}: {logged}");
        for (n, line) in lines.iter().enumerate() {
            // progname and served are shared between the two files (-fcommon).
            let start = format!("{}: client {} at ", server.display(), n + 1);
            assert!(line.starts_with(&start), "{what}: {line:?}");
        }

        // Against the installed sockshim-serve's time service, by name.
        let mut env_base = env.clone();
        env_base.push(("SOCKSHIM_PORTBASE", &base_text));
        let out = run_env(&client, &["127.0.0.1", "time"], None, &env_base);
        assert_time_output(&out, &format!("{what} oldtime vs sockshim-serve"));

        // errno and strerror: a log that cannot be opened.
        let bad = scratch.text("no/such/dir/log");
        let out = run_env(&server, &["1", "1", &bad], None, &env);
        assert_eq!(
            (out.code(), out.stderr.clone()),
            (1, format!("{bad}: No such file or directory\n")),
            "{what}"
        );

        // sys_errlist[errno]: a log on /dev/full fails at every flush.
        let port = free_tcp_port().to_string();
        let full_server = Server::start_env(&server, &[&port, "1", "/dev/full"], &env);
        let out = run_env(&client, &["127.0.0.1", &port], None, &env);
        assert_time_output(&out, &format!("{what} oldtime, log on /dev/full"));
        assert_eq!(
            full_server.stderr_line(Duration::from_secs(20)),
            Some(format!(
                "{}: log: No space left on device",
                server.display()
            )),
            "{what}"
        );
    }

    // CS:APP programs keep `#include "csapp.h"`: sockshim-csapp gives its
    // directory, -lpthread and -lm (the test program calls sqrt), for the
    // shared and the static library.
    assert_eq!(pc.query(&["--modversion", "sockshim-csapp"]), VERSION);
    assert_eq!(
        pc.query(&["--cflags", "sockshim-csapp"]),
        format!("-I{p}/include/sockshim/csapp -I{p}/include")
    );
    let csapp_src = [root().join("tests/c/csapp/csapp_header.c")];
    for (compiler, linking) in builds() {
        let exe = scratch.path(&format!("csapp-{compiler}-{linking:?}"));
        compile_ok(compiler, &pc, "sockshim-csapp", linking, &csapp_src, &exe);
        let env = if linking == Linking::Shared {
            shared_env.clone()
        } else {
            Vec::new()
        };
        let out = run_env(&exe, &[], None, &env);
        assert_eq!(
            (out.code(), out.stderr.as_str()),
            (0, ""),
            "csapp {compiler} {linking:?}"
        );
        assert!(
            out.stdout.starts_with("MAXLINE=8192 ") && out.stdout.ends_with("once=1 sqrt=128\n"),
            "csapp {compiler} {linking:?}: {}",
            out.stdout
        );
    }
}

/// Both editions of Donahoo & Calvert against one installed library: a 1st
/// edition server (bare AcceptTCPConnection, its own prototypes, built with
/// `pkg-config sockshim`) prints the client's address only; a 2nd edition
/// server (Practical.h, built with `pkg-config sockshim-practical`) prints
/// `address-port`.  Shared and static, gcc and clang.  And `man` shows each
/// edition its own page.
#[test]
fn first_and_second_edition_programs_share_the_installed_library() {
    let scratch = Scratch::new(AREA, "editions");
    let prefix = install_into(&scratch);
    let lib = prefix.join("lib");
    let pc = PkgConfig::at(lib.join("pkgconfig"));
    let p = prefix.display();
    assert_eq!(
        pc.query(&["--cflags", "sockshim-practical"]),
        format!("-I{p}/include/sockshim/practical -I{p}/include")
    );
    assert_eq!(
        pc.query(&["--libs", "sockshim-practical"]),
        format!("-L{} -lsockshim", lib.display())
    );

    for (args, title) in [
        (&["AcceptTCPConnection"][..], "ACCEPTTCPCONNECTION(3)"),
        (
            &["3practical", "AcceptTCPConnection"],
            "ACCEPTTCPCONNECTION(3practical)",
        ),
        (&["HandleTCPClient"], "HANDLETCPCLIENT(3)"),
        (
            &["3practical", "HandleTCPClient"],
            "HANDLETCPCLIENT(3practical)",
        ),
        (
            &["SetupTCPServerSocket"],
            "SETUPTCPSERVERSOCKET(3practical)",
        ),
        (&["practical"], "PRACTICAL(3)"),
    ] {
        let page = installed_man(&prefix, args);
        assert!(page.starts_with(title), "man {args:?}");
    }

    let first = [root().join("tests/c/tcp_echod.c")];
    let second = [root().join("tests/c/practical/practical.c")];
    let lib_path = lib.to_str().unwrap();
    for (compiler, linking) in builds() {
        let what = format!("{compiler} {linking:?}");
        let first_exe = scratch.path(&format!("first-{compiler}-{linking:?}"));
        let second_exe = scratch.path(&format!("second-{compiler}-{linking:?}"));
        compile_ok(compiler, &pc, "sockshim", linking, &first, &first_exe);
        compile_ok(
            compiler,
            &pc,
            "sockshim-practical",
            linking,
            &second,
            &second_exe,
        );
        let env = [("LD_LIBRARY_PATH", lib_path)];

        let (_, _, printed) = serve_one_client(&first_exe, &[], &env, "first", &what);
        assert_eq!(printed, "Handling client 127.0.0.1\n", "{what}");

        let (port, client_port, printed) =
            serve_one_client(&second_exe, &["serve"], &env, "second", &what);
        assert_eq!(
            printed,
            format!(
                "program output\nBinding to 0.0.0.0-{port}\n\
                 Handling client 127.0.0.1-{client_port}\nhandled closed\n"
            ),
            "{what}"
        );
    }
}

/// Runs `server ARGS PORT 1` (an echo server for one client) on a free
/// port, sends it `data` from one client and expects it echoed and the
/// server to exit with status 0; returns the port, the client's port and
/// what the server printed on stdout.
fn serve_one_client(
    server: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    data: &str,
    what: &str,
) -> (u16, u16, String) {
    let port = free_tcp_port();
    let port_text = port.to_string();
    let mut args = args.to_vec();
    args.extend([port_text.as_str(), "1"]);
    let mut server = Server::start_env(server, &args, env);
    let mut stdout = server.take_stdout();
    let client = tcp_client(port);
    let client_port = client.local_addr().unwrap().port();
    let back = echo_back(client, data.as_bytes());
    assert_eq!(text(&back), data, "{what}");
    assert!(
        server.wait_exit(Duration::from_secs(20)).success(),
        "{what}"
    );
    let mut printed = String::new();
    stdout.read_to_string(&mut printed).unwrap();
    (port, client_port, printed)
}

/// The same old-style programs without the profile, with each compiler's
/// default flags: what actually happens (gcc 12 and clang 14 here).
#[test]
fn old_style_programs_fail_without_the_compat_profile() {
    let scratch = Scratch::new(AREA, "noprofile");
    let prefix = install_into(&scratch);
    let lib = prefix.join("lib");
    let pc = PkgConfig::at(lib.join("pkgconfig"));
    let env = [("LD_LIBRARY_PATH", lib.to_str().unwrap()), ("TZ", "UTC")];
    let compat_dir = root().join("tests/compat");
    let server_src = [compat_dir.join("oldtimed.c"), compat_dir.join("oldlog.c")];
    let client_src = [compat_dir.join("oldtime.c")];

    // A server built with the profile for the clients built without it.
    let server = scratch.path("oldtimed");
    compile_ok(
        "gcc",
        &pc,
        "sockshim-compat",
        Linking::Shared,
        &server_src,
        &server,
    );
    let compilers = c_compilers();
    let port = free_tcp_port().to_string();
    let count = compilers.len().to_string();
    let _server = Server::start_env(&server, &[&port, &count], &env);

    for compiler in compilers {
        let major = compiler_major(compiler);
        // The server: `extern int errno;` and the globals defined in both
        // files break the build.
        let exe = scratch.path(&format!("plain-oldtimed-{compiler}"));
        let out = compile(
            compiler,
            &pc,
            "sockshim",
            Linking::Shared,
            &server_src,
            &exe,
        );
        let errors = text(&out.stderr);
        assert!(
            !out.status.success(),
            "{compiler} built the server:\n{errors}"
        );
        match (compiler, major) {
            ("gcc", ..=13) => {
                assert!(errors.contains("warning: implicit declaration of function 'time'"));
                assert!(errors.contains("warning: return type defaults to 'int'"));
                assert!(
                    errors.contains("multiple definition of `served'"),
                    "{errors}"
                );
                assert!(
                    errors.contains("errno: TLS definition in")
                        && errors.contains("mismatches non-TLS reference"),
                    "{errors}"
                );
            }
            ("clang", ..=15) => {
                assert!(errors.contains("implicit declaration of function 'time'"));
                assert!(
                    errors.contains("error: non-void function 'logclient' should return a value"),
                    "{errors}"
                );
            }
            _ => assert!(errors.contains("error"), "{errors}"),
        }

        // The client compiles (with warnings) but ctime's pointer, taken for
        // an int, is cut to 32 bits: the program crashes.
        let exe = scratch.path(&format!("plain-oldtime-{compiler}"));
        let out = compile(
            compiler,
            &pc,
            "sockshim",
            Linking::Shared,
            &client_src,
            &exe,
        );
        let errors = text(&out.stderr);
        if (compiler == "gcc" && major >= 14) || (compiler == "clang" && major >= 16) {
            // Implicit declarations are errors there.
            assert!(!out.status.success(), "{compiler} {major}:\n{errors}");
            continue;
        }
        assert!(out.status.success(), "{compiler}:\n{errors}");
        assert!(
            errors.contains("implicit declaration of function 'ctime'")
                && errors.contains("implicit declaration of function 'ntohl'"),
            "{compiler}:\n{errors}"
        );
        let ran = run_env(&exe, &["127.0.0.1", &port], None, &env);
        assert_eq!(
            ran.status.signal(),
            Some(libc::SIGSEGV),
            "{compiler}: expected the truncated ctime pointer to crash: {ran:?}"
        );
    }
}

/// A staged install (DESTDIR) has the run-time paths inside, works through
/// PKG_CONFIG_SYSROOT_DIR, leaves other files alone, and `make uninstall`
/// removes exactly what it installed; also with a distribution's layout.
#[test]
fn staged_install_and_uninstall_remove_exactly_what_was_installed() {
    let scratch = Scratch::new(AREA, "destdir");
    let stage = scratch.path("stage");
    let destdir = format!("DESTDIR={}", stage.display());
    // Files of other packages, which must survive.
    let others = [
        "usr/local/lib/libother.so.1",
        "usr/local/include/other.h",
        "usr/local/share/man/man3/other.3",
        "usr/local/bin/other",
        "usr/local/lib/pkgconfig/other.pc",
    ];
    for other in others {
        let path = stage.join(other);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "another package's file\n").unwrap();
    }
    let others: BTreeSet<String> = others.iter().map(|s| s.to_string()).collect();
    // An empty directory of the system's, which install uses.
    std::fs::create_dir_all(stage.join("usr/local/share/man/man1")).unwrap();
    let other_dirs = directories(&stage);

    // The default prefix, /usr/local.
    make_ok(&["install", &destdir]);
    let mut expected: BTreeSet<String> = expected_files("bin", "lib", "include", "share/man")
        .into_iter()
        .map(|f| format!("usr/local/{f}"))
        .collect();
    expected.extend(others.iter().cloned());
    assert_eq!(tree(&stage), expected);

    // The .pc files carry the run-time paths; nothing mentions the stage.
    let pcdir = stage.join("usr/local/lib/pkgconfig");
    let sockshim_pc = std::fs::read_to_string(pcdir.join("sockshim.pc")).unwrap();
    assert!(sockshim_pc.contains("prefix=/usr/local\n"), "{sockshim_pc}");
    assert!(
        sockshim_pc.contains("libdir=${prefix}/lib\n"),
        "{sockshim_pc}"
    );
    assert!(
        sockshim_pc.contains(&format!(
            "Libs.private: -Wl,--gc-sections {}\n",
            static_libs().join(" ")
        )),
        "{sockshim_pc}"
    );
    let stage_text = stage.to_str().unwrap();
    for file in tree(&stage) {
        let path = stage.join(&file);
        if path.is_symlink() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes
                .windows(stage_text.len())
                .any(|w| w == stage_text.as_bytes()),
            "{file} mentions the staging directory"
        );
    }

    // Through the sysroot, pkg-config points into the stage, also for the
    // force-included header, and a program builds against the staged files.
    let pc = PkgConfig {
        pcdir: pcdir.clone(),
        sysroot: Some(stage.clone()),
    };
    let cflags = pc.query(&["--cflags", "sockshim-compat"]);
    let include = format!("{stage_text}/usr/local/include");
    assert!(
        cflags.contains(&format!("-include {include}/sockshim-compat.h"))
            && cflags.contains(&format!("-I{include}")),
        "{cflags}"
    );
    assert_eq!(
        pc.query(&["--libs", "sockshim"]),
        format!("-L{stage_text}/usr/local/lib -lsockshim")
    );
    let exe = scratch.path("oldtime");
    let src = [root().join("tests/compat/oldtime.c")];
    compile_ok("gcc", &pc, "sockshim-compat", Linking::Shared, &src, &exe);
    compile_ok("gcc", &pc, "sockshim-compat", Linking::Static, &src, &exe);

    // Uninstall: only the other packages' files are left (and directories).
    make_ok(&["uninstall", &destdir]);
    assert_eq!(tree(&stage), others);
    // The directories install created are gone, the others' are not.
    assert_eq!(directories(&stage), other_dirs);
    make_ok(&["uninstall", &destdir]);
    assert_eq!(tree(&stage), others, "a second uninstall changes nothing");
    assert_eq!(directories(&stage), other_dirs);

    // A distribution's layout: every directory variable honoured.
    let layout = [
        "PREFIX=/usr",
        "BINDIR=/usr/sbin",
        "LIBDIR=/usr/lib/x86_64-linux-gnu",
        "INCLUDEDIR=/usr/include/sockshim",
        "MANDIR=/usr/share/man",
    ];
    let mut args = vec!["install", destdir.as_str()];
    args.extend(layout);
    make_ok(&args);
    let mut expected: BTreeSet<String> = expected_files(
        "usr/sbin",
        "usr/lib/x86_64-linux-gnu",
        "usr/include/sockshim",
        "usr/share/man",
    );
    expected.extend(others.iter().cloned());
    assert_eq!(tree(&stage), expected);
    let pc = PkgConfig::at(stage.join("usr/lib/x86_64-linux-gnu/pkgconfig"));
    assert_eq!(
        pc.query(&["--variable=libdir", "sockshim"]),
        "/usr/lib/x86_64-linux-gnu"
    );
    assert!(
        pc.query(&["--cflags", "sockshim-compat"])
            .contains("-include /usr/include/sockshim/sockshim-compat.h")
    );
    args[0] = "uninstall";
    make_ok(&args);
    assert_eq!(tree(&stage), others);
    assert_eq!(directories(&stage), other_dirs, "usr/ and below are gone");

    // A relative directory is refused before anything is copied.
    let out = make(&["install", &destdir, "PREFIX=usr/local"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("install: 'usr/local' is not an absolute path"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(tree(&stage), others);
}

/// The installed headers compile cleanly: sockshim.h in strict C and C++
/// (next to the textbooks' own prototypes), the compat header in every
/// dialect; and the compat header declares none of the helpers.
#[test]
fn installed_headers_compile_cleanly_and_compat_declares_no_helpers() {
    let scratch = Scratch::new(AREA, "headers");
    let prefix = install_into(&scratch);
    let pc = PkgConfig::at(prefix.join("lib/pkgconfig"));
    let include = pc.flags(&["--cflags", "sockshim"]);
    let repeat = root().join("tests/c/header_repeat.c");
    let mut checks: Vec<(&str, &str)> = vec![
        ("gcc", "-std=c99"),
        ("gcc", "-std=c17"),
        ("g++", "-std=c++11"),
        ("g++", "-std=c++17"),
    ];
    if c_compilers().contains(&"clang") {
        checks.extend([("clang", "-std=c11"), ("clang++", "-std=c++17")]);
    }
    for (compiler, standard) in checks {
        let mut cmd = Command::new(compiler);
        if compiler.ends_with("++") {
            cmd.args(["-x", "c++"]);
        }
        cmd.args([
            standard,
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-fsyntax-only",
        ])
        .args(&include)
        .arg(&repeat);
        let out = exec(cmd, TOOL_LIMIT);
        assert!(
            out.status.success(),
            "{compiler} {standard}:\n{}",
            text(&out.stderr)
        );
    }

    let compat = prefix.join("include/sockshim-compat.h");
    let empty = scratch.path("empty.c");
    std::fs::write(&empty, "int main(void) { return errno; }\n").unwrap();
    for compiler in c_compilers() {
        for standard in ["-std=gnu89", "-std=gnu99", "-std=gnu17", "-std=c99"] {
            let mut cmd = Command::new(compiler);
            cmd.args([
                standard,
                "-Wall",
                "-Wextra",
                "-Werror",
                "-pedantic",
                "-include",
            ])
            .arg(&compat)
            .args(["-o", scratch.text("empty").as_str()])
            .arg(&empty);
            let out = exec(cmd, TOOL_LIMIT);
            assert!(
                out.status.success(),
                "{compiler} {standard}:\n{}",
                text(&out.stderr)
            );
        }
    }

    // Preprocessed, the compat header names none of the helpers.
    let mut cmd = Command::new("gcc");
    cmd.args(["-std=gnu89", "-E", "-P", "-include"])
        .arg(&compat)
        .arg(&empty);
    let out = exec(cmd, TOOL_LIMIT);
    assert!(out.status.success());
    let expanded = text(&out.stdout);
    let words: BTreeSet<&str> = expanded
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    let symbols = std::fs::read_to_string(root().join("tests/data/exported-symbols.txt")).unwrap();
    for symbol in symbols.lines() {
        assert!(
            !words.contains(symbol),
            "sockshim-compat.h must not declare {symbol}"
        );
    }
}

/// A man page of the source tree rendered by `man` as plain text, on one
/// line: overstriking removed, white space collapsed, words broken by
/// hyphenation joined, and typographic hyphens, minus signs and quotes
/// turned into ASCII, so that phrases can be searched for.
fn render(section: &str, file: &str) -> String {
    let mut cmd = Command::new("man");
    cmd.current_dir(root().join("man"))
        .args(["--warnings", "-l"])
        .arg(format!("{section}/{file}"))
        .env("MANWIDTH", "100")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("MAN_KEEP_FORMATTING")
        .env_remove("MANPAGER")
        .env_remove("PAGER");
    let out = exec(cmd, TOOL_LIMIT);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "man -l {section}/{file}: {}",
        text(&out.stderr)
    );
    let mut plain = String::new();
    for c in text(&out.stdout).chars() {
        match c {
            '\u{8}' => {
                plain.pop();
            }
            '\u{2010}' | '\u{2212}' => plain.push('-'),
            '\u{2018}' | '\u{2019}' => plain.push('\''),
            _ => plain.push(c),
        }
    }
    plain
}

/// `render`'s text on one line, for phrases that filling may break.
fn flat(rendered: &str) -> String {
    let mut joined = String::new();
    let mut lines = rendered.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        // A word hyphenated at the end of a line continues on the next.
        match line.strip_suffix('-') {
            Some(head)
                if lines.peek().is_some_and(|next| !next.is_empty()) && !head.ends_with(' ') =>
            {
                joined.push_str(head)
            }
            _ => {
                joined.push_str(line);
                joined.push(' ');
            }
        }
    }
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each man page renders without a warning (groff -ww and man), has the
/// sections a C library's pages have, shows the exact messages the library
/// prints, and its example compiles.
#[test]
fn man_pages_render_cleanly_and_document_every_function() {
    let scratch = Scratch::new(AREA, "man");
    let man = root().join("man");
    let pages = man_sources();
    for (section, file) in &pages {
        let mut cmd = Command::new("groff");
        cmd.current_dir(&man)
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(format!("{section}/{file}"));
        let out = exec(cmd, TOOL_LIMIT);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "groff {section}/{file}: {}",
            text(&out.stderr)
        );
        let rendered = render(section, file);
        assert!(rendered.contains("NAME"), "{file}:\n{rendered}");
    }

    // Every exported symbol has a page; every function its own full page.
    // A book layer's symbol sockshim_<layer>_<Name> is documented by the
    // layer's overview page <layer>(3), under its book name (CS:APP's 2nd
    // edition, sockshim_csapp2_<Name>, by csapp(3) too).
    let symbols = std::fs::read_to_string(root().join("tests/data/exported-symbols.txt")).unwrap();
    let layers = [
        ("practical", "practical"),
        ("unp", "unp"),
        ("csapp", "csapp"),
        ("csapp2", "csapp"),
    ];
    for symbol in symbols.lines() {
        let layer = layers.into_iter().find_map(|(prefix, layer)| {
            let name = symbol.strip_prefix(&format!("sockshim_{prefix}_"))?;
            Some((layer, name))
        });
        match layer {
            Some((layer, name)) => {
                let words = flat(&render("man3", &format!("{layer}.3")));
                assert!(words.contains(name), "{layer}(3) does not document {name}");
            }
            None => assert!(
                man.join(format!("man3/{symbol}.3")).exists(),
                "no man page for {symbol}"
            ),
        }
    }
    for function in FUNCTIONS {
        let file = format!("{function}.3");
        let source = std::fs::read_to_string(man.join("man3").join(&file)).unwrap();
        assert!(!source.starts_with(".so"), "{function} needs its own page");
        let rendered = render("man3", &file);
        let words = flat(&rendered);
        for heading in PAGE_SECTIONS {
            assert!(
                rendered.lines().any(|l| l == heading),
                "{function}: no {heading} section"
            );
        }
        assert!(
            words.contains(&format!("{function} - ")) || words.contains(&format!("{function}, ")),
            "{function}: NAME line"
        );
        assert!(
            words.contains(&format!("{function}(")),
            "{function}: synopsis"
        );
    }

    // The exact messages, as the library prints them (checked against the
    // source, so a changed message needs its page changed).
    let sources: String = [
        "src/books/comer.rs",
        "src/books/donahoo.rs",
        "src/books/practical.rs",
        "src/fatal.rs",
        "src/c/shim.c",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(root().join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
    .collect();
    let page_messages = PAGE_MESSAGES
        .iter()
        .map(|(function, keys)| (format!("{function}.3"), *keys))
        .chain(
            PRACTICAL_PAGE_MESSAGES
                .iter()
                .map(|(page, keys)| (page.to_string(), *keys)),
        );
    for (page, keys) in page_messages {
        let rendered = flat(&render("man3", &page));
        for key in keys {
            let (_, shown, in_source) = MESSAGES.iter().find(|m| m.0 == *key).unwrap();
            assert!(rendered.contains(shown), "{page} lacks {shown:?}");
            assert!(
                sources.contains(in_source),
                "the library no longer prints {in_source:?}: update {page}"
            );
        }
    }

    // The Practical.h pages: a full page per function in section
    // 3practical, each with its own NAME line and synopsis.
    for function in PRACTICAL_FUNCTIONS {
        let file = format!("{function}.3practical");
        let rendered = render("man3", &file);
        let words = flat(&rendered);
        for heading in PAGE_SECTIONS.into_iter().filter(|h| *h != "ERRORS") {
            assert!(
                rendered.lines().any(|l| l == heading),
                "{file}: no {heading} section"
            );
        }
        assert!(
            rendered.starts_with(&format!("{}(3practical)", function.to_uppercase())),
            "{file}: title"
        );
        assert!(
            words.contains(&format!("{function} - ")),
            "{file}: NAME line"
        );
        assert!(
            words.contains(&format!("{function}(")) && words.contains("#include \"Practical.h\""),
            "{file}: synopsis"
        );
    }

    // sockshim(7): the knobs and the troubleshooting the issue asks for.
    let overview = flat(&render("man7", "sockshim.7"));
    for needle in KNOBS.iter().copied().chain([
        "BUILDING COURSE CODE",
        "TROUBLESHOOTING",
        "Permission denied",
        "Address already in use",
        "/etc/services",
        "IPv6",
        "pkg-config --cflags --libs sockshim-compat",
        "extern int errno;",
    ]) {
        assert!(overview.contains(needle), "sockshim(7) lacks {needle:?}");
    }

    // sockshim-serve(1) documents every option --help lists.
    let help = exec(
        {
            let mut cmd = Command::new(root().join("build/bin/sockshim-serve"));
            cmd.arg("--help");
            cmd
        },
        TOOL_LIMIT,
    );
    assert!(help.status.success());
    let page = flat(&render("man1", "sockshim-serve.1"));
    for option in text(&help.stdout)
        .split(|c: char| c.is_whitespace() || c == '[' || c == ']')
        .map(|word| word.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|word| word.starts_with("--") && word.len() > 2)
    {
        assert!(page.contains(option), "sockshim-serve(1) lacks {option}");
    }

    // whatis/apropos can read every NAME line.
    if Command::new("lexgrog").arg("--version").output().is_ok() {
        for (section, file) in &pages {
            let mut cmd = Command::new("lexgrog");
            cmd.current_dir(&man).arg(format!("{section}/{file}"));
            let out = exec(cmd, TOOL_LIMIT);
            assert!(
                out.status.success() && text(&out.stdout).contains(" - "),
                "lexgrog {section}/{file}: {}{}",
                text(&out.stdout),
                text(&out.stderr)
            );
        }
    }

    // The examples compile and link, warning-free, against the built library.
    for function in FUNCTIONS {
        let page = format!("{function}.3");
        compile_example(&scratch, &page, "include", &["-std=gnu17", "-pthread"]);
    }
    let practical_pages = PRACTICAL_FUNCTIONS
        .iter()
        .map(|function| format!("{function}.3practical"))
        .chain(["practical.3".to_string()]);
    for page in practical_pages {
        for standard in ["-std=gnu99", "-std=gnu17"] {
            compile_example(&scratch, &page, "include/sockshim/practical", &[standard]);
        }
    }
}

/// Compiles the EXAMPLES code of man/man3/`page` with gcc, `flags`, -Wall
/// -Wextra -Werror and the headers of `include` (relative to the
/// repository), linked against the built library.
fn compile_example(scratch: &Scratch, page: &str, include: &str, flags: &[&str]) {
    let source = std::fs::read_to_string(root().join("man/man3").join(page)).unwrap();
    let example = example_code(&source).unwrap_or_else(|| panic!("{page}: no .EX block"));
    let c_file = scratch.path(&format!("{page}.c"));
    std::fs::write(&c_file, &example).unwrap();
    let mut cmd = Command::new("gcc");
    cmd.args(flags)
        .args(["-Wall", "-Wextra", "-Werror", "-I"])
        .arg(root().join(include))
        .arg(&c_file)
        .arg("-o")
        .arg(scratch.path(page))
        .arg("-L")
        .arg(lib_dir())
        .arg("-lsockshim")
        .env("LC_ALL", "C");
    let out = exec(cmd, TOOL_LIMIT);
    assert!(
        out.status.success(),
        "the example of {page} does not compile ({flags:?}):\n{example}\n{}",
        text(&out.stderr)
    );
}

/// The C code of a page's EXAMPLES section (its first .EX/.EE block), with
/// the roff escapes the pages use turned back into C.
fn example_code(page: &str) -> Option<String> {
    let section = &page[page.find(".SH EXAMPLES")?..];
    let start = section.find(".EX\n")? + 4;
    let end = section.find(".EE\n")?;
    let code = section[start..end]
        .replace("\\e", "\\")
        .replace("\\-", "-")
        .replace("\\(aq", "'")
        .replace("\\(dq", "\"")
        .replace("\\&", "");
    assert!(
        !code.contains("\\(") && !code.contains("\\f"),
        "unhandled roff escape in:\n{code}"
    );
    Some(code)
}
