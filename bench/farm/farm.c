/*
 * Socket farm for benchmarks: M listener processes and K client processes holding N established
 * loopback TCP connections, so the socket table has 2N ESTAB + M LISTEN sockets, all owned.
 *
 *   farm -n N -k K -m M [--v6 FRACTION] [--port BASE] [--graceful]
 *
 * Listener i listens on BASE+i (default 20000) on 127.0.0.1, or on ::1 for the first
 * round(M * FRACTION) of them (default 0.2). Connection j goes from client j%K to listener j%M.
 * Prints "READY n=.. k=.. m=.. parent=PID nofile=.. elapsed=..s" once every connection is
 * accepted, then waits for SIGTERM/SIGINT/SIGHUP, kills its children by pid and reaps them.
 * Children die with the parent (PR_SET_PDEATHSIG). Sockets close with RST (SO_LINGER 0) so no
 * TIME_WAIT is left behind, unless --graceful.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int graceful = 0;
static volatile sig_atomic_t stop = 0;

static void die(const char *what) {
  perror(what);
  _exit(1);
}

static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

static void set_linger(int fd) {
  if (graceful) return;
  struct linger l = {1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

static int is_v6(int server, int m, double v6) { return server < (int)(m * v6 + 0.5); }

static socklen_t server_addr(struct sockaddr_storage *ss, int v6, int port) {
  memset(ss, 0, sizeof *ss);
  if (v6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    a->sin6_addr = in6addr_loopback;
    return sizeof *a;
  }
  struct sockaddr_in *a = (struct sockaddr_in *)ss;
  a->sin_family = AF_INET;
  a->sin_port = htons(port);
  a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return sizeof *a;
}

/* Child setup: die with the parent, take a recognisable name. */
static void child_init(const char *name, pid_t parent) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die("prctl");
  if (getppid() != parent) _exit(0);
  prctl(PR_SET_NAME, name);
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
}

static void hold(int ready_fd) {
  char byte = 1;
  if (write(ready_fd, &byte, 1) != 1) die("write ready");
  close(ready_fd);
  for (;;) pause();
}

static void run_listener(int listen_fd, int expected, int ready_fd) {
  for (int i = 0; i < expected; i++) {
    int fd = accept(listen_fd, NULL, NULL);
    if (fd < 0) {
      if (errno == EINTR) { i--; continue; }
      die("accept");
    }
    set_linger(fd);
  }
  hold(ready_fd);
}

static void run_client(int client, int n, int k, int m, double v6, int base, int ready_fd) {
  for (int j = client; j < n; j += k) {
    int server = j % m;
    struct sockaddr_storage ss;
    socklen_t len = server_addr(&ss, is_v6(server, m, v6), base + server);
    int fd = socket(ss.ss_family, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    set_linger(fd);
    if (connect(fd, (struct sockaddr *)&ss, len) != 0) die("connect");
  }
  hold(ready_fd);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  int n = 1000, k = 50, m = 10, base = 20000;
  double v6 = 0.2;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : "0";
    if (!strcmp(a, "-n")) n = atoi(v), i++;
    else if (!strcmp(a, "-k")) k = atoi(v), i++;
    else if (!strcmp(a, "-m")) m = atoi(v), i++;
    else if (!strcmp(a, "--v6")) v6 = atof(v), i++;
    else if (!strcmp(a, "--port")) base = atoi(v), i++;
    else if (!strcmp(a, "--graceful")) graceful = 1;
    else { fprintf(stderr, "usage: farm -n N -k K -m M [--v6 F] [--port BASE] [--graceful]\n"); return 2; }
  }
  if (n < 0 || k < 1 || m < 1) { fprintf(stderr, "farm: need n >= 0, k >= 1, m >= 1\n"); return 2; }
  double started = now_s();

  /* A listener holds about n/m fds, a client n/k; raise the limit for both (inherited). */
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rlim_t want = (rlim_t)(n / (m < k ? m : k)) + 64;
  if (rl.rlim_cur < want) {
    rl.rlim_cur = want;
    if (rl.rlim_max < want) rl.rlim_max = want;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) die("setrlimit");
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);

  int ready[2];
  if (pipe(ready) != 0) die("pipe");
  pid_t parent = getpid();
  pid_t *children = calloc((size_t)(k + m), sizeof *children);
  int count = 0;

  /* Listeners bind before any client forks, so no connect meets a closed port. */
  for (int s = 0; s < m; s++) {
    struct sockaddr_storage ss;
    int v = is_v6(s, m, v6);
    socklen_t len = server_addr(&ss, v, base + s);
    int fd = socket(ss.ss_family, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (v) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, len) != 0) die("bind");
    if (listen(fd, 4096) != 0) die("listen");
    int expected = n / m + (s < n % m ? 1 : 0);
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      char name[32]; /* PR_SET_NAME keeps the first 15 bytes */
      snprintf(name, sizeof name, "farm-srv-%d", s);
      child_init(name, parent);
      close(ready[0]);
      run_listener(fd, expected, ready[1]);
    }
    close(fd);
    children[count++] = pid;
  }
  for (int c = 0; c < k; c++) {
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      char name[32]; /* PR_SET_NAME keeps the first 15 bytes */
      snprintf(name, sizeof name, "farm-cli-%d", c);
      child_init(name, parent);
      close(ready[0]);
      run_client(c, n, k, m, v6, base, ready[1]);
    }
    children[count++] = pid;
  }
  close(ready[1]);

  int got = 0;
  while (got < count && !stop) {
    char buf[256];
    ssize_t r = read(ready[0], buf, sizeof buf);
    if (r > 0) got += (int)r;
    else if (r == 0 || errno != EINTR) break;
  }
  if (got == count) {
    printf("READY n=%d k=%d m=%d parent=%d nofile=%lu elapsed=%.2fs\n", n, k, m, (int)parent,
           (unsigned long)rl.rlim_cur, now_s() - started);
    fflush(stdout);
    while (!stop) pause();
  } else if (!stop) {
    fprintf(stderr, "farm: only %d of %d children got ready\n", got, count);
  }

  for (int i = 0; i < count; i++) kill(children[i], SIGKILL);
  for (int i = 0; i < count; i++) waitpid(children[i], NULL, 0);
  return got == count ? 0 : 1;
}
