/*
 * TCPEchoServer-Thread.c - a TCP echo server with one thread per client.
 * The main thread accepts ("Handling client <address>-<port>"); a new
 * detached thread echoes with HandleTCPClient() and ends with its client.
 *
 * usage: TCPEchoServer-Thread <Server Port/Service>
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "Practical.h"

/* A thread's argument lives on the heap: a variable of main() would be
 * overwritten by the next accept() before the thread may have read it. */
struct ClientArgs {
  int clntSock;
};

static void *ServeClient(void *arg) {
  struct ClientArgs *client = arg;
  int clntSock = client->clntSock;
  free(client);

  pthread_detach(pthread_self()); /* nobody joins: freed when it returns */
  HandleTCPClient(clntSock);
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc != 2)
    DieWithUserMessage("Parameter(s)", "<Server Port/Service>");

  setvbuf(stdout, NULL, _IOLBF, 0); /* each line at once, also into a pipe */

  const char *service = argv[1];
  int servSock = SetupTCPServerSocket(service);
  if (servSock < 0)
    DieWithUserMessage("SetupTCPServerSocket() failed", service);

  for (;;) {
    struct ClientArgs *client = malloc(sizeof *client);
    if (client == NULL)
      DieWithSystemMessage("malloc() failed");
    client->clntSock = AcceptTCPConnection(servSock);

    pthread_t thread;
    int err = pthread_create(&thread, NULL, ServeClient, client);
    if (err != 0)       /* pthread functions return the error number */
      DieWithUserMessage("pthread_create() failed", strerror(err));
  }
  /* NOT REACHED */
}
