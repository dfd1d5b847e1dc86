/*
 * TCPmtechod.c - a concurrent ECHO server (RFC 862) over TCP, one thread
 *                per client.
 *
 * What it does
 *   The main thread accepts connections.  For each new connection it
 *   starts a detached POSIX thread that echoes every byte back to the
 *   client until the client closes; then the thread closes the socket
 *   and ends.
 *
 *   "Detached" means nobody will pthread_join() the thread: its resources
 *   are released automatically when it ends (the thread equivalent of
 *   reaping zombie processes).
 *
 *   All threads share one process.  So an error in one connection must
 *   only end that connection: threads report the error and return, they
 *   never call exit() (which would stop the whole server).  For the same
 *   reason SIGPIPE is ignored: otherwise one client that disconnects
 *   early would kill the server with all its other clients.
 *
 * How to run it
 *   TCPmtechod [port]
 *     port  a service name or a number, defaults to "echo" (7; ports
 *           below 1024 need root, so try e.g. 10007)
 *
 *   It runs until killed (Ctrl-C, or kill <pid>).
 *   Test it with:  printf 'hi\n' | ./TCPecho localhost 10007
 *
 * Helpers used
 *   passiveTCP(), errexit()
 *
 * Build
 *   gcc -Wall -Wextra -Werror -pthread TCPmtechod.c -o TCPmtechod -lsockshim
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

/* write_all - send all `len` bytes, even if write() sends fewer at once. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/*
 * echo_thread - thread body: echo on one connection until EOF.
 * The descriptor is passed inside the void * argument itself (cast
 * through intptr_t), so no memory has to be allocated and freed.
 */
static void *echo_thread(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char buf[BUFSIZE];
    ssize_t n;

    for (;;) {
        n = read(fd, buf, sizeof buf);
        if (n == 0)
            break;                              /* client is done */
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "echo read: %s\n", strerror(errno));
            break;
        }
        if (write_all(fd, buf, (size_t)n) < 0) {
            fprintf(stderr, "echo write: %s\n", strerror(errno));
            break;
        }
    }
    close(fd);
    return NULL;
}

/* start_echo_thread - serve `fd` in a new detached thread. */
static void start_echo_thread(const pthread_attr_t *attr, int fd)
{
    pthread_t tid;
    int err = pthread_create(&tid, attr, echo_thread, (void *)(intptr_t)fd);

    if (err != 0) {
        /* pthread functions return the error instead of setting errno */
        fprintf(stderr, "pthread_create: %s\n", strerror(err));
        close(fd);              /* drop this client, keep serving others */
    }
}

/* accept_client - accept the next connection; retry if interrupted. */
static int accept_client(int msock)
{
    struct sockaddr_in fsin;
    socklen_t alen;
    int ssock;

    for (;;) {
        alen = sizeof fsin;
        ssock = accept(msock, (struct sockaddr *)&fsin, &alen);
        if (ssock >= 0)
            return ssock;
        if (errno != EINTR && errno != ECONNABORTED)
            errexit("accept: %s\n", strerror(errno));
    }
}

int main(int argc, char *argv[])
{
    const char *service = "echo";
    pthread_attr_t attr;
    int msock;

    switch (argc) {
    case 2:
        service = argv[1];
        /* fall through */
    case 1:
        break;
    default:
        errexit("usage: %s [port]\n", argv[0]);
    }

    signal(SIGPIPE, SIG_IGN);
    msock = passiveTCP(service, QLEN);

    /* Every thread we create is detached from the start. */
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);

    for (;;)
        start_echo_thread(&attr, accept_client(msock));
}
