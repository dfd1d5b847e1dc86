/*
 * TCPEchoServer-Thread.c - a TCP echo server with one thread per client.
 *
 * What it does
 *   The main thread accepts connections (the helper prints
 *   "Handling client <IP>" on stdout) and starts a new POSIX thread for
 *   each one.  The thread echoes with HandleTCPClient(), which closes the
 *   socket at the end, and then the thread ends.
 *
 *   The threads are detached: nobody waits for them with pthread_join(),
 *   and the system frees their resources as soon as they end.
 *
 *   The client socket is handed to the thread in a small malloc()ed
 *   structure.  Passing the address of a local variable instead would be
 *   a classic bug: the main thread overwrites it with the next accepted
 *   socket before the new thread may have read it.
 *
 * How to run it
 *   TCPEchoServer-Thread <Server Port>
 *
 *   It runs until killed (Ctrl-C, or kill <pid>).
 *
 * Helpers used
 *   CreateTCPServerSocket(), AcceptTCPConnection(), HandleTCPClient(),
 *   DieWithError()
 *
 * Build
 *   gcc -Wall -Wextra -Werror -pthread TCPEchoServer-Thread.c \
 *       -o TCPEchoServer-Thread -lsockshim
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void DieWithError(char *errorMessage);
int  CreateTCPServerSocket(unsigned short port);
int  AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

/* What a client thread needs to know. */
struct ThreadArgs {
    int clntSock;
};

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

/* ThreadMain - body of a client thread. */
static void *ThreadMain(void *arg)
{
    struct ThreadArgs *args = arg;
    int clntSock = args->clntSock;

    free(args);                     /* the thread owns its argument */
    HandleTCPClient(clntSock);
    return NULL;
}

/* start_client_thread - serve clntSock in a new detached thread. */
static void start_client_thread(const pthread_attr_t *attr, int clntSock)
{
    struct ThreadArgs *args = malloc(sizeof *args);
    pthread_t tid;
    int err;

    if (args == NULL)
        DieWithError("malloc() failed");
    args->clntSock = clntSock;

    err = pthread_create(&tid, attr, ThreadMain, args);
    if (err != 0) {
        /* pthread_create returns the error code; it does not set errno */
        fprintf(stderr, "pthread_create() failed: %s\n", strerror(err));
        free(args);
        close(clntSock);            /* drop this client, keep serving */
    }
}

int main(int argc, char *argv[])
{
    pthread_attr_t attr;
    int servSock;

    if (argc != 2) {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    servSock = CreateTCPServerSocket(parse_port(argv[1]));

    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);

    for (;;)
        start_client_thread(&attr, AcceptTCPConnection(servSock));
}
