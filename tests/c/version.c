/*
 * version.c -- prints the header's version macros and sockshim_version(),
 * the library's, for tests/api.rs.
 */
#include <stdio.h>
#include <sockshim.h>

int
main(void)
{
    printf("%d.%d.%d %s %s\n", SOCKSHIM_VERSION_MAJOR, SOCKSHIM_VERSION_MINOR,
           SOCKSHIM_VERSION_PATCH, SOCKSHIM_VERSION_STRING, sockshim_version());
    return 0;
}
