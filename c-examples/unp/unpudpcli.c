/*
 * unpudpcli.c -- a UDP echo client, in the style of UNIX Network
 * Programming.
 *
 *   unpudpcli <hostname/IPaddress> <service/port#>
 *
 * Udp_client() creates a datagram socket for the server's address family
 * and hands back a copy of the server's address.  dg_cli() then sends each
 * line of stdin to that address as one datagram and prints the datagram
 * that comes back.  It exits with status 0 at the end of stdin.  (There is
 * no timeout: a lost datagram makes it wait forever, as in the book.)
 *
 * Helpers: Udp_client, dg_cli, err_quit (from unp.h).
 */
#include "unp.h"

int
main(int argc, char **argv)
{
    int         sockfd;
    socklen_t   salen;
    SA         *sa;

    if (argc != 3)
        err_quit("usage: unpudpcli <hostname/IPaddress> <service/port#>");

    sockfd = Udp_client(argv[1], argv[2], (SA **) &sa, &salen);

    dg_cli(stdin, sockfd, sa, salen);

    exit(0);
}
