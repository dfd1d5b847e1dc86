/*
 * oldtime.c -- sockshim test program in the style of early-1990s course
 * code, written for sockshim's tests (not taken from any book): K&R
 * definitions, implicit int, and ntohl, ctime, read, exit and close called
 * without their headers.  It is meant to be built with the sockshim-compat
 * profile; without it, ntohl's and ctime's results are taken for ints.
 *
 *	oldtime host service
 *
 * Asks a TCP time server (RFC 868) for the time and prints the seconds
 * since 1970 on one line and ctime() of them on the next.
 */
#include <stdio.h>
#include <sys/types.h>

#define SECS_1900_TO_1970	2208988800UL

int	connectTCP(const char *host, const char *service);
int	errexit(const char *format, ...);

main(argc, argv)
int	argc;
char	**argv;
{
	long	now;
	u_int	stamp;
	int	s;

	if (argc != 3)
		errexit("usage: %s host service\n", argv[0]);
	s = connectTCP(argv[1], argv[2]);
	if (readall(s, (char *)&stamp, sizeof(stamp)) != sizeof(stamp))
		errexit("%s: short answer\n", argv[0]);
	close(s);
	now = ntohl(stamp);
	now -= SECS_1900_TO_1970;
	printf("%ld\n", now);
	printf("%s", ctime(&now));
	exit(0);
}

/* read until len bytes or end of file */
readall(fd, buf, len)
char	*buf;
{
	int	got, n;

	for (got = 0; got < len; got += n)
		if ((n = read(fd, buf + got, len - got)) <= 0)
			break;
	return got;
}
