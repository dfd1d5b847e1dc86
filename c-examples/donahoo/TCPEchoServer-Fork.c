/*
 * TCPEchoServer-Fork.c - a TCP echo server with one process per client.
 *
 * What it does
 *   The parent process accepts connections (the helper prints
 *   "Handling client <IP>" on stdout).  For each one it fork()s:
 *     - the child closes its copy of the listening socket (it never
 *       accepts), echoes with HandleTCPClient() and exits with status 0;
 *     - the parent closes its copy of the client socket (otherwise the
 *       connection would never be fully closed) and accepts the next one.
 *
 *   Reaping the children: a child that has exited remains a zombie until
 *   the parent collects its status with waitpid().  We do that in a
 *   SIGCHLD handler, so no zombie remains once a client has finished, and
 *   the parent never has to poll.  The handler loops because one SIGCHLD
 *   may stand for several exited children, uses WNOHANG so it never
 *   blocks, and saves/restores errno for the interrupted code.
 *   AcceptTCPConnection() retries when a signal interrupts accept().
 *
 *   Before fork() we flush stdout: otherwise text still sitting in the
 *   stdio buffer would be copied into the child and printed twice.
 *
 * How to run it
 *   TCPEchoServer-Fork <Server Port>
 *
 *   It runs until killed (Ctrl-C, or kill <pid>).  Children serving a
 *   client when the parent is killed end when their client disconnects.
 *
 * Helpers used
 *   CreateTCPServerSocket(), AcceptTCPConnection(), HandleTCPClient(),
 *   DieWithError()
 *
 * Build
 *   gcc -Wall -Wextra -Werror TCPEchoServer-Fork.c -o TCPEchoServer-Fork -lsockshim
 */

#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* reap_children - SIGCHLD handler: collect all children that exited. */
static void reap_children(int sig)
{
    int saved_errno = errno;

    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = saved_errno;
}

/* install_reaper - call reap_children() whenever a child terminates. */
static void install_reaper(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = reap_children;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    if (sigaction(SIGCHLD, &sa, NULL) < 0)
        DieWithError("sigaction() failed");
}

/* serve_in_child - fork a process that echoes on clntSock. */
static void serve_in_child(int servSock, int clntSock)
{
    pid_t pid;

    fflush(stdout);                 /* nothing buffered gets duplicated */
    pid = fork();
    if (pid < 0) {                  /* e.g. process limit reached */
        perror("fork() failed");
        close(clntSock);            /* drop this client, keep serving */
        return;
    }
    if (pid == 0) {                 /* child */
        close(servSock);
        HandleTCPClient(clntSock);  /* also closes clntSock */
        exit(0);
    }
    close(clntSock);                /* parent */
}

int main(int argc, char *argv[])
{
    int servSock;

    if (argc != 2) {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    servSock = CreateTCPServerSocket(parse_port(argv[1]));
    install_reaper();

    for (;;)
        serve_in_child(servSock, AcceptTCPConnection(servSock));
}
