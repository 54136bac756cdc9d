#include <gtest/gtest.h>

#include <mirage/testing/run.hpp>
#include <mirage_unix/devices.hpp>
#include <mirage_unix/platform.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <ctime>

using namespace std::chrono_literals;
using mirage::testing::run;

TEST(UnixConsole, WritesEverythingThenRefusesAfterClose) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  mirage_unix::Console console(fds[1]);
  EXPECT_TRUE(run(console.write("hello, ")));
  EXPECT_TRUE(run(console.write("world\n")));
  run(console.close());
  EXPECT_EQ(run(console.write("late")), std::unexpected(mirage::ConsoleError::Closed));
  char buf[64];
  ssize_t n = ::read(fds[0], buf, sizeof buf);
  EXPECT_EQ(std::string(buf, std::size_t(n)), "hello, world\n");
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(UnixConsole, ReportsAFailingDescriptor) {
  mirage_unix::Console console(-1);
  EXPECT_EQ(run(console.write("x")), std::unexpected(mirage::ConsoleError::Io));
}

TEST(UnixTime, SleepsOnTheLoop) {
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  mirage_unix::Time time(loop);
  mirage_unix::Mclock clock;
  auto before = clock.elapsed_ns();
  ASSERT_TRUE(loop.run(time.sleep(10ms)));
  EXPECT_GE(clock.elapsed_ns() - before, 10'000'000u);
}

TEST(UnixClocks, MonotonicAndWallClocksAgreeWithTheSystem) {
  mirage_unix::Mclock m;
  auto a = m.elapsed_ns();
  auto b = m.elapsed_ns();
  EXPECT_LE(a, b);
  ASSERT_TRUE(m.period_ns());
  EXPECT_GT(*m.period_ns(), 0u);
  mirage_unix::Pclock p;
  auto now = p.now();
  EXPECT_LE(std::abs(now.seconds - std::int64_t(std::time(nullptr))), 2);
  EXPECT_LT(now.nanoseconds, 1'000'000'000u);
  EXPECT_TRUE(p.current_tz_offset_s());
}

TEST(UnixRandom, FillsWithDifferentBytesEachTime) {
  mirage_unix::Random r;
  std::array<std::uint8_t, 32> a{}, b{};
  r.fill(a);
  r.fill(b);
  EXPECT_NE(a, b);
  EXPECT_NE(a, (std::array<std::uint8_t, 32>{}));
  std::array<std::uint8_t, 100000> big{};
  r.fill(big);  // more than one getrandom call may be needed
  EXPECT_NE(big[99999] | big[99998] | big[99997] | big[99996], 0);
}

#include <mirage_unix/log_reporter.hpp>

TEST(UnixLogReporter, WritesOneLinePerMessage) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  mirage_unix::LogReporter reporter(fds[1]);
  reporter.report(logs::Level::Warning, "tcp", "window shrank");
  char buf[256];
  ssize_t n = ::read(fds[0], buf, sizeof buf);
  ASSERT_GT(n, 0);
  std::string line(buf, std::size_t(n));
  EXPECT_TRUE(line.starts_with(logs::format_line(logs::Level::Warning, "tcp", "window shrank")));
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  EXPECT_TRUE(line.ends_with("\n"));
  EXPECT_NE(line.find("window shrank"), std::string::npos);
  ::close(fds[0]);
  ::close(fds[1]);
}
