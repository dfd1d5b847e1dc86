/*
 * unp.h -- Stevens, Fenner & Rudoff, "UNIX Network Programming, Volume 1"
 * (3rd edition): the header the book's programs include, served by sockshim.
 *
 * Keep `#include "unp.h"` in the programs, delete the book's lib/ and
 * libfree/ (and its config.h), and build with
 *     cc prog.c $(pkg-config --cflags --libs sockshim-unp)
 * No ./configure: the configuration the book's programs test (IPV6,
 * HAVE_MSGHDR_MSG_CONTROL, CPU_VENDOR_OS, ...) is built in below.
 *
 * Every function is bound to the symbol sockshim_unp_<name> (see
 * ../label.h), so the library exports no bare generic name (readline,
 * Signal, Socket) and nothing here collides with another book's Socket or
 * Write.  A program that defines its own err_sys, str_cli, readline, ... in
 * a file that includes this header replaces the library's, also for the
 * library's own calls.  The library never defines signal(), inet_pton() or
 * inet_ntop(): those stay the C library's.  See unp(3).
 */
#ifndef __unp_h
#define __unp_h

/*
 * The book's programs use u_char, bzero, struct ip_mreq, SUN_LEN, ... which
 * the C library declares only in its default (non-strict) mode.  Under
 * -std=c99 or -std=c11 ask for that mode explicitly, unless the program
 * chose its own feature-test macros.  (This must come before the first
 * system header; book programs include unp.h first.)
 */
#if !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && !defined(_BSD_SOURCE) && \
    !defined(_SVID_SOURCE) && !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE)
#define _DEFAULT_SOURCE 1
#endif

/* ------------------------------------------------------------------------
 * The configuration of a Linux build, which the original read from
 * "../config.h" as written by ./configure.  Programs test these.
 * --------------------------------------------------------------------- */
#define IPV4 1              /* IPv4, upper-case v */
#define IPv4 1              /* IPv4, lower-case v */
#define IPV6 1              /* IPv6, upper-case V */
#define IPv6 1              /* IPv6, lower-case v */
#define UNIXDOMAIN 1        /* Unix domain sockets */
#define UNIXdomain 1
#define HAVE_MSGHDR_MSG_CONTROL 1   /* 4.4BSD-style msghdr (msg_control) */
/* HAVE_SOCKADDR_SA_LEN: not on Linux (no sa_len member), deliberately undefined. */
/* HAVE_SOCKADDR_DL_STRUCT: BSD's struct sockaddr_dl, deliberately undefined. */

/* Headers present on Linux. */
#define HAVE_ARPA_INET_H 1
#define HAVE_ERRNO_H 1
#define HAVE_FCNTL_H 1
#define HAVE_NETDB_H 1
#define HAVE_NETINET_IN_H 1
#define HAVE_NET_IF_H 1
#define HAVE_POLL_H 1
#define HAVE_PTHREAD_H 1
#define HAVE_SIGNAL_H 1
#define HAVE_STDIO_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_STRINGS_H 1
#define HAVE_SYS_IOCTL_H 1
#define HAVE_SYS_SELECT_H 1
#define HAVE_SYS_SOCKET_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_SYS_UIO_H 1
#define HAVE_SYS_UN_H 1
#define HAVE_SYS_WAIT_H 1
#define HAVE_TIME_H 1
#define HAVE_UNISTD_H 1
/* Not on Linux: sys/event.h (kqueue), sys/sysctl.h (gone since glibc 2.32),
 * sys/filio.h, sys/sockio.h, net/if_dl.h; netinet/sctp.h is optional and
 * not included. */

