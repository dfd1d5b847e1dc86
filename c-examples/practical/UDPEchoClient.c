/*
 * UDPEchoClient.c - sends a word in one datagram to a UDP echo server,
 * named by host name or by IPv4 or IPv6 address, and prints the reply as
 * "Received: <word>" once SockAddrsEqual() has shown that it came from the
 * server (anybody may send a datagram to our port).  A lost datagram
 * leaves the client waiting: UDP does not retransmit.
 *
 * usage: UDPEchoClient <Server Address/Name> <Echo Word> [<Server Port/Service>]
 *   e.g. ./UDPEchoServer 5000 &  ./UDPEchoClient 127.0.0.1 "Echo this!" 5000
 */

#define _POSIX_C_SOURCE 200112L /* getaddrinfo() also under -std=c99/c11 */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "Practical.h"

int main(int argc, char *argv[]) {
  if (argc < 3 || argc > 4)
    DieWithUserMessage("Parameter(s)",
        "<Server Address/Name> <Echo Word> [<Server Port/Service>]");

  const char *host = argv[1];
  const char *word = argv[2];
  const char *service = (argc == 4) ? argv[3] : "echo";
  size_t wordLen = strlen(word);
  if (wordLen > MAXSTRINGLENGTH)
    DieWithUserMessage(word, "string too long");

  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;      /* IPv4 or IPv6 */
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_protocol = IPPROTO_UDP;

  struct addrinfo *server;
  int err = getaddrinfo(host, service, &hints, &server);
  if (err != 0)
    DieWithUserMessage("getaddrinfo() failed", gai_strerror(err));

  int sock = socket(server->ai_family, server->ai_socktype, server->ai_protocol);
  if (sock < 0)
    DieWithSystemMessage("socket() failed");
  ssize_t sent = sendto(sock, word, wordLen, 0, server->ai_addr,
      server->ai_addrlen);
  if (sent < 0)
    DieWithSystemMessage("sendto() failed");
  else if ((size_t) sent != wordLen)
    DieWithUserMessage("sendto()", "sent unexpected number of bytes");

  struct sockaddr_storage from;     /* who answered */
  socklen_t fromLen = sizeof from;
  char reply[MAXSTRINGLENGTH + 1];
  ssize_t got = recvfrom(sock, reply, MAXSTRINGLENGTH, 0,
      (struct sockaddr *) &from, &fromLen);
  if (got < 0)
    DieWithSystemMessage("recvfrom() failed");
  else if ((size_t) got != wordLen)
    DieWithUserMessage("recvfrom()", "received unexpected number of bytes");
  if (!SockAddrsEqual(server->ai_addr, (struct sockaddr *) &from))
    DieWithUserMessage("recvfrom()", "received a packet from unknown source");
  freeaddrinfo(server);

  reply[got] = '\0';                /* a datagram is not a C string */
  printf("Received: %s\n", reply);

  close(sock);
  return 0;
}
