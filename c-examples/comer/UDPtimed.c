/*
 * UDPtimed.c - an iterative TIME server (RFC 868) over UDP.
 *
 * What it does
 *   Waits for datagrams.  For every datagram it receives (the content is
 *   ignored) it sends back exactly 4 bytes to the sender's address: the
 *   current time as seconds since 1 January 1900, as an unsigned 32-bit
 *   integer in network byte order (big-endian).
 *
 *   A UDP server has no connections: recvfrom() tells us who sent the
 *   datagram, and sendto() addresses the reply to exactly that sender.
 *
 * How to run it
 *   UDPtimed [port]
 *     port  a service name or a number, defaults to "time" (37; ports
 *           below 1024 need root, so try e.g. 10037)
 *
 *   It runs until killed (Ctrl-C, or kill <pid>).
 *   Test it with:  ./UDPtime localhost 10037
 *
 * Helpers used
 *   passiveUDP()  - create a UDP socket bound to the port
 *   errexit()
 *
 * Build
 *   gcc -Wall -Wextra -Werror UDPtimed.c -o UDPtimed -lsockshim
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>      /* htonl() */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int passiveUDP(const char *service);
int errexit(const char *format, ...);

/* Seconds from 1900-01-01 to 1970-01-01. */
#define UNIXEPOCH 2208988800UL

/* rfc868_now - the current time in RFC 868 format, network byte order.
 * The cast to uint32_t keeps the value modulo 2^32, which is exactly how
 * the 32-bit RFC 868 counter wraps around in 2036. */
static uint32_t rfc868_now(void)
{
    return htonl((uint32_t)((unsigned long)time(NULL) + UNIXEPOCH));
}

int main(int argc, char *argv[])
{
    const char *service = "time";
    struct sockaddr_in fsin;    /* the address of a client */
    socklen_t alen;
    char buf[1];                /* the request content is not used */
    uint32_t reply;
    int sock;

    switch (argc) {
    case 2:
        service = argv[1];
        /* fall through */
    case 1:
        break;
    default:
        errexit("usage: %s [port]\n", argv[0]);
    }

    sock = passiveUDP(service);
    for (;;) {
        alen = sizeof fsin;
        /* A datagram longer than buf is truncated; that is fine here. */
        if (recvfrom(sock, buf, sizeof buf, 0,
                     (struct sockaddr *)&fsin, &alen) < 0) {
            if (errno == EINTR)
                continue;
            errexit("recvfrom failed: %s\n", strerror(errno));
        }
        reply = rfc868_now();
        if (sendto(sock, &reply, sizeof reply, 0,
                   (struct sockaddr *)&fsin, alen) < 0)
            fprintf(stderr, "sendto failed: %s\n", strerror(errno));
    }
}
