/*
 * threads.c -- test: THREADS threads each call connectTCP COUNT times
 * against HOST PORT and close the socket.  Any failure exits through
 * errexit with status 1; success prints "done N".
 *
 *   threads HOST PORT THREADS COUNT
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int connectTCP(const char *host, const char *service);
int errexit(const char *format, ...);

static const char *host, *port;
static int count;

static void *connect_many(void *unused)
{
    (void)unused;
    for (int i = 0; i < count; i++) {
        int s = connectTCP(host, port);
        if (s < 0)
            errexit("connectTCP returned %d\n", s);
        close(s);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t tids[64];
    if (argc != 5)
        return 2;
    host = argv[1];
    port = argv[2];
    int nthreads = atoi(argv[3]);
    count = atoi(argv[4]);
    if (nthreads < 1 || nthreads > 64)
        return 2;
    for (int i = 0; i < nthreads; i++)
        if (pthread_create(&tids[i], NULL, connect_many, NULL) != 0)
            errexit("pthread_create failed\n");
    for (int i = 0; i < nthreads; i++)
        pthread_join(tids[i], NULL);
    printf("done %d\n", nthreads * count);
    return 0;
}
