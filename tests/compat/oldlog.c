/*
 * oldlog.c -- the log half of oldtimed (see oldtimed.c): K&R definitions,
 * implicit int, `extern int errno;`, and the old `sys_errlist[errno]` for
 * messages.  Written for sockshim's tests, not taken from any book.
 */
#include <stdio.h>

extern int	errno;
extern char	*sys_errlist[];
extern int	sys_nerr;

int	served;			/* also defined in oldtimed.c */
char	*progname;

static FILE	*logfp;

logopen(name)
char	*name;
{
	logfp = fopen(name, "a");
	return logfp ? 0 : -1;
}

logclient(now)
long	now;
{
	if (logfp == NULL)
		return;
	fprintf(logfp, "%s: client %d at %ld\n", progname, served + 1, now);
	if (fflush(logfp) == EOF)
		fprintf(stderr, "%s: log: %s\n", progname,
		    errno < sys_nerr ? sys_errlist[errno] : "unknown error");
}
