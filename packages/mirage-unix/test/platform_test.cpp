#include <gtest/gtest.h>

#include <mirage_unix/platform.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <string>

using namespace std::chrono_literals;

namespace {
struct Pipe {
  int fds[2];
  Pipe() { EXPECT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0); }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
};
}  // namespace

TEST(UnixPlatform, SleepsAtLeastTheDuration) {
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  auto start = platform.now();
  auto r = loop.run([](async::Loop& l) -> async::Task<void> { co_await l.sleep(20ms); }(loop));
  ASSERT_TRUE(r);
  EXPECT_GE(platform.now() - start, 20ms);
}

TEST(UnixPlatform, ResumesAReaderWhenDataArrives) {
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  Pipe p;
  loop.spawn([](async::Loop& l, int fd) -> async::Task<void> {
    co_await l.sleep(5ms);
    EXPECT_EQ(::write(fd, "ping", 4), 4);
  }(loop, p.fds[1]));
  auto r = loop.run([](mirage_unix::Platform& pl, int fd) -> async::Task<std::string> {
    char buf[16];
    while (true) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0) co_return std::string(buf, std::size_t(n));
      EXPECT_EQ(errno, EAGAIN);
      co_await pl.readable(fd);
    }
  }(platform, p.fds[0]));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "ping");
  EXPECT_FALSE(platform.has_event_sources());
}

TEST(UnixPlatform, WritableAndRegularFilesAreReadyAtOnce) {
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  Pipe p;
  int file = ::open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(file, 0);
  auto r = loop.run([](mirage_unix::Platform& pl, int w, int f) -> async::Task<int> {
    co_await pl.writable(w);
    co_await pl.readable(f);  // epoll refuses regular files: they are always ready
    co_return 7;
  }(platform, p.fds[1], file));
  ::close(file);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 7);
}

TEST(UnixPlatform, CancellingAWaiterUnregistersIt) {
  mirage_unix::Platform platform;
  Pipe p;
  {
    async::Loop loop(platform);
    loop.spawn([](mirage_unix::Platform& pl, int fd) -> async::Task<void> {
      co_await pl.readable(fd);
      ADD_FAILURE() << "nothing was written";
    }(platform, p.fds[0]));
    auto r = loop.run([](async::Loop& l) -> async::Task<void> { co_await l.sleep(1ms); }(loop));
    ASSERT_TRUE(r);
    EXPECT_TRUE(platform.has_event_sources());
  }  // the loop cancels the spawned reader
  EXPECT_FALSE(platform.has_event_sources());
  EXPECT_EQ(::write(p.fds[1], "x", 1), 1);
  platform.wait(async::TimePoint{});  // the fd is no longer watched: nothing to resume
}

TEST(UnixPlatform, ReportsADeadlockInsteadOfHanging) {
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  struct Never {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
  };
  auto r = loop.run([]() -> async::Task<void> { co_await Never{}; }());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), async::RunError::Deadlocked);
}

TEST(UnixPlatform, TerminatingSignalStopsTheLoop) {
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  platform.watch_signals(loop);
  auto start = platform.now();
  auto r = loop.run([](async::Loop& l) -> async::Task<void> {
    ::kill(::getpid(), SIGTERM);
    co_await l.sleep(10s);
  }(loop));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), async::RunError::Stopped);
  EXPECT_EQ(platform.signal(), SIGTERM);
  EXPECT_LT(platform.now() - start, 5s);
}
