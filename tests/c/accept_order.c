/*
 * accept_order.c -- test: the library's "Handling client" line must come
 * after the program's own earlier, still unflushed printf output, as it did
 * when both used the same stdout stream.
 *
 *   accept_order PORT
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int CreateTCPServerSocket(unsigned short port);
int AcceptTCPConnection(int servSock);

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    printf("before accept\n"); /* stays in the stdio buffer on a pipe */
    int servSock = CreateTCPServerSocket((unsigned short)atoi(argv[1]));
    fprintf(stderr, "ready\n");
    int clntSock = AcceptTCPConnection(servSock);
    printf("after accept\n");
    close(clntSock);
    return 0;
}
