/*
 * dgram_sender.c - send one UDP datagram.
 *
 * What it does
 *   Creates a UDP socket "connected" to host:port and sends the message
 *   once with write(), as one datagram (without a terminating '\0' or
 *   newline).  Then it prints
 *
 *     sent <n> bytes
 *
 *   and exits.  Note what "sent" means for UDP: the datagram has left
 *   this program; nobody confirms that it arrived.  Even when no program
 *   listens on the port, write() normally succeeds.
 *
 *   connect() on a UDP socket sends nothing over the network: it only
 *   records the default destination, so that plain write() can be used
 *   instead of sendto().
 *
 * How to run it
 *   dgram_sender [host [port [message]]]
 *     host     defaults to localhost
 *     port     a number or a service name, defaults to 5000
 *     message  defaults to "Hello World"
 *
 *   Start ./dgram_receiver first to see the datagram arrive;
 *   "./dgram_sender localhost 5000 quit" stops the receiver.
 *
 * Helpers used
 *   connectUDP()  - resolve host and port, create a UDP socket, connect it
 *   errexit()     - print a message to stderr and exit(1)
 *
 * Build
 *   gcc -Wall -Wextra -Werror dgram_sender.c -o dgram_sender -lsockshim
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
    n = write(sock, message, strlen(message));
    if (n < 0)
        errexit("write failed: %s\n", strerror(errno));
    printf("sent %zd bytes\n", n);
    close(sock);
    return 0;
}
