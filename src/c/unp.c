/*
 * unp.c -- the part of sockshim's UNP layer (unp.h) that must be C:
 * the five variadic error functions and the global daemon_proc.
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
#include "../../include/sockshim/unp/unp.h"

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
