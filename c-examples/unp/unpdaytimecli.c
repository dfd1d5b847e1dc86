/*
 * unpdaytimecli.c -- a daytime client (RFC 867) over TCP, in the style of
 * UNIX Network Programming.
 *
 *   unpdaytimecli <hostname/IPaddress> <service/port#>
 *
 * Tcp_connect() resolves the host and the service and tries every address
 * until one connects (IPv4 or IPv6), so the program never mentions an
 * address family.  It then copies whatever the server sends to stdout
 * until the server closes the connection.
 *
 * Helpers: Tcp_connect, Read, Fputs, err_quit (from unp.h).
 */
#include "unp.h"

int
main(int argc, char **argv)
{
    int     sockfd;
    ssize_t n;
    char    recvline[MAXLINE + 1];

    if (argc != 3)
        err_quit("usage: unpdaytimecli <hostname/IPaddress> <service/port#>");

    sockfd = Tcp_connect(argv[1], argv[2]);

    while ((n = Read(sockfd, recvline, MAXLINE)) > 0) {
        recvline[n] = 0;        /* null terminate */
        Fputs(recvline, stdout);
    }
    exit(0);
}
