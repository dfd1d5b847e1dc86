//! CS:APP's Unix I/O, directory, memory-mapping, dynamic-memory and
//! standard I/O wrappers.  Each calls its function and, when it fails,
//! unix_error with the book's message (lower-case for the directory and
//! mapping functions, as the book has them; `Fgets` goes through app_error,
//! without errno text).  A NULL stream or directory, which would crash the
//! C library, fails with EINVAL instead.

use super::{app_error, fail, guard, overridable, unix_error};
use crate::error;
use std::ffi::{c_char, c_int, c_void};

overridable! {
    /// open(2); "Open error".
    fn sockshim_csapp_Open(pathname: *const c_char, flags: c_int, mode: libc::mode_t) -> c_int {
        guard(c"Open", -1, || {
            // SAFETY: the kernel checks the path pointer.
            let fd = unsafe { libc::open(pathname, flags, mode as c_int) };
            if fd < 0 {
                fail(c"Open error");
            }
            fd
        })
    }
}

overridable! {
    /// read(2): the count; "Read error".
    fn sockshim_csapp_Read(fd: c_int, buf: *mut c_void, count: libc::size_t) -> libc::ssize_t {
        guard(c"Read", -1, || {
            // SAFETY: the program's buffer of `count` bytes; the kernel checks it.
            let n = unsafe { libc::read(fd, buf, count) };
            if n < 0 {
                fail(c"Read error");
            }
            n
        })
    }
}

overridable! {
    /// write(2): the count (a short count is not an error); "Write error".
    fn sockshim_csapp_Write(fd: c_int, buf: *const c_void, count: libc::size_t) -> libc::ssize_t {
        guard(c"Write", -1, || {
            // SAFETY: the program's buffer of `count` bytes; the kernel checks it.
            let n = unsafe { libc::write(fd, buf, count) };
            if n < 0 {
                fail(c"Write error");
            }
            n
        })
    }
}

overridable! {
    /// lseek(2); "Lseek error".
    fn sockshim_csapp_Lseek(fd: c_int, offset: libc::off_t, whence: c_int) -> libc::off_t {
        guard(c"Lseek", -1, || {
            // SAFETY: lseek(2) takes no pointers.
            let at = unsafe { libc::lseek(fd, offset, whence) };
            if at < 0 {
                fail(c"Lseek error");
            }
            at
        })
    }
}

overridable! {
    /// close(2); "Close error".
    fn sockshim_csapp_Close(fd: c_int) {
        guard(c"Close", (), || {
            // SAFETY: close(2) takes no pointers.
            if unsafe { libc::close(fd) } < 0 {
                fail(c"Close error");
            }
        })
    }
}

overridable! {
    /// select(2): the number of ready descriptors; "Select error".
    fn sockshim_csapp_Select(
        nfds: c_int,
        readfds: *mut libc::fd_set,
        writefds: *mut libc::fd_set,
        exceptfds: *mut libc::fd_set,
        timeout: *mut libc::timeval,
    ) -> c_int {
        guard(c"Select", -1, || {
            // SAFETY: the sets and the timeout are NULL or the program's.
            let n = unsafe { libc::select(nfds, readfds, writefds, exceptfds, timeout) };
            if n < 0 {
                fail(c"Select error");
            }
            n
        })
    }
}

overridable! {
    /// dup2(2); "Dup2 error".
    fn sockshim_csapp_Dup2(oldfd: c_int, newfd: c_int) -> c_int {
        guard(c"Dup2", -1, || {
            // SAFETY: dup2(2) takes no pointers.
            let fd = unsafe { libc::dup2(oldfd, newfd) };
            if fd < 0 {
                fail(c"Dup2 error");
            }
            fd
        })
    }
}

overridable! {
    /// stat(2); "Stat error".
    fn sockshim_csapp_Stat(filename: *const c_char, buf: *mut libc::stat) {
        guard(c"Stat", (), || {
            // SAFETY: the kernel checks both pointers.
            if unsafe { libc::stat(filename, buf) } < 0 {
                fail(c"Stat error");
            }
        })
    }
}

overridable! {
    /// fstat(2); "Fstat error".
    fn sockshim_csapp_Fstat(fd: c_int, buf: *mut libc::stat) {
        guard(c"Fstat", (), || {
            // SAFETY: the kernel checks the pointer.
            if unsafe { libc::fstat(fd, buf) } < 0 {
                fail(c"Fstat error");
            }
        })
    }
}

