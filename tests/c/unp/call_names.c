/*
 * call_names.c -- unpcall cases for the name and address helpers (see
 * unpcall.h).  The word NULL stands for a NULL host or service.
 *
 *   tcp_listen HOST SERV     describes the socket, says ready, accepts one
 *                            client, writes "hi\n" to it and exits
 *   tcp_connect HOST SERV    connects, describes the peer, prints one line read
 *   tcp_connect_lower / tcp_listen_lower   the same with the lower-case names
 *   udp_client HOST SERV     sends "ping" to the address it got, prints the reply
 *   udp_connect HOST SERV    the same over a connected socket
 *   udp_server HOST SERV     describes the socket, says ready, answers one
 *                            datagram with "pong:<datagram>"
 *   host_serv HOST SERV FAMILY TYPE   prints the list Host_serv returns
 *   host_serv_lower HOST SERV         prints NULL on failure
 *   sock_ntop | sock_helpers | sock_ntop_threads
 *   fail_names NAME [ARG...] a helper fails (see case_fail_names)
 */
#define _GNU_SOURCE         /* unshare(), sethostname() */
#include "unpcall.h"

#include <sched.h>

static const char *arg(const char *text)
{
    return strcmp(text, "NULL") == 0 ? NULL : text;
}

static const char *family_name(int family)
{
    return family == AF_INET ? "AF_INET" : family == AF_INET6 ? "AF_INET6"
         : family == AF_UNIX ? "AF_UNIX" : "other";
}

static int int_option(int fd, int level, int name)
{
    int value = -1;
    socklen_t len = sizeof value;

    Getsockopt(fd, level, name, &value, &len);
    return value;
}

/* family, type, bound port (unless it is an unpredictable ephemeral one),
 * SO_REUSEADDR, CLOEXEC and O_NONBLOCK of fd. */
static void describe(const char *what, int fd, int with_port)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char port[16] = "";

    Getsockname(fd, (SA *) &ss, &len);
    if (with_port)
        snprintf(port, sizeof port, " port=%d", ntohs((uint16_t) sock_get_port((SA *) &ss, len)));
    printf("%s family=%s type=%s%s reuseaddr=%d cloexec=%d nonblock=%d\n", what,
           family_name(ss.ss_family),
           int_option(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM ? "stream" : "dgram", port,
           int_option(fd, SOL_SOCKET, SO_REUSEADDR) != 0,
           (Fcntl(fd, F_GETFD, 0) & FD_CLOEXEC) != 0, (Fcntl(fd, F_GETFL, 0) & O_NONBLOCK) != 0);
}

static int serve_one_tcp(int listenfd, socklen_t addrlen)
{
    int conn;

    printf("addrlen=%d\n", (int) addrlen);
    describe("listening", listenfd, 1);
    fflush(stdout);
    ready();
    conn = Accept(listenfd, NULL, NULL);
    Writen(conn, "hi\n", 3);
    Close(conn);
    return 0;
}

static int case_tcp_listen(int argc, char **argv)
{
    socklen_t addrlen = 0;
    int fd;

    check(argc == 3, "usage: tcp_listen HOST SERV");
    fd = Tcp_listen(arg(argv[1]), arg(argv[2]), &addrlen);
    return serve_one_tcp(fd, addrlen);
}

static int case_tcp_listen_lower(int argc, char **argv)
{
    socklen_t addrlen = 0;
    int fd;

    check(argc == 3, "usage: tcp_listen_lower HOST SERV");
    fd = tcp_listen(arg(argv[1]), arg(argv[2]), &addrlen);
    return serve_one_tcp(fd, addrlen);
}

static int talk_tcp(int fd)
{
    struct sockaddr_storage peer;
    socklen_t len = sizeof peer;
    char line[MAXLINE];

    describe("connected", fd, 0);
    Getpeername(fd, (SA *) &peer, &len);
    printf("peer %s\n", Sock_ntop((SA *) &peer, len));
    if (Readline(fd, line, sizeof line) > 0)
        printf("read %s", line);
    return 0;
}

static int case_tcp_connect(int argc, char **argv)
{
    check(argc == 3, "usage: tcp_connect HOST SERV");
    return talk_tcp(Tcp_connect(arg(argv[1]), arg(argv[2])));
}

static int case_tcp_connect_lower(int argc, char **argv)
{
    check(argc == 3, "usage: tcp_connect_lower HOST SERV");
    return talk_tcp(tcp_connect(arg(argv[1]), arg(argv[2])));
}

