/*
 * csapp_call.c -- test driver for the CS:APP layer: each sub-command calls
 * one group of csapp.h functions, the way a book program does.
 *
 *   csapp_call COMMAND [ARG...]
 *
 * Success paths print one line on stdout and exit 0.  A command named
 * <Function>-fail makes that function fail: the library must then print its
 * message and exit (status 0, or 1 for the sio functions).  Should the
 * function return instead, the driver prints "returned" and exits 9.
 */
#include "csapp.h"
#include "../testutil.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

static volatile sig_atomic_t caught;
static int alarm_pipe[2];

static void count_signal(int sig)
{
    (void)sig;
    caught++;
}

static void other_handler(int sig)
{
    (void)sig;
}

/* Writes a byte into alarm_pipe: the read blocked on it can then finish. */
static void feed_pipe(int sig)
{
    (void)sig;
    if (write(alarm_pipe[1], "!", 1) != 1)
        _exit(3);
}

/* SIGALRM (or the handler installed for it) in `ms` milliseconds. */
static void timer_ms(long ms)
{
    struct itimerval it;

    memset(&it, 0, sizeof(it));
    it.it_value.tv_sec = ms / 1000;
    it.it_value.tv_usec = (ms % 1000) * 1000;
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
}

static int is_restarting_with_empty_mask(int sig)
{
    struct sigaction sa;
    int i;

    CHECK(sigaction(sig, NULL, &sa) == 0);
    for (i = 1; i < 32; i++)
        if (sigismember(&sa.sa_mask, i))
            return 0;
    return (sa.sa_flags & SA_RESTART) != 0;
}

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in addr;

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

static int local_port(int fd)
{
    struct sockaddr_storage addr;
    socklen_t len = sizeof(addr);

    CHECK(getsockname(fd, (SA *)&addr, &len) == 0);
    if (addr.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&addr)->sin6_port);
    return ntohs(((struct sockaddr_in *)&addr)->sin_port);
}

/* testutil.h's int_option, with a failed getsockopt a failed check. */
static int checked_int_option(int fd, int level, int name)
{
    int value = -1;
    socklen_t len = sizeof(value);

    CHECK(getsockopt(fd, level, name, &value, &len) == 0);
    return value;
}

