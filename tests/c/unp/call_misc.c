/*
 * call_misc.c -- unpcall cases for signals, the book's quirks, the echo
 * helpers, timeouts, daemons, descriptor passing, the odds and ends and
 * the pthread wrappers (see unpcall.h).
 *
 *   signal_flags                 sigaction flags Signal/Signal_intr install
 *   signal_restart SIG           read() blocked, SIG arrives: restarted or not
 *   signal_intr_restart          the same with Signal_intr(SIGUSR1)
 *   select_eintr | accept_eintr  a SIGALRM interrupts Select / Accept
 *   accept_retry ERRNO...        accept() fails with these first (injected)
 *   sigpipe WRAPPER handler|default   Write/Writen to a closed socket
 *   backlog listen|tcp_listen PORT    listens, says ready, never accepts
 *   str_cli HOST SERV | str_echo SERV | dg_cli HOST SERV | dg_echo SERV
 *   connect_nonb PORT NSEC | connect_timeo PORT NSEC | connect_timeo_alarm PORT
 *   timeo | daemon PATH | fdpass | misc | my_addrs | gf_time_threads
 *   pthreads | fail_misc NAME [ARG...] | pthread_fail NAME
 */
#include "unpcall.h"
#include "../testutil.h"

#include <sys/syscall.h>
#include <syslog.h>

/* ---- accept(), interposed ---------------------------------------------
 * The book's Accept retries ECONNABORTED and EPROTO, which Linux's
 * accept() cannot be made to return on demand.  This program defines
 * accept() itself, as an LD_PRELOAD library would: the first calls fail
 * with the injected errors, the others make the real system call.  The
 * library's Accept calls accept() through the dynamic symbol (shared) or
 * this definition (static), so the count shows it was reached. */
static int inject[8], injections, injected, accept_calls;

int accept(int fd, struct sockaddr *restrict sa, socklen_t *restrict len)
{
    accept_calls++;
    if (injected < injections) {
        errno = inject[injected++];
        return -1;
    }
    return (int) syscall(SYS_accept4, fd, sa, len, 0);
}

/* ---- signals ---------------------------------------------------------- */

static volatile sig_atomic_t caught;

static void on_signal(int signo)
{
    (void) signo;
    caught++;
}

static void on_signal_b(int signo)
{
    (void) signo;
}

static int restart_flag(int signo)
{
    struct sigaction sa;

    check(sigaction(signo, NULL, &sa) == 0, "sigaction query");
    return (sa.sa_flags & SA_RESTART) != 0;
}

static int case_signal_flags(int argc, char **argv)
{
    Sigfunc *old1, *old2;
    struct sigaction sa;
    int i, empty = 1;

    (void) argc, (void) argv;
    old1 = Signal(SIGUSR2, on_signal);
    old2 = Signal(SIGUSR2, on_signal_b);
    printf("Signal returns old: %d %d\n", old1 == SIG_DFL, old2 == on_signal);
    Signal(SIGALRM, on_signal);
    Signal(SIGCHLD, on_signal);
    Signal_intr(SIGUSR1, on_signal);
    printf("SA_RESTART: SIGUSR2=%d SIGCHLD=%d SIGALRM=%d Signal_intr(SIGUSR1)=%d\n",
           restart_flag(SIGUSR2), restart_flag(SIGCHLD), restart_flag(SIGALRM),
           restart_flag(SIGUSR1));
    check(sigaction(SIGUSR2, NULL, &sa) == 0, "sigaction query");
    for (i = 1; i < 32; i++)
        if (sigismember(&sa.sa_mask, i) == 1)
            empty = 0;
    printf("mask empty=%d handler=%d\n", empty, sa.sa_handler == on_signal_b);
    printf("signal_intr returns old: %d\n", signal_intr(SIGUSR1, SIG_DFL) == on_signal);
    return 0;
}

/* Blocks in read() on a pipe while a child sends signo (once the parent is
 * seen sleeping) and, a little later, writes "data" into the pipe; a
 * restarted read gets the data, an interrupted one fails with EINTR. */
