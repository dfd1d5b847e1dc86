/*
 * UDPEchoServer.c - a UDP echo server.  One socket serves every client:
 * for each datagram it prints "Handling client <IP>" and sends the same
 * bytes back to the sender that recvfrom() reported.
 *
 * usage: UDPEchoServer <Server Port>
 *   e.g. ./UDPEchoServer 5000 &  ./UDPEchoClient 127.0.0.1 hello 5000
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void DieWithError(char *errorMessage);

#define ECHOMAX 65535       /* more than any UDP payload */

int main(int argc, char *argv[])
{
    static char buf[ECHOMAX];       /* static: too big for the stack */
    struct sockaddr_in servAddr, clntAddr;
    socklen_t clntLen;
    char ip[INET_ADDRSTRLEN];
    ssize_t n;
    int sock;

    if (argc != 2) {
        fprintf(stderr, "Usage: %s <Server Port>\n", argv[0]);
        exit(1);
    }

    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed");
    memset(&servAddr, 0, sizeof servAddr);
    servAddr.sin_family = AF_INET;
    servAddr.sin_addr.s_addr = htonl(INADDR_ANY);   /* any local interface */
    servAddr.sin_port = htons(atoi(argv[1]));
    if (bind(sock, (struct sockaddr *)&servAddr, sizeof servAddr) < 0)
        DieWithError("bind() failed");

    for (;;) {
        clntLen = sizeof clntAddr;
        n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&clntAddr, &clntLen);
        if (n < 0)
            DieWithError("recvfrom() failed");
        inet_ntop(AF_INET, &clntAddr.sin_addr, ip, sizeof ip);
        printf("Handling client %s\n", ip);
        fflush(stdout);             /* visible at once, also in a pipe */
        /* A lost reply loses only this datagram: report it, keep serving. */
        if (sendto(sock, buf, (size_t)n, 0, (struct sockaddr *)&clntAddr, clntLen) < 0)
            perror("sendto() failed");
    }
}
