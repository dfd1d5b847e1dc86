//! sockshim as it is handed out: `make`'s early toolchain check, the
//! uninstalled pkg-config files of a checkout (also for the compat profile
//! that old code with `extern int errno;` needs), the course kit, the Debian
//! packages (built, installed, used and purged as root; their contents
//! checked elsewhere), and the claims of the documents that can drift.
//!
//! Every test works in its own directory under target/dist-test, bounds
//! every program it runs and kills every server it starts.  Nothing here
//! rebuilds the tree: `make test` has built it.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the tests' Scratch directories go, under target/.
const AREA: &str = "dist-test";

/// Runs `cmd`, asserting success; returns its stdout.
fn exec_ok(cmd: Command) -> String {
    let what = format!("{cmd:?}");
    let out = exec(cmd, TOOL_LIMIT);
    assert!(
        out.status.success(),
        "{what}:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Whether `tool` is on PATH.
fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// White space collapsed, for phrases that filling breaks across lines.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Cargo.toml's rust-version.
fn rust_min() -> String {
    read("Cargo.toml")
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("Cargo.toml has a rust-version")
        .to_string()
}

/// What `make` says when the toolchain is missing or too old, as the
/// Makefile writes it, with Cargo.toml's rust-version in it.
fn toolchain_advice() -> String {
    read("Makefile")
        .lines()
        .find_map(|l| l.strip_prefix("TOOLCHAIN_ADVICE := "))
        .expect("the Makefile defines TOOLCHAIN_ADVICE")
        .replace("$(RUST_MIN)", &rust_min())
}

/// An old cargo or rustc (Debian 12's 1.63), or one missing, makes `make`
/// stop before it builds anything, with the advice the README gives.
#[test]
fn make_stops_early_with_advice_when_the_toolchain_is_too_old() {
    let scratch = Scratch::new(AREA, "toolchain");
    let advice = toolchain_advice();
    assert!(advice.contains("rustup"), "{advice}");
    assert!(
        words(&read("README.md")).contains(&advice),
        "README.md must say: {advice}"
    );
    assert!(
        words(&read("README.md")).contains(&format!("Rust {} or newer", rust_min())),
        "README.md names another minimum than Cargo.toml's rust-version"
    );

    // Fake tools that print a version, and record (and fail) anything else.
    let calls = scratch.path("calls");
    let fake = |dir: &str, cargo: &str, rustc: &str| {
        let bin = scratch.path(dir);
        std::fs::create_dir_all(&bin).unwrap();
        for (tool, version) in [("cargo", cargo), ("rustc", rustc)] {
            script(
                &bin.join(tool),
                &format!(
                    "if [ \"$1\" = --version ]; then echo '{tool} {version} (0000000 2022-08-08)'; exit 0; fi\n\
                     echo {tool} \"$@\" >> '{}'\nexit 1\n",
                    calls.display()
                ),
            );
        }
        format!("{}:{}", bin.display(), std::env::var("PATH").unwrap())
    };
    for (dir, cargo, rustc, complaint) in [
        ("old", "1.63.0", "1.63.0", "make: cargo is 1.63.0. "),
        ("old-rustc", "1.95.0", "1.84.1", "make: rustc is 1.84.1. "),
    ] {
        let mut cmd = make_in(&root(), &["lib"]);
        // `cargo test` sets CARGO (and may set RUSTC): make must use PATH's.
        cmd.env("PATH", fake(dir, cargo, rustc))
            .env_remove("CARGO")
            .env_remove("RUSTC");
        let out = exec(cmd, TOOL_LIMIT);
        assert!(!out.status.success(), "{dir}: make accepted it");
        assert_eq!(
            text(&out.stderr).lines().next().unwrap_or_default(),
            format!("{complaint}{advice}"),
            "{dir}"
        );
        assert!(
            !calls.exists(),
            "{dir}: make built: {:?}",
            std::fs::read_to_string(&calls)
        );
    }
    // Exactly the minimum passes the check.
    let min = rust_min();
    let mut cmd = make_in(&root(), &["toolchain"]);
    cmd.env("PATH", fake("min", &format!("{min}.0"), &min))
        .env_remove("CARGO")
        .env_remove("RUSTC");
    exec_ok(cmd);

    let mut cmd = make_in(&root(), &["lib", "CARGO=/nonexistent/cargo"]);
    cmd.env("PATH", fake("missing", "1.95.0", "1.95.0"))
        .env_remove("RUSTC");
    let out = exec(cmd, TOOL_LIMIT);
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr).lines().next().unwrap_or_default(),
        format!("make: /nonexistent/cargo not found. {advice}")
    );
    assert!(!calls.exists());

    // The real toolchain passes.
    exec_ok(make_in(&root(), &["toolchain"]));
}

