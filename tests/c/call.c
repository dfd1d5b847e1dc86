/*
 * call.c -- test driver: calls one textbook helper with the arguments given
 * on the command line and describes the descriptor it returns (its local
 * and peer ports among other things).
 *
 *   call [-p PORTBASE] [-n MAXFDS] [-l ERRNO] FUNCTION ARG...
 *
 * -l makes every listen(2) fail with ERRNO (a seccomp filter): nothing else
 * makes listen fail on a socket the helper has just bound.
 * The word NULL stands for a NULL pointer.  On success it prints
 *   ok family=AF_INET type=SOCK_STREAM port=N reuseaddr=1 cloexec=0 nonblock=0
 * and exits 0; on failure the helper itself prints and exits.
 */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "testutil.h"

int connectTCP(const char *host, const char *service);
int connectUDP(const char *host, const char *service);
int connectsock(const char *host, const char *service, const char *transport);
int passiveTCP(const char *service, int qlen);
int passiveUDP(const char *service);
int passivesock(const char *service, const char *transport, int qlen);
int errexit(const char *format, ...);
extern unsigned short portbase;
void DieWithError(char *errorMessage);
int CreateTCPServerSocket(unsigned short port);
int AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

static const char *arg(char **argv, int i)
{
    return strcmp(argv[i], "NULL") == 0 ? NULL : argv[i];
}

/* The port of an IPv4 or IPv6 socket address, 0 for another family. */
static int port_of(const struct sockaddr_storage *addr)
{
    if (addr->ss_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)addr)->sin_port);
    if (addr->ss_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)addr)->sin6_port);
    return 0;
}

static void describe(int fd)
{
    struct sockaddr_storage addr, peer;
    socklen_t len = sizeof addr, peer_len = sizeof peer;
    int type = int_option(fd, SOL_SOCKET, SO_TYPE);
    int peer_port = 0;

    if (fd < 0 || getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
        printf("bad descriptor %d\n", fd);
        exit(2);
    }
    if (getpeername(fd, (struct sockaddr *)&peer, &peer_len) == 0)
        peer_port = port_of(&peer);
    printf("ok family=%s type=%s port=%d peer=%d reuseaddr=%d cloexec=%d nonblock=%d\n",
           addr.ss_family == AF_INET ? "AF_INET" : addr.ss_family == AF_INET6 ? "AF_INET6" : "other",
           type == SOCK_STREAM ? "SOCK_STREAM" : type == SOCK_DGRAM ? "SOCK_DGRAM" : "other",
           port_of(&addr), peer_port, int_option(fd, SOL_SOCKET, SO_REUSEADDR) != 0,
           (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
}

static void limit_descriptors(int max)
{
    struct rlimit limit = { (rlim_t)max, (rlim_t)max };
    if (setrlimit(RLIMIT_NOFILE, &limit) < 0) {
        perror("setrlimit");
        exit(2);
    }
}

/* From now on every listen(2) of this process fails with `error`. */
static void fail_listen(int error)
{
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_listen, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((unsigned)error & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = { sizeof filter / sizeof filter[0], filter };

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0
        || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) < 0) {
        perror("seccomp");
        exit(2);
    }
}

int main(int argc, char **argv)
{
    int i = 1;
    int maxfds = 0, listen_error = 0;

    while (i + 1 < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "-p") == 0)
            portbase = (unsigned short)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-n") == 0)
            maxfds = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-l") == 0)
            listen_error = atoi(argv[i + 1]);
        i += 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: call [-p portbase] [-n maxfds] [-l errno] function args...\n");
        return 2;
    }
    if (maxfds > 0)
        limit_descriptors(maxfds);
    if (listen_error > 0)
        fail_listen(listen_error);

    const char *fn = argv[i];
    char **a = argv + i;
    int n = argc - i - 1;
    if (strcmp(fn, "connectTCP") == 0 && n == 2)
        describe(connectTCP(arg(a, 1), arg(a, 2)));
    else if (strcmp(fn, "connectUDP") == 0 && n == 2)
        describe(connectUDP(arg(a, 1), arg(a, 2)));
    else if (strcmp(fn, "connectsock") == 0 && n == 3)
        describe(connectsock(arg(a, 1), arg(a, 2), arg(a, 3)));
    else if (strcmp(fn, "passiveTCP") == 0 && n == 2)
        describe(passiveTCP(arg(a, 1), atoi(a[2])));
    else if (strcmp(fn, "passiveUDP") == 0 && n == 1)
        describe(passiveUDP(arg(a, 1)));
    else if (strcmp(fn, "passivesock") == 0 && n == 3)
        describe(passivesock(arg(a, 1), arg(a, 2), atoi(a[3])));
    else if (strcmp(fn, "CreateTCPServerSocket") == 0 && n == 1)
        describe(CreateTCPServerSocket((unsigned short)atoi(a[1])));
    else if (strcmp(fn, "AcceptTCPConnection") == 0 && n == 1)
        describe(AcceptTCPConnection(atoi(a[1])));
    else if (strcmp(fn, "HandleTCPClient") == 0 && n == 1)
        HandleTCPClient(atoi(a[1]));
    else if (strcmp(fn, "errexit") == 0 && n == 2)
        errexit(arg(a, 1), arg(a, 2));
    else if (strcmp(fn, "DieWithError") == 0 && n == 1)
        DieWithError((char *)arg(a, 1));
    else {
        fprintf(stderr, "call: unknown function or wrong argument count: %s\n", fn);
        return 2;
    }
    return 0;
}
