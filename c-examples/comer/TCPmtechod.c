/*
 * TCPmtechod.c - a concurrent ECHO server (RFC 862) over TCP, one thread
 * per client.  The main thread accepts; each connection gets a detached
 * thread that echoes until the client closes.  A thread never calls
 * exit(): an error ends its own connection, not the whole server.
 *
 * usage: TCPmtechod [port]       (default echo = 7; without root: 10007)
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int passiveTCP(const char *service, int qlen);
int errexit(const char *format, ...);

#define QLEN    32
#define BUFSIZE 4096

/* echo_thread - echo on one connection until EOF; the descriptor is
 * passed in the pointer itself, so nothing is allocated. */
static void *echo_thread(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char buf[BUFSIZE];
    ssize_t n;

    pthread_detach(pthread_self());     /* nobody joins: free when done */
    while ((n = read(fd, buf, sizeof buf)) > 0)
        if (write(fd, buf, (size_t)n) < 0)
            break;
    if (n != 0)
        fprintf(stderr, "echo: %s\n", strerror(errno));
    close(fd);
    return NULL;
}

int main(int argc, char *argv[])
{
    const char *service = "echo";
    struct sockaddr_in fsin;
    socklen_t alen;
    pthread_t th;
    int msock, ssock, err;

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
    for (;;) {
        alen = sizeof fsin;
        ssock = accept(msock, (struct sockaddr *)&fsin, &alen);
        if (ssock < 0)
            errexit("accept: %s\n", strerror(errno));
        err = pthread_create(&th, NULL, echo_thread, (void *)(intptr_t)ssock);
        if (err != 0) {         /* returns the error, does not set errno */
            fprintf(stderr, "pthread_create: %s\n", strerror(err));
            close(ssock);       /* drop this client, keep serving */
        }
    }
}
