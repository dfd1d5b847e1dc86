/*
 * forms.c -- `make bench`: every call form of every layer against the raw
 * system calls that do the same work, on loopback.
 *
 *   forms list                 one line per form: id, layer, call, raw
 *                              equivalent, system calls allowed beyond raw
 *   forms time ROUNDS CALLS    per round and form: the median ns per call of
 *                              the raw variant and of sockshim's (CALLS calls
 *                              each, interleaved call by call, the order
 *                              alternating), and the listen overflows and
 *                              drops the kernel counted meanwhile
 *   forms trace ID raw|shim N  N calls of one variant, each between the
 *                              marker calls close(-2) and close(-3), to be
 *                              run under strace (the system calls per call)
 *
 * The connect forms talk to a peer process with a large backlog that closes
 * each connection with SO_LINGER 0 after the client's FIN (no TIME_WAIT
 * builds up).  Ports: the peer listens on P; SOCKSHIM_PORTBASE is P - 7, so
 * "echo" reaches the peer and "discard" is P + 2, the port the passive forms
 * bind.  The library reads SOCKSHIM_PORTBASE as it loads, so the program
 * picks P and then runs itself again with the variable set.  What the
 * library prints on stdout goes to /dev/null (kept in a large buffer);
 * results go to the original stdout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"

/* Comer & Stevens and Donahoo & Calvert 1st ed. (bare names). */
int connectTCP(const char *host, const char *service);
int connectUDP(const char *host, const char *service);
int passiveTCP(const char *service, int qlen);
int CreateTCPServerSocket(unsigned short port);
int AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

static char peer_text[8], free_text[8]; /* P and P + 2 as text */
static unsigned short free_port;        /* P + 2 */
static struct sockaddr_in peer_addr, free_addr;
static int own_listener;                /* accept and session forms: 127.0.0.1, backlog 4096 */
static struct sockaddr_in own_addr;
static int client, accepted, session;   /* the sockets a call works on */
static const char message[100] = "ping";

/* close() with SO_LINGER 0: a reset, no TIME_WAIT. */
static void drop(int s)
{
    struct linger off = { 1, 0 };
    setsockopt(s, SOL_SOCKET, SO_LINGER, &off, sizeof off);
    close(s);
}

/* ---- the raw equivalents: exactly the system calls the work needs ---- */

static void raw_connect(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&peer_addr, sizeof peer_addr) < 0)
        die("raw connect");
    close(s);
}

static void raw_udp(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&peer_addr, sizeof peer_addr) < 0)
        die("raw udp connect");
    close(s);
}

/* A listening socket on P + 2, with the SO_REUSEADDR sockshim sets on purpose. */
static int raw_listening(void)
{
    int on = 1, s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
        || bind(s, (struct sockaddr *)&free_addr, sizeof free_addr) < 0 || listen(s, 5) < 0)
        die("raw listen");
    return s;
}

static void raw_listen(void)
{
    close(raw_listening());
}

/* The 2nd edition's server socket also tells where it is bound. */
static void raw_listen_print(void)
{
    struct sockaddr_in bound;
    socklen_t len = sizeof bound;
    char text[INET_ADDRSTRLEN];
    int s = raw_listening();
    if (getsockname(s, (struct sockaddr *)&bound, &len) < 0)
        die("raw getsockname");
    printf("Binding to %s-%u\n", inet_ntop(AF_INET, &bound.sin_addr, text, sizeof text),
           ntohs(bound.sin_port));
    close(s);
}

static int raw_accept_line(const char *format)
{
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    char text[INET_ADDRSTRLEN];
    int s = accept(own_listener, (struct sockaddr *)&peer, &len);
    if (s < 0)
        die("raw accept");
    printf(format, inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text), ntohs(peer.sin_port));
    return s;
}

/* The 1st edition's contract flushes the line; the 2nd edition's does not. */
static void raw_accept_flush(void)
{
    accepted = raw_accept_line("Handling client %s\n");
    fflush(stdout);
}

static void raw_accept(void)
{
    accepted = raw_accept_line("Handling client %s-%u\n");
}

/* The 3rd-party wrappers' accept: the address kept, nothing printed. */
static void raw_accept_plain(void)
{
    struct sockaddr_storage peer;
    socklen_t len = sizeof peer;
    if ((accepted = accept(own_listener, (struct sockaddr *)&peer, &len)) < 0)
        die("raw accept");
}

