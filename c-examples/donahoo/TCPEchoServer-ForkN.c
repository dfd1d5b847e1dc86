/*
 * TCPEchoServer-ForkN.c - a TCP echo server with a fixed pool of
 *                         pre-forked worker processes.
 *
 * What it does
 *   The parent creates the listening socket once and then fork()s
 *   <Process Limit> workers.  Each worker inherits the listening socket
 *   and loops forever: AcceptTCPConnection() (which prints
 *   "Handling client <IP>" on stdout), then HandleTCPClient().  The
 *   kernel hands each new connection to exactly one of the workers that
 *   are waiting in accept().  Forking happens only at start-up, not once
 *   per client, and at most <Process Limit> clients are served at once.
 *
 *   The parent itself serves nobody.  It sleeps until a signal arrives:
 *     SIGTERM or SIGINT -> send SIGTERM to every worker, wait for each
 *                          of them (so no zombie and no orphan remains),
 *                          and exit with status 0;
 *     SIGCHLD           -> a worker died: collect it with waitpid().
 *                          (Workers are not restarted; when the last
 *                          one is gone the parent exits with status 1.)
 *
 *   Waiting for signals without a race: a "check a flag, then pause()"
 *   loop can miss a signal that arrives between the check and pause().
 *   So the signals are blocked while we check, and sigsuspend()
 *   atomically unblocks them and sleeps.
 *
 *   On Linux each worker also asks the kernel (prctl PR_SET_PDEATHSIG)
 *   to send it SIGTERM if the parent dies, so even "kill -9 <parent>"
 *   leaves no orphaned workers behind.
 *
 * How to run it
 *   TCPEchoServer-ForkN <Server Port> <Process Limit>
 *     Process Limit  number of worker processes, 1 .. 1000
 *
 *   Stop it with Ctrl-C or "kill <parent pid>".
 *
 * Helpers used
 *   CreateTCPServerSocket(), AcceptTCPConnection(), HandleTCPClient(),
 *   DieWithError()
 *
 * Build
 *   gcc -Wall -Wextra -Werror TCPEchoServer-ForkN.c -o TCPEchoServer-ForkN -lsockshim
 */

#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

void DieWithError(char *errorMessage);
int  CreateTCPServerSocket(unsigned short port);
int  AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

#define MAX_PROCESSES 1000

/* The worker pool, as seen by the parent. */
static pid_t *workers;              /* pid of each worker, 0 = gone */
static int    numWorkers;           /* size of the array */
static int    liveWorkers;          /* how many are still running */

/* Set by the SIGTERM/SIGINT handler. */
static volatile sig_atomic_t stopRequested = 0;

/* parse_number - an integer in [min, max] from text, or exit. */
static long parse_number(const char *text, long min, long max,
                         const char *what)
{
    char *end;
    long value = strtol(text, &end, 10);

    if (end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "Invalid %s: %s\n", what, text);
        exit(1);
    }
    return value;
}

/* on_stop - SIGTERM/SIGINT handler: only remember the request. */
static void on_stop(int sig)
{
    (void)sig;
    stopRequested = 1;
}

/* on_child - SIGCHLD handler.  It does nothing but its existence makes
 * SIGCHLD interrupt sigsuspend(); with the default action the signal
 * would simply be discarded. */
static void on_child(int sig)
{
    (void)sig;
}

/* set_handler - install `handler` for `sig` with sigaction(). */
static void set_handler(int sig, void (*handler)(int))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = (sig == SIGCHLD) ? SA_NOCLDSTOP : 0;
    if (sigaction(sig, &sa, NULL) < 0)
        DieWithError("sigaction() failed");
}

/* worker_main - what every worker does, forever. */
static void worker_main(int servSock, const sigset_t *origMask, pid_t parent)
{
    signal(SIGTERM, SIG_DFL);       /* SIGTERM from the parent ends us */
    sigprocmask(SIG_SETMASK, origMask, NULL);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)        /* parent already gone? */
        exit(0);
#else
    (void)parent;
#endif
    for (;;)
        HandleTCPClient(AcceptTCPConnection(servSock));
}

/* stop_workers - SIGTERM every live worker and wait until all are gone. */
static void stop_workers(void)
{
    int i;

    for (i = 0; i < numWorkers; i++)
        if (workers[i] > 0)
            kill(workers[i], SIGTERM);
    for (i = 0; i < numWorkers; i++) {
        if (workers[i] <= 0)
            continue;
        while (waitpid(workers[i], NULL, 0) < 0 && errno == EINTR)
            ;
        workers[i] = 0;
    }
    liveWorkers = 0;
}

/* start_workers - fork the pool; on failure stop the ones started. */
static void start_workers(int servSock, const sigset_t *origMask)
{
    pid_t parent = getpid();
    int i;

    for (i = 0; i < numWorkers; i++) {
        fflush(stdout);             /* nothing buffered gets duplicated */
        workers[i] = fork();
        if (workers[i] == 0)
            worker_main(servSock, origMask, parent);
        if (workers[i] < 0) {
            perror("fork() failed");
            workers[i] = 0;
            stop_workers();
            exit(1);
        }
        liveWorkers++;
    }
}

/* forget_worker - mark the worker with this pid as gone. */
static void forget_worker(pid_t pid)
{
    int i;

    for (i = 0; i < numWorkers; i++) {
        if (workers[i] == pid) {
            workers[i] = 0;
            liveWorkers--;
            return;
        }
    }
}

/* reap_dead_workers - collect every worker that has already exited. */
static void reap_dead_workers(void)
{
    pid_t pid;

    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
        forget_worker(pid);
}

int main(int argc, char *argv[])
{
    sigset_t blocked, origMask;
    int servSock;

    if (argc != 3) {
        fprintf(stderr, "Usage: %s <Server Port> <Process Limit>\n", argv[0]);
        exit(1);
    }
    servSock = CreateTCPServerSocket(
        (unsigned short)parse_number(argv[1], 1, 65535, "port"));
    numWorkers = (int)parse_number(argv[2], 1, MAX_PROCESSES,
                                   "process limit");
    workers = calloc((size_t)numWorkers, sizeof *workers);
    if (workers == NULL)
        DieWithError("calloc() failed");

    /* Block the signals we wait for; they stay pending until
     * sigsuspend() below lets them in. */
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGCHLD);
    sigprocmask(SIG_BLOCK, &blocked, &origMask);

    start_workers(servSock, &origMask);

    /* Handlers only now, so the workers keep the default actions. */
    set_handler(SIGTERM, on_stop);
    set_handler(SIGINT, on_stop);
    set_handler(SIGCHLD, on_child);

    while (!stopRequested && liveWorkers > 0) {
        sigsuspend(&origMask);      /* sleep until one of them arrives */
        reap_dead_workers();
    }

    if (stopRequested) {
        stop_workers();
        return 0;
    }
    fprintf(stderr, "all worker processes have exited\n");
    return 1;
}
