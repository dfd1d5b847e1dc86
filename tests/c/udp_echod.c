/*
 * udp_echod.c -- test server: passiveUDP(SERVICE), then answers COUNT
 * datagrams the way textbook servers do: recvfrom into a struct sockaddr_in
 * and sendto of that same struct.  Prints "ready" on stderr once bound.
 *
 *   udp_echod SERVICE COUNT
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

int passiveUDP(const char *service);
int errexit(const char *format, ...);

int main(int argc, char **argv)
{
    char buf[2048];
    struct sockaddr_in from;
    socklen_t fromlen;
    int count, s;

    if (argc != 3)
        errexit("usage: %s service count\n", argv[0]);
    s = passiveUDP(argv[1]);
    count = atoi(argv[2]);
    fprintf(stderr, "ready\n");
    while (count-- > 0) {
        fromlen = sizeof from;
        ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
        if (n < 0)
            errexit("recvfrom failed\n");
        if (fromlen != sizeof from || from.sin_family != AF_INET)
            errexit("peer address is not a struct sockaddr_in\n");
        if (sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&from, sizeof from) < 0)
            errexit("sendto failed\n");
    }
    return 0;
}
