/*
 * TCPEchoServer-Fork.c - a TCP echo server with one process per client.
 * The parent accepts (printing "Handling client <IP>") and fork()s; the
 * child closes its copy of the listening socket, echoes and exits; the
 * parent closes its copy of the client socket and accepts the next one.
 *
 * usage: TCPEchoServer-Fork <Server Port>
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void DieWithError(char *errorMessage);
int  CreateTCPServerSocket(unsigned short port);
int  AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

int main(int argc, char *argv[])
{
    int servSock, clntSock;
    pid_t processID;

    if (argc != 2) {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    servSock = CreateTCPServerSocket(atoi(argv[1]));
    signal(SIGCHLD, SIG_IGN);       /* the kernel reaps our children: no zombies */

    for (;;) {
        clntSock = AcceptTCPConnection(servSock);
        if ((processID = fork()) < 0)
            DieWithError("fork() failed");
        if (processID == 0) {       /* child */
            close(servSock);
            HandleTCPClient(clntSock);  /* also closes clntSock */
            exit(0);
        }
        close(clntSock);            /* parent */
    }
}
