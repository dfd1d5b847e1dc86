/*
 * shim.c -- the little C that Rust cannot express.
 *
 * Stable Rust cannot define a C-variadic function, and cannot make a symbol
 * weak.  The three helpers below are defined weak so that a program which
 * keeps its own errexit.c, DieWithError.c or `unsigned short portbase` links
 * without a "multiple definition" error, and its definition is the one used,
 * also when the library itself fails and calls errexit or DieWithError.
 * The library's Rust code reaches these through ordinary symbol references,
 * so the program's definition wins with the static and the shared library.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define SOCKSHIM_WEAK __attribute__((weak))

/* Added to the port of a named service by passivesock; 0 at start. */
SOCKSHIM_WEAK unsigned short portbase = 0;

/* Print a printf-style message on stderr, exactly as given, and exit(1). */
SOCKSHIM_WEAK int errexit(const char *format, ...)
{
    va_list args;

    if (format == NULL) {
        fputs("errexit: called with a NULL format\n", stderr);
        exit(1);
    }
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    exit(1);
}

/* perror(errorMessage), then exit(1). */
SOCKSHIM_WEAK void DieWithError(char *errorMessage)
{
    perror(errorMessage);
    exit(1);
}
