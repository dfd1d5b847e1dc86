/*
 * TCPdaytime.c - a client for the DAYTIME service (RFC 867) over TCP.
 *
 * What it does
 *   Connects to the daytime server, reads everything the server sends
 *   until the server closes the connection, and copies those bytes to
 *   standard output unchanged.  A daytime server sends one line of
 *   human-readable text such as "Tue Mar  4 12:00:00 2025\n".
 *
 * How to run it
 *   TCPdaytime [host [port]]
 *     host  defaults to "localhost"
 *     port  a service name or a number, defaults to "daytime" (13)
 *
 *   Example with our own server on an unprivileged port:
 *     ./TCPdaytimed 10013 &
 *     ./TCPdaytime localhost 10013
 *
 * Helpers used (Comer & Stevens style, provided by libsockshim)
 *   connectTCP()  - resolve host and service, create a socket, connect it
 *   errexit()     - print a printf-style message to stderr, exit(1)
 *
 * Build
 *   gcc -Wall -Wextra -Werror TCPdaytime.c -o TCPdaytime -lsockshim
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The helper prototypes, exactly as the textbook code declares them. */
int connectTCP(const char *host, const char *service);
int errexit(const char *format, ...);

#define BUFSIZE 4096

/*
 * copy_until_eof - read from descriptor `sock` until end of file and
 * write every byte to stdout.  TCP is a byte stream: the text may arrive
 * in several pieces, so we keep reading until read() returns 0.
 */
static void copy_until_eof(int sock)
{
    char buf[BUFSIZE];
    ssize_t n;

    for (;;) {
        n = read(sock, buf, sizeof buf);
        if (n == 0)
            break;                          /* server closed: done */
        if (n < 0) {
            if (errno == EINTR)
                continue;                   /* interrupted: just retry */
            errexit("socket read failed: %s\n", strerror(errno));
        }
        if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
            errexit("write to stdout failed: %s\n", strerror(errno));
    }
}

int main(int argc, char *argv[])
{
    const char *host = "localhost";
    const char *service = "daytime";
    int sock;

    switch (argc) {
    case 3:
        service = argv[2];
        /* fall through */
    case 2:
        host = argv[1];
        /* fall through */
    case 1:
        break;
    default:
        errexit("usage: %s [host [port]]\n", argv[0]);
    }

    sock = connectTCP(host, service);   /* exits with a message on failure */
    copy_until_eof(sock);
    close(sock);
    return 0;
}
