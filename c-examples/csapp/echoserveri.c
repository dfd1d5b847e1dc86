/*
 * echoserveri.c -- iterative line echo server, CS:APP style.
 *
 *   echoserveri <port>
 *
 * Serves one client at a time: reads its lines with Rio and writes each
 * one back, until the client closes.  Prints who connected and how many
 * bytes it echoed.
 */
#include "csapp.h"

/* Writes back every line read from connfd until end of file. */
static size_t echo(int connfd)
{
    size_t total = 0;
    ssize_t n;
    char buf[MAXLINE];
    rio_t rio;

    Rio_readinitb(&rio, connfd);
    while ((n = Rio_readlineb(&rio, buf, MAXLINE)) != 0) {
        Rio_writen(connfd, buf, n);
        total += n;
    }
    return total;
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    socklen_t clientlen;
    struct sockaddr_storage clientaddr;
    char host[MAXLINE], port[MAXLINE];

    if (argc != 2) {
        fprintf(stderr, "usage: %s <port>\n", argv[0]);
        exit(0);
    }
    listenfd = Open_listenfd(argv[1]);
    while (1) {
        clientlen = sizeof(clientaddr);
        connfd = Accept(listenfd, (SA *)&clientaddr, &clientlen);
        Getnameinfo((SA *)&clientaddr, clientlen, host, MAXLINE, port, MAXLINE,
                    NI_NUMERICHOST | NI_NUMERICSERV);
        printf("connected: %s port %s\n", host, port);
        printf("echoed %zu bytes\n", echo(connfd));
        fflush(stdout);
        Close(connfd);
    }
}