/// pkg-config, as a user runs it from a checkout:
/// `PKG_CONFIG_PATH=build/pkgconfig pkg-config ARGS`.
fn uninstalled_pkg_config(args: &[&str]) -> String {
    let mut cmd = Command::new("pkg-config");
    cmd.args(args)
        .env("PKG_CONFIG_PATH", root().join("build/pkgconfig"))
        .env_remove("PKG_CONFIG_LIBDIR")
        .env_remove("PKG_CONFIG_SYSROOT_DIR");
    exec_ok(cmd).trim().to_string()
}

/// `cc SOURCES FLAGS -o OUT` (not asserted).
fn cc(sources: &[PathBuf], flags: &str, out: &Path) -> Output {
    let mut cmd = Command::new("cc");
    cmd.args(sources)
        .arg("-o")
        .arg(out)
        .args(flags.split_whitespace())
        .env("LC_ALL", "C");
    exec(cmd, TOOL_LIMIT)
}

/// sockshim-serve from the build tree with `--only services` at a free port
/// base; returns it and the base.
fn serve(program: &Path, services: &str) -> (Server, u16) {
    let base = free_port_base("127.0.0.1", &[7, 13, 37]);
    let args = [
        "--portbase",
        &base.to_string(),
        "--only",
        services,
        "--bind",
        "127.0.0.1",
    ];
    (Server::start(program, &args), base)
}

