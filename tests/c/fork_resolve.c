/*
 * fork_resolve.c -- test program for fork safety.  While THREADS threads
 * resolve "localhost" and numeric hosts through the library without pause
 * (Comer & Stevens' connectUDP, the sockshim_* API, and the getaddrinfo
 * paths of the Practical.h, UNP and CS:APP layers, connecting to a listener
 * of this process; their symbols are declared by their prefixed names, as
 * the books' headers bind them), the main
 * thread forks FORKS children, at most 8 at a time.  Each child resolves
 * the same names through the same paths itself and exits 0.  A child still
 * running after LIMIT seconds is ended by its alarm and counted as hung.
 *
 *   fork_resolve FORKS THREADS LIMIT
 *
 * Prints "forks=N hung=H failed=F" and exits 0 when H and F are 0.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sockshim/practical/Practical.h"

int connectUDP(const char *host, const char *service);
int sockshim_listen(const char *host, const char *service, const char *transport, int qlen);
int sockshim_local_port(int fd);
int sockshim_unp_tcp_connect(const char *host, const char *serv);   /* unp.h's tcp_connect */
int sockshim_csapp_open_clientfd(char *hostname, char *port);       /* csapp.h's open_clientfd */
void sockshim_csapp_Getaddrinfo(const char *node, const char *service,
                                const struct addrinfo *hints, struct addrinfo **res);

static char port[16];           /* the listener's port, as text */

/* One round of lookups; returns 0 when every one worked. */
static int resolve_all(void)
{
    static const char *hosts[] = { "localhost", "127.0.0.1", " 127.0.0.1\n", "LocalHost." };
    int failed = 0;

    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
        int fd = connectUDP(hosts[i], "9");     /* exits on failure */
        close(fd);
        if ((fd = sockshim_listen(hosts[i], "0", "udp", 0)) < 0)
            failed = 1;
        else
            close(fd);
        if ((fd = SetupTCPClientSocket(hosts[i], port)) < 0)
            failed = 1;
        else
            close(fd);
        fd = sockshim_unp_tcp_connect(hosts[i], port);   /* exits on failure */
        close(fd);
        if ((fd = sockshim_csapp_open_clientfd((char *)hosts[i], port)) < 0)
            failed = 1;
        else
            close(fd);
        /* CS:APP's Getaddrinfo with the book's hints (AI_ADDRCONFIG). */
        struct addrinfo hints, *list;
        memset(&hints, 0, sizeof hints);
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
        sockshim_csapp_Getaddrinfo(hosts[i], port, &hints, &list);  /* exits on failure */
        freeaddrinfo(list);
    }
    return failed;
}

static void *resolver(void *arg)
{
    (void)arg;
    for (;;)
        if (resolve_all() != 0) {
            fprintf(stderr, "a lookup failed in a thread\n");
            exit(2);
        }
    return NULL;
}

/* Accepts and closes the connections the lookups make. */
static void *acceptor(void *arg)
{
    int listener = *(int *)arg;
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd >= 0)
            close(fd);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s forks threads limit\n", argv[0]);
        return 2;
    }
    int forks = atoi(argv[1]), threads = atoi(argv[2]), limit = atoi(argv[3]);
    int listener = sockshim_listen("127.0.0.1", "0", "tcp", 1024);
    if (listener < 0) {
        perror("sockshim_listen");
        return 2;
    }
    snprintf(port, sizeof port, "%d", sockshim_local_port(listener));
    pthread_t th;
    if (pthread_create(&th, NULL, acceptor, &listener) != 0)
        return 2;
    for (int i = 0; i < threads; i++)
        if (pthread_create(&th, NULL, resolver, NULL) != 0)
            return 2;

    int started = 0, running = 0, hung = 0, failed = 0, status;
    while (started < forks || running > 0) {
        if (started < forks && running < 8) {
            pid_t pid = fork();
            if (pid == 0) {
                alarm((unsigned)limit);
                exit(resolve_all());
            }
            if (pid < 0) {
                perror("fork");
                return 2;
            }
            started++;
            running++;
            continue;
        }
        pid_t done = waitpid(-1, &status, 0);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            perror("waitpid");
            return 2;
        }
        running--;
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
            hung++;
        else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failed++;
    }
    printf("forks=%d hung=%d failed=%d\n", started, hung, failed);
    fflush(stdout);
    _exit(hung == 0 && failed == 0 ? 0 : 1);
}
