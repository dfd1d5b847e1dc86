/*
 * TCPecho.c - a client for the ECHO service (RFC 862) over TCP.
 *
 * What it does
 *   Reads standard input line by line.  Each line is sent to the echo
 *   server; the client then reads back exactly as many bytes as it sent
 *   and writes them to standard output.  At end of input it closes the
 *   connection and exits with status 0.
 *
 *   Why "exactly as many bytes"?  TCP is a byte stream, not a message
 *   service: a single read() may return only part of the echoed line, so
 *   we loop until the whole line has come back.
 *
 * How to run it
 *   TCPecho [host [port]]
 *     host  defaults to "localhost"
 *     port  a service name or a number, defaults to "echo" (7)
 *
 *   Example:
 *     ./TCPechod 10007 &
 *     printf 'hello\nworld\n' | ./TCPecho localhost 10007
 *
 * Helpers used
 *   connectTCP(), errexit()
 *
 * Build
 *   gcc -Wall -Wextra -Werror TCPecho.c -o TCPecho -lsockshim
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int connectTCP(const char *host, const char *service);
int errexit(const char *format, ...);

#define LINELEN 4096

/* write_all - write all `len` bytes, even if write() sends fewer at once. */
static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            errexit("socket write failed: %s\n", strerror(errno));
        }
        buf += n;
        len -= (size_t)n;
    }
}

/* read_exactly - read exactly `len` bytes into `buf` (loop on short reads). */
static void read_exactly(int fd, char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = read(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            errexit("socket read failed: %s\n", strerror(errno));
        }
        if (n == 0)
            errexit("socket read failed: connection closed by server\n");
        buf += n;
        len -= (size_t)n;
    }
}

/* echo_lines - the main loop: send a line, get it back, print it. */
static void echo_lines(int sock)
{
    char line[LINELEN + 1];
    char reply[LINELEN + 1];

    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t len = strlen(line);

        write_all(sock, line, len);
        read_exactly(sock, reply, len);
        fwrite(reply, 1, len, stdout);
        fflush(stdout);                 /* show each line right away */
    }
}

int main(int argc, char *argv[])
{
    const char *host = "localhost";
    const char *service = "echo";
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
    echo_lines(sock);
    close(sock);
    return 0;
}
