/*
 * override_print.c -- test: a 2nd-edition program with its own
 * PrintSocketAddress (in a file that includes Practical.h).  The library's
 * SetupTCPServerSocket and AcceptTCPConnection must print through it.
 *
 *   override_print SERVICE    serves one client: "Binding to ..." and
 *                             "Handling client ..." in the program's format
 */
#include <netinet/in.h>
#include <stdlib.h>

#include "Practical.h"

void PrintSocketAddress(const struct sockaddr *address, FILE *stream)
{
    const struct sockaddr_in *in = (const struct sockaddr_in *)address;
    fprintf(stream, "<program: family %d port %d>", address->sa_family, ntohs(in->sin_port));
}

int main(int argc, char *argv[])
{
    if (argc != 2)
        return 2;
    int servSock = SetupTCPServerSocket(argv[1]);
    if (servSock < 0)
        DieWithUserMessage("SetupTCPServerSocket() failed", argv[1]);
    fprintf(stderr, "ready\n");
    HandleTCPClient(AcceptTCPConnection(servSock));
    return 0;
}
