/*
 * csapp_override.c -- test: a CS:APP program that keeps its own unix_error,
 * Rio_writen, rio_readlineb and Signal (defined here, in a file that
 * includes csapp.h).  It must link with the static and the shared library,
 * and the library's own calls must reach these definitions.
 *
 *   csapp_override connect PORT         Open_clientfd fails -> our unix_error (exit 3)
 *   csapp_override connect-return PORT  ... our unix_error returns: -1 comes back
 *   csapp_override name-return          name failure, our unix_error returns: -2
 *   csapp_override readn                Rio_readn(-1) fails -> our unix_error (exit 3)
 *   csapp_override writen               our Rio_writen writes "abc\n"
 *   csapp_override readline             the library's Rio_readlineb calls our rio_readlineb
 *   csapp_override signal               our Signal installs the handler
 *   csapp_override posix                Pthread_join fails -> the library's posix_error
 */
#include "csapp.h"

static int error_returns;

void unix_error(char *msg)
{
    fprintf(stderr, "program unix_error: %s\n", msg);
    if (error_returns)
        return;
    exit(3);
}

void Rio_writen(int fd, void *usrbuf, size_t n)
{
    fprintf(stderr, "program Rio_writen %zu\n", n);
    if (rio_writen(fd, usrbuf, n) != (ssize_t)n)
        exit(4);
}

ssize_t rio_readlineb(rio_t *rp, void *usrbuf, size_t maxlen)
{
    (void)rp;
    snprintf(usrbuf, maxlen, "from the program's rio_readlineb\n");
    return (ssize_t)strlen(usrbuf);
}

handler_t *Signal(int signum, handler_t *handler)
{
    struct sigaction action, old;

    fprintf(stderr, "program Signal %d\n", signum);
    memset(&action, 0, sizeof(action));
    action.sa_handler = handler;
    sigaction(signum, &action, &old);
    return old.sa_handler;
}

static void ignore(int sig)
{
    (void)sig;
}

int main(int argc, char **argv)
{
    char buf[MAXLINE];
    struct sigaction now;
    rio_t rio;
    int rc;

    if (argc == 3 && strcmp(argv[1], "connect") == 0) {
        Open_clientfd("127.0.0.1", argv[2]);
    } else if (argc == 3 && strcmp(argv[1], "connect-return") == 0) {
        error_returns = 1;
        rc = Open_clientfd("127.0.0.1", argv[2]);
        printf("Open_clientfd returned %d\n", rc);
    } else if (argc == 2 && strcmp(argv[1], "name-return") == 0) {
        error_returns = 1;
        rc = Open_clientfd("nosuchhost.invalid", "9");
        printf("Open_clientfd returned %d\n", rc);
    } else if (argc == 2 && strcmp(argv[1], "readn") == 0) {
        Rio_readn(-1, buf, 1);
    } else if (argc == 2 && strcmp(argv[1], "writen") == 0) {
        Rio_writen(1, "abc\n", 4);
    } else if (argc == 2 && strcmp(argv[1], "readline") == 0) {
        Rio_readinitb(&rio, 0);
        printf("%zd %s", Rio_readlineb(&rio, buf, MAXLINE), buf);
    } else if (argc == 2 && strcmp(argv[1], "signal") == 0) {
        Signal(SIGUSR1, ignore);
        sigaction(SIGUSR1, NULL, &now);
        printf("handler=%d restart=%d\n", now.sa_handler == ignore,
               (now.sa_flags & SA_RESTART) != 0);
    } else if (argc == 2 && strcmp(argv[1], "posix") == 0) {
        Pthread_join(pthread_self(), NULL);
    } else {
        fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
        return 2;
    }
    return 0;
}
