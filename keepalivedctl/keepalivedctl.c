/* keepalivedctl.c - talk to a running keepalived-ng through its control
 * socket (control.h): send one command line, print the answer.
 *
 *   keepalivedctl [-s PATH] status [--json] | reload | dump data|stats|json
 *                 | stats [--clear] | garp INSTANCE
 *
 * Exit status: 0 done; 1 the daemon refused or the command failed (its
 * message on stderr); 2 usage; 3 the daemon is not running (no socket, or
 * nobody answers); 4 permission denied (not root, not in the socket's
 * group). It links nothing of the daemon: the status table is made by the
 * daemon, so the two never disagree on the schema. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define DEFAULT_SOCKET "/run/keepalived/keepalived.ctl"
#define ANSWER_TIMEOUT_S 90   /* a reload waits up to 60 s for the children */
#define MAX_LINE 4096

enum { EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_NOT_RUNNING = 3, EXIT_DENIED = 4 };

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: keepalivedctl [-s PATH] COMMAND\n"
		"  status [--json]        instances, sync groups, trackers, virtual and real servers\n"
		"  reload                 reload the configuration; errors as FILE:LINE, exit 1 if rejected\n"
		"  dump data|stats|json   what SIGUSR1 / SIGUSR2 / SIGRTMIN+2 write, to stdout\n"
		"  stats [--clear]        the statistics (then set the counters back to zero)\n"
		"  garp INSTANCE          a gratuitous ARP burst from the master of INSTANCE now\n"
		"Options:\n"
		"  -s, --socket=PATH      control socket (default %s)\n"
		"  -h, --help             this help\n"
		"  -v, --version          the version\n",
		DEFAULT_SOCKET);
}

/* Connect to path; exits with a message when that is not possible. */
static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "keepalivedctl: socket path too long: %s\n", path);
		exit(EXIT_USAGE);
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("keepalivedctl: socket");
		exit(EXIT_FAILED);
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	int e = errno;
	if (e == ENOENT || e == ECONNREFUSED) {
		fprintf(stderr, "keepalivedctl: keepalived is not running (%s: %s)\n", path,
			e == ENOENT ? "no control socket" : "nobody answers");
		exit(EXIT_NOT_RUNNING);
	}
	if (e == EACCES || e == EPERM) {
		fprintf(stderr, "keepalivedctl: permission denied on %s: run as root, or as a member of "
			"the group set by control_socket_group\n", path);
		exit(EXIT_DENIED);
	}
	fprintf(stderr, "keepalivedctl: cannot connect to %s: %s\n", path, strerror(e));
	exit(EXIT_FAILED);
}

static void send_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "keepalivedctl: sending the command: %s\n", strerror(errno));
			exit(EXIT_FAILED);
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* Read the whole answer (the daemon closes when done). Heap, NUL-ended. */
static char *read_answer(int fd, size_t *len)
{
	size_t cap = 65536;
	char *buf = malloc(cap);
	*len = 0;
	for (;;) {
		if (!buf) {
			fprintf(stderr, "keepalivedctl: out of memory\n");
			exit(EXIT_FAILED);
		}
		if (*len + 1 >= cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			continue;
		}
		ssize_t n = recv(fd, buf + *len, cap - *len - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "keepalivedctl: %s\n", errno == EAGAIN || errno == EWOULDBLOCK ?
				"no answer from keepalived in time" : strerror(errno));
			exit(EXIT_FAILED);
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	buf[*len] = '\0';
	return buf;
}

/* The command words are checked here too, so that a typo is a usage
 * error (exit 2) even when no daemon runs. */
static bool known_command(int argc, char **argv)
{
	const char *c = argv[0];
	if (argc == 1)
		return !strcmp(c, "status") || !strcmp(c, "reload") || !strcmp(c, "stats");
	if (argc != 2)
		return false;
	if (!strcmp(c, "status"))
		return !strcmp(argv[1], "--json");
	if (!strcmp(c, "dump"))
		return !strcmp(argv[1], "data") || !strcmp(argv[1], "stats") || !strcmp(argv[1], "json");
	if (!strcmp(c, "stats"))
		return !strcmp(argv[1], "--clear");
	return !strcmp(c, "garp") && argv[1][0];
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = DEFAULT_SOCKET;
	int c;
	/* "+": stop at the first command word, so "status --json" is not an option */
	while ((c = getopt_long(argc, argv, "+s:hv", lo, NULL)) != -1) {
		switch (c) {
		case 's': path = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'v': printf("keepalivedctl (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc || !known_command(argc - optind, argv + optind)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	char line[MAX_LINE];
	size_t n = 0;
	for (int i = optind; i < argc; i++) {
		int w = snprintf(line + n, sizeof(line) - n, "%s%s", i > optind ? " " : "", argv[i]);
		if (w < 0 || (size_t)w >= sizeof(line) - n - 1 || strchr(argv[i], '\n')) {
			fprintf(stderr, "keepalivedctl: command too long\n");
			return EXIT_USAGE;
		}
		n += (size_t)w;
	}
	line[n++] = '\n';

	int fd = connect_to(path);
	struct timeval tv = { ANSWER_TIMEOUT_S, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	send_all(fd, line, n);
	size_t len;
	char *ans = read_answer(fd, &len);
	close(fd);
	int rc;
	if (!strncmp(ans, "OK\n", 3)) {
		fwrite(ans + 3, 1, len - 3, stdout);
		rc = 0;
	} else if (!strncmp(ans, "ERROR\n", 6)) {
		if (strstr(ans + 6, "permission denied") == ans + 6) {
			fprintf(stderr, "keepalivedctl: %s", ans + 6);
			rc = EXIT_DENIED;
		} else {
			fwrite(ans + 6, 1, len - 6, stderr);
			rc = EXIT_FAILED;
		}
	} else {
		fprintf(stderr, "keepalivedctl: unexpected answer from %s (is it keepalived-ng's control socket?)\n",
			path);
		rc = EXIT_FAILED;
	}
	free(ans);
	if (fflush(stdout) != 0)
		rc = EXIT_FAILED;
	return rc;
}
