/*
 * csapp.h -- Bryant & O'Hallaron, "Computer Systems: A Programmer's
 * Perspective": the helper layer the book's programs include, served by
 * sockshim.
 *
 * Keep `#include "csapp.h"` in the programs, delete the book's csapp.c and
 * its copy of this header, and build with
 *     cc prog.c $(pkg-config --cflags --libs sockshim-csapp)
 * (-lpthread and -lm come with it).  The 3rd edition is the default; a
 * 2nd-edition program (open_clientfd(char *, int), open_listenfd(int)) is
 * built with -DCSAPP_EDITION=2.
 *
 * Each name below is bound to the symbol sockshim_csapp_<name> (2nd-edition
 * differences: sockshim_csapp2_<name>), so UNP's Socket, Write, Signal, ...
 * in the same library keep their own behaviour, and the library exports no
 * bare P, V, Free or Sleep.  A program may still define any of these
 * functions itself (its own unix_error, Rio_writen, Signal) in a file that
 * includes this header: its definition is then the one used, also by the
 * library's own calls.  See csapp(3).
 */
#ifndef __CSAPP_H__
#define __CSAPP_H__

/* Which edition's prototypes: 3 (default) or 2. */
#ifndef CSAPP_EDITION
#define CSAPP_EDITION 3
#endif
#if CSAPP_EDITION != 2 && CSAPP_EDITION != 3
#error "csapp.h: CSAPP_EDITION must be 2 or 3"
#endif

/*
 * The book's header relies on the compiler's GNU mode, where the C library
 * declares POSIX and BSD names by default.  Under -std=c99/c11 it does not
 * (no struct addrinfo, struct sigaction, kill, ...), so ask for the same set
 * explicitly, unless the program chose its own feature-test macro.  In GNU
 * mode this is what the C library assumes anyway.
 */
#if !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && !defined(_BSD_SOURCE) && \
    !defined(_SVID_SOURCE) && !defined(_POSIX_SOURCE) && !defined(_POSIX_C_SOURCE) && \
    !defined(_XOPEN_SOURCE) && !defined(_ISOC99_SOURCE) && !defined(_ISOC11_SOURCE)
#define _DEFAULT_SOURCE 1
#endif

#include <stdio.h>
#include <stdlib.h>
#if CSAPP_EDITION == 3
#include <stdarg.h>
#endif
#include <unistd.h>
#include <string.h>
#include <ctype.h>
#include <setjmp.h>
#include <signal.h>
#if CSAPP_EDITION == 3
#include <dirent.h>
#endif
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/socket.h>
/* glibc's <netdb.h> declares its own gai_error (asynchronous lookups) under
 * _GNU_SOURCE, which C++ compilers always define; the book's gai_error below
 * has another type.  Keep the C library's under another name. */
#define gai_error sockshim_libc_gai_error
#include <netdb.h>
#undef gai_error
#include <netinet/in.h>
#include <arpa/inet.h>
/* fd_set for Select, also when the program asked for strict POSIX. */
#include <sys/select.h>

#include "../label.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default file permissions: rw for everyone, less the umask below.  Both
 * without parentheses, as in the book (DEF_MODE & ~DEF_UMASK is 0666). */
#define DEF_MODE S_IRUSR|S_IWUSR|S_IRGRP|S_IWGRP|S_IROTH|S_IWOTH
#define DEF_UMASK S_IWGRP|S_IWOTH

/* Shorter name for the generic socket address in casts. */
typedef struct sockaddr SA;

/* Rio's read buffer.  Programs allocate rio_t themselves (on the stack, in
 * structs), so this layout is part of the ABI: on LP64 sizeof(rio_t) is
 * 8208, rio_bufptr at offset 8, rio_buf at offset 16. */
#define RIO_BUFSIZE 8192
typedef struct {
    int rio_fd;                /* the descriptor this buffer reads from */
    int rio_cnt;               /* bytes in rio_buf not handed out yet */
    char *rio_bufptr;          /* the first of them */
    char rio_buf[RIO_BUFSIZE]; /* what the last read() returned */
} rio_t;

/* The C library's; in glibc h_errno is already a (thread-local) macro. */
#ifndef h_errno
extern int h_errno;
#endif
extern char **environ;

/* Sizes and the listen() backlog of open_listenfd. */
#define MAXLINE 8192
#define MAXBUF 8192
#define LISTENQ 1024

/* A signal handler, as Signal takes and returns it. */
typedef void handler_t(int);