static int case_udp_client(int argc, char **argv)
{
    SA *sa = NULL;
    socklen_t salen = 0;
    char buf[MAXLINE];
    ssize_t n;
    int fd;

    check(argc == 3, "usage: udp_client HOST SERV");
    fd = Udp_client(arg(argv[1]), arg(argv[2]), (SA **) &sa, &salen);
    printf("salen=%d addr=%s\n", (int) salen, Sock_ntop(sa, salen));
    describe("socket", fd, 1);         /* not bound yet: port 0 */
    Sendto(fd, "ping", 4, 0, sa, salen);
    n = Recvfrom(fd, buf, sizeof buf, 0, NULL, NULL);
    printf("reply %.*s\n", (int) n, buf);
    free(sa);               /* the caller owns the malloc'ed address */

    fd = udp_client(arg(argv[1]), arg(argv[2]), (void **) &sa, &salen);
    printf("lower salen=%d addr=%s\n", (int) salen, Sock_ntop(sa, salen));
    free(sa);
    return 0;
}

static int case_udp_connect(int argc, char **argv)
{
    char buf[MAXLINE];
    ssize_t n;
    int fd;

    check(argc == 3, "usage: udp_connect HOST SERV");
    fd = Udp_connect(arg(argv[1]), arg(argv[2]));
    describe("socket", fd, 0);
    Write(fd, "ping", 4);
    n = Read(fd, buf, sizeof buf);
    printf("reply %.*s\n", (int) n, buf);
    Close(fd);
    fd = udp_connect(arg(argv[1]), arg(argv[2]));
    Write(fd, "ping", 4);
    n = Read(fd, buf, sizeof buf);
    printf("lower reply %.*s\n", (int) n, buf);
    return 0;
}

static int case_udp_server(int argc, char **argv)
{
    socklen_t addrlen = 0, len;
    struct sockaddr_storage from;
    char buf[MAXLINE], reply[MAXLINE + 8];
    ssize_t n;
    int fd;

    check(argc == 3, "usage: udp_server HOST SERV");
    fd = Udp_server(arg(argv[1]), arg(argv[2]), &addrlen);
    printf("addrlen=%d\n", (int) addrlen);
    describe("bound", fd, 1);
    fflush(stdout);
    ready();
    len = sizeof from;
    n = Recvfrom(fd, buf, sizeof buf, 0, (SA *) &from, &len);
    snprintf(reply, sizeof reply, "pong:%.*s", (int) n, buf);
    Sendto(fd, reply, strlen(reply), 0, (SA *) &from, len);
    return 0;
}

static int family_arg(const char *text)
{
    return strcmp(text, "AF_INET") == 0 ? AF_INET : strcmp(text, "AF_INET6") == 0 ? AF_INET6 : 0;
}

static int type_arg(const char *text)
{
    return strcmp(text, "stream") == 0 ? SOCK_STREAM : strcmp(text, "dgram") == 0 ? SOCK_DGRAM : 0;
}

static void print_addrinfo(struct addrinfo *res)
{
    struct addrinfo *ai;

    for (ai = res; ai != NULL; ai = ai->ai_next)
        printf("%s %s canon=%s %s\n", family_name(ai->ai_family),
               ai->ai_socktype == SOCK_STREAM ? "stream"
               : ai->ai_socktype == SOCK_DGRAM ? "dgram" : "other",
               ai->ai_canonname ? ai->ai_canonname : "NULL",
               Sock_ntop(ai->ai_addr, ai->ai_addrlen));
    freeaddrinfo(res);      /* what programs do: it must be the C library's list */
}

static int case_host_serv(int argc, char **argv)
{
    check(argc == 5, "usage: host_serv HOST SERV FAMILY TYPE");
    print_addrinfo(Host_serv(arg(argv[1]), arg(argv[2]), family_arg(argv[3]), type_arg(argv[4])));
    return 0;
}

static int case_host_serv_lower(int argc, char **argv)
{
    struct addrinfo *res;

    check(argc == 5, "usage: host_serv_lower HOST SERV FAMILY TYPE");
    res = host_serv(arg(argv[1]), arg(argv[2]), family_arg(argv[3]), type_arg(argv[4]));
    if (res == NULL)
        printf("NULL\n");
    else
        print_addrinfo(res);
    return 0;
}

static struct sockaddr_in in4(const char *text, int port)
{
    struct sockaddr_in sin;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t) port);
    Inet_pton(AF_INET, text, &sin.sin_addr);
    return sin;
}

static struct sockaddr_in6 in6(const char *text, int port)
{
    struct sockaddr_in6 sin6;

    memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons((uint16_t) port);
    Inet_pton(AF_INET6, text, &sin6.sin6_addr);
    return sin6;
}

