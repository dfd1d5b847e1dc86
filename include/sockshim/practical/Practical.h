/*
 * Practical.h -- Donahoo & Calvert, "TCP/IP Sockets in C", 2nd edition:
 * the helper functions the book's programs include, served by sockshim.
 *
 * Keep `#include "Practical.h"` in the programs, delete the book's helper
 * files (DieWithMessage.c, AddressUtility.c, TCPClientUtility.c,
 * TCPServerUtility.c) and their copy of this header, and build with
 *     cc prog.c $(pkg-config --cflags --libs sockshim-practical)
 * Each name below is bound to the symbol sockshim_practical_<name>, so the
 * 1st edition's AcceptTCPConnection and HandleTCPClient (bare names, same
 * library) keep their own behaviour.  See practical(3).
 */
#ifndef PRACTICAL_H_
#define PRACTICAL_H_

#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include "../label.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Prints "<msg>: <detail>" and a newline on stderr, then exit(1). */
void DieWithUserMessage(const char *msg, const char *detail)
    SOCKSHIM_LABEL(practical, DieWithUserMessage);
/* perror(msg), then exit(1). */
void DieWithSystemMessage(const char *msg)
    SOCKSHIM_LABEL(practical, DieWithSystemMessage);
/* Prints an IPv4/IPv6 address as "<address>-<port>" (no newline). */
void PrintSocketAddress(const struct sockaddr *address, FILE *stream)
    SOCKSHIM_LABEL(practical, PrintSocketAddress);
/* Whether two IPv4/IPv6 socket addresses have the same address and port. */
bool SockAddrsEqual(const struct sockaddr *addr1, const struct sockaddr *addr2)
    SOCKSHIM_LABEL(practical, SockAddrsEqual);
/* A TCP socket connected to host:service, or -1 when no address answered. */
int SetupTCPClientSocket(const char *host, const char *service)
    SOCKSHIM_LABEL(practical, SetupTCPClientSocket);
/* A listening TCP socket for service; prints "Binding to ..."; -1 on failure. */
int SetupTCPServerSocket(const char *service)
    SOCKSHIM_LABEL(practical, SetupTCPServerSocket);
/* Accepts a client, prints "Handling client <address>-<port>", returns it. */
int AcceptTCPConnection(int servSock)
    SOCKSHIM_LABEL(practical, AcceptTCPConnection);
/* Echoes everything the client sends until it closes, then closes it. */
void HandleTCPClient(int clntSocket)
    SOCKSHIM_LABEL(practical, HandleTCPClient);

enum sizeConstants {
    MAXSTRINGLENGTH = 128,
    BUFSIZE = 512
};

#ifdef __cplusplus
}
#endif

#endif /* PRACTICAL_H_ */