/// `make` writes build/pkgconfig/*-uninstalled.pc: from a checkout,
/// `PKG_CONFIG_PATH=build/pkgconfig pkg-config --cflags --libs sockshim`
/// builds programs that run without LD_LIBRARY_PATH, shared and static,
/// and the compat profile builds old code with `extern int errno;`, which
/// without it fails with the linker message the README and sockshim(7) show.
#[test]
fn uninstalled_pkg_config_files_build_programs_from_the_checkout() {
    let scratch = Scratch::new(AREA, "uninstalled");
    let top = root();
    let (inc, lib) = (top.join("include"), top.join("build/lib"));
    assert_eq!(
        uninstalled_pkg_config(&["--cflags", "--libs", "sockshim"]),
        format!(
            "-I{} -L{} -lsockshim -Wl,-rpath,{}",
            inc.display(),
            lib.display(),
            lib.display()
        )
    );
    // Every profile there is has its uninstalled file, with the version.
    for entry in std::fs::read_dir(top.join("pkgconfig")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let package = name.strip_suffix(".pc.in").unwrap();
        assert_eq!(
            uninstalled_pkg_config(&["--modversion", package]),
            VERSION,
            "{package}"
        );
        assert_eq!(
            uninstalled_pkg_config(&["--variable=pcfiledir", package]),
            top.join("build/pkgconfig").display().to_string(),
            "{package} comes from build/pkgconfig"
        );
    }

    // A client, shared and static, against sockshim-serve's echo.
    let (_serve, base) = serve(&top.join("build/bin/sockshim-serve"), "echo");
    let base = base.to_string();
    let client = [top.join("tests/c/client.c")];
    let shared = uninstalled_pkg_config(&["--cflags", "--libs", "sockshim"]);
    let static_flags = format!(
        "{} -Wl,-Bstatic -lsockshim -Wl,-Bdynamic -Wl,--as-needed {}",
        uninstalled_pkg_config(&["--cflags", "sockshim"]),
        uninstalled_pkg_config(&["--static", "--libs", "sockshim"])
    );
    let readme = words(&read("README.md"));
    for (how, flags) in [("shared", shared), ("static", static_flags)] {
        let exe = scratch.path(&format!("client-{how}"));
        let out = cc(&client, &flags, &exe);
        assert!(out.status.success(), "{how}: {}", text(&out.stderr));
        let (needed, _) = dynamic_section(&exe);
        assert_eq!(
            needed.iter().any(|n| n == "libsockshim.so.0"),
            how == "shared",
            "{how}: {needed:?}"
        );
        if how == "static" {
            // What the README says a static program still needs is true.
            let claim =
                "no libsockshim at run time; it still loads the C library and, today, `libgcc_s`";
            assert!(readme.contains(claim), "README: {claim}");
            assert!(
                needed.iter().all(|n| ["libc.so", "ld-linux", "libgcc_s.so"]
                    .iter()
                    .any(|lib| n.starts_with(lib)))
                    && needed.iter().any(|n| n.starts_with("libgcc_s.so")),
                "update the README's static paragraph: {needed:?}"
            );
        }
        let out = run_env(
            &exe,
            &["tcp", "127.0.0.1", "echo", "hello"],
            None,
            &[("SOCKSHIM_PORTBASE", &base)],
        );
        assert_eq!(
            (out.code(), out.stdout.as_str(), out.stderr.as_str()),
            (0, "hello", ""),
            "{how} client, no LD_LIBRARY_PATH"
        );
    }

    // Old code: `extern int errno;` does not link without the profile...
    let compat = top.join("tests/compat");
    let server_src = [compat.join("oldtimed.c"), compat.join("oldlog.c")];
    let plain = uninstalled_pkg_config(&["--cflags", "--libs", "sockshim"]);
    let out = cc(
        &server_src,
        &format!("-std=gnu89 -fcommon {plain}"),
        &scratch.path("plain"),
    );
    let errors = text(&out.stderr);
    assert!(!out.status.success());
    let message = "section .tbss mismatches non-TLS reference";
    let gcc_major: u32 = text(
        &Command::new("cc")
            .arg("-dumpversion")
            .output()
            .unwrap()
            .stdout,
    )
    .trim()
    .split('.')
    .next()
    .and_then(|m| m.parse().ok())
    .unwrap_or(0);
    if gcc_major <= 13 {
        // Newer compilers stop earlier, at the implicit declarations.
        assert!(
            errors.contains("errno: TLS definition in") && errors.contains(message),
            "{errors}"
        );
    }
    // ... the README and sockshim(7) show that message and the fix ...
    let troubleshooting = readme
        .split("## Troubleshooting a build")
        .nth(1)
        .expect("README has a troubleshooting section");
    assert!(
        troubleshooting.contains(message) && troubleshooting.contains("sockshim-compat"),
        "README"
    );
    let man7 = words(&read("man/man7/sockshim.7")).replace("\\-", "-");
    let entry = man7
        .split(".SH TROUBLESHOOTING")
        .nth(1)
        .and_then(|t| t.split(message).nth(1))
        .expect("sockshim(7) TROUBLESHOOTING shows the linker's message");
    assert!(
        entry[..400].contains("sockshim-compat"),
        "sockshim(7): {entry}"
    );
    assert!(entry[..400].contains("uninstalled"), "sockshim(7): {entry}");

    // ... and with the uninstalled compat profile it builds and works.
    let compat_flags = uninstalled_pkg_config(&["--cflags", "--libs", "sockshim-compat"]);
    let server = scratch.path("oldtimed");
    let client = scratch.path("oldtime");
    for (src, exe) in [
        (&server_src[..], &server),
        (&[compat.join("oldtime.c")][..], &client),
    ] {
        let out = cc(src, &compat_flags, exe);
        assert!(out.status.success(), "{src:?}: {}", text(&out.stderr));
    }
    let port = free_tcp_port().to_string();
    let mut old_server = Server::start(&server, &[&port, "1"]);
    let out = run_env(&client, &["127.0.0.1", &port], None, &[("TZ", "UTC")]);
    assert_eq!((out.code(), out.stderr.as_str()), (0, ""), "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines.len() == 2 && lines[0].parse::<u64>().is_ok() && lines[1].len() == 24,
        "{out:?}"
    );
    assert!(old_server.wait_exit(Duration::from_secs(20)).success());
}