/* Functions and their prototypes, all provided by the C library. */
#define HAVE_BZERO 1
#define HAVE_GETADDRINFO 1
#define HAVE_GETHOSTBYNAME2 1
#define HAVE_GETNAMEINFO 1
#define HAVE_IF_NAMETOINDEX 1
#define HAVE_INET_ATON 1
#define HAVE_INET_NTOP 1
#define HAVE_INET_PTON 1
#define HAVE_MKSTEMP 1
#define HAVE_POLL 1
#define HAVE_PSELECT 1
#define HAVE_SNPRINTF 1
#define HAVE_SOCKATMARK 1
#define HAVE_VSNPRINTF 1
#define HAVE_GETADDRINFO_PROTO 1
#define HAVE_GETNAMEINFO_PROTO 1
#define HAVE_GETHOSTNAME_PROTO 1
#define HAVE_GETRUSAGE_PROTO 1
#define HAVE_HSTRERROR_PROTO 1
#define HAVE_IF_NAMETOINDEX_PROTO 1
#define HAVE_INET_ATON_PROTO 1
#define HAVE_INET_PTON_PROTO 1
#define HAVE_ISFDTYPE_PROTO 1
#define HAVE_PSELECT_PROTO 1
#define HAVE_SNPRINTF_PROTO 1
#define HAVE_SOCKATMARK_PROTO 1
#define HAVE_ADDRINFO_STRUCT 1
#define HAVE_IF_NAMEINDEX_STRUCT 1
#define HAVE_SOCKADDR_STORAGE_STRUCT 1
#define HAVE_TIMESPEC_STRUCT 1

/* XTI's scalar types, as the Linux configuration defines them. */
#ifndef t_scalar_t
#define t_scalar_t int32_t
#endif
#ifndef t_uscalar_t
#define t_uscalar_t uint32_t
#endif

/* ------------------------------------------------------------------------
 * System headers.
 * --------------------------------------------------------------------- */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <sys/select.h>
#include <poll.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <pthread.h>

#include "../label.h"

/*
 * The host triplet ./configure would have guessed, from the compiler's
 * target (`intro/byteorder`-style programs print it).
 */
#if defined(__x86_64__)
#define SOCKSHIM_UNP_CPU_ "x86_64-pc"
#elif defined(__i386__)
#define SOCKSHIM_UNP_CPU_ "i686-pc"
#elif defined(__aarch64__)
#define SOCKSHIM_UNP_CPU_ "aarch64-unknown"
#elif defined(__arm__)
#define SOCKSHIM_UNP_CPU_ "arm-unknown"
#elif defined(__riscv) && __riscv_xlen == 64
#define SOCKSHIM_UNP_CPU_ "riscv64-unknown"
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#define SOCKSHIM_UNP_CPU_ "powerpc64le-unknown"
#elif defined(__powerpc64__)
#define SOCKSHIM_UNP_CPU_ "powerpc64-unknown"
#elif defined(__s390x__)
#define SOCKSHIM_UNP_CPU_ "s390x-ibm"
#elif defined(__loongarch64)
#define SOCKSHIM_UNP_CPU_ "loongarch64-unknown"
#elif defined(__mips__)
#define SOCKSHIM_UNP_CPU_ "mips-unknown"
#else
#define SOCKSHIM_UNP_CPU_ "unknown-unknown"
#endif
#if defined(__linux__) && defined(__GLIBC__)
#define SOCKSHIM_UNP_OS_ "linux-gnu"
#elif defined(__linux__)
#define SOCKSHIM_UNP_OS_ "linux-musl"
#elif defined(__FreeBSD__)
#define SOCKSHIM_UNP_OS_ "freebsd"
#elif defined(__APPLE__)
#define SOCKSHIM_UNP_OS_ "darwin"
#else
#define SOCKSHIM_UNP_OS_ "unknown"
#endif
#define CPU_VENDOR_OS SOCKSHIM_UNP_CPU_ "-" SOCKSHIM_UNP_OS_

/* ------------------------------------------------------------------------
 * Fallbacks for systems that lack a definition (Linux has them all).
 * --------------------------------------------------------------------- */
#ifndef INADDR_NONE
#define INADDR_NONE 0xffffffff
#endif
#ifndef SHUT_RD
#define SHUT_RD 0           /* no more receives */
#define SHUT_WR 1           /* no more sends */
#define SHUT_RDWR 2         /* neither */
#endif
#ifndef INET_ADDRSTRLEN
#define INET_ADDRSTRLEN 16      /* "ddd.ddd.ddd.ddd" and its NUL */
#endif
#ifndef INET6_ADDRSTRLEN
#define INET6_ADDRSTRLEN 46     /* the longest IPv6 text and its NUL */
#endif
#ifndef CMSG_LEN
#define CMSG_LEN(size) (sizeof(struct cmsghdr) + (size))
#endif
#ifndef CMSG_SPACE
#define CMSG_SPACE(size) (sizeof(struct cmsghdr) + (size))
#endif
#ifndef SUN_LEN
#define SUN_LEN(su) (sizeof(*(su)) - sizeof((su)->sun_path) + strlen((su)->sun_path))
#endif
#ifndef AF_LOCAL
#define AF_LOCAL AF_UNIX
#endif
#ifndef PF_LOCAL
#define PF_LOCAL PF_UNIX
#endif
/* poll()'s "wait forever"; INFTIM_UNPH says this header defined it. */
#ifndef INFTIM
#define INFTIM (-1)
#define INFTIM_UNPH
#endif

