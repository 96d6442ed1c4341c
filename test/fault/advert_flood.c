/* advert_flood.c - sends bogus VRRPv2 adverts at a given rate, for
 * test/fault/advert_flood.sh. Built by `make check` (check_PROGRAMS).
 *
 *   advert_flood IFACE SRC VIP VRID PASSWORD RATE SECONDS
 *
 * Whole Ethernet frames to 01:00:5e:00:00:12 / 224.0.0.18 on an AF_PACKET
 * socket, sendmmsg() batches of up to 64, paced to RATE frames a second
 * for SECONDS. Six kinds in turn, each aimed at instance VRID (priority
 * 255, PASS authentication with PASSWORD, one address VIP) and wrong in
 * one way:
 *   checksum   the VRRP checksum is off
 *   vrid       VRID + 1 (no such instance)
 *   ttl        IP TTL 64
 *   length     the IP packet ends after the 8-byte VRRP header
 *   version    version 5
 *   auth       another password
 * Prints, at the end, "sent N frames in T s: R/s" and one "kind N" line
 * each. Exit 0, or 1 on a setup or send error.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define KINDS 6
#define ETH_LEN 14
#define IP_LEN 20
#define VRRP_LEN (8 + 4 + 8)   /* header, one address, authentication data */

static const char *const kind_names[KINDS] = { "checksum", "vrid", "ttl", "length", "version", "auth" };

struct frame {
	uint8_t b[ETH_LEN + IP_LEN + VRRP_LEN];
	size_t len;
};

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* One frame of the given kind. */
static void build(struct frame *f, int kind, const uint8_t mac[6], struct in_addr src, struct in_addr vip,
		  int vrid, const char *pass, uint16_t id)
{
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x12 };
	memset(f, 0, sizeof(*f));
	uint8_t *eth = f->b, *ip = eth + ETH_LEN, *v = ip + IP_LEN;
	size_t vlen = kind == 3 ? 8 : VRRP_LEN;
	memcpy(eth, mcast, 6);
	memcpy(eth + 6, mac, 6);
	put16(eth + 12, 0x0800);

	v[0] = kind == 4 ? 0x51 : 0x21;
	v[1] = (uint8_t)(kind == 1 ? vrid + 1 : vrid);
	v[2] = 255;
	v[3] = 1;
	v[4] = 1;                     /* PASS */
	v[5] = 1;                     /* advert_int 1 s */
	if (kind != 3) {
		memcpy(v + 8, &vip.s_addr, 4);
		const char *pw = kind == 5 ? "wrong!!!" : pass;
		memcpy(v + 12, pw, strnlen(pw, 8));   /* zero-padded, not NUL-terminated */
	}
	put16(v + 6, csum(v, vlen));
	if (kind == 0)
		v[7] ^= 0x55;

	ip[0] = 0x45;
	ip[1] = 0xc0;
	put16(ip + 2, (uint16_t)(IP_LEN + vlen));
	put16(ip + 4, id);
	ip[8] = kind == 2 ? 64 : 255;
	ip[9] = 112;
	memcpy(ip + 12, &src.s_addr, 4);
	inet_pton(AF_INET, "224.0.0.18", ip + 16);
	put16(ip + 10, csum(ip, IP_LEN));
	f->len = ETH_LEN + IP_LEN + vlen;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 8) {
		fprintf(stderr, "usage: %s IFACE SRC VIP VRID PASSWORD RATE SECONDS\n", argv[0]);
		return 1;
	}
	struct in_addr src, vip;
	if (inet_pton(AF_INET, argv[2], &src) != 1 || inet_pton(AF_INET, argv[3], &vip) != 1) {
		fprintf(stderr, "bad address\n");
		return 1;
	}
	int vrid = atoi(argv[4]);
	const char *pass = argv[5];
	double rate = atof(argv[6]), secs = atof(argv[7]);
	int fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		perror("SIOCGIFHWADDR");
		return 1;
	}
	uint8_t mac[6];
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	struct sockaddr_ll sll;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	sll.sll_halen = 6;
	if (!sll.sll_ifindex) {
		perror("if_nametoindex");
		return 1;
	}
	int one = 1;
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));

	/* one batch's worth of frames per kind, ids varying */
	static struct frame frames[KINDS][BATCH];
	for (int k = 0; k < KINDS; k++)
		for (int i = 0; i < BATCH; i++)
			build(&frames[k][i], k, mac, src, vip, vrid, pass, (uint16_t)(k * BATCH + i));
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	unsigned long long sent = 0, per_kind[KINDS] = { 0 };
	double t0 = now(), end = t0 + secs;
	printf("flooding %s at %.0f frames/s for %.1f s\n", argv[1], rate, secs);
	fflush(stdout);
	for (;;) {
		double t = now();
		if (t >= end)
			break;
		double due = (t - t0) * rate - (double)sent;
		if (due < 1) {
			struct timespec ts = { 0, 500 * 1000 };   /* 0.5 ms */
			nanosleep(&ts, NULL);
			continue;
		}
		int n = due > BATCH ? BATCH : (int)due;
		for (int i = 0; i < n; i++) {
			int k = (int)((sent + (unsigned)i) % KINDS);
			struct frame *f = &frames[k][(sent / KINDS + (unsigned)i) % BATCH];
			iov[i].iov_base = f->b;
			iov[i].iov_len = f->len;
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_name = &sll;
			msgs[i].msg_hdr.msg_namelen = sizeof(sll);
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		int r = sendmmsg(fd, msgs, (unsigned)n, 0);
		if (r < 0) {
			if (errno == EINTR || errno == ENOBUFS || errno == EAGAIN)
				continue;
			perror("sendmmsg");
			return 1;
		}
		for (int i = 0; i < r; i++)
			per_kind[(sent + (unsigned)i) % KINDS]++;
		sent += (unsigned)r;
	}
	double el = now() - t0;
	printf("sent %llu frames in %.2f s: %.0f/s\n", sent, el, (double)sent / el);
	for (int k = 0; k < KINDS; k++)
		printf("%s %llu\n", kind_names[k], per_kind[k]);
	return 0;
}
