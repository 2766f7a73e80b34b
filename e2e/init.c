// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the genpt end-to-end test (make e2e): DMA through an emulated
 * IOMMU whose own walker reads the page tables, checked byte for byte.
 *
 * The guest has three virtio-blk disks that must DMA through the IOMMU
 * (iommu_platform=on), told apart by their serial: "pattern" (read only,
 * filled by the host with a known pattern), "scratch1" and "scratch2".
 * With O_DIRECT and request sizes from 512 bytes to several MiB it
 * - reads the pattern disk and checks every byte;
 * - writes the scratch disks and reads them back, checking every byte;
 * - while a second process keeps doing that on scratch1, switches the
 *   IOMMU group of scratch2 between DMA, DMA-FQ and identity domains
 *   (driver unbound, group type written, driver bound again) and checks
 *   I/O in each, so domains are freed and made again under load;
 * - checks that the IOMMU's table memory (nr_iommu_pages in /proc/vmstat)
 *   is back to its start value once every domain it made is gone, and
 *   runs kmemleak if the kernel has it.
 * Everything it finds goes to the console as "E2E: ..." lines; the last
 * is "E2E-RESULT ..." with the counts, which the host checks (ci/e2e.sh)
 * with the kernel's own reports (IOMMU events, WARN, lockdep, KASAN).
 *
 * With "e2e.mode=bench" on the kernel command line it checks nothing of
 * the above: it hands scratch2's PCI function to the kernel's
 * dma_map_benchmark driver and prints one "E2E-BENCH ..." line of
 * dma_map_single()/dma_unmap_single() latencies per granule (ci/e2e.sh
 * bench compares the base and the series with them).
 *
 * Built static for the guest. On the host, "init mkpattern FILE MIB"
 * writes the pattern disk's image.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024 * 1024)
#define PATTERN_SEED 0x67656e7074ULL /* "genpt" */
#define MAX_REQ (8 * MIB)

/* The counts, shared with the process doing I/O during the switches */
struct counts {
	uint64_t bytes_verified;
	uint64_t ios;
	uint64_t errors;
	volatile int stop;
};

static struct counts *cnt;
static unsigned int disk_mib = 64;

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(1, buf, n) < 0)
		return;
}

static void fail(const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	say("E2E: FAIL %s", buf);
	__atomic_add_fetch(&cnt->errors, 1, __ATOMIC_RELAXED);
}

/*
 * The word at byte offset @off of a disk written with @seed: different at
 * every offset and for every seed, and cheap, as TCG runs the checks
 */
static uint64_t pattern(uint64_t seed, uint64_t off)
{
	return (off * 0x9e3779b97f4a7c15ULL) ^ seed;
}

static void fill(uint64_t *buf, size_t len, uint64_t seed, uint64_t off)
{
	size_t i;

	for (i = 0; i != len / 8; i++)
		buf[i] = pattern(seed, off + i * 8);
}

/* Return: the number of bad bytes; says where the first one is */
static size_t check(const char *what, const uint64_t *buf, size_t len,
		    uint64_t seed, uint64_t off)
{
	size_t i, bad = 0;

	for (i = 0; i != len / 8; i++) {
		uint64_t want = pattern(seed, off + i * 8);

		if (buf[i] == want)
			continue;
		if (!bad)
			fail("%s: bytes at %#" PRIx64 " are %#" PRIx64
			     ", want %#" PRIx64 " (request %zu bytes at %#" PRIx64 ")",
			     what, off + i * 8, buf[i], want, len, off);
		bad += 8;
	}
	return bad;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -errno : 0;
}

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

/* A counter of /proc/vmstat, the CPUs' pending differences folded in */
static long vmstat(const char *name)
{
	char line[256];
	size_t len = strlen(name);
	long val = -1;
	int ret = write_file("/proc/sys/vm/stat_refresh", "1");
	FILE *f;

	if (ret)
		fail("cannot fold the vmstat counters: %s", strerror(-ret));
	f = fopen("/proc/vmstat", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ' ')
			val = atol(line + len + 1);
	fclose(f);
	return val;
}

