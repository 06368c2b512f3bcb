/*
 * connstorm: paced short TCP connections on loopback, for the agent-events benchmark.
 *
 *   connstorm --rate R --seconds D --port P [--workers W] [--addr 127.0.0.1]
 *
 * The parent listens on addr:port, forks one server (epoll: accept everything, close each when
 * its client has closed)
 * and W workers that each make R/W blocking connect()+close() per second, paced against
 * CLOCK_MONOTONIC. Both sides close with SO_LINGER 0 (RST), so no TIME_WAIT piles up and the
 * ephemeral ports never run out. Children die with the parent (PR_SET_PDEATHSIG).
 * Prints one JSON line: attempts, successes, failures, elapsed seconds and the CPU (user, sys)
 * of all its processes, so a caller can compare runs with and without tracing.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct result { long ok; long failed; int last_errno; };

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_linger0(int fd) {
  struct linger l = { .l_onoff = 1, .l_linger = 0 };
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

static void die_with_parent(void) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static void serve(int listener) {
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN, .data.fd = listener };
  epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
  for (;;) {
    struct epoll_event out[256];
    int n = epoll_wait(ep, out, 256, -1);
    if (n < 0 && errno != EINTR) _exit(1);
    for (int i = 0; i < n; i++) {
      int fd = out[i].data.fd;
      if (fd != listener) { close(fd); continue; }  /* the client's RST (or FIN) arrived */
      for (;;) {
        int c = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (c < 0) break;
        /* Wait for the client to close first: closing at once could reset a connect() that
           has not returned yet, and the storm's counts would no longer match the kernel's. */
        struct epoll_event cev = { .events = EPOLLIN | EPOLLRDHUP, .data.fd = c };
        epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
      }
    }
  }
}

static struct result work(const struct sockaddr_in *dst, double rate, double seconds) {
  struct result r = { 0, 0, 0 };
  double start = now_s();
  for (;;) {
    double elapsed = now_s() - start;
    if (elapsed >= seconds) break;
    long due = (long)(elapsed * rate);
    if (r.ok + r.failed >= due) {
      struct timespec nap = { 0, 200000 };  /* 0.2 ms: fine enough pacing at 10 k/s per worker */
      nanosleep(&nap, NULL);
      continue;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) { r.failed++; continue; }
    set_linger0(fd);
    if (connect(fd, (const struct sockaddr *)dst, sizeof *dst) == 0) r.ok++;
    else { r.failed++; r.last_errno = errno; }
    close(fd);
  }
  return r;
}

int main(int argc, char **argv) {
  double rate = 1000, seconds = 5;
  int port = 47000, workers = 2;
  const char *addr = "127.0.0.1";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--rate")) rate = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--workers")) workers = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--addr")) addr = argv[i + 1];
    else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
  if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) { fprintf(stderr, "bad --addr\n"); return 2; }

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  set_linger0(listener);
  if (bind(listener, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(listener, 4096) < 0) { perror("listen"); return 1; }

  pid_t server = fork();
  if (server == 0) { die_with_parent(); serve(listener); }
  close(listener);

  int pipefd[2];
  if (pipe(pipefd) < 0) { perror("pipe"); return 1; }
  double start = now_s();
  for (int w = 0; w < workers; w++) {
    if (fork() == 0) {
      die_with_parent();
      close(pipefd[0]);
      struct result r = work(&sa, rate / workers, seconds);
      if (write(pipefd[1], &r, sizeof r) != sizeof r) _exit(1);
      _exit(0);
    }
  }
  close(pipefd[1]);
  struct result total = { 0, 0, 0 }, r;
  while (read(pipefd[0], &r, sizeof r) == sizeof r) { total.ok += r.ok; total.failed += r.failed; if (r.last_errno) total.last_errno = r.last_errno; }
  for (int w = 0; w < workers; w++) wait(NULL);
  double elapsed = now_s() - start;
  kill(server, SIGKILL);
  waitpid(server, NULL, 0);

  struct rusage self, kids;
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &kids);
  double user = self.ru_utime.tv_sec + self.ru_utime.tv_usec / 1e6 + kids.ru_utime.tv_sec + kids.ru_utime.tv_usec / 1e6;
  double sys = self.ru_stime.tv_sec + self.ru_stime.tv_usec / 1e6 + kids.ru_stime.tv_sec + kids.ru_stime.tv_usec / 1e6;
  printf("{\"attempts\":%ld,\"ok\":%ld,\"failed\":%ld,\"seconds\":%.3f,\"cpuUserS\":%.3f,\"cpuSysS\":%.3f,\"lastErrno\":%d}\n",
         total.ok + total.failed, total.ok, total.failed, elapsed, user, sys, total.last_errno);
  return 0;
}
