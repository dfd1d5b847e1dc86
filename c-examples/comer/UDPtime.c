/*
 * UDPtime.c - a TIME client (RFC 868) over UDP.  Sends one datagram (its
 * content does not matter), reads the 4-byte answer, seconds since 1900 in
 * network byte order, and prints it as ctime() does.
 *
 * usage: UDPtime [host [port]]        (defaults: localhost, time = 37)
 *   e.g. ./UDPtimed 10037 &  ./UDPtime localhost 10037
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int connectUDP(const char *host, const char *service);
int errexit(const char *format, ...);

#define UNIXEPOCH 2208988800U   /* seconds from 1900 to 1970 */
#define MSG "what time is it?\n"

int main(int argc, char *argv[])
{
    const char *host = "localhost";
    const char *service = "time";
    uint32_t netval;            /* the answer, in network byte order */
    time_t now;
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

    sock = connectUDP(host, service);
    if (write(sock, MSG, strlen(MSG)) < 0)
        errexit("write failed: %s\n", strerror(errno));
    n = read(sock, &netval, sizeof netval);
    if (n < 0)
        errexit("read failed: %s\n", strerror(errno));
    if (n != (ssize_t)sizeof netval)
        errexit("bad reply: %d bytes instead of 4\n", (int)n);
    /* Unsigned 32-bit arithmetic: right across the 2036 wrap, until 2106. */
    now = (time_t)(uint32_t)(ntohl(netval) - UNIXEPOCH);
    printf("%s", ctime(&now));
    close(sock);
    return 0;
}