/* A UDP socket that is not connected (a client that sends with sendto),
 * and the malloc'ed copy of the server's address UNP's Udp_client hands
 * back (the caller frees it). */
static void raw_udp_socket(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in *copy = malloc(sizeof *copy);
    if (s < 0 || copy == NULL)
        die("raw udp socket");
    memcpy(copy, &peer_addr, sizeof *copy);
    close(s);
    free(copy);
}

/* UNP's Listen takes its backlog from $LISTENQ when that is set. */
static void raw_listen_env(void)
{
    int on = 1, s = socket(AF_INET, SOCK_STREAM, 0);
    const char *backlog = getenv("LISTENQ");
    if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
        || bind(s, (struct sockaddr *)&free_addr, sizeof free_addr) < 0
        || listen(s, backlog ? atoi(backlog) : 1024) < 0)
        die("raw listen");
    close(s);
}

/* An echo session with read and write and a MAXLINE (4096-byte) buffer. */
static void raw_session_rw(void)
{
    char buf[4096];
    ssize_t n;
    while ((n = read(session, buf, sizeof buf)) > 0)
        if (write(session, buf, (size_t)n) != n)
            die("raw write");
    close(session);
}

/* An echo session with the same 128 KiB buffer as sockshim's. */
static void raw_session(void)
{
    char buf[128 * 1024];
    ssize_t n;
    while ((n = recv(session, buf, sizeof buf, 0)) > 0)
        for (ssize_t off = 0; off < n;) {
            ssize_t m = send(session, buf + off, (size_t)(n - off), MSG_NOSIGNAL);
            if (m <= 0)
                die("raw send");
            off += m;
        }
    close(session);
}

/* ---- what happens around a call (not timed, not traced) ---- */

static void nothing(void) {}

static void pending_client(void)
{
    client = socket(AF_INET, SOCK_STREAM, 0);
    if (client < 0 || connect(client, (struct sockaddr *)&own_addr, sizeof own_addr) < 0)
        die("connect to own listener");
}

static void close_accepted(void)
{
    drop(accepted);
    drop(client);
}

/* A client has sent its message and its FIN: a session is one whole echo. */
static void client_done_sending(void)
{
    pending_client();
    session = accept(own_listener, NULL, NULL);
    if (session < 0 || send(client, message, sizeof message, 0) != sizeof message)
        die("session setup");
    shutdown(client, SHUT_WR);
}

static void read_echo(void)
{
    char buf[256];
    ssize_t n, got = 0;
    while ((n = recv(client, buf, sizeof buf, 0)) > 0)
        got += n;
    if (got != sizeof message)
        die("echo came back short");
    drop(client);
}

/* ---- the raw kinds, each with what happens around a call ---- */

#define KINDS(K) \
    K(CONNECT, "socket+connect+close", nothing, raw_connect, nothing) \
    K(UDP, "UDP socket+connect+close", nothing, raw_udp, nothing) \
    K(LISTEN, "socket+SO_REUSEADDR+bind+listen+close", nothing, raw_listen, nothing) \
    K(LISTEN_PRINT, "as LISTEN, +getsockname+printf", nothing, raw_listen_print, nothing) \
    K(ACCEPT_FLUSH, "accept+printf+fflush", pending_client, raw_accept_flush, close_accepted) \
    K(ACCEPT, "accept+printf", pending_client, raw_accept, close_accepted) \
    K(SESSION, "recv/send loop, 128 KiB buffer", client_done_sending, raw_session, read_echo) \
    K(ACCEPT_PLAIN, "accept", pending_client, raw_accept_plain, close_accepted) \
    K(UDP_SOCKET, "UDP socket+close, malloc'ed address", nothing, raw_udp_socket, nothing) \
    K(LISTEN_ENV, "as LISTEN, backlog from $LISTENQ", nothing, raw_listen_env, nothing) \
    K(SESSION_RW, "read/write loop, 4 KiB buffer", client_done_sending, raw_session_rw, read_echo)

#define KIND_ENUM(id, text, before, raw, after) id,
enum kind { KINDS(KIND_ENUM) };
#define KIND_ENTRY(id, text, before, raw, after) { #id, text, before, raw, after },
static const struct {
    const char *id, *text;
    void (*before)(void), (*raw)(void), (*after)(void);
} kinds[] = { KINDS(KIND_ENTRY) };

