/*
 * csapp_rio.c -- test driver for Rio, the book's robust I/O package.
 *
 *   csapp_rio layout               rio_t size and field offsets; the
 *                                  library fills the program's own rio_t
 *                                  (stdin: "ab\ncd\n")
 *   csapp_rio ops SOURCE OP...     reads SOURCE ("-" for stdin, or a port on
 *                                  127.0.0.1) through one rio_t; each OP is
 *                                  lN (Rio_readlineb, maxlen N) or bN
 *                                  (Rio_readnb, N bytes); prints each result
 *   csapp_rio readn N              rio_readn/Rio_readn of N bytes from stdin
 *   csapp_rio writen N             rio_writen/Rio_writen of N bytes to stdout
 *   csapp_rio eintr                a read interrupted by a signal is retried
 *   csapp_rio lower-fail           the lower-case functions return -1
 *   csapp_rio <Function>-fail      the wrapper prints its message and exits
 *   csapp_rio epipe | sigpipe      Rio_writen to a closed socket, with
 *                                  SIGPIPE ignored or not
 *   csapp_rio pipe-epipe | pipe-sigpipe   the same to a pipe nobody reads
 */
#include "csapp.h"
#include "../testutil.h"

#include <stddef.h>

/* Prints n bytes with \n, \\, NUL and other control bytes escaped. */
static void show(const char *p, ssize_t n)
{
    ssize_t i;

    putchar('"');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\\')
            fputs("\\\\", stdout);
        else if (c < 32 || c > 126)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    putchar('"');
}

/* A rio_t inside a program's own struct, with a guard after it. */
struct client {
    char tag;
    rio_t rio;
    unsigned int guard;
};

static int pipe_fd[2];

static void feed_line(int sig)
{
    (void)sig;
    if (write(pipe_fd[1], "after the signal\n", 17) != 17)
        _exit(3);
}

