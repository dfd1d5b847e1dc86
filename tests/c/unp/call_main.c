/*
 * call_main.c -- the unpcall driver's main(): finds the case and runs it.
 * See unpcall.h.
 */
#include "unpcall.h"

#include <sys/resource.h>

void returned(void)
{
    printf("returned\n");
    fflush(stdout);
    exit(2);
}

void check(int cond, const char *what)
{
    if (!cond) {
        printf("check failed: %s (errno %s)\n", what, strerror(errno));
        fflush(stdout);
        exit(2);
    }
}

struct sockaddr_in loopback4(int port)
{
    struct sockaddr_in sin;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t) port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sin;
}

int port_arg(const char *text)
{
    char *end;
    long port = strtol(text, &end, 10);

    if (*text == '\0' || *end != '\0' || port < 0 || port > 65535) {
        printf("bad port %s\n", text);
        exit(2);
    }
    return (int) port;
}

void ready(void)
{
    fputs("ready\n", stderr);
    fflush(stderr);
}

int closed_fd(void)
{
    /* Below 64: select() silently ignores descriptors past the end of the
     * process's descriptor table, which starts 64 long, so a closed number
     * above it would time out instead of failing with EBADF. */
    int fd = 40;

    while (fcntl(fd, F_GETFD) != -1)
        fd++;
    return fd;
}

static const struct unp_case *find(const struct unp_case *table, const char *name)
{
    for (; table->name != NULL; table++)
        if (strcmp(table->name, name) == 0)
            return table;
    return NULL;
}

int main(int argc, char **argv)
{
    const struct unp_case *c = NULL;
    struct rlimit no_core = { 0, 0 };

    if (argc < 2) {
        fprintf(stderr, "usage: unpcall CASE [ARG...]\n");
        return 2;
    }
    setrlimit(RLIMIT_CORE, &no_core);     /* err_dump aborts: no core files */
    if ((c = find(wrap_cases, argv[1])) == NULL && (c = find(names_cases, argv[1])) == NULL &&
        (c = find(misc_cases, argv[1])) == NULL) {
        fprintf(stderr, "unpcall: no case %s\n", argv[1]);
        return 2;
    }
    return c->run(argc - 1, argv + 1);
}
