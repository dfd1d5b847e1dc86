/*
 * unpechocli.c -- a TCP echo client, in the style of UNIX Network
 * Programming.
 *
 *   unpechocli <hostname/IPaddress> <service/port#>
 *
 * Connects with Tcp_connect(), then lets str_cli() do the work: each line
 * read from stdin is sent to the server, and the line the server sends back
 * is printed on stdout.  At the end of stdin the program exits with status 0.
 * If the server goes away first, str_cli() says
 * "str_cli: server terminated prematurely" and exits with status 1.
 *
 * Helpers: Tcp_connect, str_cli, err_quit (from unp.h).
 */
#include "unp.h"

int
main(int argc, char **argv)
{
    int     sockfd;

    if (argc != 3)
        err_quit("usage: unpechocli <hostname/IPaddress> <service/port#>");

    sockfd = Tcp_connect(argv[1], argv[2]);

    str_cli(stdin, sockfd);     /* does it all */

    exit(0);
}