/* One line about a socket returned by the open_* functions. */
static void describe(const char *what, int fd)
{
    struct sockaddr_storage addr;
    socklen_t len = sizeof(addr);
    int peer_port = 0;

    if (fd < 0) {
        printf("%s %d errno=%s\n", what, fd, strerror(errno));
        return;
    }
    if (getpeername(fd, (SA *)&addr, &len) == 0)
        peer_port = addr.ss_family == AF_INET6
                        ? ntohs(((struct sockaddr_in6 *)&addr)->sin6_port)
                        : ntohs(((struct sockaddr_in *)&addr)->sin_port);
    len = sizeof(addr);
    CHECK(getsockname(fd, (SA *)&addr, &len) == 0);
    printf("%s ok family=%s type=%s port=%d peer=%d listening=%d reuseaddr=%d "
           "cloexec=%d nonblock=%d\n",
           what, addr.ss_family == AF_INET ? "AF_INET" : "AF_INET6",
           checked_int_option(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM ? "SOCK_STREAM" : "other",
           local_port(fd), peer_port, checked_int_option(fd, SOL_SOCKET, SO_ACCEPTCONN),
           checked_int_option(fd, SOL_SOCKET, SO_REUSEADDR) != 0,
           (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
}

/* ---- error functions ---- */

static void cmd_errors(const char *which)
{
    if (strcmp(which, "unix_error") == 0) {
        errno = EACCES;
        unix_error("unix_error test");
    } else if (strcmp(which, "posix_error") == 0) {
        posix_error(EINVAL, "posix_error test");
    } else if (strcmp(which, "gai_error") == 0) {
        gai_error(EAI_NONAME, "gai_error test");
    } else if (strcmp(which, "app_error") == 0) {
        app_error("app_error test");
    } else if (strcmp(which, "dns_error") == 0) {
        dns_error("dns_error test");
    } else if (strcmp(which, "unflushed") == 0) {
        /* stdout and stderr on one pipe: stdout is block-buffered, so the
         * error line comes first unless the library flushed stdout. */
        CHECK(dup2(1, 2) == 2);
        printf("pending stdout\n");
        errno = ENOENT;
        unix_error("late");
    }
}

/* ---- processes ---- */

static void cmd_processes(const char *which)
{
    int status;
    pid_t pid;

    if (strcmp(which, "Fork") == 0) {
        if ((pid = Fork()) == 0)
            exit(5);
        CHECK(Wait(&status) == pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5);
        if ((pid = Fork()) == 0)
            exit(6);
        CHECK(Waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 6);
        printf("Fork Wait Waitpid ok\n");
    } else if (strcmp(which, "Wait-fail") == 0) {
        Wait(&status);
    } else if (strcmp(which, "Waitpid-fail") == 0) {
        Waitpid(-1, &status, 0);
    } else if (strcmp(which, "Execve") == 0) {
        char *argv[] = {"sh", "-c", "echo Execve ok", NULL};
        Execve("/bin/sh", argv, environ);
    } else if (strcmp(which, "Execve-fail") == 0) {
        char *argv[] = {"nothing", NULL};
        Execve("/nonexistent/program", argv, environ);
    } else if (strcmp(which, "Kill") == 0) {
        Signal(SIGUSR1, count_signal);
        Kill(getpid(), SIGUSR1);
        CHECK(caught == 1);
        printf("Kill ok\n");
    } else if (strcmp(which, "Kill-fail") == 0) {
        Kill(1073741823, 0);
    } else if (strcmp(which, "Sleep") == 0) {
        CHECK(Sleep(0) == 0);
        CHECK(Alarm(100) == 0);
        status = (int)Alarm(0);
        CHECK(status == 99 || status == 100);
        Signal(SIGALRM, count_signal);
        timer_ms(20);
        Pause();
        CHECK(caught == 1);
        printf("Sleep Alarm Pause ok\n");
    } else if (strcmp(which, "Setpgid") == 0) {
        Setpgid(0, 0);
        CHECK(Getpgrp() == getpid());
        printf("Setpgid Getpgrp ok\n");
    } else if (strcmp(which, "Setpgid-fail") == 0) {
        Setpgid(0, -1);
    }
}

/* ---- signals ---- */

static void cmd_signals(const char *which)
{
    sigset_t set, old;
    char byte;
    int i;

    if (strcmp(which, "Signal") == 0) {
        CHECK(Signal(SIGUSR1, count_signal) == SIG_DFL);
        CHECK(Signal(SIGUSR1, other_handler) == count_signal);
        CHECK(is_restarting_with_empty_mask(SIGUSR1));
        CHECK(Signal(SIGALRM, count_signal) == SIG_DFL);
        CHECK(is_restarting_with_empty_mask(SIGALRM));
        CHECK(Signal(SIGCHLD, count_signal) == SIG_DFL);
        CHECK(is_restarting_with_empty_mask(SIGCHLD));
        printf("Signal ok\n");
    } else if (strcmp(which, "Signal-restart") == 0) {
        /* The handler makes the byte arrive; a read interrupted by it is
         * restarted (SA_RESTART, even for SIGALRM) and gets the byte. */
        CHECK(pipe(alarm_pipe) == 0);
        Signal(SIGALRM, feed_pipe);
        timer_ms(20);
        printf("read %zd\n", read(alarm_pipe[0], &byte, 1));
    } else if (strcmp(which, "Signal-fail") == 0) {
        Signal(SIGKILL, count_signal);
    } else if (strcmp(which, "Sigset") == 0) {
        Sigemptyset(&set);
        Sigaddset(&set, SIGINT);
        CHECK(Sigismember(&set, SIGINT) == 1);
        Sigdelset(&set, SIGINT);
        CHECK(Sigismember(&set, SIGINT) == 0);
        Sigfillset(&set);
        CHECK(Sigismember(&set, SIGTERM) == 1);
        Sigemptyset(&set);
        Sigaddset(&set, SIGUSR2);
        Sigprocmask(SIG_BLOCK, &set, NULL);
        Sigprocmask(SIG_SETMASK, NULL, &old);
        CHECK(sigismember(&old, SIGUSR2) == 1);
        printf("Sigset ok\n");
    } else if (strcmp(which, "Sigprocmask-fail") == 0) {
        Sigemptyset(&set);
        Sigprocmask(12345, &set, NULL);
    } else if (strcmp(which, "Sigemptyset-fail") == 0) {
        Sigemptyset(NULL);
    } else if (strcmp(which, "Sigfillset-fail") == 0) {
        Sigfillset(NULL);
    } else if (strcmp(which, "Sigaddset-fail") == 0) {
        Sigemptyset(&set);
        Sigaddset(&set, 0);
    } else if (strcmp(which, "Sigdelset-fail") == 0) {
        Sigemptyset(&set);
        Sigdelset(&set, 10000);
    } else if (strcmp(which, "Sigismember-fail") == 0) {
        Sigemptyset(&set);
        Sigismember(&set, 10000);
    } else if (strcmp(which, "Sigsuspend") == 0) {
        Signal(SIGUSR1, count_signal);
        Sigemptyset(&set);
        Sigaddset(&set, SIGUSR1);
        Sigprocmask(SIG_BLOCK, &set, &old);
        Kill(getpid(), SIGUSR1);
        CHECK(caught == 0);
        Sigemptyset(&set);
        i = Sigsuspend(&set);
        printf("Sigsuspend %d caught=%d\n", i, (int)caught);
    } else if (strcmp(which, "Sigsuspend-fail") == 0) {
        Sigsuspend(NULL);
    }
}

/* ---- sio ---- */

static void cmd_sio(const char *which)
{
    if (strcmp(which, "sio") == 0) {
        ssize_t n = sio_puts("sio ");
        sio_putl(n);
        sio_puts(" ");
        sio_putl(0);
        sio_puts(" ");
        sio_putl(-1234567890L);
        sio_puts(" ");
        sio_putl(LONG_MAX);
        sio_puts(" ");
        sio_putl(LONG_MIN);
        n = Sio_puts(" Sio ");
        Sio_putl(n);
        Sio_puts(" ");
        Sio_putl(-7);
        Sio_puts("\n");
    } else if (strcmp(which, "sio_error") == 0) {
        printf("buffered, never written");
        sio_error("sio_error test");
    } else if (strcmp(which, "Sio_error") == 0) {
        printf("buffered, never written");
        Sio_error("Sio_error test");
    } else if (strcmp(which, "Sio_puts-fail") == 0) {
        close(1);
        Sio_puts("nowhere");
    } else if (strcmp(which, "Sio_putl-fail") == 0) {
        close(1);
        Sio_putl(42);
    }
}

/* ---- Unix I/O, directories, memory mapping ---- */

static void cmd_unix_io(const char *which, const char *dir)
{
    char path[PATH_MAX], buf[64];
    struct stat sb;
    int fd, fds[2];
    fd_set set;
    struct timeval zero = {0, 0};

    if (strcmp(which, "io") == 0) {
        snprintf(path, sizeof(path), "%s/io.txt", dir);
        umask(DEF_UMASK);
        fd = Open(path, O_CREAT | O_TRUNC | O_RDWR, DEF_MODE);
        CHECK(Write(fd, "hello\n", 6) == 6);
        CHECK(Lseek(fd, 0, SEEK_SET) == 0);
        CHECK(Read(fd, buf, sizeof(buf)) == 6 && memcmp(buf, "hello\n", 6) == 0);
        Fstat(fd, &sb);
        CHECK(sb.st_size == 6);
        Stat(path, &sb);
        CHECK(sb.st_size == 6 && (sb.st_mode & 0777) == 0644);
        CHECK(Dup2(fd, 20) == 20);
        Close(20);
        Close(fd);
        CHECK(pipe(fds) == 0);
        FD_ZERO(&set);
        FD_SET(fds[0], &set);
        CHECK(Select(fds[0] + 1, &set, NULL, NULL, &zero) == 0);
        CHECK(write(fds[1], "x", 1) == 1);
        FD_SET(fds[0], &set);
        CHECK(Select(fds[0] + 1, &set, NULL, NULL, &zero) == 1);
        printf("Unix I/O ok\n");
    } else if (strcmp(which, "Open-fail") == 0) {
        Open("/nonexistent/file", O_RDONLY, 0);
    } else if (strcmp(which, "Read-fail") == 0) {
        Read(-1, buf, sizeof(buf));
    } else if (strcmp(which, "Write-fail") == 0) {
        Write(-1, "x", 1);
    } else if (strcmp(which, "Lseek-fail") == 0) {
        CHECK(pipe(fds) == 0);
        Lseek(fds[0], 0, SEEK_SET);
    } else if (strcmp(which, "Close-fail") == 0) {
        Close(-1);
    } else if (strcmp(which, "Select-fail") == 0) {
        FD_ZERO(&set);
        Select(-1, &set, NULL, NULL, &zero);
    } else if (strcmp(which, "Dup2-fail") == 0) {
        Dup2(-1, 20);
    } else if (strcmp(which, "Stat-fail") == 0) {
        Stat("/nonexistent/file", &sb);
    } else if (strcmp(which, "Fstat-fail") == 0) {
        Fstat(-1, &sb);
    } else if (strcmp(which, "dir") == 0) {
        DIR *d = Opendir(dir);
        struct dirent *e;
        int entries = 0;

        while ((e = Readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                entries++;
        CHECK(Closedir(d) == 0);
        printf("directory entries %d\n", entries);
    } else if (strcmp(which, "Opendir-fail") == 0) {
        Opendir("/nonexistent/dir");
    } else if (strcmp(which, "Readdir-fail") == 0) {
        DIR *d = Opendir(".");
        close(dirfd(d));
        Readdir(d);
    } else if (strcmp(which, "Closedir-fail") == 0) {
        DIR *d = Opendir(".");
        close(dirfd(d));
        Closedir(d);
    } else if (strcmp(which, "mmap") == 0) {
        char *p = Mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p[4095] = 'x';
        Munmap(p, 4096);
        printf("Mmap Munmap ok\n");
    } else if (strcmp(which, "Mmap-fail") == 0) {
        Mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0);
    } else if (strcmp(which, "Munmap-fail") == 0) {
        Munmap((void *)1, 4096);
    }
}

/* ---- memory, standard I/O ---- */

static void cmd_memory_stdio(const char *which, const char *dir)
{
    char path[PATH_MAX], buf[64];
    FILE *fp;
    char *p, *q;
    int i;

    if (strcmp(which, "memory") == 0) {
        p = Malloc(10);
        strcpy(p, "123456789");
        p = Realloc(p, 100000);
        CHECK(strcmp(p, "123456789") == 0);
        q = Calloc(1000, 10);
        for (i = 0; i < 10000; i++)
            CHECK(q[i] == 0);
        Free(p);
        Free(q);
        Free(NULL);
        printf("Malloc Realloc Calloc Free ok\n");
    } else if (strcmp(which, "Malloc-fail") == 0) {
        Malloc(SIZE_MAX);
    } else if (strcmp(which, "Realloc-fail") == 0) {
        Realloc(NULL, SIZE_MAX);
    } else if (strcmp(which, "Calloc-fail") == 0) {
        Calloc(SIZE_MAX / 2, 4);
    } else if (strcmp(which, "stdio") == 0) {
        snprintf(path, sizeof(path), "%s/stdio.txt", dir);
        fp = Fopen(path, "w");
        Fputs("first line\n", fp);
        Fwrite("xyz", 1, 3, fp);
        Fclose(fp);
        fp = Fdopen(Open(path, O_RDONLY, 0), "r");
        CHECK(Fgets(buf, sizeof(buf), fp) == buf && strcmp(buf, "first line\n") == 0);
        CHECK(Fread(buf, 1, sizeof(buf), fp) == 3 && memcmp(buf, "xyz", 3) == 0);
        CHECK(Fgets(buf, sizeof(buf), fp) == NULL);
        Fclose(fp);
        printf("standard I/O ok\n");
    } else if (strcmp(which, "Fopen-fail") == 0) {
        Fopen("/nonexistent/file", "r");
    } else if (strcmp(which, "Fclose-fail") == 0) {
        fp = fopen("/dev/null", "r");
        close(fileno(fp));
        Fclose(fp);
    } else if (strcmp(which, "Fdopen-fail") == 0) {
        Fdopen(-1, "r");
    } else if (strcmp(which, "Fgets-fail") == 0) {
        fp = fopen("/dev/null", "w");
        Fgets(buf, sizeof(buf), fp);
    } else if (strcmp(which, "Fputs-fail") == 0) {
        fp = fopen("/dev/null", "r");
        Fputs("x", fp);
    } else if (strcmp(which, "Fread-fail") == 0) {
        fp = fopen("/dev/null", "w");
        Fread(buf, 1, sizeof(buf), fp);
    } else if (strcmp(which, "Fwrite-fail") == 0) {
        fp = fopen("/dev/null", "r");
        Fwrite("x", 1, 1, fp);
    }
}

/* ---- sockets, names, addresses ---- */

static void cmd_sockets(const char *which, const char *arg)
{
    int s, c, a, one = 1;
    struct sockaddr_in addr, peer;
    socklen_t len = sizeof(peer);
    char host[MAXLINE], serv[MAXLINE], byte;

    if (strcmp(which, "sockets") == 0) {
        s = Socket(AF_INET, SOCK_STREAM, 0);
        Setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        addr = loopback(0);
        Bind(s, (SA *)&addr, sizeof(addr));
        Listen(s, 5);
        addr = loopback(local_port(s));
        c = Socket(AF_INET, SOCK_STREAM, 0);
        Connect(c, (SA *)&addr, sizeof(addr));
        a = Accept(s, (SA *)&peer, &len);
        CHECK(len == sizeof(peer) && peer.sin_port == htons((unsigned short)local_port(c)));
        CHECK(write(c, "q", 1) == 1 && read(a, &byte, 1) == 1 && byte == 'q');
        printf("Socket Setsockopt Bind Listen Connect Accept ok\n");
    } else if (strcmp(which, "Socket-fail") == 0) {
        Socket(-1, SOCK_STREAM, 0);
    } else if (strcmp(which, "Setsockopt-fail") == 0) {
        Setsockopt(-1, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    } else if (strcmp(which, "Bind-fail") == 0) {
        s = Socket(AF_INET, SOCK_STREAM, 0);
        addr = loopback(atoi(arg));
        Bind(s, (SA *)&addr, sizeof(addr));
    } else if (strcmp(which, "Listen-fail") == 0) {
        Listen(-1, 5);
    } else if (strcmp(which, "Accept-fail") == 0) {
        Accept(-1, NULL, NULL);
    } else if (strcmp(which, "Connect-fail") == 0) {
        s = Socket(AF_INET, SOCK_STREAM, 0);
        addr = loopback(atoi(arg));
        Connect(s, (SA *)&addr, sizeof(addr));
    } else if (strcmp(which, "names") == 0) {
        struct addrinfo hints, *list;
        struct in_addr in4;
        struct in6_addr in6;
        char text[INET6_ADDRSTRLEN];

        memset(&hints, 0, sizeof(hints));
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
        Getaddrinfo("127.0.0.1", "80", &hints, &list);
        Getnameinfo(list->ai_addr, list->ai_addrlen, host, MAXLINE, serv, MAXLINE,
                    NI_NUMERICHOST | NI_NUMERICSERV);
        Freeaddrinfo(list);
        printf("Getaddrinfo Getnameinfo %s %s\n", host, serv);
        Inet_pton(AF_INET, "10.1.2.3", &in4);
        Inet_ntop(AF_INET, &in4, text, sizeof(text));
        printf("Inet_pton Inet_ntop %s", text);
        Inet_pton(AF_INET6, "fe80::1:2", &in6);
        Inet_ntop(AF_INET6, &in6, text, sizeof(text));
        printf(" %s\n", text);
    } else if (strcmp(which, "Getaddrinfo-fail") == 0) {
        struct addrinfo hints, *list;

        memset(&hints, 0, sizeof(hints));
        hints.ai_flags = AI_NUMERICHOST;
        Getaddrinfo("not-an-address", NULL, &hints, &list);
    } else if (strcmp(which, "Getnameinfo-fail") == 0) {
        addr = loopback(80);
        addr.sin_family = 12345;
        Getnameinfo((SA *)&addr, sizeof(addr), host, MAXLINE, serv, MAXLINE, 0);
    } else if (strcmp(which, "Inet_ntop-fail") == 0) {
        struct in_addr in4 = {0};
        char small[4];

        Inet_ntop(AF_INET, &in4, small, sizeof(small));
    } else if (strcmp(which, "Inet_pton-invalid") == 0) {
        struct in_addr in4;

        Inet_pton(AF_INET, "1.2.3.x", &in4);
    } else if (strcmp(which, "Inet_pton-fail") == 0) {
        struct in_addr in4;

        Inet_pton(12345, "1.2.3.4", &in4);
    } else if (strcmp(which, "Gethostbyname") == 0) {
        struct hostent *h = Gethostbyname("localhost");
        struct in_addr in4;

        memcpy(&in4, h->h_addr_list[0], sizeof(in4));
        printf("Gethostbyname %s", inet_ntoa(in4));
        in4.s_addr = htonl(INADDR_LOOPBACK);
        h = Gethostbyaddr((const char *)&in4, sizeof(in4), AF_INET);
        printf(" Gethostbyaddr %s\n", h->h_name);
    } else if (strcmp(which, "Gethostbyname-fail") == 0) {
        Gethostbyname("nosuchhost.invalid");
    } else if (strcmp(which, "Gethostbyaddr-fail") == 0) {
        struct in_addr in4;

        in4.s_addr = htonl(INADDR_LOOPBACK);
        Gethostbyaddr((const char *)&in4, sizeof(in4), 12345);
    }
}

/* ---- the client/server helpers ---- */

static void cmd_open(int argc, char **argv)
{
    const char *which = argv[1];

    if (strcmp(which, "open_clientfd") == 0 && argc == 4) {
        describe("open_clientfd", open_clientfd(argv[2], argv[3]));
    } else if (strcmp(which, "open_listenfd") == 0 && argc == 3) {
        describe("open_listenfd", open_listenfd(argv[2]));
    } else if (strcmp(which, "Open_clientfd") == 0 && argc == 4) {
        errno = 0; /* what a failed lookup leaves for unix_error: not set */
        describe("Open_clientfd", Open_clientfd(argv[2], argv[3]));
    } else if (strcmp(which, "Open_listenfd") == 0 && argc == 3) {
        errno = 0;
        describe("Open_listenfd", Open_listenfd(argv[2]));
    } else if (strcmp(which, "loopback") == 0 && argc == 4) {
        /* A server and its client in one process: argv[2] is the host the
         * client names, argv[3] the port. */
        char line[MAXLINE];
        rio_t rio;
        int listenfd = Open_listenfd(argv[3]);
        int clientfd = Open_clientfd(argv[2], argv[3]);
        int connfd = Accept(listenfd, NULL, NULL);

        Rio_writen(clientfd, "ping\n", 5);
        Rio_readinitb(&rio, connfd);
        CHECK(Rio_readlineb(&rio, line, MAXLINE) == 5 && strcmp(line, "ping\n") == 0);
        describe("loopback", clientfd);
    }
}

/* ---- threads and semaphores ---- */

static sem_t sem;
static int once_count;
static pthread_t main_thread;

static void once_init(void)
{
    once_count++;
}

static void *add_one(void *arg)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    Pthread_once(&once, once_init);
    return (char *)arg + 1;
}

static void *exit_early(void *arg)
{
    Pthread_exit((char *)arg + 2);
    return NULL;
}

static void *wait_on_sem(void *arg)
{
    (void)arg;
    P(&sem);
    return NULL;
}

static void post_from_handler(int sig)
{
    (void)sig;
    sem_post(&sem);
}

/* Whether thread `tid` of this process is asleep (blocked). */
static int asleep(pid_t tid)
{
    char path[64], stat[512];
    FILE *fp;
    char *close_paren;
    int sleeping = 0;

    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
    if ((fp = fopen(path, "r")) == NULL)
        return 0;
    if (fgets(stat, sizeof(stat), fp) != NULL && (close_paren = strrchr(stat, ')')) != NULL)
        sleeping = close_paren[2] == 'S';
    fclose(fp);
    return sleeping;
}

static pid_t main_tid;

/* Interrupts the main thread's P with a signal whose handler posts. */
static void *interrupt_main(void *arg)
{
    int i;

    (void)arg;
    for (i = 0; i < 2000 && !asleep(main_tid); i++)
        usleep(1000);
    usleep(20000);
    pthread_kill(main_thread, SIGUSR1);
    return NULL;
}

static void cmd_threads(const char *which)
{
    pthread_t tid[4];
    pthread_attr_t attr;
    void *result;
    int i;

    if (strcmp(which, "threads") == 0) {
        char base[8];

        for (i = 0; i < 4; i++)
            Pthread_create(&tid[i], NULL, add_one, base + i);
        for (i = 0; i < 4; i++) {
            Pthread_join(tid[i], &result);
            CHECK(result == base + i + 1);
        }
        CHECK(once_count == 1);
        Pthread_create(&tid[0], NULL, exit_early, base);
        Pthread_join(tid[0], &result);
        CHECK(result == base + 2);
        CHECK(pthread_equal(Pthread_self(), pthread_self()));
        Sem_init(&sem, 0, 0);
        Pthread_create(&tid[0], NULL, wait_on_sem, NULL);
        Pthread_cancel(tid[0]);
        Pthread_join(tid[0], &result);
        CHECK(result == PTHREAD_CANCELED);
        Pthread_create(&tid[0], NULL, wait_on_sem, NULL);
        Pthread_detach(tid[0]);
        V(&sem);
        printf("Pthread_create join once exit self cancel detach ok\n");
    } else if (strcmp(which, "Pthread_create-fail") == 0) {
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, SIZE_MAX / 2);
        Pthread_create(&tid[0], &attr, add_one, NULL);
    } else if (strcmp(which, "Pthread_join-fail") == 0) {
        Pthread_join(pthread_self(), &result);
    } else if (strcmp(which, "Pthread_detach-fail") == 0) {
        Sem_init(&sem, 0, 0);
        Pthread_create(&tid[0], NULL, wait_on_sem, NULL);
        Pthread_detach(tid[0]);
        Pthread_detach(tid[0]);
    } else if (strcmp(which, "semaphores") == 0) {
        Sem_init(&sem, 0, 2);
        P(&sem);
        P(&sem);
        V(&sem);
        P(&sem);
        CHECK(sem_trywait(&sem) < 0 && errno == EAGAIN);
        printf("Sem_init P V ok\n");
    } else if (strcmp(which, "P-interrupted") == 0) {
        /* A signal that interrupts P does not end the program: P waits on
         * (the handler posts, so the wait ends). */
        Sem_init(&sem, 0, 0);
        Signal(SIGUSR1, post_from_handler);
        main_thread = pthread_self();
        main_tid = (pid_t)syscall(SYS_gettid);
        Pthread_create(&tid[0], NULL, interrupt_main, NULL);
        P(&sem);
        Pthread_join(tid[0], NULL);
        printf("P waited through a signal\n");
    } else if (strcmp(which, "Sem_init-fail") == 0) {
        Sem_init(&sem, 0, (unsigned int)SEM_VALUE_MAX + 1);
    } else if (strcmp(which, "V-fail") == 0) {
        Sem_init(&sem, 0, SEM_VALUE_MAX);
        V(&sem);
    }
}

int main(int argc, char **argv)
{
    const char *which, *arg;

    if (argc < 2) {
        fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
        return 2;
    }
    which = argv[1];
    arg = argc > 2 ? argv[2] : ".";
    cmd_errors(which);
    cmd_processes(which);
    cmd_signals(which);
    cmd_sio(which);
    cmd_unix_io(which, arg);
    cmd_memory_stdio(which, arg);
    cmd_sockets(which, arg);
    cmd_open(argc, argv);
    cmd_threads(which);
    if (strstr(which, "-fail") != NULL || strstr(which, "_error") != NULL ||
        strcmp(which, "unflushed") == 0 || strcmp(which, "Inet_pton-invalid") == 0 ||
        strcmp(which, "Execve") == 0) {
        printf("returned\n");
        return 9;
    }
    return 0;
}
