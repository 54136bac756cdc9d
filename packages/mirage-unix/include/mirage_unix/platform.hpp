#pragma once
// mirage_unix::Platform: async's platform hook on Linux. Time is CLOCK_MONOTONIC; blocking
// is epoll_pwait2 (nanosecond deadlines), and tasks wait for file descriptors through
// readable(fd) / writable(fd). SIGINT, SIGTERM and SIGHUP, once watch_signals() is called,
// arrive through a signalfd and stop the loop, so run() returns RunError::Stopped and every
// task is cancelled (its destructors run) before the process exits.
#include <async/loop.hpp>
#include <async/waiter.hpp>

#include <coroutine>
#include <cstdint>
#include <optional>
#include <vector>

namespace mirage_unix {

class Platform;

// The awaitable of Platform::readable / writable: resumes when the descriptor is ready (or
// has an error or hang-up, which the next read or write then reports). Destroying the
// waiting task unregisters it.
class [[nodiscard]] FdWait : public async::Waiter {
 public:
  FdWait(Platform& platform, int fd, bool write) noexcept
      : platform_(&platform), fd_(fd), write_(write) {}
  FdWait(const FdWait&) = delete;
  ~FdWait();
  bool await_ready() const noexcept { return false; }
  template <async::LoopPromise P>
  void await_suspend(std::coroutine_handle<P> h) {
    bind(h);
    arm();
  }
  void await_resume() const noexcept {}

 private:
  friend class Platform;
  void arm();
  Platform* platform_;
  int fd_;
  bool write_;
  bool armed_ = false;
};

class Platform final : public async::Platform {
 public:
  // Creates the epoll instance; aborts with a message if the kernel refuses (no fds left).
  Platform();
  ~Platform() override;
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  async::TimePoint now() override;
  void wait(std::optional<async::TimePoint> deadline) override;
  bool has_event_sources() override { return waiting_ > 0; }

  // Awaitables for a descriptor's readiness; at most one reader and one writer per fd.
  FdWait readable(int fd) noexcept { return FdWait(*this, fd, false); }
  FdWait writable(int fd) noexcept { return FdWait(*this, fd, true); }

  // Turns SIGINT, SIGTERM and SIGHUP into loop.stop(); signal() then says which arrived.
  void watch_signals(async::Loop& loop);
  // The first terminating signal received, if any.
  std::optional<int> signal() const { return signal_; }

 private:
  friend class FdWait;
  struct Interest {
    FdWait* reader = nullptr;
    FdWait* writer = nullptr;
    std::uint32_t registered = 0;  // the events epoll currently has for this fd
  };
  void add(FdWait& w);
  void remove(FdWait& w) noexcept;
  void update(int fd) noexcept;
  void drain_signals();

  int epfd_ = -1;
  int sigfd_ = -1;
  async::Loop* signal_loop_ = nullptr;
  std::optional<int> signal_;
  std::vector<Interest> fds_;
  std::size_t waiting_ = 0;
};

}  // namespace mirage_unix
