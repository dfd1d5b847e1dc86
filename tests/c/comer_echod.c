/*
 * comer_echod.c -- test server in the Comer & Stevens style: passiveTCP on
 * SERVICE (a name or a number), then echoes COUNT clients one after the
 * other.  Prints "ready" on stderr once listening.
 *
 *   comer_echod SERVICE COUNT
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int passiveTCP(const char *service, int qlen);
int errexit(const char *format, ...);

int main(int argc, char **argv)
{
    char buf[4096];
    ssize_t n;

    if (argc != 3)
        errexit("usage: %s service count\n", argv[0]);
    int s = passiveTCP(argv[1], 5);
    int count = atoi(argv[2]);
    fprintf(stderr, "ready\n");
    while (count-- > 0) {
        int c = accept(s, NULL, NULL);
        if (c < 0)
            errexit("accept failed\n");
        while ((n = read(c, buf, sizeof buf)) > 0)
            if (write(c, buf, (size_t)n) != n)
                errexit("write failed\n");
        close(c);
    }
    return 0;
}
