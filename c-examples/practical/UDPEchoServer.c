/*
 * UDPEchoServer.c - a UDP echo server for IPv4 or IPv6, whichever
 * getaddrinfo() lists first for the service on this host.  Every datagram
 * is reported ("Handling client <address>-<port>") and sent back to the
 * address it came from.
 *
 * usage: UDPEchoServer <Server Port/Service>
 *   e.g. ./UDPEchoServer 5000 &  ./UDPEchoClient 127.0.0.1 hello 5000
 */

#define _POSIX_C_SOURCE 200112L /* getaddrinfo() also under -std=c99/c11 */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "Practical.h"

int main(int argc, char *argv[]) {
  if (argc != 2)
    DieWithUserMessage("Parameter(s)", "<Server Port/Service>");

  setvbuf(stdout, NULL, _IOLBF, 0); /* each line at once, also into a pipe */

  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;      /* IPv4 or IPv6 */
  hints.ai_flags = AI_PASSIVE;      /* any local address */
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_protocol = IPPROTO_UDP;

  struct addrinfo *local;
  int err = getaddrinfo(NULL, argv[1], &hints, &local);
  if (err != 0)
    DieWithUserMessage("getaddrinfo() failed", gai_strerror(err));

  int sock = socket(local->ai_family, local->ai_socktype, local->ai_protocol);
  if (sock < 0)
    DieWithSystemMessage("socket() failed");
  if (bind(sock, local->ai_addr, local->ai_addrlen) < 0)
    DieWithSystemMessage("bind() failed");
  freeaddrinfo(local);

  for (;;) {
    static char datagram[65535];      /* room for any UDP payload */
    struct sockaddr_storage peer;     /* big enough for any address */
    socklen_t peerLen = sizeof peer;
    ssize_t got = recvfrom(sock, datagram, sizeof datagram, 0,
        (struct sockaddr *) &peer, &peerLen);
    if (got < 0)
      DieWithSystemMessage("recvfrom() failed");

    fputs("Handling client ", stdout);
    PrintSocketAddress((struct sockaddr *) &peer, stdout);
    fputc('\n', stdout);

    ssize_t sent = sendto(sock, datagram, (size_t) got, 0,
        (struct sockaddr *) &peer, peerLen);
    if (sent < 0)
      DieWithSystemMessage("sendto() failed");
    else if (sent != got)
      DieWithUserMessage("sendto()", "sent unexpected number of bytes");
  }
  /* NOT REACHED */
}