overridable! {
    /// opendir(3); "opendir error".
    fn sockshim_csapp_Opendir(name: *const c_char) -> *mut libc::DIR {
        guard(c"Opendir", std::ptr::null_mut(), || {
            if name.is_null() {
                unix_error(c"opendir error", libc::EFAULT);
                return std::ptr::null_mut();
            }
            // SAFETY: `name` is a NUL-terminated path.
            let dir = unsafe { libc::opendir(name) };
            if dir.is_null() {
                fail(c"opendir error");
            }
            dir
        })
    }
}

overridable! {
    /// readdir(3), errno cleared first: NULL at the end of the directory;
    /// "readdir error" only when errno was set.
    fn sockshim_csapp_Readdir(dirp: *mut libc::DIR) -> *mut libc::dirent {
        guard(c"Readdir", std::ptr::null_mut(), || {
            if dirp.is_null() {
                unix_error(c"readdir error", libc::EINVAL);
                return std::ptr::null_mut();
            }
            error::set_errno_value(0);
            // SAFETY: a directory stream the program opened.
            let entry = unsafe { libc::readdir(dirp) };
            if entry.is_null() && error::errno() != 0 {
                fail(c"readdir error");
            }
            entry
        })
    }
}

overridable! {
    /// closedir(3); "closedir error".
    fn sockshim_csapp_Closedir(dirp: *mut libc::DIR) -> c_int {
        guard(c"Closedir", -1, || {
            if dirp.is_null() {
                unix_error(c"closedir error", libc::EINVAL);
                return -1;
            }
            // SAFETY: a directory stream the program opened.
            let rc = unsafe { libc::closedir(dirp) };
            if rc < 0 {
                fail(c"closedir error");
            }
            rc
        })
    }
}

overridable! {
    /// mmap(2); "mmap error".
    fn sockshim_csapp_Mmap(addr: *mut c_void, len: libc::size_t, prot: c_int, flags: c_int, fd: c_int, offset: libc::off_t) -> *mut c_void {
        guard(c"Mmap", libc::MAP_FAILED, || {
            // SAFETY: the kernel checks every argument.
            let mapped = unsafe { libc::mmap(addr, len, prot, flags, fd, offset) };
            if mapped == libc::MAP_FAILED {
                fail(c"mmap error");
            }
            mapped
        })
    }
}

overridable! {
    /// munmap(2); "munmap error".
    fn sockshim_csapp_Munmap(addr: *mut c_void, len: libc::size_t) {
        guard(c"Munmap", (), || {
            // SAFETY: the program unmaps what it mapped; the kernel checks.
            if unsafe { libc::munmap(addr, len) } < 0 {
                fail(c"munmap error");
            }
        })
    }
}

overridable! {
    /// malloc(3); "Malloc error".
    fn sockshim_csapp_Malloc(size: libc::size_t) -> *mut c_void {
        guard(c"Malloc", std::ptr::null_mut(), || {
            // SAFETY: malloc(3) takes a size.
            let p = unsafe { libc::malloc(size) };
            if p.is_null() {
                fail(c"Malloc error");
            }
            p
        })
    }
}

overridable! {
    /// realloc(3); "Realloc error".
    fn sockshim_csapp_Realloc(ptr: *mut c_void, size: libc::size_t) -> *mut c_void {
        guard(c"Realloc", std::ptr::null_mut(), || {
            // SAFETY: `ptr` is NULL or the program's allocation.
            let p = unsafe { libc::realloc(ptr, size) };
            if p.is_null() {
                fail(c"Realloc error");
            }
            p
        })
    }
}

overridable! {
    /// calloc(3); "Calloc error".
    fn sockshim_csapp_Calloc(nmemb: libc::size_t, size: libc::size_t) -> *mut c_void {
        guard(c"Calloc", std::ptr::null_mut(), || {
            // SAFETY: calloc(3) takes sizes (and checks their product).
            let p = unsafe { libc::calloc(nmemb, size) };
            if p.is_null() {
                fail(c"Calloc error");
            }
            p
        })
    }
}

overridable! {
    /// free(3).
    fn sockshim_csapp_Free(ptr: *mut c_void) {
        // SAFETY: `ptr` is NULL or the program's allocation.
        guard(c"Free", (), || unsafe { libc::free(ptr) })
    }
}

