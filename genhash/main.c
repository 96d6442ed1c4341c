/* main.c - the genhash program: see genhash.h. */
#include "genhash.h"

int main(int argc, char **argv)
{
	return genhash_main(argc, argv);
}
