/*
 * csapp_header.c -- test: csapp.h as book programs use it, and the book's
 * own prototypes repeated after it (a program that keeps its old copy of a
 * declaration must still compile).  Built under the book's flags, -std=c99,
 * c11, gnu11, with gcc and clang, and as C++.  Prints the header's
 * constants and a few calls' results.
 */
#include "csapp.h"

#include <stddef.h>

/* The book's prototypes, as its csapp.h writes them. */
void unix_error(char *msg);
void posix_error(int code, char *msg);
void app_error(char *msg);
pid_t Fork(void);
pid_t Getpgrp();
handler_t *Signal(int signum, handler_t *handler);
ssize_t sio_puts(char s[]);
int Open(const char *pathname, int flags, mode_t mode);
ssize_t Write(int fd, const void *buf, size_t count);
void *Malloc(size_t size);
void Free(void *ptr);
void Setsockopt(int s, int level, int optname, const void *optval, int optlen);
void Bind(int sockfd, struct sockaddr *my_addr, int addrlen);
int Accept(int s, struct sockaddr *addr, socklen_t *addrlen);
void Getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
                 size_t hostlen, char *serv, size_t servlen, int flags);
void Pthread_create(pthread_t *tidp, pthread_attr_t *attrp,
                    void * (*routine)(void *), void *argp);
void Pthread_once(pthread_once_t *once_control, void (*init_function)());
void P(sem_t *sem);
void V(sem_t *sem);
ssize_t rio_readlineb(rio_t *rp, void *usrbuf, size_t maxlen);
void Rio_writen(int fd, void *usrbuf, size_t n);
int open_clientfd(char *hostname, char *port);
int open_listenfd(char *port);
int Open_listenfd(char *port);

static int once_runs;

static void count_once(void)
{
    once_runs++;
}

int main(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    SA *generic = NULL;
    rio_t rio;
    int mode;
    sem_t sem;

#ifdef __GNUC__
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wparentheses"
#endif
    mode = DEF_MODE & ~DEF_UMASK; /* the book's expression, unparenthesised */
#ifdef __GNUC__
#pragma GCC diagnostic pop
#endif
    (void)generic;
    printf("MAXLINE=%d MAXBUF=%d LISTENQ=%d RIO_BUFSIZE=%d mode=%o umask=%o\n",
           MAXLINE, MAXBUF, LISTENQ, RIO_BUFSIZE, mode, (unsigned)(DEF_UMASK));
    printf("sizeof(rio_t)=%d rio_buf=%d environ=%d h_errno=%d\n", (int)sizeof(rio),
           (int)offsetof(rio_t, rio_buf), environ != NULL, h_errno >= 0);
    Pthread_once(&once, count_once);
    Pthread_once(&once, count_once);
    Sem_init(&sem, 0, 1);
    P(&sem);
    V(&sem);
    printf("Getpgrp=%d once=%d sqrt=%d\n", Getpgrp() == getpgrp(), once_runs,
           (int)sqrt((double)MAXLINE * 2.0));
    return 0;
}
