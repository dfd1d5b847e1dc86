/*
 * hello_browser.c - "Hello browser": a tiny iterative web server.  For each
 * connection it reads the HTTP request header, answers with an HTML page
 * that shows it (HTML-escaped, so "<" in the request cannot become markup)
 * and closes the connection: HTTP/1.0 without Content-Length, the end of
 * the connection marks the end of the page.
 *
 * usage: hello_browser [port]        (default 8080)
 *   then open http://localhost:8080/ or: curl -s http://localhost:8080/hello
 */

#include <sockshim.h>       /* passiveTCP(), errexit() */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define QLEN    32
#define MAXREQ  8192        /* longest request text shown */

/* header_length - where the empty line that ends the header ends
 * ("\r\n\r\n", or "\n\n" from clients that send bare newlines), or 0. */
static size_t header_length(const char *req)
{
    const char *crlf = strstr(req, "\r\n\r\n"), *lf = strstr(req, "\n\n");

    if (lf != NULL && (crlf == NULL || lf < crlf))
        return (size_t)(lf - req) + 2;
    return crlf != NULL ? (size_t)(crlf - req) + 4 : 0;
}

/* serve - read one request header, answer it, close the connection. */
static void serve(int fd)
{
    static char req[MAXREQ + 1];
    struct timeval patience = { 5, 0 };
    size_t len = 0, end = 0, i;
    ssize_t n;
    FILE *out;

    /* Browsers open spare connections that send nothing: do not wait forever. */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    /* TCP is a byte stream: the header may arrive in several pieces. */
    while (end == 0 && len < MAXREQ && (n = read(fd, req + len, MAXREQ - len)) > 0) {
        len += (size_t)n;
        req[len] = '\0';
        end = header_length(req);
    }
    if (end > 0)
        len = end;          /* a request body is not shown */

    if ((out = fdopen(fd, "w")) == NULL)
        errexit("fdopen: %s\n", strerror(errno));
    fputs("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
          "<html><body><h1>Hello browser</h1>\n<p>Your request was:</p>\n<pre>", out);
    for (i = 0; i < len; i++) {
        switch (req[i]) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        default:  putc(req[i], out);
        }
    }
    fputs("</pre>\n</body></html>\n", out);
    fflush(out);

    /* Closing with unread input would send a reset that can destroy the
     * page in the browser: end our side, read what is left, then close. */
    shutdown(fd, SHUT_WR);
    while (read(fd, req, MAXREQ) > 0)
        ;
    fclose(out);            /* closes fd */
}

int main(int argc, char *argv[])
{
    const char *service = argc == 2 ? argv[1] : "8080";
    struct sockaddr_in fsin;
    socklen_t alen;
    int msock, ssock;

    if (argc > 2)
        errexit("usage: %s [port]\n", argv[0]);

    signal(SIGPIPE, SIG_IGN);   /* a client that leaves early must not kill us */
    msock = passiveTCP(service, QLEN);
    for (;;) {
        alen = sizeof fsin;
        if ((ssock = accept(msock, (struct sockaddr *)&fsin, &alen)) < 0)
            errexit("accept: %s\n", strerror(errno));
        serve(ssock);
    }
}
