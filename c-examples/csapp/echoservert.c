/*
 * echoservert.c -- thread-based line echo server, CS:APP style.
 *
 *   echoservert <port>
 *
 * Starts one detached thread per client.  The connected descriptor is
 * passed in its own Malloc'ed int, so that the next Accept cannot change
 * it before the thread has read it.
 */
#include "csapp.h"

static void *serve(void *vargp)
{
    int connfd = *(int *)vargp;
    ssize_t n;
    char buf[MAXLINE];
    rio_t rio;

    Pthread_detach(pthread_self());
    Free(vargp);
    Rio_readinitb(&rio, connfd);
    while ((n = Rio_readlineb(&rio, buf, MAXLINE)) != 0)
        Rio_writen(connfd, buf, n);
    Close(connfd);
    return NULL;
}

int main(int argc, char **argv)
{
    int listenfd, *connfdp;
    pthread_t tid;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <port>\n", argv[0]);
        exit(0);
    }
    listenfd = Open_listenfd(argv[1]);
    while (1) {
        connfdp = Malloc(sizeof(int));
        *connfdp = Accept(listenfd, NULL, NULL);
        Pthread_create(&tid, NULL, serve, connfdp);
    }
}
