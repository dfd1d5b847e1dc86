/*
 * api.c -- test: the non-exiting sockshim_* API, checked from C.
 *
 *   api CLOSED_PORT FULL_PORT
 *
 * CLOSED_PORT has no listener; FULL_PORT has a listener whose accept queue
 * is full, so a connect to it hangs.  Prints one line per check and
 * "all checks passed"; exits 1 at the first failed check.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <sockshim.h>

static int checks;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        checks++;                                                            \
        if (!(cond)) {                                                       \
            printf("FAILED check %d (line %d): %s: ", checks, __LINE__, #cond); \
            printf(__VA_ARGS__);                                             \
            printf(" [errno %d %s; last error: %s]\n", errno, strerror(errno), \
                   sockshim_last_error());                                   \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

static double now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* A connected pair over loopback made with the API: (client, server side). */
static void connected_pair(int *client, int *server)
{
    char port[16];
    int listener = sockshim_listen("127.0.0.1", "0", "tcp", 5);
    CHECK(listener >= 0, "listen on an ephemeral port");
    int p = sockshim_local_port(listener);
    CHECK(p > 0, "local port %d", p);
    snprintf(port, sizeof port, "%d", p);
    *client = sockshim_connect("localhost", port, "tcp", 2000);
    CHECK(*client >= 0, "connect to localhost.%s", port);
    *server = accept(listener, NULL, NULL);
    CHECK(*server >= 0, "accept");
    close(listener);
}

static void *other_thread(void *arg)
{
    (void)arg;
    int fd = sockshim_connect("127.0.0.1", "80abc", "tcp", 0);
    if (fd != -1 || errno != ENOENT)
        return (void *)1;
    return strcmp(sockshim_last_error(), "can't get \"80abc\" service entry") == 0 ? NULL : (void *)2;
}