/// A program in the style of Donahoo & Calvert's 2nd edition (Practical.h)
/// and one of early-1990s code (`extern int errno;`), for the course kit's
/// choice of profile.
const PRACTICAL_PROGRAM: &str = "#include \"Practical.h\"\n\
    int main(int argc, char *argv[]) {\n\
    \x20   if (argc > 1) DieWithUserMessage(argv[1], \"as asked\");\n\
    \x20   return 0;\n}\n";
const OLD_PROGRAM: &str = "#include <stdio.h>\nextern int errno;\n\
    main(argc, argv)\nchar **argv;\n{\n\
    \x20   errno = 0;\n    printf(\"%d\\n\", errno);\n    return 0;\n}\n";

/// The course kit, copied with two of our examples (a daytime server and
/// its client) and two programs of other books into a directory: `make`
/// builds each with its book's profile against sockshim installed (a
/// prefix, found by pkg-config) and uninstalled (SOCKSHIM=checkout), and
/// `make run-demo` runs the pair on a free port and stops the server.
#[test]
fn course_kit_builds_every_program_with_its_profile_installed_and_uninstalled() {
    let scratch = Scratch::new(AREA, "course");
    let prefix = scratch.path("usr");
    let mut install = make_in(
        &root(),
        &[
            "install",
            "LDCONFIG=true",
            "MANDB=true",
            &format!("PREFIX={}", prefix.display()),
        ],
    );
    install.env_remove("DESTDIR");
    exec_ok(install);

    for (way, setting) in [
        ("installed", None),
        (
            "uninstalled",
            Some(format!("SOCKSHIM={}", root().display())),
        ),
    ] {
        let kit = scratch.path(way);
        std::fs::create_dir_all(&kit).unwrap();
        std::fs::copy(root().join("course/Makefile"), kit.join("Makefile")).unwrap();
        for example in ["TCPdaytimed.c", "TCPdaytime.c"] {
            std::fs::copy(
                root().join("c-examples/comer").join(example),
                kit.join(example),
            )
            .unwrap();
        }
        std::fs::write(kit.join("practical.c"), PRACTICAL_PROGRAM).unwrap();
        std::fs::write(kit.join("old.c"), OLD_PROGRAM).unwrap();
        // A program for every book header sockshim ships (unp.h, csapp.h, ...).
        let mut expected = vec![
            ("TCPdaytime".to_string(), "sockshim".to_string()),
            ("TCPdaytimed".into(), "sockshim".into()),
            ("practical".into(), "sockshim-practical".into()),
            ("old".into(), "sockshim-compat".into()),
        ];
        for book in std::fs::read_dir(root().join("include/sockshim")).unwrap() {
            let book = book.unwrap().path();
            if !book.is_dir() {
                continue;
            }
            let name = book.file_name().unwrap().to_str().unwrap().to_string();
            for header in std::fs::read_dir(&book).unwrap() {
                let header = header.unwrap().file_name().into_string().unwrap();
                let program = format!("{name}_{}", header.trim_end_matches(".h"));
                std::fs::write(
                    kit.join(format!("{program}.c")),
                    format!("#include \"{header}\"\nint main(void) {{ return 0; }}\n"),
                )
                .unwrap();
                expected.push((program, format!("sockshim-{name}")));
            }
        }
        let kit_make = |args: &[&str]| {
            let mut cmd = make_in(&kit, args);
            if let Some(setting) = &setting {
                cmd.arg(setting);
            }
            // Installed: only the prefix's pkg-config files.
            cmd.env("PKG_CONFIG_LIBDIR", prefix.join("lib/pkgconfig"))
                .env_remove("PKG_CONFIG_PATH");
            if setting.is_some() {
                cmd.env("PKG_CONFIG_LIBDIR", "/nonexistent");
            }
            cmd
        };

        let built = exec_ok(kit_make(&[]));
        assert!(expected.len() > 4, "no book headers found");
        for (program, package) in &expected {
            assert!(
                built.contains(&format!("  CC  {program}  ({package}, shared)")),
                "{way}: {program} not built with {package}:\n{built}"
            );
        }
        let out = run(&kit.join("practical"), &["no luck"], None);
        assert_eq!(
            (out.code(), out.stderr.as_str()),
            (1, "no luck: as asked\n"),
            "{way}"
        );
        assert_eq!(run(&kit.join("old"), &[], None).stdout, "0\n", "{way}");

        let demo = exec_ok(kit_make(&[
            "run-demo",
            "SERVER=TCPdaytimed",
            "CLIENT=TCPdaytime",
        ]));
        let lines: Vec<&str> = demo.lines().collect();
        let port: u16 = lines
            .iter()
            .find_map(|l| l.strip_prefix("$ ./TCPdaytimed "))
            .and_then(|l| l.strip_suffix(" &"))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{way}: no server line in {demo}"));
        assert!((10000..=32767).contains(&port), "{way}: port {port}");
        let client_line = lines
            .iter()
            .position(|l| *l == format!("$ ./TCPdaytime localhost {port}"))
            .unwrap_or_else(|| panic!("{way}: {demo}"));
        let time = lines.get(client_line + 1).copied().unwrap_or_default();
        assert!(time.len() == 24 && time.contains(':'), "{way}: {demo}");
        // The server was stopped: its port is free again.
        assert!(
            std::net::TcpListener::bind(("0.0.0.0", port)).is_ok(),
            "{way}: TCPdaytimed still holds {port}"
        );

        exec_ok(kit_make(&["clean"]));
        assert!(!kit.join("TCPdaytime").exists() && !kit.join("old").exists());
    }

    // Static, uninstalled: no libsockshim needed at run time.
    let kit = scratch.path("uninstalled");
    let mut cmd = make_in(&kit, &["TCPdaytime", "LINK=static"]);
    cmd.arg(format!("SOCKSHIM={}", root().display()));
    exec_ok(cmd);
    let (needed, _) = dynamic_section(&kit.join("TCPdaytime"));
    assert!(!needed.iter().any(|n| n.contains("sockshim")), "{needed:?}");

    // Without sockshim anywhere, the kit says what to do.
    let mut cmd = make_in(&kit, &[]);
    cmd.env("PKG_CONFIG_LIBDIR", "/nonexistent")
        .env_remove("PKG_CONFIG_PATH");
    let out = exec(cmd, TOOL_LIMIT);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("pkg-config does not find sockshim")
            && text(&out.stderr).contains("make SOCKSHIM="),
        "{}",
        text(&out.stderr)
    );
}