struct disk {
	const char *serial;
	char name[NAME_MAX + 1];	/* vda */
	char bdf[NAME_MAX + 1];	/* 0000:00:03.0 */
	int group;
};

static struct disk disks[] = {
	{ .serial = "pattern" }, { .serial = "scratch1" }, { .serial = "scratch2" },
};

/* Find the block device with this serial; 0 or -ENOENT */
static int find_disk(struct disk *d)
{
	char path[PATH_MAX], val[64], real[PATH_MAX];
	struct dirent *e;
	DIR *dir = opendir("/sys/block");
	int ret = -ENOENT;

	if (!dir)
		return -errno;
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, "vd", 2))
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/serial", e->d_name);
		if (read_file(path, val, sizeof(val)) || strcmp(val, d->serial))
			continue;
		snprintf(d->name, sizeof(d->name), "%s", e->d_name);
		/* /sys/block/vdX/device is the virtio device, its parent the PCI one */
		snprintf(path, sizeof(path), "/sys/block/%s/device/..", e->d_name);
		if (!realpath(path, real))
			break;
		snprintf(d->bdf, sizeof(d->bdf), "%s", strrchr(real, '/') + 1);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group",
			 d->bdf);
		if (!realpath(path, real))
			break;
		d->group = atoi(strrchr(real, '/') + 1);
		ret = 0;
		break;
	}
	closedir(dir);
	return ret;
}

static int wait_disk(struct disk *d)
{
	char dev[PATH_MAX];
	int i;

	for (i = 0; i != 500; i++) {
		if (!find_disk(d)) {
			snprintf(dev, sizeof(dev), "/dev/%s", d->name);
			if (!access(dev, R_OK))
				return 0;
		}
		usleep(20000);
	}
	fail("disk %s did not come back", d->serial);
	return -ENOENT;
}

static void group_type(struct disk *d, char *buf, size_t len)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/type",
		 d->group);
	if (read_file(path, buf, len))
		snprintf(buf, len, "?");
}

static int unbind(struct disk *d)
{
	int ret = write_file("/sys/bus/pci/drivers/virtio-pci/unbind", d->bdf);

	if (ret)
		fail("unbind %s: %s", d->bdf, strerror(-ret));
	return ret;
}

static int bind(struct disk *d)
{
	int ret = write_file("/sys/bus/pci/drivers/virtio-pci/bind", d->bdf);

	if (ret) {
		fail("bind %s: %s", d->bdf, strerror(-ret));
		return ret;
	}
	return wait_disk(d);
}

static int set_type(struct disk *d, const char *type)
{
	char path[128], now[32];
	int ret;

	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/type",
		 d->group);
	ret = write_file(path, type);
	group_type(d, now, sizeof(now));
	if (ret || strcmp(now, type))
		fail("group %d type %s: %s, now %s", d->group, type,
		     strerror(-ret), now);
	return ret;
}

static uint64_t *iobuf(void)
{
	/* Room for every request plus the offsets the tests add */
	void *p = mmap(NULL, MAX_REQ + 2 * MIB, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		fail("mmap: %s", strerror(errno));
		return NULL;
	}
	return p;
}

/* The request sizes, and the buffer offsets each uses in turn */
static const size_t sizes[] = {
	512, 4096, 8192, 12288, 65536, 69632, 131072, 1048576, 1052672,
	4 * MIB, 8 * MIB,
};
static const size_t buf_offsets[] = { 0, 512, 4096, 65536 - 512 };

