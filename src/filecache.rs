//! Answers read from a system file (/etc/services, /etc/hosts), kept per
//! process and thrown away as soon as the file changes: every use costs one
//! stat(2), and an edit (new inode, size, modification or change time) is
//! seen at the next call, never a stale answer.
//!
//! Thread-safe and fork-safe without ever waiting: the cache is only
//! `try_lock`ed, around short sections that make no system call.  A thread
//! that finds it busy, or a child forked while another thread held it,
//! simply answers without the cache.

use std::ffi::CStr;
use std::sync::Mutex;

/// The identity and version of a file, as stat(2) gives it; `Missing` when
/// the file does not exist (an answer worth caching too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    Missing,
    Present {
        dev: u64,
        ino: u64,
        size: i64,
        mtime: (i64, i64),
        ctime: (i64, i64),
    },
}

/// A value derived from the file at `path`, for the file's current stamp.
pub struct FileCache<T> {
    path: &'static CStr,
    slot: Mutex<Option<(Stamp, T)>>,
}

impl<T: Default> FileCache<T> {
    pub const fn new(path: &'static CStr) -> FileCache<T> {
        FileCache {
            path,
            slot: Mutex::new(None),
        }
    }

    /// The file's current stamp (one stat), or `None` when it cannot be
    /// told (an error other than "no such file"): then nothing is cached.
    pub fn stamp(&self) -> Option<Stamp> {
        // SAFETY: all-zero bytes are a valid struct stat.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `path` is NUL-terminated and `st` is writable.
        if unsafe { libc::stat(self.path.as_ptr(), &mut st) } == 0 {
            return Some(Stamp::Present {
                dev: st.st_dev,
                ino: st.st_ino,
                size: st.st_size,
                mtime: (st.st_mtime, st.st_mtime_nsec),
                ctime: (st.st_ctime, st.st_ctime_nsec),
            });
        }
        (crate::error::errno() == libc::ENOENT).then_some(Stamp::Missing)
    }

    /// Runs `use_value` on the value kept for `stamp` (a fresh default when
    /// the file changed since it was made), or returns `None` at once when
    /// the cache is busy.  `use_value` must not make system calls.
    pub fn with<R>(&self, stamp: Stamp, use_value: impl FnOnce(&mut T) -> R) -> Option<R> {
        let mut slot = self.slot.try_lock().ok()?;
        if slot.as_ref().is_none_or(|(kept, _)| *kept != stamp) {
            *slot = Some((stamp, T::default()));
        }
        slot.as_mut().map(|(_, value)| use_value(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_change_to_the_file_empties_the_cache() {
        let path = std::env::temp_dir().join(format!("filecache-{}", std::process::id()));
        std::fs::write(&path, "one").unwrap();
        let name = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        let cache: FileCache<Vec<u32>> = FileCache::new(Box::leak(name.into_boxed_c_str()));
        let first = cache.stamp().unwrap();
        assert_eq!(cache.with(first, |v| v.push(1)), Some(()));
        assert_eq!(cache.with(first, |v| v.clone()), Some(vec![1]));
        // Same size, new content: the change time moves, or the size check
        // catches an append.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"!")
            .unwrap();
        let second = cache.stamp().unwrap();
        assert_ne!(first, second);
        assert_eq!(cache.with(second, |v| v.clone()), Some(vec![]));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(cache.stamp(), Some(Stamp::Missing));
    }

    #[test]
    fn a_busy_cache_answers_none_at_once() {
        let cache: FileCache<u32> = FileCache::new(c"/nonexistent");
        let stamp = cache.stamp().unwrap();
        let held = cache.slot.lock().unwrap();
        assert_eq!(cache.with(stamp, |v| *v), None);
        drop(held);
        assert_eq!(cache.with(stamp, |v| *v), Some(0));
    }
}
