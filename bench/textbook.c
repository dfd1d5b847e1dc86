/*
 * textbook.c -- plain-C stand-ins for the textbook helper .o files (Comer &
 * Stevens, Donahoo & Calvert 1st ed.), for `make bench` to compare against:
 * the same functions, as short and direct as the books' files, with the C
 * library's classic calls.  Our own code, minimal: no improvements.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

unsigned short portbase = 0;

int errexit(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    exit(1);
}

void DieWithError(char *errorMessage)
{
    perror(errorMessage);
    exit(1);
}

/* The port of a service name or number, in network order; 0 if none. */
static unsigned short port_of(const char *service, const char *transport, unsigned short base)
{
    struct servent *entry = getservbyname(service, transport);
    if (entry)
        return htons((unsigned short)(ntohs((unsigned short)entry->s_port) + base));
    return htons((unsigned short)atoi(service));
}

static int protocol_of(const char *transport)
{
    struct protoent *entry = getprotobyname(transport);
    if (entry == NULL)
        errexit("can't get \"%s\" protocol entry\n", transport);
    return entry->p_proto;
}

int connectsock(const char *host, const char *service, const char *transport)
{
    struct sockaddr_in sin;
    struct hostent *entry;
    int s, udp = strcmp(transport, "udp") == 0;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    if ((sin.sin_port = port_of(service, transport, 0)) == 0)
        errexit("can't get \"%s\" service entry\n", service);
    if ((entry = gethostbyname(host)) != NULL)
        memcpy(&sin.sin_addr, entry->h_addr_list[0], sizeof sin.sin_addr);
    else if ((sin.sin_addr.s_addr = inet_addr(host)) == INADDR_NONE)
        errexit("can't get \"%s\" host entry\n", host);
    s = socket(PF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, protocol_of(transport));
    if (s < 0)
        errexit("can't create socket: %s\n", strerror(errno));
    if (connect(s, (struct sockaddr *)&sin, sizeof sin) < 0)
        errexit("can't connect to %s.%s: %s\n", host, service, strerror(errno));
    return s;
}

int connectTCP(const char *host, const char *service)
{
    return connectsock(host, service, "tcp");
}

int connectUDP(const char *host, const char *service)
{
    return connectsock(host, service, "udp");
}

int passivesock(const char *service, const char *transport, int qlen)
{
    struct sockaddr_in sin;
    int s, udp = strcmp(transport, "udp") == 0;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = INADDR_ANY;
    if ((sin.sin_port = port_of(service, transport, portbase)) == 0)
        errexit("can't get \"%s\" service entry\n", service);
    s = socket(PF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, protocol_of(transport));
    if (s < 0)
        errexit("can't create socket: %s\n", strerror(errno));
    if (bind(s, (struct sockaddr *)&sin, sizeof sin) < 0)
        errexit("can't bind to %s port: %s\n", service, strerror(errno));
    if (!udp && listen(s, qlen) < 0)
        errexit("can't listen on %s port: %s\n", service, strerror(errno));
    return s;
}

int passiveTCP(const char *service, int qlen)
{
    return passivesock(service, "tcp", qlen);
}

int passiveUDP(const char *service)
{
    return passivesock(service, "udp", 0);
}

int CreateTCPServerSocket(unsigned short port)
{
    struct sockaddr_in addr;
    int s = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP);

    if (s < 0)
        DieWithError("socket() failed");
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&addr, sizeof addr) < 0)
        DieWithError("bind() failed");
    if (listen(s, 5) < 0)
        DieWithError("listen() failed");
    return s;
}

int AcceptTCPConnection(int servSock)
{
    struct sockaddr_in client;
    socklen_t len = sizeof client;
    int s = accept(servSock, (struct sockaddr *)&client, &len);

    if (s < 0)
        DieWithError("accept() failed");
    printf("Handling client %s\n", inet_ntoa(client.sin_addr));
    return s;
}

void HandleTCPClient(int clntSocket)
{
    char buf[32];
    ssize_t n;

    if ((n = recv(clntSocket, buf, sizeof buf, 0)) < 0)
        DieWithError("recv() failed");
    while (n > 0) {
        if (send(clntSocket, buf, (size_t)n, 0) != n)
            DieWithError("send() failed");
        if ((n = recv(clntSocket, buf, sizeof buf, 0)) < 0)
            DieWithError("recv() failed");
    }
    close(clntSocket);
}
