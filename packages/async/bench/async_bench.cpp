// Times the runtime's hot paths on the virtual-clock platform, beside the round trip of a
// plain epoll + eventfd loop, and prints nanoseconds per operation (best of several runs).
// Linux only: the epoll baseline is the reason, and it stays in this program.
#include <async/async.hpp>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>

namespace {

using namespace std::chrono_literals;
constexpr int kIterations = 1'000'000;
constexpr int kRuns = 7;

volatile std::int64_t sink;

// Best wall time of kRuns calls of `body`, divided by `ops`, in ns.
double best_ns(const std::function<void()>& body, double ops) {
  double best = 1e300;
  for (int run = 0; run < kRuns; ++run) {
    const auto start = std::chrono::steady_clock::now();
    body();
    const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count() / ops);
  }
  return best;
}

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "bench: %s failed\n", what);
    std::exit(1);
  }
}

async::Task<void> yielder(async::Loop& loop, int n) {
  for (int i = 0; i < n; ++i) co_await loop.yield();
}

// Two tasks yielding to each other: one task switch per yield.
async::Task<void> yielders(async::Loop& loop, int n) {
  loop.spawn(yielder(loop, n));
  co_await yielder(loop, n);
}

async::Task<void> pong(async::Mailbox<int>& in, async::Mailbox<int>& out, int n) {
  for (int i = 0; i < n; ++i) co_await out.put(co_await in.take());
}

// A value to a task and back through two mailboxes: two task switches per iteration.
async::Task<void> ping(async::Loop& loop, int n) {
  async::Mailbox<int> there;
  async::Mailbox<int> back;
  loop.spawn(pong(there, back, n));
  for (int i = 0; i < n; ++i) {
    co_await there.put(i);
    sink = co_await back.take();
  }
}

async::Task<void> sleeper(async::Loop& loop, int n) {
  for (int i = 0; i < n; ++i) co_await loop.sleep(0ns);
}

async::Task<int> leaf(int v) {
  co_return v;
}

async::Task<void> awaiter(async::Loop&, int n) {
  std::int64_t sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await leaf(i);
  sink = sum;
}

async::Task<void> timeouts(async::Loop& loop, int n) {
  for (int i = 0; i < n; ++i) sink = (co_await async::with_timeout(loop, 1s, leaf(i))).value();
}

// Best ns per operation of running `task(loop, kIterations)` on a fresh loop, where one
// iteration is `per_iteration` operations.
double loop_ns(const char* what, async::Task<void> (*task)(async::Loop&, int),
               double per_iteration) {
  return best_ns(
      [&] {
        async::ManualPlatform platform;
        async::Loop loop{platform};
        check(loop.run(task(loop, kIterations)).has_value(), what);
      },
      per_iteration * kIterations);
}

// write eventfd, epoll_wait, read eventfd, call a callback.
double epoll_round_trip() {
  const int efd = eventfd(0, EFD_NONBLOCK);
  const int ep = epoll_create1(0);
  check(efd >= 0 && ep >= 0, "eventfd/epoll_create1");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = efd;
  check(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0, "epoll_ctl");
  std::int64_t count = 0;
  std::function<void()> callback = [&count] { ++count; };
  const double ns = best_ns(
      [&] {
        for (int i = 0; i < kIterations / 4; ++i) {
          const std::uint64_t one = 1;
          check(write(efd, &one, sizeof one) == sizeof one, "write");
          epoll_event got{};
          check(epoll_wait(ep, &got, 1, -1) == 1, "epoll_wait");
          std::uint64_t value = 0;
          check(read(got.data.fd, &value, sizeof value) == sizeof value, "read");
          callback();
        }
      },
      kIterations / 4);
  sink = count;
  close(ep);
  close(efd);
  return ns;
}

}  // namespace

int main() {
  const double yield = loop_ns("yield", yielders, 2);
  const double mailbox = loop_ns("mailbox", ping, 1);
  const double sleep = loop_ns("sleep", sleeper, 1);
  const double await = loop_ns("await", awaiter, 1);
  const double timeout = loop_ns("with_timeout", timeouts, 1);
  const double epoll = epoll_round_trip();
  std::printf("async bench (ns per operation, best of %d runs of %d)\n", kRuns, kIterations);
  std::printf("  task switch (yield, 2 tasks)            %8.1f\n", yield);
  std::printf("  mailbox ping-pong round trip (2 switch) %8.1f\n", mailbox);
  std::printf("  timer: sleep(0) armed, fired, resumed   %8.1f\n", sleep);
  std::printf("  co_await a child task that co_returns   %8.1f\n", await);
  std::printf("  with_timeout of such a child            %8.1f\n", timeout);
  std::printf("  epoll+eventfd round trip                %8.1f\n", epoll);
  std::printf("  ratio epoll round trip / task switch    %8.1f\n", epoll / yield);
  return 0;
}
