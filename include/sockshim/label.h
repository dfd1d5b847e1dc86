/*
 * sockshim/label.h -- binds a book's function names to sockshim's symbols.
 *
 * The books' headers that sockshim ships (Practical.h, unp.h, csapp.h)
 * declare every function with its book's name and prototype, followed by
 * SOCKSHIM_LABEL(layer, name): an assembler label that makes the compiler
 * call (and, for a program's own definition, define) the symbol
 * sockshim_<layer>_<name> instead of the bare name.  Books that share names
 * (AcceptTCPConnection, Socket, Write, ...) then never collide, and the
 * library exports no short generic name.  A program's own definition of a
 * book function, in a file that includes the book's header, carries the same
 * label and so replaces the library's, also for the library's own calls.
 */
#ifndef SOCKSHIM_LABEL_H
#define SOCKSHIM_LABEL_H

#if !defined(__GNUC__) && !defined(__clang__)
#error "sockshim's book headers need GCC or Clang (assembler labels)"
#endif

#define SOCKSHIM_LABEL_TEXT_(text) #text
#define SOCKSHIM_LABEL_TEXT(text) SOCKSHIM_LABEL_TEXT_(text)
/* __USER_LABEL_PREFIX__ is empty on Linux, "_" where C symbols carry one. */
#define SOCKSHIM_LABEL(layer, name) \
    __asm__(SOCKSHIM_LABEL_TEXT(__USER_LABEL_PREFIX__) "sockshim_" #layer "_" #name)

#endif /* SOCKSHIM_LABEL_H */
