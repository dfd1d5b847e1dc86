/*
 * TCPmechod.c - a concurrent ECHO server (RFC 862) over TCP in a single
 *               thread, multiplexing all clients with select().
 *
 * What it does
 *   One process, one thread, many clients.  The server keeps a set of
 *   descriptors it is interested in: the listening socket plus one
 *   socket per client.  select() sleeps until at least one of them is
 *   readable.  Then:
 *     - listening socket readable -> a new client: accept() it and add
 *       its socket to the set;
 *     - client socket readable    -> read what arrived and write it back;
 *       if read() returns 0 the client has closed: close the socket and
 *       remove it from the set.
 *
 *   Two limits of select() that a correct server must respect:
 *     1. An fd_set has room only for descriptors 0 .. FD_SETSIZE-1
 *        (usually 1024).  If "ulimit -n" allows more descriptors,
 *        accept() can return a larger number, and FD_SET() on it would
 *        write past the end of the fd_set (memory corruption).  So we
 *        never FD_SET such a descriptor: we print a message, close it
 *        (refusing that client) and carry on.
 *     2. The first argument of select() is "highest descriptor + 1".
 *        We keep track of the highest descriptor in use instead of using
 *        getdtablesize(), which may be larger than FD_SETSIZE.
 *
 *   The listening socket is put into non-blocking mode: a client may
 *   give up between select() saying "readable" and our accept(), and a
 *   blocking accept() would then freeze the whole server.
 *
 *   When the process runs out of descriptors (EMFILE), accept() fails
 *   while the pending connection stays in the queue, so select() would
 *   report the listening socket again and again (a busy loop).  Instead
 *   we stop watching the listening socket until some client leaves.
 *
 *   Limitation of this simple design: write() to a client that does not
 *   read its replies eventually blocks, and with it the whole server.
 *
 * How to run it
 *   TCPmechod [port]
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
 *   gcc -Wall -Wextra -Werror TCPmechod.c -o TCPmechod -lsockshim
 */

#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int passiveTCP(const char *service, int qlen);
int errexit(const char *format, ...);

#define QLEN    32
#define BUFSIZE 4096

/* Everything the server loop needs to know. */
struct server {
    int    msock;       /* the listening socket */
    fd_set active;      /* descriptors select() should watch */
    int    maxfd;       /* highest descriptor in `active`, -1 if none */
};

/* watch - add `fd` to the set (caller guarantees fd < FD_SETSIZE). */
static void watch(struct server *srv, int fd)
{
    FD_SET(fd, &srv->active);
    if (fd > srv->maxfd)
        srv->maxfd = fd;
}

/* unwatch - remove `fd` from the set and lower maxfd if needed. */
static void unwatch(struct server *srv, int fd)
{
    FD_CLR(fd, &srv->active);
    while (srv->maxfd >= 0 && !FD_ISSET(srv->maxfd, &srv->active))
        srv->maxfd--;
}

/* set_nonblocking - switch O_NONBLOCK on (on != 0) or off for `fd`. */
static int set_nonblocking(int fd, int on)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0)
        return -1;
    flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    return fcntl(fd, F_SETFL, flags);
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

/*
 * echo_once - one read() and the matching write-back.
 * Returns 0 to keep the connection, -1 when it is finished.
 */
static int echo_once(int fd)
{
    char buf[BUFSIZE];
    ssize_t n = read(fd, buf, sizeof buf);

    if (n == 0)
        return -1;                          /* client closed */
    if (n < 0) {
        if (errno == EINTR)
            return 0;                       /* try again next round */
        fprintf(stderr, "echo read: %s\n", strerror(errno));
        return -1;
    }
    if (write_all(fd, buf, (size_t)n) < 0) {
        fprintf(stderr, "echo write: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

/* close_client - end one connection; make room for new clients. */
static void close_client(struct server *srv, int fd)
{
    close(fd);
    unwatch(srv, fd);
    watch(srv, srv->msock);     /* no-op unless accepting was paused */
}

/* accept_client - accept one new connection and start watching it. */
static void accept_client(struct server *srv)
{
    struct sockaddr_in fsin;
    socklen_t alen = sizeof fsin;
    int ssock = accept(srv->msock, (struct sockaddr *)&fsin, &alen);

    if (ssock < 0) {
        switch (errno) {
        case EINTR:
        case EAGAIN:            /* (== EWOULDBLOCK on Linux) */
        case ECONNABORTED:
            return;             /* nothing to accept after all */
        case EMFILE:
        case ENFILE:
            if (srv->maxfd == srv->msock)   /* no client could leave */
                errexit("accept: %s\n", strerror(errno));
            fprintf(stderr, "accept: %s: no new clients until one leaves\n",
                    strerror(errno));
            unwatch(srv, srv->msock);
            return;
        default:
            errexit("accept: %s\n", strerror(errno));
            return;             /* not reached: errexit() exits */
        }
    }
    if (ssock >= FD_SETSIZE) {
        fprintf(stderr, "descriptor %d does not fit in an fd_set "
                "(FD_SETSIZE %d): connection refused\n",
                ssock, FD_SETSIZE);
        close(ssock);
        return;
    }
    /* Linux does not copy O_NONBLOCK from the listening socket to the
     * accepted one, but some other systems do: make sure client sockets
     * block, so that write_all() simply waits for a slow client. */
    if (set_nonblocking(ssock, 0) < 0) {
        fprintf(stderr, "fcntl: %s\n", strerror(errno));
        close(ssock);
        return;
    }
    watch(srv, ssock);
}

/* serve_ready_clients - echo on every client socket select() reported. */
static void serve_ready_clients(struct server *srv, fd_set *ready)
{
    int fd;

    for (fd = 0; fd <= srv->maxfd; fd++) {
        if (fd == srv->msock || !FD_ISSET(fd, ready))
            continue;
        if (echo_once(fd) < 0)
            close_client(srv, fd);
    }
}

/* open_listener - the listening socket, checked and made non-blocking. */
static int open_listener(const char *service)
{
    int msock = passiveTCP(service, QLEN);

    if (msock >= FD_SETSIZE)
        errexit("listening descriptor %d >= FD_SETSIZE\n", msock);
    if (set_nonblocking(msock, 1) < 0)
        errexit("fcntl: %s\n", strerror(errno));
    return msock;
}

int main(int argc, char *argv[])
{
    const char *service = "echo";
    struct server srv;
    fd_set ready;

    switch (argc) {
    case 2:
        service = argv[1];
        /* fall through */
    case 1:
        break;
    default:
        errexit("usage: %s [port]\n", argv[0]);
    }

    signal(SIGPIPE, SIG_IGN);   /* a vanished client must not kill us */

    FD_ZERO(&srv.active);
    srv.maxfd = -1;
    srv.msock = open_listener(service);
    watch(&srv, srv.msock);

    for (;;) {
        ready = srv.active;             /* select() overwrites its sets */
        if (select(srv.maxfd + 1, &ready, NULL, NULL, NULL) < 0) {
            if (errno == EINTR)
                continue;
            errexit("select: %s\n", strerror(errno));
        }
        if (FD_ISSET(srv.msock, &ready))
            accept_client(&srv);
        serve_ready_clients(&srv, &ready);
    }
}