static void read_while_signalled(int signo)
{
    int fds[2];
    pid_t parent = getpid(), pid;
    char buf[16];
    ssize_t n;

    Pipe(fds);
    if ((pid = Fork()) == 0) {
        wait_asleep(parent);
        kill(parent, signo);
        usleep(200000);
        if (write(fds[1], "data", 4) != 4)
            _exit(1);
        _exit(0);
    }
    n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR)
        printf("read interrupted, handler ran=%d\n", caught > 0);
    else
        printf("read restarted, got %.*s, handler ran=%d\n", (int) (n < 0 ? 0 : n), buf, caught > 0);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static int case_signal_restart(int argc, char **argv)
{
    int signo;

    check(argc == 2, "usage: signal_restart ALRM|USR1|CHLD");
    signo = strcmp(argv[1], "ALRM") == 0 ? SIGALRM : strcmp(argv[1], "CHLD") == 0 ? SIGCHLD : SIGUSR1;
    Signal(signo, on_signal);
    read_while_signalled(signo);
    return 0;
}

static int case_signal_intr_restart(int argc, char **argv)
{
    (void) argc, (void) argv;
    Signal_intr(SIGUSR1, on_signal);
    read_while_signalled(SIGUSR1);
    return 0;
}

/* SIGALRM every second; the third one means the call was retried. */
static void on_alarm_rearm(int signo)
{
    static const char msg[] = "retried after EINTR\n";

    (void) signo;
    if (++caught >= 3) {
        if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0)
            _exit(4);
        _exit(3);
    }
    alarm(1);
}

static int case_select_eintr(int argc, char **argv)
{
    int fds[2];
    fd_set rset;

    (void) argc, (void) argv;
    Pipe(fds);
    Signal(SIGALRM, on_alarm_rearm);
    alarm(1);
    FD_ZERO(&rset);
    FD_SET(fds[0], &rset);
    Select(fds[0] + 1, &rset, NULL, NULL, NULL);     /* never readable */
    returned();
}

static int case_accept_eintr(int argc, char **argv)
{
    struct sockaddr_in addr = loopback4(0);
    int listenfd;

    (void) argc, (void) argv;
    listenfd = Socket(AF_INET, SOCK_STREAM, 0);
    Bind(listenfd, (SA *) &addr, sizeof addr);
    Listen(listenfd, 5);
    Signal(SIGALRM, on_alarm_rearm);
    alarm(1);
    Accept(listenfd, NULL, NULL);                      /* nobody connects */
    returned();
}

static int case_accept_retry(int argc, char **argv)
{
    struct sockaddr_in addr = loopback4(0);
    socklen_t len = sizeof addr;
    int listenfd, cli, conn, i;

    for (i = 1; i < argc && injections < 8; i++)
        inject[injections++] = strcmp(argv[i], "ECONNABORTED") == 0 ? ECONNABORTED
                             : strcmp(argv[i], "EPROTO") == 0 ? EPROTO
                             : strcmp(argv[i], "EINTR") == 0 ? EINTR
                             : strcmp(argv[i], "ECONNRESET") == 0 ? ECONNRESET : EINVAL;
    listenfd = Socket(AF_INET, SOCK_STREAM, 0);
    Bind(listenfd, (SA *) &addr, sizeof addr);
    Listen(listenfd, 5);
    Getsockname(listenfd, (SA *) &addr, &len);
    cli = Socket(AF_INET, SOCK_STREAM, 0);
    Connect(cli, (SA *) &addr, sizeof addr);          /* completes in the backlog */
    conn = Accept(listenfd, NULL, NULL);
    printf("accepted=%d after %d accept() calls\n", conn >= 0, accept_calls);
    return 0;
}

static void on_sigpipe(int signo)
{
    static const char msg[] = "SIGPIPE received\n";

    (void) signo;
    if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0)
        _exit(4);
}

static int case_sigpipe(int argc, char **argv)
{
    int sv[2];
    char data[100];

    check(argc == 3, "usage: sigpipe Write|Writen|str_echo handler|default");
    if (strcmp(argv[2], "handler") == 0)
        Signal(SIGPIPE, on_sigpipe);
    memset(data, 'p', sizeof data);
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    Close(sv[1]);
    if (strcmp(argv[1], "Write") == 0)
        Write(sv[0], data, sizeof data);
    else
        Writen(sv[0], data, sizeof data);
    returned();
}

