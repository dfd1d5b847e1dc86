/*
 * unpcall.h -- the test driver for the UNP layer: one program, one
 * sub-command per case, so that the many cases cost two builds (shared and
 * static) instead of one per case.
 *
 *   unpcall CASE [ARG...]
 *
 * A case that expects a wrapper to fail just calls it: the wrapper prints
 * the book's message and exits.  If it returns instead, the case prints
 * "returned" on stdout and exits with status 2, so the test sees it.
 * Cases that act as servers print "ready" on stderr once listening.
 */
#ifndef UNPCALL_H
#define UNPCALL_H

#include "unpthread.h"

struct unp_case {
    const char *name;
    int (*run)(int argc, char **argv);   /* argv[0] is the case name */
};

/* The case tables of call_wrap.c, call_names.c and call_misc.c, each ended
 * by a {NULL, NULL} entry. */
extern const struct unp_case wrap_cases[];
extern const struct unp_case names_cases[];
extern const struct unp_case misc_cases[];

/* Prints "returned" and exits 2: a wrapper that should have exited did not. */
void returned(void) __attribute__((noreturn));
/* Exits 2 with a message on stdout unless cond holds. */
void check(int cond, const char *what);
/* A struct sockaddr_in for 127.0.0.1:port (port in host order). */
struct sockaddr_in loopback4(int port);
/* The port number from text, or exit 2. */
int port_arg(const char *text);
/* Prints "ready" on stderr (the test waits for it). */
void ready(void);
/* A descriptor number that is certainly not open, inside the descriptor
 * table (so select() reports EBADF for it). */
int closed_fd(void);

#endif
