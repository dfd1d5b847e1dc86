/*
 * TCPechod.c - a concurrent ECHO server (RFC 862) over TCP, one process
 * per client.  The parent only accepts; for each connection a fork()ed
 * child echoes every byte back until the client closes, then exits.
 *
 * usage: TCPechod [port]         (default echo = 7; without root: 10007)
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int passiveTCP(const char *service, int qlen);
int errexit(const char *format, ...);

#define QLEN    32      /* maximum connection queue length */
#define BUFSIZE 4096

/* reaper - SIGCHLD handler: collect every child that has exited. */
static void reaper(int sig)
{
    int saved_errno = errno;    /* do not disturb the interrupted code */

    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;                       /* one SIGCHLD may stand for several */
    errno = saved_errno;
}

/* echo - (child) echo data back to the client until it closes. */
static int echo(int fd)
{
    char buf[BUFSIZE];
    ssize_t n;

    while ((n = read(fd, buf, sizeof buf)) > 0)
        if (write(fd, buf, (size_t)n) < 0)
            errexit("echo write: %s\n", strerror(errno));
    if (n < 0)
        errexit("echo read: %s\n", strerror(errno));
    return 0;
}

int main(int argc, char *argv[])
{
    const char *service = "echo";
    struct sockaddr_in fsin;    /* the address of a client */
    socklen_t alen;
    int msock, ssock;
    pid_t pid;

    switch (argc) {
    case 2:
        service = argv[1];
        /* fall through */
    case 1:
        break;
    default:
        errexit("usage: %s [port]\n", argv[0]);
    }

    msock = passiveTCP(service, QLEN);
    signal(SIGCHLD, reaper);    /* reap children as they exit: no zombies */

    for (;;) {
        alen = sizeof fsin;
        ssock = accept(msock, (struct sockaddr *)&fsin, &alen);
        if (ssock < 0) {
            if (errno == EINTR) /* a child exited while we waited */
                continue;
            errexit("accept: %s\n", strerror(errno));
        }
        pid = fork();
        if (pid == 0) {         /* child: serve this one client */
            close(msock);
            exit(echo(ssock));
        }
        if (pid < 0)            /* e.g. process limit: drop this client */
            fprintf(stderr, "fork: %s\n", strerror(errno));
        close(ssock);           /* parent: the child has its own copy */
    }
}
