/*
 * csapp.c -- the part of the CS:APP layer (include/sockshim/csapp/csapp.h)
 * that is written in C.  Everything else is Rust (src/books/csapp).
 *
 * Pthread_exit ends the thread with pthread_exit(), which unwinds the
 * thread's stack ("forced unwinding"); that unwinding must not start inside
 * a Rust `extern "C"` function, so the wrapper is C.  Including the book's
 * header gives the definition the header's prototype and its label: the
 * symbol defined is sockshim_csapp_Pthread_exit.  It is weak, so a program
 * that defines its own Pthread_exit (in a file that includes csapp.h) links
 * with the static and the shared library, and its definition is used.
 */
#include "../../include/sockshim/csapp/csapp.h"

#define SOCKSHIM_WEAK __attribute__((weak))

/* Ends the calling thread with `retval`; never fails, never returns. */
SOCKSHIM_WEAK void Pthread_exit(void *retval)
{
    pthread_exit(retval);
}
