/*
 * unpechoselect.c -- a TCP echo server in one process and one thread, using
 * select() to serve every client at once, in the style of UNIX Network
 * Programming.
 *
 *   unpechoselect <service or port#>
 *
 * The server keeps the set of descriptors it watches (the listening socket
 * and every connected client) and the highest of them.  When select() says
 * the listening socket is readable, a new client is accepted and added;
 * when a client is readable, one read() of up to MAXLINE bytes is echoed
 * back with Writen(); when it reads end-of-file the client is closed and
 * forgotten.  The server prints nothing and runs until killed.  Clients
 * beyond FD_SETSIZE descriptors are refused (closed at once).
 *
 * Helpers: Tcp_listen, Select, Accept, Read, Writen, Close (from unp.h).
 */
#include "unp.h"

int
main(int argc, char **argv)
{
    int     i, maxfd, listenfd, connfd;
    ssize_t n;
    fd_set  rset, allset;
    char    buf[MAXLINE];

    if (argc != 2)
        err_quit("usage: unpechoselect <service or port#>");

    listenfd = Tcp_listen(NULL, argv[1], NULL);

    FD_ZERO(&allset);
    FD_SET(listenfd, &allset);
    maxfd = listenfd;

    for ( ; ; ) {
        rset = allset;          /* select() overwrites its argument */
        Select(maxfd + 1, &rset, NULL, NULL, NULL);

        if (FD_ISSET(listenfd, &rset)) {        /* a new client */
            connfd = Accept(listenfd, NULL, NULL);
            if (connfd >= FD_SETSIZE) {
                Close(connfd);                  /* cannot watch it */
            } else {
                FD_SET(connfd, &allset);
                maxfd = max(maxfd, connfd);
            }
        }

        for (i = 0; i <= maxfd; i++) {          /* every readable client */
            if (i == listenfd || !FD_ISSET(i, &rset))
                continue;
            if ((n = Read(i, buf, MAXLINE)) == 0) {
                Close(i);                       /* the client closed */
                FD_CLR(i, &allset);
            } else {
                Writen(i, buf, n);
            }
        }
    }
}