/// The documents link only to files inside the repository, which exist.
#[test]
fn documents_link_only_to_files_in_the_repository() {
    for doc in [
        "README.md",
        "c-examples/README.md",
        "course/HANDOUT.md",
        "CHANGELOG.md",
    ] {
        let content = read(doc);
        let base = root().join(doc).parent().unwrap().to_path_buf();
        for target in content
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
        {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with('#')
            {
                continue;
            }
            let path = base.join(target.split('#').next().unwrap());
            let resolved = path
                .canonicalize()
                .unwrap_or_else(|_| panic!("{doc}: {target} does not exist"));
            assert!(
                resolved.starts_with(root().canonicalize().unwrap()),
                "{doc}: {target} is outside the repository"
            );
        }
    }
    // LICENSE says what Cargo.toml says.
    assert!(read("Cargo.toml").contains("license = \"MIT\""));
    let license = read("LICENSE");
    assert!(license.starts_with("MIT License\n") && license.contains("The sockshim authors"));
}

/// Each entry of the README's layout names a file or directory that exists
/// (the first word of each entry line of the block under "## Layout").
#[test]
fn the_readme_layout_names_what_exists() {
    let readme = read("README.md");
    let layout = readme
        .split("\n## Layout\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README.md has a Layout section");
    let entries: Vec<&str> = layout
        .lines()
        .filter(|line| line.starts_with("    ") && !line[4..].starts_with(' '))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(entries.len() > 20, "{entries:?}");
    for entry in entries {
        assert!(
            root().join(entry).exists(),
            "README layout: {entry} does not exist"
        );
    }
}

