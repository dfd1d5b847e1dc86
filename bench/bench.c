/*
 * bench.c -- `make bench`: sockshim against raw C loops, side by side.
 *
 *  1. connections per second: connectTCP()+close() vs socket()+connect()+close()
 *  2. echo throughput: HandleTCPClient vs a raw 64 KiB recv/send loop vs the
 *     textbook's 32-byte loop
 *
 * Everything runs on 127.0.0.1 on free ports.  Variants alternate over several
 * rounds (which side goes first alternates too) and the best round of each
 * counts, so a noisy neighbour hurts both sides alike.  A run makes 16000
 * connections; run it again within a minute and TIME_WAIT sockets may slow
 * both connect loops.  This is a benchmark, not a test: it asserts nothing.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int connectTCP(const char *host, const char *service);
void HandleTCPClient(int clntSocket);
int errexit(const char *format, ...);

#define ROUNDS 8
#define CONNECTS_PER_ROUND 1000
#define ECHO_BYTES (32L << 20)
#define TEXTBOOK_ECHO_BYTES (4L << 20)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A listening socket on 127.0.0.1 and a free port; returns the socket. */
static int listen_loopback(unsigned short *port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(s, 128) < 0)
        errexit("bench: cannot listen on loopback\n");
    getsockname(s, (struct sockaddr *)&addr, &len);
    *port = ntohs(addr.sin_port);
    return s;
}

static void *accept_and_close(void *arg)
{
    int s = *(int *)arg;
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c >= 0)
            close(c);
    }
    return NULL;
}

static double raw_connects(unsigned short port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    double start = now();
    for (int i = 0; i < CONNECTS_PER_ROUND; i++) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) < 0)
            errexit("bench: raw connect failed\n");
        close(s);
    }
    return CONNECTS_PER_ROUND / (now() - start);
}

static double shim_connects(const char *service)
{
    double start = now();
    for (int i = 0; i < CONNECTS_PER_ROUND; i++)
        close(connectTCP("127.0.0.1", service));
    return CONNECTS_PER_ROUND / (now() - start);
}

/* Echo server loops, each run in a child process on one connection. */
static void echo_raw(int c, size_t bufsize)
{
    char *buf = malloc(bufsize);
    ssize_t n;
    while ((n = recv(c, buf, bufsize, 0)) > 0)
        for (ssize_t off = 0; off < n;) {
            ssize_t m = send(c, buf + off, (size_t)(n - off), MSG_NOSIGNAL);
            if (m <= 0)
                exit(1);
            off += m;
        }
    close(c);
}

struct sender { int s; long bytes; };

static void *send_all(void *arg)
{
    struct sender *job = arg;
    static char chunk[65536];
    for (long left = job->bytes; left > 0;) {
        size_t want = left < (long)sizeof chunk ? (size_t)left : sizeof chunk;
        ssize_t n = send(job->s, chunk, want, 0);
        if (n <= 0)
            errexit("bench: send failed\n");
        left -= n;
    }
    shutdown(job->s, SHUT_WR);
    return NULL;
}

/* MiB/s through an echo server of the given kind (0 shim, 1 raw 64K, 2 raw 32 bytes). */
static double echo_rate(int kind, long bytes)
{
    unsigned short port;
    int ls = listen_loopback(&port);
    pid_t pid = fork();
    if (pid == 0) {
        int c = accept(ls, NULL, NULL);
        if (kind == 0)
            HandleTCPClient(c);
        else
            echo_raw(c, kind == 1 ? 65536 : 32);
        _exit(0);
    }
    close(ls);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&addr, sizeof addr) < 0)
        errexit("bench: echo connect failed\n");
    struct sender job = { s, bytes };
    pthread_t tid;
    static char buf[65536];
    double start = now();
    pthread_create(&tid, NULL, send_all, &job);
    long got = 0;
    ssize_t n;
    while ((n = recv(s, buf, sizeof buf, 0)) > 0)
        got += n;
    double secs = now() - start;
    pthread_join(tid, NULL);
    close(s);
    waitpid(pid, NULL, 0);
    if (got != bytes)
        errexit("bench: echo returned %ld of %ld bytes\n", got, bytes);
    return (double)bytes / (1 << 20) / secs;
}

static double max(double a, double b) { return a > b ? a : b; }

int main(void)
{
    unsigned short port;
    char service[16];
    pthread_t tid;
    int ls = listen_loopback(&port);

    signal(SIGPIPE, SIG_IGN);
    snprintf(service, sizeof service, "%u", port);
    pthread_create(&tid, NULL, accept_and_close, &ls);

    double raw = 0, shim = 0;
    for (int r = 0; r < ROUNDS; r++) {
        if (r % 2 == 0) {
            raw = max(raw, raw_connects(port));
            shim = max(shim, shim_connects(service));
        } else {
            shim = max(shim, shim_connects(service));
            raw = max(raw, raw_connects(port));
        }
    }
    printf("%-44s %12s %12s %8s\n", "benchmark (best of 8 rounds)", "sockshim", "raw C", "ratio");
    printf("%-44s %12.0f %12.0f %8.3f   (target >= 0.97)\n", "connectTCP+close vs socket+connect+close /s",
           shim, raw, shim / raw);

    double echo_shim = 0, echo_raw64 = 0, echo_32 = 0;
    for (int r = 0; r < ROUNDS; r++) {
        int first = r % 2; /* alternate which side goes first */
        double a = echo_rate(first, ECHO_BYTES), b = echo_rate(1 - first, ECHO_BYTES);
        echo_shim = max(echo_shim, first == 0 ? a : b);
        echo_raw64 = max(echo_raw64, first == 0 ? b : a);
    }
    echo_32 = echo_rate(2, TEXTBOOK_ECHO_BYTES);
    printf("%-44s %12.1f %12.1f %8.3f   (target >= 0.9)\n", "HandleTCPClient vs raw 64 KiB echo, MiB/s",
           echo_shim, echo_raw64, echo_shim / echo_raw64);
    printf("%-44s %12s %12.1f %8.3f   (of raw 64 KiB)\n", "textbook 32-byte echo loop, MiB/s", "",
           echo_32, echo_32 / echo_raw64);
    return 0;
}
