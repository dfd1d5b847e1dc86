/*
 * dgram_receiver.c - receives UDP datagrams and prints one line for each:
 *
 *     received <n> bytes from <ip>:<port>: <text>
 *
 * with the payload byte for byte (one that ends in '\n' leaves an empty
 * line after the report).  Each recvfrom() returns exactly one datagram.
 * After a datagram that is exactly "quit" it exits with status 0.
 *
 * usage: dgram_receiver [port]        (default 5000)
 *   then: ./dgram_sender localhost 5000 "Hello World"
 */

#include <sockshim.h>       /* passiveUDP(), errexit() */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAXDGRAM 65536      /* more than the largest UDP payload */

int main(int argc, char *argv[])
{
    static char buf[MAXDGRAM];      /* static: too big for the stack */
    const char *service = argc == 2 ? argv[1] : "5000";
    struct sockaddr_in from;
    socklen_t fromlen;
    char ip[INET_ADDRSTRLEN];
    ssize_t n;
    int sock;

    if (argc > 2)
        errexit("usage: %s [port]\n", argv[0]);

    sock = passiveUDP(service);
    do {
        fromlen = sizeof from;
        n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
        if (n < 0)
            errexit("recvfrom: %s\n", strerror(errno));
        inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
        printf("received %zd bytes from %s:%u: ", n, ip, (unsigned)ntohs(from.sin_port));
        fwrite(buf, 1, (size_t)n, stdout);  /* the payload may contain '\0' */
        printf("\n");
        fflush(stdout);                     /* visible at once, also in a pipe */
    } while (!(n == 4 && memcmp(buf, "quit", 4) == 0));
    return 0;
}
