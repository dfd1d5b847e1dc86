/*
 * eintr_echod.c -- test server: an iterative echo server for COUNT clients
 * on PORT whose SIGUSR1 handler is installed without SA_RESTART, so every
 * SIGUSR1 that arrives while it waits in accept() or recv() interrupts the
 * call (EINTR).  The library's AcceptTCPConnection and HandleTCPClient must
 * carry on as if nothing happened.  Built as the 1st edition's program, or
 * with -DPRACTICAL as the 2nd edition's (Practical.h).
 *
 *   eintr_echod PORT COUNT
 *
 * Prints "ready" on stderr once listening, and "signals=N" (how many
 * SIGUSR1 it caught) on stderr after the last client.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef PRACTICAL
#include "Practical.h"
#else
int CreateTCPServerSocket(unsigned short port);
int AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);
#endif

static volatile sig_atomic_t caught;

static void count_signal(int sig)
{
    (void)sig;
    caught++;
}

int main(int argc, char **argv)
{
    struct sigaction action;

    if (argc != 3) {
        fprintf(stderr, "usage: %s port count\n", argv[0]);
        return 2;
    }
    memset(&action, 0, sizeof action);
    action.sa_handler = count_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;        /* no SA_RESTART: calls fail with EINTR */
    sigaction(SIGUSR1, &action, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);

#ifdef PRACTICAL
    int servSock = SetupTCPServerSocket(argv[1]);
    if (servSock < 0)
        return 2;
#else
    int servSock = CreateTCPServerSocket((unsigned short)atoi(argv[1]));
#endif
    int count = atoi(argv[2]);
    fprintf(stderr, "ready\n");
    while (count-- > 0)
        HandleTCPClient(AcceptTCPConnection(servSock));
    fprintf(stderr, "signals=%d\n", (int)caught);
    return 0;
}
