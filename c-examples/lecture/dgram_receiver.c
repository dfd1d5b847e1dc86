/*
 * dgram_receiver.c - receive UDP datagrams and print them.
 *
 * What it does
 *   Binds a UDP socket to the port and waits for datagrams.  For every
 *   datagram it prints one report line on stdout:
 *
 *     received <n> bytes from <ip>:<port>: <text>
 *
 *   where <ip>:<port> is the sender's address and <text> is the payload,
 *   byte for byte (a payload that ends in '\n' therefore produces an
 *   empty line after the report).  A datagram whose payload is exactly
 *   the four bytes "quit" is reported like any other, and then the
 *   program exits with status 0.
 *
 *   Datagrams keep their boundaries: each recvfrom() returns exactly one
 *   datagram, whatever its size.  The sender needs no connection; any
 *   program can send to this port at any time.
 *
 * How to run it
 *   dgram_receiver [port]
 *     port  a number or a service name, defaults to 5000
 *
 *   In a second terminal:
 *     ./dgram_sender localhost 5000 "Hello World"
 *     ./dgram_sender localhost 5000 quit
 *
 * Helpers used (declared in <sockshim.h>)
 *   passiveUDP()  - a UDP socket bound to the port on all interfaces
 *   errexit()     - print a message to stderr and exit(1)
 *
 * Build
 *   gcc -Wall -Wextra -Werror dgram_receiver.c -o dgram_receiver -lsockshim
 */

#include <sockshim.h>

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAXDGRAM 65536      /* more than the largest UDP payload */

/* is_quit - is this payload exactly "quit"? */
static int is_quit(const char *buf, size_t len)
{
    return len == 4 && memcmp(buf, "quit", 4) == 0;
}

/* report - print one line about a received datagram. */
static void report(const char *buf, size_t len, const struct sockaddr_in *from)
{
    char ip[INET_ADDRSTRLEN];

    if (inet_ntop(AF_INET, &from->sin_addr, ip, sizeof ip) == NULL)
        strcpy(ip, "?");
    printf("received %zu bytes from %s:%u: ", len, ip,
           (unsigned)ntohs(from->sin_port));
    fwrite(buf, 1, len, stdout);    /* the payload may contain '\0' */
    printf("\n");
    fflush(stdout);                 /* visible at once, even in a pipe */
}

int main(int argc, char *argv[])
{
    static char buf[MAXDGRAM];      /* static: too big for the stack */
    const char *service = "5000";
    struct sockaddr_in from;
    socklen_t fromlen;
    ssize_t n;
    int sock;

    if (argc > 2)
        errexit("usage: %s [port]\n", argv[0]);
    if (argc == 2)
        service = argv[1];

    sock = passiveUDP(service);
    for (;;) {
        fromlen = sizeof from;
        n = recvfrom(sock, buf, sizeof buf, 0,
                     (struct sockaddr *)&from, &fromlen);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            errexit("recvfrom: %s\n", strerror(errno));
        }
        report(buf, (size_t)n, &from);
        if (is_quit(buf, (size_t)n))
            break;
    }
    return 0;
}
