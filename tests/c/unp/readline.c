/*
 * readline.c -- test driver for the UNP layer's readline and Readline.
 *
 *   readline book        the book's return values (newline kept, a truncated
 *                        line returns maxlen, maxlen 1, EOF in and after a line)
 *   readline interleave  two descriptors read in turn do not mix
 *   readline mixed       readline, then read() on the same socket: no byte lost
 *   readline reuse       a descriptor number reused after close: nothing stale
 *   readline pipe        a pipe, not a socket
 *   readline eintr       a signal without SA_RESTART during the read is retried
 *   readline error       a bad descriptor: -1 and errno
 *   readline threads     8 threads, each reading its own lines, all at once
 *
 * Each result is printed as "n=<return> [<bytes stored, escaped>]".
 */
#include "unpthread.h"
#include "../testutil.h"

static void show(ssize_t n, const char *buf)
{
    const char *p;

    printf("n=%d [", (int) n);
    for (p = buf; n > 0 && *p != '\0'; p++) {
        if (*p == '\n')
            printf("\\n");
        else
            putchar(*p);
    }
    printf("]\n");
}

/* A connected pair with `data` already written into one end (which is then
 * closed when close_after is set); returns the other end. */
static int feed(const char *data, size_t len, int close_after)
{
    int sv[2];

    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    Writen(sv[1], (void *) data, len);
    if (close_after)
        Close(sv[1]);
    return sv[0];
}

static int book(void)
{
    char buf[100];
    int fd;

    fd = feed("one\ntwo\n\npartial", 16, 1);
    show(Readline(fd, buf, sizeof buf), buf);
    show(Readline(fd, buf, sizeof buf), buf);
    show(Readline(fd, buf, sizeof buf), buf);       /* an empty line */
    show(Readline(fd, buf, sizeof buf), buf);       /* EOF after "partial" */
    show(Readline(fd, buf, sizeof buf), buf);       /* EOF: 0 */
    Close(fd);

    fd = feed("abcdefgh\nab\nxyz\n", 16, 1);
    show(Readline(fd, buf, 4), buf);                /* truncated: returns maxlen */
    show(Readline(fd, buf, 1), buf);                /* maxlen 1: 1, nothing read */
    show(Readline(fd, buf, sizeof buf), buf);
    show(Readline(fd, buf, 4), buf);                /* fits exactly: "ab\n" */
    show(readline(fd, buf, 4), buf);                /* "xyz" then the newline */
    show(readline(fd, buf, sizeof buf), buf);
    show(readline(fd, buf, sizeof buf), buf);
    Close(fd);
    return 0;
}

static int interleave(void)
{
    char buf[100];
    int a = feed("a1\na2\n", 6, 0), b = feed("b1\nb2\n", 6, 0);

    show(Readline(a, buf, sizeof buf), buf);
    show(Readline(b, buf, sizeof buf), buf);
    show(Readline(a, buf, sizeof buf), buf);
    show(Readline(b, buf, sizeof buf), buf);
    return 0;
}

static int mixed(void)
{
    char buf[100];
    void *rest = NULL;
    int fd = feed("line1\nrest of the data", 22, 1);
    ssize_t n;

    show(Readline(fd, buf, sizeof buf), buf);
    printf("readlinebuf %d\n", (int) readlinebuf(&rest));
    n = Read(fd, buf, sizeof buf - 1);
    buf[n < 0 ? 0 : n] = '\0';
    show(n, buf);
    return 0;
}

static int reuse(void)
{
    char buf[100];
    int first = feed("x1\nx2\n", 6, 0), second;

    show(Readline(first, buf, sizeof buf), buf);
    Close(first);
    second = feed("y1\n", 3, 0);
    printf("same number=%d\n", second == first);
    show(Readline(second, buf, sizeof buf), buf);
    return 0;
}

