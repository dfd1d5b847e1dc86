/*
 * TCPechod.c - a concurrent ECHO server (RFC 862) over TCP, one process
 *              per client.
 *
 * What it does
 *   The parent (master) process only accepts connections.  For each new
 *   connection it fork()s a child (slave) process that echoes every byte
 *   the client sends back to it, until the client closes the connection;
 *   then the child exits with status 0.
 *
 *   Children that have exited stay "zombies" until the parent collects
 *   their exit status with wait()/waitpid().  The kernel sends SIGCHLD to
 *   the parent whenever a child exits, so we collect them in a SIGCHLD
 *   handler.  Two details matter:
 *     - several children can exit while only one SIGCHLD is delivered,
 *       so the handler loops on waitpid(-1, ..., WNOHANG) until none is
 *       left;
 *     - the handler must not change errno under the feet of the code it
 *       interrupted, so it saves and restores errno.
 *   A signal arriving while the parent sleeps in accept() can make
 *   accept() fail with EINTR; we simply call accept() again.
 *
 * How to run it
 *   TCPechod [port]
 *     port  a service name or a number, defaults to "echo" (7; ports
 *           below 1024 need root, so try e.g. 10007)
 *
 *   It runs until killed (Ctrl-C, or kill <pid>).  Children that are
 *   still serving clients when the parent is killed keep running until
 *   their client disconnects (Ctrl-C in a terminal stops them all, since
 *   it signals the whole process group).
 *   Test it with:  printf 'hi\n' | ./TCPecho localhost 10007
 *
 * Helpers used
 *   passiveTCP(), errexit()
 *
 * Build
 *   gcc -Wall -Wextra -Werror TCPechod.c -o TCPechod -lsockshim
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
    int saved_errno = errno;
    int status;

    (void)sig;
    while (waitpid(-1, &status, WNOHANG) > 0)
        ;                               /* one more zombie collected */
    errno = saved_errno;
}

/* install_reaper - run reaper() whenever a child terminates. */
static void install_reaper(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = reaper;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    if (sigaction(SIGCHLD, &sa, NULL) < 0)
        errexit("sigaction: %s\n", strerror(errno));
}

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

/* echo - (child) echo data back to the client until it closes. */
static int echo(int fd)
{
    char buf[BUFSIZE];
    ssize_t n;

    for (;;) {
        n = read(fd, buf, sizeof buf);
        if (n == 0)
            return 0;                           /* client is done */
        if (n < 0) {
            if (errno == EINTR)
                continue;
            errexit("echo read: %s\n", strerror(errno));
        }
        if (write_all(fd, buf, (size_t)n) < 0)
            errexit("echo write: %s\n", strerror(errno));
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

/* start_child - fork a child process that serves the client on ssock. */
static void start_child(int msock, int ssock)
{
    pid_t pid = fork();

    if (pid < 0) {              /* e.g. process limit reached */
        fprintf(stderr, "fork: %s\n", strerror(errno));
        close(ssock);           /* drop this client, keep serving */
        return;
    }
    if (pid == 0) {             /* child: serve this one client */
        close(msock);           /* the child does not accept */
        exit(echo(ssock));
    }
    close(ssock);               /* parent: the child has its own copy */
}

int main(int argc, char *argv[])
{
    const char *service = "echo";
    int msock, ssock;

    switch (argc) {
    case 2:
        service = argv[1];
        /* fall through */
    case 1:
        break;
    default:
        errexit("usage: %s [port]\n", argv[0]);
    }

    /* A vanished client makes write() fail with EPIPE instead of
     * killing the process with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);

    msock = passiveTCP(service, QLEN);
    install_reaper();

    for (;;) {
        ssock = accept_client(msock);
        start_child(msock, ssock);
    }
}