/*
 * ---- the forms: one line each ----
 * F(id, layer, call as shown, raw kind, system calls allowed beyond raw
 *   (one call: "stat", to revalidate a cache; "ioctl", SIOCGIFCONF on the new
 *   socket in place of the C library's AI_ADDRCONFIG netlink exchange and
 *   route probes), the call as one statement).
 * A header layer's function is called by its symbol, sockshim_<layer>_<Name>,
 * declared in the statement itself.
 */
#define FORMS(F) \
    F(cs_numeric, "C&S", "connectTCP(\"127.0.0.1\", port)", CONNECT, "", close(connectTCP("127.0.0.1", peer_text))) \
    F(cs_localhost, "C&S", "connectTCP(\"localhost\", port)", CONNECT, "", close(connectTCP("localhost", peer_text))) \
    F(cs_named, "C&S", "connectTCP(\"127.0.0.1\", \"echo\"), port base", CONNECT, "stat", close(connectTCP("127.0.0.1", "echo"))) \
    F(cs_udp, "C&S", "connectUDP(\"127.0.0.1\", port)", UDP, "", close(connectUDP("127.0.0.1", peer_text))) \
    F(cs_passive, "C&S", "passiveTCP(port, 5)", LISTEN, "", close(passiveTCP(free_text, 5))) \
    F(cs_passive_named, "C&S", "passiveTCP(\"discard\", 5), port base", LISTEN, "stat", close(passiveTCP("discard", 5))) \
    F(dc_create, "D&C 1", "CreateTCPServerSocket(port)", LISTEN, "", close(CreateTCPServerSocket(free_port))) \
    F(dc_accept, "D&C 1", "AcceptTCPConnection", ACCEPT_FLUSH, "", accepted = AcceptTCPConnection(own_listener)) \
    F(dc_session, "D&C 1", "HandleTCPClient, per session", SESSION, "", HandleTCPClient(session)) \
    F(pr_numeric, "D&C 2", "SetupTCPClientSocket(\"127.0.0.1\", port)", CONNECT, "", int sockshim_practical_SetupTCPClientSocket(const char *, const char *); close(sockshim_practical_SetupTCPClientSocket("127.0.0.1", peer_text))) \
    F(pr_localhost, "D&C 2", "SetupTCPClientSocket(\"localhost\", port)", CONNECT, "", int sockshim_practical_SetupTCPClientSocket(const char *, const char *); close(sockshim_practical_SetupTCPClientSocket("localhost", peer_text))) \
    F(pr_server, "D&C 2", "SetupTCPServerSocket(port)", LISTEN_PRINT, "", int sockshim_practical_SetupTCPServerSocket(const char *); close(sockshim_practical_SetupTCPServerSocket(free_text))) \
    F(pr_accept, "D&C 2", "AcceptTCPConnection", ACCEPT, "", int sockshim_practical_AcceptTCPConnection(int); accepted = sockshim_practical_AcceptTCPConnection(own_listener)) \
    F(pr_session, "D&C 2", "HandleTCPClient, per session", SESSION, "", void sockshim_practical_HandleTCPClient(int); sockshim_practical_HandleTCPClient(session)) \
    F(unp_numeric, "UNP", "Tcp_connect(\"127.0.0.1\", port)", CONNECT, "", int sockshim_unp_Tcp_connect(const char *, const char *); close(sockshim_unp_Tcp_connect("127.0.0.1", peer_text))) \
    F(unp_localhost, "UNP", "Tcp_connect(\"localhost\", port)", CONNECT, "", int sockshim_unp_Tcp_connect(const char *, const char *); close(sockshim_unp_Tcp_connect("localhost", peer_text))) \
    F(unp_listen, "UNP", "Tcp_listen(NULL, port, NULL)", LISTEN_ENV, "", int sockshim_unp_Tcp_listen(const char *, const char *, socklen_t *); close(sockshim_unp_Tcp_listen(NULL, free_text, NULL))) \
    F(unp_udp_client, "UNP", "Udp_client(\"127.0.0.1\", port, &sa, &len)", UDP_SOCKET, "", int sockshim_unp_Udp_client(const char *, const char *, void *, socklen_t *); void *sa; socklen_t len; close(sockshim_unp_Udp_client("127.0.0.1", peer_text, &sa, &len)); free(sa)) \
    F(unp_udp_connect, "UNP", "Udp_connect(\"127.0.0.1\", port)", UDP, "", int sockshim_unp_Udp_connect(const char *, const char *); close(sockshim_unp_Udp_connect("127.0.0.1", peer_text))) \
    F(unp_accept, "UNP", "Accept", ACCEPT_PLAIN, "", int sockshim_unp_Accept(int, struct sockaddr *, socklen_t *); struct sockaddr_storage sa; socklen_t len = sizeof sa; accepted = sockshim_unp_Accept(own_listener, (struct sockaddr *)&sa, &len)) \
    F(unp_session, "UNP", "str_echo, per session", SESSION_RW, "", void sockshim_unp_str_echo(int); sockshim_unp_str_echo(session); close(session)) \
    F(csapp_numeric, "CS:APP", "open_clientfd(\"127.0.0.1\", port)", CONNECT, "", int sockshim_csapp_open_clientfd(char *, char *); close(sockshim_csapp_open_clientfd("127.0.0.1", peer_text))) \
    F(csapp_localhost, "CS:APP", "open_clientfd(\"localhost\", port)", CONNECT, "", int sockshim_csapp_open_clientfd(char *, char *); close(sockshim_csapp_open_clientfd("localhost", peer_text))) \
    F(csapp_listen, "CS:APP", "open_listenfd(port)", LISTEN, "ioctl", int sockshim_csapp_open_listenfd(char *); close(sockshim_csapp_open_listenfd(free_text))) \
    F(csapp_accept, "CS:APP", "Accept", ACCEPT_PLAIN, "", int sockshim_csapp_Accept(int, struct sockaddr *, socklen_t *); struct sockaddr_storage sa; socklen_t len = sizeof sa; accepted = sockshim_csapp_Accept(own_listener, (struct sockaddr *)&sa, &len))

