/*
 * measure.h -- what make bench's programs (forms.c, programs.c) share:
 * failing, the monotonic clock in nanoseconds, and the median of a run.
 */
#ifndef SOCKSHIM_BENCH_MEASURE_H
#define SOCKSHIM_BENCH_MEASURE_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* perror(what), then exit status 2 (the harness reports it). */
static void die(const char *what)
{
    perror(what);
    exit(2);
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (v is sorted in place). */
static long long median(long long *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return v[n / 2];
}

#endif
