/* check_child.c - PLACEHOLDER owned by the checker work: replaced by the real
 * checker child. */
#include "daemon.h"
#include "log.h"

#include <stdlib.h>
#include <unistd.h>

void checker_child_main(int ipc_fd, const struct daemon_opts *opts)
{
	log_err("checker child: not built yet");
	close(ipc_fd);
	_exit(1);
}
