/*
 * sockshim-compat.h -- the header of sockshim's compat profile.
 *
 * `pkg-config --cflags sockshim-compat` force-includes this file
 * (-include) ahead of every source file, together with -std=gnu89 and
 * -fcommon, so that unchanged early-1990s course code compiles and runs
 * correctly with today's compilers:
 *
 *  - Library functions called without their header (time, ctime, ntohl,
 *    strerror, exit, close, malloc, ...) get their real prototypes from the
 *    standard headers below.  Without them C assumes `int f()`, and on a
 *    64-bit system a returned pointer (ctime, strerror, malloc) loses its
 *    upper half and the program crashes, and a returned unsigned 32-bit
 *    value (ntohl) turns negative.
 *
 *  - `extern int errno;` without <errno.h>: <errno.h> is included first, so
 *    `errno` is already glibc's macro `(*__errno_location ())` when the
 *    program's own declaration comes.  The compiler then reads that line as
 *    `extern int (*__errno_location ());`, an old-style redeclaration of the
 *    function glibc declared (compatible in every C standard), and every use
 *    of errno in the program reads and writes this thread's real errno.
 *    Without the profile, `extern int errno;` names a plain global variable
 *    that does not exist (glibc's errno is thread-local) and the link fails.
 *    The same holds for `extern int h_errno;` through <netdb.h>.
 *
 *  - `extern char *sys_errlist[];` and `extern int sys_nerr;`: glibc 2.32
 *    removed both from its link-time interface.  They are mapped, after all
 *    the headers, onto a table private to each file, filled from strerror()
 *    before main runs; the program's own `extern` lines then refer to it.
 *    Define SOCKSHIM_COMPAT_NO_ERRLIST to leave the two names alone (for a
 *    program that defines them itself).
 *
 * This header does not declare the sockshim helpers (connectTCP, passiveTCP,
 * errexit, DieWithError, ...): programs declare those themselves, and may
 * also include <sockshim.h>.  It adds nothing to what a program links with.
 */
#ifndef SOCKSHIM_COMPAT_H
#define SOCKSHIM_COMPAT_H

/* First, so that `errno` is a macro before any line of the program. */
#include <errno.h>

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <ctype.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#ifndef SOCKSHIM_COMPAT_NO_ERRLIST
/* One more than the largest errno value glibc has a message for. */
#define SOCKSHIM_COMPAT_NERR 134

static char *sockshim_compat_errlist[SOCKSHIM_COMPAT_NERR]
    __attribute__((unused));
static int sockshim_compat_nerr __attribute__((unused)) = SOCKSHIM_COMPAT_NERR;

/*
 * Runs before main, in the "C" locale.  glibc's strerror returns constant
 * text for every known errno; the few unused numbers get a constant too
 * (strerror would format them into a buffer that the next call reuses).
 */
static void sockshim_compat_fill_errlist(void) __attribute__((constructor));
static void sockshim_compat_fill_errlist(void)
{
    static char unknown[] = "Unknown error";
    char *text;
    int e;

    for (e = 0; e < SOCKSHIM_COMPAT_NERR; e++) {
        text = strerror(e);
        sockshim_compat_errlist[e] =
            strncmp(text, unknown, sizeof unknown - 1) == 0 ? unknown : text;
    }
}

#define sys_errlist sockshim_compat_errlist
#define sys_nerr sockshim_compat_nerr
#endif /* SOCKSHIM_COMPAT_NO_ERRLIST */

#endif /* SOCKSHIM_COMPAT_H */
