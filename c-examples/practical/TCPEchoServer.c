/*
 * TCPEchoServer.c - an iterative TCP echo server.  SetupTCPServerSocket()
 * prints "Binding to <address>-<port>"; then one client at a time is
 * accepted ("Handling client <address>-<port>") and echoed until it closes.
 *
 * usage: TCPEchoServer <Server Port/Service>
 *   e.g. ./TCPEchoServer 5000 &  ./TCPEchoClient 127.0.0.1 hello 5000
 */

#include <stdio.h>
#include "Practical.h"

int main(int argc, char *argv[]) {
  if (argc != 2)
    DieWithUserMessage("Parameter(s)", "<Server Port/Service>");

  setvbuf(stdout, NULL, _IOLBF, 0); /* each line at once, also into a pipe */

  const char *service = argv[1];
  int servSock = SetupTCPServerSocket(service);
  if (servSock < 0)
    DieWithUserMessage("SetupTCPServerSocket() failed", service);

  for (;;)
    HandleTCPClient(AcceptTCPConnection(servSock));
  /* NOT REACHED */
}