/* Read [0, @span) of @fd in requests of @req bytes, checking @seed */
static int read_check(const char *what, int fd, uint64_t *buf, size_t req,
		      uint64_t span, uint64_t seed, unsigned int turn)
{
	char *b = (char *)buf + buf_offsets[turn % 4];
	uint64_t off;
	size_t len;

	/* The last request takes what is left of the span */
	for (off = 0; off < span; off += len) {
		len = span - off < req ? span - off : req;
		ssize_t n = pread(fd, b, len, off);

		if (n != (ssize_t)len) {
			fail("%s: read %zu at %#" PRIx64 ": %zd %s", what, len,
			     off, n, n < 0 ? strerror(errno) : "short");
			return -1;
		}
		__atomic_add_fetch(&cnt->ios, 1, __ATOMIC_RELAXED);
		if (check(what, (uint64_t *)b, len, seed, off))
			return -1;
		__atomic_add_fetch(&cnt->bytes_verified, len, __ATOMIC_RELAXED);
	}
	return 0;
}

static int write_all(const char *what, int fd, uint64_t *buf, size_t req,
		     uint64_t span, uint64_t seed, unsigned int turn)
{
	char *b = (char *)buf + buf_offsets[(turn + 1) % 4];
	uint64_t off;
	size_t len;

	for (off = 0; off < span; off += len) {
		len = span - off < req ? span - off : req;
		ssize_t n;

		fill((uint64_t *)b, len, seed, off);
		n = pwrite(fd, b, len, off);
		if (n != (ssize_t)len) {
			fail("%s: write %zu at %#" PRIx64 ": %zd %s", what, len,
			     off, n, n < 0 ? strerror(errno) : "short");
			return -1;
		}
		__atomic_add_fetch(&cnt->ios, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

static int open_disk(struct disk *d, int flags)
{
	char dev[PATH_MAX];
	int fd;

	snprintf(dev, sizeof(dev), "/dev/%s", d->name);
	fd = open(dev, flags | O_DIRECT);
	if (fd < 0)
		fail("open %s (%s): %s", dev, d->serial, strerror(errno));
	return fd;
}

#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

/* @mib MiB of the pattern disk, read in every @step-th request size */
static void test_pattern(uint64_t *buf, unsigned int mib, unsigned int step)
{
	int fd = open_disk(&disks[0], O_RDONLY);
	unsigned int i;

	if (fd < 0)
		return;
	for (i = 0; i < NSIZES; i += step)
		read_check("pattern", fd, buf, sizes[i], (uint64_t)mib * MIB,
			   PATTERN_SEED, i);
	close(fd);
}

/*
 * Write and read back @mib MiB of a scratch disk in every request size,
 * a new seed each pass, so that stale data cannot pass
 */
static void test_scratch(struct disk *d, uint64_t *buf, unsigned int mib,
			 uint64_t seed, unsigned int step)
{
	int fd = open_disk(d, O_RDWR);
	unsigned int i;

	if (fd < 0)
		return;
	for (i = 0; i < NSIZES; i += step) {
		uint64_t s = seed * 64 + i;

		if (write_all(d->serial, fd, buf, sizes[i], (uint64_t)mib * MIB,
			      s, i) ||
		    fsync(fd) ||
		    read_check(d->serial, fd, buf, sizes[(i + 3) % NSIZES],
			       (uint64_t)mib * MIB, s, i + 1))
			break;
	}
	close(fd);
}

/* Free every DMA domain of the test disks: identity everywhere */
static void all_identity(void)
{
	unsigned int i;

	for (i = 0; i != 3; i++)
		if (!unbind(&disks[i]))
			set_type(&disks[i], "identity");
}

static void all_back(const char *type)
{
	unsigned int i;

	for (i = 0; i != 3; i++) {
		set_type(&disks[i], type);
		bind(&disks[i]);
	}
}

static void kmemleak(void)
{
	char line[256];
	unsigned int n = 0;
	FILE *f;

	if (access("/sys/kernel/debug/kmemleak", F_OK))
		return;
	/* Two scans: an object is reported only once it was seen twice */
	write_file("/sys/kernel/debug/kmemleak", "scan");
	sleep(1);
	write_file("/sys/kernel/debug/kmemleak", "scan");
	f = fopen("/sys/kernel/debug/kmemleak", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "unreferenced object"))
			n++;
		if (n && n <= 3)
			say("E2E: kmemleak: %s", strtok(line, "\n") ?: "");
	}
	fclose(f);
	say("E2E: kmemleak: %u unreferenced objects", n);
	if (n)
		fail("kmemleak reports %u objects", n);
}

/*
 * A device whose rings the IOMMU maps wrongly may stop completing I/O and
 * leave every process here blocked in it: a process of its own reports no
 * progress for 120 s and restarts the machine (QEMU then exits).
 */
static void watchdog(void)
{
	uint64_t last = 0;
	unsigned int idle = 0;

	if (fork())
		return;
	for (;; sleep(5)) {
		uint64_t now = __atomic_load_n(&cnt->ios, __ATOMIC_RELAXED);

		if (cnt->stop == 2)
			_exit(0);
		idle = now == last ? idle + 5 : 0;
		last = now;
		if (idle < 120)
			continue;
		fail("no I/O completed for 120 s");
		say("E2E-RESULT bytes_verified=%" PRIu64 " ios=%" PRIu64
		    " errors=%" PRIu64 " (stalled)", cnt->bytes_verified,
		    cnt->ios, cnt->errors);
		reboot(RB_AUTOBOOT);
	}
}

static const char *param(const char *name, const char *def);

static void run(void)
{
	static const char *const types[] = {
		"DMA-FQ", "identity", "DMA", "DMA-FQ", "identity", "DMA",
	};
	const char *def = strstr(getenv("E2E_CMDLINE") ?: "",
				 "iommu.strict=1") ? "DMA" : "DMA-FQ";
	char t[3][32];
	long v_start, v_end;
	uint64_t *buf = iobuf();
	/*
	 * e2e.identity=0: no identity domain under load. QEMU 7.2's
	 * intel-iommu in scalable mode loses a device that goes from a
	 * pass-through PASID entry back to a translated one while another
	 * device is busy (the base kernel too): its virtio ring is then read
	 * at a wrong address.
	 */
	bool skip_identity = !strcmp(param("e2e.identity", "1"), "0");
	unsigned int i, rounds = 1, switches = 0;
	pid_t child;

	if (!buf)
		return;
	watchdog();
	for (i = 0; i != 3; i++)
		if (wait_disk(&disks[i]))
			return;
	for (i = 0; i != 3; i++) {
		group_type(&disks[i], t[i], sizeof(t[i]));
		say("E2E: disk %s is %s at %s, IOMMU group %d, %s",
		    disks[i].serial, disks[i].name, disks[i].bdf,
		    disks[i].group, t[i]);
		/* e.g. strict forced on a virtualised IOMMU (NpCache) */
		if (strcmp(t[i], def))
			say("E2E: disk %s booted in a %s domain, the test puts it in %s",
			    disks[i].serial, t[i], def);
	}

	/* Table memory with none of the test disks' DMA domains alive */
	all_identity();
	v_start = vmstat("nr_iommu_pages");
	say("E2E: nr_iommu_pages %ld with the disks on identity domains",
	    v_start);
	all_back(def);

	for (i = 0; i != rounds; i++) {
		test_pattern(buf, disk_mib / 2, 1);
		test_scratch(&disks[1], buf, 8, 1 + i * 0x1000001, 1);
		test_scratch(&disks[2], buf, 8, 100 + i * 0x1000001, 1);
	}
	say("E2E: read/write checks done, %" PRIu64 " bytes verified",
	    cnt->bytes_verified);

	/* scratch1 busy while scratch2's domain changes under it */
	child = fork();
	if (!child) {
		uint64_t *cbuf = iobuf();
		unsigned int n = 0;

		while (cbuf && !cnt->stop)
			test_scratch(&disks[1], cbuf, 4, 1000 + n++, 3);
		_exit(0);
	}
	for (i = 0; i != sizeof(types) / sizeof(types[0]); i++) {
		if (skip_identity && !strcmp(types[i], "identity"))
			continue;
		if (unbind(&disks[2]) || set_type(&disks[2], types[i]) ||
		    bind(&disks[2]))
			break;
		say("E2E: scratch2 in a %s domain", types[i]);
		switches++;
		test_scratch(&disks[2], buf, 4, 200 + i, 2);
		test_pattern(buf, 4, 3);
	}
	cnt->stop = 1;
	if (child > 0)
		waitpid(child, NULL, 0);
	/* No more I/O: the watchdog goes */
	cnt->stop = 2;
	say("E2E: %u domain switches under load done%s", switches,
	    skip_identity ? " (no identity domain: e2e.identity=0)" : "");

	all_identity();
	sleep(1);
	v_end = vmstat("nr_iommu_pages");
	say("E2E: nr_iommu_pages %ld after the domains are freed (start %ld)",
	    v_end, v_start);
	if (v_end != v_start)
		fail("table memory leaked: %ld pages", v_end - v_start);
	kmemleak();
}

/*
 * The value of "@name=" on the kernel command line (E2E_CMDLINE), or @def.
 * Dotted parameters are neither the kernel's nor passed to init: only
 * /proc/cmdline has them.
 */
static const char *param(const char *name, const char *def)
{
	const char *cmd = getenv("E2E_CMDLINE") ?: "", *p = cmd;
	size_t len = strlen(name);

	while ((p = strstr(p, name))) {
		if ((p == cmd || p[-1] == ' ') && p[len] == '=') {
			p += len + 1;
			return strndup(p, strcspn(p, " ")) ?: def;
		}
		p += len;
	}
	return def;
}

/*
 * The ioctl ABI of kernel/dma/map_benchmark.c (include/linux/map_benchmark.h,
 * not a uapi header): the parameters in, the averages out, in units of 100 ns
 */
struct map_benchmark {
	uint64_t avg_map_100ns;
	uint64_t map_stddev;
	uint64_t avg_unmap_100ns;
	uint64_t unmap_stddev;
	uint32_t threads;
	uint32_t seconds;
	int32_t node;		/* -1: any */
	uint32_t dma_bits;
	uint32_t dma_dir;	/* 0: DMA_BIDIRECTIONAL */
	uint32_t dma_trans_ns;	/* a pretended transfer between map and unmap */
	uint32_t granule;	/* pages per map */
	uint8_t expansion[76];
};
_Static_assert(sizeof(struct map_benchmark) == 136, "map_benchmark ABI");

#define DMA_MAP_BENCHMARK _IOWR('d', 1, struct map_benchmark)
#define BENCH_DEBUGFS "/sys/kernel/debug/dma_map_benchmark"
#define BENCH_DRIVER "/sys/bus/pci/drivers/dma_map_benchmark"

/* Give scratch2's PCI function to dma_map_benchmark; 0 or -errno */
static int bench_bind(struct disk *d)
{
	char path[PATH_MAX];
	int ret, i;

	if (access(BENCH_DRIVER, F_OK)) {
		fail("no %s: CONFIG_DMA_MAP_BENCHMARK is off", BENCH_DRIVER);
		return -ENOENT;
	}
	ret = unbind(d);
	if (ret)
		return ret;
	/* The driver has no ID table: only the override makes it match */
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override",
		 d->bdf);
	ret = write_file(path, "dma_map_benchmark");
	if (ret) {
		fail("%s: %s", path, strerror(-ret));
		return ret;
	}
	ret = write_file(BENCH_DRIVER "/bind", d->bdf);
	if (ret)
		ret = write_file("/sys/bus/pci/drivers_probe", d->bdf);
	if (ret) {
		fail("bind %s to dma_map_benchmark: %s", d->bdf, strerror(-ret));
		return ret;
	}
	for (i = 0; i != 100 && access(BENCH_DEBUGFS, F_OK); i++)
		usleep(20000);
	if (access(BENCH_DEBUGFS, F_OK)) {
		fail("%s did not appear", BENCH_DEBUGFS);
		return -ENOENT;
	}
	return 0;
}