int main(int argc, char **argv)
{
    static char buf[1 << 20];
    const char *cmd = argc > 1 ? argv[1] : "";
    ssize_t n;
    int i, fd;

    if (strcmp(cmd, "layout") == 0) {
        rio_t rio;
        struct client *c = Malloc(sizeof(*c));

        printf("sizeof=%zu rio_fd=%zu rio_cnt=%zu rio_bufptr=%zu rio_buf=%zu\n",
               sizeof(rio_t), offsetof(rio_t, rio_fd), offsetof(rio_t, rio_cnt),
               offsetof(rio_t, rio_bufptr), offsetof(rio_t, rio_buf));
        memset(&rio, 0x55, sizeof(rio));
        Rio_readinitb(&rio, 7);
        CHECK(rio.rio_fd == 7 && rio.rio_cnt == 0 && rio.rio_bufptr == rio.rio_buf);
        rio_readinitb(&rio, 0);
        n = Rio_readlineb(&rio, buf, MAXLINE);
        printf("line %zd cnt=%d next=%td buffered=", n, rio.rio_cnt,
               rio.rio_bufptr - rio.rio_buf);
        show(rio.rio_buf, 6);
        putchar('\n');
        /* Fill a rio_t embedded in a struct: nothing beyond it changes. */
        c->guard = 0xfeedf00du;
        CHECK(pipe(pipe_fd) == 0);
        Rio_readinitb(&c->rio, pipe_fd[0]);
        memset(buf, 'z', 3 * RIO_BUFSIZE);
        CHECK(write(pipe_fd[1], buf, 3 * RIO_BUFSIZE) == 3 * RIO_BUFSIZE);
        CHECK(Rio_readnb(&c->rio, buf, 2 * RIO_BUFSIZE + 1) == 2 * RIO_BUFSIZE + 1);
        printf("embedded guard=%x cnt=%d\n", c->guard, c->rio.rio_cnt);
        Free(c);
    } else if (strcmp(cmd, "ops") == 0 && argc > 2) {
        rio_t rio;

        fd = strcmp(argv[2], "-") == 0 ? 0 : Open_clientfd("127.0.0.1", argv[2]);
        Rio_readinitb(&rio, fd);
        for (i = 3; i < argc; i++) {
            size_t size = strtoul(argv[i] + 1, NULL, 10);
            CHECK(size < sizeof(buf));
            memset(buf, 0x7f, size + 1);
            if (argv[i][0] == 'l') {
                n = Rio_readlineb(&rio, buf, size);
                printf("%s %zd ", argv[i], n);
                show(buf, n);
                printf(" nul=%d\n", n >= 0 && buf[n] == '\0');
            } else {
                n = Rio_readnb(&rio, buf, size);
                printf("%s %zd ", argv[i], n);
                show(buf, n);
                putchar('\n');
            }
        }
    } else if (strcmp(cmd, "readn") == 0 && argc == 3) {
        size_t want = strtoul(argv[2], NULL, 10);
        n = rio_readn(0, buf, want / 2);
        printf("rio_readn %zd ", n);
        show(buf, n);
        n = Rio_readn(0, buf, want - want / 2);
        printf(" Rio_readn %zd ", n);
        show(buf, n);
        putchar('\n');
    } else if (strcmp(cmd, "writen") == 0 && argc == 3) {
        size_t total = strtoul(argv[2], NULL, 10);
        CHECK(total <= sizeof(buf));
        for (i = 0; (size_t)i < total; i++)
            buf[i] = (char)('a' + i % 26);
        CHECK(rio_writen(1, buf, total / 2) == (ssize_t)(total / 2));
        Rio_writen(1, buf + total / 2, total - total / 2);
    } else if (strcmp(cmd, "eintr") == 0) {
        struct sigaction sa;
        struct itimerval it;
        rio_t rio;

        /* No SA_RESTART: the blocked read fails with EINTR; Rio retries. */
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = feed_line;
        CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
        CHECK(pipe(pipe_fd) == 0);
        memset(&it, 0, sizeof(it));
        it.it_value.tv_usec = 20000;
        CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
        Rio_readinitb(&rio, pipe_fd[0]);
        n = Rio_readlineb(&rio, buf, MAXLINE);
        printf("eintr %zd ", n);
        show(buf, n);
        putchar('\n');
    } else if (strcmp(cmd, "lower-fail") == 0) {
        rio_t rio;

        rio_readinitb(&rio, -1);
        printf("rio_readn %zd rio_writen %zd rio_readnb %zd rio_readlineb %zd\n",
               rio_readn(-1, buf, 1), rio_writen(-1, buf, 1), rio_readnb(&rio, buf, 1),
               rio_readlineb(&rio, buf, 10));
    } else if (strcmp(cmd, "Rio_readn-fail") == 0) {
        Rio_readn(-1, buf, 1);
    } else if (strcmp(cmd, "Rio_writen-fail") == 0) {
        Rio_writen(-1, buf, 1);
    } else if (strcmp(cmd, "Rio_readnb-fail") == 0) {
        rio_t rio;
        Rio_readinitb(&rio, -1);
        Rio_readnb(&rio, buf, 1);
    } else if (strcmp(cmd, "Rio_readlineb-fail") == 0) {
        rio_t rio;
        Rio_readinitb(&rio, -1);
        Rio_readlineb(&rio, buf, MAXLINE);
    } else if (strstr(cmd, "epipe") != NULL || strstr(cmd, "sigpipe") != NULL) {
        int sv[2];

        if (strstr(cmd, "epipe") != NULL)
            Signal(SIGPIPE, SIG_IGN);
        if (strncmp(cmd, "pipe-", 5) == 0)
            CHECK(pipe(sv) == 0);
        else
            CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
        Close(strncmp(cmd, "pipe-", 5) == 0 ? sv[0] : sv[1]);
        Rio_writen(strncmp(cmd, "pipe-", 5) == 0 ? sv[1] : sv[0], "x", 1);
    } else {
        fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
        return 2;
    }
    if (strstr(cmd, "-fail") != NULL && strcmp(cmd, "lower-fail") != 0) {
        printf("returned\n");
        return 9;
    }
    if (strstr(cmd, "epipe") != NULL || strstr(cmd, "sigpipe") != NULL) {
        printf("returned\n");
        return 9;
    }
    return 0;
}
