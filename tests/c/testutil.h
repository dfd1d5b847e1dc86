/*
 * testutil.h -- small helpers several C test drivers share (each includes
 * it as "../testutil.h" or "testutil.h"):
 *
 *   CHECK(cond)                  exits with status 2, naming the line, unless cond
 *   int_option(fd, level, name)  an int socket option, -1 if getsockopt fails
 *   wait_asleep(pid)             waits (at most 5 s) until pid sleeps
 *
 * The functions are static inline, so a driver that uses only some of them
 * compiles without unused-function warnings.
 */
#ifndef SOCKSHIM_TESTUTIL_H
#define SOCKSHIM_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            printf("check failed, line %d: %s\n", __LINE__, #cond);            \
            exit(2);                                                           \
        }                                                                      \
    } while (0)

static inline int int_option(int fd, int level, int name)
{
    int value = -1;
    socklen_t len = sizeof value;
    if (getsockopt(fd, level, name, &value, &len) < 0)
        return -1;
    return value;
}

/* Waits, at most 5 s, until process pid is asleep (state S in
 * /proc/<pid>/stat), e.g. blocked in the call a signal is to interrupt. */
static inline void wait_asleep(pid_t pid)
{
    char path[64], stat[256];
    int i;

    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    for (i = 0; i < 500; i++) {
        FILE *fp = fopen(path, "r");
        char *state = NULL;

        if (fp != NULL && fgets(stat, sizeof stat, fp) != NULL)
            state = strrchr(stat, ')');
        if (fp != NULL)
            fclose(fp);
        if (state != NULL && state[1] == ' ' && state[2] == 'S')
            return;
        usleep(10000);
    }
}

#endif