static int case_sock_ntop(int argc, char **argv)
{
    struct sockaddr_in a = in4("192.0.2.7", 80), a0 = in4("192.0.2.7", 0);
    struct sockaddr_in6 b = in6("2001:db8::7", 443), b0 = in6("::1", 0);
    struct sockaddr_un un;
    struct sockaddr_storage other;
    int sv[2];
    socklen_t len = sizeof un;

    (void) argc, (void) argv;
    printf("%s\n", Sock_ntop((SA *) &a, sizeof a));
    printf("%s\n", Sock_ntop((SA *) &a0, sizeof a0));
    printf("%s\n", Sock_ntop((SA *) &b, sizeof b));
    printf("%s\n", Sock_ntop((SA *) &b0, sizeof b0));
    printf("%s\n", Sock_ntop_host((SA *) &a, sizeof a));
    printf("%s\n", Sock_ntop_host((SA *) &b, sizeof b));
    printf("%s\n", sock_ntop((SA *) &a, sizeof a));
    printf("%s\n", sock_ntop_host((SA *) &b0, sizeof b0));

    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    strcpy(un.sun_path, "/tmp/unp.sock");
    printf("%s\n", Sock_ntop((SA *) &un, sizeof un));
    printf("%s\n", Sock_ntop_host((SA *) &un, sizeof un));
    Socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    memset(&un, 0, sizeof un);
    Getsockname(sv[0], (SA *) &un, &len);
    printf("%s\n", Sock_ntop((SA *) &un, len));

    memset(&other, 0, sizeof other);
    other.ss_family = 99;
    printf("%s\n", Sock_ntop((SA *) &other, 16));
    printf("%s\n", Sock_ntop_host((SA *) &other, 20));
    return 0;
}

static int case_sock_helpers(int argc, char **argv)
{
    struct sockaddr_in a = in4("192.0.2.7", 80), b = in4("192.0.2.7", 81),
                       c = in4("192.0.2.8", 80), bound;
    struct sockaddr_in6 d = in6("::1", 80), e = in6("::2", 80);
    struct in_addr addr4;
    struct in6_addr addr6;
    socklen_t len = sizeof bound;
    int fd, port;

    (void) argc, (void) argv;
    printf("cmp_addr same=%d other=%d families=%d v6same=%d v6other=%d\n",
           sock_cmp_addr((SA *) &a, (SA *) &b, sizeof a),
           sock_cmp_addr((SA *) &a, (SA *) &c, sizeof a) != 0,
           sock_cmp_addr((SA *) &a, (SA *) &d, sizeof a),
           sock_cmp_addr((SA *) &d, (SA *) &d, sizeof d),
           sock_cmp_addr((SA *) &d, (SA *) &e, sizeof d) != 0);
    /* the inverted sense: 1 when the ports are equal */
    printf("cmp_port same=%d other=%d families=%d\n",
           sock_cmp_port((SA *) &a, (SA *) &c, sizeof a),
           sock_cmp_port((SA *) &a, (SA *) &b, sizeof a),
           sock_cmp_port((SA *) &a, (SA *) &d, sizeof a));
    printf("get_port %d %d network_order=%d\n", ntohs((uint16_t) sock_get_port((SA *) &a, sizeof a)),
           ntohs((uint16_t) sock_get_port((SA *) &d, sizeof d)),
           sock_get_port((SA *) &a, sizeof a) == htons(80));

    Inet_pton(AF_INET, "198.51.100.1", &addr4);
    sock_set_addr((SA *) &a, sizeof a, &addr4);
    sock_set_port((SA *) &a, sizeof a, htons(8080));
    printf("set_addr set_port %s\n", Sock_ntop((SA *) &a, sizeof a));
    Inet_pton(AF_INET6, "2001:db8::1", &addr6);
    sock_set_addr((SA *) &d, sizeof d, &addr6);
    sock_set_port((SA *) &d, sizeof d, htons(8443));
    printf("set_addr set_port %s\n", Sock_ntop((SA *) &d, sizeof d));
    sock_set_wild((SA *) &a, sizeof a);
    sock_set_wild((SA *) &d, sizeof d);
    /* one call per printf: each result is valid until the next call */
    printf("set_wild %s", Sock_ntop((SA *) &a, sizeof a));
    printf(" %s\n", Sock_ntop((SA *) &d, sizeof d));

    fd = Socket(AF_INET, SOCK_DGRAM, 0);
    port = Sock_bind_wild(fd, AF_INET);
    Getsockname(fd, (SA *) &bound, &len);
    printf("bind_wild network_order=%d nonzero=%d wild=%d\n", port == bound.sin_port,
           port != 0, bound.sin_addr.s_addr == htonl(INADDR_ANY));
    printf("sockfd_to_family %s %s\n", family_name(Sockfd_to_family(fd)),
           family_name(sockfd_to_family(Socket(AF_INET6, SOCK_STREAM, 0))));
    printf("family_to_level %d %d %d %d\n", Family_to_level(AF_INET) == IPPROTO_IP,
           Family_to_level(AF_INET6) == IPPROTO_IPV6, family_to_level(AF_UNIX),
           sockfd_to_family(closed_fd()));
    return 0;
}

