/*
 * UDPtime.c - a client for the TIME service (RFC 868) over UDP.
 *
 * What it does
 *   Sends one small datagram to the time server.  The content does not
 *   matter: the datagram only tells the server where to send the answer.
 *   The server replies with exactly 4 bytes: the number of seconds since
 *   1 January 1900 (00:00 UTC) as an unsigned 32-bit big-endian integer.
 *   We convert that to Unix time (seconds since 1970) and print it with
 *   ctime(), e.g. "Tue Mar  4 12:00:00 2025\n".
 *
 * How to run it
 *   UDPtime [host [port]]
 *     host  defaults to "localhost"
 *     port  a service name or a number, defaults to "time" (37)
 *
 *   Example with our own server on an unprivileged port:
 *     ./UDPtimed 10037 &
 *     ./UDPtime localhost 10037
 *
 *   If no server is listening, the kernel reports the ICMP "port
 *   unreachable" on our connected socket, and we print
 *   "read failed: Connection refused".  If the datagram is lost,
 *   read() blocks forever: UDP gives no delivery guarantee.
 *
 * Helpers used
 *   connectUDP()  - create a UDP socket and connect() it to the server
 *                   (a connected UDP socket can use plain read/write)
 *   errexit()     - print a message to stderr, exit(1)
 *
 * Build
 *   gcc -Wall -Wextra -Werror UDPtime.c -o UDPtime -lsockshim
 */

#include <arpa/inet.h>      /* ntohl() */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int connectUDP(const char *host, const char *service);
int errexit(const char *format, ...);

/* Seconds from 1900-01-01 to 1970-01-01: 70 years including 17 leap days. */
#define UNIXEPOCH 2208988800UL

#define MSG "what time is it?\n"

/*
 * rfc868_to_unix - convert the 32-bit RFC 868 value to a time_t.
 * The 32-bit counter wraps in February 2036.  A value smaller than
 * UNIXEPOCH cannot mean a date before 1970 (no server sends those), so
 * we read it as a time after the 2036 wrap-around.
 */
static time_t rfc868_to_unix(uint32_t secs1900)
{
    if (secs1900 >= UNIXEPOCH)
        return (time_t)(secs1900 - UNIXEPOCH);
    return (time_t)((int64_t)secs1900 + 4294967296LL - (int64_t)UNIXEPOCH);
}

int main(int argc, char *argv[])
{
    const char *host = "localhost";
    const char *service = "time";
    uint32_t netval;            /* the reply, in network byte order */
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

    /* 1. Ask: any datagram will do. */
    if (write(sock, MSG, strlen(MSG)) < 0)
        errexit("write failed: %s\n", strerror(errno));

    /* 2. Read the answer: one datagram of 4 bytes. */
    n = read(sock, &netval, sizeof netval);
    if (n < 0)
        errexit("read failed: %s\n", strerror(errno));
    if (n != (ssize_t)sizeof netval)
        errexit("bad reply: %d bytes instead of 4\n", (int)n);

    /* 3. Convert: network byte order -> host order -> Unix epoch. */
    now = rfc868_to_unix(ntohl(netval));
    printf("%s", ctime(&now));

    close(sock);
    return 0;
}
