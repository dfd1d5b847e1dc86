/*
 * UDPEchoClient.c - send one word to a UDP echo server and print the echo.
 *
 * What it does
 *   1. creates a UDP socket (no connect: every sendto() names the peer),
 *   2. sends the echo word as one datagram to <Server IP>:<Echo Port>,
 *   3. waits for one datagram with recvfrom(), which also tells us who
 *      sent it,
 *   4. checks that the reply really came from the server (anybody can
 *      send a datagram to our port!), and
 *   5. prints "Received: <word>" and a newline.
 *
 *   UDP is unreliable: if the request or the reply is lost, recvfrom()
 *   waits forever.  (A real client would use a timeout and retry.)
 *
 * How to run it
 *   UDPEchoClient <Server IP> <Echo Word> [<Echo Port>]
 *     Server IP  a dotted-quad IPv4 address such as 127.0.0.1
 *     Echo Port  defaults to 7
 *
 *   Example:
 *     ./UDPEchoServer 5000 &
 *     ./UDPEchoClient 127.0.0.1 "Echo this!" 5000
 *     -> Received: Echo this!
 *
 * Helpers used
 *   DieWithError()
 *
 * Build
 *   gcc -Wall -Wextra -Werror UDPEchoClient.c -o UDPEchoClient -lsockshim
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void DieWithError(char *errorMessage);

#define ECHOMAX 65507       /* largest payload of an IPv4 UDP datagram */

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

/* make_address - fill in an IPv4 socket address from dotted quad + port. */
static void make_address(struct sockaddr_in *addr, const char *ip,
                         unsigned short port)
{
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons(port);
    if (inet_pton(AF_INET, ip, &addr->sin_addr) != 1) {
        fprintf(stderr, "Invalid IPv4 address: %s\n", ip);
        exit(1);
    }
}

/* same_peer - did the datagram come from the address we sent to? */
static int same_peer(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
    return a->sin_family == b->sin_family
        && a->sin_addr.s_addr == b->sin_addr.s_addr
        && a->sin_port == b->sin_port;
}

int main(int argc, char *argv[])
{
    struct sockaddr_in servAddr;    /* where we send the word */
    struct sockaddr_in fromAddr;    /* who sent the reply */
    socklen_t fromLen;
    static char reply[ECHOMAX + 1]; /* static: too big for the stack */
    unsigned short port = 7;
    const char *word;
    size_t wordLen;
    ssize_t n;
    int sock;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "Usage: %s <Server IP> <Echo Word> [<Echo Port>]\n",
                argv[0]);
        exit(1);
    }
    word = argv[2];
    wordLen = strlen(word);
    if (wordLen > ECHOMAX) {
        fprintf(stderr, "Echo word too long\n");
        exit(1);
    }
    if (argc == 4)
        port = parse_port(argv[3]);
    make_address(&servAddr, argv[1], port);

    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed");

    if (sendto(sock, word, wordLen, 0, (struct sockaddr *)&servAddr,
               sizeof servAddr) != (ssize_t)wordLen)
        DieWithError("sendto() sent a different number of bytes than expected");

    fromLen = sizeof fromAddr;
    n = recvfrom(sock, reply, ECHOMAX, 0, (struct sockaddr *)&fromAddr,
                 &fromLen);
    if (n < 0)
        DieWithError("recvfrom() failed");

    if (!same_peer(&fromAddr, &servAddr)) {
        fprintf(stderr, "Error: received a packet from unknown source.\n");
        exit(1);
    }

    reply[n] = '\0';                /* the datagram is not a C string */
    printf("Received: %s\n", reply);
    close(sock);
    return 0;
}
