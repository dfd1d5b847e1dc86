/*
 * unp.c -- the part of sockshim's UNP layer (unp.h) that must be C:
 * the five variadic error functions, the global daemon_proc, and the
 * pthread wrappers of unpthread.h.  (Stable Rust cannot define a
 * C-variadic function or weak data; and pthread_cond_wait, pthread_join,
 * ... are cancellation points, whose forced unwinding must not cross a
 * Rust frame, so their wrappers are C too.)
 *
 * Naming: this file includes the unp.h that programs include, so every
 * definition below is written with its book name (err_sys, daemon_proc) and
 * the header's assembler label turns it into the exported symbol
 * (sockshim_unp_err_sys, sockshim_unp_daemon_proc).  That way the compiler
 * checks each definition against the very prototype programs see, and the
 * symbol names are spelled in one place only.
 *
 * Every definition is weak: a program that keeps the book's error.c (or
 * defines its own daemon_proc) in a file that includes unp.h defines the
 * same labelled symbols, links without a "multiple definition" error with
 * the static and the shared library, and its definitions are the ones used,
 * also by the library's own calls (which go through the symbols).
 *
 * Behaviour, as the book's lib/error.c: errno is saved first; the message
 * is formatted into MAXLINE bytes (at most 4095 characters), err_sys,
 * err_ret and err_dump append ": " and strerror(errno) within the same
 * limit, then a newline.  Normally stdout is flushed, the line written to
 * stderr and stderr flushed, in that order; once daemon_init or
 * daemon_inetd has set daemon_proc, the line goes to syslog instead, passed
 * as an argument of "%s" (the original passed it as the format, so a '%'
 * in a message was interpreted).
 */
#include "../../include/sockshim/unp/unpthread.h"

#include <stdarg.h>
#include <syslog.h>

#define UNP_WEAK __attribute__((weak))

/* Set to 1 by daemon_init and daemon_inetd: errors then go to syslog. */
UNP_WEAK int daemon_proc = 0;

/* Formats and prints one error line; see the comment at the top. */
__attribute__((format(printf, 3, 0)))
static void unp_report(int with_errno, int level, const char *fmt, va_list ap)
{
    int saved_errno = errno;        /* before anything can change it */
    char line[MAXLINE + 1];
    size_t n;

    if (fmt == NULL)                /* the original crashed; say so instead */
        fmt = "(null)";
    if (vsnprintf(line, MAXLINE, fmt, ap) < 0)
        line[0] = '\0';
    n = strlen(line);
    if (with_errno)
        snprintf(line + n, MAXLINE - n, ": %s", strerror(saved_errno));
    strcat(line, "\n");

    if (daemon_proc) {
        syslog(level, "%s", line);
    } else {
        fflush(stdout);             /* in case stdout and stderr are the same */
        fputs(line, stderr);
        fflush(stderr);
    }
}

/* A system call failed: message, ": ", strerror(errno); returns. */
UNP_WEAK void err_ret(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    unp_report(1, LOG_INFO, fmt, ap);
    va_end(ap);
}

/* A system call failed: message, ": ", strerror(errno); exit(1). */
UNP_WEAK void err_sys(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    unp_report(1, LOG_ERR, fmt, ap);
    va_end(ap);
    exit(1);
}

/* A system call failed: message, ": ", strerror(errno); abort() for a core. */
UNP_WEAK void err_dump(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    unp_report(1, LOG_ERR, fmt, ap);
    va_end(ap);
    abort();
}

/* Not a system call error: the message only; returns. */
UNP_WEAK void err_msg(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    unp_report(0, LOG_INFO, fmt, ap);
    va_end(ap);
}

/* Not a system call error: the message only; exit(1). */
UNP_WEAK void err_quit(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    unp_report(0, LOG_ERR, fmt, ap);
    va_end(ap);
    exit(1);
}

/* ---- unpthread.h ---------------------------------------------------------
 * Each wrapper calls the pthread function; a non-zero result n is stored
 * in errno and reported with err_sys("pthread_<name> error"), as the
 * book's wrappers do.  A NULL object the C library would crash on is
 * EINVAL instead. */

/* Reports a pthread function's error number n (non-zero) as the book does. */
static void unp_pthread_fail(int n, const char *message)
{
    errno = n;
    err_sys(message);
}

