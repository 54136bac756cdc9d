#include <mirage_unix/platform.hpp>

#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace mirage_unix {
namespace {

constexpr std::uint64_t kSignalTag = ~std::uint64_t{0};
constexpr std::uint32_t kReadEvents = EPOLLIN | EPOLLRDHUP;
constexpr std::uint32_t kWriteEvents = EPOLLOUT;
constexpr std::uint32_t kAlways = EPOLLERR | EPOLLHUP;

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "mirage-unix: %s: %s\n", what, std::strerror(errno));
  std::abort();
}

// async reports a bug (an exception escaping a task...) through this before aborting.
void print_panic(const char* message) { std::fprintf(stderr, "mirage-unix: panic: %s\n", message); }

}  // namespace

FdWait::~FdWait() {
  if (armed_) platform_->remove(*this);
}

void FdWait::arm() { platform_->add(*this); }

Platform::Platform() {
  epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) die("epoll_create1");
  async::set_panic_handler(print_panic);
}

Platform::~Platform() {
  if (sigfd_ >= 0) ::close(sigfd_);
  ::close(epfd_);
}

async::TimePoint Platform::now() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return async::TimePoint(std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
}

void Platform::add(FdWait& w) {
  if (w.fd_ < 0) {
    w.loop->wake(w);  // the read or write that follows reports EBADF
    return;
  }
  if (std::size_t(w.fd_) >= fds_.size()) fds_.resize(std::size_t(w.fd_) + 1);
  Interest& in = fds_[std::size_t(w.fd_)];
  FdWait*& slot = w.write_ ? in.writer : in.reader;
  if (slot != nullptr) {
    std::fprintf(stderr, "mirage-unix: two tasks wait to %s fd %d\n", w.write_ ? "write" : "read", w.fd_);
    std::abort();
  }
  slot = &w;
  w.armed_ = true;
  ++waiting_;
  update(w.fd_);
}

void Platform::remove(FdWait& w) noexcept {
  Interest& in = fds_[std::size_t(w.fd_)];
  (w.write_ ? in.writer : in.reader) = nullptr;
  w.armed_ = false;
  --waiting_;
  update(w.fd_);
}

void Platform::update(int fd) noexcept {
  Interest& in = fds_[std::size_t(fd)];
  const std::uint32_t want = (in.reader ? kReadEvents : 0) | (in.writer ? kWriteEvents : 0);
  if (want == in.registered) return;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = std::uint64_t(fd);
  int op = in.registered == 0 ? EPOLL_CTL_ADD : want == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
  if (::epoll_ctl(epfd_, op, fd, &ev) == 0) {
    in.registered = want;
    return;
  }
  // Regular files (EPERM) are always ready; a closed fd (EBADF) is "ready" to report its
  // error. Either way the waiters resume at once and their next call tells them.
  in.registered = 0;
  for (FdWait* w : {in.reader, in.writer}) {
    if (w == nullptr) continue;
    (w->write_ ? in.writer : in.reader) = nullptr;
    w->armed_ = false;
    --waiting_;
    w->loop->wake(*w);
  }
}

void Platform::wait(std::optional<async::TimePoint> deadline) {
  epoll_event events[64];
  timespec ts{};
  const timespec* timeout = nullptr;
  if (deadline) {
    auto d = (*deadline - now()).count();
    if (d < 0) d = 0;
    ts.tv_sec = d / 1'000'000'000;
    ts.tv_nsec = d % 1'000'000'000;
    timeout = &ts;
  }
  int n = ::epoll_pwait2(epfd_, events, 64, timeout, nullptr);
  if (n < 0 && errno == ENOSYS) {  // kernels before 5.11: millisecond timeouts, rounded up
    int ms = timeout ? int((ts.tv_sec * 1'000'000'000 + ts.tv_nsec + 999'999) / 1'000'000) : -1;
    n = ::epoll_wait(epfd_, events, 64, ms);
  }
  if (n < 0) {
    if (errno == EINTR) return;
    die("epoll_wait");
  }
  for (int i = 0; i < n; ++i) {
    if (events[i].data.u64 == kSignalTag) {
      drain_signals();
      continue;
    }
    const int fd = int(events[i].data.u64);
    const std::uint32_t got = events[i].events;
    Interest& in = fds_[std::size_t(fd)];
    if (in.reader && (got & (kReadEvents | kAlways))) {
      FdWait* w = std::exchange(in.reader, nullptr);
      w->armed_ = false;
      --waiting_;
      w->loop->wake(*w);
    }
    if (in.writer && (got & (kWriteEvents | kAlways))) {
      FdWait* w = std::exchange(in.writer, nullptr);
      w->armed_ = false;
      --waiting_;
      w->loop->wake(*w);
    }
    update(fd);
  }
}

void Platform::watch_signals(async::Loop& loop) {
  signal_loop_ = &loop;
  if (sigfd_ >= 0) return;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  if (::sigprocmask(SIG_BLOCK, &set, nullptr) != 0) die("sigprocmask");
  sigfd_ = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sigfd_ < 0) die("signalfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kSignalTag;
  if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, sigfd_, &ev) != 0) die("epoll_ctl(signalfd)");
}

void Platform::drain_signals() {
  signalfd_siginfo info;
  while (::read(sigfd_, &info, sizeof info) == sizeof info) {
    if (!signal_) signal_ = int(info.ssi_signo);
    if (signal_loop_) signal_loop_->stop();
  }
}

}  // namespace mirage_unix
