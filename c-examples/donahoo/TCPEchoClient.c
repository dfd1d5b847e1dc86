/*
 * TCPEchoClient.c - sends one word to a TCP echo server and prints the
 * echo as "Received: <word>".  The socket calls are written out by hand
 * (socket, connect, send, recv); only DieWithError() comes from the helpers.
 *
 * usage: TCPEchoClient <Server IP> <Echo Word> [<Echo Port>]   (port 7)
 *   e.g. ./TCPEchoServer 5000 &  ./TCPEchoClient 127.0.0.1 "Echo this!" 5000
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

#define RCVBUFSIZE 4096     /* size of the receive buffer */

int main(int argc, char *argv[])
{
    struct sockaddr_in servAddr;
    unsigned short port = 7;        /* well-known echo port */
    char buf[RCVBUFSIZE];
    size_t wordLen, total;
    ssize_t n;
    int sock;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "Usage: %s <Server IP> <Echo Word> [<Echo Port>]\n",
                argv[0]);
        exit(1);
    }
    if (argc == 4)
        port = atoi(argv[3]);
    wordLen = strlen(argv[2]);

    memset(&servAddr, 0, sizeof servAddr);  /* zero the unused fields */
    servAddr.sin_family = AF_INET;
    servAddr.sin_port = htons(port);        /* network byte order! */
    if (inet_pton(AF_INET, argv[1], &servAddr.sin_addr) != 1) {
        fprintf(stderr, "Invalid IPv4 address: %s\n", argv[1]);
        exit(1);
    }

    if ((sock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
        DieWithError("socket() failed");
    if (connect(sock, (struct sockaddr *)&servAddr, sizeof servAddr) < 0)
        DieWithError("connect() failed");
    if (send(sock, argv[2], wordLen, 0) != (ssize_t)wordLen)
        DieWithError("send() sent a different number of bytes than expected");

    /* TCP may deliver the echo in several pieces: receive until complete. */
    printf("Received: ");
    for (total = 0; total < wordLen; total += (size_t)n) {
        if ((n = recv(sock, buf, sizeof buf, 0)) <= 0)
            DieWithError("recv() failed or connection closed prematurely");
        fwrite(buf, 1, (size_t)n, stdout);
    }
    printf("\n");
    close(sock);
    return 0;
}
