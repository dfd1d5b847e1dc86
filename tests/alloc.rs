//! Connecting to an address literal and a numeric port allocates nothing
//! (issue 11): a counting allocator watches the connecting thread.  The
//! getaddrinfo-style layers' lookup of a literal, a loopback name or the
//! passive wildcard with a numeric port allocates nothing either.

use sockshim::endpoint::{self, ClientOptions, Names};
use sockshim::lookup::{self, Query};
use sockshim::resolve::{Service, Transport};
use sockshim::sysdb::Hints;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::CStr;
use std::net::TcpListener;

/// The system allocator, counting the allocations of each thread.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's layout goes to System as it came.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from System.alloc with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: `ptr` came from System.alloc with this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations_of<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = work();
    (result, ALLOCATIONS.with(Cell::get) - before)
}

#[test]
fn connecting_to_an_address_literal_allocates_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let options = ClientOptions::from_knobs(); // reads the knobs once, beforehand
    for host in ["127.0.0.1", " 127.0.0.1\n", "::ffff:127.0.0.1"] {
        let names = Names {
            host: Some(host),
            service: Service::Number(Some(u32::from(port))),
            transport: Transport::Tcp,
        };
        let (connected, count) = allocations_of(|| endpoint::connect_named(&names, &options));
        assert!(connected.is_ok(), "{host:?}: {connected:?}");
        assert_eq!(count, 0, "{host:?}: allocations while connecting");
        drop(connected);
        drop(listener.accept().unwrap());
    }
    // The counter does count: a name needs a list of addresses.
    let names = Names {
        host: Some("localhost"),
        service: Service::Number(Some(u32::from(port))),
        transport: Transport::Tcp,
    };
    let (connected, count) = allocations_of(|| endpoint::connect_named(&names, &options));
    assert!(connected.is_ok() && count > 0, "{connected:?}, {count}");
}

#[test]
fn known_lookup_answers_allocate_nothing() {
    fn ask(host: Option<&'static CStr>, flags: i32, sock_type: i32) -> Query<'static> {
        Query {
            host,
            service: Some(c"5000"),
            hints: Hints {
                flags,
                family: libc::AF_UNSPEC,
                sock_type,
                protocol: 0,
            },
        }
    }
    for query in [
        ask(Some(c"127.0.0.1"), 0, libc::SOCK_STREAM),
        ask(Some(c"::1"), 0, libc::SOCK_DGRAM),
        ask(Some(c"localhost"), 0, libc::SOCK_STREAM),
        ask(None, libc::AI_PASSIVE, libc::SOCK_STREAM),
    ] {
        let (found, count) = allocations_of(|| lookup::lookup_candidates(&query, 0));
        assert!(found.is_ok_and(|list| !list.is_empty()), "{query:?}");
        assert_eq!(count, 0, "{query:?}: allocations while looking up");
    }
    // The counter does count: a named service goes to the C library.
    let named = Query {
        service: Some(c"echo"),
        ..ask(Some(c"127.0.0.1"), 0, libc::SOCK_STREAM)
    };
    let (found, count) = allocations_of(|| lookup::lookup_candidates(&named, 0));
    assert!(found.is_ok() && count > 0, "{count}");
}
