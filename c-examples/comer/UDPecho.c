/*
 * UDPecho.c - a client for the ECHO service (RFC 862) over UDP.
 *
 * What it does
 *   Reads standard input line by line and sends each line as one
 *   datagram (including its '\n').  It then reads one reply datagram and
 *   writes its content to standard output.  At end of input it exits
 *   with status 0.
 *
 *   Unlike TCP, UDP keeps message boundaries: one write() is one
 *   datagram, and one read() returns one whole datagram.  So a single
 *   read per line is enough here.  But UDP is unreliable: if the request
 *   or the reply is lost, read() waits forever.
 *
 * How to run it
 *   UDPecho [host [port]]
 *     host  defaults to "localhost"
 *     port  a service name or a number, defaults to "echo" (7)
 *
 *   Example:
 *     ./UDPEchoServer 10007 &        (from ../donahoo)
 *     printf 'hello\nworld\n' | ./UDPecho localhost 10007
 *
 * Helpers used
 *   connectUDP(), errexit()
 *
 * Build
 *   gcc -Wall -Wextra -Werror UDPecho.c -o UDPecho -lsockshim
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int connectUDP(const char *host, const char *service);
int errexit(const char *format, ...);

#define LINELEN 4096

/* send_line - send one line as exactly one datagram. */
static void send_line(int sock, const char *line, size_t len)
{
    ssize_t n;

    do {
        n = write(sock, line, len);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        errexit("socket write failed: %s\n", strerror(errno));
}

/* receive_reply - read one datagram and copy it to stdout. */
static void receive_reply(int sock)
{
    char reply[LINELEN + 1];
    ssize_t n;

    do {
        n = read(sock, reply, sizeof reply);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        errexit("socket read failed: %s\n", strerror(errno));
    fwrite(reply, 1, (size_t)n, stdout);
    fflush(stdout);
}

int main(int argc, char *argv[])
{
    const char *host = "localhost";
    const char *service = "echo";
    char line[LINELEN + 1];
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
    while (fgets(line, sizeof line, stdin) != NULL) {
        send_line(sock, line, strlen(line));
        receive_reply(sock);
    }
    close(sock);
    return 0;
}
