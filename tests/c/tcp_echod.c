/*
 * tcp_echod.c -- test server in the Donahoo & Calvert style: an iterative
 * echo server for COUNT clients on PORT.  Prints "ready" on stderr once
 * listening; the library prints "Handling client ..." on stdout.
 *
 *   tcp_echod PORT COUNT
 */
#include <stdio.h>
#include <stdlib.h>

void DieWithError(char *errorMessage);
int CreateTCPServerSocket(unsigned short port);
int AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s port count\n", argv[0]);
        return 2;
    }
    int servSock = CreateTCPServerSocket((unsigned short)atoi(argv[1]));
    int count = atoi(argv[2]);
    fprintf(stderr, "ready\n");
    while (count-- > 0)
        HandleTCPClient(AcceptTCPConnection(servSock));
    return 0;
}
