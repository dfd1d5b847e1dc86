/*
 * TCPdaytimed.c - an iterative DAYTIME server (RFC 867) over TCP.
 *
 * What it does
 *   Waits for connections.  For each client it writes the current local
 *   time as one text line, exactly as ctime() formats it (for example
 *   "Tue Mar  4 12:00:00 2025\n"), and closes the connection.  It does
 *   not read anything from the client.
 *
 *   "Iterative" means one client at a time: the server finishes with a
 *   client before it calls accept() again.  That is fine here because
 *   each client needs only one short write.
 *
 * How to run it
 *   TCPdaytimed [port]
 *     port  a service name or a number, defaults to "daytime" (13;
 *           ports below 1024 need root, so try e.g. 10013)
 *
 *   It runs until killed (Ctrl-C, or kill <pid>); it installs no signal
 *   handlers.  Test it with:  ./TCPdaytime localhost 10013
 *
 * Helpers used
 *   passiveTCP()  - create a TCP socket bound to the port, listening
 *   errexit()
 *
 * Build
 *   gcc -Wall -Wextra -Werror TCPdaytimed.c -o TCPdaytimed -lsockshim
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int passiveTCP(const char *service, int qlen);
int errexit(const char *format, ...);

#define QLEN 32     /* maximum length of the queue of pending connections */

/* accept_client - accept the next connection; retry if interrupted. */
static int accept_client(int msock)
{
    struct sockaddr_in fsin;    /* the address of the client */
    socklen_t alen;
    int ssock;

    for (;;) {
        alen = sizeof fsin;
        ssock = accept(msock, (struct sockaddr *)&fsin, &alen);
        if (ssock >= 0)
            return ssock;
        if (errno != EINTR && errno != ECONNABORTED)
            errexit("accept failed: %s\n", strerror(errno));
    }
}

/* send_daytime - write the current time as text to the client. */
static void send_daytime(int ssock)
{
    time_t now = time(NULL);
    const char *text = ctime(&now);     /* ends with "\n" */

    if (write(ssock, text, strlen(text)) < 0)
        fprintf(stderr, "write to client failed: %s\n", strerror(errno));
}

int main(int argc, char *argv[])
{
    const char *service = "daytime";
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

    /* A client that disconnects early must not kill the server with
     * SIGPIPE; with SIGPIPE ignored, write() just fails with EPIPE. */
    signal(SIGPIPE, SIG_IGN);

    msock = passiveTCP(service, QLEN);
    for (;;) {
        int ssock = accept_client(msock);
        send_daytime(ssock);
        close(ssock);
    }
}
