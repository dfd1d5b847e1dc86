/*
 * csapp2.c -- test driver: a 2nd-edition CS:APP program (int ports),
 * built against csapp.h with CSAPP_EDITION 2.
 *
 *   csapp2 echo PORT              server and client in one process, one line
 *   csapp2 open_clientfd HOST PORT    prints the result, errno or h_errno
 *   csapp2 Open_clientfd HOST PORT    ("Open_clientfd Unix/DNS error: ...")
 *   csapp2 open_listenfd PORT | Open_listenfd PORT
 *   csapp2 dns_error | Gethostbyname-fail
 */
#define CSAPP_EDITION 2
#include "csapp.h"

int main(int argc, char **argv)
{
    char line[MAXLINE];
    rio_t rio;
    int fd;

    if (argc == 3 && strcmp(argv[1], "echo") == 0) {
        int listenfd = Open_listenfd(atoi(argv[2]));
        int clientfd = Open_clientfd("localhost", atoi(argv[2]));
        int connfd = Accept(listenfd, NULL, NULL);

        Rio_writen(clientfd, "second edition\n", 15);
        Rio_readinitb(&rio, connfd);
        Rio_readlineb(&rio, line, MAXLINE);
        printf("2e echo %s", line);
    } else if (argc == 4 && strcmp(argv[1], "open_clientfd") == 0) {
        errno = 0;
        fd = open_clientfd(argv[2], atoi(argv[3]));
        if (fd == -2)
            printf("open_clientfd -2 h_errno=%d\n", h_errno);
        else if (fd < 0)
            printf("open_clientfd %d errno=%s\n", fd, strerror(errno));
        else
            printf("open_clientfd ok\n");
    } else if (argc == 4 && strcmp(argv[1], "Open_clientfd") == 0) {
        Open_clientfd(argv[2], atoi(argv[3]));
        printf("Open_clientfd ok\n");
    } else if (argc == 3 && strcmp(argv[1], "open_listenfd") == 0) {
        fd = open_listenfd(atoi(argv[2]));
        if (fd < 0)
            printf("open_listenfd %d errno=%s\n", fd, strerror(errno));
        else
            printf("open_listenfd ok\n");
    } else if (argc == 3 && strcmp(argv[1], "Open_listenfd") == 0) {
        Open_listenfd(atoi(argv[2]));
        printf("Open_listenfd ok\n");
    } else if (argc == 2 && strcmp(argv[1], "dns_error") == 0) {
        h_errno = TRY_AGAIN;
        dns_error("dns_error test");
        printf("returned\n");
    } else if (argc == 2 && strcmp(argv[1], "Gethostbyname-fail") == 0) {
        Gethostbyname("nosuchhost.invalid");
        printf("returned\n");
    } else {
        fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
        return 2;
    }
    return 0;
}
