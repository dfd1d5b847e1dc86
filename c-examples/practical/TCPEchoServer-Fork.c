/*
 * TCPEchoServer-Fork.c - a TCP echo server with one process per client.
 * The parent accepts ("Handling client <address>-<port>") and fork()s; the
 * child echoes and exits, the parent goes back to accept().  Each process
 * closes the socket it does not use.
 *
 * usage: TCPEchoServer-Fork <Server Port/Service>
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "Practical.h"

int main(int argc, char *argv[]) {
  if (argc != 2)
    DieWithUserMessage("Parameter(s)", "<Server Port/Service>");

  /* Each line at once, also into a pipe (and nothing buffered is copied
   * into a child to be printed twice). */
  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGCHLD, SIG_IGN); /* the kernel reaps our children: no zombies */

  const char *service = argv[1];
  int servSock = SetupTCPServerSocket(service);
  if (servSock < 0)
    DieWithUserMessage("SetupTCPServerSocket() failed", service);

  for (;;) {
    int clntSock = AcceptTCPConnection(servSock);
    pid_t child = fork();
    if (child < 0)
      DieWithSystemMessage("fork() failed");
    if (child == 0) {          /* the child serves this client, then ends */
      close(servSock);
      HandleTCPClient(clntSock);
      exit(0);
    }
    close(clntSock);           /* the parent only accepts */
  }
  /* NOT REACHED */
}
