/*
 * dgram_sender.c - sends one UDP datagram and prints "sent <n> bytes".
 * "Sent" only means the datagram has left this program: nobody confirms
 * that it arrived, and write() succeeds even when nobody listens.
 * connect() on a UDP socket sends nothing; it only records the default
 * destination, so that plain write() can be used instead of sendto().
 *
 * usage: dgram_sender [host [port [message]]]
 *        (defaults: localhost, 5000, "Hello World"; "quit" stops dgram_receiver)
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int connectUDP(const char *host, const char *service);
int errexit(const char *format, ...);

int main(int argc, char *argv[])
{
    const char *host = "localhost";
    const char *service = "5000";
    const char *message = "Hello World";
    ssize_t n;
    int sock;

    switch (argc) {
    case 4:
        message = argv[3];
        /* fall through */
    case 3:
        service = argv[2];
        /* fall through */
    case 2:
        host = argv[1];
        /* fall through */
    case 1:
        break;
    default:
        errexit("usage: %s [host [port [message]]]\n", argv[0]);
    }

    sock = connectUDP(host, service);
    if ((n = write(sock, message, strlen(message))) < 0)
        errexit("write failed: %s\n", strerror(errno));
    printf("sent %zd bytes\n", n);
    close(sock);
    return 0;
}
