/*
 * override_b.c -- test: a UNP program that keeps its own readline,
 * str_cli, dg_cli and str_echo, in a file that includes unp.h.  It must
 * link with the shared and the static library (which it also uses for
 * Tcp_listen, Accept, Socketpair, ...), and the library's Readline must
 * call this readline.
 *
 *   override_b Readline   library Readline -> our readline (prints its marker)
 *   override_b own        our str_cli, dg_cli, str_echo
 */
#include "unp.h"

/* One byte at a time, and a marker in front of the line. */
ssize_t readline(int fd, void *vptr, size_t maxlen)
{
    char *p = vptr, c;
    size_t n = 0;

    n = (size_t) snprintf(p, maxlen, "[program readline] ");
    while (n + 1 < maxlen && read(fd, &c, 1) == 1) {
        p[n++] = c;
        if (c == '\n')
            break;
    }
    p[n] = '\0';
    return (ssize_t) n;
}

void str_cli(FILE *fp, int sockfd)
{
    (void) fp;
    printf("program str_cli %d\n", sockfd);
}

void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    (void) fp, (void) pservaddr;
    printf("program dg_cli %d %d\n", sockfd, (int) servlen);
}

void str_echo(int sockfd)
{
    printf("program str_echo %d\n", sockfd);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    char line[MAXLINE];
    int sv[2];

    if (strcmp(what, "Readline") == 0) {
        Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        Writen(sv[1], "abc\n", 4);
        printf("%d %s", (int) Readline(sv[0], line, sizeof line), line);
    } else if (strcmp(what, "own") == 0) {
        str_cli(stdin, 5);
        dg_cli(stdin, 6, NULL, 16);
        str_echo(7);
        Close(Tcp_listen("127.0.0.1", "0", NULL));
    } else {
        return 2;
    }
    return 0;
}
