/*
 * GetAddrInfo.c - prints every address that getaddrinfo() finds for a host
 * (name or address) and a service (name or port), one per line, the way
 * PrintSocketAddress() writes them: "<address>-<port>".
 *
 * usage: GetAddrInfo <Address/Name> <Port/Service>
 *   e.g. ./GetAddrInfo ::1 5000         prints  ::1-5000
 */

#define _POSIX_C_SOURCE 200112L /* getaddrinfo() also under -std=c99/c11 */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "Practical.h"

int main(int argc, char *argv[]) {
  if (argc != 3)
    DieWithUserMessage("Parameter(s)", "<Address/Name> <Port/Service>");

  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;       /* IPv4 and IPv6 */
  hints.ai_socktype = SOCK_STREAM;   /* one entry per address, not per type */
  hints.ai_protocol = IPPROTO_TCP;

  struct addrinfo *found;
  int err = getaddrinfo(argv[1], argv[2], &hints, &found);
  if (err != 0)
    DieWithUserMessage("getaddrinfo() failed", gai_strerror(err));

  for (struct addrinfo *addr = found; addr != NULL; addr = addr->ai_next) {
    PrintSocketAddress(addr->ai_addr, stdout);
    fputc('\n', stdout);
  }

  freeaddrinfo(found);
  return 0;
}
