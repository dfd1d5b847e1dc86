/*
 * unpechothread.c -- a concurrent TCP echo server with one thread per
 * client, in the style of UNIX Network Programming (unpthread.h).
 *
 *   unpechothread <service or port#>
 *
 * The main thread accepts connections; each one gets a new thread that
 * detaches itself (nobody joins it), echoes with str_echo() until the
 * client closes, and closes the socket: threads share the descriptors, so
 * the main thread must not close it.  The descriptor is handed over in
 * its own malloc'ed int, so the next accept() cannot overwrite it before
 * the thread has read it.  The server prints nothing and runs until killed.
 *
 * Helpers: Tcp_listen, Accept, Malloc, Pthread_create, Pthread_detach,
 * str_echo, Close (from unp.h and unpthread.h).
 */
#include "unpthread.h"

static void *
doit(void *arg)
{
    int     connfd = *((int *) arg);

    free(arg);
    Pthread_detach(pthread_self());
    str_echo(connfd);           /* same function as the forking server */
    Close(connfd);
    return (NULL);
}

int
main(int argc, char **argv)
{
    int         listenfd, *iptr;
    pthread_t   tid;

    if (argc != 2)
        err_quit("usage: unpechothread <service or port#>");

    listenfd = Tcp_listen(NULL, argv[1], NULL);

    for ( ; ; ) {
        iptr = Malloc(sizeof(int));
        *iptr = Accept(listenfd, NULL, NULL);
        Pthread_create(&tid, NULL, &doit, iptr);
    }
}
