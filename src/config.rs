//! The SOCKSHIM_* environment knobs: read once, thread-safely, at load time
//! (a constructor) or at first use, whichever comes first.  Parsing is pure
//! and unit-tested; an invalid value gets one stderr line naming the
//! variable and the value, and the default is used.

use std::sync::OnceLock;
use std::time::Duration;

/// The knobs' values; the defaults change nothing for a textbook program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// SOCKSHIM_PORTBASE: added to named services, client and server side.
    pub portbase: u16,
    /// SOCKSHIM_DUALSTACK: passive sockets are IPv6 that also accept IPv4.
    pub dualstack: bool,
    /// SOCKSHIM_CONNECT_TIMEOUT_MS: bound on each connect attempt.
    pub connect_timeout: Option<Duration>,
    /// SOCKSHIM_REUSEADDR: SO_REUSEADDR on TCP passive sockets.
    pub reuseaddr: bool,
    /// SOCKSHIM_TRACE: a stderr line per resolution and per system call.
    pub trace: bool,
    /// SOCKSHIM_EXPLAIN: hint lines after a failure's textbook line.
    pub explain: bool,
    /// SOCKSHIM_RAISE_BACKLOG: listen backlogs are at least SOMAXCONN.
    pub raise_backlog: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            portbase: 0,
            dualstack: false,
            connect_timeout: None,
            reuseaddr: true,
            trace: false,
            explain: false,
            raise_backlog: true,
        }
    }
}

/// Every knob's name, for documentation and tests.
pub const KNOBS: &[&str] = &[
    "SOCKSHIM_PORTBASE",
    "SOCKSHIM_DUALSTACK",
    "SOCKSHIM_CONNECT_TIMEOUT_MS",
    "SOCKSHIM_REUSEADDR",
    "SOCKSHIM_TRACE",
    "SOCKSHIM_EXPLAIN",
    "SOCKSHIM_RAISE_BACKLOG",
];

/// How much of an invalid value a warning quotes.
const QUOTED_MAX: usize = 64;

/// The start of a value for a warning line: at most QUOTED_MAX characters,
/// then "..." (a value can be as long as the environment allows).
fn quoted(value: &str) -> String {
    match value.char_indices().nth(QUOTED_MAX) {
        Some((cut, _)) => format!("{:?}...", &value[..cut]),
        None => format!("{value:?}"),
    }
}

/// Largest accepted connect timeout: one day, in milliseconds.
const MAX_TIMEOUT_MS: u64 = 86_400_000;

/// A boolean knob: 1/0, yes/no, true/false, on/off (any case).
fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "yes" | "true" | "on" => Some(true),
        "0" | "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// A whole number within `range`, white space around it tolerated.
fn parse_number(value: &str, max: u64) -> Option<u64> {
    let text = value.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u64>().ok().filter(|&n| n <= max)
}

/// Parses the knobs from `lookup` (the environment, or a test's map).
/// Returns the configuration and one warning line per invalid value.
pub fn parse(lookup: impl Fn(&str) -> Option<String>) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let mut warnings = Vec::new();
    let mut invalid = |name: &str, value: &str, expected: &str| {
        warnings.push(format!(
            "sockshim: ignoring {name}={}: expected {expected}",
            quoted(value)
        ));
    };
    if let Some(value) = lookup("SOCKSHIM_PORTBASE") {
        match parse_number(&value, u64::from(u16::MAX)) {
            Some(n) => config.portbase = n as u16,
            None => invalid("SOCKSHIM_PORTBASE", &value, "a number from 0 to 65535"),
        }
    }
    if let Some(value) = lookup("SOCKSHIM_CONNECT_TIMEOUT_MS") {
        match parse_number(&value, MAX_TIMEOUT_MS) {
            Some(0) => config.connect_timeout = None,
            Some(ms) => config.connect_timeout = Some(Duration::from_millis(ms)),
            None => invalid(
                "SOCKSHIM_CONNECT_TIMEOUT_MS",
                &value,
                "milliseconds, 0 (none) to 86400000",
            ),
        }
    }
    for (name, slot) in [
        ("SOCKSHIM_DUALSTACK", &mut config.dualstack),
        ("SOCKSHIM_REUSEADDR", &mut config.reuseaddr),
        ("SOCKSHIM_TRACE", &mut config.trace),
        ("SOCKSHIM_EXPLAIN", &mut config.explain),
        ("SOCKSHIM_RAISE_BACKLOG", &mut config.raise_backlog),
    ] {
        if let Some(value) = lookup(name) {
            match parse_bool(&value) {
                Some(on) => *slot = on,
                None => invalid(name, &value, "1 or 0"),
            }
        }
    }
    (config, warnings)
}

static CONFIG: OnceLock<Config> = OnceLock::new();