static int case_backlog(int argc, char **argv)
{
    struct sockaddr_in addr;
    int fd, on = 1;

    check(argc == 3, "usage: backlog listen|tcp_listen PORT");
    if (strcmp(argv[1], "listen") == 0) {
        addr = loopback4(port_arg(argv[2]));
        fd = Socket(AF_INET, SOCK_STREAM, 0);
        Setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        Bind(fd, (SA *) &addr, sizeof addr);
        Listen(fd, LISTENQ);
    } else {
        Tcp_listen("127.0.0.1", argv[2], NULL);
    }
    ready();
    for ( ; ; )
        pause();            /* never accepts: the test fills the queue */
    return 0;               /* not reached */
}

/* ---- echo helpers ----------------------------------------------------- */

static int case_str_cli(int argc, char **argv)
{
    check(argc == 3, "usage: str_cli HOST SERV");
    str_cli(stdin, Tcp_connect(argv[1], argv[2]));
    printf("str_cli returned\n");
    return 0;
}

static int case_str_echo(int argc, char **argv)
{
    int listenfd, conn;

    check(argc == 2, "usage: str_echo SERV");
    listenfd = Tcp_listen("127.0.0.1", argv[1], NULL);
    ready();
    conn = Accept(listenfd, NULL, NULL);
    str_echo(conn);
    printf("str_echo returned\n");
    return 0;
}

static int case_dg_cli(int argc, char **argv)
{
    SA *sa;
    socklen_t salen;
    int fd;

    check(argc == 3, "usage: dg_cli HOST SERV");
    fd = Udp_client(argv[1], argv[2], (SA **) &sa, &salen);
    dg_cli(stdin, fd, sa, salen);
    printf("dg_cli returned\n");
    return 0;
}

static int case_dg_echo(int argc, char **argv)
{
    socklen_t len;
    int fd;

    check(argc == 2, "usage: dg_echo SERV");
    fd = Udp_server("127.0.0.1", argv[1], &len);
    ready();
    dg_echo(fd, Malloc(len), len);
    returned();
}

/* ---- timeouts --------------------------------------------------------- */

