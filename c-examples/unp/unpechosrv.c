/*
 * unpechosrv.c -- a concurrent TCP echo server with one child process per
 * client, in the style of UNIX Network Programming.
 *
 *   unpechosrv <service or port#>
 *
 * The parent accepts connections and forks; the child closes the listening
 * socket, echoes with str_echo() until the client closes, and exits.  The
 * parent closes its copy of the connected socket at once.
 *
 * Children that exit become zombies until their parent waits for them, so a
 * SIGCHLD handler, installed with Signal(), calls waitpid() with WNOHANG in
 * a loop: one signal may stand for several children.  A signal that arrives
 * while the parent blocks in accept() may make accept() fail with EINTR on
 * some systems, so that case just loops.  The server prints nothing and runs
 * until killed.
 *
 * Helpers: Tcp_listen, Signal, Fork, str_echo, Close, err_sys (from unp.h).
 */
#include "unp.h"

static void
sig_chld(int signo)
{
    pid_t   pid;
    int     stat;
    int     saved_errno = errno;

    (void) signo;
    while ((pid = waitpid(-1, &stat, WNOHANG)) > 0)
        ;                       /* every child that has terminated */
    errno = saved_errno;
}

int
main(int argc, char **argv)
{
    int     listenfd, connfd;

    if (argc != 2)
        err_quit("usage: unpechosrv <service or port#>");

    listenfd = Tcp_listen(NULL, argv[1], NULL);
    Signal(SIGCHLD, sig_chld);

    for ( ; ; ) {
        if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
            if (errno == EINTR)
                continue;       /* back to accept() */
            err_sys("accept error");
        }
        if (Fork() == 0) {      /* child */
            Close(listenfd);
            str_echo(connfd);   /* process the request */
            exit(0);
        }
        Close(connfd);          /* parent */
    }
}
