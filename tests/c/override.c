/*
 * override.c -- test: a program that keeps its own errexit, DieWithError,
 * HandleTCPClient and portbase.  It must link against the static and the
 * shared library, and the library must call these definitions.
 *
 *   override dwe PORT        CreateTCPServerSocket(PORT) fails -> our DieWithError (exit 3)
 *   override errexit SERVICE connectTCP(127.0.0.1, SERVICE) fails -> our errexit (exit 4)
 *   override portbase BASE   passiveTCP("echo") with our portbase = BASE; prints the port
 *   override handle          calls HandleTCPClient(-1): ours prints and returns
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int connectTCP(const char *host, const char *service);
int passiveTCP(const char *service, int qlen);
int CreateTCPServerSocket(unsigned short port);

unsigned short portbase = 0;

int errexit(const char *format, ...)
{
    va_list args;
    fputs("program errexit: ", stderr);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    exit(4);
}

void DieWithError(char *errorMessage)
{
    fprintf(stderr, "program DieWithError: %s: %s\n", errorMessage, strerror(errno));
    exit(3);
}

void HandleTCPClient(int clntSocket)
{
    printf("program HandleTCPClient %d\n", clntSocket);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "dwe") == 0) {
        CreateTCPServerSocket((unsigned short)atoi(argv[2]));
    } else if (argc == 3 && strcmp(argv[1], "errexit") == 0) {
        connectTCP("127.0.0.1", argv[2]);
    } else if (argc == 3 && strcmp(argv[1], "portbase") == 0) {
        struct sockaddr_in addr;
        socklen_t len = sizeof addr;
        portbase = (unsigned short)atoi(argv[2]);
        int s = passiveTCP("echo", 5);
        getsockname(s, (struct sockaddr *)&addr, &len);
        printf("port=%d\n", ntohs(addr.sin_port));
    } else if (argc == 2 && strcmp(argv[1], "handle") == 0) {
        HandleTCPClient(-1);
    } else {
        return 2;
    }
    return 0;
}