#define UNP_PTHREAD_CHECK(call, message) \
    do { \
        int unp_n_ = (call); \
        if (unp_n_ != 0) \
            unp_pthread_fail(unp_n_, message); \
    } while (0)

UNP_WEAK void Pthread_create(pthread_t *tid, const pthread_attr_t *attr,
                             void *(*func)(void *), void *arg)
{
    UNP_PTHREAD_CHECK(tid == NULL || func == NULL ? EINVAL : pthread_create(tid, attr, func, arg),
                      "pthread_create error");
}

UNP_WEAK void Pthread_join(pthread_t tid, void **status)
{
    UNP_PTHREAD_CHECK(pthread_join(tid, status), "pthread_join error");
}

UNP_WEAK void Pthread_detach(pthread_t tid)
{
    UNP_PTHREAD_CHECK(pthread_detach(tid), "pthread_detach error");
}

UNP_WEAK void Pthread_kill(pthread_t tid, int signo)
{
    UNP_PTHREAD_CHECK(pthread_kill(tid, signo), "pthread_kill error");
}

UNP_WEAK void Pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
    UNP_PTHREAD_CHECK(attr == NULL ? EINVAL : pthread_mutexattr_init(attr),
                      "pthread_mutexattr_init error");
}

UNP_WEAK void Pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int flag)
{
    UNP_PTHREAD_CHECK(attr == NULL ? EINVAL : pthread_mutexattr_setpshared(attr, flag),
                      "pthread_mutexattr_setpshared error");
}

UNP_WEAK void Pthread_mutex_init(pthread_mutex_t *mptr, pthread_mutexattr_t *attr)
{
    UNP_PTHREAD_CHECK(mptr == NULL ? EINVAL : pthread_mutex_init(mptr, attr),
                      "pthread_mutex_init error");
}

UNP_WEAK void Pthread_mutex_lock(pthread_mutex_t *mptr)
{
    UNP_PTHREAD_CHECK(mptr == NULL ? EINVAL : pthread_mutex_lock(mptr), "pthread_mutex_lock error");
}

UNP_WEAK void Pthread_mutex_unlock(pthread_mutex_t *mptr)
{
    UNP_PTHREAD_CHECK(mptr == NULL ? EINVAL : pthread_mutex_unlock(mptr),
                      "pthread_mutex_unlock error");
}

UNP_WEAK void Pthread_cond_broadcast(pthread_cond_t *cptr)
{
    UNP_PTHREAD_CHECK(cptr == NULL ? EINVAL : pthread_cond_broadcast(cptr),
                      "pthread_cond_broadcast error");
}

UNP_WEAK void Pthread_cond_signal(pthread_cond_t *cptr)
{
    UNP_PTHREAD_CHECK(cptr == NULL ? EINVAL : pthread_cond_signal(cptr), "pthread_cond_signal error");
}

UNP_WEAK void Pthread_cond_wait(pthread_cond_t *cptr, pthread_mutex_t *mptr)
{
    UNP_PTHREAD_CHECK(cptr == NULL || mptr == NULL ? EINVAL : pthread_cond_wait(cptr, mptr),
                      "pthread_cond_wait error");
}

UNP_WEAK void Pthread_cond_timedwait(pthread_cond_t *cptr, pthread_mutex_t *mptr,
                                     const struct timespec *tsptr)
{
    UNP_PTHREAD_CHECK(cptr == NULL || mptr == NULL || tsptr == NULL
                          ? EINVAL : pthread_cond_timedwait(cptr, mptr, tsptr),
                      "pthread_cond_timedwait error");
}

UNP_WEAK void Pthread_key_create(pthread_key_t *key, void (*func)(void *))
{
    UNP_PTHREAD_CHECK(key == NULL ? EINVAL : pthread_key_create(key, func),
                      "pthread_key_create error");
}

UNP_WEAK void Pthread_setspecific(pthread_key_t key, const void *value)
{
    UNP_PTHREAD_CHECK(pthread_setspecific(key, value), "pthread_setspecific error");
}

UNP_WEAK void Pthread_once(pthread_once_t *ptr, void (*func)(void))
{
    UNP_PTHREAD_CHECK(ptr == NULL || func == NULL ? EINVAL : pthread_once(ptr, func),
                      "pthread_once error");
}