/*
 * Error reporting.  Each prints on stderr (stdout is not flushed first) and
 * then exit(0), as the book's do: the exit status is 0.
 */
/* "<msg>: <strerror(errno)>" */
void unix_error(char *msg) SOCKSHIM_LABEL(csapp, unix_error);
/* "<msg>: <strerror(code)>" */
void posix_error(int code, char *msg) SOCKSHIM_LABEL(csapp, posix_error);
#if CSAPP_EDITION == 3
/* "<msg>" */
void dns_error(char *msg) SOCKSHIM_LABEL(csapp, dns_error);
/* "<msg>: <gai_strerror(code)>" */
void gai_error(int code, char *msg) SOCKSHIM_LABEL(csapp, gai_error);
#else
/* "<msg>: DNS error <h_errno>" */
void dns_error(char *msg) SOCKSHIM_LABEL(csapp2, dns_error);
#endif
/* "<msg>" */
void app_error(char *msg) SOCKSHIM_LABEL(csapp, app_error);

/* Processes.  Failures: "<Name> error: <strerror>". */
pid_t Fork(void) SOCKSHIM_LABEL(csapp, Fork);
void Execve(const char *filename, char *const argv[], char *const envp[])
    SOCKSHIM_LABEL(csapp, Execve);
pid_t Wait(int *status) SOCKSHIM_LABEL(csapp, Wait);
pid_t Waitpid(pid_t pid, int *status, int options) SOCKSHIM_LABEL(csapp, Waitpid);
void Kill(pid_t pid, int sig) SOCKSHIM_LABEL(csapp, Kill);
unsigned int Sleep(unsigned int secs) SOCKSHIM_LABEL(csapp, Sleep);
void Pause(void) SOCKSHIM_LABEL(csapp, Pause);
unsigned int Alarm(unsigned int secs) SOCKSHIM_LABEL(csapp, Alarm);
void Setpgid(pid_t pid, pid_t pgid) SOCKSHIM_LABEL(csapp, Setpgid);
/* The book declares it `pid_t Getpgrp();`, compatible with this. */
pid_t Getpgrp(void) SOCKSHIM_LABEL(csapp, Getpgrp);

/* Signals.  Signal installs with sigaction, an empty mask and SA_RESTART
 * (for every signal, SIGALRM included) and returns the old handler. */
handler_t *Signal(int signum, handler_t *handler) SOCKSHIM_LABEL(csapp, Signal);
void Sigprocmask(int how, const sigset_t *set, sigset_t *oldset)
    SOCKSHIM_LABEL(csapp, Sigprocmask);
void Sigemptyset(sigset_t *set) SOCKSHIM_LABEL(csapp, Sigemptyset);
void Sigfillset(sigset_t *set) SOCKSHIM_LABEL(csapp, Sigfillset);
void Sigaddset(sigset_t *set, int signum) SOCKSHIM_LABEL(csapp, Sigaddset);
void Sigdelset(sigset_t *set, int signum) SOCKSHIM_LABEL(csapp, Sigdelset);
int Sigismember(const sigset_t *set, int signum) SOCKSHIM_LABEL(csapp, Sigismember);
#if CSAPP_EDITION == 3
int Sigsuspend(const sigset_t *set) SOCKSHIM_LABEL(csapp, Sigsuspend);

/* Async-signal-safe output on stdout (write(2), no stdio). */
ssize_t sio_puts(char s[]) SOCKSHIM_LABEL(csapp, sio_puts);
ssize_t sio_putl(long v) SOCKSHIM_LABEL(csapp, sio_putl);
/* sio_puts(s), then _exit(1). */
void sio_error(char s[]) SOCKSHIM_LABEL(csapp, sio_error);
ssize_t Sio_puts(char s[]) SOCKSHIM_LABEL(csapp, Sio_puts);
ssize_t Sio_putl(long v) SOCKSHIM_LABEL(csapp, Sio_putl);
void Sio_error(char s[]) SOCKSHIM_LABEL(csapp, Sio_error);
#endif

/* Unix I/O. */
int Open(const char *pathname, int flags, mode_t mode) SOCKSHIM_LABEL(csapp, Open);
ssize_t Read(int fd, void *buf, size_t count) SOCKSHIM_LABEL(csapp, Read);
/* Only a failure (-1) is fatal; returns the count written. */
ssize_t Write(int fd, const void *buf, size_t count) SOCKSHIM_LABEL(csapp, Write);
off_t Lseek(int fd, off_t offset, int whence) SOCKSHIM_LABEL(csapp, Lseek);
void Close(int fd) SOCKSHIM_LABEL(csapp, Close);
int Select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
           struct timeval *timeout) SOCKSHIM_LABEL(csapp, Select);
