/*
 * TCPEchoServer-ForkN.c - a TCP echo server with a fixed pool of worker
 * processes, forked once at start-up.  Each worker loops forever accepting
 * (printing "Handling client <IP>") and echoing; the kernel gives each new
 * connection to one waiting worker.  SIGTERM or SIGINT to the parent stops
 * the workers; the parent reaps them and exits 0.
 *
 * usage: TCPEchoServer-ForkN <Server Port> <Process Limit>
 */

#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void DieWithError(char *errorMessage);
int  CreateTCPServerSocket(unsigned short port);
int  AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

static pid_t *workers;          /* for StopWorkers(); 0: not started */
static int processLimit;

static void StopWorkers(int signo)
{
    (void)signo;
    for (int i = 0; i < processLimit; i++)
        if (workers[i] > 0)
            kill(workers[i], SIGTERM);
}

int main(int argc, char *argv[])
{
    int servSock;

    if (argc != 3) {
        fprintf(stderr, "Usage: %s <Server Port> <Process Limit>\n", argv[0]);
        exit(1);
    }
    servSock = CreateTCPServerSocket(atoi(argv[1]));
    processLimit = atoi(argv[2]);
    if ((workers = calloc(processLimit, sizeof *workers)) == NULL)
        DieWithError("calloc() failed");

    signal(SIGTERM, StopWorkers);
    signal(SIGINT, StopWorkers);
    for (int i = 0; i < processLimit; i++) {
        if ((workers[i] = fork()) < 0)
            DieWithError("fork() failed");
        if (workers[i] == 0) {          /* worker: back to default actions */
            signal(SIGTERM, SIG_DFL);
            signal(SIGINT, SIG_DFL);
            for (;;)
                HandleTCPClient(AcceptTCPConnection(servSock));
        }
    }
    while (wait(NULL) > 0 || errno == EINTR)    /* until every worker is reaped */
        ;
    return 0;
}
