/*
 * header_repeat.c -- test: unp.h and unpthread.h declare the book's exact
 * types.  After including them, this file repeats every prototype as the
 * book's unp.h and unpthread.h have it (parameter names left out, as there);
 * a "conflicting types" error means our header differs.  A repeated
 * declaration keeps the header's assembler label, so every call below must
 * still reach a sockshim_unp_ symbol (the test checks the object with nm).
 * The one deliberate difference, the third parameter of udp_client and
 * Udp_client (void * instead of SA **), is checked with both spellings of
 * the argument.  Built with -c only: nothing here runs.
 */
#include "unpthread.h"

void err_dump(const char *, ...);
void err_msg(const char *, ...);
void err_quit(const char *, ...);
void err_ret(const char *, ...);
void err_sys(const char *, ...);
extern int daemon_proc;

int Accept(int, SA *, socklen_t *);
void Bind(int, const SA *, socklen_t);
void Connect(int, const SA *, socklen_t);
void Getpeername(int, SA *, socklen_t *);
void Getsockname(int, SA *, socklen_t *);
void Getsockopt(int, int, int, void *, socklen_t *);
void Listen(int, int);
int Poll(struct pollfd *, unsigned long, int);
ssize_t Recv(int, void *, size_t, int);
ssize_t Recvfrom(int, void *, size_t, int, SA *, socklen_t *);
ssize_t Recvmsg(int, struct msghdr *, int);
int Select(int, fd_set *, fd_set *, fd_set *, struct timeval *);
void Send(int, const void *, size_t, int);
void Sendmsg(int, const struct msghdr *, int);
void Sendto(int, const void *, size_t, int, const SA *, socklen_t);
void Setsockopt(int, int, int, const void *, socklen_t);
void Shutdown(int, int);
int Sockatmark(int);
int Socket(int, int, int);
void Socketpair(int, int, int, int *);

void *Calloc(size_t, size_t);
void Close(int);
void Dup2(int, int);
int Fcntl(int, int, int);
void Gettimeofday(struct timeval *, void *);
int Ioctl(int, int, void *);
pid_t Fork(void);
void *Malloc(size_t);
int Mkstemp(char *);
void *Mmap(void *, size_t, int, int, int, off_t);
int Open(const char *, int, mode_t);
void Pipe(int *fds);
ssize_t Read(int, void *, size_t);
void Sigaddset(sigset_t *, int);
void Sigdelset(sigset_t *, int);
void Sigemptyset(sigset_t *);
void Sigfillset(sigset_t *);
int Sigismember(const sigset_t *, int);
void Sigpending(sigset_t *);
void Sigprocmask(int, const sigset_t *, sigset_t *);
char *Strdup(const char *);
long Sysconf(int);
void Unlink(const char *);
pid_t Wait(int *);
pid_t Waitpid(pid_t, int *, int);
void Write(int, void *, size_t);

void Fclose(FILE *);
FILE *Fdopen(int, const char *);
char *Fgets(char *, int, FILE *);
FILE *Fopen(const char *, const char *);
void Fputs(const char *, FILE *);

const char *Inet_ntop(int, const void *, char *, size_t);
void Inet_pton(int, const char *, void *);

struct addrinfo *host_serv(const char *, const char *, int, int);
struct addrinfo *Host_serv(const char *, const char *, int, int);
int tcp_connect(const char *, const char *);
int Tcp_connect(const char *, const char *);
int tcp_listen(const char *, const char *, socklen_t *);
int Tcp_listen(const char *, const char *, socklen_t *);
int udp_connect(const char *, const char *);
int Udp_connect(const char *, const char *);
int udp_server(const char *, const char *, socklen_t *);
int Udp_server(const char *, const char *, socklen_t *);

int sock_bind_wild(int, int);
int Sock_bind_wild(int, int);
int sock_cmp_addr(const SA *, const SA *, socklen_t);
int sock_cmp_port(const SA *, const SA *, socklen_t);
int sock_get_port(const SA *, socklen_t);
char *sock_ntop(const SA *, socklen_t);
char *Sock_ntop(const SA *, socklen_t);
char *sock_ntop_host(const SA *, socklen_t);
char *Sock_ntop_host(const SA *, socklen_t);
void sock_set_addr(SA *, socklen_t, const void *);
void sock_set_port(SA *, socklen_t, int);
void sock_set_wild(SA *, socklen_t);
int sockfd_to_family(int);
int Sockfd_to_family(int);
int family_to_level(int);
int Family_to_level(int);

ssize_t readn(int, void *, size_t);
ssize_t Readn(int, void *, size_t);
ssize_t writen(int, const void *, size_t);
void Writen(int, void *, size_t);
ssize_t readline(int, void *, size_t);
ssize_t Readline(int, void *, size_t);
ssize_t readlinebuf(void **);
ssize_t read_fd(int, void *, size_t, int *);
ssize_t Read_fd(int, void *, size_t, int *);
ssize_t write_fd(int, void *, size_t, int);
ssize_t Write_fd(int, void *, size_t, int);

void str_echo(int);
void str_cli(FILE *, int);
void dg_echo(int, SA *, socklen_t);
void dg_cli(FILE *, int, const SA *, socklen_t);

Sigfunc *Signal(int, Sigfunc *);
Sigfunc *signal_intr(int, Sigfunc *);
Sigfunc *Signal_intr(int, Sigfunc *);