/*
 * dma_map_single() and dma_unmap_single() of 1, 16 and 256 pages in a
 * loop, one thread, for e2e.bench_secs seconds each, through the DMA
 * domain of scratch2's IOMMU group
 */
static unsigned int bench(void)
{
	static const unsigned int granules[] = { 1, 16, 256 };
	unsigned int secs = atoi(param("e2e.bench_secs", "3")), i, runs = 0;
	struct disk *d = &disks[2];
	char type[32];
	int fd;

	if (!secs || secs > 300)
		secs = 3;
	if (wait_disk(d))
		return 0;
	group_type(d, type, sizeof(type));
	say("E2E: bench on %s (%s), IOMMU group %d, %s, %u s per granule",
	    d->bdf, d->serial, d->group, type, secs);
	if (strncmp(type, "DMA", 3)) {
		fail("group %d is %s: no DMA domain to measure", d->group, type);
		return 0;
	}
	if (bench_bind(d))
		return 0;
	fd = open(BENCH_DEBUGFS, O_RDWR);
	if (fd < 0) {
		fail("open %s: %s", BENCH_DEBUGFS, strerror(errno));
		return 0;
	}
	for (i = 0; i != sizeof(granules) / sizeof(granules[0]); i++) {
		struct map_benchmark mb = {
			.threads = 1,
			.seconds = secs,
			.node = -1,
			.dma_bits = 48,
			.dma_dir = 0,
			.granule = granules[i],
		};

		if (ioctl(fd, DMA_MAP_BENCHMARK, &mb)) {
			fail("DMA_MAP_BENCHMARK granule %u: %s", granules[i],
			     strerror(errno));
			continue;
		}
		say("E2E-BENCH granule=%u map_100ns=%" PRIu64
		    " unmap_100ns=%" PRIu64 " map_sd=%" PRIu64
		    " unmap_sd=%" PRIu64, granules[i], mb.avg_map_100ns,
		    mb.avg_unmap_100ns, mb.map_stddev, mb.unmap_stddev);
		runs++;
	}
	close(fd);
	return runs;
}

