/*
 * call_wrap.c -- unpcall cases for the error functions and the socket,
 * Unix, stdio and inet wrappers (see unpcall.h).
 *
 *   err_sys | err_quit | err_ret | err_msg | err_dump | err_null
 *   err_order            stdout line, then err_sys, both on one pipe
 *   err_errno_first      fflush(stdout) fails inside err_sys: errno kept
 *   err_long quit|sys N  a message of N 'x' characters
 *   syslog_msg | syslog_sys | syslog_quiet   after daemon_inetd
 *   sockets | unix | stdio | inet            success paths, one line each
 *   fail NAME [ARG]      the wrapper NAME fails (see fail_case below)
 */
#include "unpcall.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <syslog.h>

/* ---- error functions -------------------------------------------------- */

static int case_err_sys(int argc, char **argv)
{
    (void) argc, (void) argv;
    errno = ECONNREFUSED;
    err_sys("err_sys %d %s", 42, "text");
    returned();
}

static int case_err_quit(int argc, char **argv)
{
    (void) argc, (void) argv;
    errno = ECONNREFUSED;
    err_quit("err_quit %d", 7);
    returned();
}

static int case_err_ret(int argc, char **argv)
{
    (void) argc, (void) argv;
    errno = EPIPE;
    err_ret("err_ret %s", "x");
    printf("after\n");
    return 0;
}

static int case_err_msg(int argc, char **argv)
{
    (void) argc, (void) argv;
    errno = EPIPE;
    err_msg("err_msg %d%%", 100);
    printf("after\n");
    return 0;
}

static int case_err_dump(int argc, char **argv)
{
    (void) argc, (void) argv;
    errno = EBADF;
    err_dump("err_dump %s", "now");
    returned();
}

/* A NULL format must not crash. */
static int case_err_null(int argc, char **argv)
{
    (void) argc, (void) argv;
    err_msg(NULL);
    printf("after\n");
    return 0;
}

/* stdout is flushed before the error line is written: with both on one
 * pipe, the pending stdout line must come first. */
static int case_err_order(int argc, char **argv)
{
    (void) argc, (void) argv;
    check(dup2(STDOUT_FILENO, STDERR_FILENO) == STDERR_FILENO, "dup2");
    printf("stdout first\n");       /* a pipe: fully buffered, still pending */
    errno = ENOENT;
    err_sys("then %s", "stderr");
    returned();
}

/* The fflush(stdout) inside err_sys fails (stdout's descriptor is closed)
 * and sets errno; the message must still carry the caller's errno. */
static int case_err_errno_first(int argc, char **argv)
{
    (void) argc, (void) argv;
    printf("pending");
    close(STDOUT_FILENO);
    errno = ECONNRESET;
    err_sys("saved");
    returned();
}

static int case_err_long(int argc, char **argv)
{
    int n;
    char *text;

    check(argc == 3, "usage: err_long quit|sys N");
    n = atoi(argv[2]);
    text = malloc((size_t) n + 1);
    check(text != NULL, "malloc");
    memset(text, 'x', (size_t) n);
    text[n] = '\0';
    errno = ECONNREFUSED;
    if (strcmp(argv[1], "sys") == 0)
        err_sys("%s", text);
    else
        err_quit("%s", text);
    returned();
}

/* After daemon_inetd, messages go to syslog; LOG_PERROR makes the C
 * library's syslog() copy them to stderr, where the test sees them. */
static int case_syslog_msg(int argc, char **argv)
{
    (void) argc, (void) argv;
    daemon_inetd("unpcall", LOG_USER);
    printf("daemon_proc=%d\n", daemon_proc);
    fflush(stdout);
    openlog("unpcall", LOG_PERROR, LOG_USER);
    err_msg("%s", "100%s %d %n done");      /* must not be used as a format */
    return 0;
}

static int case_syslog_sys(int argc, char **argv)
{
    (void) argc, (void) argv;
    daemon_inetd("unpcall", LOG_USER);
    openlog("unpcall", LOG_PERROR, LOG_USER);
    errno = EPIPE;
    err_sys("syslog %s", "sys");
    returned();
}

/* Without LOG_PERROR nothing reaches stderr. */
static int case_syslog_quiet(int argc, char **argv)
{
    (void) argc, (void) argv;
    daemon_inetd("unpcall", LOG_USER);
    err_msg("hidden");
    printf("daemon_proc=%d\n", daemon_proc);
    return 0;
}

/* ---- success paths ---------------------------------------------------- */

