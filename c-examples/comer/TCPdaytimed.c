/*
 * TCPdaytimed.c - an iterative DAYTIME server (RFC 867) over TCP.  Writes
 * the current time, as ctime() formats it, to each client and closes the
 * connection; one client at a time.
 *
 * usage: TCPdaytimed [port]      (default daytime = 13; without root: 10013)
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int passiveTCP(const char *service, int qlen);
int errexit(const char *format, ...);

#define QLEN 32     /* maximum length of the queue of pending connections */

int main(int argc, char *argv[])
{
    const char *service = "daytime";
    struct sockaddr_in fsin;    /* the address of a client */
    socklen_t alen;
    int msock, ssock;
    const char *text;
    time_t now;

    switch (argc) {
    case 2:
        service = argv[1];
        /* fall through */
    case 1:
        break;
    default:
        errexit("usage: %s [port]\n", argv[0]);
    }

    msock = passiveTCP(service, QLEN);
    for (;;) {
        alen = sizeof fsin;
        ssock = accept(msock, (struct sockaddr *)&fsin, &alen);
        if (ssock < 0)
            errexit("accept failed: %s\n", strerror(errno));
        now = time(NULL);
        text = ctime(&now);             /* ends with "\n" */
        if (write(ssock, text, strlen(text)) < 0)
            fprintf(stderr, "write to client failed: %s\n", strerror(errno));
        close(ssock);
    }
}
