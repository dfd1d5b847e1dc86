/*
 * TCPdaytime.c - a DAYTIME client (RFC 867) over TCP.  Connects to the
 * server and copies everything it sends to stdout until it closes.
 *
 * usage: TCPdaytime [host [port]]     (defaults: localhost, daytime = 13)
 *   e.g. ./TCPdaytimed 10013 &  ./TCPdaytime localhost 10013
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int connectTCP(const char *host, const char *service);
int errexit(const char *format, ...);

#define BUFSIZE 4096

int main(int argc, char *argv[])
{
    const char *host = "localhost";
    const char *service = "daytime";
    char buf[BUFSIZE];
    ssize_t n;
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
    /* TCP is a byte stream: the text may arrive in pieces, so read to EOF. */
    while ((n = read(sock, buf, sizeof buf)) > 0)
        fwrite(buf, 1, (size_t)n, stdout);
    if (n < 0)
        errexit("socket read failed: %s\n", strerror(errno));
    close(sock);
    return 0;
}
