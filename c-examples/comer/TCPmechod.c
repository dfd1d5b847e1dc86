/*
 * TCPmechod.c - a concurrent ECHO server (RFC 862) over TCP in a single
 * thread: select() watches the listening socket and every client; a new
 * connection is accepted and added, a readable client gets its data
 * echoed, a client that closed is closed and removed.  (Limitation of the
 * design: a client that never reads its echo stalls the others.)
 *
 * usage: TCPmechod [port]        (default echo = 7; without root: 10007)
 */

#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int passiveTCP(const char *service, int qlen);
int errexit(const char *format, ...);

#define QLEN    32
#define BUFSIZE 4096

/* echo - one read() and its write-back; returns 0 once the client is done. */
static int echo(int fd)
{
    char buf[BUFSIZE];
    ssize_t n = read(fd, buf, sizeof buf);

    if (n > 0 && write(fd, buf, (size_t)n) < 0)
        n = -1;
    if (n < 0)
        fprintf(stderr, "echo: %s\n", strerror(errno));
    return n > 0;
}

int main(int argc, char *argv[])
{
    const char *service = "echo";
    struct sockaddr_in fsin;
    socklen_t alen;
    fd_set rfds, afds;          /* ready to read, all we watch */
    int msock, ssock, fd, maxfd;

    switch (argc) {
    case 2:
        service = argv[1];
        /* fall through */
    case 1:
        break;
    default:
        errexit("usage: %s [port]\n", argv[0]);
    }

    signal(SIGPIPE, SIG_IGN);   /* a vanished client must not kill the rest */
    msock = passiveTCP(service, QLEN);
    FD_ZERO(&afds);
    FD_SET(msock, &afds);
    maxfd = msock;

    for (;;) {
        rfds = afds;            /* select() overwrites its sets */
        if (select(maxfd + 1, &rfds, NULL, NULL, NULL) < 0)
            errexit("select: %s\n", strerror(errno));
        if (FD_ISSET(msock, &rfds)) {
            alen = sizeof fsin;
            ssock = accept(msock, (struct sockaddr *)&fsin, &alen);
            if (ssock < 0)
                errexit("accept: %s\n", strerror(errno));
            if (ssock >= FD_SETSIZE)    /* does not fit in an fd_set: refuse */
                close(ssock);
            else {
                FD_SET(ssock, &afds);
                if (ssock > maxfd)
                    maxfd = ssock;
            }
        }
        for (fd = 0; fd <= maxfd; fd++)
            if (fd != msock && FD_ISSET(fd, &rfds) && !echo(fd)) {
                close(fd);
                FD_CLR(fd, &afds);
            }
    }
}