overridable! {
    /// fclose(3); "Fclose error".
    fn sockshim_csapp_Fclose(fp: *mut libc::FILE) {
        guard(c"Fclose", (), || {
            if fp.is_null() {
                unix_error(c"Fclose error", libc::EINVAL);
                return;
            }
            // SAFETY: a stream the program opened.
            if unsafe { libc::fclose(fp) } != 0 {
                fail(c"Fclose error");
            }
        })
    }
}

overridable! {
    /// fdopen(3); "Fdopen error".
    fn sockshim_csapp_Fdopen(fd: c_int, mode: *const c_char) -> *mut libc::FILE {
        guard(c"Fdopen", std::ptr::null_mut(), || {
            if mode.is_null() {
                unix_error(c"Fdopen error", libc::EINVAL);
                return std::ptr::null_mut();
            }
            // SAFETY: `mode` is NUL-terminated.
            let fp = unsafe { libc::fdopen(fd, mode) };
            if fp.is_null() {
                fail(c"Fdopen error");
            }
            fp
        })
    }
}

overridable! {
    /// fgets(3): NULL at end of file; app_error("Fgets error") when the
    /// stream's error flag is set.
    fn sockshim_csapp_Fgets(s: *mut c_char, size: c_int, stream: *mut libc::FILE) -> *mut c_char {
        guard(c"Fgets", std::ptr::null_mut(), || {
            if stream.is_null() {
                app_error(c"Fgets error");
                return std::ptr::null_mut();
            }
            // SAFETY: the program's buffer of `size` bytes and its stream.
            let line = unsafe { libc::fgets(s, size, stream) };
            // SAFETY: a valid stream.
            if line.is_null() && unsafe { libc::ferror(stream) } != 0 {
                app_error(c"Fgets error");
            }
            line
        })
    }
}

overridable! {
    /// fopen(3); "Fopen error".
    fn sockshim_csapp_Fopen(pathname: *const c_char, mode: *const c_char) -> *mut libc::FILE {
        guard(c"Fopen", std::ptr::null_mut(), || {
            if pathname.is_null() || mode.is_null() {
                unix_error(c"Fopen error", libc::EFAULT);
                return std::ptr::null_mut();
            }
            // SAFETY: both are NUL-terminated.
            let fp = unsafe { libc::fopen(pathname, mode) };
            if fp.is_null() {
                fail(c"Fopen error");
            }
            fp
        })
    }
}

overridable! {
    /// fputs(3); "Fputs error".
    fn sockshim_csapp_Fputs(s: *const c_char, stream: *mut libc::FILE) {
        guard(c"Fputs", (), || {
            if s.is_null() || stream.is_null() {
                unix_error(c"Fputs error", libc::EINVAL);
                return;
            }
            // SAFETY: a NUL-terminated string and the program's stream.
            if unsafe { libc::fputs(s, stream) } == libc::EOF {
                fail(c"Fputs error");
            }
        })
    }
}

overridable! {
    /// fread(3): the count; "Fread error" when short and the stream's error
    /// flag is set.
    fn sockshim_csapp_Fread(ptr: *mut c_void, size: libc::size_t, nmemb: libc::size_t, stream: *mut libc::FILE) -> libc::size_t {
        guard(c"Fread", 0, || {
            if stream.is_null() {
                unix_error(c"Fread error", libc::EINVAL);
                return 0;
            }
            // SAFETY: the program's buffer of size*nmemb bytes and its stream.
            let n = unsafe { libc::fread(ptr, size, nmemb, stream) };
            // SAFETY: a valid stream.
            if n < nmemb && unsafe { libc::ferror(stream) } != 0 {
                fail(c"Fread error");
            }
            n
        })
    }
}

overridable! {
    /// fwrite(3); "Fwrite error" when short.
    fn sockshim_csapp_Fwrite(ptr: *const c_void, size: libc::size_t, nmemb: libc::size_t, stream: *mut libc::FILE) {
        guard(c"Fwrite", (), || {
            if stream.is_null() {
                unix_error(c"Fwrite error", libc::EINVAL);
                return;
            }
            // SAFETY: the program's buffer of size*nmemb bytes and its stream.
            if unsafe { libc::fwrite(ptr, size, nmemb, stream) } < nmemb {
                fail(c"Fwrite error");
            }
        })
    }
}
