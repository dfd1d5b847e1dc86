/*
 * UDPecho.c - an ECHO client (RFC 862) over UDP.  Sends each line of stdin
 * as one datagram and prints the reply datagram; exits 0 at the end of the
 * input.  (UDP keeps message boundaries, so one read() gets one whole
 * reply; but a lost datagram leaves read() waiting forever.)
 *
 * usage: UDPecho [host [port]]        (defaults: localhost, echo = 7)
 *   e.g. ./UDPEchoServer 10007 &  printf 'hello\n' | ./UDPecho localhost 10007
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int connectUDP(const char *host, const char *service);
int errexit(const char *format, ...);

#define LINELEN 4096

int main(int argc, char *argv[])
{
    const char *host = "localhost";
    const char *service = "echo";
    char line[LINELEN + 1], reply[LINELEN + 1];
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
    while (fgets(line, sizeof line, stdin) != NULL) {
        if (write(sock, line, strlen(line)) < 0)
            errexit("socket write failed: %s\n", strerror(errno));
        if ((n = read(sock, reply, sizeof reply)) < 0)
            errexit("socket read failed: %s\n", strerror(errno));
        fwrite(reply, 1, (size_t)n, stdout);
    }
    close(sock);
    return 0;
}
