/*
 * client.c -- test client: connectTCP or connectUDP to HOST SERVICE, send
 * MESSAGE, print what comes back.
 *
 *   client tcp|udp HOST SERVICE MESSAGE
 *
 * TCP: sends, shuts down its sending side, prints everything until EOF.
 * UDP: sends one datagram, prints the one datagram that comes back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int connectTCP(const char *host, const char *service);
int connectUDP(const char *host, const char *service);
int errexit(const char *format, ...);

int main(int argc, char **argv)
{
    char buf[65536];
    ssize_t n;

    if (argc != 5)
        errexit("usage: %s tcp|udp host service message\n", argv[0]);
    int udp = strcmp(argv[1], "udp") == 0;
    int s = udp ? connectUDP(argv[2], argv[3]) : connectTCP(argv[2], argv[3]);
    size_t len = strlen(argv[4]);
    if (write(s, argv[4], len) != (ssize_t)len)
        errexit("write failed\n");
    if (udp) {
        n = read(s, buf, sizeof buf);
        if (n < 0)
            errexit("read failed\n");
        fwrite(buf, 1, (size_t)n, stdout);
        return 0;
    }
    shutdown(s, SHUT_WR);
    while ((n = read(s, buf, sizeof buf)) > 0)
        fwrite(buf, 1, (size_t)n, stdout);
    return n < 0;
}