static int case_sockets(int argc, char **argv)
{
    int listenfd, cli, conn, sv[2], on = 1, value = 0, type = 0, ready_count;
    struct sockaddr_in addr = loopback4(0), bound, peer, cliaddr, from;
    socklen_t len = sizeof bound, optlen = sizeof value;
    char buf[64], b1[8], b2[8];
    struct iovec iov[2];
    struct msghdr msg;
    fd_set rset;
    struct timeval tv = { 5, 0 };
    struct pollfd pfd;
    ssize_t n;

    (void) argc, (void) argv;
    listenfd = Socket(AF_INET, SOCK_STREAM, 0);
    Bind(listenfd, (SA *) &addr, sizeof addr);
    Listen(listenfd, 5);
    Getsockname(listenfd, (SA *) &bound, &len);
    check(len == sizeof bound && bound.sin_port != 0, "Getsockname");
    printf("Socket Bind Listen Getsockname ok\n");

    cli = Socket(AF_INET, SOCK_STREAM, 0);
    Connect(cli, (SA *) &bound, sizeof bound);
    len = sizeof peer;
    conn = Accept(listenfd, (SA *) &peer, &len);
    len = sizeof cliaddr;
    Getsockname(cli, (SA *) &cliaddr, &len);
    check(peer.sin_port == cliaddr.sin_port, "Accept's peer is the client");
    len = sizeof peer;
    Getpeername(cli, (SA *) &peer, &len);
    check(peer.sin_port == bound.sin_port, "Getpeername");
    printf("Connect Accept Getpeername ok\n");

    Setsockopt(conn, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    Getsockopt(conn, SOL_SOCKET, SO_KEEPALIVE, &value, &optlen);
    optlen = sizeof type;
    Getsockopt(conn, SOL_SOCKET, SO_TYPE, &type, &optlen);
    printf("Setsockopt Getsockopt keepalive=%d stream=%d\n", value != 0, type == SOCK_STREAM);

    Send(cli, "hello", 5, 0);
    n = Recv(conn, buf, 5, MSG_WAITALL);
    printf("Send Recv %d %.*s\n", (int) n, (int) n, buf);

    Sendto(conn, "world", 5, 0, NULL, 0);
    len = sizeof from;
    n = Recvfrom(cli, buf, sizeof buf, 0, (SA *) &from, &len);
    printf("Sendto Recvfrom %d %.*s\n", (int) n, (int) n, buf);

    memcpy(b1, "abc", 3);
    memcpy(b2, "defg", 4);
    iov[0].iov_base = b1;
    iov[0].iov_len = 3;
    iov[1].iov_base = b2;
    iov[1].iov_len = 4;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
    Sendmsg(cli, &msg, 0);
    memset(b1, 0, sizeof b1);
    memset(b2, 0, sizeof b2);
    n = Recvmsg(conn, &msg, MSG_WAITALL);
    printf("Sendmsg Recvmsg %d %.3s%.4s\n", (int) n, b1, b2);

    printf("Sockatmark %d\n", Sockatmark(conn));

    Write(cli, "x", 1);
    FD_ZERO(&rset);
    FD_SET(conn, &rset);
    ready_count = Select(conn + 1, &rset, NULL, NULL, &tv);
    printf("Select %d readable=%d\n", ready_count, FD_ISSET(conn, &rset) != 0);
    pfd.fd = conn;
    pfd.events = POLLIN;
    pfd.revents = 0;
    ready_count = Poll(&pfd, 1, INFTIM);
    printf("Poll %d pollin=%d\n", ready_count, (pfd.revents & POLLIN) != 0);
    n = Read(conn, buf, sizeof buf);
    printf("Write Read %d %.*s\n", (int) n, (int) n, buf);

    Shutdown(cli, SHUT_WR);
    printf("Shutdown Read %d\n", (int) Read(conn, buf, sizeof buf));

    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    Writen(sv[0], "pair", 4);
    n = Readn(sv[1], buf, 4);
    printf("Socketpair Writen Readn %d %.4s\n", (int) n, buf);
    Close(sv[0]);
    n = Readn(sv[1], buf, 4);
    printf("Readn at EOF %d\n", (int) n);
    Close(sv[1]);
    Close(cli);
    Close(conn);
    Close(listenfd);
    return 0;
}

static void on_usr1(int signo)
{
    (void) signo;
}

static int case_unix(int argc, char **argv)
{
    int fds[2], fd, status = 0, flags, nread = -1;
    char buf[32], path[] = "/tmp/unpcallXXXXXX", *copy, *zeros, *map;
    sigset_t set, pending;
    pid_t pid, waited;
    struct timeval tv;
    size_t i;

    (void) argc, (void) argv;
    Pipe(fds);
    Write(fds[1], "pipe", 4);
    printf("Pipe Write Read %d\n", (int) Read(fds[0], buf, sizeof buf));
    Ioctl(fds[0], FIONREAD, &nread);
    printf("Ioctl FIONREAD %d\n", nread);
    flags = Fcntl(fds[0], F_GETFL, 0);
    printf("Fcntl nonblock=%d\n", (flags & O_NONBLOCK) != 0);
    Dup2(fds[0], 40);
    printf("Dup2 %d\n", fcntl(40, F_GETFD) != -1);
    Close(40);
    Close(fds[0]);
    Close(fds[1]);

    fd = Mkstemp(path);
    Write(fd, "file", 4);
    Close(fd);
    fd = Open(path, O_RDONLY, 0);
    printf("Mkstemp Open Read %d\n", (int) Read(fd, buf, sizeof buf));
    Close(fd);
    Unlink(path);
    printf("Unlink gone=%d\n", access(path, F_OK) != 0);

    copy = Strdup("duplicate");
    printf("Strdup %s\n", copy);
    free(copy);
    zeros = Calloc(100, 10);
    for (i = 0; i < 1000 && zeros[i] == 0; i++)
        ;
    printf("Calloc zeroed=%d\n", i == 1000);
    free(zeros);
    free(Malloc(10));
    map = Mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    map[0] = 'm';
    printf("Malloc Mmap %c\n", map[0]);
    munmap(map, 4096);
    printf("Sysconf open_max>0=%d\n", Sysconf(_SC_OPEN_MAX) > 0);
    Gettimeofday(&tv, NULL);
    printf("Gettimeofday %d\n", tv.tv_sec > 1000000000);

    Sigemptyset(&set);
    Sigaddset(&set, SIGUSR1);
    Sigaddset(&set, SIGUSR2);
    Sigdelset(&set, SIGUSR2);
    printf("Sigismember %d %d\n", Sigismember(&set, SIGUSR1), Sigismember(&set, SIGUSR2));
    Sigprocmask(SIG_BLOCK, &set, NULL);
    Signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    Sigpending(&pending);
    printf("Sigprocmask Sigpending %d\n", Sigismember(&pending, SIGUSR1));
    Sigprocmask(SIG_UNBLOCK, &set, NULL);
    Sigfillset(&set);
    printf("Sigfillset %d\n", Sigismember(&set, SIGTERM));

    if ((pid = Fork()) == 0)
        _exit(7);
    waited = Waitpid(pid, &status, 0);
    printf("Fork Waitpid %d %d\n", waited == pid, WEXITSTATUS(status));
    if ((pid = Fork()) == 0)
        _exit(9);
    waited = Wait(&status);
    printf("Fork Wait %d %d\n", waited == pid, WEXITSTATUS(status));
    return 0;
}

static int case_stdio(int argc, char **argv)
{
    FILE *fp;
    char line[MAXLINE], path[] = "/tmp/unpcallXXXXXX";
    int fd;

    (void) argc, (void) argv;
    fd = Mkstemp(path);
    fp = Fdopen(fd, "w");
    Fputs("first line\nsecond", fp);
    Fclose(fp);
    fp = Fopen(path, "r");
    while (Fgets(line, sizeof line, fp) != NULL)
        printf("Fgets [%s]\n", line);
    printf("Fgets at EOF: NULL\n");
    Fclose(fp);
    Unlink(path);
    return 0;
}

static int case_inet(int argc, char **argv)
{
    struct in_addr a4;
    struct in6_addr a6;
    char text[INET6_ADDRSTRLEN];
    const char *p;

    (void) argc, (void) argv;
    Inet_pton(AF_INET, "192.0.2.33", &a4);
    p = Inet_ntop(AF_INET, &a4, text, sizeof text);
    printf("Inet_pton Inet_ntop %s %d\n", p, p == text);
    Inet_pton(AF_INET6, "2001:db8::1", &a6);
    printf("Inet_pton Inet_ntop %s\n", Inet_ntop(AF_INET6, &a6, text, sizeof text));
    return 0;
}

/* ---- failures --------------------------------------------------------- */

/* Strdup fails only when memory runs out: cap the address space. */
static void cap_address_space(void)
{
    long pages = 0;
    FILE *fp = fopen("/proc/self/statm", "r");
    struct rlimit limit;

    check(fp != NULL && fscanf(fp, "%ld", &pages) == 1, "/proc/self/statm");
    fclose(fp);
    limit.rlim_cur = limit.rlim_max = (rlim_t) pages * (rlim_t) sysconf(_SC_PAGESIZE) + (4 << 20);
    check(setrlimit(RLIMIT_AS, &limit) == 0, "setrlimit RLIMIT_AS");
}

/* Fork fails with RLIMIT_NPROC 0; root is exempt, so drop to nobody first. */
static void forbid_processes(void)
{
    struct rlimit none = { 0, 0 };

    if (getuid() == 0)
        check(setgid(65534) == 0 && setuid(65534) == 0, "become nobody");
    check(setrlimit(RLIMIT_NPROC, &none) == 0, "setrlimit RLIMIT_NPROC");
}

static int case_fail(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    int bad = closed_fd(), sv[2], i;
    struct sockaddr_in addr = loopback4(0);
    socklen_t len = sizeof addr;
    char buf[64], *big;
    struct msghdr msg;
    sigset_t set;
    struct in_addr a4;
    FILE *fp;

    memset(&msg, 0, sizeof msg);
    sigemptyset(&set);
    a4.s_addr = htonl(INADDR_LOOPBACK);

    if (strcmp(what, "accept") == 0) Accept(bad, NULL, NULL);
    else if (strcmp(what, "bind") == 0) Bind(bad, (SA *) &addr, sizeof addr);
    else if (strcmp(what, "connect") == 0) {     /* ARG: a port nothing listens on */
        addr = loopback4(port_arg(argv[2]));
        Connect(Socket(AF_INET, SOCK_STREAM, 0), (SA *) &addr, sizeof addr);
    }
    else if (strcmp(what, "getpeername") == 0)
        Getpeername(Socket(AF_INET, SOCK_STREAM, 0), (SA *) &addr, &len);
    else if (strcmp(what, "getsockname") == 0) Getsockname(bad, (SA *) &addr, &len);
    else if (strcmp(what, "getsockopt") == 0)
        Getsockopt(Socket(AF_INET, SOCK_STREAM, 0), SOL_SOCKET, 9999, &i, &len);
    else if (strcmp(what, "listen") == 0) Listen(bad, 5);
    else if (strcmp(what, "poll") == 0) Poll(NULL, 1, 0);
    else if (strcmp(what, "recv") == 0) Recv(bad, buf, sizeof buf, 0);
    else if (strcmp(what, "recvfrom") == 0) Recvfrom(bad, buf, sizeof buf, 0, NULL, NULL);
    else if (strcmp(what, "recvmsg") == 0) Recvmsg(bad, &msg, 0);
    else if (strcmp(what, "select") == 0) Select(-1, NULL, NULL, NULL, NULL);
    else if (strcmp(what, "send") == 0) Send(bad, "x", 1, 0);
    else if (strcmp(what, "sendmsg") == 0) Sendmsg(bad, &msg, 0);
    else if (strcmp(what, "sendto") == 0) Sendto(bad, "x", 1, 0, (SA *) &addr, sizeof addr);
    else if (strcmp(what, "setsockopt") == 0) Setsockopt(bad, SOL_SOCKET, SO_REUSEADDR, &i, sizeof i);
    else if (strcmp(what, "shutdown") == 0) Shutdown(Socket(AF_INET, SOCK_STREAM, 0), SHUT_RDWR);
    else if (strcmp(what, "sockatmark") == 0) Sockatmark(bad);
    else if (strcmp(what, "socket") == 0) Socket(-1, SOCK_STREAM, 0);
    else if (strcmp(what, "socketpair") == 0) Socketpair(AF_INET, SOCK_STREAM, 0, sv);

    else if (strcmp(what, "calloc") == 0) Calloc((size_t) -1 / 4, 2);
    else if (strcmp(what, "close") == 0) Close(bad);
    else if (strcmp(what, "dup2") == 0) Dup2(bad, 40);
    else if (strcmp(what, "fcntl") == 0) Fcntl(bad, F_GETFL, 0);
    else if (strcmp(what, "fork") == 0) { forbid_processes(); Fork(); }
    else if (strcmp(what, "ioctl") == 0) Ioctl(bad, FIONREAD, &i);
    else if (strcmp(what, "malloc") == 0) Malloc((size_t) -1 / 2);
    else if (strcmp(what, "mkstemp") == 0) { char t[] = "bad"; Mkstemp(t); }
    else if (strcmp(what, "mmap") == 0) Mmap(NULL, 4096, PROT_READ, MAP_SHARED, bad, 0);
    else if (strcmp(what, "open") == 0) Open("/nonexistent/dir/file", O_RDONLY, 0);
    else if (strcmp(what, "pipe") == 0) {
        struct rlimit three = { 3, 3 };
        check(setrlimit(RLIMIT_NOFILE, &three) == 0, "setrlimit RLIMIT_NOFILE");
        Pipe(sv);
    }
    else if (strcmp(what, "read") == 0) Read(bad, buf, sizeof buf);
    else if (strcmp(what, "sigaddset") == 0) Sigaddset(&set, -1);
    else if (strcmp(what, "sigdelset") == 0) Sigdelset(&set, -1);
    else if (strcmp(what, "sigemptyset") == 0) Sigemptyset(NULL);
    else if (strcmp(what, "sigfillset") == 0) Sigfillset(NULL);
    else if (strcmp(what, "sigismember") == 0) Sigismember(&set, -1);
    else if (strcmp(what, "sigpending") == 0) Sigpending(NULL);
    else if (strcmp(what, "sigprocmask") == 0) Sigprocmask(999, &set, NULL);
    else if (strcmp(what, "strdup") == 0) {
        big = malloc(64 << 20);
        check(big != NULL, "malloc 64 MiB");
        memset(big, 'x', (64 << 20) - 1);
        big[(64 << 20) - 1] = '\0';
        cap_address_space();
        Strdup(big);
    }
    else if (strcmp(what, "sysconf") == 0) Sysconf(-1);
    else if (strcmp(what, "sysconf_indeterminate") == 0) {
        /* -1 without an error ("no limit"): fatal all the same */
        errno = EBADF;
        Sysconf(_SC_MQ_OPEN_MAX);
    }
    else if (strcmp(what, "unlink") == 0) Unlink("/nonexistent/dir/file");
    else if (strcmp(what, "wait") == 0) Wait(&i);
    else if (strcmp(what, "waitpid") == 0) Waitpid(-1, &i, 0);
    else if (strcmp(what, "write") == 0) Write(bad, "x", 1);

    else if (strcmp(what, "fclose") == 0) {
        fp = fopen("/dev/null", "r");
        close(fileno(fp));
        Fclose(fp);
    }
    else if (strcmp(what, "fdopen") == 0) Fdopen(bad, "r");
    else if (strcmp(what, "fgets") == 0) {
        fp = fopen("/dev/null", "r");
        close(fileno(fp));
        Fgets(buf, sizeof buf, fp);
    }
    else if (strcmp(what, "fopen") == 0) Fopen("/nonexistent/dir/file", "r");
    else if (strcmp(what, "fputs") == 0) {
        fp = fopen("/dev/full", "w");
        check(fp != NULL, "/dev/full");
        setvbuf(fp, NULL, _IONBF, 0);
        Fputs("x", fp);
    }

    else if (strcmp(what, "inet_ntop_null") == 0) Inet_ntop(AF_INET, &a4, NULL, 16);
    else if (strcmp(what, "inet_ntop_small") == 0) Inet_ntop(AF_INET, &a4, buf, 3);
    else if (strcmp(what, "inet_ntop_family") == 0) Inet_ntop(99, &a4, buf, sizeof buf);
    else if (strcmp(what, "inet_pton_bad") == 0) Inet_pton(AF_INET, "1.2.3.x", &a4);
    else if (strcmp(what, "inet_pton_family") == 0) Inet_pton(99, "1.2.3.4", &a4);

    else if (strcmp(what, "readn") == 0) Readn(bad, buf, sizeof buf);
    else if (strcmp(what, "writen") == 0) Writen(bad, buf, 1);
    else if (strcmp(what, "readline") == 0) Readline(bad, buf, sizeof buf);
    else {
        printf("no failure case %s\n", what);
        return 2;
    }
    returned();
}

const struct unp_case wrap_cases[] = {
    { "err_sys", case_err_sys },
    { "err_quit", case_err_quit },
    { "err_ret", case_err_ret },
    { "err_msg", case_err_msg },
    { "err_dump", case_err_dump },
    { "err_null", case_err_null },
    { "err_order", case_err_order },
    { "err_errno_first", case_err_errno_first },
    { "err_long", case_err_long },
    { "syslog_msg", case_syslog_msg },
    { "syslog_sys", case_syslog_sys },
    { "syslog_quiet", case_syslog_quiet },
    { "sockets", case_sockets },
    { "unix", case_unix },
    { "stdio", case_stdio },
    { "inet", case_inet },
    { "fail", case_fail },
    { NULL, NULL },
};
