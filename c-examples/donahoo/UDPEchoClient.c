/*
 * UDPEchoClient.c - sends one word as a datagram to a UDP echo server and
 * prints the reply as "Received: <word>", after checking that the reply
 * came from the server (anybody may send a datagram to our port).  If a
 * datagram is lost, recvfrom() waits forever: UDP does not retransmit.
 *
 * usage: UDPEchoClient <Server IP> <Echo Word> [<Echo Port>]   (port 7)
 *   e.g. ./UDPEchoServer 5000 &  ./UDPEchoClient 127.0.0.1 "Echo this!" 5000
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

int main(int argc, char *argv[])
{
    struct sockaddr_in servAddr;    /* where we send the word */
    struct sockaddr_in fromAddr;    /* who sent the reply */
    socklen_t fromLen = sizeof fromAddr;
    static char reply[ECHOMAX + 1]; /* static: too big for the stack */
    unsigned short port = 7;
    size_t wordLen;
    ssize_t n;
    int sock;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "Usage: %s <Server IP> <Echo Word> [<Echo Port>]\n",
                argv[0]);
        exit(1);
    }
    if (argc == 4)
        port = atoi(argv[3]);
    if ((wordLen = strlen(argv[2])) > ECHOMAX) {
        fprintf(stderr, "Echo word too long\n");
        exit(1);
    }

    memset(&servAddr, 0, sizeof servAddr);
    servAddr.sin_family = AF_INET;
    servAddr.sin_port = htons(port);
    if (inet_pton(AF_INET, argv[1], &servAddr.sin_addr) != 1) {
        fprintf(stderr, "Invalid IPv4 address: %s\n", argv[1]);
        exit(1);
    }

    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed");
    if (sendto(sock, argv[2], wordLen, 0, (struct sockaddr *)&servAddr,
               sizeof servAddr) != (ssize_t)wordLen)
        DieWithError("sendto() sent a different number of bytes than expected");
    n = recvfrom(sock, reply, ECHOMAX, 0, (struct sockaddr *)&fromAddr, &fromLen);
    if (n < 0)
        DieWithError("recvfrom() failed");
    if (fromAddr.sin_addr.s_addr != servAddr.sin_addr.s_addr
        || fromAddr.sin_port != servAddr.sin_port) {
        fprintf(stderr, "Error: received a packet from unknown source.\n");
        exit(1);
    }

    reply[n] = '\0';                /* a datagram is not a C string */
    printf("Received: %s\n", reply);
    close(sock);
    return 0;
}
