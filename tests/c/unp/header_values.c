/*
 * header_values.c -- test: what unp.h provides besides functions, as book
 * programs use it: the configuration macros (built in, no config.h), the
 * constants, SA, Sigfunc, min/max, struct unp_in_pktinfo, and the BSD names
 * (u_char, u_int, bzero, struct ip_mreq, SUN_LEN) that must exist even
 * under -std=c99, where only the header's feature-test macro provides them.
 * Prints the values; the test compares them.  Needs no library.
 */
#include "unp.h"

#if !defined(IPV4) || !defined(IPv4) || !defined(IPV6) || !defined(IPv6)
#error "the IPv4/IPv6 configuration macros are missing"
#endif
#if !defined(UNIXDOMAIN) || !defined(UNIXdomain) || !defined(HAVE_MSGHDR_MSG_CONTROL)
#error "UNIXDOMAIN or HAVE_MSGHDR_MSG_CONTROL is missing"
#endif
#if !defined(HAVE_POLL) || !defined(HAVE_GETRUSAGE_PROTO)
#error "HAVE_POLL or HAVE_GETRUSAGE_PROTO is missing"
#endif
#if defined(HAVE_SOCKADDR_SA_LEN) || defined(HAVE_SOCKADDR_DL_STRUCT)
#error "Linux has neither sa_len nor struct sockaddr_dl"
#endif
#if !defined(INFTIM_UNPH)
#error "INFTIM comes from unp.h on Linux"
#endif

static Sigfunc handler;

static void handler(int signo)
{
    (void) signo;
}

int main(void)
{
    SA *sa = NULL;
    Sigfunc *f = handler;
    struct unp_in_pktinfo info;
    struct sockaddr_un un;
    struct ip_mreq mreq;
    u_char c = 200;
    u_int u = 7;
    int i = 3, j;

    bzero(&un, sizeof un);
    bzero(&mreq, sizeof mreq);
    strcpy(un.sun_path, "/tmp/x");
    info.ipi_ifindex = 2;
    info.ipi_addr.s_addr = htonl(INADDR_LOOPBACK);

    printf("CPU_VENDOR_OS=%s\n", CPU_VENDOR_OS);
    printf("LISTENQ=%d MAXLINE=%d BUFFSIZE=%d SERV_PORT=%d SERV_PORT_STR=%s\n", LISTENQ,
           MAXLINE, BUFFSIZE, SERV_PORT, SERV_PORT_STR);
    printf("UNIXSTR_PATH=%s UNIXDG_PATH=%s\n", UNIXSTR_PATH, UNIXDG_PATH);
    printf("FILE_MODE=%04o DIR_MODE=%04o\n", (unsigned) FILE_MODE, (unsigned) DIR_MODE);
    j = max(i++, 0);        /* a macro: the argument is evaluated twice */
    printf("min=%d max=%d macro i=%d j=%d\n", min(2, 5), max(2, 5), i, j);
    printf("INFTIM=%d INADDR_NONE=%lx SHUT_WR=%d\n", INFTIM, (unsigned long) INADDR_NONE, SHUT_WR);
    printf("sizeof unp_in_pktinfo=%d SUN_LEN=%d u_char=%u u_int=%u\n",
           (int) sizeof info, (int) SUN_LEN(&un), c, u);
    printf("SA=%d Sigfunc=%d\n", sa == NULL, f == handler);
    return 0;
}
