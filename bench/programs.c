/*
 * programs.c -- `make bench`: the rows that are not one call.
 *
 *   programs throughput ROUNDS MIB    MiB/s through HandleTCPClient (both
 *                                     editions) and a raw recv/send loop with
 *                                     the same 128 KiB buffer
 *   programs pingpong ROUNDS TRIPS    round-trip ns for 1 B and 100 B messages:
 *                                     HandleTCPClient, the raw loop, and a
 *                                     textbook 32-byte loop
 *   programs startup ROUNDS RUNS A B  start-to-exit ns of programs A and B
 *   programs sessions ROUNDS N A B    ns per client session of the fork-per-
 *                                     client servers A and B (run as `A PORT`)
 *
 * Variants alternate call by call (the order alternating too); each output
 * line is one round: its name, the round, then the median of each variant.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"

void HandleTCPClient(int clntSocket);
void sockshim_practical_HandleTCPClient(int clntSocket);

/*
 * The echo and session rows run every process on the CPU this one is on:
 * in a VM a wake-up across CPUs costs a variable extra 10 us or so, and a
 * CPU may be busy with other work for a while, which would favour one
 * long-lived server over the other at random.
 */
static void one_cpu(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(sched_getcpu(), &set);
    sched_setaffinity(0, sizeof set, &set);
}

/* ---- echo servers, one connection each, in a child process ---- */

static void echo_loop(int c, size_t size)
{
    char *buf = malloc(size);
    ssize_t n;
    while ((n = recv(c, buf, size, 0)) > 0)
        for (ssize_t off = 0; off < n;) {
            ssize_t m = send(c, buf + off, (size_t)(n - off), MSG_NOSIGNAL);
            if (m <= 0)
                _exit(1);
            off += m;
        }
    close(c);
}

enum server { SHIM, SHIM2, RAW, TEXTBOOK };

/* A connection to a fresh echo server of the given kind. */
static int echo_server(enum server kind, pid_t *pid)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls < 0 || bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(ls, 1) < 0)
        die("echo listener");
    getsockname(ls, (struct sockaddr *)&addr, &len);
    if ((*pid = fork()) == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        for (int fd = 3; fd < 64; fd++) /* the other servers' client ends */
            if (fd != ls)
                close(fd);
        int c = accept(ls, NULL, NULL);
        switch (kind) {
        case SHIM: HandleTCPClient(c); break;
        case SHIM2: sockshim_practical_HandleTCPClient(c); break;
        case RAW: echo_loop(c, 128 * 1024); break;
        case TEXTBOOK: echo_loop(c, 32); break;
        }
        _exit(0);
    }
    close(ls);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) < 0)
        die("echo connect");
    return s;
}

static void finish(int s, pid_t pid)
{
    close(s);
    waitpid(pid, NULL, 0);
}

struct sender { int s; long long bytes; };

static void *send_bytes(void *arg)
{
    static char chunk[128 * 1024];
    struct sender *job = arg;
    for (long long left = job->bytes; left > 0;) {
        ssize_t n = send(job->s, chunk, left < (long long)sizeof chunk ? (size_t)left : sizeof chunk, 0);
        if (n <= 0)
            die("send");
        left -= n;
    }
    shutdown(job->s, SHUT_WR);
    return NULL;
}

/* MiB/s of one transfer through a server of the given kind. */
static double transfer(enum server kind, long long bytes)
{
    static char buf[128 * 1024];
    pid_t pid;
    int s = echo_server(kind, &pid);
    struct sender job = { s, bytes };
    pthread_t tid;
    long long got = 0, start = now_ns();
    ssize_t n;
    pthread_create(&tid, NULL, send_bytes, &job);
    while ((n = recv(s, buf, sizeof buf, 0)) > 0)
        got += n;
    double secs = (double)(now_ns() - start) / 1e9;
    pthread_join(tid, NULL);
    finish(s, pid);
    if (got != bytes)
        die("short echo");
    return (double)bytes / (1 << 20) / secs;
}

static void throughput(int rounds, int mib)
{
    enum server order[] = { SHIM, SHIM2, RAW };
    for (int r = 0; r < rounds; r++) {
        double rate[3];
        for (int i = 0; i < 3; i++) {
            int k = (i + r) % 3; /* rotate which goes first */
            rate[k] = transfer(order[k], (long long)mib << 20);
        }
        printf("throughput %d %.0f %.0f %.0f\n", r, rate[0], rate[1], rate[2]);
        fflush(stdout);
    }
}

/* One round trip of `size` bytes; returns its ns. */
static long long trip(int s, int size)
{
    char msg[100] = "x", back[100];
    long long start = now_ns();
    if (send(s, msg, (size_t)size, 0) != size)
        die("ping send");
    for (int got = 0; got < size;) {
        ssize_t n = recv(s, back + got, (size_t)(size - got), 0);
        if (n <= 0)
            die("ping recv");
        got += (int)n;
    }
    return now_ns() - start;
}

