/*
 * override.c -- test: a 2nd-edition program that keeps its own
 * DieWithUserMessage, DieWithSystemMessage and HandleTCPClient (in a file
 * that includes Practical.h).  It must link against the static and the
 * shared library, and the library must call these definitions too.
 *
 *   override server SERVICE   SetupTCPServerSocket(SERVICE) fails -> our DieWithUserMessage (exit 3)
 *   override client SERVICE   SetupTCPClientSocket(127.0.0.1, SERVICE) fails -> ours (exit 3)
 *   override accept FD        AcceptTCPConnection(FD) fails -> our DieWithSystemMessage (exit 4)
 *   override handle           HandleTCPClient(-1): ours prints and returns
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "Practical.h"

void DieWithUserMessage(const char *msg, const char *detail)
{
    fprintf(stderr, "program DieWithUserMessage: %s: %s\n", msg, detail);
    exit(3);
}

void DieWithSystemMessage(const char *msg)
{
    fprintf(stderr, "program DieWithSystemMessage: %s: %s\n", msg, strerror(errno));
    exit(4);
}

void HandleTCPClient(int clntSocket)
{
    printf("program HandleTCPClient %d\n", clntSocket);
}

int main(int argc, char *argv[])
{
    if (argc == 3 && strcmp(argv[1], "server") == 0)
        SetupTCPServerSocket(argv[2]);
    else if (argc == 3 && strcmp(argv[1], "client") == 0)
        SetupTCPClientSocket("127.0.0.1", argv[2]);
    else if (argc == 3 && strcmp(argv[1], "accept") == 0)
        AcceptTCPConnection(atoi(argv[2]));
    else if (argc == 2 && strcmp(argv[1], "handle") == 0)
        HandleTCPClient(-1);
    else
        return 2;
    return 0;
}