/* ------------------------------------------------------------------------
 * The book's constants, macros and types.
 * --------------------------------------------------------------------- */
#define LISTENQ 1024        /* listen() backlog; $LISTENQ overrides it in Listen */
#define MAXLINE 4096        /* longest text line */
#define BUFFSIZE 8192       /* buffer size for reads and writes */
#define SERV_PORT 9877      /* the book's TCP and UDP client-server port */
#define SERV_PORT_STR "9877"
#define UNIXSTR_PATH "/tmp/unix.str"   /* Unix domain stream socket */
#define UNIXDG_PATH "/tmp/unix.dg"     /* Unix domain datagram socket */

/* Permissions of files and directories the programs create. */
#define FILE_MODE (S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH)
#define DIR_MODE (FILE_MODE | S_IXUSR | S_IXGRP | S_IXOTH)

/* A macro, not a typedef: programs write `(SA *) &servaddr`. */
#define SA struct sockaddr

/* The type of a signal handler. */
typedef void Sigfunc(int);

/* Function-like, as in the book: each argument may be evaluated twice. */
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))

/* What IP_PKTINFO returns, in the book's portable spelling. */
struct unp_in_pktinfo {
    struct in_addr ipi_addr;    /* destination IPv4 address */
    int ipi_ifindex;            /* index of the receiving interface */
};

#ifdef __cplusplus
extern "C" {
#endif

#define SOCKSHIM_UNP_(name) SOCKSHIM_LABEL(unp, name)

/* ------------------------------------------------------------------------
 * Error functions.  Each prints its formatted message (at most 4095
 * characters), for err_sys/err_ret/err_dump followed by ": " and the text of
 * errno, and a newline: stdout is flushed first, then the line goes to
 * stderr (to syslog when daemon_proc is set).  err_sys and err_quit then
 * exit(1), err_dump calls abort(), err_ret and err_msg return.
 * --------------------------------------------------------------------- */
void err_dump(const char *fmt, ...) SOCKSHIM_UNP_(err_dump);
void err_msg(const char *fmt, ...) SOCKSHIM_UNP_(err_msg);
void err_quit(const char *fmt, ...) SOCKSHIM_UNP_(err_quit);
void err_ret(const char *fmt, ...) SOCKSHIM_UNP_(err_ret);
void err_sys(const char *fmt, ...) SOCKSHIM_UNP_(err_sys);

/* Non-zero once daemon_init or daemon_inetd ran: errors go to syslog. */
extern int daemon_proc SOCKSHIM_UNP_(daemon_proc);

/* ------------------------------------------------------------------------
 * Socket wrappers: each fails with err_sys("<name> error").
 * --------------------------------------------------------------------- */
int Accept(int fd, SA *sa, socklen_t *salenptr) SOCKSHIM_UNP_(Accept);
void Bind(int fd, const SA *sa, socklen_t salen) SOCKSHIM_UNP_(Bind);
void Connect(int fd, const SA *sa, socklen_t salen) SOCKSHIM_UNP_(Connect);
void Getpeername(int fd, SA *sa, socklen_t *salenptr) SOCKSHIM_UNP_(Getpeername);
void Getsockname(int fd, SA *sa, socklen_t *salenptr) SOCKSHIM_UNP_(Getsockname);
void Getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlenptr)
    SOCKSHIM_UNP_(Getsockopt);
void Listen(int fd, int backlog) SOCKSHIM_UNP_(Listen);
int Poll(struct pollfd *fdarray, unsigned long nfds, int timeout) SOCKSHIM_UNP_(Poll);
ssize_t Recv(int fd, void *ptr, size_t nbytes, int flags) SOCKSHIM_UNP_(Recv);
ssize_t Recvfrom(int fd, void *ptr, size_t nbytes, int flags, SA *sa, socklen_t *salenptr)
    SOCKSHIM_UNP_(Recvfrom);
