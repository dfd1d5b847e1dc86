/*
 * UDPtimed.c - an iterative TIME server (RFC 868) over UDP.  Answers every
 * datagram (its content is ignored) with 4 bytes sent to its sender: the
 * current time as seconds since 1900, in network byte order.
 *
 * usage: UDPtimed [port]         (default time = 37; without root: 10037)
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int passiveUDP(const char *service);
int errexit(const char *format, ...);

#define UNIXEPOCH 2208988800U   /* seconds from 1900 to 1970 */

int main(int argc, char *argv[])
{
    const char *service = "time";
    struct sockaddr_in fsin;    /* the address of a client */
    socklen_t alen;
    char buf[1];                /* the request itself is not used */
    uint32_t now;
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
        if (recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&fsin, &alen) < 0)
            errexit("recvfrom failed: %s\n", strerror(errno));
        /* The 32-bit counter wraps in 2036, exactly as uint32_t does. */
        now = htonl((uint32_t)time(NULL) + UNIXEPOCH);
        if (sendto(sock, &now, sizeof now, 0, (struct sockaddr *)&fsin, alen) < 0)
            fprintf(stderr, "sendto failed: %s\n", strerror(errno));
    }
}
