/*
 * TCPEchoClient.c - send one word to a TCP echo server and print the echo.
 *
 * What it does
 *   1. creates a TCP socket and connects it to <Server IP>:<Echo Port>,
 *   2. sends the echo word (without a terminating '\0'),
 *   3. receives until it has got back as many bytes as it sent
 *      (TCP may deliver the echo in several pieces),
 *   4. prints "Received: <word>" and a newline, then closes the socket.
 *
 *   This client does all the socket work by hand (socket, connect, send,
 *   recv) so that you can see every step; only the error reporting comes
 *   from the helper library.
 *
 * How to run it
 *   TCPEchoClient <Server IP> <Echo Word> [<Echo Port>]
 *     Server IP  a dotted-quad IPv4 address such as 127.0.0.1
 *                (no host names: see the Comer clients for name lookup)
 *     Echo Port  defaults to 7, the well-known echo port
 *
 *   Example:
 *     ./TCPEchoServer 5000 &
 *     ./TCPEchoClient 127.0.0.1 "Echo this!" 5000
 *     -> Received: Echo this!
 *
 * Helpers used (Donahoo & Calvert style, provided by libsockshim)
 *   DieWithError() - perror(message), then exit(1)
 *
 * Build
 *   gcc -Wall -Wextra -Werror TCPEchoClient.c -o TCPEchoClient -lsockshim
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>      /* inet_pton(), htons() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void DieWithError(char *errorMessage);

#define RCVBUFSIZE 4096     /* size of the receive buffer */

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
    memset(addr, 0, sizeof *addr);          /* zero the unused fields */
    addr->sin_family = AF_INET;
    addr->sin_port = htons(port);           /* network byte order! */
    if (inet_pton(AF_INET, ip, &addr->sin_addr) != 1) {
        fprintf(stderr, "Invalid IPv4 address: %s\n", ip);
        exit(1);
    }
}

/* receive_echo - receive `len` bytes and print them as they arrive. */
static void receive_echo(int sock, size_t len)
{
    char buf[RCVBUFSIZE];
    size_t total = 0;

    printf("Received: ");
    while (total < len) {
        size_t want = len - total < sizeof buf ? len - total : sizeof buf;
        ssize_t n = recv(sock, buf, want, 0);

        if (n <= 0)
            DieWithError("recv() failed or connection closed prematurely");
        fwrite(buf, 1, (size_t)n, stdout);
        total += (size_t)n;
    }
    printf("\n");
}

int main(int argc, char *argv[])
{
    struct sockaddr_in servAddr;
    unsigned short port = 7;        /* well-known echo port */
    const char *word;
    size_t wordLen;
    int sock;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "Usage: %s <Server IP> <Echo Word> [<Echo Port>]\n",
                argv[0]);
        exit(1);
    }
    word = argv[2];
    wordLen = strlen(word);
    if (argc == 4)
        port = parse_port(argv[3]);
    make_address(&servAddr, argv[1], port);

    if ((sock = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) < 0)
        DieWithError("socket() failed");
    if (connect(sock, (struct sockaddr *)&servAddr, sizeof servAddr) < 0)
        DieWithError("connect() failed");

    /* For a short word one send() normally sends it all; check anyway. */
    if (send(sock, word, wordLen, 0) != (ssize_t)wordLen)
        DieWithError("send() sent a different number of bytes than expected");

    receive_echo(sock, wordLen);
    close(sock);
    return 0;
}
