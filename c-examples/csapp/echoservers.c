/*
 * echoservers.c -- I/O-multiplexing line echo server, CS:APP style.
 *
 *   echoservers <port>
 *
 * One process, one thread: Select waits until the listening socket or a
 * client has something to read.  Each client has its own rio_t; every
 * complete line already in that buffer is echoed before going back to
 * Select, which cannot see bytes that Rio has already read.
 */
#include "csapp.h"

static int clientfd[FD_SETSIZE]; /* -1: free slot */
static rio_t clientrio[FD_SETSIZE];

/* Echoes what client i sent; closes it at end of file. */
static void serve_client(int i)
{
    ssize_t n;
    char buf[MAXLINE];

    do {
        if ((n = Rio_readlineb(&clientrio[i], buf, MAXLINE)) == 0) {
            Close(clientfd[i]);
            clientfd[i] = -1;
            return;
        }
        Rio_writen(clientfd[i], buf, n);
    } while (clientrio[i].rio_cnt > 0);
}

int main(int argc, char **argv)
{
    int listenfd, connfd, maxfd, i, nready;
    fd_set readset, ready;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <port>\n", argv[0]);
        exit(0);
    }
    listenfd = Open_listenfd(argv[1]);
    for (i = 0; i < FD_SETSIZE; i++)
        clientfd[i] = -1;
    FD_ZERO(&readset);
    FD_SET(listenfd, &readset);
    maxfd = listenfd;

    while (1) {
        ready = readset;
        nready = Select(maxfd + 1, &ready, NULL, NULL, NULL);
        if (FD_ISSET(listenfd, &ready)) {
            connfd = Accept(listenfd, NULL, NULL);
            if (connfd >= FD_SETSIZE)
                app_error("too many clients");
            clientfd[connfd] = connfd;
            Rio_readinitb(&clientrio[connfd], connfd);
            FD_SET(connfd, &readset);
            if (connfd > maxfd)
                maxfd = connfd;
            nready--;
        }
        for (i = 0; i <= maxfd && nready > 0; i++) {
            if (clientfd[i] < 0 || !FD_ISSET(i, &ready))
                continue;
            nready--;
            serve_client(i);
            if (clientfd[i] < 0)
                FD_CLR(i, &readset);
        }
    }
}
