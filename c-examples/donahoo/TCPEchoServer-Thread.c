/*
 * TCPEchoServer-Thread.c - a TCP echo server with one thread per client.
 * The main thread accepts (printing "Handling client <IP>") and starts a
 * detached thread that echoes with HandleTCPClient() and ends.  The client
 * socket travels in a malloc()ed struct: the address of a local variable
 * could be overwritten by the next accept() before the thread reads it.
 *
 * usage: TCPEchoServer-Thread <Server Port>
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

void DieWithError(char *errorMessage);
int  CreateTCPServerSocket(unsigned short port);
int  AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

struct ThreadArgs {
    int clntSock;
};

static void *ThreadMain(void *arg)
{
    int clntSock = ((struct ThreadArgs *)arg)->clntSock;

    pthread_detach(pthread_self()); /* nobody joins: freed when it ends */
    free(arg);
    HandleTCPClient(clntSock);
    return NULL;
}

int main(int argc, char *argv[])
{
    struct ThreadArgs *args;
    pthread_t threadID;
    int servSock;

    if (argc != 2) {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    servSock = CreateTCPServerSocket(atoi(argv[1]));
    for (;;) {
        if ((args = malloc(sizeof *args)) == NULL)
            DieWithError("malloc() failed");
        args->clntSock = AcceptTCPConnection(servSock);
        /* pthread_create() returns its error number instead of setting errno */
        if ((errno = pthread_create(&threadID, NULL, ThreadMain, args)) != 0)
            DieWithError("pthread_create() failed");
    }
}
