/*
 * TCPEchoServer-Select.c - a TCP echo server for many clients at once in a
 * single thread.  select() says which sockets have something to read: the
 * listening socket means a new client to accept, a client socket means
 * data to echo back, or (recv() returns 0) a client that is done.
 *
 * usage: TCPEchoServer-Select <Server Port/Service>
 */

#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include "Practical.h"

int main(int argc, char *argv[]) {
  if (argc != 2)
    DieWithUserMessage("Parameter(s)", "<Server Port/Service>");

  setvbuf(stdout, NULL, _IOLBF, 0); /* each line at once, also into a pipe */
  signal(SIGPIPE, SIG_IGN); /* a client that vanishes must not stop the rest */

  const char *service = argv[1];
  int servSock = SetupTCPServerSocket(service);
  if (servSock < 0)
    DieWithUserMessage("SetupTCPServerSocket() failed", service);

  fd_set watched;               /* the listening socket and every client */
  FD_ZERO(&watched);
  FD_SET(servSock, &watched);
  int maxSock = servSock;

  for (;;) {
    fd_set readable = watched;  /* select() overwrites the set it gets */
    if (select(maxSock + 1, &readable, NULL, NULL, NULL) < 0)
      DieWithSystemMessage("select() failed");

    if (FD_ISSET(servSock, &readable)) {
      int clntSock = AcceptTCPConnection(servSock);
      if (clntSock >= FD_SETSIZE) {   /* an fd_set cannot hold it: refuse */
        close(clntSock);
      } else {
        FD_SET(clntSock, &watched);
        if (clntSock > maxSock)
          maxSock = clntSock;
      }
    }

    for (int sock = 0; sock <= maxSock; sock++) {
      if (sock == servSock || !FD_ISSET(sock, &readable))
        continue;
      char buffer[BUFSIZE];
      ssize_t got = recv(sock, buffer, sizeof buffer, 0);
      if (got > 0 && send(sock, buffer, (size_t) got, 0) == got)
        continue;               /* echoed: keep the client */
      close(sock);              /* done, reset or failed: this client ends */
      FD_CLR(sock, &watched);
    }
  }
  /* NOT REACHED */
}
