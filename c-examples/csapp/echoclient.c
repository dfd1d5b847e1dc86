/*
 * echoclient.c -- line echo client, CS:APP style.
 *
 *   echoclient <host> <port>
 *
 * Sends each line read from stdin to the echo server at host:port, reads
 * the echoed line back with Rio and prints it on stdout.  Stops at end of
 * input.
 */
#include "csapp.h"

int main(int argc, char **argv)
{
    int clientfd;
    char buf[MAXLINE];
    rio_t rio;

    if (argc != 3) {
        fprintf(stderr, "usage: %s <host> <port>\n", argv[0]);
        exit(0);
    }
    clientfd = Open_clientfd(argv[1], argv[2]);
    Rio_readinitb(&rio, clientfd);

    while (Fgets(buf, MAXLINE, stdin) != NULL) {
        Rio_writen(clientfd, buf, strlen(buf));
        if (Rio_readlineb(&rio, buf, MAXLINE) == 0)
            app_error("server closed the connection");
        Fputs(buf, stdout);
    }
    Close(clientfd);
    exit(0);
}