/* The textbook loop at 100 B pays Nagle plus a delayed ACK (~40 ms a trip): few trips. */
static void pingpong(int rounds, int trips)
{
    static const int sizes[] = { 1, 100 };
    long long *shim = calloc((size_t)trips, sizeof *shim), *raw = calloc((size_t)trips, sizeof *raw),
              *book = calloc((size_t)trips, sizeof *book);
    for (int z = 0; z < 2; z++) {
        pid_t p[3];
        int s[3] = { echo_server(SHIM, &p[0]), echo_server(RAW, &p[1]), echo_server(TEXTBOOK, &p[2]) };
        int book_trips = sizes[z] > 32 ? 3 : trips;
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < trips; t++) {
                int shim_first = (t + r) % 2;
                long long first = trip(s[shim_first ? 0 : 1], sizes[z]);
                long long second = trip(s[shim_first ? 1 : 0], sizes[z]);
                shim[t] = shim_first ? first : second;
                raw[t] = shim_first ? second : first;
                if (t < book_trips)
                    book[t] = trip(s[2], sizes[z]);
            }
            printf("pingpong%d %d %lld %lld %lld\n", sizes[z], r, median(shim, trips), median(raw, trips),
                   median(book, book_trips));
            fflush(stdout);
        }
        for (int i = 0; i < 3; i++)
            finish(s[i], p[i]);
    }
}

/* ---- whole programs ---- */

static long long run_once(char *const argv[])
{
    long long start = now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die(argv[0]);
    return now_ns() - start;
}

static void startup(int rounds, int runs, char *a, char *b)
{
    long long *ta = calloc((size_t)runs, sizeof *ta), *tb = calloc((size_t)runs, sizeof *tb);
    char *argv_a[] = { a, NULL }, *argv_b[] = { b, NULL };
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < runs; i++) {
            int a_first = (i + r) % 2;
            long long first = run_once(a_first ? argv_a : argv_b);
            long long second = run_once(a_first ? argv_b : argv_a);
            ta[i] = a_first ? first : second;
            tb[i] = a_first ? second : first;
        }
        printf("startup %d %lld %lld\n", r, median(ta, runs), median(tb, runs));
        fflush(stdout);
    }
}

/* Starts `program PORT` on a free port, its output to /dev/null; waits until it accepts. */
static pid_t start_server(char *program, struct sockaddr_in *addr)
{
    socklen_t len = sizeof *addr;
    char port[8];
    int probe = socket(AF_INET, SOCK_STREAM, 0);
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(probe, (struct sockaddr *)addr, sizeof *addr) < 0)
        die("free port");
    getsockname(probe, (struct sockaddr *)addr, &len);
    close(probe);
    snprintf(port, sizeof port, "%u", ntohs(addr->sin_port));
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        execl(program, program, port, (char *)NULL);
        _exit(127);
    }
    for (int tries = 0; tries < 500; tries++) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(s, (struct sockaddr *)addr, sizeof *addr) == 0) {
            close(s);
            return pid;
        }
        close(s);
        usleep(10000);
    }
    fprintf(stderr, "programs: %s did not start\n", program);
    exit(2);
}

/* One client session: connect, 20 bytes there and back, close. */
static long long session(const struct sockaddr_in *addr)
{
    char msg[20] = "hello, fork server", back[64];
    ssize_t n, got = 0;
    long long start = now_ns();
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || connect(s, (const struct sockaddr *)addr, sizeof *addr) < 0)
        die("session connect");
    if (send(s, msg, sizeof msg, 0) != sizeof msg)
        die("session send");
    shutdown(s, SHUT_WR);
    while ((n = recv(s, back, sizeof back, 0)) > 0)
        got += n;
    close(s);
    if (got != sizeof msg)
        die("session echo");
    return now_ns() - start;
}

static void sessions(int rounds, int n, char *a, char *b)
{
    struct sockaddr_in addr_a, addr_b;
    pid_t pa = start_server(a, &addr_a), pb = start_server(b, &addr_b);
    long long *ta = calloc((size_t)n, sizeof *ta), *tb = calloc((size_t)n, sizeof *tb);
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < n; i++) {
            int a_first = (i + r) % 2;
            long long first = session(a_first ? &addr_a : &addr_b);
            long long second = session(a_first ? &addr_b : &addr_a);
            ta[i] = a_first ? first : second;
            tb[i] = a_first ? second : first;
        }
        printf("sessions %d %lld %lld\n", r, median(ta, n), median(tb, n));
        fflush(stdout);
    }
    kill(pa, SIGKILL);
    kill(pb, SIGKILL);
    waitpid(pa, NULL, 0);
    waitpid(pb, NULL, 0);
}

int main(int argc, char *argv[])
{
    signal(SIGPIPE, SIG_IGN);
    if (argc == 4 && strcmp(argv[1], "throughput") == 0)
        one_cpu(), throughput(atoi(argv[2]), atoi(argv[3]));
    else if (argc == 4 && strcmp(argv[1], "pingpong") == 0)
        one_cpu(), pingpong(atoi(argv[2]), atoi(argv[3]));
    else if (argc == 6 && strcmp(argv[1], "startup") == 0)
        startup(atoi(argv[2]), atoi(argv[3]), argv[4], argv[5]);
    else if (argc == 6 && strcmp(argv[1], "sessions") == 0)
        one_cpu(), sessions(atoi(argv[2]), atoi(argv[3]), argv[4], argv[5]);
    else {
        fprintf(stderr, "usage: programs throughput ROUNDS MIB | pingpong ROUNDS TRIPS\n"
                        "     | startup ROUNDS RUNS A B | sessions ROUNDS N A B\n");
        return 2;
    }
    return 0;
}