/// No tracked file carries the markers of an unresolved merge.
#[test]
fn no_file_carries_merge_conflict_markers() {
    if !have("git") || !root().join(".git").exists() {
        eprintln!("skipped: not a git checkout");
        return;
    }
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(root()).args(["ls-files", "-z"]);
    let listed = exec_ok(cmd);
    let files: Vec<&str> = listed.split('\0').filter(|f| !f.is_empty()).collect();
    assert!(files.len() > 100, "{} files", files.len());
    for file in files {
        let Ok(bytes) = std::fs::read(root().join(file)) else {
            continue; // deleted in the working tree
        };
        let text = String::from_utf8_lossy(&bytes);
        for (n, line) in text.lines().enumerate() {
            assert!(
                !(line.starts_with("<<<<<<< ") || line.starts_with(">>>>>>> ")),
                "{file}:{}: a merge conflict marker",
                n + 1
            );
        }
    }
}

/// Every man page's .TH line has the `sockshim` source field that `make
/// install` turns into "sockshim VERSION" (the version is written once).
#[test]
fn man_pages_have_the_footer_install_stamps_with_the_version() {
    for section in ["man1", "man3", "man7"] {
        for entry in std::fs::read_dir(root().join("man").join(section)).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            if source.starts_with(".so ") {
                continue;
            }
            let th = source
                .lines()
                .find(|l| l.starts_with(".TH "))
                .unwrap_or_else(|| panic!("{}: no .TH line", path.display()));
            let fields: Vec<&str> = th.split_whitespace().collect();
            assert!(
                fields
                    .get(4)
                    .is_some_and(|f| *f == "sockshim" || *f == "\"sockshim\""),
                "{}: the .TH source field must be `sockshim`: {th}",
                path.display()
            );
        }
    }
}

/// The Debian packages' file lists: (package, path) for every file and link.
fn package_contents(deb: &Path) -> BTreeSet<String> {
    let mut cmd = Command::new("dpkg-deb");
    cmd.arg("-c").arg(deb);
    exec_ok(cmd)
        .lines()
        .filter(|l| !l.starts_with('d'))
        .filter_map(|l| l.split_whitespace().nth(5))
        .map(|p| p.trim_start_matches("./").to_string())
        .collect()
}

