/*
 * practical.c -- test driver for the Practical.h layer (Donahoo & Calvert,
 * 2nd edition): one sub-command per function, in the book's style.  The
 * word NULL stands for a NULL pointer.
 *
 *   practical user MSG DETAIL        DieWithUserMessage(MSG, DETAIL)
 *   practical system MSG ERRNO       errno = ERRNO; DieWithSystemMessage(MSG)
 *   practical print ADDR [err]       PrintSocketAddress(ADDR, stdout or stderr)
 *   practical print-null-stream ADDR PrintSocketAddress(ADDR, NULL)
 *   practical equal ADDR ADDR        prints SockAddrsEqual as true/false
 *   practical client HOST SERVICE    SetupTCPClientSocket; describes the socket
 *   practical server SERVICE         SetupTCPServerSocket; describes the socket
 *   practical serve SERVICE COUNT [intr]
 *                                    echo server for COUNT clients; with intr,
 *                                    SIGUSR1 has a handler without SA_RESTART
 *   practical accept FD              AcceptTCPConnection(FD)
 *   practical handle FD              HandleTCPClient(FD)
 *
 * ADDR is v4,IP,PORT or v6,IP,PORT[,SCOPE] or unix or NULL.  The program's
 * own output (printf) stays unflushed in a pipe, as the library's does, so
 * the order of the two shows that both use the same stdout.  When a Setup
 * function returns -1 the driver prints "-1 <errno name>" on stdout and
 * dies as the book's programs do.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "Practical.h"
#include "../testutil.h"

static const char *arg(const char *text)
{
    return strcmp(text, "NULL") == 0 ? NULL : text;
}

/* Parses ADDR (see above) into `storage`; NULL for the word NULL. */
static struct sockaddr *address(const char *spec, struct sockaddr_storage *storage)
{
    char text[128];
    char *family, *ip, *port, *scope;

    memset(storage, 0, sizeof *storage);
    if (strcmp(spec, "NULL") == 0)
        return NULL;
    if (strcmp(spec, "unix") == 0) {
        struct sockaddr_un *un = (struct sockaddr_un *)storage;
        un->sun_family = AF_UNIX;
        strcpy(un->sun_path, "/tmp/socket");
        return (struct sockaddr *)storage;
    }
    snprintf(text, sizeof text, "%s", spec);
    family = strtok(text, ",");
    ip = strtok(NULL, ",");
    port = strtok(NULL, ",");
    scope = strtok(NULL, ",");
    if (family == NULL || ip == NULL || port == NULL) {
        fprintf(stderr, "bad address %s\n", spec);
        exit(2);
    }
    if (strcmp(family, "v4") == 0) {
        struct sockaddr_in *in = (struct sockaddr_in *)storage;
        in->sin_family = AF_INET;
        in->sin_port = htons((unsigned short)atoi(port));
        if (inet_pton(AF_INET, ip, &in->sin_addr) != 1)
            exit(2);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)storage;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((unsigned short)atoi(port));
        in6->sin6_scope_id = scope ? (uint32_t)atoi(scope) : 0;
        if (inet_pton(AF_INET6, ip, &in6->sin6_addr) != 1)
            exit(2);
    }
    return (struct sockaddr *)storage;
}

static const char *errno_name(int e)
{
    switch (e) {
    case ECONNREFUSED: return "ECONNREFUSED";
    case EADDRINUSE: return "EADDRINUSE";
    case EACCES: return "EACCES";
    case ENETUNREACH: return "ENETUNREACH";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    default: return "other";
    }
}

/* One line about a socket from a Setup function: family, listening, ports,
 * options (what the book's programs would find in it). */