static void print_result(const char *what, int fd, int result, int saved_errno)
{
    if (result == 0)
        printf("%s 0 nonblock=%d\n", what, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    else
        printf("%s %d errno=%s closed=%d\n", what, result, strerror(saved_errno),
               fcntl(fd, F_GETFD) == -1 && errno == EBADF);
}

static int case_connect_nonb(int argc, char **argv)
{
    struct sockaddr_in addr;
    int fd, n;

    check(argc == 3, "usage: connect_nonb PORT NSEC");
    addr = loopback4(port_arg(argv[1]));
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    n = connect_nonb(fd, (SA *) &addr, sizeof addr, atoi(argv[2]));
    print_result("connect_nonb", fd, n, errno);
    return 0;
}

static int case_connect_timeo(int argc, char **argv)
{
    struct sockaddr_in addr;
    struct sigaction sa;
    int fd, n;

    check(argc == 3, "usage: connect_timeo PORT NSEC");
    addr = loopback4(port_arg(argv[1]));
    Signal(SIGALRM, on_signal_b);
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    n = connect_timeo(fd, (SA *) &addr, sizeof addr, atoi(argv[2]));
    print_result("connect_timeo", fd, n, errno);
    check(sigaction(SIGALRM, NULL, &sa) == 0, "sigaction query");
    printf("handler restored=%d alarm left=%u\n", sa.sa_handler == on_signal_b, alarm(0));
    return 0;
}

static int case_connect_timeo_alarm(int argc, char **argv)
{
    struct sockaddr_in addr;
    int fd, n;

    check(argc == 2, "usage: connect_timeo_alarm PORT");
    addr = loopback4(port_arg(argv[1]));
    fd = Socket(AF_INET, SOCK_STREAM, 0);
    alarm(100);
    n = connect_timeo(fd, (SA *) &addr, sizeof addr, 5);
    printf("connect_timeo %d alarm left=%u\n", n, alarm(0));
    return 0;
}

static int case_timeo(int argc, char **argv)
{
    int fds[2];

    (void) argc, (void) argv;
    Pipe(fds);
    printf("readable_timeo empty %d\n", readable_timeo(fds[0], 1));
    Write(fds[1], "x", 1);
    printf("readable_timeo data %d %d\n", readable_timeo(fds[0], 1), Readable_timeo(fds[0], 1));
    printf("writable_timeo %d %d\n", writable_timeo(fds[1], 1), Writable_timeo(fds[1], 1));
    return 0;
}

/* ---- daemons, descriptor passing -------------------------------------- */

static int case_daemon(int argc, char **argv)
{
    char cwd[256], fd0[64], fd2[64];
    FILE *fp;
    ssize_t n0, n2;
    int kept;

    check(argc == 2, "usage: daemon PATH");
    check(dup2(STDERR_FILENO, 20) == 20, "dup2 to 20");
    printf("before\n");
    fflush(stdout);
    if (daemon_init("unpcall", LOG_USER) < 0)
        return 2;
    /* the grandchild: no terminal, no session leader, in /, fds reset */
    kept = fcntl(20, F_GETFD) != -1;
    n0 = readlink("/proc/self/fd/0", fd0, sizeof fd0 - 1);
    n2 = readlink("/proc/self/fd/2", fd2, sizeof fd2 - 1);
    fd0[n0 < 0 ? 0 : n0] = '\0';
    fd2[n2 < 0 ? 0 : n2] = '\0';
    if (getcwd(cwd, sizeof cwd) == NULL)
        strcpy(cwd, "?");
    err_msg("this goes to syslog, not to stderr");
    fp = fopen(argv[1], "w");
    if (fp == NULL)
        _exit(3);
    fprintf(fp, "daemon_proc=%d cwd=%s session_leader=%d group_leader=%d fd20_open=%d fd0=%s fd2=%s\n",
            daemon_proc, cwd, getsid(0) == getpid(), getpgrp() == getpid(), kept, fd0, fd2);
    fclose(fp);
    return 0;
}

static int case_fdpass(int argc, char **argv)
{
    int sv[2], fds[2], recvfd = -2;
    char c = 0, buf[16];
    ssize_t n;

    (void) argc, (void) argv;
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    Pipe(fds);
    printf("write_fd %d\n", (int) Write_fd(sv[0], "F", 1, fds[0]));
    Close(fds[0]);
    n = Read_fd(sv[1], &c, 1, &recvfd);
    Write(fds[1], "through", 7);
    printf("read_fd %d %c passed=%d read %d\n", (int) n, c, recvfd >= 0,
           (int) Read(recvfd, buf, sizeof buf));
    Write(sv[0], "N", 1);
    recvfd = -2;
    n = read_fd(sv[1], &c, 1, &recvfd);
    printf("read_fd %d %c recvfd=%d\n", (int) n, c, recvfd);
    printf("write_fd lower %d\n", (int) write_fd(sv[0], "G", 1, fds[1]));
    n = read_fd(sv[1], &c, 1, &recvfd);
    printf("read_fd lower %d %c passed=%d\n", (int) n, c, recvfd >= 0);
    return 0;
}

/* ---- odds and ends ---------------------------------------------------- */

static int gf_time_format_ok(const char *t)
{
    static const char pattern[] = "99:99:99.999999";
    size_t i;

    if (t == NULL || strlen(t) != sizeof pattern - 1)
        return 0;
    for (i = 0; pattern[i] != '\0'; i++)
        if (pattern[i] == '9' ? (t[i] < '0' || t[i] > '9') : t[i] != pattern[i])
            return 0;
    return 1;
}

static int case_misc(int argc, char **argv)
{
    struct timeval out = { 5, 100 }, in = { 3, 200 };
    unsigned char header[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                                 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
    uint16_t words[10], sum, odd[1] = { 0 };
    unsigned char *bytes = (unsigned char *) &sum;

    (void) argc, (void) argv;
    printf("gf_time format=%d\n", gf_time_format_ok(gf_time()));
    tv_sub(&out, &in);
    printf("tv_sub %ld %ld\n", (long) out.tv_sec, (long) out.tv_usec);
    out.tv_sec = 5, out.tv_usec = 300;
    tv_sub(&out, &in);
    printf("tv_sub %ld %ld\n", (long) out.tv_sec, (long) out.tv_usec);

    memcpy(words, header, sizeof words);
    sum = in_cksum(words, 20);
    printf("in_cksum %02x %02x\n", bytes[0], bytes[1]);
    memcpy((unsigned char *) words + 10, &sum, 2);
    printf("in_cksum verify %d\n", in_cksum(words, 20));
    *(unsigned char *) odd = 0x01;
    sum = in_cksum(odd, 1);
    printf("in_cksum odd %02x %02x\n", bytes[0], bytes[1]);
    return 0;
}

static int case_my_addrs(int argc, char **argv)
{
    char **pptr, text[INET6_ADDRSTRLEN];
    int family = -1;

    (void) argc, (void) argv;
    pptr = My_addrs(&family);
    printf("family=%s\n", family == AF_INET ? "AF_INET" : family == AF_INET6 ? "AF_INET6" : "?");
    for (; *pptr != NULL; pptr++)
        printf("%s\n", Inet_ntop(family, *pptr, text, sizeof text));
    return 0;
}

struct time_job {
    char *first;
    int ok;
};

static void *gf_time_thread(void *arg)
{
    struct time_job *job = arg;
    int i;

    job->ok = 1;
    job->first = gf_time();
    for (i = 0; i < 20000; i++)
        if (gf_time() != job->first || !gf_time_format_ok(job->first))
            job->ok = 0;
    return NULL;
}

static int case_gf_time_threads(int argc, char **argv)
{
    struct time_job jobs[2];
    pthread_t tid[2];
    int i;

    (void) argc, (void) argv;
    for (i = 0; i < 2; i++)
        Pthread_create(&tid[i], NULL, gf_time_thread, &jobs[i]);
    for (i = 0; i < 2; i++)
        Pthread_join(tid[i], NULL);
    printf("gf_time ok=%d,%d own buffers=%d\n", jobs[0].ok, jobs[1].ok,
           jobs[0].first != jobs[1].first);
    return 0;
}

/* ---- pthread wrappers ------------------------------------------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready_flag, once_count, destructed;
static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void once_init(void)
{
    once_count++;
}

static void destructor(void *value)
{
    (void) value;
    __atomic_add_fetch(&destructed, 1, __ATOMIC_SEQ_CST);
}

static void *worker(void *arg)
{
    Pthread_once(&once, once_init);
    Pthread_setspecific(key, arg);
    check(pthread_getspecific(key) == arg, "pthread_getspecific");
    Pthread_mutex_lock(&lock);
    ready_flag++;
    Pthread_cond_signal(&cond);
    Pthread_cond_broadcast(&cond);
    Pthread_mutex_unlock(&lock);
    return arg;
}

static void *blocker(void *arg)
{
    (void) arg;
    for ( ; ; )
        pause();
    return NULL;            /* not reached */
}

static int case_pthreads(int argc, char **argv)
{
    pthread_t tid[3], det;
    pthread_mutexattr_t attr;
    pthread_mutex_t shared;
    struct timespec deadline;
    void *status;
    int i;

    (void) argc, (void) argv;
    Pthread_key_create(&key, destructor);
    Pthread_mutexattr_init(&attr);
    Pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    Pthread_mutex_init(&shared, &attr);
    Pthread_mutex_lock(&shared);
    Pthread_mutex_unlock(&shared);
    for (i = 0; i < 3; i++)
        Pthread_create(&tid[i], NULL, worker, (void *) (intptr_t) (i + 1));
    Pthread_mutex_lock(&lock);
    while (ready_flag < 2)
        Pthread_cond_wait(&cond, &lock);
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 30;
    while (ready_flag < 3)
        Pthread_cond_timedwait(&cond, &lock, &deadline);
    Pthread_mutex_unlock(&lock);
    for (i = 0; i < 3; i++) {
        Pthread_join(tid[i], &status);
        printf("joined %d\n", (int) (intptr_t) status);
    }
    printf("once=%d destructors=%d\n", once_count, __atomic_load_n(&destructed, __ATOMIC_SEQ_CST));
    Pthread_create(&det, NULL, blocker, NULL);
    Pthread_kill(det, 0);
    Pthread_detach(det);
    printf("kill detach ok\n");
    return 0;
}

static int case_pthread_fail(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    pthread_mutexattr_t attr;
    pthread_mutex_t m;
    pthread_attr_t tattr;
    pthread_t tid;
    struct timespec past = { 0, 0 };
    pthread_key_t k;

    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&m, &attr);
    if (strcmp(what, "create") == 0) {
        pthread_attr_init(&tattr);
        pthread_attr_setstacksize(&tattr, (size_t) 1 << 46);
        Pthread_create(&tid, &tattr, blocker, NULL);
    }
    else if (strcmp(what, "join") == 0) Pthread_join(pthread_self(), NULL);
    else if (strcmp(what, "detach") == 0) {
        Pthread_create(&tid, NULL, blocker, NULL);
        Pthread_detach(tid);
        Pthread_detach(tid);
    }
    else if (strcmp(what, "kill") == 0) Pthread_kill(pthread_self(), 999);
    else if (strcmp(what, "mutexattr_setpshared") == 0) Pthread_mutexattr_setpshared(&attr, 99);
    else if (strcmp(what, "mutex_lock") == 0) { Pthread_mutex_lock(&m); Pthread_mutex_lock(&m); }
    else if (strcmp(what, "mutex_unlock") == 0) Pthread_mutex_unlock(&m);
    else if (strcmp(what, "cond_wait") == 0) Pthread_cond_wait(&cond, &m);
    else if (strcmp(what, "cond_timedwait") == 0) {
        Pthread_mutex_lock(&m);
        Pthread_cond_timedwait(&cond, &m, &past);
    }
    else if (strcmp(what, "key_create") == 0) {
        int i;

        for (i = 0; i < 100000; i++)
            Pthread_key_create(&k, NULL);
    }
    else if (strcmp(what, "setspecific") == 0) Pthread_setspecific((pthread_key_t) 99999, NULL);
    /* NULL objects, which the C library would crash on */
    else if (strcmp(what, "mutexattr_init") == 0) Pthread_mutexattr_init(NULL);
    else if (strcmp(what, "mutex_init") == 0) Pthread_mutex_init(NULL, NULL);
    else if (strcmp(what, "cond_signal") == 0) Pthread_cond_signal(NULL);
    else if (strcmp(what, "cond_broadcast") == 0) Pthread_cond_broadcast(NULL);
    else if (strcmp(what, "once") == 0) Pthread_once(NULL, NULL);
    else {
        printf("no failure case %s\n", what);
        return 2;
    }
    returned();
}

