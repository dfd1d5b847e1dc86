//! The book layers, one thin module each over the shared core:
//! - [`comer`]      Comer & Stevens, Internetworking with TCP/IP vol. III (bare names);
//! - [`donahoo`]    Donahoo & Calvert, TCP/IP Sockets in C, 1st ed. (bare names);
//! - [`practical`]  Donahoo & Calvert, 2nd ed. (`Practical.h`, `sockshim_practical_*`);
//! - [`unp`]        Stevens, UNIX Network Programming vol. 1 (`unp.h`, `sockshim_unp_*`);
//! - [`csapp`]      Bryant & O'Hallaron, CS:APP (`csapp.h`, `sockshim_csapp_*`, `sockshim_csapp2_*`).
//!
//! Comer & Stevens and the 1st edition are declared by the programs
//! themselves; their functions are `#[no_mangle]` Rust (cbindgen writes them
//! into `sockshim.h`) and are made weak in the static library by the build.
//!
//! A layer with its own header (SPEC §6) binds every book name to the symbol
//! `sockshim_<layer>_<Name>` (include/sockshim/label.h).  Its functions are
//! defined with [`overridable!`]: the Rust body gets a private name, and the
//! exported symbol is a weak one-instruction trampoline to it, declared to
//! Rust as an external function.  So a program's own definition of a book
//! function (in a file that includes the book's header) replaces the
//! library's with the static library (a strong definition beats a weak one)
//! and with the shared library (the executable's symbol comes first), and the
//! library's own calls, which go through the external declaration, reach the
//! program's version too, as they did when the book's helper files were
//! compiled into the program.

pub mod comer;
pub mod csapp;
pub mod donahoo;
pub mod practical;
pub mod unp;

/// Defines the book function `$name` (a prefixed symbol, e.g.
/// `sockshim_practical_HandleTCPClient`) so that a program may replace it:
/// the body becomes `$name::body`, the symbol `$name` is a weak trampoline
/// that jumps to it, and `$name` is declared as an external C function for
/// the library's own calls.  The body is an `unsafe extern "C" fn`: its
/// unsafe operations still each need their own `unsafe` block.
macro_rules! overridable {
    (
        $(#[$meta:meta])*
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? $body:block
    ) => {
        #[allow(non_snake_case)]
        pub(crate) mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(non_snake_case)]
            pub(crate) unsafe extern "C" fn body($($arg: $ty),*) $(-> $ret)? $body
        }
        $crate::books::trampoline!($name);
        unsafe extern "C" {
            $(#[$meta])*
            pub fn $name($($arg: $ty),*) $(-> $ret)?;
        }
    };
}
pub(crate) use overridable;

/// The weak exported symbol `$name`: a tail jump to `$name::body`, so the
/// arguments pass through untouched whatever their types.
macro_rules! trampoline {
    ($name:ident) => {
        ::core::arch::global_asm!(
            concat!(".pushsection .text.", stringify!($name), ",\"ax\",%progbits"),
            concat!(".weak ", stringify!($name)),
            concat!(".type ", stringify!($name), ",%function"),
            $crate::books::tail_jump!(align),
            concat!(stringify!($name), ":"),
            $crate::books::tail_jump!(jump),
            concat!(".size ", stringify!($name), ",.-", stringify!($name)),
            ".popsection",
            body = sym $name::body,
        );
    };
}

/// The alignment of a function and its unconditional jump to `{body}`.
#[cfg(target_arch = "x86_64")]
macro_rules! tail_jump {
    (align) => {
        ".p2align 4"
    };
    (jump) => {
        "jmp {body}"
    };
}

/// The alignment of a function and its unconditional jump to `{body}`.
#[cfg(target_arch = "aarch64")]
macro_rules! tail_jump {
    (align) => {
        ".p2align 2"
    };
    (jump) => {
        "b {body}"
    };
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
compile_error!("sockshim's book layers need a trampoline for this architecture (src/books/mod.rs)");

pub(crate) use tail_jump;
pub(crate) use trampoline;
