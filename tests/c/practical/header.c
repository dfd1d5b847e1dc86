/*
 * header.c -- test: Practical.h on its own gives a program what the book's
 * programs take from it (bool, FILE, NULL, struct sockaddr, BUFSIZE,
 * MAXSTRINGLENGTH, enum sizeConstants) and declares the eight functions
 * with the book's exact types (a pointer of another type would not
 * compile).  Built as C and as C++, linked and run: the calls reach the
 * library through the names Practical.h binds them to.
 */
#include "Practical.h"

int main(void)
{
    void (*user)(const char *, const char *) = DieWithUserMessage;
    void (*system_message)(const char *) = DieWithSystemMessage;
    void (*print)(const struct sockaddr *, FILE *) = PrintSocketAddress;
    bool (*equal)(const struct sockaddr *, const struct sockaddr *) = SockAddrsEqual;
    int (*client)(const char *, const char *) = SetupTCPClientSocket;
    int (*server)(const char *) = SetupTCPServerSocket;
    int (*accept_connection)(int) = AcceptTCPConnection;
    void (*handle)(int) = HandleTCPClient;
    enum sizeConstants sizes[] = { MAXSTRINGLENGTH, BUFSIZE };
    char buffer[BUFSIZE];
    bool all = user && system_message && print && equal && client && server
               && accept_connection && handle;

    print(NULL, stdout);
    buffer[0] = '\0';
    return all && equal(NULL, NULL) && sizes[0] == 128 && sizeof buffer == 512 ? 0 : 1;
}