/* Two threads convert their own addresses many times: each must always get
 * its own text back, in a buffer of its own. */
struct ntop_job {
    struct sockaddr_in sin;
    const char *expect;
    char *buffer;
    int ok;
};

static void *ntop_thread(void *arg)
{
    struct ntop_job *job = arg;
    int i;

    job->ok = 1;
    for (i = 0; i < 20000; i++) {
        char *text = sock_ntop((SA *) &job->sin, sizeof job->sin);
        char *host = sock_ntop_host((SA *) &job->sin, sizeof job->sin);

        if (strcmp(text, job->expect) != 0 || strncmp(host, job->expect, strlen(host)) != 0)
            job->ok = 0;
        job->buffer = text;
    }
    return NULL;
}

static int case_sock_ntop_threads(int argc, char **argv)
{
    struct ntop_job jobs[2];
    pthread_t tid[2];
    int i;

    (void) argc, (void) argv;
    jobs[0].sin = in4("10.1.1.1", 1111);
    jobs[0].expect = "10.1.1.1:1111";
    jobs[1].sin = in4("10.22.22.22", 22222);
    jobs[1].expect = "10.22.22.22:22222";
    for (i = 0; i < 2; i++)
        Pthread_create(&tid[i], NULL, ntop_thread, &jobs[i]);
    for (i = 0; i < 2; i++)
        Pthread_join(tid[i], NULL);
    printf("thread results ok=%d,%d own buffers=%d\n", jobs[0].ok, jobs[1].ok,
           jobs[0].buffer != jobs[1].buffer);
    return 0;
}

/* my_addrs with a host name that resolves to nothing: a UTS namespace of
 * our own (needs root, as the tests run) with such a name. */
static void unknown_hostname(void)
{
    const char *name = "nosuchhost.invalid";

    check(unshare(CLONE_NEWUTS) == 0, "unshare(CLONE_NEWUTS)");
    check(sethostname(name, strlen(name)) == 0, "sethostname");
}

static int case_fail_names(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    const char *a2 = argc > 2 ? arg(argv[2]) : NULL, *a3 = argc > 3 ? arg(argv[3]) : NULL;
    int type;

    if (strcmp(what, "tcp_connect") == 0) Tcp_connect(a2, a3);
    else if (strcmp(what, "tcp_connect_lower") == 0) tcp_connect(a2, a3);
    else if (strcmp(what, "tcp_listen") == 0) Tcp_listen(a2, a3, NULL);
    else if (strcmp(what, "udp_client") == 0) { SA *sa; socklen_t len; Udp_client(a2, a3, &sa, &len); }
    else if (strcmp(what, "udp_connect") == 0) Udp_connect(a2, a3);
    else if (strcmp(what, "udp_server") == 0) Udp_server(a2, a3, NULL);
    else if (strcmp(what, "host_serv") == 0) {
        type = argc > 4 ? type_arg(argv[4]) : 0;
        Host_serv(a2, a3, AF_UNSPEC, type);
    }
    else if (strcmp(what, "sock_bind_wild") == 0) Sock_bind_wild(closed_fd(), AF_INET);
    else if (strcmp(what, "sock_ntop") == 0) Sock_ntop(NULL, 16);
    else if (strcmp(what, "sock_ntop_host") == 0) Sock_ntop_host(NULL, 16);
    else if (strcmp(what, "sockfd_to_family") == 0) Sockfd_to_family(closed_fd());
    else if (strcmp(what, "family_to_level") == 0) {
        errno = 0;          /* family_to_level sets no errno: "Success" */
        Family_to_level(AF_UNIX);
    }
    else if (strcmp(what, "my_addrs") == 0) { int family; unknown_hostname(); My_addrs(&family); }
    else if (strcmp(what, "my_addrs_lower") == 0) {
        int family;

        unknown_hostname();
        printf("%s\n", my_addrs(&family) == NULL ? "NULL" : "not NULL");
        return 0;
    }
    else {
        printf("no failure case %s\n", what);
        return 2;
    }
    returned();
}

const struct unp_case names_cases[] = {
    { "tcp_listen", case_tcp_listen },
    { "tcp_listen_lower", case_tcp_listen_lower },
    { "tcp_connect", case_tcp_connect },
    { "tcp_connect_lower", case_tcp_connect_lower },
    { "udp_client", case_udp_client },
    { "udp_connect", case_udp_connect },
    { "udp_server", case_udp_server },
    { "host_serv", case_host_serv },
    { "host_serv_lower", case_host_serv_lower },
    { "sock_ntop", case_sock_ntop },
    { "sock_helpers", case_sock_helpers },
    { "sock_ntop_threads", case_sock_ntop_threads },
    { "fail_names", case_fail_names },
    { NULL, NULL },
};