static int case_fail_misc(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    struct sockaddr_in addr = loopback4(9);
    int bad = closed_fd(), fd;
    char c;

    if (strcmp(what, "signal") == 0) Signal(SIGKILL, on_signal);
    else if (strcmp(what, "signal_intr") == 0) Signal_intr(SIGKILL, on_signal);
    else if (strcmp(what, "str_echo") == 0) str_echo(bad);
    else if (strcmp(what, "dg_echo") == 0) dg_echo(bad, (SA *) &addr, sizeof addr);
    else if (strcmp(what, "dg_cli") == 0) dg_cli(stdin, bad, (SA *) &addr, sizeof addr);
    else if (strcmp(what, "str_cli") == 0) str_cli(stdin, Tcp_connect(argv[2], argv[3]));
    else if (strcmp(what, "connect_timeo") == 0) {
        addr = loopback4(port_arg(argv[2]));
        Connect_timeo(Socket(AF_INET, SOCK_STREAM, 0), (SA *) &addr, sizeof addr, 5);
    }
    else if (strcmp(what, "readable_timeo") == 0) Readable_timeo(bad, 1);
    else if (strcmp(what, "writable_timeo") == 0) Writable_timeo(bad, 1);
    else if (strcmp(what, "read_fd") == 0) Read_fd(bad, &c, 1, &fd);
    else if (strcmp(what, "write_fd") == 0) Write_fd(bad, &c, 1, 0);
    else {
        printf("no failure case %s\n", what);
        return 2;
    }
    returned();
}

const struct unp_case misc_cases[] = {
    { "signal_flags", case_signal_flags },
    { "signal_restart", case_signal_restart },
    { "signal_intr_restart", case_signal_intr_restart },
    { "select_eintr", case_select_eintr },
    { "accept_eintr", case_accept_eintr },
    { "accept_retry", case_accept_retry },
    { "sigpipe", case_sigpipe },
    { "backlog", case_backlog },
    { "str_cli", case_str_cli },
    { "str_echo", case_str_echo },
    { "dg_cli", case_dg_cli },
    { "dg_echo", case_dg_echo },
    { "connect_nonb", case_connect_nonb },
    { "connect_timeo", case_connect_timeo },
    { "connect_timeo_alarm", case_connect_timeo_alarm },
    { "timeo", case_timeo },
    { "daemon", case_daemon },
    { "fdpass", case_fdpass },
    { "misc", case_misc },
    { "my_addrs", case_my_addrs },
    { "gf_time_threads", case_gf_time_threads },
    { "pthreads", case_pthreads },
    { "pthread_fail", case_pthread_fail },
    { "fail_misc", case_fail_misc },
    { NULL, NULL },
};
