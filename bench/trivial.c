/*
 * trivial.c -- a program that links the helpers and exits at once (unless
 * given a host and a service): `make bench` times its start-to-exit with
 * libsockshim.so and with the textbook .o files, and measures what the
 * static library adds to it.
 */
int connectTCP(const char *host, const char *service);

int main(int argc, char *argv[])
{
    return argc == 3 ? connectTCP(argv[1], argv[2]) < 0 : 0;
}