int connect_nonb(int, const SA *, socklen_t, int);
int connect_timeo(int, const SA *, socklen_t, int);
void Connect_timeo(int, const SA *, socklen_t, int);
int readable_timeo(int, int);
int Readable_timeo(int, int);
int writable_timeo(int, int);
int Writable_timeo(int, int);
int daemon_init(const char *, int);
void daemon_inetd(const char *, int);
char *gf_time(void);
void tv_sub(struct timeval *, struct timeval *);
char **my_addrs(int *);
char **My_addrs(int *);
uint16_t in_cksum(uint16_t *, int);

void Pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
void Pthread_join(pthread_t, void **);
void Pthread_detach(pthread_t);
void Pthread_kill(pthread_t, int);
void Pthread_mutexattr_init(pthread_mutexattr_t *);
void Pthread_mutexattr_setpshared(pthread_mutexattr_t *, int);
void Pthread_mutex_init(pthread_mutex_t *, pthread_mutexattr_t *);
void Pthread_mutex_lock(pthread_mutex_t *);
void Pthread_mutex_unlock(pthread_mutex_t *);
void Pthread_cond_broadcast(pthread_cond_t *);
void Pthread_cond_signal(pthread_cond_t *);
void Pthread_cond_wait(pthread_cond_t *, pthread_mutex_t *);
void Pthread_cond_timedwait(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
void Pthread_key_create(pthread_key_t *, void (*)(void *));
void Pthread_setspecific(pthread_key_t, const void *);
void Pthread_once(pthread_once_t *, void (*)(void));

/* Every function above, by address: the object file must refer to each
 * through its sockshim_unp_ label (no bare name may appear). */
typedef void (*any_function)(void);
#define F(name) (any_function)(void (*)(void))name
any_function every_function[] = {
    F(err_dump), F(err_msg), F(err_quit), F(err_ret), F(err_sys),
    F(Accept), F(Bind), F(Connect), F(Getpeername), F(Getsockname), F(Getsockopt),
    F(Listen), F(Poll), F(Recv), F(Recvfrom), F(Recvmsg), F(Select), F(Send),
    F(Sendmsg), F(Sendto), F(Setsockopt), F(Shutdown), F(Sockatmark), F(Socket),
    F(Socketpair),
    F(Calloc), F(Close), F(Dup2), F(Fcntl), F(Gettimeofday), F(Ioctl), F(Fork),
    F(Malloc), F(Mkstemp), F(Mmap), F(Open), F(Pipe), F(Read), F(Sigaddset),
    F(Sigdelset), F(Sigemptyset), F(Sigfillset), F(Sigismember), F(Sigpending),
    F(Sigprocmask), F(Strdup), F(Sysconf), F(Unlink), F(Wait), F(Waitpid), F(Write),
    F(Fclose), F(Fdopen), F(Fgets), F(Fopen), F(Fputs),
    F(Inet_ntop), F(Inet_pton),
    F(host_serv), F(Host_serv), F(tcp_connect), F(Tcp_connect), F(tcp_listen),
    F(Tcp_listen), F(udp_client), F(Udp_client), F(udp_connect), F(Udp_connect),
    F(udp_server), F(Udp_server),
    F(sock_bind_wild), F(Sock_bind_wild), F(sock_cmp_addr), F(sock_cmp_port),
    F(sock_get_port), F(sock_ntop), F(Sock_ntop), F(sock_ntop_host), F(Sock_ntop_host),
    F(sock_set_addr), F(sock_set_port), F(sock_set_wild), F(sockfd_to_family),
    F(Sockfd_to_family), F(family_to_level), F(Family_to_level),
    F(readn), F(Readn), F(writen), F(Writen), F(readline), F(Readline), F(readlinebuf),
    F(read_fd), F(Read_fd), F(write_fd), F(Write_fd),
    F(str_echo), F(str_cli), F(dg_echo), F(dg_cli),
    F(Signal), F(signal_intr), F(Signal_intr),
    F(connect_nonb), F(connect_timeo), F(Connect_timeo), F(readable_timeo),
    F(Readable_timeo), F(writable_timeo), F(Writable_timeo), F(daemon_init),
    F(daemon_inetd), F(gf_time), F(tv_sub), F(my_addrs), F(My_addrs), F(in_cksum),
    F(Pthread_create), F(Pthread_join), F(Pthread_detach), F(Pthread_kill),
    F(Pthread_mutexattr_init), F(Pthread_mutexattr_setpshared), F(Pthread_mutex_init),
    F(Pthread_mutex_lock), F(Pthread_mutex_unlock), F(Pthread_cond_broadcast),
    F(Pthread_cond_signal), F(Pthread_cond_wait), F(Pthread_cond_timedwait),
    F(Pthread_key_create), F(Pthread_setspecific), F(Pthread_once),
};
int *the_daemon_flag = &daemon_proc;

/* Both spellings of udp_client's third argument, as book programs write it. */
void udp_client_both_ways(void)
{
    struct sockaddr_in6 *sa;
    socklen_t len;

    Udp_client("localhost", "daytime", (SA **) &sa, &len);
    Udp_client("localhost", "daytime", (void **) &sa, &len);
    udp_client("localhost", "daytime", (SA **) &sa, &len);
    udp_client("localhost", "daytime", (void **) &sa, &len);
}