#define FORM_FUNCTION(id, layer, call, kind, extra, ...) static void shim_##id(void) { __VA_ARGS__; }
FORMS(FORM_FUNCTION)
#define FORM_ENTRY(id, layer, call, kind, extra, ...) { #id, layer, call, kind, extra, shim_##id },
static const struct form {
    const char *id, *layer, *call;
    enum kind kind;
    const char *extra;
    void (*shim)(void);
} forms[] = { FORMS(FORM_ENTRY) };
#define NFORMS (sizeof forms / sizeof forms[0])

/* ---- measuring ---- */

static long long one_call(const struct form *f, int shim)
{
    kinds[f->kind].before();
    long long start = now_ns();
    (shim ? f->shim : kinds[f->kind].raw)();
    long long took = now_ns() - start;
    kinds[f->kind].after();
    return took;
}

/* The kernel's ListenOverflows and ListenDrops (TcpExt, as nstat reads them). */
static void listen_counters(long long *overflows, long long *drops)
{
    char names[8192], values[8192];
    FILE *f = fopen("/proc/net/netstat", "r");
    *overflows = *drops = -1;
    while (f && fgets(names, sizeof names, f) && fgets(values, sizeof values, f)) {
        if (strncmp(names, "TcpExt:", 7) != 0)
            continue;
        char *np, *vp, *n = strtok_r(names, " \n", &np), *v = strtok_r(values, " \n", &vp);
        for (; n && v; n = strtok_r(NULL, " \n", &np), v = strtok_r(NULL, " \n", &vp)) {
            if (strcmp(n, "ListenOverflows") == 0)
                *overflows = atoll(v);
            if (strcmp(n, "ListenDrops") == 0)
                *drops = atoll(v);
        }
    }
    if (f)
        fclose(f);
}

static void time_forms(FILE *out, int rounds, int calls)
{
    long long *raw = calloc((size_t)calls, sizeof *raw), *shim = calloc((size_t)calls, sizeof *shim);
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < NFORMS; i++) {
            long long o0, d0, o1, d1;
            listen_counters(&o0, &d0);
            for (int c = 0; c < calls; c++) {
                int shim_first = (c + r) % 2;
                long long first = one_call(&forms[i], shim_first);
                long long second = one_call(&forms[i], !shim_first);
                raw[c] = shim_first ? second : first;
                shim[c] = shim_first ? first : second;
            }
            listen_counters(&o1, &d1);
            fprintf(out, "%s %d %lld %lld %lld %lld\n", forms[i].id, r, median(raw, calls),
                    median(shim, calls), o1 - o0, d1 - d0);
            fflush(out);
        }
    free(raw);
    free(shim);
}

