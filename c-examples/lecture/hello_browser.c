/*
 * hello_browser.c - "Hello browser": a tiny iterative web server.
 *
 * What it does
 *   Listens on a TCP port.  For every connection it
 *     1. reads the HTTP request, up to and including the empty line that
 *        ends the request header ("\r\n\r\n", or "\n\n" from clients that
 *        send bare newlines), but never more than MAXREQ (8 KiB) bytes;
 *     2. answers with a complete HTTP/1.0 response: a status line, two
 *        header lines, an empty line, and an HTML page that shows the
 *        request text (HTML-escaped, so that "<" in the request cannot
 *        become markup in the page);
 *     3. closes the connection.  HTTP/1.0 without Content-Length means:
 *        the end of the connection marks the end of the page.
 *
 *   The exact response is
 *     HTTP/1.0 200 OK\r\n
 *     Content-Type: text/html\r\n
 *     Connection: close\r\n
 *     \r\n
 *     <html><body><h1>Hello browser</h1>\n
 *     <p>Your request was:</p>\n
 *     <pre>REQUEST</pre>\n
 *     </body></html>\n
 *   where REQUEST is the request text with & < > written as
 *   &amp; &lt; &gt;.  Bytes the client sent after the end of the
 *   header (a request body, for example) are read and discarded.
 *
 *   Details that make it robust:
 *     - TCP is a byte stream: one read() may return only part of the
 *       request, so we read in a loop until the empty line has arrived;
 *     - a receive timeout keeps one silent client from blocking this
 *       one-client-at-a-time server forever (after TIMEOUT seconds we
 *       answer with whatever has arrived);
 *     - SIGPIPE is ignored, so a client that disconnects early only
 *       makes write() fail instead of killing the server;
 *     - "lingering close": after the answer we shut down our sending
 *       side and read whatever the client still sends before close().
 *       Closing a socket that still has unread input makes the kernel
 *       send a reset (RST), which can destroy the answer before the
 *       browser has read it.
 *
 * How to run it
 *   hello_browser [port]
 *     port  a number or a service name, defaults to 8080
 *
 *   Then open http://localhost:8080/ in a browser, or run
 *     curl -s http://localhost:8080/hello
 *   It prints nothing itself (errors go to stderr) and runs until
 *   killed (Ctrl-C, or kill <pid>).
 *
 * Helpers used (declared in <sockshim.h>)
 *   passiveTCP()  - a listening TCP socket on the port
 *   errexit()     - print a message to stderr and exit(1)
 *
 * Build
 *   gcc -Wall -Wextra -Werror hello_browser.c -o hello_browser -lsockshim
 */

#include <sockshim.h>

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define QLEN      32
#define MAXREQ    8192          /* longest request text we read */
#define TIMEOUT   5             /* seconds to wait for a slow client */
#define MAXDRAIN  65536         /* most bytes discarded at close time */

static const char HEADER[] =
    "HTTP/1.0 200 OK\r\n"
    "Content-Type: text/html\r\n"
    "Connection: close\r\n"
    "\r\n";
static const char PAGE_START[] =
    "<html><body><h1>Hello browser</h1>\n"
    "<p>Your request was:</p>\n"
    "<pre>";
static const char PAGE_END[] =
    "</pre>\n"
    "</body></html>\n";

/* In the worst case every request byte becomes "&amp;" (5 bytes). */
#define MAXRESPONSE (sizeof HEADER + sizeof PAGE_START + 5 * MAXREQ \
                     + sizeof PAGE_END)

/* set_timeouts - limit how long read() and write() on fd may block. */
static void set_timeouts(int fd, int seconds)
{
    struct timeval tv;

    tv.tv_sec = seconds;
    tv.tv_usec = 0;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/*
 * header_end - if buf[0..len) contains the empty line that ends an HTTP
 * header, return the number of bytes up to and including it, else 0.
 */
static size_t header_end(const char *buf, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i++) {
        if (buf[i] == '\n' && buf[i + 1] == '\n')
            return i + 2;
        if (i + 3 < len && memcmp(buf + i, "\r\n\r\n", 4) == 0)
            return i + 4;
    }
    return 0;
}

