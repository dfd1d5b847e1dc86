/*
 * unpudpsrv.c -- a UDP echo server, in the style of UNIX Network Programming.
 *
 *   unpudpsrv <service or port#>
 *
 * Udp_server() creates a datagram socket bound to the service on the
 * wildcard address and returns the size of its address, which is also big
 * enough for a client's address of that family.  dg_echo() then sends every
 * datagram back to whoever sent it, forever.  The server prints nothing.
 *
 * Helpers: Udp_server, Malloc, dg_echo, err_quit (from unp.h).
 */
#include "unp.h"

int
main(int argc, char **argv)
{
    int         sockfd;
    socklen_t   len;
    SA         *cliaddr;

    if (argc != 2)
        err_quit("usage: unpudpsrv <service or port#>");

    sockfd = Udp_server(NULL, argv[1], &len);
    cliaddr = Malloc(len);

    dg_echo(sockfd, cliaddr, len);      /* never returns */
    exit(0);
}
