/*
 * UDPEchoServer.c - a UDP echo server.
 *
 * What it does
 *   Creates a UDP socket bound to <Server Port> on all local addresses
 *   and loops forever: receive one datagram with recvfrom() (which also
 *   tells us the sender's address and port), print
 *   "Handling client <IP>", and send the same bytes back to the sender
 *   with sendto().
 *
 *   There is no connection and no accept(): one socket serves all
 *   clients, and each datagram carries its own sender address.
 *   The buffer holds the largest possible UDP payload, so no datagram is
 *   ever cut short.
 *
 * How to run it
 *   UDPEchoServer <Server Port>
 *
 *   It runs until killed (Ctrl-C, or kill <pid>).
 *   Test it with:  ./UDPEchoClient 127.0.0.1 hello <Server Port>
 *
 * Helpers used
 *   DieWithError()  (the socket calls themselves are written out here)
 *
 * Build
 *   gcc -Wall -Wextra -Werror UDPEchoServer.c -o UDPEchoServer -lsockshim
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void DieWithError(char *errorMessage);

#define ECHOMAX 65535       /* more than any UDP payload */

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

/* open_server_socket - a UDP socket bound to INADDR_ANY:port. */
static int open_server_socket(unsigned short port)
{
    struct sockaddr_in addr;
    int sock;

    if ((sock = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed");

    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);   /* any local interface */
    addr.sin_port = htons(port);
    if (bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0)
        DieWithError("bind() failed");
    return sock;
}

/* echo_one_datagram - receive one datagram and send it back. */
static void echo_one_datagram(int sock)
{
    static char buf[ECHOMAX];       /* static: too big for the stack */
    struct sockaddr_in clntAddr;
    socklen_t clntLen = sizeof clntAddr;
    char ip[INET_ADDRSTRLEN];
    ssize_t n;

    n = recvfrom(sock, buf, sizeof buf, 0,
                 (struct sockaddr *)&clntAddr, &clntLen);
    if (n < 0) {
        if (errno == EINTR)
            return;
        DieWithError("recvfrom() failed");
    }

    if (inet_ntop(AF_INET, &clntAddr.sin_addr, ip, sizeof ip) == NULL)
        strcpy(ip, "?");
    printf("Handling client %s\n", ip);
    fflush(stdout);                 /* visible at once, even in a pipe */

    /* A failed reply only loses this one datagram (UDP may lose it
     * anyway), so we report it and keep serving. */
    if (sendto(sock, buf, (size_t)n, 0,
               (struct sockaddr *)&clntAddr, clntLen) < 0)
        perror("sendto() failed");
}

int main(int argc, char *argv[])
{
    int sock;

    if (argc != 2) {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    sock = open_server_socket(parse_port(argv[1]));
    for (;;)
        echo_one_datagram(sock);
}
