/*
 * tinyweb.c -- a tiny static-file web server, CS:APP style.
 *
 *   tinyweb <port> <directory>
 *
 * Iterative HTTP/1.0 server for the files under <directory>: GET only,
 * .html files as text/html, every other file as text/plain, "/" and any
 * path ending in "/" as its index.html.  Answers 501 to other methods, 403
 * to paths with ".." and to what is not a readable regular file, 404 to
 * what does not exist.  Sends the file with Mmap and Rio_writen.
 */
#include "csapp.h"

static char *docroot;

/* Sends a short HTML error page with the given status. */
static void client_error(int fd, char *status, char *why)
{
    char body[MAXBUF], head[MAXBUF];

    snprintf(body, MAXBUF, "<html><body><h1>%s</h1><p>%s</p></body></html>\n",
             status, why);
    snprintf(head, MAXBUF,
             "HTTP/1.0 %s\r\nContent-type: text/html\r\nContent-length: %zu\r\n\r\n",
             status, strlen(body));
    Rio_writen(fd, head, strlen(head));
    Rio_writen(fd, body, strlen(body));
}

/* Sends the regular file `path` of `size` bytes. */
static void send_file(int fd, char *path, size_t size)
{
    char head[MAXBUF], *dot = strrchr(path, '.');
    char *type = (dot != NULL && strcmp(dot, ".html") == 0) ? "text/html" : "text/plain";
    int filefd;
    void *data;

    snprintf(head, MAXBUF,
             "HTTP/1.0 200 OK\r\nServer: tinyweb\r\nContent-type: %s\r\n"
             "Content-length: %zu\r\n\r\n", type, size);
    Rio_writen(fd, head, strlen(head));
    if (size == 0)
        return;
    filefd = Open(path, O_RDONLY, 0);
    data = Mmap(NULL, size, PROT_READ, MAP_PRIVATE, filefd, 0);
    Close(filefd);
    Rio_writen(fd, data, size);
    Munmap(data, size);
}

/* Reads one request from fd and answers it. */
static void serve(int fd)
{
    char line[MAXLINE], method[MAXLINE], uri[MAXLINE], version[MAXLINE];
    char path[2 * MAXLINE];
    struct stat sb;
    rio_t rio;

    Rio_readinitb(&rio, fd);
    if (Rio_readlineb(&rio, line, MAXLINE) == 0)
        return;
    if (sscanf(line, "%s %s %s", method, uri, version) != 3) {
        client_error(fd, "400 Bad request", "tinyweb did not understand that");
        return;
    }
    do { /* the headers: nothing in them matters here */
        if (Rio_readlineb(&rio, line, MAXLINE) == 0)
            break;
    } while (strcmp(line, "\r\n") != 0 && strcmp(line, "\n") != 0);

    if (strcasecmp(method, "GET") != 0) {
        client_error(fd, "501 Not implemented", "tinyweb only knows GET");
        return;
    }
    uri[strcspn(uri, "?")] = '\0';
    if (uri[0] != '/' || strstr(uri, "..") != NULL) {
        client_error(fd, "403 Forbidden", "tinyweb will not serve that path");
        return;
    }
    snprintf(path, sizeof(path), "%s%s%s", docroot, uri,
             uri[strlen(uri) - 1] == '/' ? "index.html" : "");
    if (stat(path, &sb) < 0) {
        client_error(fd, "404 Not found", "tinyweb could not find that file");
        return;
    }
    if (!S_ISREG(sb.st_mode) || access(path, R_OK) < 0) {
        client_error(fd, "403 Forbidden", "tinyweb cannot read that file");
        return;
    }
    send_file(fd, path, (size_t)sb.st_size);
}

int main(int argc, char **argv)
{
    int listenfd, connfd;

    if (argc != 3) {
        fprintf(stderr, "usage: %s <port> <directory>\n", argv[0]);
        exit(0);
    }
    docroot = argv[2];
    listenfd = Open_listenfd(argv[1]);
    while (1) {
        connfd = Accept(listenfd, NULL, NULL);
        serve(connfd);
        Close(connfd);
    }
}
