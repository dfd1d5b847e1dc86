/*
 * unpdaytimesrv.c -- an iterative daytime server (RFC 867) over TCP, in the
 * style of UNIX Network Programming.
 *
 *   unpdaytimesrv [ <host> ] <service or port#>
 *
 * Tcp_listen() creates the listening socket for the service (port numbers
 * above 1023 need no root), bound to the wildcard address or to <host>
 * when given ("::" gives an IPv6 socket that IPv4 clients can reach too).
 * Each client gets the current time as one ctime() line, and the
 * connection is closed.  The server prints nothing and runs until killed.
 *
 * Helpers: Tcp_listen, Accept, Write, Close, err_quit (from unp.h).
 */
#include "unp.h"

int
main(int argc, char **argv)
{
    int     listenfd, connfd;
    time_t  ticks;
    char    buff[MAXLINE];

    if (argc != 2 && argc != 3)
        err_quit("usage: unpdaytimesrv [ <host> ] <service or port#>");

    /* the host is optional: NULL means the wildcard address */
    listenfd = Tcp_listen(argc == 3 ? argv[1] : NULL, argv[argc - 1], NULL);

    for ( ; ; ) {
        connfd = Accept(listenfd, NULL, NULL);  /* we do not need its address */

        ticks = time(NULL);
        snprintf(buff, sizeof(buff), "%.24s\r\n", ctime(&ticks));
        Write(connfd, buff, strlen(buff));

        Close(connfd);
    }
}
