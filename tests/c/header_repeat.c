/*
 * header_repeat.c -- test: including sockshim.h and then declaring the
 * helpers exactly as the textbook programs do must not conflict (C and C++).
 */
#include <sockshim.h>

int connectTCP(const char *host, const char *service);
int connectUDP(const char *host, const char *service);
int connectsock(const char *host, const char *service, const char *transport);
int passiveTCP(const char *service, int qlen);
int passiveUDP(const char *service);
int passivesock(const char *service, const char *transport, int qlen);
int errexit(const char *format, ...);
extern unsigned short portbase;
void DieWithError(char *errorMessage);
int CreateTCPServerSocket(unsigned short port);
int AcceptTCPConnection(int servSock);
void HandleTCPClient(int clntSocket);

int main(void)
{
    int (*volatile helper)(const char *, const char *) = connectTCP;
    return portbase == 0 && helper != 0 ? 0 : 1;
}
