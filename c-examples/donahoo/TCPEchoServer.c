/*
 * TCPEchoServer.c - an iterative TCP echo server: one client at a time,
 * forever.  The whole server is three helper calls, which hide socket(),
 * bind(), listen(), accept() and the recv()/send() loop;
 * AcceptTCPConnection() prints "Handling client <IP>" for each client.
 *
 * usage: TCPEchoServer <Server Port>
 *   e.g. ./TCPEchoServer 5000 &  ./TCPEchoClient 127.0.0.1 hello 5000
 */

#include <stdlib.h>
#include <stdio.h>

void DieWithError(char *errorMessage);
int  CreateTCPServerSocket(unsigned short port);
int  AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

int main(int argc, char *argv[])
{
    int servSock;

    if (argc != 2) {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    servSock = CreateTCPServerSocket(atoi(argv[1]));
    for (;;)
        HandleTCPClient(AcceptTCPConnection(servSock));
    /* not reached */
}
