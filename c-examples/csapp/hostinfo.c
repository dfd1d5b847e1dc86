/*
 * hostinfo.c -- lists the addresses of a host name, CS:APP style.
 *
 *   hostinfo <host name>
 *
 * Asks getaddrinfo for the stream-socket addresses of the name (IPv4 and
 * IPv6) and prints each one in numeric form with Getnameinfo, one a line.
 */
#include "csapp.h"

int main(int argc, char **argv)
{
    struct addrinfo hints, *list, *p;
    char text[MAXLINE];
    int rc;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <host name>\n", argv[0]);
        exit(0);
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if ((rc = getaddrinfo(argv[1], NULL, &hints, &list)) != 0) {
        fprintf(stderr, "%s: %s\n", argv[1], gai_strerror(rc));
        exit(0);
    }
    for (p = list; p != NULL; p = p->ai_next) {
        Getnameinfo(p->ai_addr, p->ai_addrlen, text, MAXLINE, NULL, 0, NI_NUMERICHOST);
        printf("%s\n", text);
    }
    Freeaddrinfo(list);
    exit(0);
}