/*
 * read_request - read the request header into buf (at most cap bytes).
 * Stops at the empty line, at end of file, at an error or timeout, or
 * when the buffer is full.  Returns the length of the request text.
 */
static size_t read_request(int fd, char *buf, size_t cap)
{
    size_t total = 0;

    while (total < cap) {
        ssize_t n = read(fd, buf + total, cap - total);
        size_t end;

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;              /* EOF, timeout (EAGAIN) or error */
        total += (size_t)n;
        end = header_end(buf, total);
        if (end > 0)
            return end;         /* anything after it is not shown */
    }
    return total;
}

/* escape_html - copy in[0..len) to out, escaping & < >; return length. */
static size_t escape_html(const char *in, size_t len, char *out)
{
    size_t i, o = 0;

    for (i = 0; i < len; i++) {
        const char *rep = NULL;

        switch (in[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;";  break;
        case '>': rep = "&gt;";  break;
        }
        if (rep != NULL) {
            memcpy(out + o, rep, strlen(rep));
            o += strlen(rep);
        } else {
            out[o++] = in[i];
        }
    }
    return o;
}

/* append - copy len bytes to the end of the response being built. */
static size_t append(char *dst, size_t used, const char *src, size_t len)
{
    memcpy(dst + used, src, len);
    return used + len;
}

/* build_response - the complete HTTP response for this request text. */
static size_t build_response(const char *request, size_t reqlen, char *out)
{
    size_t len = 0;

    len = append(out, len, HEADER, strlen(HEADER));
    len = append(out, len, PAGE_START, strlen(PAGE_START));
    len += escape_html(request, reqlen, out + len);
    len = append(out, len, PAGE_END, strlen(PAGE_END));
    return len;
}

/* write_all - send all len bytes; returns -1 on error. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* lingering_close - end our side, discard what the client still sends,
 * then close (see the comment at the top). */
static void lingering_close(int fd)
{
    char junk[4096];
    size_t drained = 0;
    ssize_t n;

    shutdown(fd, SHUT_WR);      /* sends FIN: "the page is complete" */
    set_timeouts(fd, 1);        /* do not wait long for the client */
    while (drained < MAXDRAIN && (n = read(fd, junk, sizeof junk)) > 0)
        drained += (size_t)n;
    close(fd);
}

/* serve_client - read one request, answer it, close the connection. */
static void serve_client(int fd)
{
    static char request[MAXREQ];
    static char response[MAXRESPONSE];
    size_t reqlen, resplen;

    set_timeouts(fd, TIMEOUT);
    reqlen = read_request(fd, request, sizeof request);
    resplen = build_response(request, reqlen, response);
    if (write_all(fd, response, resplen) < 0)
        fprintf(stderr, "hello_browser: write: %s\n", strerror(errno));
    lingering_close(fd);
}

/* accept_client - accept the next connection; retry if interrupted. */
static int accept_client(int msock)
{
    struct sockaddr_in fsin;
    socklen_t alen;
    int ssock;

    for (;;) {
        alen = sizeof fsin;
        ssock = accept(msock, (struct sockaddr *)&fsin, &alen);
        if (ssock >= 0)
            return ssock;
        if (errno != EINTR && errno != ECONNABORTED)
            errexit("accept: %s\n", strerror(errno));
    }
}

int main(int argc, char *argv[])
{
    const char *service = "8080";
    int msock;

    if (argc > 2)
        errexit("usage: %s [port]\n", argv[0]);
    if (argc == 2)
        service = argv[1];

    signal(SIGPIPE, SIG_IGN);
    msock = passiveTCP(service, QLEN);
    for (;;)
        serve_client(accept_client(msock));
}
