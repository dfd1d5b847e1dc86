/*
 * echoservert_pre.c -- prethreaded line echo server, CS:APP style.
 *
 *   echoservert_pre <port>
 *
 * The main thread accepts connections and puts their descriptors into a
 * small bounded buffer; NWORKERS threads, started once, take descriptors
 * out and echo.  The buffer is guarded by three semaphores (P waits, V
 * posts): one for the buffer itself, one counting free slots, one counting
 * waiting descriptors.  Pthread_once announces the first worker that runs.
 */
#include "csapp.h"

#define NWORKERS 4
#define NSLOTS 8

static int slot[NSLOTS];
static int first, last; /* next slot to take from, next slot to fill */
static sem_t mutex, free_slots, waiting;

static void put_fd(int fd)
{
    P(&free_slots);
    P(&mutex);
    slot[last] = fd;
    last = (last + 1) % NSLOTS;
    V(&mutex);
    V(&waiting);
}

static int take_fd(void)
{
    int fd;

    P(&waiting);
    P(&mutex);
    fd = slot[first];
    first = (first + 1) % NSLOTS;
    V(&mutex);
    V(&free_slots);
    return fd;
}

static void announce(void)
{
    printf("workers running\n");
    fflush(stdout);
}

static void *worker(void *vargp)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    int connfd;
    ssize_t n;
    char buf[MAXLINE];
    rio_t rio;

    (void)vargp;
    Pthread_detach(pthread_self());
    Pthread_once(&once, announce);
    while (1) {
        connfd = take_fd();
        Rio_readinitb(&rio, connfd);
        while ((n = Rio_readlineb(&rio, buf, MAXLINE)) != 0)
            Rio_writen(connfd, buf, n);
        Close(connfd);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int i, listenfd;
    pthread_t tid;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <port>\n", argv[0]);
        exit(0);
    }
    Sem_init(&mutex, 0, 1);
    Sem_init(&free_slots, 0, NSLOTS);
    Sem_init(&waiting, 0, 0);
    listenfd = Open_listenfd(argv[1]);
    for (i = 0; i < NWORKERS; i++)
        Pthread_create(&tid, NULL, worker, NULL);
    while (1)
        put_fd(Accept(listenfd, NULL, NULL));
}