static void describe(int sock)
{
    struct sockaddr_storage local, peer;
    socklen_t len = sizeof local, peer_len = sizeof peer;
    int v6only = -1;

    if (getsockname(sock, (struct sockaddr *)&local, &len) < 0)
        DieWithSystemMessage("getsockname() failed");
    if (local.ss_family == AF_INET6)
        v6only = int_option(sock, IPPROTO_IPV6, IPV6_V6ONLY);
    printf("family=%s listening=%d reuseaddr=%d cloexec=%d nonblock=%d v6only=%d local=",
           local.ss_family == AF_INET ? "AF_INET" : local.ss_family == AF_INET6 ? "AF_INET6" : "other",
           int_option(sock, SOL_SOCKET, SO_ACCEPTCONN), int_option(sock, SOL_SOCKET, SO_REUSEADDR) != 0,
           (fcntl(sock, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(sock, F_GETFL) & O_NONBLOCK) != 0, v6only);
    PrintSocketAddress((struct sockaddr *)&local, stdout);
    fputs(" peer=", stdout);
    if (getpeername(sock, (struct sockaddr *)&peer, &peer_len) == 0)
        PrintSocketAddress((struct sockaddr *)&peer, stdout);
    fputc('\n', stdout);
}

static volatile sig_atomic_t signals;

static void count_signal(int sig)
{
    (void)sig;
    signals++;
}

int main(int argc, char *argv[])
{
    struct sockaddr_storage a, b;

    if (argc < 2) {
        fputs("usage: practical command args...\n", stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "user") == 0 && argc == 4) {
        printf("program output\n"); /* unflushed: exit(1) must flush it */
        DieWithUserMessage(arg(argv[2]), arg(argv[3]));
    } else if (strcmp(cmd, "system") == 0 && argc == 4) {
        printf("program output\n");
        errno = atoi(argv[3]);
        DieWithSystemMessage(arg(argv[2]));
    } else if (strcmp(cmd, "print") == 0 && (argc == 3 || argc == 4)) {
        PrintSocketAddress(address(argv[2], &a), argc == 4 ? stderr : stdout);
    } else if (strcmp(cmd, "print-null-stream") == 0 && argc == 3) {
        PrintSocketAddress(address(argv[2], &a), NULL);
    } else if (strcmp(cmd, "equal") == 0 && argc == 4) {
        bool same = SockAddrsEqual(address(argv[2], &a), address(argv[3], &b));
        fputs(same ? "true" : "false", stdout);
    } else if (strcmp(cmd, "client") == 0 && argc == 4) {
        int sock = SetupTCPClientSocket(arg(argv[2]), arg(argv[3]));
        if (sock < 0) {
            printf("-1 %s\n", errno_name(errno));
            DieWithUserMessage("SetupTCPClientSocket() failed", "unable to connect");
        }
        describe(sock);
    } else if (strcmp(cmd, "server") == 0 && argc == 3) {
        printf("program output\n");
        int sock = SetupTCPServerSocket(arg(argv[2]));
        if (sock < 0) {
            printf("-1 %s\n", errno_name(errno));
            DieWithUserMessage("SetupTCPServerSocket() failed", argv[2]);
        }
        describe(sock);
    } else if (strcmp(cmd, "serve") == 0 && (argc == 4 || argc == 5)) {
        if (argc == 5) {
            struct sigaction action;
            memset(&action, 0, sizeof action);
            action.sa_handler = count_signal; /* no SA_RESTART */
            sigemptyset(&action.sa_mask);
            sigaction(SIGUSR1, &action, NULL);
        }
        printf("program output\n");
        int servSock = SetupTCPServerSocket(argv[2]);
        if (servSock < 0)
            DieWithUserMessage("SetupTCPServerSocket() failed", argv[2]);
        fprintf(stderr, "ready\n");
        for (int count = atoi(argv[3]); count > 0; count--) {
            int clntSock = AcceptTCPConnection(servSock);
            HandleTCPClient(clntSock);
            /* HandleTCPClient closed the socket. */
            printf("handled %s\n", fcntl(clntSock, F_GETFD) < 0 && errno == EBADF ? "closed" : "open");
        }
        if (argc == 5)
            printf("signals %s\n", signals > 0 ? "caught" : "none");
    } else if (strcmp(cmd, "accept") == 0 && argc == 3) {
        AcceptTCPConnection(atoi(argv[2]));
    } else if (strcmp(cmd, "handle") == 0 && argc == 3) {
        HandleTCPClient(atoi(argv[2]));
    } else {
        fprintf(stderr, "practical: unknown command or wrong argument count: %s\n", cmd);
        return 2;
    }
    return 0;
}
