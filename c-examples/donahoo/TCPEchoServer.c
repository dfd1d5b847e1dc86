/*
 * TCPEchoServer.c - an iterative TCP echo server.
 *
 * What it does
 *   Serves one client at a time, forever: accept a connection (the helper
 *   prints "Handling client <IP>" on stdout), echo everything the client
 *   sends until it closes, then accept the next one.  While one client
 *   is being served, the others wait in the listen queue.
 *
 *   The whole server is three helper calls; the helpers hide socket(),
 *   bind(), listen(), accept() and the recv()/send() loop.
 *
 * How to run it
 *   TCPEchoServer <Server Port>
 *
 *   It runs until killed (Ctrl-C, or kill <pid>).
 *   Test it with:  ./TCPEchoClient 127.0.0.1 hello <Server Port>
 *
 * Helpers used
 *   CreateTCPServerSocket() - TCP socket bound to the port, listening
 *   AcceptTCPConnection()   - accept, print "Handling client <IP>"
 *   HandleTCPClient()       - echo until the client closes, then close
 *   DieWithError()          - (called by the helpers on failure)
 *
 * Build
 *   gcc -Wall -Wextra -Werror TCPEchoServer.c -o TCPEchoServer -lsockshim
 */

#include <stdio.h>
#include <stdlib.h>

void DieWithError(char *errorMessage);
int  CreateTCPServerSocket(unsigned short port);
int  AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

/* parse_port - a port number 1..65535 from text, or exit with a message. */
static unsigned short parse_port(const char *text)
{
    char *end;
    long port = strtol(text, &end, 10);

    if (end == text || *end != '\0' || port < 1 || port > 65535) {
        fprintf(stderr, "Invalid port: %s\n", text);
        exit(1);
    }
    return (unsigned short)port;
}

int main(int argc, char *argv[])
{
    int servSock;

    if (argc != 2) {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    servSock = CreateTCPServerSocket(parse_port(argv[1]));
    for (;;)
        HandleTCPClient(AcceptTCPConnection(servSock));
    /* not reached */
}
