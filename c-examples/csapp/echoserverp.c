/*
 * echoserverp.c -- process-based line echo server, CS:APP style.
 *
 *   echoserverp <port>
 *
 * Forks one child per client.  The child echoes the client's lines and
 * exits; the parent closes its copy of the connection and goes back to
 * Accept.  A SIGCHLD handler reaps every child that has finished (Signal
 * restarts the interrupted Accept).
 */
#include "csapp.h"

static void echo(int connfd)
{
    ssize_t n;
    char buf[MAXLINE];
    rio_t rio;

    Rio_readinitb(&rio, connfd);
    while ((n = Rio_readlineb(&rio, buf, MAXLINE)) != 0)
        Rio_writen(connfd, buf, n);
}

/* Reaps all finished children; one SIGCHLD may stand for several. */
static void reap_children(int sig)
{
    int saved_errno = errno;

    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = saved_errno;
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    socklen_t clientlen;
    struct sockaddr_storage clientaddr;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <port>\n", argv[0]);
        exit(0);
    }
    Signal(SIGCHLD, reap_children);
    listenfd = Open_listenfd(argv[1]);
    while (1) {
        clientlen = sizeof(clientaddr);
        connfd = Accept(listenfd, (SA *)&clientaddr, &clientlen);
        if (Fork() == 0) {
            Close(listenfd);
            echo(connfd);
            Close(connfd);
            exit(0);
        }
        Close(connfd);
    }
}