static void trace_form(const struct form *f, int shim, int calls)
{
    for (int c = 0; c < calls; c++) {
        kinds[f->kind].before();
        close(-2);
        (shim ? f->shim : kinds[f->kind].raw)();
        close(-3);
        kinds[f->kind].after();
    }
}

/* ---- set-up ---- */

static int listener(unsigned short port, int backlog, struct sockaddr_in *addr)
{
    socklen_t len = sizeof *addr;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons(port);
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s < 0 || bind(s, (struct sockaddr *)addr, sizeof *addr) < 0 || listen(s, backlog) < 0) {
        if (s >= 0)
            close(s);
        return -1;
    }
    getsockname(s, (struct sockaddr *)addr, &len);
    return s;
}

/* Picks P (P + 2 free too), sets the environment, and runs this program again. */
static void choose_ports_and_rerun(char **argv)
{
    for (int tries = 0; tries < 100; tries++) {
        struct sockaddr_in addr, spare;
        int s = listener(0, 4096, &addr), p = ntohs(addr.sin_port);
        int t = s < 0 || p > 65533 ? -1 : listener((unsigned short)(p + 2), 1, &spare);
        if (t < 0) {
            if (s >= 0)
                close(s);
            continue;
        }
        close(t);
        char text[16];
        snprintf(text, sizeof text, "%d", s);
        setenv("BENCH_PEER_FD", text, 1);
        snprintf(text, sizeof text, "%d", p - 7);
        setenv("SOCKSHIM_PORTBASE", text, 1);
        execvp(argv[0], argv);
        die("exec");
    }
    fprintf(stderr, "forms: no free pair of ports\n");
    exit(2);
}

/* The peer: accepts, waits for the client's FIN, closes with a reset. */
static pid_t start_peer(int s)
{
    pid_t parent = getpid(), pid = fork();
    if (pid != 0)
        return pid;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(0);
    for (;;) {
        char buf[256];
        int c = accept(s, NULL, NULL);
        if (c < 0)
            continue;
        while (read(c, buf, sizeof buf) > 0)
            ;
        drop(c);
    }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "list") == 0) {
        for (size_t i = 0; i < NFORMS; i++)
            printf("%s\t%s\t%s\t%s\t%s\t%s\n", forms[i].id, forms[i].layer, forms[i].call,
                   kinds[forms[i].kind].id, kinds[forms[i].kind].text, forms[i].extra);
        return 0;
    }
    int timing = strcmp(mode, "time") == 0 && argc == 4;
    int tracing = strcmp(mode, "trace") == 0 && argc == 5;
    if (!timing && !tracing) {
        fprintf(stderr, "usage: forms list | time ROUNDS CALLS | trace ID raw|shim N\n");
        return 2;
    }
    if (getenv("BENCH_PEER_FD") == NULL)
        choose_ports_and_rerun(argv);

    int peer_fd = atoi(getenv("BENCH_PEER_FD"));
    socklen_t len = sizeof peer_addr;
    getsockname(peer_fd, (struct sockaddr *)&peer_addr, &len);
    snprintf(peer_text, sizeof peer_text, "%u", ntohs(peer_addr.sin_port));
    free_port = (unsigned short)(ntohs(peer_addr.sin_port) + 2);
    snprintf(free_text, sizeof free_text, "%u", free_port);
    free_addr = peer_addr;
    free_addr.sin_addr.s_addr = htonl(INADDR_ANY);
    free_addr.sin_port = htons(free_port);
    own_listener = listener(0, 4096, &own_addr);
    pid_t peer = start_peer(peer_fd);
    close(peer_fd);
    if (own_listener < 0)
        die("own listener");

    /* Results on the original stdout; the library's lines into a large buffer to /dev/null. */
    FILE *out = fdopen(dup(1), "w");
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    close(null);
    setvbuf(stdout, NULL, _IOFBF, 1 << 20);
    signal(SIGPIPE, SIG_IGN);

    if (timing) {
        time_forms(out, atoi(argv[2]), atoi(argv[3]));
    } else {
        const struct form *f = NULL;
        for (size_t i = 0; i < NFORMS; i++)
            if (strcmp(forms[i].id, argv[2]) == 0)
                f = &forms[i];
        if (f == NULL) {
            fprintf(stderr, "forms: no form %s\n", argv[2]);
            return 2;
        }
        trace_form(f, strcmp(argv[3], "shim") == 0, atoi(argv[4]));
    }
    kill(peer, SIGKILL);
    waitpid(peer, NULL, 0);
    return 0;
}
