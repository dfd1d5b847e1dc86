/*
 * oldtimed.c -- sockshim test program in the style of early-1990s course
 * code, written for sockshim's tests (not taken from any book): K&R
 * definitions, implicit int, `extern int errno;` without <errno.h>, and
 * time, htonl, strerror, atoi, exit and close called without their headers.
 * The globals `served` and `progname` are defined in this file and in
 * oldlog.c, as old multi-file programs did.  It is meant to be built with
 * the sockshim-compat profile only.
 *
 *	oldtimed port count [logfile]
 *
 * A TCP time server (RFC 868) on `port` (passiveTCP): answers `count`
 * clients, one at a time, then exits with status 0.  Prints "ready" on
 * stderr once it listens.  With `logfile`, appends one line per client to it.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/socket.h>

#define SECS_1900_TO_1970	2208988800UL

extern int	errno;

int	passiveTCP(const char *service, int qlen);

int	served;			/* clients answered (also in oldlog.c) */
char	*progname;		/* argv[0] (also in oldlog.c) */

main(argc, argv)
int	argc;
char	*argv[];
{
	struct sockaddr	fsin;
	int	alen, msock, ssock, count;
	long	now;
	u_int	stamp;

	progname = argv[0];
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s port count [logfile]\n", progname);
		exit(1);
	}
	if (argc == 4 && logopen(argv[3]) < 0) {
		fprintf(stderr, "%s: %s\n", argv[3], strerror(errno));
		exit(1);
	}
	count = atoi(argv[2]);
	msock = passiveTCP(argv[1], 5);
	fprintf(stderr, "ready\n");
	fflush(stderr);
	while (served < count) {
		alen = sizeof(fsin);
		ssock = accept(msock, &fsin, &alen);
		if (ssock < 0) {
			fprintf(stderr, "%s: accept: %s\n", progname, strerror(errno));
			exit(1);
		}
		time(&now);
		stamp = htonl((u_long)(now + SECS_1900_TO_1970));
		if (write(ssock, (char *)&stamp, sizeof(stamp)) != sizeof(stamp))
			fprintf(stderr, "%s: write: %s\n", progname, strerror(errno));
		logclient(now);
		close(ssock);
		served++;
	}
	close(msock);
	exit(0);
}