ssize_t Recvmsg(int fd, struct msghdr *msg, int flags) SOCKSHIM_UNP_(Recvmsg);
int Select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
           struct timeval *timeout) SOCKSHIM_UNP_(Select);
void Send(int fd, const void *ptr, size_t nbytes, int flags) SOCKSHIM_UNP_(Send);
void Sendmsg(int fd, const struct msghdr *msg, int flags) SOCKSHIM_UNP_(Sendmsg);
void Sendto(int fd, const void *ptr, size_t nbytes, int flags, const SA *sa, socklen_t salen)
    SOCKSHIM_UNP_(Sendto);
void Setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)
    SOCKSHIM_UNP_(Setsockopt);
void Shutdown(int fd, int how) SOCKSHIM_UNP_(Shutdown);
int Sockatmark(int fd) SOCKSHIM_UNP_(Sockatmark);
int Socket(int family, int type, int protocol) SOCKSHIM_UNP_(Socket);
void Socketpair(int family, int type, int protocol, int *fd) SOCKSHIM_UNP_(Socketpair);

/* ------------------------------------------------------------------------
 * Unix and stdio wrappers: each fails with err_sys("<name> error").
 * --------------------------------------------------------------------- */
void *Calloc(size_t n, size_t size) SOCKSHIM_UNP_(Calloc);
void Close(int fd) SOCKSHIM_UNP_(Close);
void Dup2(int fd1, int fd2) SOCKSHIM_UNP_(Dup2);
int Fcntl(int fd, int cmd, int arg) SOCKSHIM_UNP_(Fcntl);
void Gettimeofday(struct timeval *tv, void *foo) SOCKSHIM_UNP_(Gettimeofday);
int Ioctl(int fd, int request, void *arg) SOCKSHIM_UNP_(Ioctl);
pid_t Fork(void) SOCKSHIM_UNP_(Fork);
void *Malloc(size_t size) SOCKSHIM_UNP_(Malloc);
int Mkstemp(char *template_) SOCKSHIM_UNP_(Mkstemp);
void *Mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
    SOCKSHIM_UNP_(Mmap);
int Open(const char *pathname, int oflag, mode_t mode) SOCKSHIM_UNP_(Open);
void Pipe(int *fds) SOCKSHIM_UNP_(Pipe);
ssize_t Read(int fd, void *ptr, size_t nbytes) SOCKSHIM_UNP_(Read);
void Sigaddset(sigset_t *set, int signo) SOCKSHIM_UNP_(Sigaddset);
void Sigdelset(sigset_t *set, int signo) SOCKSHIM_UNP_(Sigdelset);
void Sigemptyset(sigset_t *set) SOCKSHIM_UNP_(Sigemptyset);
void Sigfillset(sigset_t *set) SOCKSHIM_UNP_(Sigfillset);
int Sigismember(const sigset_t *set, int signo) SOCKSHIM_UNP_(Sigismember);
void Sigpending(sigset_t *set) SOCKSHIM_UNP_(Sigpending);
void Sigprocmask(int how, const sigset_t *set, sigset_t *oset) SOCKSHIM_UNP_(Sigprocmask);
char *Strdup(const char *str) SOCKSHIM_UNP_(Strdup);
long Sysconf(int name) SOCKSHIM_UNP_(Sysconf);
void Unlink(const char *pathname) SOCKSHIM_UNP_(Unlink);
pid_t Wait(int *iptr) SOCKSHIM_UNP_(Wait);
pid_t Waitpid(pid_t pid, int *iptr, int options) SOCKSHIM_UNP_(Waitpid);
void Write(int fd, void *ptr, size_t nbytes) SOCKSHIM_UNP_(Write);

void Fclose(FILE *fp) SOCKSHIM_UNP_(Fclose);
FILE *Fdopen(int fd, const char *type) SOCKSHIM_UNP_(Fdopen);
char *Fgets(char *ptr, int n, FILE *stream) SOCKSHIM_UNP_(Fgets);
FILE *Fopen(const char *pathname, const char *mode) SOCKSHIM_UNP_(Fopen);
void Fputs(const char *ptr, FILE *stream) SOCKSHIM_UNP_(Fputs);