/// Removes the packages again, whatever happened.
struct Purge(Vec<&'static str>);

impl Drop for Purge {
    fn drop(&mut self) {
        let _ = Command::new("dpkg").arg("--purge").args(&self.0).output();
    }
}

const PACKAGES: [&str; 3] = ["libsockshim0", "libsockshim-dev", "sockshim-serve"];

/// `make deb` builds libsockshim0, libsockshim-dev and sockshim-serve from
/// the built tree; they hold what they should (also every book layer's
/// header, .pc file and man page) and lintian finds no error or warning.
/// As root (CI): installed with dpkg -i, a course program is built with the
/// packaged course kit through pkg-config, shared and static, and run
/// against the packaged sockshim-serve; then the packages are purged and
/// nothing of them is left.
#[test]
fn debian_packages_build_install_serve_course_programs_and_purge_cleanly() {
    let in_ci = std::env::var_os("CI").is_some();
    for tool in ["dpkg-buildpackage", "dh", "fakeroot"] {
        if !have(tool) {
            assert!(!in_ci, "CI must have {tool} (.ci/run installs it)");
            eprintln!(
                "SKIPPED: Debian packages: {tool} is not installed (apt-get install dpkg-dev debhelper fakeroot)"
            );
            return;
        }
    }
    let scratch = Scratch::new(AREA, "deb");
    let debdir = scratch.path("deb");
    // -o lib: package the tree as `make test` built it, without re-running lib.
    exec_ok(make_in(
        &root(),
        &["-o", "lib", "deb", &format!("DEBDIR={}", debdir.display())],
    ));
    let arch = exec_ok({
        let mut c = Command::new("dpkg");
        c.arg("--print-architecture");
        c
    })
    .trim()
    .to_string();
    let multiarch = exec_ok({
        let mut c = Command::new("dpkg-architecture");
        c.arg("-qDEB_HOST_MULTIARCH");
        c
    })
    .trim()
    .to_string();
    let deb = |package: &str| debdir.join(format!("{package}_{VERSION}_{arch}.deb"));

    // Lintian, meanwhile.
    let changes = debdir.join(format!("sockshim_{VERSION}_{arch}.changes"));
    let lintian = have("lintian").then(|| {
        let mut cmd = Command::new("lintian");
        cmd.args(["--fail-on", "error,warning"]).arg(&changes);
        std::thread::spawn(move || exec(cmd, TOOL_LIMIT))
    });
    assert!(
        lintian.is_some() || !in_ci,
        "CI must have lintian (.ci/run installs it)"
    );

    // What each package holds, from the tree (new book layers included).
    let lib = format!("usr/lib/{multiarch}");
    let mut dev: BTreeSet<String> = [
        "usr/include/sockshim.h".to_string(),
        "usr/include/sockshim-compat.h".into(),
        format!("{lib}/libsockshim.a"),
        format!("{lib}/libsockshim.so"),
        "usr/share/man/man7/sockshim.7.gz".into(),
        "usr/share/doc/libsockshim-dev/examples/course/Makefile".into(),
        "usr/share/doc/libsockshim-dev/examples/course/HANDOUT.md".into(),
        "usr/share/lintian/overrides/libsockshim-dev".into(),
    ]
    .into();
    let mut headers = vec![root().join("include/sockshim")];
    while let Some(dir) = headers.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                headers.push(path);
            } else {
                let rel = path.strip_prefix(root().join("include")).unwrap();
                dev.insert(format!("usr/include/{}", rel.display()));
            }
        }
    }
    for entry in std::fs::read_dir(root().join("pkgconfig")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        dev.insert(format!(
            "{lib}/pkgconfig/{}",
            name.strip_suffix(".in").unwrap()
        ));
    }
    for entry in std::fs::read_dir(root().join("man/man3")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        dev.insert(format!("usr/share/man/man3/{name}.gz"));
    }
    let expected = [
        (
            "libsockshim0",
            BTreeSet::from([
                format!("{lib}/libsockshim.so.{VERSION}"),
                format!("{lib}/libsockshim.so.0"),
                "usr/share/lintian/overrides/libsockshim0".to_string(),
            ]),
        ),
        ("libsockshim-dev", dev),
        (
            "sockshim-serve",
            BTreeSet::from([
                "usr/bin/sockshim-serve".to_string(),
                "usr/share/man/man1/sockshim-serve.1.gz".into(),
                "usr/share/lintian/overrides/sockshim-serve".into(),
            ]),
        ),
    ];
    let mut all_files = BTreeSet::new();
    for (package, files) in &expected {
        let contents = package_contents(&deb(package));
        let doc = format!("usr/share/doc/{package}/");
        let is_doc = |p: &String| p.starts_with(&doc) && !p.contains("/examples/");
        let rest: BTreeSet<String> = contents.iter().filter(|p| !is_doc(p)).cloned().collect();
        assert_eq!(&rest, files, "{package}");
        for doc_file in ["copyright", "changelog.gz"] {
            assert!(
                contents.contains(&format!("{doc}{doc_file}")),
                "{package}: {doc_file}"
            );
        }
        all_files.extend(contents);
    }
    // The symbols file lists every exported symbol.
    let mut cmd = Command::new("dpkg-deb");
    cmd.args(["-I"]).arg(deb("libsockshim0")).arg("symbols");
    let symbols = exec_ok(cmd);
    assert!(
        symbols.starts_with("libsockshim.so.0 libsockshim0 #MINVER#\n"),
        "{symbols}"
    );
    for symbol in read("tests/data/exported-symbols.txt").lines() {
        assert!(
            symbols.contains(&format!(" {symbol}@Base ")),
            "symbols lacks {symbol}"
        );
    }

    let finish_lintian = |lintian: Option<std::thread::JoinHandle<Output>>| {
        if let Some(handle) = lintian {
            let out = handle.join().unwrap();
            assert!(
                out.status.success(),
                "lintian:\n{}{}",
                text(&out.stdout),
                text(&out.stderr)
            );
        }
    };
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        finish_lintian(lintian);
        eprintln!(
            "SKIPPED (not root): installing, using and purging the Debian packages; their contents were checked"
        );
        return;
    }

    // One test process at a time installs them (dpkg has one lock).
    let lock = std::fs::File::create("/run/lock/sockshim-deb-test.lock")
        .or_else(|_| std::fs::File::create("/tmp/sockshim-deb-test.lock"))
        .unwrap();
    // SAFETY: a valid descriptor; the lock is released when `lock` closes.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) }, 0);
    for package in PACKAGES {
        let status = Command::new("dpkg-query")
            .args(["-W", "-f=${Status}", package])
            .output()
            .unwrap();
        if text(&status.stdout).contains(" installed") {
            finish_lintian(lintian);
            eprintln!("SKIPPED: {package} is installed on this machine already: not touching it");
            return;
        }
    }
    let before: BTreeSet<String> = all_files
        .iter()
        .filter(|p| Path::new("/").join(p).symlink_metadata().is_ok())
        .cloned()
        .collect();
    assert!(
        before.is_empty(),
        "files of the packages exist already: {before:?}"
    );
    let purge = Purge(PACKAGES.to_vec());
    let mut cmd = Command::new("dpkg");
    cmd.arg("-i").args(PACKAGES.map(deb));
    exec_ok(cmd);
    for file in &all_files {
        assert!(
            Path::new("/").join(file).symlink_metadata().is_ok(),
            "/{file} not installed"
        );
    }

    // The packaged course kit builds a Comer client, shared and static,
    // with the system's pkg-config; it runs against the packaged server.
    let kit = scratch.path("kit");
    std::fs::create_dir_all(&kit).unwrap();
    std::fs::copy(
        "/usr/share/doc/libsockshim-dev/examples/course/Makefile",
        kit.join("Makefile"),
    )
    .unwrap();
    std::fs::copy(
        root().join("c-examples/comer/TCPdaytime.c"),
        kit.join("TCPdaytime.c"),
    )
    .unwrap();
    let (_serve, base) = serve(Path::new("/usr/bin/sockshim-serve"), "daytime");
    let base = base.to_string();
    for link in ["shared", "static"] {
        let mut cmd = make_in(&kit, &["clean", "all", &format!("LINK={link}")]);
        cmd.env_remove("PKG_CONFIG_PATH")
            .env_remove("PKG_CONFIG_LIBDIR");
        let built = exec_ok(cmd);
        assert!(built.contains("(sockshim, "), "{built}");
        let (needed, runpath) = dynamic_section(&kit.join("TCPdaytime"));
        assert_eq!(
            needed.iter().any(|n| n == "libsockshim.so.0"),
            link == "shared",
            "{needed:?}"
        );
        assert_eq!(runpath, None, "a system library needs no run path");
        let out = run_env(
            &kit.join("TCPdaytime"),
            &["127.0.0.1", "daytime"],
            None,
            &[("SOCKSHIM_PORTBASE", &base)],
        );
        assert_eq!(
            (out.code(), out.stderr.as_str()),
            (0, ""),
            "{link}: {out:?}"
        );
        assert!(
            out.stdout.len() == 25 && out.stdout.ends_with('\n'),
            "{link}: {out:?}"
        );
    }
    let out = run(Path::new("/usr/bin/sockshim-serve"), &["--version"], None);
    assert_eq!(out.stdout, format!("sockshim-serve {VERSION}\n"));

    // Purged, nothing of them is left.
    drop(purge);
    for package in PACKAGES {
        let status = Command::new("dpkg-query")
            .args(["-W", "-f=${Status}", package])
            .output()
            .unwrap();
        assert!(
            !text(&status.stdout).contains(" installed"),
            "{package} still installed"
        );
    }
    let left: Vec<&String> = all_files
        .iter()
        .filter(|p| Path::new("/").join(p).symlink_metadata().is_ok())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    for dir in [
        "usr/include/sockshim",
        "usr/share/doc/libsockshim-dev",
        "usr/share/doc/libsockshim0",
    ] {
        assert!(!Path::new("/").join(dir).exists(), "/{dir} left behind");
    }
    finish_lintian(lintian);
}