unsafe extern "C" {
    // glibc's secure_getenv, which the libc crate does not declare.
    #[link_name = "secure_getenv"]
    fn c_secure_getenv(name: *const std::ffi::c_char) -> *mut std::ffi::c_char;
}

/// A variable of the environment, or `None` in a set-user-ID or
/// set-group-ID program (secure_getenv(3)), whose environment its caller
/// controls.
///
/// The name is made NUL-terminated on the stack: this runs as the library
/// loads, in every program, and an allocation there would set up the C
/// library's heap (three system calls and a page) in programs that never
/// use one.
fn secure_getenv(name: &str) -> Option<String> {
    let mut text = [0u8; 64];
    let name = name.as_bytes();
    if name.len() >= text.len() || name.contains(&0) {
        return None;
    }
    text[..name.len()].copy_from_slice(name);
    // SAFETY: `text` holds the name and a NUL; the result is NULL or a
    // string in the environment, copied at once (the environment is not
    // modified by this library).
    let value = unsafe { c_secure_getenv(text.as_ptr().cast()) };
    (!value.is_null()).then(|| {
        // SAFETY: a non-NULL result points at a NUL-terminated string.
        unsafe { std::ffi::CStr::from_ptr(value) }
            .to_string_lossy()
            .into_owned()
    })
}

/// The knobs, read from the environment the first time.
#[inline]
pub fn get() -> &'static Config {
    if let Some(config) = CONFIG.get() {
        return config;
    }
    init()
}

#[cold]
#[inline(never)]
fn init() -> &'static Config {
    CONFIG.get_or_init(|| {
        let (config, warnings) = parse(secure_getenv);
        for line in warnings {
            crate::stdio::print_stderr(&line);
        }
        config
    })
}

/// Reads the knobs while the program loads, before it can start threads or
/// fork, so no thread ever waits on a half-done first read.
#[used]
#[unsafe(link_section = ".init_array")]
static READ_KNOBS_AT_LOAD: extern "C" fn() = {
    extern "C" fn read_knobs() {
        // A panic cannot unwind out of a constructor; the guard drops it.
        let _ = std::panic::catch_unwind(get);
    }
    read_knobs
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse_map(pairs: &[(&str, &str)]) -> (Config, Vec<String>) {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        parse(|name| map.get(name).cloned())
    }

    #[test]
    fn nothing_set_changes_nothing() {
        assert_eq!(parse_map(&[]), (Config::default(), vec![]));
        assert!(Config::default().reuseaddr);
    }

    #[test]
    fn valid_values_are_taken() {
        let (config, warnings) = parse_map(&[
            ("SOCKSHIM_PORTBASE", "10000"),
            ("SOCKSHIM_DUALSTACK", "1"),
            ("SOCKSHIM_CONNECT_TIMEOUT_MS", " 250 "),
            ("SOCKSHIM_REUSEADDR", "0"),
            ("SOCKSHIM_TRACE", "yes"),
            ("SOCKSHIM_EXPLAIN", "ON"),
        ]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            config,
            Config {
                portbase: 10000,
                dualstack: true,
                connect_timeout: Some(Duration::from_millis(250)),
                reuseaddr: false,
                trace: true,
                explain: true,
                raise_backlog: true,
            }
        );
    }

    #[test]
    fn invalid_values_warn_with_name_and_value_and_keep_the_default() {
        let (config, warnings) = parse_map(&[
            ("SOCKSHIM_PORTBASE", "70000"),
            ("SOCKSHIM_CONNECT_TIMEOUT_MS", "-5"),
            ("SOCKSHIM_TRACE", "maybe"),
        ]);
        assert_eq!(config, Config::default());
        assert_eq!(
            warnings,
            vec![
                "sockshim: ignoring SOCKSHIM_PORTBASE=\"70000\": expected a number from 0 to 65535",
                "sockshim: ignoring SOCKSHIM_CONNECT_TIMEOUT_MS=\"-5\": expected milliseconds, 0 (none) to 86400000",
                "sockshim: ignoring SOCKSHIM_TRACE=\"maybe\": expected 1 or 0",
            ]
        );
    }

    #[test]
    fn a_long_invalid_value_is_quoted_only_in_part() {
        let long = "x".repeat(131_072);
        let (_, warnings) = parse_map(&[("SOCKSHIM_TRACE", &long)]);
        assert_eq!(
            warnings,
            vec![format!(
                "sockshim: ignoring SOCKSHIM_TRACE=\"{}\"...: expected 1 or 0",
                "x".repeat(64)
            )]
        );
        let (config, _) = parse_map(&[("SOCKSHIM_RAISE_BACKLOG", "0")]);
        assert!(!config.raise_backlog);
    }

    #[test]
    fn zero_timeout_means_none() {
        assert_eq!(
            parse_map(&[("SOCKSHIM_CONNECT_TIMEOUT_MS", "0")])
                .0
                .connect_timeout,
            None
        );
    }
}