/* ------------------------------------------------------------------------
 * Addresses in text, names to sockets.
 * --------------------------------------------------------------------- */
const char *Inet_ntop(int family, const void *addrptr, char *strptr, size_t len)
    SOCKSHIM_UNP_(Inet_ntop);
void Inet_pton(int family, const char *strptr, void *addrptr) SOCKSHIM_UNP_(Inet_pton);

struct addrinfo *host_serv(const char *host, const char *serv, int family, int socktype)
    SOCKSHIM_UNP_(host_serv);
struct addrinfo *Host_serv(const char *host, const char *serv, int family, int socktype)
    SOCKSHIM_UNP_(Host_serv);
int tcp_connect(const char *host, const char *serv) SOCKSHIM_UNP_(tcp_connect);
int Tcp_connect(const char *host, const char *serv) SOCKSHIM_UNP_(Tcp_connect);
int tcp_listen(const char *host, const char *serv, socklen_t *addrlenp)
    SOCKSHIM_UNP_(tcp_listen);
int Tcp_listen(const char *host, const char *serv, socklen_t *addrlenp)
    SOCKSHIM_UNP_(Tcp_listen);
/*
 * saptr is really `SA **` (it receives a malloc'ed copy of the address).  It
 * is declared `void *` so that both spellings book programs use,
 * `(SA **) &sa` and `(void **) &sa`, compile, also where incompatible pointer
 * types are errors (GCC 14).
 */
int udp_client(const char *host, const char *serv, void *saptr, socklen_t *lenp)
    SOCKSHIM_UNP_(udp_client);
int Udp_client(const char *host, const char *serv, void *saptr, socklen_t *lenptr)
    SOCKSHIM_UNP_(Udp_client);
int udp_connect(const char *host, const char *serv) SOCKSHIM_UNP_(udp_connect);
int Udp_connect(const char *host, const char *serv) SOCKSHIM_UNP_(Udp_connect);
int udp_server(const char *host, const char *serv, socklen_t *addrlenp)
    SOCKSHIM_UNP_(udp_server);
int Udp_server(const char *host, const char *serv, socklen_t *addrlenp)
    SOCKSHIM_UNP_(Udp_server);

/* Socket addresses, protocol-independent. */
int sock_bind_wild(int sockfd, int family) SOCKSHIM_UNP_(sock_bind_wild);
int Sock_bind_wild(int sockfd, int family) SOCKSHIM_UNP_(Sock_bind_wild);
int sock_cmp_addr(const SA *sa1, const SA *sa2, socklen_t salen) SOCKSHIM_UNP_(sock_cmp_addr);
int sock_cmp_port(const SA *sa1, const SA *sa2, socklen_t salen) SOCKSHIM_UNP_(sock_cmp_port);
int sock_get_port(const SA *sa, socklen_t salen) SOCKSHIM_UNP_(sock_get_port);
char *sock_ntop(const SA *sa, socklen_t salen) SOCKSHIM_UNP_(sock_ntop);
char *Sock_ntop(const SA *sa, socklen_t salen) SOCKSHIM_UNP_(Sock_ntop);
char *sock_ntop_host(const SA *sa, socklen_t salen) SOCKSHIM_UNP_(sock_ntop_host);
char *Sock_ntop_host(const SA *sa, socklen_t salen) SOCKSHIM_UNP_(Sock_ntop_host);
void sock_set_addr(SA *sa, socklen_t salen, const void *addr) SOCKSHIM_UNP_(sock_set_addr);
void sock_set_port(SA *sa, socklen_t salen, int port) SOCKSHIM_UNP_(sock_set_port);
void sock_set_wild(SA *sa, socklen_t salen) SOCKSHIM_UNP_(sock_set_wild);
int sockfd_to_family(int sockfd) SOCKSHIM_UNP_(sockfd_to_family);
int Sockfd_to_family(int sockfd) SOCKSHIM_UNP_(Sockfd_to_family);
int family_to_level(int family) SOCKSHIM_UNP_(family_to_level);
int Family_to_level(int family) SOCKSHIM_UNP_(Family_to_level);

