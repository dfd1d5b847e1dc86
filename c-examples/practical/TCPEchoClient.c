/*
 * TCPEchoClient.c - sends a word to a TCP echo server, named by host name
 * or by IPv4 or IPv6 address, and prints the echo as "Received: <word>".
 * SetupTCPClientSocket() tries every address the name has, in order.
 *
 * usage: TCPEchoClient <Server Address/Name> <Echo Word> [<Server Port/Service>]
 *   e.g. ./TCPEchoServer 5000 &  ./TCPEchoClient 127.0.0.1 "Echo this!" 5000
 */

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include "Practical.h"

int main(int argc, char *argv[]) {
  if (argc < 3 || argc > 4)
    DieWithUserMessage("Parameter(s)",
        "<Server Address/Name> <Echo Word> [<Server Port/Service>]");

  const char *host = argv[1];
  const char *word = argv[2];
  const char *service = (argc == 4) ? argv[3] : "echo";

  int sock = SetupTCPClientSocket(host, service);
  if (sock < 0)
    DieWithUserMessage("SetupTCPClientSocket() failed", "unable to connect");

  size_t wordLen = strlen(word);
  ssize_t sent = send(sock, word, wordLen, 0);
  if (sent < 0)
    DieWithSystemMessage("send() failed");
  else if ((size_t) sent != wordLen)
    DieWithUserMessage("send()", "sent unexpected number of bytes");

  /* A stream has no message boundaries: the echo may come back in pieces. */
  fputs("Received: ", stdout);
  size_t echoed = 0;
  while (echoed < wordLen) {
    char piece[BUFSIZE];
    ssize_t got = recv(sock, piece, sizeof piece, 0);
    if (got < 0)
      DieWithSystemMessage("recv() failed");
    else if (got == 0)
      DieWithUserMessage("recv()", "connection closed prematurely");
    fwrite(piece, 1, (size_t) got, stdout);
    echoed += (size_t) got;
  }
  fputc('\n', stdout);

  close(sock);
  return 0;
}