static int pipe_case(void)
{
    char buf[100];
    int fds[2];

    Pipe(fds);
    Write(fds[1], "p1\np2", 5);
    Close(fds[1]);
    show(Readline(fds[0], buf, sizeof buf), buf);
    show(Readline(fds[0], buf, sizeof buf), buf);
    show(Readline(fds[0], buf, sizeof buf), buf);
    return 0;
}

static void on_usr1(int signo)
{
    (void) signo;
}

/* A child waits until this process sleeps in readline, interrupts it with
 * SIGUSR1 (no SA_RESTART), then sends the line. */
static int eintr(void)
{
    char buf[100];
    int sv[2];
    pid_t parent = getpid(), pid;

    Signal_intr(SIGUSR1, on_usr1);
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    if ((pid = Fork()) == 0) {
        wait_asleep(parent);
        kill(parent, SIGUSR1);
        usleep(100000);
        Writen(sv[1], "after the signal\n", 17);
        _exit(0);
    }
    show(Readline(sv[0], buf, sizeof buf), buf);
    waitpid(pid, NULL, 0);
    return 0;
}

static int error_case(void)
{
    char buf[10];
    ssize_t n = readline(-1, buf, sizeof buf);

    printf("n=%d errno=%s\n", (int) n, strerror(errno));
    return 0;
}

/* ---- 8 threads --------------------------------------------------------- */

#define THREADS 8
#define LINES 2000

struct job {
    int index, fd, writefd, bad;
};

/* Writes this thread's lines in uneven chunks, so lines straddle reads. */
static void *writer(void *arg)
{
    struct job *job = arg;
    char *all = Malloc(LINES * 32), *p = all;
    size_t len, off = 0, chunk = 1;
    int i;

    for (i = 0; i < LINES; i++)
        p += sprintf(p, "thread %d line %d\n", job->index, i);
    len = (size_t) (p - all);
    while (off < len) {
        chunk = chunk * 7 % 509 + 1;
        if (chunk > len - off)
            chunk = len - off;
        Writen(job->writefd, all + off, chunk);
        off += chunk;
    }
    Close(job->writefd);
    free(all);
    return NULL;
}

static void *reader(void *arg)
{
    struct job *job = arg;
    char buf[MAXLINE], expect[64];
    int i;

    for (i = 0; i < LINES; i++) {
        snprintf(expect, sizeof expect, "thread %d line %d\n", job->index, i);
        if (Readline(job->fd, buf, sizeof buf) != (ssize_t) strlen(expect) ||
            strcmp(buf, expect) != 0)
            job->bad++;
    }
    if (Readline(job->fd, buf, sizeof buf) != 0)
        job->bad++;
    return NULL;
}

static int threads(void)
{
    struct job jobs[THREADS];
    pthread_t readers[THREADS], writers[THREADS];
    int i, sv[2], bad = 0;

    for (i = 0; i < THREADS; i++) {
        Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        jobs[i].index = i;
        jobs[i].fd = sv[0];
        jobs[i].writefd = sv[1];
        jobs[i].bad = 0;
    }
    for (i = 0; i < THREADS; i++) {
        Pthread_create(&readers[i], NULL, reader, &jobs[i]);
        Pthread_create(&writers[i], NULL, writer, &jobs[i]);
    }
    for (i = 0; i < THREADS; i++) {
        Pthread_join(readers[i], NULL);
        Pthread_join(writers[i], NULL);
        bad += jobs[i].bad;
    }
    printf("%d threads, %d lines each, %d bad\n", THREADS, LINES, bad);
    return 0;
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";

    if (strcmp(what, "book") == 0) return book();
    if (strcmp(what, "interleave") == 0) return interleave();
    if (strcmp(what, "mixed") == 0) return mixed();
    if (strcmp(what, "reuse") == 0) return reuse();
    if (strcmp(what, "pipe") == 0) return pipe_case();
    if (strcmp(what, "eintr") == 0) return eintr();
    if (strcmp(what, "error") == 0) return error_case();
    if (strcmp(what, "threads") == 0) return threads();
    fprintf(stderr, "usage: readline book|interleave|mixed|reuse|pipe|eintr|error|threads\n");
    return 2;
}
