/*
 * unpthread.h -- UNIX Network Programming, Volume 1 (3rd edition): the
 * pthread wrappers of the book's threaded programs, served by sockshim.
 *
 * Each wrapper calls the pthread function of the same name; when that
 * returns an error number, the wrapper stores it in errno and calls
 * err_sys("pthread_<name> error"), which prints
 * "pthread_<name> error: <strerror>" on stderr and exits with status 1.
 * Like unp.h, every name is bound to sockshim_unp_<name>.  Build with
 *     cc -D_REENTRANT prog.c $(pkg-config --cflags --libs sockshim-unp)
 */
#ifndef __unp_pthread_h
#define __unp_pthread_h

#include "unp.h"
#include <pthread.h>

#ifdef __cplusplus
extern "C" {
#endif

void Pthread_create(pthread_t *tid, const pthread_attr_t *attr, void *(*func)(void *),
                    void *arg) SOCKSHIM_UNP_(Pthread_create);
void Pthread_join(pthread_t tid, void **status) SOCKSHIM_UNP_(Pthread_join);
void Pthread_detach(pthread_t tid) SOCKSHIM_UNP_(Pthread_detach);
void Pthread_kill(pthread_t tid, int signo) SOCKSHIM_UNP_(Pthread_kill);

void Pthread_mutexattr_init(pthread_mutexattr_t *attr) SOCKSHIM_UNP_(Pthread_mutexattr_init);
void Pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int flag)
    SOCKSHIM_UNP_(Pthread_mutexattr_setpshared);
void Pthread_mutex_init(pthread_mutex_t *mptr, pthread_mutexattr_t *attr)
    SOCKSHIM_UNP_(Pthread_mutex_init);
void Pthread_mutex_lock(pthread_mutex_t *mptr) SOCKSHIM_UNP_(Pthread_mutex_lock);
void Pthread_mutex_unlock(pthread_mutex_t *mptr) SOCKSHIM_UNP_(Pthread_mutex_unlock);

void Pthread_cond_broadcast(pthread_cond_t *cptr) SOCKSHIM_UNP_(Pthread_cond_broadcast);
void Pthread_cond_signal(pthread_cond_t *cptr) SOCKSHIM_UNP_(Pthread_cond_signal);
void Pthread_cond_wait(pthread_cond_t *cptr, pthread_mutex_t *mptr)
    SOCKSHIM_UNP_(Pthread_cond_wait);
void Pthread_cond_timedwait(pthread_cond_t *cptr, pthread_mutex_t *mptr,
                            const struct timespec *tsptr) SOCKSHIM_UNP_(Pthread_cond_timedwait);

void Pthread_key_create(pthread_key_t *key, void (*func)(void *))
    SOCKSHIM_UNP_(Pthread_key_create);
void Pthread_setspecific(pthread_key_t key, const void *value)
    SOCKSHIM_UNP_(Pthread_setspecific);
void Pthread_once(pthread_once_t *ptr, void (*func)(void)) SOCKSHIM_UNP_(Pthread_once);

#ifdef __cplusplus
}
#endif

#endif /* __unp_pthread_h */