/* ------------------------------------------------------------------------
 * Reading and writing.
 * --------------------------------------------------------------------- */
ssize_t readn(int fd, void *vptr, size_t n) SOCKSHIM_UNP_(readn);
ssize_t Readn(int fd, void *ptr, size_t nbytes) SOCKSHIM_UNP_(Readn);
ssize_t writen(int fd, const void *vptr, size_t n) SOCKSHIM_UNP_(writen);
void Writen(int fd, void *ptr, size_t nbytes) SOCKSHIM_UNP_(Writen);
/* Through '\n' (kept), at most maxlen-1 bytes, NUL-terminated; 0 at EOF. */
ssize_t readline(int fd, void *vptr, size_t maxlen) SOCKSHIM_UNP_(readline);
ssize_t Readline(int fd, void *ptr, size_t maxlen) SOCKSHIM_UNP_(Readline);
/* The bytes readline holds for the descriptor this thread read last. */
ssize_t readlinebuf(void **vptrptr) SOCKSHIM_UNP_(readlinebuf);
ssize_t read_fd(int fd, void *ptr, size_t nbytes, int *recvfd) SOCKSHIM_UNP_(read_fd);
ssize_t Read_fd(int fd, void *ptr, size_t nbytes, int *recvfd) SOCKSHIM_UNP_(Read_fd);
ssize_t write_fd(int fd, void *ptr, size_t nbytes, int sendfd) SOCKSHIM_UNP_(write_fd);
ssize_t Write_fd(int fd, void *ptr, size_t nbytes, int sendfd) SOCKSHIM_UNP_(Write_fd);

/* ------------------------------------------------------------------------
 * The echo clients and servers.
 * --------------------------------------------------------------------- */
void str_echo(int sockfd) SOCKSHIM_UNP_(str_echo);
void str_cli(FILE *fp, int sockfd) SOCKSHIM_UNP_(str_cli);
void dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen) SOCKSHIM_UNP_(dg_echo);
void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
    SOCKSHIM_UNP_(dg_cli);

/* ------------------------------------------------------------------------
 * Signals (signal() itself stays the C library's).
 * --------------------------------------------------------------------- */
Sigfunc *Signal(int signo, Sigfunc *func) SOCKSHIM_UNP_(Signal);
Sigfunc *signal_intr(int signo, Sigfunc *func) SOCKSHIM_UNP_(signal_intr);
Sigfunc *Signal_intr(int signo, Sigfunc *func) SOCKSHIM_UNP_(Signal_intr);

/* ------------------------------------------------------------------------
 * Timeouts, daemons and odds and ends.
 * --------------------------------------------------------------------- */
int connect_nonb(int sockfd, const SA *saptr, socklen_t salen, int nsec)
    SOCKSHIM_UNP_(connect_nonb);
int connect_timeo(int sockfd, const SA *saptr, socklen_t salen, int nsec)
    SOCKSHIM_UNP_(connect_timeo);
void Connect_timeo(int sockfd, const SA *saptr, socklen_t salen, int nsec)
    SOCKSHIM_UNP_(Connect_timeo);
int readable_timeo(int fd, int sec) SOCKSHIM_UNP_(readable_timeo);
int Readable_timeo(int fd, int sec) SOCKSHIM_UNP_(Readable_timeo);
int writable_timeo(int fd, int sec) SOCKSHIM_UNP_(writable_timeo);
int Writable_timeo(int fd, int sec) SOCKSHIM_UNP_(Writable_timeo);
int daemon_init(const char *pname, int facility) SOCKSHIM_UNP_(daemon_init);
void daemon_inetd(const char *pname, int facility) SOCKSHIM_UNP_(daemon_inetd);
char *gf_time(void) SOCKSHIM_UNP_(gf_time);
void tv_sub(struct timeval *out, struct timeval *in) SOCKSHIM_UNP_(tv_sub);
char **my_addrs(int *addrtype) SOCKSHIM_UNP_(my_addrs);
char **My_addrs(int *addrtype) SOCKSHIM_UNP_(My_addrs);
uint16_t in_cksum(uint16_t *addr, int len) SOCKSHIM_UNP_(in_cksum);

#ifdef __cplusplus
}
#endif

#endif /* __unp_h */
