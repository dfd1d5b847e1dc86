/*
 * override_a.c -- test: a UNP program that keeps its own error.c (all five
 * err_* functions), its own Readline, my_addrs, tv_sub, dg_echo and
 * daemon_proc, in a file that includes unp.h.  It must link with the shared
 * and the static library, and the library's own calls must reach these
 * definitions.
 *
 *   override_a tcp_connect PORT   library Tcp_connect fails -> our err_sys (11)
 *   override_a close              library Close fails -> our err_sys (11)
 *   override_a inet_pton          library Inet_pton fails -> our err_quit (12)
 *   override_a connect_timeo PORT an alarm is pending -> our err_msg, returns
 *   override_a str_cli PORT       library str_cli -> our Readline (upper-cases)
 *   override_a my_addrs           library My_addrs -> our my_addrs
 *   override_a daemon_proc        library daemon_inetd sets our daemon_proc
 *   override_a own                our err_ret, err_dump, tv_sub, dg_echo
 */
#include "unp.h"

#include <ctype.h>
#include <stdarg.h>
#include <syslog.h>

int daemon_proc;

static void say(const char *who, int with_errno, const char *fmt, va_list ap)
{
    int saved = errno;

    fprintf(stderr, "program %s: ", who);
    vfprintf(stderr, fmt, ap);
    if (with_errno)
        fprintf(stderr, ": %s", strerror(saved));
    fputc('\n', stderr);
}

void err_sys(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    say("err_sys", 1, fmt, ap);
    va_end(ap);
    exit(11);
}

void err_quit(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    say("err_quit", 0, fmt, ap);
    va_end(ap);
    exit(12);
}

void err_dump(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    say("err_dump", 1, fmt, ap);
    va_end(ap);
    exit(13);
}

void err_ret(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    say("err_ret", 1, fmt, ap);
    va_end(ap);
}

void err_msg(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    say("err_msg", 0, fmt, ap);
    va_end(ap);
}

/* The library's readline, then the line in upper case. */
ssize_t Readline(int fd, void *ptr, size_t maxlen)
{
    ssize_t n = readline(fd, ptr, maxlen), i;
    char *p = ptr;

    for (i = 0; i < n && p[i] != '\0'; i++)
        p[i] = (char) toupper((unsigned char) p[i]);
    return n;
}

static char ten_0_0_1[4] = { 10, 0, 0, 1 };
static char *our_addrs[] = { ten_0_0_1, NULL };

char **my_addrs(int *addrtype)
{
    *addrtype = AF_INET;
    return our_addrs;
}

void tv_sub(struct timeval *out, struct timeval *in)
{
    (void) in;
    out->tv_sec = 4242;
}

void dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen)
{
    (void) pcliaddr;
    printf("program dg_echo %d %d\n", sockfd, (int) clilen);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    struct sockaddr_in addr;
    struct timeval a = { 1, 0 }, b = { 0, 0 };
    char **pp, text[INET_ADDRSTRLEN];
    int family = 0, fd;

    if (strcmp(what, "tcp_connect") == 0 && argc == 3) {
        Tcp_connect("127.0.0.1", argv[2]);
    } else if (strcmp(what, "close") == 0) {
        Close(-1);
    } else if (strcmp(what, "inet_pton") == 0) {
        Inet_pton(AF_INET, "1.2.3.x", &addr.sin_addr);
    } else if (strcmp(what, "connect_timeo") == 0 && argc == 3) {
        memset(&addr, 0, sizeof addr);
        addr.sin_family = AF_INET;
        addr.sin_port = htons((uint16_t) atoi(argv[2]));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fd = Socket(AF_INET, SOCK_STREAM, 0);
        alarm(100);
        printf("connect_timeo %d\n", connect_timeo(fd, (SA *) &addr, sizeof addr, 5));
    } else if (strcmp(what, "str_cli") == 0 && argc == 3) {
        str_cli(stdin, Tcp_connect("127.0.0.1", argv[2]));
    } else if (strcmp(what, "my_addrs") == 0) {
        for (pp = My_addrs(&family); *pp != NULL; pp++)
            printf("%s\n", Inet_ntop(family, *pp, text, sizeof text));
    } else if (strcmp(what, "daemon_proc") == 0) {
        daemon_inetd("override_a", LOG_USER);
        printf("daemon_proc=%d\n", daemon_proc);
    } else if (strcmp(what, "own") == 0) {
        errno = EPIPE;
        err_ret("own err_ret");
        tv_sub(&a, &b);
        printf("tv_sub %ld\n", (long) a.tv_sec);
        dg_echo(3, NULL, 16);
        errno = EPIPE;
        err_dump("own err_dump");
    } else {
        return 2;
    }
    return 0;
}
