/*
 * TCPecho.c - an ECHO client (RFC 862) over TCP.  Sends each line of
 * stdin to the server, reads the same number of bytes back and prints
 * them; exits 0 at the end of the input.
 *
 * usage: TCPecho [host [port]]        (defaults: localhost, echo = 7)
 *   e.g. ./TCPechod 10007 &  printf 'hello\n' | ./TCPecho localhost 10007
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int connectTCP(const char *host, const char *service);
int errexit(const char *format, ...);

#define LINELEN 4096

int main(int argc, char *argv[])
{
    const char *host = "localhost";
    const char *service = "echo";
    char line[LINELEN + 1], reply[LINELEN + 1];
    size_t len, got;
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

    sock = connectTCP(host, service);
    while (fgets(line, sizeof line, stdin) != NULL) {
        len = strlen(line);
        if (write(sock, line, len) < 0)
            errexit("socket write failed: %s\n", strerror(errno));
        /* TCP is a byte stream: the echo may come back in several pieces. */
        for (got = 0; got < len; got += (size_t)n) {
            n = read(sock, reply + got, len - got);
            if (n < 0)
                errexit("socket read failed: %s\n", strerror(errno));
            if (n == 0)
                errexit("socket read failed: connection closed by server\n");
        }
        fwrite(reply, 1, len, stdout);
    }
    close(sock);
    return 0;
}