int Dup2(int oldfd, int newfd) SOCKSHIM_LABEL(csapp, Dup2);
void Stat(const char *filename, struct stat *buf) SOCKSHIM_LABEL(csapp, Stat);
void Fstat(int fd, struct stat *buf) SOCKSHIM_LABEL(csapp, Fstat);

#if CSAPP_EDITION == 3
/* Directories ("opendir error", "readdir error", "closedir error"). */
DIR *Opendir(const char *name) SOCKSHIM_LABEL(csapp, Opendir);
struct dirent *Readdir(DIR *dirp) SOCKSHIM_LABEL(csapp, Readdir);
int Closedir(DIR *dirp) SOCKSHIM_LABEL(csapp, Closedir);
#endif

/* Memory mapping ("mmap error", "munmap error"). */
void *Mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
    SOCKSHIM_LABEL(csapp, Mmap);
void Munmap(void *addr, size_t len) SOCKSHIM_LABEL(csapp, Munmap);

/* Standard I/O.  Fgets returns NULL at end of file; only a read error is
 * fatal ("Fgets error", without errno text). */
void Fclose(FILE *fp) SOCKSHIM_LABEL(csapp, Fclose);
FILE *Fdopen(int fd, const char *mode) SOCKSHIM_LABEL(csapp, Fdopen);
char *Fgets(char *s, int size, FILE *stream) SOCKSHIM_LABEL(csapp, Fgets);
FILE *Fopen(const char *pathname, const char *mode) SOCKSHIM_LABEL(csapp, Fopen);
void Fputs(const char *s, FILE *stream) SOCKSHIM_LABEL(csapp, Fputs);
size_t Fread(void *ptr, size_t size, size_t nmemb, FILE *stream)
    SOCKSHIM_LABEL(csapp, Fread);
void Fwrite(const void *ptr, size_t size, size_t nmemb, FILE *stream)
    SOCKSHIM_LABEL(csapp, Fwrite);

/* Dynamic memory. */
void *Malloc(size_t size) SOCKSHIM_LABEL(csapp, Malloc);
void *Realloc(void *ptr, size_t size) SOCKSHIM_LABEL(csapp, Realloc);
void *Calloc(size_t nmemb, size_t size) SOCKSHIM_LABEL(csapp, Calloc);
void Free(void *ptr) SOCKSHIM_LABEL(csapp, Free);

/* Sockets (note the int lengths, as in the book). */
int Socket(int domain, int type, int protocol) SOCKSHIM_LABEL(csapp, Socket);
void Setsockopt(int s, int level, int optname, const void *optval, int optlen)
    SOCKSHIM_LABEL(csapp, Setsockopt);
void Bind(int sockfd, struct sockaddr *addr, int addrlen) SOCKSHIM_LABEL(csapp, Bind);
void Listen(int s, int backlog) SOCKSHIM_LABEL(csapp, Listen);
int Accept(int s, struct sockaddr *addr, socklen_t *addrlen) SOCKSHIM_LABEL(csapp, Accept);
void Connect(int sockfd, struct sockaddr *addr, int addrlen) SOCKSHIM_LABEL(csapp, Connect);

#if CSAPP_EDITION == 3
/* Protocol-independent names and addresses. */
void Getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                 struct addrinfo **res) SOCKSHIM_LABEL(csapp, Getaddrinfo);
void Getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, size_t hostlen,
                 char *serv, size_t servlen, int flags) SOCKSHIM_LABEL(csapp, Getnameinfo);
void Freeaddrinfo(struct addrinfo *res) SOCKSHIM_LABEL(csapp, Freeaddrinfo);
void Inet_ntop(int af, const void *src, char *dst, socklen_t size)
    SOCKSHIM_LABEL(csapp, Inet_ntop);
void Inet_pton(int af, const char *src, void *dst) SOCKSHIM_LABEL(csapp, Inet_pton);
#endif

/* The obsolete resolver ("Gethostbyname error", via dns_error). */
#if CSAPP_EDITION == 3
struct hostent *Gethostbyname(const char *name) SOCKSHIM_LABEL(csapp, Gethostbyname);
struct hostent *Gethostbyaddr(const char *addr, int len, int type)
    SOCKSHIM_LABEL(csapp, Gethostbyaddr);
#else
struct hostent *Gethostbyname(const char *name) SOCKSHIM_LABEL(csapp2, Gethostbyname);
struct hostent *Gethostbyaddr(const char *addr, int len, int type)
    SOCKSHIM_LABEL(csapp2, Gethostbyaddr);