static void mount_fs(void)
{
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
}

static int mkpattern(const char *file, unsigned int mib)
{
	static uint64_t buf[MIB / 8];
	FILE *f = fopen(file, "w");
	unsigned int i;

	if (!f)
		return 1;
	for (i = 0; i != mib; i++) {
		fill(buf, MIB, PATTERN_SEED, (uint64_t)i * MIB);
		if (fwrite(buf, MIB, 1, f) != 1)
			return 1;
	}
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	static char cmdline[1024];
	struct counts local = {};
	const char *mode;
	unsigned int runs;

	if (argc == 4 && !strcmp(argv[1], "mkpattern"))
		return mkpattern(argv[2], atoi(argv[3]));

	cnt = mmap(NULL, sizeof(*cnt), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cnt == MAP_FAILED)
		cnt = &local;
	mount_fs();
	read_file("/proc/cmdline", cmdline, sizeof(cmdline));
	setenv("E2E_CMDLINE", cmdline, 1);
	say("E2E: start, %s", cmdline);
	mode = param("e2e.mode", "check");
	if (!strcmp(mode, "bench")) {
		runs = bench();
		say("E2E-RESULT mode=bench runs=%u errors=%" PRIu64, runs,
		    cnt->errors);
	} else {
		if (strcmp(mode, "check"))
			fail("unknown e2e.mode=%s", mode);
		run();
		say("E2E-RESULT bytes_verified=%" PRIu64 " ios=%" PRIu64
		    " errors=%" PRIu64, cnt->bytes_verified, cnt->ios,
		    cnt->errors);
	}
	/* Let the console print it whole before the kernel's shutdown lines */
	tcdrain(1);
	sleep(1);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
