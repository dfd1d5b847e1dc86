/*
 * forkecho.c -- a fork-per-client echo server in the textbooks' style:
 * passiveTCP, accept, fork, HandleTCPClient in the child.  `make bench`
 * builds it with libsockshim.so and with the textbook .o files and compares
 * sessions per second.  Usage: forkecho PORT (prints "ready" on stderr).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int passiveTCP(const char *service, int qlen);
void HandleTCPClient(int clntSocket);

int main(int argc, char *argv[])
{
    int msock, ssock;

    if (argc != 2) {
        fprintf(stderr, "usage: forkecho port\n");
        exit(1);
    }
    msock = passiveTCP(argv[1], 128);
    signal(SIGCHLD, SIG_IGN); /* children are reaped by the kernel */
    fprintf(stderr, "ready\n");
    for (;;) {
        if ((ssock = accept(msock, NULL, NULL)) < 0)
            continue;
        switch (fork()) {
        case 0:
            close(msock);
            HandleTCPClient(ssock);
            exit(0);
        case -1:
            perror("fork");
            break;
        }
        close(ssock);
    }
}