int main(int argc, char **argv)
{
    char buf[64];
    int client, server;

    if (argc != 3)
        return 2;
    const char *closed = argv[1], *full = argv[2];
    char expect[128];

    /* Refused, with the textbook wording in last_error. */
    errno = 0;
    CHECK(sockshim_connect("127.0.0.1", closed, "tcp", 0) == -1 && errno == ECONNREFUSED, "refused");
    snprintf(expect, sizeof expect, "can't connect to 127.0.0.1.%s: Connection refused", closed);
    CHECK(strcmp(sockshim_last_error(), expect) == 0, "message %s", sockshim_last_error());

    /* NULL and invalid arguments: EINVAL; unknown names: ENOENT. */
    errno = 0;
    CHECK(sockshim_connect(NULL, "7", "tcp", 0) == -1 && errno == EINVAL, "NULL host");
    CHECK(sockshim_connect("127.0.0.1", NULL, "tcp", 0) == -1 && errno == EINVAL, "NULL service");
    CHECK(sockshim_connect("127.0.0.1", "7", NULL, 0) == -1 && errno == EINVAL, "NULL transport");
    CHECK(sockshim_listen(NULL, NULL, "tcp", 5) == -1 && errno == EINVAL, "NULL service");
    CHECK(sockshim_connect("127.0.0.1", "65536", "tcp", 0) == -1 && errno == EINVAL, "port out of range");
    CHECK(sockshim_connect("127.0.0.1", "7", "nosuchproto", 0) == -1 && errno == EINVAL, "bad transport");
    CHECK(sockshim_connect("127.0.0.1", "nosuchservice", "tcp", 0) == -1 && errno == ENOENT, "unknown service");
    CHECK(strcmp(sockshim_last_error(), "can't get \"nosuchservice\" service entry") == 0, "%s",
          sockshim_last_error());
    CHECK(sockshim_connect("no-such-host.invalid", "7", "tcp", 0) == -1 && errno == ENOENT, "unknown host");
    CHECK(sockshim_local_port(-1) == -1 && errno == EBADF, "local port of a bad descriptor");
    CHECK(sockshim_readline(0, NULL, 10) == -1 && errno == EINVAL, "readline NULL buffer");
    CHECK(sockshim_readline(0, buf, 1) == -1 && errno == EINVAL, "readline maxlen 1");
    CHECK(sockshim_readn(0, NULL, 5) == -1 && errno == EINVAL, "readn NULL buffer");
    CHECK(sockshim_writen(1, NULL, 5) == -1 && errno == EINVAL, "writen NULL buffer");
    CHECK(sockshim_readn(-1, buf, 5) == -1 && errno == EBADF, "readn bad descriptor");

    /* The last error is per thread. */
    pthread_t tid;
    void *result;
    pthread_create(&tid, NULL, other_thread, NULL);
    pthread_join(tid, &result);
    CHECK(result == NULL, "other thread's own error (%p)", result);
    CHECK(strstr(sockshim_last_error(), "readn") != NULL, "this thread's error kept: %s", sockshim_last_error());

    /* A timeout against a listener whose accept queue is full. */
    double start = now();
    errno = 0;
    CHECK(sockshim_connect("127.0.0.1", full, "tcp", 300) == -1 && errno == ETIMEDOUT, "timed out");
    CHECK(now() - start < 5.0, "took %.1f s", now() - start);

    /* Data: writen, readn, readline without hidden state. */
    connected_pair(&client, &server);
    const char *text = "first line\nsecond line\nrest";
    CHECK(sockshim_writen(client, text, strlen(text)) == (ssize_t)strlen(text), "writen");
    shutdown(client, SHUT_WR);
    CHECK(sockshim_readline(server, buf, sizeof buf) == 11 && strcmp(buf, "first line\n") == 0, "line 1: %s", buf);
    CHECK(sockshim_readline(server, buf, 8) == 7 && strcmp(buf, "second ") == 0, "a long line in pieces: %s", buf);
    CHECK(read(server, buf, 5) == 5 && memcmp(buf, "line\n", 5) == 0, "plain read sees the next byte");
    memset(buf, 0, sizeof buf);
    CHECK(sockshim_readn(server, buf, 10) == 4 && strcmp(buf, "rest") == 0, "readn stops at EOF: %s", buf);
    CHECK(sockshim_readline(server, buf, sizeof buf) == 0 && buf[0] == '\0', "readline at EOF");
    close(client);

    /* writen to a vanished peer: EPIPE, and no SIGPIPE kills us. */
    close(server);
    connected_pair(&client, &server);
    close(server);
    static char big[1 << 20];
    ssize_t sent = 0;
    for (int i = 0; i < 20 && sent >= 0; i++) {
        sent = sockshim_writen(client, big, sizeof big);
        usleep(10000);
    }
    CHECK(sent == -1 && (errno == EPIPE || errno == ECONNRESET), "writen to a closed peer: %zd", sent);
    close(client);

    /* Pipes too: writen never raises SIGPIPE. */
    int fds[2];
    CHECK(pipe(fds) == 0, "pipe");
    close(fds[0]);
    CHECK(sockshim_writen(fds[1], "x", 1) == -1 && errno == EPIPE, "writen to a pipe without reader");
    sigset_t pending;
    sigpending(&pending);
    CHECK(!sigismember(&pending, SIGPIPE), "no SIGPIPE left pending");
    close(fds[1]);

    /* readline on a pipe (not a socket): byte by byte, still exact. */
    CHECK(pipe(fds) == 0, "pipe");
    CHECK(write(fds[1], "a\nb\n", 4) == 4, "write");
    CHECK(sockshim_readline(fds[0], buf, sizeof buf) == 2 && strcmp(buf, "a\n") == 0, "pipe line 1");
    CHECK(read(fds[0], buf, 2) == 2 && memcmp(buf, "b\n", 2) == 0, "pipe rest");
    close(fds[0]);
    close(fds[1]);

    /* UDP: listen on an ephemeral port, connect, exchange a datagram. */
    int udp_server = sockshim_listen(NULL, "0", "udp", 0);
    CHECK(udp_server >= 0, "udp listen");
    char port[16];
    snprintf(port, sizeof port, "%d", sockshim_local_port(udp_server));
    int udp_client = sockshim_connect("127.0.0.1", port, "udp", 0);
    CHECK(udp_client >= 0, "udp connect");
    CHECK(sockshim_writen(udp_client, "dgram", 5) == 5, "udp send");
    CHECK(recv(udp_server, buf, sizeof buf, 0) == 5 && memcmp(buf, "dgram", 5) == 0, "udp receive");

    printf("all %d checks passed\n", checks);
    return 0;
}
