/* genhash.h - the genhash utility as a function, so that both the genhash
 * program (genhash/main.c) and `keepalived -T/--genhash ...` run it. */
#ifndef KA_GENHASH_H
#define KA_GENHASH_H

/* genhash's command line (argv[0] is the program name); returns the exit
 * status. Prints the digest of the page to stdout. */
int genhash_main(int argc, char **argv);

#endif