#endif

/* Threads: failures go to posix_error("Pthread_<x> error"). */
void Pthread_create(pthread_t *tid, pthread_attr_t *attr, void *(*start)(void *), void *arg)
    SOCKSHIM_LABEL(csapp, Pthread_create);
void Pthread_join(pthread_t tid, void **retval) SOCKSHIM_LABEL(csapp, Pthread_join);
void Pthread_cancel(pthread_t tid) SOCKSHIM_LABEL(csapp, Pthread_cancel);
void Pthread_detach(pthread_t tid) SOCKSHIM_LABEL(csapp, Pthread_detach);
void Pthread_exit(void *retval) SOCKSHIM_LABEL(csapp, Pthread_exit);
pthread_t Pthread_self(void) SOCKSHIM_LABEL(csapp, Pthread_self);
/* The book writes the routine as `void (*)()`, compatible with this. */
void Pthread_once(pthread_once_t *once, void (*init)(void)) SOCKSHIM_LABEL(csapp, Pthread_once);

/* POSIX semaphores: P waits (sem_wait), V posts (sem_post). */
void Sem_init(sem_t *sem, int pshared, unsigned int value) SOCKSHIM_LABEL(csapp, Sem_init);
void P(sem_t *sem) SOCKSHIM_LABEL(csapp, P);
void V(sem_t *sem) SOCKSHIM_LABEL(csapp, V);

/* Rio, robust I/O.  rio_readn/rio_writen are unbuffered; the *b functions
 * read through the caller's rio_t (do not mix the two on one descriptor). */
ssize_t rio_readn(int fd, void *usrbuf, size_t n) SOCKSHIM_LABEL(csapp, rio_readn);
ssize_t rio_writen(int fd, void *usrbuf, size_t n) SOCKSHIM_LABEL(csapp, rio_writen);
void rio_readinitb(rio_t *rp, int fd) SOCKSHIM_LABEL(csapp, rio_readinitb);
ssize_t rio_readnb(rio_t *rp, void *usrbuf, size_t n) SOCKSHIM_LABEL(csapp, rio_readnb);
ssize_t rio_readlineb(rio_t *rp, void *usrbuf, size_t maxlen)
    SOCKSHIM_LABEL(csapp, rio_readlineb);
ssize_t Rio_readn(int fd, void *usrbuf, size_t n) SOCKSHIM_LABEL(csapp, Rio_readn);
void Rio_writen(int fd, void *usrbuf, size_t n) SOCKSHIM_LABEL(csapp, Rio_writen);
void Rio_readinitb(rio_t *rp, int fd) SOCKSHIM_LABEL(csapp, Rio_readinitb);
ssize_t Rio_readnb(rio_t *rp, void *usrbuf, size_t n) SOCKSHIM_LABEL(csapp, Rio_readnb);
ssize_t Rio_readlineb(rio_t *rp, void *usrbuf, size_t maxlen)
    SOCKSHIM_LABEL(csapp, Rio_readlineb);

#if CSAPP_EDITION == 3
/* A connected socket to hostname:port, or -1 (errno set) or -2 (name
 * lookup failed, reported on stderr); a listening socket on port. */
int open_clientfd(char *hostname, char *port) SOCKSHIM_LABEL(csapp, open_clientfd);
int open_listenfd(char *port) SOCKSHIM_LABEL(csapp, open_listenfd);
/* The same, failures fatal ("Open_clientfd error: <cause>"). */
int Open_clientfd(char *hostname, char *port) SOCKSHIM_LABEL(csapp, Open_clientfd);
int Open_listenfd(char *port) SOCKSHIM_LABEL(csapp, Open_listenfd);
#else
/* 2nd edition: -1 with errno set, or -2 with h_errno set (name lookup). */
int open_clientfd(char *hostname, int port) SOCKSHIM_LABEL(csapp2, open_clientfd);
int open_listenfd(int port) SOCKSHIM_LABEL(csapp2, open_listenfd);
/* "Open_clientfd Unix error: <strerror>", "Open_clientfd DNS error: DNS
 * error <h_errno>", "Open_listenfd error: <strerror>". */
int Open_clientfd(char *hostname, int port) SOCKSHIM_LABEL(csapp2, Open_clientfd);
int Open_listenfd(int port) SOCKSHIM_LABEL(csapp2, Open_listenfd);
#endif

#ifdef __cplusplus
}
#endif

#endif /* __CSAPP_H__ */
